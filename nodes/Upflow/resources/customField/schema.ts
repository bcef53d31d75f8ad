/**
 * Custom field definition write shape.
 */
import {
	type SchemaOptions,
	additionalFields,
	body,
	idText,
	mergeAdditionalFields,
	nameText,
	optional,
	required,
	withDefault,
} from '../../schemas/blocks';
import { toEnum } from '../../schemas/text';

export const CUSTOM_FIELD_ENTITY_TYPES = ['CUSTOMER', 'INVOICE', 'CREDIT_NOTE', 'PAYMENT'] as const;
export const CUSTOM_FIELD_DATA_TYPES = [
	'TEXT',
	'NUMBER',
	'DATE',
	'BOOLEAN',
	'SELECT',
	'MULTI_SELECT',
] as const;
export type CustomFieldEntityType = (typeof CUSTOM_FIELD_ENTITY_TYPES)[number];
export type CustomFieldDataType = (typeof CUSTOM_FIELD_DATA_TYPES)[number];

/**
 * Custom field creation (POST /v1/custom_fields; the guide says /v1/custom_field).
 *   [doc]     entityType CUSTOMER (default), INVOICE, CREDIT_NOTE, PAYMENT; dataType includes
 *             SELECT and MULTI_SELECT, whose values need not be declared
 *   [assumed] dataType values TEXT, NUMBER, DATE, BOOLEAN besides the select types -> CUSTOM_FIELD_DATA_TYPES
 *   [assumed] name required, externalId optional                                    -> shape below
 */
export function customFieldCreateSchema(options: Partial<SchemaOptions> = {}) {
	return body({
		name: required(nameText, "give the custom field's name as shown in Upflow"),
		entityType: withDefault(
			(v) => toEnum(v, CUSTOM_FIELD_ENTITY_TYPES, 'custom field entity type'),
			'CUSTOMER' as CustomFieldEntityType,
		),
		dataType: required(
			(v) => toEnum(v, CUSTOM_FIELD_DATA_TYPES, 'custom field data type'),
			`pick one of ${CUSTOM_FIELD_DATA_TYPES.join(', ')}`,
		),
		externalId: optional(idText),
		additionalFields: additionalFields(options),
	}).transform(mergeAdditionalFields);
}
