/**
 * Credit note write shape.
 */
import {
	type SchemaOptions,
	additionalFields,
	amount,
	body,
	checkLinkedLines,
	currency,
	date,
	idText,
	linkedLines,
	mergeAdditionalFields,
	reference,
	required,
} from './fields';

/**
 * Credit note write shape (POST /v1/credit_notes, upsert by externalId).
 *   [doc]     a credit note belongs to a customer and optionally to invoices
 *   [claimed] externalId, customId, customer, issuedAt, currency
 *   [assumed] POST /v1/credit_notes path                             -> resources layer
 *   [assumed] amount (integer cents, zero or more)                   -> amount, CREDIT_NOTE_AMOUNTS
 *   [assumed] linkedInvoices [{invoice, linkedAmount}], sum <= amount -> linkedInvoices, checkLinkedLines
 */
const CREDIT_NOTE_AMOUNTS = {
	allowNegative: false,
	negativeHint: 'a credit note amount is written as a positive number (it already means money owed back)',
};

export function creditNoteUpsertSchema(options: SchemaOptions) {
	return body({
		externalId: required(idText, 'give the credit note\'s ID in your system (unique, never changing)'),
		customId: required(idText, 'give the credit note number shown to the customer'),
		customer: required(reference('customer'), 'pick the customer the credit note is for'),
		issuedAt: required(date(options), 'give the issue date, e.g. 2024-03-04'),
		currency: required(currency, 'give the ISO 4217 currency code, e.g. EUR'),
		amount: required(amount(options, CREDIT_NOTE_AMOUNTS), 'give the credit note total'),
		linkedInvoices: linkedLines('invoice', 'invoice', options),
		additionalFields: additionalFields(options),
	})
		.superRefine((value, ctx) =>
			checkLinkedLines(value.linkedInvoices, 'invoice', 'linkedInvoices', { cents: value.amount, field: 'amount' }, options.amountMode, ctx),
		)
		.transform(mergeAdditionalFields);
}
