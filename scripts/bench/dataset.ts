/**
 * The import every contender runs: N customers, then N invoices (invoice i belongs to customer
 * i mod C), then N payments (payment i pays half of invoice i). Deterministic, so the parent can
 * rebuild the source to compare with the emulator's dump, and each child builds only its own share.
 *
 * `bodies` are the API write shapes (what the Upflow node sends for the parameters in
 * `nodeParameters`), so every contender sends the same JSON.
 */
import type { IDataObject } from 'n8n-workflow';

export type Stage = 'customers' | 'invoices' | 'payments';
export const STAGES: readonly Stage[] = ['customers', 'invoices', 'payments'];

export interface DatasetSpec {
	/** Number of records of each kind (N customers, N invoices, N payments). */
	records: number;
	/** Invoices per customer: customers = ceil(records / invoicesPerCustomer) (default 1). */
	invoicesPerCustomer?: number;
	/** Only the records i with i % of === share (two-workers mode); default all. */
	share?: { index: number; of: number };
}

/** One row of a stage: the source record as a flat JSON item, and its parent (for cascades). */
export interface Row {
	/** Index of the record in the full dataset. */
	i: number;
	externalId: string;
	/** The record this one needs (invoice -> customer, payment -> invoice); undefined for customers. */
	parent?: string;
	/** The customer lane (customer externalId). */
	customer: string;
	/** Flat fields, the input item of the n8n node. */
	json: IDataObject;
	/** The API write body. */
	body: IDataObject;
}

export const customerId = (c: number) => `C-${c}`;
export const invoiceId = (i: number) => `I-${i}`;
export const paymentId = (i: number) => `P-${i}`;

export function customerCount(spec: DatasetSpec): number {
	return Math.ceil(spec.records / (spec.invoicesPerCustomer ?? 1));
}

function day(i: number): string {
	return `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
}

/** The node normalizes a date to midnight UTC: the raw contenders send that same text. */
const iso = (date: string) => `${date}T00:00:00.000Z`;

function inShare(spec: DatasetSpec, i: number): boolean {
	return !spec.share || i % spec.share.of === spec.share.index;
}

export function customerRows(spec: DatasetSpec): Row[] {
	const customers = customerCount(spec);
	const rows: Row[] = [];
	for (let c = 0; c < customers; c++) {
		// A customer belongs to the share of its first invoice, so a worker imports whole families.
		if (!inShare(spec, c)) continue;
		const externalId = customerId(c);
		const json = { externalId, name: `Bench customer ${c}` };
		rows.push({ i: c, externalId, customer: externalId, json, body: { ...json } });
	}
	return rows;
}

/** Gross amount of invoice i, in cents. */
const grossOf = (i: number, bump = 0) => 10_000 + (i % 997) * 100 + bump;

/** Rows for records i of the full dataset in this share, customer c = i mod customers. */
function recordRows(spec: DatasetSpec, row: (i: number, c: number) => Row): Row[] {
	const customers = customerCount(spec);
	const rows: Row[] = [];
	for (let i = 0; i < spec.records; i++)
		if (inShare(spec, i % customers)) rows.push(row(i, i % customers));
	return rows;
}

export function invoiceRows(spec: DatasetSpec, bump: (i: number) => number = () => 0): Row[] {
	return recordRows(spec, (i, c) => {
		const externalId = invoiceId(i);
		const gross = grossOf(i, bump(i));
		const json = {
			externalId,
			customId: `INV-${i}`,
			customer: customerId(c),
			issuedAt: day(i),
			dueDate: '2025-01-31',
			currency: 'EUR',
			gross,
			net: Math.round(gross / 1.2),
		};
		const body = {
			externalId,
			customId: json.customId,
			customer: { externalId: json.customer },
			issuedAt: iso(json.issuedAt),
			dueDate: iso(json.dueDate),
			currency: 'EUR',
			grossAmount: gross,
			netAmount: json.net,
		};
		return { i, externalId, parent: customerId(c), customer: customerId(c), json, body };
	});
}

export function paymentRows(spec: DatasetSpec): Row[] {
	return recordRows(spec, (i, c) => {
		const externalId = paymentId(i);
		const amount = Math.floor(grossOf(i) / 2);
		const json = {
			externalId,
			customer: customerId(c),
			invoice: invoiceId(i),
			amount,
			currency: 'EUR',
			validatedAt: day(i + 1),
		};
		const body = {
			externalId,
			customer: { externalId: json.customer },
			amount,
			currency: 'EUR',
			validatedAt: iso(json.validatedAt),
			linkedInvoices: [{ invoice: { externalId: json.invoice }, linkedAmount: amount }],
		};
		return { i, externalId, parent: invoiceId(i), customer: customerId(c), json, body };
	});
}

/** A stage's rows; the API path of a stage is `/${stage}`. */
export function stageRows(spec: DatasetSpec, stage: Stage): Row[] {
	if (stage === 'customers') return customerRows(spec);
	if (stage === 'invoices') return invoiceRows(spec);
	return paymentRows(spec);
}

/** The Upflow node's parameters for each stage (expressions over the flat items). */
export const NODE_PARAMETERS: Record<Stage, IDataObject> = {
	customers: {
		resource: 'customer',
		operation: 'upsert',
		externalId: '={{ $json.externalId }}',
		name: '={{ $json.name }}',
	},
	invoices: {
		resource: 'invoice',
		operation: 'upsert',
		amountsIn: 'cents',
		externalId: '={{ $json.externalId }}',
		customId: '={{ $json.customId }}',
		customer: { __rl: true, mode: 'externalId', value: '={{ $json.customer }}' },
		issuedAt: '={{ $json.issuedAt }}',
		dueDate: '={{ $json.dueDate }}',
		currency: '={{ $json.currency }}',
		grossAmount: '={{ $json.gross }}',
		netAmount: '={{ $json.net }}',
	},
	payments: {
		resource: 'payment',
		operation: 'upsert',
		amountsIn: 'cents',
		externalId: '={{ $json.externalId }}',
		customer: { __rl: true, mode: 'externalId', value: '={{ $json.customer }}' },
		amount: '={{ $json.amount }}',
		currency: '={{ $json.currency }}',
		validatedAt: '={{ $json.validatedAt }}',
		additionalFields: {
			linkedInvoices: {
				link: [{ externalId: '={{ $json.invoice }}', linkedAmount: '={{ $json.amount }}' }],
			},
		},
	},
};
