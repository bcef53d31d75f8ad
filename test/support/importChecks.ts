/**
 * The checks of an initial import of examples/initial-import.workflow.json, from what n8n produced
 * (the source rows its Code nodes emitted, the Upflow nodes' output items) and what the emulator
 * holds (its request log and state dump), never from the node's own counters. One home for
 * `npm run demo` (n8n-core) and the end-to-end `import` scenario (a real n8n): test/e2e/scenarios/cli.js.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { busiestWindow } from '../emulator';
import type { OrganizationState, RequestLogEntry } from '../emulator';

/** Node names of the initial import, in execution order: [source Code node, Upflow node, entity]. */
export const IMPORT_STEPS = [
	{ code: 'Customers (CSV export)', upflow: 'Import customers', entity: 'customers' },
	{ code: 'Invoices', upflow: 'Import invoices', entity: 'invoices' },
	{ code: 'Payments', upflow: 'Import payments', entity: 'payments' },
	{ code: 'Credit notes', upflow: 'Import credit notes', entity: 'creditNotes' },
	{ code: 'Refunds', upflow: 'Import refunds', entity: 'refunds' },
	{ code: 'Payments matched later', upflow: 'Import unmatched payments', entity: 'latePayments' },
	{ code: 'Reconciliations', upflow: 'Match payments to invoices', entity: 'reconciliations' },
	{ code: 'Contact changes', upflow: 'Update contacts', entity: 'contactUpdates' },
	{ code: 'Contacts who left', upflow: 'Remove contacts', entity: 'contactRemovals' },
] as const;
export type ImportEntity = (typeof IMPORT_STEPS)[number]['entity'];

/** "1234.56" -> 123456; throws on anything that is not plain decimal text with at most 2 decimals. */
export function centsOf(decimal: unknown): number {
	const text = String(decimal);
	const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
	if (!match) throw new Error(`not a decimal amount: ${JSON.stringify(decimal)}`);
	return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

// ---------------------------------------------------------------------------------------------
// The request log
// ---------------------------------------------------------------------------------------------

export interface LogStats {
	/** Every request that reached the emulator (attempts, retries included). */
	attempts: number;
	/** Answered 2xx. */
	succeeded: number;
	/** Failed attempts by cause: injected faults (500, 503, drop-before ...), 429s, others. */
	faults: Record<string, number>;
	rateLimited: number;
	/** Failed attempts followed later by a successful repeat of the same call (method, path, body). */
	recovered: number;
	/** Failed attempts never followed by a successful repeat. */
	unrecovered: RequestLogEntry[];
	/** Answers 4xx other than 429: the API refused the data. */
	refused: RequestLogEntry[];
	/** Accepted requests (not refused by the limits) in the busiest sliding window of `windowMs`. */
	busiestWindow: number;
	/** Most requests in flight at once, as the emulator counted them on arrival. */
	peakInFlight: number;
	/** First arrival to last answer, ms. */
	spanMs: number;
	/** 2xx POSTs per path (`/v1/customers` ...): records written; PUT and DELETE of contacts under one key each. */
	writesByPath: Record<string, number>;
}

const callKey = (entry: RequestLogEntry) =>
	`${entry.method} ${entry.path} ${JSON.stringify(entry.body ?? null)}`;
const isSuccess = (entry: RequestLogEntry) => entry.status >= 200 && entry.status < 300;

export function analyseLog(entries: RequestLogEntry[], windowMs = 60_000): LogStats {
	const sorted = [...entries].sort((a, b) => a.seq - b.seq);
	const lastSuccess = new Map<string, number>();
	for (const entry of sorted) if (isSuccess(entry)) lastSuccess.set(callKey(entry), entry.seq);

	const faults: Record<string, number> = {};
	const unrecovered: RequestLogEntry[] = [];
	const refused: RequestLogEntry[] = [];
	const writesByPath: Record<string, number> = {};
	let succeeded = 0;
	let recovered = 0;
	let rateLimited = 0;
	for (const entry of sorted) {
		if (isSuccess(entry)) {
			succeeded++;
			if (entry.method === 'POST') writesByPath[entry.path] = (writesByPath[entry.path] ?? 0) + 1;
			else if (/^\/v1\/customers\/[^/]+\/contacts\/[^/]+$/.test(entry.path)) {
				const key = `${entry.method} /v1/customers/{id}/contacts/{id}`;
				writesByPath[key] = (writesByPath[key] ?? 0) + 1;
			}
			continue;
		}
		const cause = entry.fault ?? String(entry.status);
		if (entry.status === 429) rateLimited++;
		else if (entry.fault) faults[cause] = (faults[cause] ?? 0) + 1;
		else refused.push(entry);
		if ((lastSuccess.get(callKey(entry)) ?? -1) > entry.seq) recovered++;
		else unrecovered.push(entry);
	}

	const busiest = busiestWindow(sorted, windowMs);
	const peakInFlight = sorted
		.filter((entry) => entry.status !== 429)
		.reduce((max, entry) => Math.max(max, entry.inFlight), 0);
	const spanMs = sorted.length
		? Math.max(...sorted.map((e) => e.respondedAt)) - Math.min(...sorted.map((e) => e.receivedAt))
		: 0;
	return {
		attempts: sorted.length,
		succeeded,
		faults,
		rateLimited,
		recovered,
		unrecovered,
		refused,
		busiestWindow: busiest,
		peakInFlight,
		spanMs,
		writesByPath,
	};
}

// ---------------------------------------------------------------------------------------------
// Checks: the printout against the emulator's state
// ---------------------------------------------------------------------------------------------

export interface Check {
	name: string;
	ok: boolean;
	/** What was wrong (a few examples), when not ok. */
	detail?: string;
}

export type Rows = Record<ImportEntity, IDataObject[]>;
export type Outputs = Record<ImportEntity, INodeExecutionData[]>;

/** The import steps that create records of their own (the contact steps change customers' contacts). */
type RecordEntity = Exclude<ImportEntity, 'contactUpdates' | 'contactRemovals'>;

export const ENTITY_API: Record<
	RecordEntity,
	{ dump: keyof OrganizationState; path: string; label: string }
> = {
	customers: { dump: 'customers', path: '/v1/customers', label: 'customers' },
	invoices: { dump: 'invoices', path: '/v1/invoices', label: 'invoices' },
	payments: { dump: 'payments', path: '/v1/payments', label: 'payments' },
	creditNotes: { dump: 'creditNotes', path: '/v1/credit_notes', label: 'credit notes' },
	refunds: { dump: 'refunds', path: '/v1/refunds', label: 'refunds' },
	latePayments: { dump: 'payments', path: '/v1/payments', label: 'payments matched later' },
	reconciliations: { dump: 'reconciliations', path: '/v1/reconcile', label: 'reconciliations' },
};

/** The entities whose records share a dump collection (payments and payments matched later): counted together. */
function sharing(entity: RecordEntity): RecordEntity[] {
	return (Object.keys(ENTITY_API) as RecordEntity[]).filter(
		(other) => ENTITY_API[other].dump === ENTITY_API[entity].dump,
	);
}

class CheckList {
	readonly checks: Check[] = [];

	/** Runs `probe`, which returns the problems it found (empty = ok). */
	add(name: string, probe: () => string[]): void {
		let problems: string[];
		try {
			problems = probe();
		} catch (error) {
			problems = [`check crashed: ${(error as Error).message}`];
		}
		const shown =
			problems.slice(0, 3).join('; ') +
			(problems.length > 3 ? `; ... ${problems.length - 3} more` : '');
		this.checks.push(problems.length ? { name, ok: false, detail: shown } : { name, ok: true });
	}
}

function expectEqual(problems: string[], what: string, actual: unknown, expected: unknown): void {
	if (JSON.stringify(actual) !== JSON.stringify(expected))
		problems.push(`${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}

/** Records of a dump collection by externalId, each with how often it occurs. */
function indexByExternalId<T extends { externalId: string | null }>(
	records: T[],
): Map<string, T[]> {
	const index = new Map<string, T[]>();
	for (const record of records) {
		const key = String(record.externalId);
		index.set(key, [...(index.get(key) ?? []), record]);
	}
	return index;
}

export interface CheckInput {
	rows: Rows;
	outputs: Outputs;
	dump: OrganizationState;
	log: LogStats;
	/** The credential's limits and Upflow's. */
	limits: { requestsPerMinute: number; credentialConcurrency: number; upflowConcurrency: number };
	executionError?: string;
}

/**
 * Rows and outputs per entity, from a run's output items by node name (n8n-core's result or a
 * real n8n's run data).
 */
export function importItems(output: (node: string) => INodeExecutionData[] | undefined): {
	rows: Rows;
	outputs: Outputs;
} {
	const rows = {} as Rows;
	const outputs = {} as Outputs;
	for (const step of IMPORT_STEPS) {
		rows[step.entity] = (output(step.code) ?? []).map((item) => item.json);
		outputs[step.entity] = output(step.upflow) ?? [];
	}
	return { rows, outputs };
}

export function checkImport({
	rows,
	outputs,
	dump,
	log,
	limits,
	executionError,
}: CheckInput): Check[] {
	const list = new CheckList();
	const entities = Object.keys(ENTITY_API) as RecordEntity[];

	list.add('the workflow finished without an execution error', () =>
		executionError ? [executionError] : [],
	);

	for (const entity of entities) {
		const { dump: collection, path, label } = ENTITY_API[entity];
		const source = rows[entity];
		const output = outputs[entity];
		const group = sharing(entity);
		const stored = dump[collection] as Array<{ externalId: string | null }>;
		list.add(
			`${label}: source rows = Upflow node output items = records in the emulator = successful writes`,
			() => {
				const all = (of: Rows | Outputs) =>
					group.reduce((sum, member) => sum + of[member].length, 0);
				const counts = {
					source: all(rows),
					output: all(outputs),
					emulator: stored.length,
					writes: log.writesByPath[path] ?? 0,
				};
				return new Set(Object.values(counts)).size === 1 && source.length > 0
					? []
					: [JSON.stringify(counts)];
			},
		);
		list.add(
			`${label}: every output item is its input row's record, in input order, with its Upflow id, without error`,
			() => {
				const problems: string[] = [];
				const byExternalId = indexByExternalId(stored);
				output.forEach((item, index) => {
					const record = byExternalId.get(String(item.json.externalId))?.[0] as
						| { id?: unknown }
						| undefined;
					// A reconciliation's answer names what it links; its own id may not be in it.
					if (record && (item.json.id !== undefined || entity !== 'reconciliations'))
						if (item.json.id !== record.id)
							problems.push(
								`item ${index}: id ${String(item.json.id)}, Upflow has ${String(record.id)}`,
							);
					if (item.error || item.json.error)
						problems.push(`item ${index}: ${String(item.json.error ?? item.error?.message)}`);
					const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
					const pairedIndex = typeof paired === 'number' ? paired : paired?.item;
					if (pairedIndex !== index)
						problems.push(`item ${index}: pairedItem ${JSON.stringify(item.pairedItem)}`);
					if (item.json.externalId !== source[index]?.externalId)
						problems.push(
							`item ${index}: ${String(item.json.externalId)} for row ${String(source[index]?.externalId)}`,
						);
				});
				return problems;
			},
		);
		list.add(`${label}: every source row is in the emulator exactly once`, () => {
			const index = indexByExternalId(stored);
			const problems: string[] = [];
			for (const row of source) {
				const found = index.get(String(row.externalId))?.length ?? 0;
				if (found !== 1) problems.push(`${String(row.externalId)} found ${found} times`);
			}
			const known = new Set(
				group.flatMap((member) => rows[member].map((row) => String(row.externalId))),
			);
			for (const record of stored)
				if (!known.has(String(record.externalId)))
					problems.push(`unexpected record ${String(record.externalId)}`);
			return problems;
		});
	}

	const removed = new Set(rows.contactRemovals.map((row) => String(row.externalId)));
	const customers = indexByExternalId(dump.customers);
	list.add(
		'customers: names, currency, address, VAT number and both contacts as in the source',
		() => {
			const problems: string[] = [];
			for (const row of rows.customers) {
				const customer = customers.get(String(row.externalId))?.[0];
				if (!customer) continue;
				const at = String(row.externalId);
				expectEqual(problems, `${at} name`, customer.name, row.name);
				expectEqual(problems, `${at} currency`, customer.currency, row.currency);
				expectEqual(problems, `${at} country`, customer.address?.country, row.country);
				expectEqual(problems, `${at} city`, customer.address?.city, row.city);
				expectEqual(
					problems,
					`${at} vatNumber`,
					customer.vatNumber,
					row.vatNumber === '' ? null : row.vatNumber,
				);
				const contacts = customer.contacts.map((c) => ({
					externalId: c.externalId,
					email: c.email,
					isMain: c.isMain,
				}));
				const expected = [
					{ externalId: row.billingContactId, email: row.billingEmail, isMain: true },
					{ externalId: row.payablesContactId, email: row.payablesEmail, isMain: false },
				].filter((contact) => !removed.has(String(contact.externalId)));
				const sortByEmail = (list: Array<{ email: unknown }>) =>
					[...list].sort((a, b) => String(a.email).localeCompare(String(b.email)));
				expectEqual(problems, `${at} contacts`, sortByEmail(contacts), sortByEmail(expected));
			}
			return problems;
		},
	);
	list.add(
		'contacts: two per customer, less the ones removed through /customers/{id}/contacts/{id}',
		() => {
			const expected = rows.customers.length * 2 - removed.size;
			const problems =
				dump.contacts.length === expected
					? []
					: [`${dump.contacts.length} contacts, expected ${expected}`];
			const deletes = log.writesByPath['DELETE /v1/customers/{id}/contacts/{id}'] ?? 0;
			if (deletes !== removed.size)
				problems.push(`${deletes} nested contact deletes, expected ${removed.size}`);
			return problems;
		},
	);
	list.add('contacts: phone numbers updated through PUT /customers/{id}/contacts/{id}', () => {
		const problems: string[] = [];
		for (const row of rows.contactUpdates) {
			const contact = dump.contacts.find((c) => c.externalId === row.externalId);
			expectEqual(problems, `${String(row.externalId)} phone`, contact?.phone, row.phone);
		}
		const updates = log.writesByPath['PUT /v1/customers/{id}/contacts/{id}'] ?? 0;
		if (updates !== rows.contactUpdates.length)
			problems.push(`${updates} nested contact updates, expected ${rows.contactUpdates.length}`);
		return problems;
	});

	const invoices = indexByExternalId(dump.invoices);
	list.add(
		'invoices: customer, number, dates, currency and exact cents of the decimal amounts',
		() => {
			const problems: string[] = [];
			for (const row of rows.invoices) {
				const invoice = invoices.get(String(row.externalId))?.[0];
				if (!invoice) continue;
				const at = String(row.externalId);
				expectEqual(
					problems,
					`${at} customer`,
					invoice.customer.externalId,
					row.customerExternalId,
				);
				expectEqual(problems, `${at} customId`, invoice.customId, row.number);
				expectEqual(problems, `${at} currency`, invoice.currency, row.currency);
				expectEqual(problems, `${at} grossAmount`, invoice.grossAmount, centsOf(row.grossAmount));
				expectEqual(problems, `${at} netAmount`, invoice.netAmount, centsOf(row.netAmount));
				expectEqual(problems, `${at} issuedAt`, invoice.issuedAt.slice(0, 10), row.issuedAt);
				expectEqual(problems, `${at} dueDate`, invoice.dueDate.slice(0, 10), row.dueDate);
			}
			return problems;
		},
	);

	const payments = indexByExternalId(dump.payments);
	list.add(
		'payments: customer, amount, instrument and the invoice each is applied to, with its amount',
		() => {
			const problems: string[] = [];
			for (const row of rows.payments) {
				const payment = payments.get(String(row.externalId))?.[0];
				if (!payment) continue;
				const at = String(row.externalId);
				expectEqual(
					problems,
					`${at} customer`,
					payment.customer.externalId,
					row.customerExternalId,
				);
				expectEqual(problems, `${at} amount`, payment.amount, centsOf(row.amount));
				expectEqual(problems, `${at} instrument`, payment.instrument, row.instrument);
				expectEqual(
					problems,
					`${at} linkedInvoices`,
					payment.linkedInvoices.map((link) => ({
						invoice: link.invoice.externalId,
						linkedAmount: link.linkedAmount,
					})),
					[{ invoice: row.invoiceExternalId, linkedAmount: centsOf(row.appliedAmount) }],
				);
			}
			return problems;
		},
	);

	list.add(
		'credit note and refund: amounts and links (credit note -> invoice, refund -> credit note)',
		() => {
			const problems: string[] = [];
			const creditNotes = indexByExternalId(dump.creditNotes);
			for (const row of rows.creditNotes) {
				const note = creditNotes.get(String(row.externalId))?.[0];
				if (!note) continue;
				expectEqual(
					problems,
					`${String(row.externalId)} grossAmount`,
					note.grossAmount,
					centsOf(row.grossAmount),
				);
				expectEqual(
					problems,
					`${String(row.externalId)} netAmount`,
					note.netAmount,
					centsOf(row.netAmount),
				);
				expectEqual(
					problems,
					`${String(row.externalId)} customer`,
					note.customer.externalId,
					row.customerExternalId,
				);
				expectEqual(
					problems,
					`${String(row.externalId)} linkedInvoices`,
					note.linkedInvoices.map((link) => ({
						invoice: link.invoice.externalId,
						linkedAmount: link.linkedAmount,
					})),
					[{ invoice: row.invoiceExternalId, linkedAmount: centsOf(row.appliedAmount) }],
				);
			}
			const refunds = indexByExternalId(dump.refunds);
			for (const row of rows.refunds) {
				const refund = refunds.get(String(row.externalId))?.[0];
				if (!refund) continue;
				expectEqual(
					problems,
					`${String(row.externalId)} amount`,
					refund.amount,
					centsOf(row.amount),
				);
				expectEqual(
					problems,
					`${String(row.externalId)} validatedAt`,
					refund.validatedAt.slice(0, 10),
					String(row.validatedAt).slice(0, 10),
				);
				expectEqual(
					problems,
					`${String(row.externalId)} linkedCreditNotes`,
					refund.linkedCreditNotes.map((link) => ({
						creditNote: link.creditNote.externalId,
						linkedAmount: link.linkedAmount,
					})),
					[{ creditNote: row.creditNoteExternalId, linkedAmount: centsOf(row.refundedAmount) }],
				);
			}
			return problems;
		},
	);

	list.add(
		'payments matched later: unlinked at import, then applied to the two invoices of their reconciliation',
		() => {
			const problems: string[] = [];
			for (const row of rows.reconciliations) {
				const payment = payments.get(String(row.paymentExternalId))?.[0];
				if (!payment) {
					problems.push(`${String(row.paymentExternalId)} not in the emulator`);
					continue;
				}
				expectEqual(
					problems,
					`${String(row.paymentExternalId)} linkedInvoices`,
					payment.linkedInvoices.map((link) => ({
						invoice: link.invoice.externalId,
						linkedAmount: link.linkedAmount,
					})),
					[
						{ invoice: row.firstInvoiceExternalId, linkedAmount: centsOf(row.firstAmount) },
						{ invoice: row.secondInvoiceExternalId, linkedAmount: centsOf(row.secondAmount) },
					],
				);
				const stored = dump.reconciliations.find(
					(reconciliation) => reconciliation.externalId === row.externalId,
				);
				expectEqual(
					problems,
					`${String(row.externalId)} in the emulator`,
					stored?.invoices.map((item) => item.externalId),
					[row.firstInvoiceExternalId, row.secondInvoiceExternalId],
				);
			}
			for (const row of rows.latePayments) {
				const payment = payments.get(String(row.externalId))?.[0];
				if (payment)
					expectEqual(
						problems,
						`${String(row.externalId)} amount`,
						payment.amount,
						centsOf(row.amount),
					);
			}
			return problems;
		},
	);

	list.add(
		"payments applied: every invoice's outstanding amount and state follow from the source",
		() => {
			const problems: string[] = [];
			const expected = expectedOutstanding(rows);
			for (const row of rows.invoices) {
				const invoice = invoices.get(String(row.externalId))?.[0];
				if (!invoice) continue;
				const at = String(row.externalId);
				const outstanding = expected.get(at)!;
				expectEqual(problems, `${at} amountOutstanding`, invoice.amountOutstanding, outstanding);
				if ((invoice.state === 'PAID') !== (outstanding === 0))
					problems.push(`${at} state ${invoice.state} with ${outstanding} cents outstanding`);
				const paidBy = [
					...rows.payments
						.filter((payment) => payment.invoiceExternalId === row.externalId)
						.map((payment) => payment.externalId),
					...rows.reconciliations
						.filter(
							(reconciliation) =>
								reconciliation.firstInvoiceExternalId === row.externalId ||
								reconciliation.secondInvoiceExternalId === row.externalId,
						)
						.map((reconciliation) => reconciliation.paymentExternalId),
				].sort();
				expectEqual(
					problems,
					`${at} payments`,
					invoice.payments.map((payment) => payment.externalId).sort(),
					paidBy,
				);
			}
			return problems;
		},
	);

	list.add(
		"totals per currency: invoiced and paid cents in the emulator = the source's decimal amounts",
		() => {
			const problems: string[] = [];
			const sum = (pairs: Array<[string, number]>) => {
				const totals: Record<string, number> = {};
				for (const [currency, cents] of pairs) totals[currency] = (totals[currency] ?? 0) + cents;
				return Object.fromEntries(Object.entries(totals).sort(([a], [b]) => a.localeCompare(b)));
			};
			expectEqual(
				problems,
				'invoiced',
				sum(dump.invoices.map((invoice) => [invoice.currency, invoice.grossAmount])),
				sum(rows.invoices.map((row) => [String(row.currency), centsOf(row.grossAmount)])),
			);
			expectEqual(
				problems,
				'paid',
				sum(dump.payments.map((payment) => [payment.currency, payment.amount])),
				sum(
					[...rows.payments, ...rows.latePayments].map((row) => [
						String(row.currency),
						centsOf(row.amount),
					]),
				),
			);
			return problems;
		},
	);

	list.add(
		'request log: every failed attempt (fault or 429) was followed by a successful repeat',
		() =>
			log.unrecovered.map((entry) =>
				`#${entry.seq} ${entry.method} ${entry.path} -> ${entry.status || 'dropped'} ${entry.fault ?? ''}`.trim(),
			),
	);
	list.add('request log: Upflow refused nothing (no 4xx other than 429)', () =>
		log.refused.map((entry) => `#${entry.seq} ${entry.method} ${entry.path} -> ${entry.status}`),
	);
	list.add(
		`limits: at most ${limits.requestsPerMinute} requests in any 60 s window, ${limits.credentialConcurrency} in flight (Upflow allows ${limits.upflowConcurrency})`,
		() => {
			const problems: string[] = [];
			if (log.busiestWindow > limits.requestsPerMinute)
				problems.push(`${log.busiestWindow} requests in one window`);
			if (log.peakInFlight > limits.credentialConcurrency)
				problems.push(`${log.peakInFlight} in flight`);
			return problems;
		},
	);

	return list.checks;
}

/**
 * Cents still due per invoice externalId: gross - applied payments - credit notes, where a refund
 * of a credit note gives back what it refunds (Upflow's model, as the emulator implements it).
 */
export function expectedOutstanding(rows: Rows): Map<string, number> {
	const refundedOfNote = new Map<string, number>();
	for (const refund of rows.refunds) {
		const note = String(refund.creditNoteExternalId);
		refundedOfNote.set(note, (refundedOfNote.get(note) ?? 0) + centsOf(refund.refundedAmount));
	}
	const covered = new Map<string, number>();
	const cover = (invoice: unknown, cents: number) =>
		covered.set(String(invoice), (covered.get(String(invoice)) ?? 0) + cents);
	for (const payment of rows.payments)
		cover(payment.invoiceExternalId, centsOf(payment.appliedAmount));
	for (const reconciliation of rows.reconciliations) {
		cover(reconciliation.firstInvoiceExternalId, centsOf(reconciliation.firstAmount));
		cover(reconciliation.secondInvoiceExternalId, centsOf(reconciliation.secondAmount));
	}
	for (const note of rows.creditNotes) {
		const applied = centsOf(note.appliedAmount);
		cover(
			note.invoiceExternalId,
			applied - Math.min(applied, refundedOfNote.get(String(note.externalId)) ?? 0),
		);
	}
	const outstanding = new Map<string, number>();
	for (const invoice of rows.invoices) {
		const id = String(invoice.externalId);
		outstanding.set(id, Math.max(0, centsOf(invoice.grossAmount) - (covered.get(id) ?? 0)));
	}
	return outstanding;
}
