/**
 * What the probe asks Upflow, in order, and what it keeps of the answers (Observations). It judges
 * nothing: facts.ts compares the observations with the contract home (test/contract/upflow.ts).
 *
 * Read-only (always): the key pair, every list of LIST_CALLS (envelope, offset/limit, total, the
 * page cap and cap + 1, both ends for the order), each record of READ_CALLS by id and a missing
 * id (error body), an `external:` lookup, and the rate-limit headers of every answer.
 * --write (sandbox / base URL only): a small uniquely named set, read back, then deleted in reverse.
 */
import { randomUUID } from 'node:crypto';

import { LIST_CALLS, READ_CALLS, listCall, writeCall } from '../../test/contract/upflow';
import { bodies } from './bodies';
import type { Ref } from './bodies';
import { ProbeHttp, Stopped } from './http';
import type { Answer, ProbeHttpOptions, Query } from './http';
import { measureRateLimit } from './rateLimit';
import type { RateLimitObservation } from './rateLimit';

export type TargetKind = 'emulator' | 'sandbox' | 'base-url';

/** What --write creates, in order: the confirmation question and CONTRIBUTING.md say exactly this. */
export const WRITE_SET = [
	'a customer named "n8n probe <run id>" with two contacts (@example.com)',
	'an invoice due in two months with a one-page PDF',
	'a credit note and a payment linked to it, and a refund of both',
	'a second invoice and a payment matched to it afterwards through POST /reconcile (then undone)',
	'a custom field',
	'a 5-minute portal link',
] as const;
type Row = Record<string, unknown>;
type Values = Record<string, string>;
type Get = (path: string, query?: Query) => Promise<Answer>;
export type Say = (line: string) => void;
/** A delete still owed: what the probe created, and where. */
type Owed = { what: string; path: string };

export interface ListObservation {
	/** Why the list was not read. */
	skipped?: string;
	/** GET at the page cap (or without paging for unpaged lists). */
	first?: Answer;
	/** When the cap itself was refused: the same GET at a small limit. */
	small?: Answer;
	/** GET with limit = cap + 1. */
	above?: Answer;
	/** Rows of the first answer, and the last rows (read apart when the first page did not hold them all). */
	rows: Row[];
	tailRows?: Row[];
}

export interface OrderEvidence {
	list: string;
	verdict: 'oldest-first' | 'newest-first';
	detail: string;
}

export interface CleanupEntry {
	what: string;
	path: string;
	result: 'deleted' | 'gone' | 'failed' | 'not tried';
	status?: number;
	message?: string;
}

export interface Observations {
	target: TargetKind;
	baseUrl: string;
	write: boolean;
	runId: string;
	/** When the run ended early: a 401, the request budget spent, or no answer. */
	stopped?: { why: Stopped['why']; message: string };
	authenticated?: Answer;
	lists: Record<string, ListObservation>;
	reads: Record<string, { existing?: Answer; missing?: Answer; skipped?: string }>;
	/** Records read (from lists and by id), per READ_SHAPES name. */
	shapes: Record<string, Array<{ where: string; keys: string[] }>>;
	order: OrderEvidence[];
	external?: { answer: Answer; encoded: boolean; expectedId: string; externalId: string };
	writes: Record<string, { answer?: Answer; skipped?: string }>;
	readBacks: Record<string, Answer>;
	nonEmptyDelete?: Answer;
	cleanup: CleanupEntry[];
	/** What came back where the contract is unsure (shapes and values, never a secret or a portal link). */
	recorded: Record<string, unknown>;
	requests: number;
	durationMs: number;
	rateHeaders: Record<string, string>;
	retryAfter: string[];
	rateLimited: number;
	sendTimes: number[];
	/** --rate-limit: the measurement of the organization's rate limit (rateLimit.ts). */
	rateLimit?: RateLimitObservation;
}

export interface ProbeOptions extends ProbeHttpOptions {
	target: TargetKind;
	write: boolean;
	/** Progress lines (never a secret). */
	progress?: (line: string) => void;
	/** --rate-limit: provoke the rate limit and measure it, last; the window it assumes. */
	rateLimit?: { windowMs: number };
}

/** Records whose list (`<name>s`) holds the first one to read by id, and to take the keys of. */
const LISTED = ['customer', 'contact', 'invoice', 'creditNote', 'payment', 'refund'];
const TAIL_ROWS = 5;

export function envelopeOf(body: unknown, expected: string): string | undefined {
	if (Array.isArray(body)) return '(a bare array)';
	if (!body || typeof body !== 'object') return undefined;
	const record = body as Row;
	if (Array.isArray(record[expected])) return expected;
	return Object.keys(record).find((key) => Array.isArray(record[key]));
}

export function rowsOf(body: unknown, expected: string): Row[] {
	if (Array.isArray(body)) return body as Row[];
	const key = envelopeOf(body, expected);
	return key === undefined ? [] : ((body as Row)[key] as Row[]);
}

const lastOf = <T>(items: readonly T[] | undefined): T | undefined => items?.[items.length - 1];
export const idOf = (row: unknown): string | undefined =>
	isObject(row) && typeof row.id === 'string' ? row.id : undefined;
export const isObject = (v: unknown): v is Row =>
	typeof v === 'object' && v !== null && !Array.isArray(v);
const totalOf = (body: unknown): number | undefined =>
	isObject(body) && typeof body.total === 'number' ? body.total : undefined;
export const messageOf = (body: unknown): string =>
	isObject(body) && typeof body.message === 'string'
		? body.message
		: isObject(body) && typeof body.error === 'string'
			? body.error
			: JSON.stringify(body ?? null).slice(0, 200);

/** Where a path pattern's `{x}` segments get their values (encoded). */
function fill(pattern: string, values: Values): string {
	return pattern.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
}

export async function runProbe(opts: ProbeOptions): Promise<Observations> {
	const http = new ProbeHttp(opts);
	const started = opts.clock.now();
	const runId = `n8n-probe-${new Date(started).toISOString().slice(0, 10).replace(/-/g, '')}-${randomUUID().slice(0, 8)}`;
	const obs: Observations = {
		target: opts.target,
		baseUrl: opts.baseUrl,
		write: opts.write,
		runId,
		lists: {},
		reads: {},
		shapes: {},
		order: [],
		writes: {},
		readBacks: {},
		cleanup: [],
		recorded: {},
		requests: 0,
		durationMs: 0,
		rateHeaders: {},
		retryAfter: [],
		rateLimited: 0,
		sendTimes: [],
	};
	const say = opts.progress ?? (() => undefined);
	const shape = (name: string, where: string, row: unknown) => recordShape(obs, name, where, row);
	/** Deletes still owed, newest last. */
	const created: Owed[] = [];
	const get = async (path: string, query?: Query) =>
		await http.request('GET', path, { query, reserve: created.length });

	const stop = (error: unknown) => {
		if (!(error instanceof Stopped)) throw error;
		obs.stopped = { why: error.why, message: error.message };
	};

	try {
		// 1. the key pair (and the users list, which is not paged)
		say('checking the key pair (GET /users)');
		const users = await get('/users');
		obs.authenticated = users;
		obs.lists.users = { first: users, rows: rowsOf(users.body, listCall('users').envelope) };

		// 2. every paged list: at the cap, at cap + 1, and its last rows; unpaged lists (but users) in one answer
		for (const list of LIST_CALLS) {
			const perCustomer = list.path.includes('{customerId}');
			if (!list.paged && !perCustomer) continue;
			const customerId = idOf(obs.lists.customers?.rows[0]);
			if (perCustomer && !customerId) {
				obs.lists[list.name] = {
					skipped: list.paged
						? 'the organization has no customer to list contacts of'
						: 'the organization has no customer',
					rows: [],
				};
				continue;
			}
			const path = fill(list.path, { customerId: customerId ?? '' });
			say(`reading the ${list.name} list`);
			if (!list.paged) {
				const answer = await get(path);
				obs.lists[list.name] = {
					first: answer,
					rows: answer.status === 200 ? rowsOf(answer.body, list.envelope) : [],
				};
				continue;
			}
			obs.lists[list.name] = await readList(path, list.envelope, list.pageCap ?? 100, get);
			const rows = obs.lists[list.name].rows;
			const readName = [...LISTED, 'customField'].find((name) => `${name}s` === list.name);
			if (readName && rows[0]) shape(readName, `GET ${path} (first row)`, rows[0]);
		}
		orderFromStamps(obs);
		obs.recorded.listEnds = listEnds(obs);

		// 3. each record by id, and a missing id (the error body)
		for (const read of READ_CALLS) {
			const customerId = idOf(obs.lists.customers?.rows[0]);
			if (read.path.includes('{customerId}') && !customerId) {
				obs.reads[read.name] = { skipped: 'the organization has no customer' };
				continue;
			}
			const path = (id: string) =>
				fill(read.path, { customerId: customerId ?? '', [`${read.name}Id`]: id });
			const entry: Observations['reads'][string] = {};
			const id = LISTED.includes(read.name) && idOf(obs.lists[`${read.name}s`]?.rows[0]);
			if (id) {
				entry.existing = await get(path(id));
				if (entry.existing.status === 200)
					shape(read.name, `GET ${read.path}`, entry.existing.body);
			}
			entry.missing = await get(path(randomUUID()));
			obs.reads[read.name] = entry;
		}

		// 4. `external:` with an encoded id, on a customer that has an external id
		const withExternal = obs.lists.customers?.rows.find(
			(row) => typeof row.externalId === 'string' && row.externalId !== '',
		);
		if (withExternal) {
			const externalId = withExternal.externalId as string;
			const answer = await get(`/customers/external:${encodeURIComponent(externalId)}`);
			obs.external = {
				answer,
				encoded: encodeURIComponent(externalId) !== externalId,
				expectedId: idOf(withExternal) ?? '',
				externalId,
			};
		}

		// 6. --write: a small named set, read back, deleted in reverse
		if (opts.write) await writeSet(obs, http, created, opts, say);
	} catch (error) {
		stop(error);
	} finally {
		// Whatever happened, what was created is deleted (newest first), unless the key pair stopped working.
		await cleanup(obs, http, created, say);
	}
	// Last: it leaves the organization's window full for a minute.
	if (opts.rateLimit && !http.unauthorized && obs.stopped?.why !== 'unreachable') {
		try {
			obs.rateLimit = await measureRateLimit(http, opts.clock, opts.rateLimit.windowMs, say);
			obs.recorded.rateLimit = obs.rateLimit;
		} catch (error) {
			stop(error);
		}
	}

	obs.requests = http.sent;
	obs.durationMs = opts.clock.now() - started;
	obs.rateHeaders = Object.fromEntries(http.rateHeaders);
	obs.retryAfter = [...http.retryAfter];
	obs.rateLimited = http.rateLimited;
	obs.sendTimes = [...http.sendTimes];
	return obs;
}

async function readList(path: string, envelope: string, cap: number, get: Get) {
	const out: ListObservation = { rows: [] };
	out.first = await get(path, { offset: 0, limit: cap });
	let page = out.first;
	if (out.first.status >= 400 && out.first.status < 500 && out.first.status !== 404) {
		out.small = await get(path, { offset: 0, limit: 10 });
		page = out.small;
	}
	if (page.status !== 200) return out;
	out.rows = rowsOf(page.body, envelope);
	out.above = await get(path, { offset: 0, limit: cap + 1 });
	const total = totalOf(page.body);
	if (total !== undefined && total > out.rows.length) {
		const tail = await get(path, { offset: Math.max(0, total - TAIL_ROWS), limit: TAIL_ROWS });
		out.tailRows = tail.status === 200 ? rowsOf(tail.body, envelope) : [];
	} else {
		out.tailRows = out.rows.slice(-TAIL_ROWS);
	}
	return out;
}

/** Ids and time stamps of the first and the last row of every list read: the raw material of the order. */
function listEnds(obs: Observations): Record<string, unknown> {
	const isStamp = ([key, value]: [string, unknown]) =>
		(key === 'id' || /At$/.test(key)) && typeof value === 'string';
	const pick = (row: Row | undefined) =>
		row && Object.fromEntries(Object.entries(row).filter(isStamp));
	const out: Record<string, unknown> = {};
	for (const [name, seen] of Object.entries(obs.lists)) {
		if (seen.rows.length === 0) continue;
		out[name] = {
			total: totalOf((seen.small ?? seen.first)?.body),
			first: pick(seen.rows[0]),
			last: pick(lastOf(seen.tailRows) ?? lastOf(seen.rows)),
		};
	}
	return out;
}

/** The order, from the creation stamps at both ends of the lists that carry one (LIST_CALLS createdStamp). */
function orderFromStamps(obs: Observations): void {
	for (const list of LIST_CALLS) {
		const stamp = list.createdStamp;
		const seen = obs.lists[list.name];
		if (!stamp || !seen) continue;
		const first = seen.rows[0]?.[stamp];
		const last = lastOf(seen.tailRows)?.[stamp];
		if (typeof first !== 'string' || typeof last !== 'string') continue;
		const a = Date.parse(first);
		const b = Date.parse(last);
		if (!Number.isFinite(a) || !Number.isFinite(b) || a === b) continue;
		obs.order.push({
			list: list.name,
			verdict: a < b ? 'oldest-first' : 'newest-first',
			detail: `${list.name}: ${stamp} ${first} first, ${last} last`,
		});
	}
}

async function writeSet(
	obs: Observations,
	http: ProbeHttp,
	created: Owed[],
	opts: ProbeOptions,
	say: Say,
): Promise<void> {
	const make = bodies(obs.runId, opts.clock.now());
	const ok = (a: Answer | undefined) => a !== undefined && a.status >= 200 && a.status < 300;
	const get = async (path: string, query?: Query) =>
		await http.request('GET', path, { query, reserve: created.length });
	/** The contract's call `name`, its path filled with `values`. */
	const write = async (name: string, body: unknown, values: Values = {}, idempotent = true) => {
		say(`write: ${name}`);
		const { method, path } = writeCall(name);
		const reserve = created.length + 1;
		const answer = await http.request(method, fill(path, values), { body, idempotent, reserve });
		obs.writes[name] = { answer };
		return answer;
	};
	/** A new record (an upsert may be sent twice, a create may not); once it has an id, its delete is owed. */
	const create = async (name: string, body: unknown, values: Values = {}) => {
		const answer = await write(name, body, values, name.endsWith('.upsert'));
		const id = ok(answer) ? idOf(answer.body) : undefined;
		// 'creditNote.upsert' -> a credit note, deleted at the path it was created under
		const what = name.split('.')[0].replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
		if (id)
			created.push({ what: `${what} ${id}`, path: `${fill(writeCall(name).path, values)}/${id}` });
		return id;
	};
	const skip = (name: string, why: string) => {
		obs.writes[name] ??= { skipped: why };
	};
	const ref = (id: string | undefined): Ref | undefined => (id ? { id } : undefined);

	// Customer (its external id has a space, so `external:` lookups exercise the encoding)
	const customerExternalId = `${obs.runId} customer`;
	const customerId = await create(
		'customer.upsert',
		make.customer(`n8n probe ${obs.runId}`, customerExternalId),
	);
	if (!customerId) {
		for (const name of [
			'contact.create',
			'contact.update',
			'contact.delete',
			'invoice.upsert',
			'invoice.pdf',
			'creditNote.upsert',
			'payment.upsert',
			'refund.upsert',
			'customer.portal',
		])
			skip(name, 'the probe customer could not be created');
		return;
	}
	const customer: Ref = { id: customerId };

	// Two contacts
	const contacts: string[] = [];
	for (const tag of ['a', 'b']) {
		const id = await create('contact.create', make.contact(tag), { customerId });
		if (id) contacts.push(id);
	}
	if (contacts[0])
		await write('contact.update', make.contactUpdate(), { customerId, contactId: contacts[0] });
	else skip('contact.update', 'no contact could be created');

	// Invoice and its PDF
	const invoiceId = await create('invoice.upsert', make.invoice(customer));
	if (invoiceId) await write('invoice.pdf', make.pdf(), { invoiceId });
	else skip('invoice.pdf', 'the invoice could not be created');
	const invoice = ref(invoiceId);

	// Credit note linked to the invoice, payment linked to the invoice, refund of both
	const creditNoteId = await create('creditNote.upsert', make.creditNote(customer, invoice));
	const paymentId = await create('payment.upsert', make.payment(customer, invoice));
	const refundBody = make.refund(customer, ref(paymentId), ref(creditNoteId));
	const refundId = await create('refund.upsert', refundBody);
	// A payment recorded on the customer alone, matched to a second invoice afterwards (POST /reconcile), then unmatched
	const laterInvoiceId = await create('invoice.upsert', make.invoice(customer, 'invoice-b'));
	const loosePayment = make.payment(customer, undefined, 'payment-b');
	const loosePaymentId = await create('payment.upsert', loosePayment);
	if (laterInvoiceId && loosePaymentId) {
		const linked = await write(
			'reconciliation.link',
			make.reconciliation({ id: laterInvoiceId }, { id: loosePaymentId }, 500),
		);
		if (ok(linked)) {
			const after = await get(`/invoices/${laterInvoiceId}`);
			obs.recorded.reconciledInvoice = isObject(after.body)
				? { amountOutstanding: after.body.amountOutstanding, state: after.body.state }
				: after.status;
			// Undone at once (the same externalId, four empty lists), as the production integration does.
			obs.recorded.unreconcile = (
				await http.request('POST', '/reconcile', {
					body: make.reconciliation(),
					idempotent: true,
					reserve: created.length + 1,
				})
			).status;
		}
	} else
		skip('reconciliation.link', 'the second invoice or the loose payment could not be created');

	// A custom field, deleted again by the cleanup
	const fieldId = await create('customField.create', make.customField());
	if (fieldId) {
		// Read back through the list (the only read custom fields have): the key its data type comes under.
		const list = await get('/custom_fields');
		const row = rowsOf(list.body, listCall('customFields').envelope).find((r) => r.id === fieldId);
		if (row)
			recordShape(obs, 'customField', 'GET /custom_fields (the field created by the probe)', row);
	}

	obs.recorded.writeLinks = {
		creditNoteLinkedInvoices: Boolean(invoice),
		paymentLinkedInvoices: Boolean(invoice),
		refundLinkedPayments: Boolean(paymentId),
		refundLinkedCreditNotes: Boolean(creditNoteId),
	};

	// Portal link: only the answer's keys are kept, never the link itself
	const portal = await write('customer.portal', make.portal(), { customerId });
	if (ok(portal) && isObject(portal.body))
		obs.recorded.portalAnswer = Object.fromEntries(
			Object.entries(portal.body).map(([key, value]) => [
				key,
				typeof value === 'string' && /^https?:\/\//.test(value)
					? 'a URL (not recorded)'
					: typeof value,
			]),
		);

	// Read everything back; what the contract is unsure of in each is recorded
	const readBack = async (name: string, path: string | undefined, record?: (body: Row) => void) => {
		if (!path) return;
		const answer = await get(path);
		obs.readBacks[name] = answer;
		const where = `GET ${path} (created by the probe)`;
		if (answer.status === 200) recordShape(obs, name.replace(/ [ab]$/, ''), where, answer.body);
		if (record && isObject(answer.body)) record(answer.body);
	};
	await readBack('customer', `/customers/${customerId}`);
	for (const [i, id] of contacts.entries())
		await readBack(`contact ${'ab'[i]}`, `/customers/${customerId}/contacts/${id}`);
	await readBack('invoice', invoiceId && `/invoices/${invoiceId}`, (body) => {
		obs.recorded.invoiceState = body.state;
	});
	await readBack('creditNote', creditNoteId && `/credit_notes/${creditNoteId}`, (body) => {
		obs.recorded.creditNoteLinkedInvoices = linkShape(body.linkedInvoices);
	});
	await readBack('payment', paymentId && `/payments/${paymentId}`, (body) => {
		obs.recorded.paymentLinkedInvoices = linkShape(body.linkedInvoices);
	});
	await readBack('refund', refundId && `/refunds/${refundId}`, (body) => {
		obs.recorded.refundLinks = Object.fromEntries(
			Object.entries(body)
				.filter(([key]) => /^linked/.test(key))
				.map(([key, value]) => [key, linkShape(value)]),
		);
	});

	// The contacts list of the probe's customer (its envelope), when the read-only pass had none
	if (!obs.lists.contacts?.first) {
		const call = listCall('contacts');
		const path = `/customers/${customerId}/contacts`;
		obs.lists.contacts = await readList(path, call.envelope, call.pageCap ?? 100, get);
	}

	// `external:` with a space in the id
	obs.external = {
		answer: await get(`/customers/external:${encodeURIComponent(customerExternalId)}`),
		encoded: true,
		expectedId: customerId,
		externalId: customerExternalId,
	};

	// The order, from where the probe's newest records appear in their lists
	for (const [list, id] of [
		['customers', customerId],
		['invoices', laterInvoiceId ?? invoiceId],
		['payments', loosePaymentId ?? paymentId],
	] as const) {
		if (!id) continue;
		const call = listCall(list);
		const head = await get(call.path, { offset: 0, limit: TAIL_ROWS });
		const total = totalOf(head.body);
		if (head.status !== 200 || total === undefined || total < 2) continue;
		const found = (verdict: OrderEvidence['verdict'], where: string) =>
			obs.order.push({
				list,
				verdict,
				detail: `${list}: the record the probe just created is ${where} of ${total}`,
			});
		if (idOf(rowsOf(head.body, call.envelope)[0]) === id) {
			found('newest-first', 'first');
			continue;
		}
		const tail = await get(call.path, { offset: Math.max(0, total - TAIL_ROWS), limit: TAIL_ROWS });
		if (idOf(lastOf(rowsOf(tail.body, call.envelope))) === id) found('oldest-first', 'last');
	}

	// A customer that still has an invoice: the delete must be refused
	if (invoiceId) {
		say('write: DELETE of a customer that still has records (must be refused)');
		obs.nonEmptyDelete = await http.request('DELETE', `/customers/${customerId}`, {
			reserve: created.length,
		});
		if (ok(obs.nonEmptyDelete)) {
			// It was deleted, records and all (or some of them): nothing left to delete for it.
			const owed = created.findIndex((c) => c.path === `/customers/${customerId}`);
			obs.cleanup.push({
				...created.splice(owed, 1)[0],
				result: 'deleted',
				status: obs.nonEmptyDelete.status,
				message: 'deleted by the non-empty delete check',
			});
		}
	}
}

function recordShape(obs: Observations, name: string, where: string, row: unknown): void {
	if (!isObject(row)) return;
	(obs.shapes[name] ??= []).push({ where, keys: Object.keys(row) });
}

function linkShape(value: unknown): unknown {
	if (!Array.isArray(value)) return value === undefined ? '(absent)' : typeof value;
	if (value.length === 0) return '[] (empty)';
	const item = value[0];
	if (!isObject(item)) return `[${typeof item}]`;
	return Object.fromEntries(
		Object.entries(item).map(([key, v]) => [key, isObject(v) ? Object.keys(v) : typeof v]),
	);
}

async function cleanup(obs: Observations, http: ProbeHttp, created: Owed[], say: Say) {
	for (const item of created.splice(0).reverse()) {
		if (http.unauthorized) {
			obs.cleanup.push({ ...item, result: 'not tried', message: 'the key pair was refused (401)' });
			continue;
		}
		say(`cleanup: DELETE ${item.what}`);
		try {
			const answer = await http.request('DELETE', item.path);
			const result = answer.status < 300 ? 'deleted' : answer.status === 404 ? 'gone' : 'failed';
			obs.cleanup.push({
				...item,
				result,
				status: answer.status,
				message: answer.status < 300 ? undefined : messageOf(answer.body),
			});
		} catch (error) {
			obs.cleanup.push({ ...item, result: 'failed', message: (error as Error).message });
		}
	}
}
