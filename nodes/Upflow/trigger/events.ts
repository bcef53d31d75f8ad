/**
 * The trigger's events, in one list: for each, the Upflow list it reads (the entity's api.ts: path,
 * envelope, page cap), the engine that finds what happened in it, and when it fires. The node's
 * Event options, its Fields to Watch and Action Type parameters, its cost notices, Fetch Test
 * Event and the bytes stored per record all follow from this list. Pure: no I/O, no clock of its own.
 */
import type { IDataObject } from 'n8n-workflow';

import { actionApi } from '../resources/action/api';
import type { EntityApi } from '../resources/api';
import { creditNoteApi } from '../resources/creditNote/api';
import { customerApi } from '../resources/customer/api';
import { invoiceApi } from '../resources/invoice/api';
import { paymentApi } from '../resources/payment/api';
import { refundApi } from '../resources/refund/api';
import { cyrb53, stableStringify, topBits } from '../shared/hash';
import { readStamp } from './order';
import type { Layout } from './state';

export type EventName =
	| 'newCustomer'
	| 'customerUpdated'
	| 'newInvoice'
	| 'invoiceUpdated'
	| 'invoicePaid'
	| 'invoiceOverdue'
	| 'newPayment'
	| 'newCreditNote'
	| 'newRefund'
	| 'newAction'
	| 'actionUpdated'
	| 'customerReplied';

/**
 * What an event reports:
 * - new: a record created after activation;
 * - updated: a record that changed: one of its watched fields (fingerprints), its `updatedAt` (stamps);
 * - paid: an invoice whose amount outstanding reached 0;
 * - overdue: an invoice whose due date passed with an amount outstanding, once per invoice.
 */
export type Rule = 'new' | 'updated' | 'paid' | 'overdue';

/** What the user set that changes what an event reports (a change starts a new baseline). */
export interface EventSettings {
	/** Fields to Watch (the events with `watch`). */
	fields: readonly string[];
	/** Action Type (the events with `byType`); empty for any. */
	actionType: string;
}

export interface WatchedField {
	name: string;
	value: string;
	description?: string;
	/** What of the record counts; default the field itself. */
	read?: (record: IDataObject) => unknown;
}

/** A "Fields to Watch" parameter of the node. */
export interface FieldsToWatch {
	parameter: string;
	catalog: readonly WatchedField[];
	/** Watched unless the user changes them. */
	defaults: string[];
}

interface EventBase {
	name: EventName;
	displayName: string;
	description: string;
	/** The list it reads. */
	list: EntityApi;
}

/**
 * The fingerprint engine (fingerprintScan.ts), for lists whose records carry no change stamp: it
 * remembers a small fingerprint of each record (of the newest ones only, for `new`) and compares.
 */
type FingerprintEvent = EventBase & { engine: 'fingerprints' } & (
		| { rule: 'updated'; watch: FieldsToWatch }
		| { rule: 'new' | 'paid' | 'overdue' }
	);

/**
 * The stamp engine (stampScan.ts), for lists whose records carry `createdAt` and `updatedAt`
 * (actions): a cursor on `createdAt` (new) or `updatedAt` (updated).
 */
interface StampEvent extends EventBase {
	engine: 'stamps';
	rule: 'new' | 'updated';
	/** Whether an action stamped after the cursor is one this event reports. */
	keep: (record: IDataObject, settings: EventSettings) => boolean;
	/** The Action Type parameter applies. */
	byType?: true;
}

export type EventDefinition = FingerprintEvent | StampEvent;

export type EngineName = EventDefinition['engine'];

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

export const EVENTS: readonly EventDefinition[] = [
	{
		name: 'newCustomer',
		displayName: 'New Customer',
		description: 'A customer is created',
		list: customerApi,
		engine: 'fingerprints',
		rule: 'new',
	},
	{
		name: 'customerUpdated',
		displayName: 'Customer Updated',
		description: 'One of the watched fields of a customer changes',
		list: customerApi,
		engine: 'fingerprints',
		rule: 'updated',
		watch: {
			parameter: 'customerFields',
			catalog: CUSTOMER_FIELDS,
			// Not Balance nor Count of Invoices Due: they change with every invoice or payment.
			defaults: [
				'accountManager',
				'address',
				'contacts',
				'currency',
				'customFields',
				'dunningPlanId',
				'externalId',
				'name',
				'parent',
				'vatNumber',
			],
		},
	},
	{
		name: 'newInvoice',
		displayName: 'New Invoice',
		description: 'An invoice is created',
		list: invoiceApi,
		engine: 'fingerprints',
		rule: 'new',
	},
	{
		name: 'invoiceUpdated',
		displayName: 'Invoice Updated',
		description: 'One of the watched fields of an invoice changes',
		list: invoiceApi,
		engine: 'fingerprints',
		rule: 'updated',
		watch: {
			parameter: 'invoiceFields',
			catalog: INVOICE_FIELDS,
			// Not Payments (Amount Outstanding covers them) nor PDF Attached.
			defaults: [
				'amountOutstanding',
				'currency',
				'customFields',
				'customId',
				'customerId',
				'dueDate',
				'dunningPlanId',
				'externalId',
				'grossAmount',
				'issuedAt',
				'name',
				'netAmount',
				'state',
			],
		},
	},
	{
		name: 'invoicePaid',
		displayName: 'Invoice Paid',
		description: 'The amount outstanding of an invoice reaches 0',
		list: invoiceApi,
		engine: 'fingerprints',
		rule: 'paid',
	},
	{
		name: 'invoiceOverdue',
		displayName: 'Invoice Overdue',
		description: 'The due date of an invoice passes with an amount outstanding (once per invoice)',
		list: invoiceApi,
		engine: 'fingerprints',
		rule: 'overdue',
	},
	{
		name: 'newPayment',
		displayName: 'New Payment',
		description: 'A payment is created',
		list: paymentApi,
		engine: 'fingerprints',
		rule: 'new',
	},
	{
		name: 'newCreditNote',
		displayName: 'New Credit Note',
		description: 'A credit note is created',
		list: creditNoteApi,
		engine: 'fingerprints',
		rule: 'new',
	},
	{
		name: 'newRefund',
		displayName: 'New Refund',
		description: 'A refund is created',
		list: refundApi,
		engine: 'fingerprints',
		rule: 'new',
	},
	{
		name: 'newAction',
		displayName: 'New Action',
		description: 'A reminder, task or reply is created in Upflow (any type, or the type chosen)',
		list: actionApi,
		engine: 'stamps',
		rule: 'new',
		byType: true,
		keep: (action, settings) => !settings.actionType || action.type === settings.actionType,
	},
	{
		name: 'actionUpdated',
		displayName: 'Action Updated',
		description:
			'An action changes, e.g. a task is done or a reminder is sent (its updatedAt moves)',
		list: actionApi,
		engine: 'stamps',
		rule: 'updated',
		// An action created and never changed has updatedAt = createdAt: that is New Action.
		keep: (action) =>
			(readStamp(action, 'updatedAt') ?? Number.NaN) >
			(readStamp(action, 'createdAt') ?? Number.NaN),
	},
	{
		name: 'customerReplied',
		displayName: 'Customer Replied',
		description: 'A customer replies to a reminder (an action whose source is REPLY)',
		list: actionApi,
		engine: 'stamps',
		rule: 'new',
		keep: (action) => action.source === 'REPLY',
	},
];

export function eventDefinition(name: string): EventDefinition | undefined {
	return EVENTS.find((event) => event.name === name);
}

/** How many bytes of state one record costs, per rule of the fingerprint engine (state.ts packs them). */
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
 * The fingerprint engine's rules: for one record seen now and the small value remembered for it,
 * the value to remember and whether to emit the record.
 *
 * @param previous the remembered value, undefined when the record was never seen
 * @param silent   a record never seen before that belongs to the baseline: remember, never emit
 */
export type Judge = (record: IDataObject, previous: number | undefined, silent: boolean) => Verdict;

/** `now`: the poll's time, ms since the epoch (overdue). */
export function judgeFor(event: EventDefinition, settings: EventSettings, now: number): Judge {
	switch (event.rule) {
		case 'new':
			return (_record, previous, silent) => ({ value: 0, emit: previous === undefined && !silent });
		case 'updated': {
			const catalog = 'watch' in event ? event.watch.catalog : [];
			const watched = catalog.filter((field) => settings.fields.includes(field.value));
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
		case 'overdue':
			return (record, previous, silent) => {
				// Once reported, never again for this invoice.
				if (previous === 1) return { value: 1, emit: false };
				const overdue = isOverdue(record, now);
				return { value: overdue ? 1 : 0, emit: overdue && !(previous === undefined && silent) };
			};
	}
}

/** Whether a record is one the event reports, as it stands (Fetch Test Event prefers such a record). */
export function fits(
	event: EventDefinition,
	record: IDataObject,
	settings: EventSettings,
	now: number,
): boolean {
	if (event.engine === 'stamps') return event.keep(record, settings);
	if (event.rule === 'paid') return isPaid(record);
	if (event.rule === 'overdue') return isOverdue(record, now);
	return true;
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
