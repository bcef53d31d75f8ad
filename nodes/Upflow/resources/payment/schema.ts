/**
 * Payment write shape.
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
	optional,
	reference,
	required,
} from '../../schemas/blocks';
import { toEnum } from '../../schemas/text';

export const PAYMENT_INSTRUMENTS = [
	'WIRE_TRANSFER',
	'DIRECT_DEBIT',
	'CARD',
	'CASH',
	'CHECK',
	'UNKNOWN',
] as const;
export type PaymentInstrument = (typeof PAYMENT_INSTRUMENTS)[number];

/**
 * Payment write shape (POST /v1/payments, upsert by externalId).
 *   [doc]     linked to a customer; each linked invoice carries its applied amount (linkedAmount);
 *             a payment on the customer alone is a generic credit journal entry
 *   [ref]     currency, amount, validatedAt required; externalId, customer, instrument,
 *             bankAccountId (v2), linkedInvoices
 *   [ref]     instrument values (UNKNOWN included)                     -> PAYMENT_INSTRUMENTS
 *   [assumed] sum of linkedAmount <= amount                            -> checkLinkedLines
 *   [assumed] amount zero or more                                      -> PAYMENT_AMOUNTS
 */
const PAYMENT_AMOUNTS = {
	allowNegative: false,
	negativeHint:
		'a payment amount is zero or more: record money paid back to the customer as a refund',
};

export function paymentUpsertSchema(options: SchemaOptions) {
	return body({
		externalId: required(idText, "give the payment's ID in your system (unique, never changing)"),
		customer: required(reference('customer'), 'pick the customer who paid'),
		amount: required(amount(options, PAYMENT_AMOUNTS), 'give the amount paid'),
		currency: required(currency, 'give the ISO 4217 currency code, e.g. EUR'),
		validatedAt: required(date(options), 'give the date the payment was received, e.g. 2024-03-04'),
		instrument: optional((v) => toEnum(v, PAYMENT_INSTRUMENTS, 'payment instrument')),
		bankAccountId: optional(idText),
		linkedInvoices: linkedLines('invoice', 'invoice', options),
		additionalFields: additionalFields(options),
	})
		.superRefine((value, ctx) =>
			checkLinkedLines(
				value.linkedInvoices,
				'invoice',
				'linkedInvoices',
				{ cents: value.amount, field: 'amount' },
				options,
				ctx,
			),
		)
		.transform(mergeAdditionalFields);
}
