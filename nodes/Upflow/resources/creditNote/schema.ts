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
	checkNetAmount,
	idText,
	linkedLines,
	nameText,
	optional,
	mergeAdditionalFields,
	reference,
	required,
} from '../../schemas/blocks';

/**
 * Credit note write shape (POST /v1/credit_notes, upsert by externalId).
 *   [ref]     customId, currency, grossAmount, netAmount required; externalId, name, issuedAt,
 *             dueDate, customer, linkedInvoices. There is no `amount`.
 *   [assumed] linkedInvoices [{invoice, linkedAmount}], sum <= grossAmount -> linkedInvoices, checkLinkedLines
 *   [assumed] amounts zero or more, netAmount <= grossAmount            -> CREDIT_NOTE_AMOUNTS, checkNetAmount
 */
const CREDIT_NOTE_AMOUNTS = {
	allowNegative: false,
	negativeHint:
		'a credit note amount is written as a positive number (it already means money owed back)',
};

export function creditNoteUpsertSchema(options: SchemaOptions) {
	const money = amount(options, CREDIT_NOTE_AMOUNTS);
	return body({
		externalId: required(
			idText,
			"give the credit note's ID in your system (unique, never changing)",
		),
		customId: required(idText, 'give the credit note number shown to the customer'),
		customer: required(reference('customer'), 'pick the customer the credit note is for'),
		issuedAt: required(date(options), 'give the issue date, e.g. 2024-03-04'),
		dueDate: optional(date(options)),
		name: optional(nameText),
		currency: required(currency, 'give the ISO 4217 currency code, e.g. EUR'),
		grossAmount: required(money, 'give the credit note total including tax'),
		netAmount: required(
			money,
			'give the credit note total before tax (the same as the gross amount when there is no tax)',
		),
		linkedInvoices: linkedLines('invoice', 'invoice', options),
		additionalFields: additionalFields(options),
	})
		.superRefine((value, ctx) => {
			checkNetAmount(value, options, ctx);
			checkLinkedLines(
				value.linkedInvoices,
				'invoice',
				'linkedInvoices',
				{ cents: value.grossAmount, field: 'grossAmount' },
				options,
				ctx,
			);
		})
		.transform(mergeAdditionalFields);
}
