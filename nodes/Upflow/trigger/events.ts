/**
 * What each trigger event watches and when it fires. Pure: no I/O, no clock of its own.
 *
 * Every rule answers, for one record seen now and the small value remembered for it (undefined for
 * a record never seen before), the value to remember and whether to emit the record.
 */
import type { IDataObject } from 'n8n-workflow';

import { creditNoteApi } from '../resources/creditNote/api';
import { customerApi } from '../resources/customer/api';
import type { EntityApi } from '../resources/api';
import { invoiceApi } from '../resources/invoice/api';
import { paymentApi } from '../resources/payment/api';
import { refundApi } from '../resources/refund/api';
import { cyrb53, stableStringify, topBits } from '../shared/hash';
import type { Layout } from './codec';

export type CollectionKey = 'customers' | 'invoices' | 'payments' | 'creditNotes' | 'refunds';

/**
 * The list endpoints, from the entity registry: no filter or sort is known to work, and whether a
 * list runs oldest or newest first is not established (order.ts tells it from the data).
 */
export const COLLECTIONS: Record<CollectionKey, EntityApi> = {
	customers: customerApi,
	invoices: invoiceApi,
	payments: paymentApi,
	creditNotes: creditNoteApi,
	refunds: refundApi,
};

/**
 * - new: a record not seen before (only the newest end of the list is read).
 * - updated: one of the watched fields changed.
 * - paid: the amount outstanding reached 0.
 * - overdue: the due date passed with an amount outstanding, once per invoice.
 */
export type Rule = 'new' | 'updated' | 'paid' | 'overdue';

export type EventName =
	| 'newCustomer'
	| 'customerUpdated'
	| 'newInvoice'
	| 'invoiceUpdated'
	| 'invoicePaid'
	| 'invoiceOverdue'
	| 'newPayment'
	| 'newCreditNote'
	| 'newRefund';

export interface EventDefinition {
	name: EventName;
	displayName: string;
	description: string;
	collection: CollectionKey;
	rule: Rule;
	/** The node parameter holding the watched fields ("updated" events only). */
	fieldsParameter?: 'customerFields' | 'invoiceFields';
}

export const EVENTS: readonly EventDefinition[] = [
	{
		name: 'newCustomer',
		displayName: 'New Customer',
		description: 'A customer is created',
		collection: 'customers',
		rule: 'new',
	},
	{
		name: 'customerUpdated',
		displayName: 'Customer Updated',
		description: 'One of the watched fields of a customer changes',
		collection: 'customers',
		rule: 'updated',
		fieldsParameter: 'customerFields',
	},
	{
		name: 'newInvoice',
		displayName: 'New Invoice',
		description: 'An invoice is created',
		collection: 'invoices',
		rule: 'new',
	},
	{
		name: 'invoiceUpdated',
		displayName: 'Invoice Updated',
		description: 'One of the watched fields of an invoice changes',
		collection: 'invoices',
		rule: 'updated',
		fieldsParameter: 'invoiceFields',
	},
	{
		name: 'invoicePaid',
		displayName: 'Invoice Paid',
		description: 'The amount outstanding of an invoice reaches 0',
		collection: 'invoices',
		rule: 'paid',
	},
	{
		name: 'invoiceOverdue',
		displayName: 'Invoice Overdue',
		description: 'The due date of an invoice passes with an amount outstanding (once per invoice)',
		collection: 'invoices',
		rule: 'overdue',
	},
	{
		name: 'newPayment',
		displayName: 'New Payment',
		description: 'A payment is created',
		collection: 'payments',
		rule: 'new',
	},
	{
		name: 'newCreditNote',
		displayName: 'New Credit Note',
		description: 'A credit note is created',
		collection: 'creditNotes',
		rule: 'new',
	},
	{
		name: 'newRefund',
		displayName: 'New Refund',
		description: 'A refund is created',
		collection: 'refunds',
		rule: 'new',
	},
];

export function eventDefinition(name: string): EventDefinition | undefined {
	return EVENTS.find((event) => event.name === name);
}

export interface WatchedField {
	name: string;
	value: string;
	description?: string;
	/** What of the record counts; default the field itself. */
	read?: (record: IDataObject) => unknown;
}

export const CUSTOMER_FIELDS: readonly WatchedField[] = [
	// The value is the one saved workflows hold; Upflow's field is accountManagerId.
	{ name: 'Account Manager', value: 'accountManager', read: (record) => record.accountManagerId },
	{ name: 'Address', value: 'address' },
	{
		name: 'Balance',
		value: 'balance',
		description: 'Changes with every invoice, payment or credit note of the customer',
	},
	{ name: 'Contacts', value: 'contacts' },
	{ name: 'Count of Invoices Due', value: 'countInvoicesDue' },
	{ name: 'Currency', value: 'currency' },
	{ name: 'Custom Fields', value: 'customFields' },
	{ name: 'Dunning Plan', value: 'dunningPlanId' },
	{ name: 'External ID', value: 'externalId' },
	{ name: 'Name', value: 'name' },
	{ name: 'Parent Customer', value: 'parent' },
	{ name: 'VAT Number', value: 'vatNumber' },
];

export const INVOICE_FIELDS: readonly WatchedField[] = [
	{ name: 'Amount Outstanding', value: 'amountOutstanding' },
	{ name: 'Currency', value: 'currency' },
	{ name: 'Custom Fields', value: 'customFields' },
	{ name: 'Custom ID', value: 'customId' },
	{ name: 'Customer', value: 'customerId' },
	{ name: 'Due Date', value: 'dueDate' },
	{ name: 'Dunning Plan', value: 'dunningPlanId' },
	{ name: 'External ID', value: 'externalId' },
	{ name: 'Gross Amount', value: 'grossAmount' },
	{ name: 'Issue Date', value: 'issuedAt' },
	{ name: 'Name', value: 'name' },
	{ name: 'Net Amount', value: 'netAmount' },
	{
		name: 'Payments',
		value: 'payments',
		description:
			"The payments linked to the invoice (a change here also changes 'Amount Outstanding')",
	},
	{
		name: 'PDF Attached',
		value: 'pdfUrl',
		description:
			'Whether a PDF is attached (the download URL itself expires and is never compared)',
		read: (record) => record.pdfUrl !== null && record.pdfUrl !== undefined && record.pdfUrl !== '',
	},
	{
		name: 'State',
		value: 'state',
		description:
			"Upflow's state of the invoice, e.g. DUE, OVERDUE, PAID: it also changes when the due date passes",
	},
];

function watchedFieldsOf(definition: EventDefinition): readonly WatchedField[] {
	if (definition.fieldsParameter === 'customerFields') return CUSTOMER_FIELDS;
	if (definition.fieldsParameter === 'invoiceFields') return INVOICE_FIELDS;
	return [];
}

/** How many bytes of state one record costs, per rule (see codec.ts). */
export const LAYOUTS: Record<Rule, Layout> = {
	// Only the last records are kept: wide ids (36 bits), no value.
	new: { chars: 6, valueBits: 0 },
	// 24-bit id + 18-bit fingerprint of the watched fields = 7 bytes.
	updated: { chars: 7, valueBits: 18 },
	// 23-bit id + 1 flag (paid / overdue already reported) = 4 bytes.
	paid: { chars: 4, valueBits: 1 },
	overdue: { chars: 4, valueBits: 1 },
};

const VALUE_SEED = 0x5eed;

export interface Verdict {
	/** What to remember for the record. */
	value: number;
	emit: boolean;
}

/**
 * @param previous the remembered value, undefined when the record was never seen
 * @param silent   a record never seen before that belongs to the baseline: remember, never emit
 */
export type Judge = (record: IDataObject, previous: number | undefined, silent: boolean) => Verdict;

export interface JudgeOptions {
	/** Watched field values ("updated"); unknown names are ignored. */
	fields?: readonly string[];
	/** The poll's time, ms since the epoch ("overdue"). */
	now?: number;
}

export function judgeFor(definition: EventDefinition, options: JudgeOptions = {}): Judge {
	switch (definition.rule) {
		case 'new':
			return (_record, previous, silent) => ({ value: 0, emit: previous === undefined && !silent });
		case 'updated': {
			const catalog = watchedFieldsOf(definition);
			const watched = catalog.filter((field) => (options.fields ?? []).includes(field.value));
			const bits = LAYOUTS.updated.valueBits;
			return (record, previous) => {
				const picked = watched.map((field) =>
					field.read ? field.read(record) : record[field.value],
				);
				const value = topBits(cyrb53(stableStringify(picked), VALUE_SEED), bits);
				return { value, emit: previous !== undefined && previous !== value };
			};
		}
		case 'paid':
			return (record, previous, silent) => {
				const value = isPaid(record) ? 1 : 0;
				return {
					value,
					emit: value === 1 && (previous === 0 || (previous === undefined && !silent)),
				};
			};
		case 'overdue': {
			const now = options.now ?? 0;
			return (record, previous, silent) => {
				// Once reported, never again for this invoice.
				if (previous === 1) return { value: 1, emit: false };
				const overdue = isOverdue(record, now);
				return { value: overdue ? 1 : 0, emit: overdue && !(previous === undefined && silent) };
			};
		}
	}
}

function amountOf(value: unknown): number | undefined {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

/** Paid: something was to be paid (gross > 0) and nothing is outstanding any more. */
export function isPaid(record: IDataObject): boolean {
	const outstanding = amountOf(record.amountOutstanding);
	const gross = amountOf(record.grossAmount);
	return outstanding !== undefined && outstanding <= 0 && (gross === undefined || gross > 0);
}

/**
 * When the due date is over: a date alone (2024-05-31) is over at the end of that day, UTC;
 * a date and time is over at that instant. Undefined when there is no readable due date.
 */
export function dueDatePassedAt(dueDate: unknown): number | undefined {
	if (typeof dueDate !== 'string' || dueDate.trim() === '') return undefined;
	const text = dueDate.trim();
	const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (dateOnly)
		return Date.UTC(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3]) + 1);
	const time = Date.parse(text);
	return Number.isNaN(time) ? undefined : time;
}

/** Overdue: the due date is over and an amount is still outstanding. */
export function isOverdue(record: IDataObject, now: number): boolean {
	const outstanding = amountOf(record.amountOutstanding);
	const passedAt = dueDatePassedAt(record.dueDate);
	return outstanding !== undefined && outstanding > 0 && passedAt !== undefined && now >= passedAt;
}

const ID_SEED = 0x1d;

/** The 53-bit fingerprint of a record's identity (its Upflow id). */
export function identityHash(record: IDataObject): number {
	const id = record.id ?? record.externalId;
	const key =
		typeof id === 'string' || typeof id === 'number' ? String(id) : stableStringify(record);
	return cyrb53(key, ID_SEED);
}
