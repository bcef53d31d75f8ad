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
import { envelopeOf, messageOf } from './probe';
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

const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);
const statusLine = (a: Answer) =>
	`${a.method} ${a.path} answered ${a.status}${a.status >= 400 ? ` (${messageOf(a.body)})` : ''}`;
const q = (v: unknown) => JSON.stringify(v);

export function evaluate(obs: Observations): Fact[] {
	const facts: Fact[] = [];
	const add = (f: Omit<Fact, 'result'> & { result?: Result }) =>
		facts.push({ result: 'not tested', ...f } as Fact);
	const stopped = obs.stopped;
	const untested = (fallback: string): string =>
		stopped?.why === 'unauthorized'
			? 'the probe stopped at the first 401: the key pair was refused (check UPFLOW_API_KEY, UPFLOW_API_SECRET and the environment)'
			: stopped
				? `the probe stopped early: ${stopped.message}`
				: fallback;
	const readOnly =
		obs.target === 'emulator'
			? 'read-only run (the emulator run never writes; writes need --write with --sandbox or --base-url)'
			: 'read-only run (add --write to create, read back and delete a small named set)';

	// ---- basics -------------------------------------------------------------------------------
	add({
		id: 'basics.auth',
		fact: 'X-Api-Key + X-Api-Secret authenticate every request',
		where: 'contract page, Basics',
		status: 'doc',
		...(obs.authenticated?.status === 200
			? { result: 'confirmed', observed: statusLine(obs.authenticated) }
			: obs.authenticated
				? {
						why: `${statusLine(obs.authenticated)}: the key pair was not refused (no 401), but not shown to work either`,
					}
				: { why: untested('no answer to the first request') }),
	});

	// ---- lists --------------------------------------------------------------------------------
	const caps: string[] = [];
	let capRefusedAbove = 0;
	for (const list of LIST_CALLS) {
		const seen = obs.lists[list.name];
		const at = `LIST_CALLS '${list.name}'`;
		const page = seen?.small ?? seen?.first;
		const notRead = seen?.skipped ?? untested('the list was not read');
		const okPage = page?.status === 200 ? page : undefined;
		add({
			id: `list.${list.name}.path`,
			fact: `GET ${list.path} lists ${list.name}`,
			where: `${at}.path`,
			status: list.status,
			...(page
				? page.status === 200
					? { result: 'confirmed', observed: statusLine(page) }
					: page.status >= 500
						? { why: `the server failed: ${statusLine(page)}` }
						: {
								result: 'contradicted',
								observed: statusLine(page),
								change: `${at}: path '${list.path}' does not answer; find the right path and correct it`,
							}
				: { why: notRead }),
		});
		const envelope = okPage ? envelopeOf(okPage.body, list.envelope) : undefined;
		add({
			id: `list.${list.name}.envelope`,
			fact: `${list.name} rows are under '${list.envelope}'`,
			where: `${at}.envelope`,
			status: list.envelopeStatus,
			...(!okPage
				? { why: page ? 'the list did not answer 200' : notRead }
				: envelope === list.envelope
					? { result: 'confirmed', observed: `'${envelope}'` }
					: {
							result: 'contradicted',
							observed: envelope
								? `rows under ${envelope.startsWith('(') ? envelope : `'${envelope}'`}`
								: `no array in the answer (keys: ${Object.keys(isObject(okPage.body) ? okPage.body : {}).join(', ') || 'none'})`,
							change:
								envelope === '(a bare array)'
									? `${at}: the answer is a bare array, not an envelope: give LIST_CALLS a way to say so (and readPage in nodes/Upflow/transport/paginate.ts reads it already); set envelopeStatus: 'seen'`
									: envelope
										? `${at}: envelope: '${envelope}', envelopeStatus: 'seen'`
										: `${at}: the answer holds no array: record its real shape`,
						}),
		});
		const body = okPage && isObject(okPage.body) ? okPage.body : undefined;
		const echoesPaging =
			body !== undefined && typeof body.offset === 'number' && typeof body.limit === 'number';
		add({
			id: `list.${list.name}.paged`,
			fact: list.paged
				? `${list.name} is paged (offset/limit, echoed in the answer)`
				: `${list.name} is not paged (one answer holds everything)`,
			where: `${at}.paged`,
			status: list.status,
			...(!okPage
				? { why: page ? 'the list did not answer 200' : notRead }
				: echoesPaging === list.paged
					? {
							result: 'confirmed',
							observed: echoesPaging
								? `offset ${body?.offset}, limit ${body?.limit}`
								: 'no offset/limit in the answer',
						}
					: {
							result: 'contradicted',
							observed: echoesPaging
								? `offset ${body?.offset}, limit ${body?.limit} in the answer`
								: `no offset/limit in the answer (keys: ${Object.keys(body ?? {}).join(', ') || 'a bare array'})`,
							change: `${at}: paged: ${echoesPaging}${echoesPaging ? '' : ' (and drop pageCap / pageCapStatus)'}`,
						}),
		});
		const hasTotal = body !== undefined && typeof body.total === 'number';
		add({
			id: `list.${list.name}.total`,
			fact: list.total ? `${list.name} answers carry total` : `${list.name} answers carry no total`,
			where: `${at}.total`,
			status: list.status,
			...(!okPage
				? { why: page ? 'the list did not answer 200' : notRead }
				: hasTotal === list.total
					? { result: 'confirmed', observed: hasTotal ? `total ${body?.total}` : 'no total' }
					: {
							result: 'contradicted',
							observed: hasTotal ? `total ${body?.total}` : 'no total in the answer',
							change: `${at}: total: ${hasTotal}`,
						}),
		});
		if (!list.paged || list.pageCap === undefined) continue;
		const cap = list.pageCap;
		const capRow = {
			id: `list.${list.name}.pageCap`,
			fact: `${list.name} serves up to ${cap} rows a page`,
			where: `${at}.pageCap`,
			status: list.pageCapStatus ?? 'assumed',
		};
		const first = seen?.first;
		const above = seen?.above;
		if (!first || first.status === 404) {
			add({ ...capRow, why: first ? 'the list did not answer' : notRead });
			continue;
		}
		if (first.status !== 200) {
			add({
				...capRow,
				result: 'contradicted',
				observed: `limit=${cap} refused: ${statusLine(first)}`,
				change: `${at}: pageCap: <the largest limit it takes>, pageCapStatus: 'seen' (limit ${cap} is refused)`,
			});
			continue;
		}
		if (!above) {
			add({ ...capRow, why: notRead });
			continue;
		}
		const aboveBody = isObject(above.body) ? above.body : undefined;
		const aboveRows =
			above.status === 200
				? envelopeOf(above.body, list.envelope)
					? ((above.body as Record<string, unknown[]>)[
							envelopeOf(above.body, list.envelope) as string
						]?.length ?? 0)
					: 0
				: 0;
		const totalRows = hasTotal ? (body?.total as number) : undefined;
		if (above.status >= 400) {
			capRefusedAbove++;
			caps.push(`${list.name}: limit=${cap + 1} refused (${above.status})`);
			add({
				...capRow,
				result: 'confirmed',
				observed: `limit=${cap} served, limit=${cap + 1} refused (${above.status})`,
			});
		} else if (aboveBody && typeof aboveBody.limit === 'number' && aboveBody.limit <= cap) {
			caps.push(`${list.name}: limit=${cap + 1} clamped to ${aboveBody.limit}`);
			add(
				aboveBody.limit === cap
					? { ...capRow, result: 'confirmed', observed: `limit=${cap + 1} clamped to ${cap}` }
					: {
							...capRow,
							result: 'contradicted',
							observed: `limit=${cap + 1} clamped to ${aboveBody.limit}`,
							change: `${at}: pageCap: ${aboveBody.limit}, pageCapStatus: 'seen'`,
						},
			);
		} else if (
			(aboveBody && typeof aboveBody.limit === 'number' && aboveBody.limit > cap) ||
			aboveRows > cap
		) {
			caps.push(`${list.name}: limit=${cap + 1} served`);
			add({
				...capRow,
				result: 'contradicted',
				observed: `limit=${cap + 1} was served (${aboveRows} rows${aboveBody?.limit !== undefined ? `, limit ${aboveBody.limit} echoed` : ''})`,
				change: `${at}: pageCap: <larger than ${cap}: try higher limits>, pageCapStatus: 'seen'`,
			});
		} else {
			add({
				...capRow,
				why: `limit=${cap + 1} answered ${above.status} with ${aboveRows} rows${totalRows !== undefined ? ` of ${totalRows}` : ''} and no limit echoed: a clamp cannot be told from a short list`,
			});
		}
	}

	// ---- behaviour ----------------------------------------------------------------------------
	const expectCap = PROBE_EXPECTS.aboveCap.value;
	const clamped = caps.filter((c) => c.includes('clamped') || c.includes('served'));
	add({
		id: 'behaviour.aboveCap',
		fact: `a limit above the page cap is ${expectCap}`,
		where: 'PROBE_EXPECTS.aboveCap (BEHAVIOUR.aboveCap)',
		status: PROBE_EXPECTS.aboveCap.status,
		...(caps.length === 0
			? { why: untested('no list told what a limit above its cap does') }
			: clamped.length === 0
				? { result: 'confirmed', observed: caps.join('; ') }
				: {
						result: 'contradicted',
						observed: caps.join('; '),
						change: `PROBE_EXPECTS.aboveCap: { value: '${capRefusedAbove ? 'mixed: see observed' : 'clamped to the cap'}', status: 'seen' } and BEHAVIOUR.aboveCap: { value: 'clamp', status: 'seen' }`,
					}),
	});

	const orders = [...new Set(obs.order.map((o) => o.verdict))];
	const expectedOrder = PROBE_EXPECTS.defaultOrder.value;
	add({
		id: 'behaviour.defaultOrder',
		fact: `lists come ${expectedOrder}`,
		where: 'PROBE_EXPECTS.defaultOrder (BEHAVIOUR.defaultOrder)',
		status: PROBE_EXPECTS.defaultOrder.status,
		...(orders.length === 0
			? {
					why: untested(
						`no list had two records to compare: read-only, only lists with a creation stamp (LIST_CALLS createdStamp: ${LIST_CALLS.filter(
							(l) => l.createdStamp,
						)
							.map((l) => l.name)
							.join(', ')}) tell the order; --write also finds where its own new records appear`,
					),
				}
			: orders.length === 1 && orders[0] === expectedOrder
				? { result: 'confirmed', observed: obs.order.map((o) => o.detail).join('; ') }
				: {
						result: 'contradicted',
						observed: obs.order.map((o) => `${o.verdict} (${o.detail})`).join('; '),
						change:
							orders.length === 1
								? `PROBE_EXPECTS.defaultOrder: { value: '${orders[0]}', status: 'seen' } and BEHAVIOUR.defaultOrder: { value: '${orders[0]}', status: 'seen' }; the emulator's default listOrder should follow`
								: `BEHAVIOUR.defaultOrder: { value: 'differs per list (see the probe report)', status: 'seen' }`,
					}),
	});

	const missing = Object.entries(obs.reads)
		.filter(([, r]) => r.missing)
		.map(([name, r]) => ({ name, answer: r.missing as Answer }));
	const errorKey = BEHAVIOUR.errorBody.value;
	const bodyKeys = (a: Answer) =>
		isObject(a.body)
			? Object.keys(a.body).filter(
					(k) => typeof (a.body as Record<string, unknown>)[k] === 'string',
				)
			: [];
	const errorsWithout = missing.filter(
		(m) => m.answer.status >= 400 && !bodyKeys(m.answer).includes(errorKey),
	);
	const errorAnswers = missing.filter((m) => m.answer.status >= 400);
	add({
		id: 'behaviour.errorBody',
		fact: `error answers carry a string '${errorKey}'`,
		where: 'BEHAVIOUR.errorBody',
		status: BEHAVIOUR.errorBody.status,
		...(errorAnswers.length === 0
			? {
					why: untested(
						'no request answered an error (GETs on missing ids are how the probe asks)',
					),
				}
			: errorsWithout.length === 0
				? {
						result: 'confirmed',
						observed: `${errorAnswers.length} error answers, e.g. ${q(errorAnswers[0].answer.body)}`,
					}
				: {
						result: 'contradicted',
						observed: errorsWithout
							.map((m) => `${m.answer.path}: ${q(m.answer.body).slice(0, 120)}`)
							.join('; '),
						change: `BEHAVIOUR.errorBody: { value: '${bodyKeys(errorsWithout[0].answer)[0] ?? '(no string key: show the raw body)'}', status: 'seen' }`,
					}),
	});
	const expectedMissing = PROBE_EXPECTS.missingRecordStatus.value;
	const wrongMissing = missing.filter((m) => m.answer.status !== expectedMissing);
	add({
		id: 'behaviour.missingRecord',
		fact: `a GET on an id that does not exist answers ${expectedMissing}`,
		where: 'PROBE_EXPECTS.missingRecordStatus',
		status: PROBE_EXPECTS.missingRecordStatus.status,
		...(missing.length === 0
			? { why: untested('no missing id was read') }
			: wrongMissing.length === 0
				? {
						result: 'confirmed',
						observed: missing.map((m) => `${m.name} ${m.answer.status}`).join(', '),
					}
				: {
						result: 'contradicted',
						observed: wrongMissing.map((m) => statusLine(m.answer)).join('; '),
						change: `PROBE_EXPECTS.missingRecordStatus: { value: ${wrongMissing[0].answer.status}, status: 'seen' }`,
					}),
	});

	const rateNames = Object.keys(obs.rateHeaders).filter((name) => name !== 'retry-after');
	const expectedHeaders = PROBE_EXPECTS.rateLimitHeaders.value;
	add({
		id: 'behaviour.rateLimitHeaders',
		fact: expectedHeaders.length
			? `answers carry ${expectedHeaders.join(', ')}`
			: 'answers carry no rate-limit headers',
		where: 'PROBE_EXPECTS.rateLimitHeaders',
		status: PROBE_EXPECTS.rateLimitHeaders.status,
		...(obs.requests === 0 || !obs.authenticated
			? { why: untested('no answer was read') }
			: [...rateNames].sort().join(',') === [...expectedHeaders].sort().join(',')
				? {
						result: 'confirmed',
						observed: rateNames.length ? rateNames.join(', ') : `none on ${obs.requests} answers`,
					}
				: {
						result: 'contradicted',
						observed: rateNames.map((n) => `${n}: ${obs.rateHeaders[n]}`).join('; ') || 'none',
						change: `PROBE_EXPECTS.rateLimitHeaders: { value: [${rateNames.map((n) => `'${n}'`).join(', ')}], status: 'seen' } (and say on the contract page what they count)`,
					}),
	});
	const retryAfters = countedValues(obs.retryAfter);
	add({
		id: 'behaviour.retryAfter',
		fact: `429 answers carry ${BEHAVIOUR.retryAfter.value} (seconds)`,
		where: 'BEHAVIOUR.retryAfter',
		status: BEHAVIOUR.retryAfter.status,
		...(obs.rateLimited === 0
			? {
					why: untested(
						'no 429 was answered: the probe stays at 2 requests a second on purpose; --rate-limit provokes one',
					),
				}
			: obs.retryAfter.every((v) => /^\d+(\.\d+)?$/.test(v))
				? { result: 'confirmed', observed: `Retry-After: ${retryAfters}` }
				: {
						result: 'contradicted',
						observed: `Retry-After: ${retryAfters}`,
						change: `BEHAVIOUR.retryAfter: { value: '${obs.retryAfter.includes('(none)') ? 'none' : 'HTTP date'}', status: 'seen' }`,
					}),
	});
	const measured = obs.rateLimit;
	const expectedCount = PROBE_EXPECTS.refusedRequestsCount.value;
	const counted = measured?.verdict === 'counted';
	add({
		id: 'behaviour.refusedRequestsCount',
		fact: expectedCount
			? 'a refused request (429) takes a slot of the sliding window'
			: 'a refused request (429) takes no slot of the sliding window',
		where: 'PROBE_EXPECTS.refusedRequestsCount (BEHAVIOUR.refusedRequestsCount)',
		status: PROBE_EXPECTS.refusedRequestsCount.status,
		...(!measured
			? { why: untested('not measured: --rate-limit provokes the rate limit and measures it') }
			: measured.verdict === 'inconclusive'
				? { why: `--rate-limit could not tell: ${measured.why}` }
				: counted === expectedCount
					? { result: 'confirmed', observed: measured.why }
					: {
							result: 'contradicted',
							observed: measured.why,
							change: `PROBE_EXPECTS.refusedRequestsCount: { value: ${counted}, status: 'seen' } and BEHAVIOUR.refusedRequestsCount: { value: '${counted ? 'counted' : 'not counted'}', status: 'seen' }`,
						}),
	});

	const ext = obs.external;
	const extOk =
		ext &&
		ext.answer.status === 200 &&
		isObject(ext.answer.body) &&
		ext.answer.body.id === ext.expectedId;
	add({
		id: 'basics.externalIdEncoding',
		fact: '`external:<id>` takes the id URL-encoded',
		where: 'PROBE_EXPECTS.externalIdEncoding (contract page, Basics)',
		status: PROBE_EXPECTS.externalIdEncoding.status,
		...(!ext
			? {
					why: untested(
						obs.write
							? 'the probe customer could not be created'
							: 'no customer with an external id to look up; --write creates one with a space in it',
					),
				}
			: !ext.encoded
				? extOk
					? {
							why: `external: lookups work (${statusLine(ext.answer)}), but the external id read had nothing to encode; --write creates one with a space in it`,
						}
					: {
							result: 'contradicted',
							observed: statusLine(ext.answer),
							change:
								'contract page, Basics: `external:<id>` lookups do not work as documented: record what does',
						}
				: extOk
					? {
							result: 'confirmed',
							observed: `an external id with ${/ /.test(ext.externalId) ? 'a space' : 'reserved characters'}, encoded: ${statusLine(ext.answer)}`,
						}
					: {
							result: 'contradicted',
							observed: statusLine(ext.answer),
							change: `PROBE_EXPECTS.externalIdEncoding: { value: 'not decoded: ${ext.answer.status} for an encoded id', status: 'seen' } and say so on the contract page`,
						}),
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
				? {
						why: untested(
							seen?.skipped ??
								`no ${read.name} to read: its list was empty${obs.write ? '' : `; ${readOnly}`}`,
						),
					}
				: bad.length === 0
					? { result: 'confirmed', observed: answers.map((a) => `${a.status}`).join(', ') }
					: {
							result: 'contradicted',
							observed: bad.map(statusLine).join('; '),
							change: `READ_CALLS '${read.name}': path '${read.path}' does not read an existing record: correct it`,
						}),
		});
	}
	for (const readShape of READ_SHAPES) {
		const rows = obs.shapes[readShape.name] ?? [];
		const lacking = rows
			.map((r) => ({ ...r, missing: readShape.keys.filter((k) => !r.keys.includes(k)) }))
			.filter((r) => r.missing.length);
		add({
			id: `read.${readShape.name}.keys`,
			fact: `a ${readShape.name} carries ${readShape.keys.join(', ')}`,
			where: `READ_SHAPES '${readShape.name}'.keys`,
			status: readShape.status,
			...(rows.length === 0
				? {
						why: untested(
							`no ${readShape.name} was read (the organization has none${obs.write ? '' : `; ${readOnly}`})`,
						),
					}
				: lacking.length === 0
					? { result: 'confirmed', observed: `${rows.length} read` }
					: {
							result: 'contradicted',
							observed: `${lacking[0].where} lacks ${lacking[0].missing.join(', ')} (has ${lacking[0].keys.join(', ')})`,
							change: `READ_SHAPES '${readShape.name}': keys: [${readShape.keys
								.filter((k) => !lacking[0].missing.includes(k))
								.map((k) => `'${k}'`)
								.join(
									', ',
								)}] (and find what replaces ${lacking[0].missing.join(', ')} among: ${lacking[0].keys.filter((k) => !readShape.keys.includes(k)).join(', ')})`,
						}),
		});
	}
	const paymentBack = obs.readBacks.payment;
	const sentLink =
		isObject(obs.recorded.writeLinks) && obs.recorded.writeLinks.paymentLinkedInvoices === true;
	const linkItems =
		paymentBack && isObject(paymentBack.body) && Array.isArray(paymentBack.body.linkedInvoices)
			? (paymentBack.body.linkedInvoices as unknown[])
			: undefined;
	const linkMissing =
		linkItems?.[0] && isObject(linkItems[0])
			? PAYMENT_LINK_READ_KEYS.keys.filter((k) => !(k in (linkItems[0] as object)))
			: PAYMENT_LINK_READ_KEYS.keys;
	add({
		id: 'read.payment.linkedInvoices',
		fact: `a payment's linkedInvoices entries read as {${PAYMENT_LINK_READ_KEYS.keys.join(', ')}}`,
		where: 'PAYMENT_LINK_READ_KEYS',
		status: PAYMENT_LINK_READ_KEYS.status,
		...(!paymentBack || !sentLink
			? { why: untested(obs.write ? 'no payment linked to an invoice was created' : readOnly) }
			: linkItems && linkItems.length > 0 && linkMissing.length === 0
				? { result: 'confirmed', observed: q(obs.recorded.paymentLinkedInvoices) }
				: {
						result: 'contradicted',
						observed: `linkedInvoices: ${q(obs.recorded.paymentLinkedInvoices)}`,
						change: `PAYMENT_LINK_READ_KEYS: keys: [the keys observed], status: 'seen'`,
					}),
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
	add({
		id: 'behaviour.portalUrlKey',
		fact: `the portal answer puts the link under '${portalKey}'`,
		where: 'BEHAVIOUR.portalUrlKey',
		status: BEHAVIOUR.portalUrlKey.status,
		...(!portal
			? {
					why: untested(
						obs.write
							? (obs.writes['customer.portal']?.skipped ?? 'no portal link was asked for')
							: readOnly,
					),
				}
			: portal.status >= 300
				? { why: `the portal call was refused: ${statusLine(portal)}` }
				: urlKeys.includes(portalKey)
					? { result: 'confirmed', observed: `keys ${portalKeys.join(', ')}` }
					: {
							result: 'contradicted',
							observed: `keys ${portalKeys.join(', ') || '(none)'}`,
							change: `BEHAVIOUR.portalUrlKey: { value: '${urlKeys[0] ?? '(no URL key: see observed)'}', status: 'seen' }`,
						}),
	});
	const del = obs.nonEmptyDelete;
	const expectedDelete = BEHAVIOUR.nonEmptyCustomerDelete.value;
	add({
		id: 'behaviour.nonEmptyCustomerDelete',
		fact: `deleting a customer that still has an invoice is refused with ${expectedDelete}`,
		where: 'BEHAVIOUR.nonEmptyCustomerDelete',
		status: BEHAVIOUR.nonEmptyCustomerDelete.status,
		...(!del
			? { why: untested(obs.write ? 'no customer with an invoice was created' : readOnly) }
			: del.status === expectedDelete
				? { result: 'confirmed', observed: statusLine(del) }
				: {
						result: 'contradicted',
						observed:
							del.status < 300
								? `${del.method} ${del.path} answered ${del.status}: the customer was DELETED with its invoice`
								: statusLine(del),
						change: `BEHAVIOUR.nonEmptyCustomerDelete: { value: ${del.status < 300 ? `'allowed (${del.status})'` : del.status}, status: 'seen' }`,
					}),
	});

	// ---- write calls and the assumed fields of their bodies -----------------------------------
	const deletes = new Map<string, { status?: number; result: string; message?: string }>();
	for (const c of obs.cleanup) {
		const kind = c.what.split(' ').slice(0, -1).join(' ');
		const name = {
			customer: 'customer.delete',
			contact: 'contact.delete',
			invoice: 'invoice.delete',
			'credit note': 'creditNote.delete',
			payment: 'payment.delete',
			refund: 'refund.delete',
			'custom field': 'customField.delete',
		}[kind];
		if (name && (!deletes.has(name) || c.result !== 'deleted')) deletes.set(name, c);
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
		const base = {
			id: `write.${call.name}`,
			fact: `${call.method} ${call.path}${call.body ? ' takes the documented body' : ''}`,
			where: at,
			status: call.status,
		};
		const w = obs.writes[call.name];
		const d = deletes.get(call.name);
		if (!obs.write) {
			add({ ...base, why: readOnly });
		} else if (d) {
			add(
				d.result === 'deleted' || (call.name === 'customer.delete' && d.result === 'gone')
					? { ...base, result: 'confirmed', observed: `answered ${d.status}` }
					: d.result === 'not tried' || d.status === undefined
						? { ...base, why: d.message ?? 'not tried' }
						: {
								...base,
								result: 'contradicted',
								observed: `a record the probe created: ${d.status} (${d.message})`,
								change: `${at}: ${call.method} ${call.path} does not delete it: correct the path`,
							},
			);
		} else if (w?.answer) {
			const a = w.answer;
			add(
				a.status < 300
					? { ...base, result: 'confirmed', observed: `answered ${a.status}` }
					: {
							...base,
							result: 'contradicted',
							observed: statusLine(a),
							change: `${at}: Upflow refused the documented body: correct ${a.status === 404 ? 'the path' : 'the field its message names'} (the probe sent only documented fields)`,
						},
			);
		} else {
			add({
				...base,
				why: untested(w?.skipped ?? notSent[call.name] ?? 'not part of the write set'),
			});
		}
		if (call.body)
			for (const field of assumedFields(call.body))
				add(assumedFieldFact(call.name, field, obs, readOnly, untested));
	}

	if (obs.target !== 'emulator') {
		for (const f of facts) {
			if (f.result === 'confirmed' && f.status !== 'seen' && f.status !== 'doc') {
				f.promote = `${f.where}: status '${f.status}' -> 'seen' (confirmed against ${obs.target === 'sandbox' ? "Upflow's sandbox" : `${obs.baseUrl}, given with --base-url`} on ${new Date().toISOString().slice(0, 10)})`;
			}
		}
	}
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

/** Which assumed write fields the write set sends, and the read-back that shows Upflow understood them. */
const LINK_CHECKS: Record<string, { flag: string; readBack: string; key: RegExp }> = {
	'creditNote.upsert linkedInvoices[]': {
		flag: 'creditNoteLinkedInvoices',
		readBack: 'creditNote',
		key: /^linkedInvoices$/,
	},
	'payment.upsert linkedInvoices[]': {
		flag: 'paymentLinkedInvoices',
		readBack: 'payment',
		key: /^linkedInvoices$/,
	},
	'refund.upsert linkedPayments[]': {
		flag: 'refundLinkedPayments',
		readBack: 'refund',
		key: /^linked(Payments|Transactions)$/,
	},
	'refund.upsert linkedCreditNotes[]': {
		flag: 'refundLinkedCreditNotes',
		readBack: 'refund',
		key: /^linkedCreditNotes$/,
	},
};

function assumedFieldFact(
	callName: string,
	field: { path: string; spec: FieldSpec },
	obs: Observations,
	readOnly: string,
	untested: (fallback: string) => string,
): Omit<Fact, 'result'> & { result?: Result } {
	const base = {
		id: `write.${callName}.${field.path}`,
		fact: `${callName} takes ${field.path}${field.spec.fields ? ` as {${Object.keys(field.spec.fields).join(', ')}}` : ''}`,
		where: `WRITE_CALLS '${callName}' body.${field.path}`,
		status: field.spec.status,
	};
	if (callName === 'customField.create' && field.path === 'dataType') {
		const rows = obs.shapes.customField ?? [];
		const withKey = rows.filter((r) => r.keys.includes('dataType'));
		if (rows.length === 0)
			return {
				...base,
				why: untested(
					obs.write
						? 'the custom field --write creates could not be created or read back'
						: `the organization has no custom field to read the key from; ${readOnly}`,
				),
			};
		return withKey.length === rows.length
			? {
					...base,
					result: 'confirmed',
					observed: `read side: custom fields carry 'dataType' (${rows.length} read); the write key is taken to match`,
				}
			: {
					...base,
					result: 'contradicted',
					observed: `read side: a custom field has ${rows[0].keys.join(', ')}`,
					change: `WRITE_CALLS 'customField.create' body: rename dataType to the key custom fields carry (and CUSTOM_FIELD_DATA_TYPES to its values)`,
				};
	}
	const check = LINK_CHECKS[`${callName} ${field.path}`];
	if (!check) {
		return {
			...base,
			why: obs.write
				? 'the write set does not send it (only documented or link fields are sent)'
				: readOnly,
		};
	}
	if (!obs.write) return { ...base, why: readOnly };
	const sent = isObject(obs.recorded.writeLinks) && obs.recorded.writeLinks[check.flag] === true;
	const w = obs.writes[callName]?.answer;
	if (!sent || !w)
		return { ...base, why: untested(`not sent: the record it links to could not be created`) };
	if (w.status >= 300) {
		// Only a refusal that names the field speaks about it; any other refusal leaves it untested.
		const fieldName = field.path.replace(/\[\]$/, '');
		if (!messageOf(w.body).includes(fieldName))
			return { ...base, why: `the call was refused for another reason: ${statusLine(w)}` };
		return {
			...base,
			result: 'contradicted',
			observed: statusLine(w),
			change: `WRITE_CALLS '${callName}' body.${field.path}: the item shape is refused; try {id} / {externalId} items or amountLinked, record what works`,
		};
	}
	const back = obs.readBacks[check.readBack];
	const linked =
		back && isObject(back.body)
			? Object.entries(back.body).find(
					([key, value]) => check.key.test(key) && Array.isArray(value) && value.length > 0,
				)
			: undefined;
	return linked
		? {
				...base,
				result: 'confirmed',
				observed: `accepted (${w.status}); read back under ${linked[0]}`,
			}
		: {
				...base,
				result: 'contradicted',
				observed: `accepted (${w.status}) but the read-back shows no link (${back ? `keys: ${Object.keys(isObject(back.body) ? back.body : {}).join(', ')}` : 'not read back'})`,
				change: `WRITE_CALLS '${callName}' body.${field.path}: Upflow ignores this item shape; link through /v1/reconcile or find the shape it reads`,
			};
}

/** `1 (x40), 59` : each distinct value once, with how often it came. */
function countedValues(values: readonly string[]): string {
	const counts = new Map<string, number>();
	for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
	return [...counts].map(([value, n]) => (n > 1 ? `${value} (x${n})` : value)).join(', ');
}
