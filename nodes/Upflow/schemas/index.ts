/**
 * The single home of Upflow's write shapes (api-contract.md "Entity shapes").
 *
 * Every factory returns a zod schema that takes the fields gathered from one n8n item and
 * outputs the JSON body to send. Amounts are parsed per `amountMode` ("cents" or "decimal") into
 * integer cents; dates into ISO 8601 UTC; references into {id} | {externalId}. Parts marked
 * [assumed] in the contract are listed in a comment block above each factory.
 *
 * Use with `validateItem(schema, input, itemIndex)` (validate.ts) for `[item N] path: ...` errors.
 */
import type { z } from 'zod';

import { creditNoteUpsertSchema } from './creditNote';
import { customFieldCreateSchema } from './customField';
import {
	contactCreateSchema,
	contactUpdateSchema,
	customerUpdateSchema,
	customerUpsertSchema,
	portalRequestSchema,
} from './customer';
import type { SchemaOptions } from './fields';
import { invoiceUpdateSchema, invoiceUpsertSchema } from './invoice';
import { paymentUpsertSchema } from './payment';
import { refundUpsertSchema } from './refund';
import { reconciliationLinkSchema, reconciliationUnlinkSchema } from './reconciliation';

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
	contactSchema,
	portalSchema,
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
export { invoiceUpdateSchema, invoiceUpsertSchema, invoiceWriteSchema } from './invoice';
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
	toCountryCode,
	toCurrency,
	toCustomFieldValue,
	toIsoDate,
	toJsonObject,
	toReference,
} from './values';

/** Every write schema by resource and operation, all called as `factory(options)`. */
export const WRITE_SCHEMAS = {
	customer: { upsert: customerUpsertSchema, update: customerUpdateSchema, portal: portalRequestSchema },
	contact: { create: contactCreateSchema, update: contactUpdateSchema },
	invoice: { upsert: invoiceUpsertSchema, update: invoiceUpdateSchema },
	creditNote: { upsert: creditNoteUpsertSchema },
	payment: { upsert: paymentUpsertSchema },
	refund: { upsert: refundUpsertSchema },
	customField: { create: customFieldCreateSchema },
	reconciliation: { link: reconciliationLinkSchema, unlink: reconciliationUnlinkSchema },
} as const satisfies Record<string, Record<string, (options: SchemaOptions) => z.ZodTypeAny>>;

export type CustomerUpsertBody = z.output<ReturnType<typeof customerUpsertSchema>>;
export type CustomerUpdateBody = z.output<ReturnType<typeof customerUpdateSchema>>;
export type ContactCreateBody = z.output<ReturnType<typeof contactCreateSchema>>;
export type ContactUpdateBody = z.output<ReturnType<typeof contactUpdateSchema>>;
export type InvoiceUpsertBody = z.output<ReturnType<typeof invoiceUpsertSchema>>;
export type InvoiceUpdateBody = z.output<ReturnType<typeof invoiceUpdateSchema>>;
export type CreditNoteUpsertBody = z.output<ReturnType<typeof creditNoteUpsertSchema>>;
export type PaymentUpsertBody = z.output<ReturnType<typeof paymentUpsertSchema>>;
export type RefundUpsertBody = z.output<ReturnType<typeof refundUpsertSchema>>;
export type CustomFieldCreateBody = z.output<ReturnType<typeof customFieldCreateSchema>>;
export type PortalRequestBody = z.output<ReturnType<typeof portalRequestSchema>>;
