/**
 * The single home of the node's write shapes (the documented bodies are in test/contract/upflow.ts).
 *
 * Every factory returns a zod schema that takes the fields gathered from one n8n item and
 * outputs the JSON body to send. Amounts are parsed per `amountMode` ("cents": the smallest unit,
 * or "decimal") into integers in the currency's smallest unit; dates into ISO 8601 UTC; references into {id} | {externalId}. Parts marked
 * [assumed] in the contract are listed in a comment block above each factory.
 *
 * Use with `validateItem(schema, input, itemIndex)` (validate.ts) for `[item N] path: ...` errors.
 */
export { creditNoteUpsertSchema } from './creditNote';
export {
	CUSTOM_FIELD_DATA_TYPES,
	CUSTOM_FIELD_ENTITY_TYPES,
	type CustomFieldDataType,
	type CustomFieldEntityType,
	customFieldCreateSchema,
} from './customField';
export {
	PORTAL_DEFAULT_EXPIRES_IN,
	contactCreateSchema,
	contactUpdateSchema,
	customerUpdateSchema,
	customerUpsertSchema,
	portalRequestSchema,
} from './customer';
export {
	MAX_FREE_TEXT,
	MAX_ID,
	MAX_NAME,
	type SchemaOptions,
	type WriteBody,
	formatPath,
} from './fields';
export { invoiceUpdateSchema, invoiceUpsertSchema } from './invoice';
export { PAYMENT_INSTRUMENTS, type PaymentInstrument, paymentUpsertSchema } from './payment';
export { refundUpsertSchema } from './refund';
export { RECONCILIATION_LISTS, type ReconciliationList, reconciliationLinkSchema, reconciliationUnlinkSchema } from './reconciliation';
export { PAYMENT_METHODS, type PaymentMethod, type PaymentMethodsBody, toPaymentMethods } from './paymentMethods';
export { MAX_DESCRIPTION_LINES, UpflowInputError, type UpflowInputIssue, upflowErrorMap, validateItem } from './validate';
export {
	type AmountMode,
	type CustomFieldValue,
	type DateOptions,
	type JsonObject,
	type JsonValue,
	type UpflowRef,
	ValueError,
	formatCents,
	toCents,
	toCountry,
	countryHint,
	toCurrency,
	toCustomFieldValue,
	toIsoDate,
	toJsonObject,
	toReference,
} from './values';
