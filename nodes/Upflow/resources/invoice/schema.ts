/**
 * Invoice write shapes.
 */
import { z } from 'zod';

import {
	type SchemaOptions,
	additionalFields,
	amount,
	body,
	currency,
	customFieldValues,
	date,
	idText,
	mergeAdditionalFields,
	nameText,
	optional,
	reference,
	required,
	requireSomeField,
	checkNetAmount,
} from '../../schemas/blocks';

/**
 * Invoice write shape (POST /v1/invoices, upsert by externalId; the customer must already exist).
 *   [claimed] externalId, customId, customer {externalId}|{id}, issuedAt, dueDate, currency,
 *             grossAmount, netAmount, name?
 *   [seen]    amounts in integer cents, dates ISO 8601, currency ISO 4217
 *   [assumed] customFields on invoices                              -> customFields
 *   [assumed] dueDate required and not before issuedAt              -> dueDate, checkInvoice
 *   [assumed] netAmount <= grossAmount (net = before tax)           -> checkInvoice
 *   [assumed] no negative invoice amounts (a credit note instead)   -> INVOICE_AMOUNTS
 *   [assumed] PUT /v1/invoices/{id} takes a partial body            -> invoiceUpdateSchema
 */
const INVOICE_AMOUNTS = {
	allowNegative: false,
	negativeHint:
		'invoice amounts are zero or more: record money owed back to the customer as a credit note',
};

function invoiceFields(options: SchemaOptions) {
	return {
		name: optional(nameText),
		customFields: customFieldValues(options),
		additionalFields: additionalFields(options),
	};
}

function checkInvoice(
	value: { issuedAt?: string; dueDate?: string; grossAmount?: number; netAmount?: number },
	ctx: z.RefinementCtx,
	options: SchemaOptions,
): void {
	if (
		value.issuedAt !== undefined &&
		value.dueDate !== undefined &&
		value.dueDate < value.issuedAt
	) {
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			path: ['dueDate'],
			message: `is before issuedAt (${value.dueDate} < ${value.issuedAt}); set a due date on or after the issue date`,
		});
	}
	checkNetAmount(value, options, ctx);
}

/** The fields of an invoice upsert: every key Upflow takes in POST /v1/invoices. */
function invoiceUpsertShape(options: SchemaOptions) {
	const money = amount(options, INVOICE_AMOUNTS);
	return {
		externalId: required(idText, "give the invoice's ID in your system (unique, never changing)"),
		customId: required(idText, 'give the invoice number shown to the customer'),
		customer: required(
			reference('customer'),
			'pick the customer the invoice is for (it must already exist)',
		),
		issuedAt: required(date(options), 'give the issue date, e.g. 2024-03-04'),
		dueDate: required(date(options), 'give the due date, e.g. 2024-04-03'),
		currency: required(currency, 'give the ISO 4217 currency code, e.g. EUR'),
		grossAmount: required(money, 'give the total including tax'),
		netAmount: required(money, 'give the total before tax'),
		...invoiceFields(options),
	};
}

/**
 * The keys an upsert sets: Invoice > Update re-sends each of them from the invoice it reads, so a
 * field added to the upsert is re-sent without another line.
 */
export const INVOICE_UPSERT_KEYS: readonly string[] = Object.keys(
	invoiceUpsertShape({ amountMode: 'cents' }),
);

export function invoiceUpsertSchema(options: SchemaOptions) {
	return body(invoiceUpsertShape(options))
		.superRefine((value, ctx) => checkInvoice(value, ctx, options))
		.transform(mergeAdditionalFields);
}

export function invoiceUpdateSchema(options: SchemaOptions) {
	const money = amount(options, INVOICE_AMOUNTS);
	return body({
		externalId: optional(idText),
		customId: optional(idText),
		customer: optional(reference('customer')),
		issuedAt: optional(date(options)),
		dueDate: optional(date(options)),
		currency: optional(currency),
		grossAmount: optional(money),
		netAmount: optional(money),
		...invoiceFields(options),
	})
		.superRefine((value, ctx) => checkInvoice(value, ctx, options))
		.transform(mergeAdditionalFields)
		.superRefine(requireSomeField);
}
