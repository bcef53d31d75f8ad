/**
 * Refund write shape.
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
	optional,
} from '../../schemas/blocks';
import { PAYMENT_INSTRUMENTS } from '../payment/schema';
import { toEnum } from '../../schemas/text';

/**
 * Refund write shape (POST /v1/refunds, upsert by externalId).
 *   [doc]     linked to a customer, optionally to payments or credit notes; a refund on the
 *             customer alone is a generic debit journal entry
 *   [ref]     externalId, customer, amount, currency, linkedPayments, linkedCreditNotes
 *   [ref]     currency, amount, validatedAt required (v2: not refundedAt) -> validatedAt
 *   [ref]     instrument, with the payment's values                     -> PAYMENT_INSTRUMENTS
 *   [assumed] linkedPayments [{payment, linkedAmount}]                   -> linkedPayments
 *   [assumed] linkedCreditNotes [{creditNote, linkedAmount}]             -> linkedCreditNotes
 *   [assumed] each list's linkedAmount sum <= amount (checked per list)  -> checkLinkedLines
 *   [assumed] amount zero or more                                        -> REFUND_AMOUNTS
 */
const REFUND_AMOUNTS = {
	allowNegative: false,
	negativeHint:
		'a refund amount is written as a positive number (it already means money paid back)',
};

export function refundUpsertSchema(options: SchemaOptions) {
	return body({
		externalId: required(idText, "give the refund's ID in your system (unique, never changing)"),
		customer: required(reference('customer'), 'pick the customer who was refunded'),
		amount: required(amount(options, REFUND_AMOUNTS), 'give the amount refunded'),
		currency: required(currency, 'give the ISO 4217 currency code, e.g. EUR'),
		validatedAt: required(date(options), 'give the date the refund was made, e.g. 2024-03-04'),
		instrument: optional((v) => toEnum(v, PAYMENT_INSTRUMENTS, 'payment instrument')),
		linkedPayments: linkedLines('payment', 'payment', options),
		linkedCreditNotes: linkedLines('creditNote', 'credit note', options),
		additionalFields: additionalFields(options),
	})
		.superRefine((value, ctx) => {
			const total = { cents: value.amount, field: 'amount' };
			checkLinkedLines(value.linkedPayments, 'payment', 'linkedPayments', total, options, ctx);
			checkLinkedLines(
				value.linkedCreditNotes,
				'creditNote',
				'linkedCreditNotes',
				total,
				options,
				ctx,
			);
		})
		.transform(mergeAdditionalFields);
}
