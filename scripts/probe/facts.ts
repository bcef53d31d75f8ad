/**
 * The probe's verdicts: every fact of the contract home (test/contract/upflow.ts) that a request can
 * settle, compared with what the probe observed: `confirmed`, `contradicted` (with what was observed
 * and the exact change to make in upflow.ts) or `not tested` (with why). Rows come from the contract
 * data (LIST_CALLS, READ_CALLS, READ_SHAPES, WRITE_CALLS, BEHAVIOUR, PROBE_EXPECTS), plus the few
 * assumed rows of the contract page that the home does not hold as data.
 */
import {
	BEHAVIOUR,
	LIST_CALLS,
	PAYMENT_LINK_READ_KEYS,
	PROBE_EXPECTS,
	READ_CALLS,
	READ_SHAPES,
	WRITE_CALLS,
} from '../../test/contract/upflow';
import type { Body, FieldSpec, Status } from '../../test/contract/upflow';
import type { Answer } from './http';
import { envelopeOf, idOf, isObject, messageOf } from './probe';
import type { Observations } from './probe';

export type Result = 'confirmed' | 'contradicted' | 'not tested';

export interface Fact {
	/** Stable id, e.g. `list.creditNotes.envelope`. */
	id: string;
	/** What the contract says, in words. */
	fact: string;
	/** Where it lives in test/contract/upflow.ts (or the contract page). */
	where: string;
	status: Status;
	result: Result;
	/** contradicted: what was observed; confirmed: the evidence. */
	observed?: string;
	/** not tested: why. */
	why?: string;
	/** contradicted: the exact change to make in test/contract/upflow.ts. */
	change?: string;
	/** confirmed against Upflow itself (not the emulator) on a fact not yet marked seen. */
	promote?: string;
}

type Outcome = Pick<Fact, 'result' | 'observed' | 'why' | 'change'>;
/** A fact's words and its outcome, the rest (id, where, status) left to who knows them. */
type Stated = Outcome & { fact: string; id?: string; status?: Status };

const confirmed = (observed: string): Outcome => ({ result: 'confirmed', observed });
const contradicted = (observed: string, change: string): Outcome => ({
	result: 'contradicted',
	observed,
	change,
});
const notTested = (why: string): Outcome => ({ result: 'not tested', why });

const statusLine = (a: Answer) =>
	`${a.method} ${a.path} answered ${a.status}${a.status >= 400 ? ` (${messageOf(a.body)})` : ''}`;
const q = (v: unknown) => JSON.stringify(v);

export function evaluate(obs: Observations): Fact[] {
	const facts: Fact[] = [];
	// `result` first: the report's JSON reads result, id, fact, where, status, then the evidence.
	const add = ({ result, ...row }: Fact) => facts.push({ result, ...row });
	const stopped = obs.stopped;
	const untested = (fallback: string): string =>
		stopped?.why === 'unauthorized'
			? 'the probe stopped at the first 401: the key pair was refused (check UPFLOW_API_KEY, UPFLOW_API_SECRET and the environment)'
			: stopped
				? `the probe stopped early: ${stopped.message}`
				: fallback;
	const notRun = (fallback: string) => notTested(untested(fallback));
	const readOnly =
		obs.target === 'emulator'
			? 'read-only run (the emulator run never writes; writes need --write with --sandbox or --base-url)'
			: 'read-only run (add --write to create, read back and delete a small named set)';
	/** A fact the contract states as PROBE_EXPECTS[key] and/or BEHAVIOUR[key]; the former's status rules. */
	const expects = (
		key: keyof typeof PROBE_EXPECTS | keyof typeof BEHAVIOUR,
		{ id = `behaviour.${key}`, fact, ...outcome }: Stated,
	) => {
		const where = !(key in PROBE_EXPECTS)
			? `BEHAVIOUR.${key}`
			: key in BEHAVIOUR
				? `PROBE_EXPECTS.${key} (BEHAVIOUR.${key})`
				: `PROBE_EXPECTS.${key}`;
		add({ id, fact, where, status: { ...BEHAVIOUR, ...PROBE_EXPECTS }[key].status, ...outcome });
	};

	// ---- basics -------------------------------------------------------------------------------
	add({
		id: 'basics.auth',
		fact: 'X-Api-Key + X-Api-Secret authenticate every request',
		where: 'contract page, Basics',
		status: 'doc',
		...(obs.authenticated?.status === 200
			? confirmed(statusLine(obs.authenticated))
			: obs.authenticated
				? notTested(
						`${statusLine(obs.authenticated)}: the key pair was not refused (no 401), but not shown to work either`,
					)
				: notRun('no answer to the first request')),
	});

	// ---- lists --------------------------------------------------------------------------------
	const caps: string[] = [];
	for (const list of LIST_CALLS) {
		const seen = obs.lists[list.name];
		const at = `LIST_CALLS '${list.name}'`;
		const listFact = (key: string, { fact, status, ...outcome }: Stated & { status: Status }) =>
			add({ id: `list.${list.name}.${key}`, fact, where: `${at}.${key}`, status, ...outcome });
		const page = seen?.small ?? seen?.first;
		const notRead = seen?.skipped ?? untested('the list was not read');
		const okPage = page?.status === 200 ? page : undefined;
		listFact('path', {
			fact: `GET ${list.path} lists ${list.name}`,
			status: list.status,
			...(!page
				? notTested(notRead)
				: page.status === 200
					? confirmed(statusLine(page))
					: page.status >= 500
						? notTested(`the server failed: ${statusLine(page)}`)
						: contradicted(
								statusLine(page),
								`${at}: path '${list.path}' does not answer; find the right path and correct it`,
							)),
		});
		// Envelope, paging and total are read from one answer at 200.
		const noPage = notTested(page ? 'the list did not answer 200' : notRead);
		const envelope = okPage ? envelopeOf(okPage.body, list.envelope) : undefined;
		listFact('envelope', {
			fact: `${list.name} rows are under '${list.envelope}'`,
			status: list.envelopeStatus,
			...(!okPage
				? noPage
				: envelope === list.envelope
					? confirmed(`'${envelope}'`)
					: contradicted(
							envelope
								? `rows under ${envelope.startsWith('(') ? envelope : `'${envelope}'`}`
								: `no array in the answer (keys: ${Object.keys(isObject(okPage.body) ? okPage.body : {}).join(', ') || 'none'})`,
							envelope === '(a bare array)'
								? `${at}: the answer is a bare array, not an envelope: give LIST_CALLS a way to say so (and readPage in nodes/Upflow/transport/paginate.ts reads it already); set envelopeStatus: 'seen'`
								: envelope
									? `${at}: envelope: '${envelope}', envelopeStatus: 'seen'`
									: `${at}: the answer holds no array: record its real shape`,
						)),
		});
		const body = okPage && isObject(okPage.body) ? okPage.body : undefined;
		const echoesPaging =
			body !== undefined && typeof body.offset === 'number' && typeof body.limit === 'number';
		const paging = `offset ${body?.offset}, limit ${body?.limit}`;
		listFact('paged', {
			fact: list.paged
				? `${list.name} is paged (offset/limit, echoed in the answer)`
				: `${list.name} is not paged (one answer holds everything)`,
			status: list.status,
			...(!okPage
				? noPage
				: echoesPaging === list.paged
					? confirmed(echoesPaging ? paging : 'no offset/limit in the answer')
					: contradicted(
							echoesPaging
								? `${paging} in the answer`
								: `no offset/limit in the answer (keys: ${Object.keys(body ?? {}).join(', ') || 'a bare array'})`,
							`${at}: paged: ${echoesPaging}${echoesPaging ? '' : ' (and drop pageCap / pageCapStatus)'}`,
						)),
		});
		const hasTotal = body !== undefined && typeof body.total === 'number';
		listFact('total', {
			fact: list.total ? `${list.name} answers carry total` : `${list.name} answers carry no total`,
			status: list.status,
			...(!okPage
				? noPage
				: hasTotal === list.total
					? confirmed(hasTotal ? `total ${body?.total}` : 'no total')
					: contradicted(
							hasTotal ? `total ${body?.total}` : 'no total in the answer',
							`${at}: total: ${hasTotal}`,
						)),
		});
		if (!list.paged || list.pageCap === undefined) continue;
		const cap = list.pageCap;
		const capOutcome = (): Outcome => {
			const first = seen?.first;
			const above = seen?.above;
			if (!first || first.status === 404)
				return notTested(first ? 'the list did not answer' : notRead);
			if (first.status !== 200)
				return contradicted(
					`limit=${cap} refused: ${statusLine(first)}`,
					`${at}: pageCap: <the largest limit it takes>, pageCapStatus: 'seen' (limit ${cap} is refused)`,
				);
			if (!above) return notTested(notRead);
			const aboveBody = isObject(above.body) ? above.body : undefined;
			const echoed = typeof aboveBody?.limit === 'number' ? aboveBody.limit : undefined;
			const key = above.status === 200 ? envelopeOf(above.body, list.envelope) : undefined;
			const aboveRows = key ? ((above.body as Record<string, unknown[]>)[key]?.length ?? 0) : 0;
			if (above.status >= 400) {
				caps.push(`${list.name}: limit=${cap + 1} refused (${above.status})`);
				return confirmed(`limit=${cap} served, limit=${cap + 1} refused (${above.status})`);
			}
			if (echoed !== undefined && echoed <= cap) {
				caps.push(`${list.name}: limit=${cap + 1} clamped to ${echoed}`);
				return echoed === cap
					? confirmed(`limit=${cap + 1} clamped to ${cap}`)
					: contradicted(
							`limit=${cap + 1} clamped to ${echoed}`,
							`${at}: pageCap: ${echoed}, pageCapStatus: 'seen'`,
						);
			}
			if ((echoed !== undefined && echoed > cap) || aboveRows > cap) {
				caps.push(`${list.name}: limit=${cap + 1} served`);
				return contradicted(
					`limit=${cap + 1} was served (${aboveRows} rows${aboveBody?.limit !== undefined ? `, limit ${aboveBody.limit} echoed` : ''})`,
					`${at}: pageCap: <larger than ${cap}: try higher limits>, pageCapStatus: 'seen'`,
				);
			}
			return notTested(
				`limit=${cap + 1} answered ${above.status} with ${aboveRows} rows${hasTotal ? ` of ${body?.total}` : ''} and no limit echoed: a clamp cannot be told from a short list`,
			);
		};
		listFact('pageCap', {
			fact: `${list.name} serves up to ${cap} rows a page`,
			status: list.pageCapStatus ?? 'assumed',
			...capOutcome(),
		});
	}

	// ---- behaviour ----------------------------------------------------------------------------
	const clamped = caps.filter((c) => c.includes('clamped') || c.includes('served'));
	expects('aboveCap', {
		fact: `a limit above the page cap is ${PROBE_EXPECTS.aboveCap.value}`,
		...(caps.length === 0
			? notRun('no list told what a limit above its cap does')
			: clamped.length === 0
				? confirmed(caps.join('; '))
				: contradicted(
						caps.join('; '),
						`PROBE_EXPECTS.aboveCap: { value: '${caps.some((c) => c.includes('refused')) ? 'mixed: see observed' : 'clamped to the cap'}', status: 'seen' } and BEHAVIOUR.aboveCap: { value: 'clamp', status: 'seen' }`,
					)),
	});

	const orders = [...new Set(obs.order.map((o) => o.verdict))];
	const expectedOrder = PROBE_EXPECTS.defaultOrder.value;
	const stamped = LIST_CALLS.filter((l) => l.createdStamp).map((l) => l.name);
	expects('defaultOrder', {
		fact: `lists come ${expectedOrder}`,
		...(orders.length === 0
			? notRun(
					`no list had two records to compare: read-only, only lists with a creation stamp (LIST_CALLS createdStamp: ${stamped.join(', ')}) tell the order; --write also finds where its own new records appear`,
				)
			: orders.length === 1 && orders[0] === expectedOrder
				? confirmed(obs.order.map((o) => o.detail).join('; '))
				: contradicted(
						obs.order.map((o) => `${o.verdict} (${o.detail})`).join('; '),
						orders.length === 1
							? `PROBE_EXPECTS.defaultOrder: { value: '${orders[0]}', status: 'seen' } and BEHAVIOUR.defaultOrder: { value: '${orders[0]}', status: 'seen' }; the emulator's default listOrder should follow`
							: `BEHAVIOUR.defaultOrder: { value: 'differs per list (see the probe report)', status: 'seen' }`,
					)),
	});

	const missing = Object.entries(obs.reads)
		.filter(([, r]) => r.missing)
		.map(([name, r]) => ({ name, answer: r.missing as Answer }));
	const errorKey = BEHAVIOUR.errorBody.value;
	const bodyKeys = ({ body }: Answer) =>
		isObject(body) ? Object.keys(body).filter((k) => typeof body[k] === 'string') : [];
	const errorAnswers = missing.filter((m) => m.answer.status >= 400);
	const errorsWithout = errorAnswers.filter((m) => !bodyKeys(m.answer).includes(errorKey));
	expects('errorBody', {
		fact: `error answers carry a string '${errorKey}'`,
		...(errorAnswers.length === 0
			? notRun('no request answered an error (GETs on missing ids are how the probe asks)')
			: errorsWithout.length === 0
				? confirmed(`${errorAnswers.length} error answers, e.g. ${q(errorAnswers[0].answer.body)}`)
				: contradicted(
						errorsWithout
							.map((m) => `${m.answer.path}: ${q(m.answer.body).slice(0, 120)}`)
							.join('; '),
						`BEHAVIOUR.errorBody: { value: '${bodyKeys(errorsWithout[0].answer)[0] ?? '(no string key: show the raw body)'}', status: 'seen' }`,
					)),
	});
	const expectedMissing = PROBE_EXPECTS.missingRecordStatus.value;
	const wrongMissing = missing.filter((m) => m.answer.status !== expectedMissing);
	expects('missingRecordStatus', {
		id: 'behaviour.missingRecord',
		fact: `a GET on an id that does not exist answers ${expectedMissing}`,
		...(missing.length === 0
			? notRun('no missing id was read')
			: wrongMissing.length === 0
				? confirmed(missing.map((m) => `${m.name} ${m.answer.status}`).join(', '))
				: contradicted(
						wrongMissing.map((m) => statusLine(m.answer)).join('; '),
						`PROBE_EXPECTS.missingRecordStatus: { value: ${wrongMissing[0].answer.status}, status: 'seen' }`,
					)),
	});

	const rateNames = Object.keys(obs.rateHeaders).filter((name) => name !== 'retry-after');
	const expectedHeaders = PROBE_EXPECTS.rateLimitHeaders.value;
	expects('rateLimitHeaders', {
		fact: expectedHeaders.length
			? `answers carry ${expectedHeaders.join(', ')}`
			: 'answers carry no rate-limit headers',
		...(obs.requests === 0 || !obs.authenticated
			? notRun('no answer was read')
			: [...rateNames].sort().join(',') === [...expectedHeaders].sort().join(',')
				? confirmed(rateNames.length ? rateNames.join(', ') : `none on ${obs.requests} answers`)
				: contradicted(
						rateNames.map((n) => `${n}: ${obs.rateHeaders[n]}`).join('; ') || 'none',
						`PROBE_EXPECTS.rateLimitHeaders: { value: [${rateNames.map((n) => `'${n}'`).join(', ')}], status: 'seen' } (and say on the contract page what they count)`,
					)),
	});
	// `1 (x40), 59`: each distinct value once, with how often it came.
	const counts = new Map<string, number>();
	for (const v of obs.retryAfter) counts.set(v, (counts.get(v) ?? 0) + 1);
	const retryAfters = `Retry-After: ${[...counts].map(([v, n]) => (n > 1 ? `${v} (x${n})` : v)).join(', ')}`;
	expects('retryAfter', {
		fact: `429 answers carry ${BEHAVIOUR.retryAfter.value} (seconds)`,
		...(obs.rateLimited === 0
			? notRun(
					'no 429 was answered: the probe stays at 2 requests a second on purpose; --rate-limit provokes one',
				)
			: obs.retryAfter.every((v) => /^\d+(\.\d+)?$/.test(v))
				? confirmed(retryAfters)
				: contradicted(
						retryAfters,
						`BEHAVIOUR.retryAfter: { value: '${obs.retryAfter.includes('(none)') ? 'none' : 'HTTP date'}', status: 'seen' }`,
					)),
	});
	const measured = obs.rateLimit;
	const expectedCount = PROBE_EXPECTS.refusedRequestsCount.value;
	const counted = measured?.verdict === 'counted';
	expects('refusedRequestsCount', {
		fact: expectedCount
			? 'a refused request (429) takes a slot of the sliding window'
			: 'a refused request (429) takes no slot of the sliding window',
		...(!measured
			? notRun('not measured: --rate-limit provokes the rate limit and measures it')
			: measured.verdict === 'inconclusive'
				? notTested(`--rate-limit could not tell: ${measured.why}`)
				: counted === expectedCount
					? confirmed(measured.why)
					: contradicted(
							measured.why,
							`PROBE_EXPECTS.refusedRequestsCount: { value: ${counted}, status: 'seen' } and BEHAVIOUR.refusedRequestsCount: { value: '${counted ? 'counted' : 'not counted'}', status: 'seen' }`,
						)),
	});

	const ext = obs.external;
	const extOk = ext?.answer.status === 200 && idOf(ext.answer.body) === ext.expectedId;
	add({
		id: 'basics.externalIdEncoding',
		fact: '`external:<id>` takes the id URL-encoded',
		where: 'PROBE_EXPECTS.externalIdEncoding (contract page, Basics)',
		status: PROBE_EXPECTS.externalIdEncoding.status,
		...(!ext
			? notRun(
					obs.write
						? 'the probe customer could not be created'
						: 'no customer with an external id to look up; --write creates one with a space in it',
				)
			: extOk
				? ext.encoded
					? confirmed(
							`an external id with ${/ /.test(ext.externalId) ? 'a space' : 'reserved characters'}, encoded: ${statusLine(ext.answer)}`,
						)
					: notTested(
							`external: lookups work (${statusLine(ext.answer)}), but the external id read had nothing to encode; --write creates one with a space in it`,
						)
				: contradicted(
						statusLine(ext.answer),
						ext.encoded
							? `PROBE_EXPECTS.externalIdEncoding: { value: 'not decoded: ${ext.answer.status} for an encoded id', status: 'seen' } and say so on the contract page`
							: 'contract page, Basics: `external:<id>` lookups do not work as documented: record what does',
					)),
	});

	// ---- reads --------------------------------------------------------------------------------
	for (const read of READ_CALLS) {
		const seen = obs.reads[read.name];
		const back = Object.entries(obs.readBacks)
			.filter(([name]) => name.replace(/ [ab]$/, '') === read.name)
			.map(([, a]) => a);
		const answers = [...(seen?.existing ? [seen.existing] : []), ...back];
		const bad = answers.filter((a) => a.status !== 200);
		add({
			id: `read.${read.name}.path`,
			fact: `GET ${read.path} reads one ${read.name}`,
			where: `READ_CALLS '${read.name}'`,
			status: read.status,
			...(answers.length === 0
				? notRun(
						seen?.skipped ??
							`no ${read.name} to read: its list was empty${obs.write ? '' : `; ${readOnly}`}`,
					)
				: bad.length === 0
					? confirmed(answers.map((a) => `${a.status}`).join(', '))
					: contradicted(
							bad.map(statusLine).join('; '),
							`READ_CALLS '${read.name}': path '${read.path}' does not read an existing record: correct it`,
						)),
		});
	}
	for (const readShape of READ_SHAPES) {
		const rows = obs.shapes[readShape.name] ?? [];
		const lacking = rows
			.map((r) => ({ ...r, missing: readShape.keys.filter((k) => !r.keys.includes(k)) }))
			.find((r) => r.missing.length);
		const kept = readShape.keys.filter((k) => !lacking?.missing.includes(k)).map((k) => `'${k}'`);
		add({
			id: `read.${readShape.name}.keys`,
			fact: `a ${readShape.name} carries ${readShape.keys.join(', ')}`,
			where: `READ_SHAPES '${readShape.name}'.keys`,
			status: readShape.status,
			...(rows.length === 0
				? notRun(
						`no ${readShape.name} was read (the organization has none${obs.write ? '' : `; ${readOnly}`})`,
					)
				: !lacking
					? confirmed(`${rows.length} read`)
					: contradicted(
							`${lacking.where} lacks ${lacking.missing.join(', ')} (has ${lacking.keys.join(', ')})`,
							`READ_SHAPES '${readShape.name}': keys: [${kept.join(', ')}] (and find what replaces ${lacking.missing.join(', ')} among: ${lacking.keys.filter((k) => !readShape.keys.includes(k)).join(', ')})`,
						)),
		});
	}
	const paymentBack = obs.readBacks.payment;
	const sentLink =
		isObject(obs.recorded.writeLinks) && obs.recorded.writeLinks.paymentLinkedInvoices === true;
	const links = isObject(paymentBack?.body) ? paymentBack.body.linkedInvoices : undefined;
	const link: unknown = Array.isArray(links) ? links[0] : undefined;
	add({
		id: 'read.payment.linkedInvoices',
		fact: `a payment's linkedInvoices entries read as {${PAYMENT_LINK_READ_KEYS.keys.join(', ')}}`,
		where: 'PAYMENT_LINK_READ_KEYS',
		status: PAYMENT_LINK_READ_KEYS.status,
		...(!paymentBack || !sentLink
			? notRun(obs.write ? 'no payment linked to an invoice was created' : readOnly)
			: isObject(link) && PAYMENT_LINK_READ_KEYS.keys.every((k) => k in link)
				? confirmed(q(obs.recorded.paymentLinkedInvoices))
				: contradicted(
						`linkedInvoices: ${q(obs.recorded.paymentLinkedInvoices)}`,
						`PAYMENT_LINK_READ_KEYS: keys: [the keys observed], status: 'seen'`,
					)),
	});

	// ---- behaviour that needs writes ----------------------------------------------------------
	const portal = obs.writes['customer.portal']?.answer;
	const portalKey = BEHAVIOUR.portalUrlKey.value;
	const portalKeys = portal && isObject(portal.body) ? Object.keys(portal.body) : [];
	const urlKeys = isObject(obs.recorded.portalAnswer)
		? Object.entries(obs.recorded.portalAnswer)
				.filter(([, v]) => v === 'a URL (not recorded)')
				.map(([k]) => k)
		: [];
	expects('portalUrlKey', {
		fact: `the portal answer puts the link under '${portalKey}'`,
		...(!portal
			? notRun(
					obs.write
						? (obs.writes['customer.portal']?.skipped ?? 'no portal link was asked for')
						: readOnly,
				)
			: portal.status >= 300
				? notTested(`the portal call was refused: ${statusLine(portal)}`)
				: urlKeys.includes(portalKey)
					? confirmed(`keys ${portalKeys.join(', ')}`)
					: contradicted(
							`keys ${portalKeys.join(', ') || '(none)'}`,
							`BEHAVIOUR.portalUrlKey: { value: '${urlKeys[0] ?? '(no URL key: see observed)'}', status: 'seen' }`,
						)),
	});
	const del = obs.nonEmptyDelete;
	const expectedDelete = BEHAVIOUR.nonEmptyCustomerDelete.value;
	expects('nonEmptyCustomerDelete', {
		fact: `deleting a customer that still has an invoice is refused with ${expectedDelete}`,
		...(!del
			? notRun(obs.write ? 'no customer with an invoice was created' : readOnly)
			: del.status === expectedDelete
				? confirmed(statusLine(del))
				: contradicted(
						del.status < 300
							? `${del.method} ${del.path} answered ${del.status}: the customer was DELETED with its invoice`
							: statusLine(del),
						`BEHAVIOUR.nonEmptyCustomerDelete: { value: ${del.status < 300 ? `'allowed (${del.status})'` : del.status}, status: 'seen' }`,
					)),
	});

	/** An assumed field of a write body: sent by the write set, and understood (its read-back)? */
	const assumedField = (callName: string, path: string): Outcome => {
		if (callName === 'customField.create' && path === 'dataType') {
			const rows = obs.shapes.customField ?? [];
			if (rows.length === 0)
				return notRun(
					obs.write
						? 'the custom field --write creates could not be created or read back'
						: `the organization has no custom field to read the key from; ${readOnly}`,
				);
			return rows.every((r) => r.keys.includes('dataType'))
				? confirmed(
						`read side: custom fields carry 'dataType' (${rows.length} read); the write key is taken to match`,
					)
				: contradicted(
						`read side: a custom field has ${rows[0].keys.join(', ')}`,
						`WRITE_CALLS 'customField.create' body: rename dataType to the key custom fields carry (and CUSTOM_FIELD_DATA_TYPES to its values)`,
					);
		}
		const key = LINK_CHECKS[`${callName} ${path}`];
		if (!obs.write) return notTested(readOnly);
		if (!key)
			return notTested('the write set does not send it (only documented or link fields are sent)');
		const record = callName.split('.')[0];
		const field = path.replace(/\[\]$/, '');
		const flag = `${record}${field[0].toUpperCase()}${field.slice(1)}`;
		const sent = isObject(obs.recorded.writeLinks) && obs.recorded.writeLinks[flag] === true;
		const w = obs.writes[callName]?.answer;
		if (!sent || !w) return notRun(`not sent: the record it links to could not be created`);
		if (w.status >= 300)
			// Only a refusal that names the field speaks about it; any other refusal leaves it untested.
			return messageOf(w.body).includes(field)
				? contradicted(
						statusLine(w),
						`WRITE_CALLS '${callName}' body.${path}: the item shape is refused; try {id} / {externalId} items or amountLinked, record what works`,
					)
				: notTested(`the call was refused for another reason: ${statusLine(w)}`);
		const back = obs.readBacks[record];
		const backBody = isObject(back?.body) ? back.body : {};
		const linked = Object.entries(backBody).find(
			([k, v]) => key.test(k) && Array.isArray(v) && v.length > 0,
		)?.[0];
		return linked
			? confirmed(`accepted (${w.status}); read back under ${linked}`)
			: contradicted(
					`accepted (${w.status}) but the read-back shows no link (${back ? `keys: ${Object.keys(backBody).join(', ')}` : 'not read back'})`,
					`WRITE_CALLS '${callName}' body.${path}: Upflow ignores this item shape; link through /v1/reconcile or find the shape it reads`,
				);
	};

	// ---- write calls and the assumed fields of their bodies -----------------------------------
	const deletes = new Map<string, { status?: number; result: string; message?: string }>();
	for (const c of obs.cleanup) {
		const kind = c.what.split(' ').slice(0, -1).join(' ');
		// 'credit note 12' -> creditNote.delete
		const name = `${kind.replace(/ (\w)/g, (_, l: string) => l.toUpperCase())}.delete`;
		if (!deletes.has(name) || c.result !== 'deleted') deletes.set(name, c);
	}
	const notSent: Record<string, string> = {
		'customer.update':
			'the write set does not update its customer (PUT of the same documented body)',
		'creditNote.pdf': 'the write set uploads one PDF, to its invoice',
		'customer.addAccountManager':
			"assigning a real user's portfolio is not the probe's to change (accountManagerId on the customer body is the documented way)",
	};
	for (const call of WRITE_CALLS) {
		const at = `WRITE_CALLS '${call.name}'`;
		const w = obs.writes[call.name];
		const d = deletes.get(call.name);
		add({
			id: `write.${call.name}`,
			fact: `${call.method} ${call.path}${call.body ? ' takes the documented body' : ''}`,
			where: at,
			status: call.status,
			...(!obs.write
				? notTested(readOnly)
				: d
					? d.result === 'deleted' || (call.name === 'customer.delete' && d.result === 'gone')
						? confirmed(`answered ${d.status}`)
						: d.result === 'not tried' || d.status === undefined
							? notTested(d.message ?? 'not tried')
							: contradicted(
									`a record the probe created: ${d.status} (${d.message})`,
									`${at}: ${call.method} ${call.path} does not delete it: correct the path`,
								)
					: w?.answer
						? w.answer.status < 300
							? confirmed(`answered ${w.answer.status}`)
							: contradicted(
									statusLine(w.answer),
									`${at}: Upflow refused the documented body: correct ${w.answer.status === 404 ? 'the path' : 'the field its message names'} (the probe sent only documented fields)`,
								)
						: notRun(w?.skipped ?? notSent[call.name] ?? 'not part of the write set')),
		});
		if (call.body)
			for (const field of assumedFields(call.body))
				add({
					id: `write.${call.name}.${field.path}`,
					fact: `${call.name} takes ${field.path}${field.spec.fields ? ` as {${Object.keys(field.spec.fields).join(', ')}}` : ''}`,
					where: `WRITE_CALLS '${call.name}' body.${field.path}`,
					status: field.spec.status,
					...assumedField(call.name, field.path),
				});
	}

	if (obs.target !== 'emulator')
		for (const f of facts)
			if (f.result === 'confirmed' && f.status !== 'seen' && f.status !== 'doc')
				f.promote = `${f.where}: status '${f.status}' -> 'seen' (confirmed against ${obs.target === 'sandbox' ? "Upflow's sandbox" : `${obs.baseUrl}, given with --base-url`} on ${new Date().toISOString().slice(0, 10)})`;
	return facts;
}

/** The assumed parts of a body, outermost only (an assumed object's own fields are part of it). */
function assumedFields(body: Body, prefix = ''): Array<{ path: string; spec: FieldSpec }> {
	const out: Array<{ path: string; spec: FieldSpec }> = [];
	for (const [key, spec] of Object.entries(body)) {
		const path = prefix ? `${prefix}.${key}` : key;
		if (spec.status === 'assumed') out.push({ path, spec });
		else if (spec.type === 'array' && spec.items?.status === 'assumed')
			out.push({ path: `${path}[]`, spec: spec.items });
		else if (spec.type === 'object' && spec.fields) out.push(...assumedFields(spec.fields, path));
		else if (spec.type === 'array' && spec.items?.type === 'object' && spec.items.fields)
			out.push(...assumedFields(spec.items.fields, `${path}[]`));
	}
	return out;
}

/**
 * The assumed link fields the write set sends, and the keys the read-back of the record may show
 * the link under (obs.recorded.writeLinks says whether it was sent: `<record>Linked<Field>`).
 */
const LINK_CHECKS: Record<string, RegExp> = {
	'creditNote.upsert linkedInvoices[]': /^linkedInvoices$/,
	'payment.upsert linkedInvoices[]': /^linkedInvoices$/,
	'refund.upsert linkedPayments[]': /^linked(Payments|Transactions)$/,
	'refund.upsert linkedCreditNotes[]': /^linkedCreditNotes$/,
};
