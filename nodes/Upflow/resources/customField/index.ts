import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { CUSTOM_FIELD_DATA_TYPES, CUSTOM_FIELD_ENTITY_TYPES, customFieldCreateSchema } from './schema';
import { UpflowInputError, validateItem } from '../../schemas/validate';
import { fetchAll } from '../../transport/paginate';
import type { UpflowClient } from '../../transport/request';
import { deleteOperation, getManyOperation } from '../operations';
import { listEndpoint } from '../api';
import { readInput } from '../parameters';
import { enumOptions } from '../shared';
import type { ResourceDefinition } from '../types';
import { customFieldApi } from './api';
import { records } from '../types';

/** The guide names `/v1/custom_field` (singular) for GET and POST; the emulator answers both. */

export interface CustomFieldDefinition {
	id: string;
	externalId?: string;
	name: string;
	entityType: string;
	dataType: string;
}

/** The organization's custom fields, read once per execution. */
export async function customFieldDefinitions(client: UpflowClient): Promise<CustomFieldDefinition[]> {
	return await client.once('customFields', async () => (await fetchAll(client, listEndpoint(customFieldApi))) as unknown as CustomFieldDefinition[]);
}

export function customFieldsProperty(entityType: string): INodeProperties {
	return {
		displayName: 'Custom Fields',
		name: 'customFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Custom Field',
		default: {},
		options: [
			{
				displayName: 'Custom Field',
				name: 'field',
				values: [
					{
						displayName: 'Field Name or ID',
						name: 'id',
						type: 'options',
						typeOptions: { loadOptionsMethod: entityType === 'CUSTOMER' ? 'getCustomerCustomFields' : 'getInvoiceCustomFields' },
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description:
							'For Select fields the label, for Multi Select labels separated by commas. Labels are case-sensitive: "One" and "one" become two different values in Upflow.',
					},
				],
			},
		],
	};
}

/**
 * Upflow wants `{label}` for SELECT and `[{label}]` for MULTI_SELECT values; the user types text.
 * Shape each value by its field's data type (one lookup per execution).
 */
export async function shapeCustomFields(client: UpflowClient, body: IDataObject, itemIndex: number): Promise<IDataObject> {
	const fields = body.customFields as Array<{ id?: string; externalId?: string; value: unknown }> | undefined;
	if (!fields?.length) return body;
	const definitions = await customFieldDefinitions(client);
	const shaped = fields.map((field, index) => {
		const definition = definitions.find((candidate) => candidate.id === field.id || (field.externalId && candidate.externalId === field.externalId));
		if (!definition) {
			throw new UpflowInputError(itemIndex, [
				{
					path: `customFields[${index}]`,
					message: `no custom field ${field.id ?? field.externalId} in this organization; create it first (Custom Field > Create) or pick one from the list`,
				},
			]);
		}
		if (typeof field.value !== 'string') return field;
		if (definition.dataType === 'SELECT') return { ...field, value: { label: field.value } };
		if (definition.dataType === 'MULTI_SELECT') {
			const labels = field.value.split(',').map((label) => label.trim()).filter((label) => label !== '');
			return { ...field, value: labels.map((label) => ({ label })) };
		}
		return field;
	});
	return { ...body, customFields: shaped };
}

const createFields: INodeProperties[] = [
	{ displayName: 'Name', name: 'name', type: 'string', required: true, default: '' },
	{
		displayName: 'Entity Type',
		name: 'entityType',
		type: 'options',
		options: enumOptions(CUSTOM_FIELD_ENTITY_TYPES),
		default: 'CUSTOMER',
		description: 'Which records the field belongs to',
	},
	{
		displayName: 'Data Type',
		name: 'dataType',
		type: 'options',
		options: enumOptions(CUSTOM_FIELD_DATA_TYPES, {
			MULTI_SELECT: 'Several labels; new labels are added when first used',
			SELECT: 'One label; new labels are added when first used',
		}),
		default: 'TEXT',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [{ displayName: 'External ID', name: 'externalId', type: 'string', default: '' }],
	},
];

export const customFieldResource: ResourceDefinition = {
	value: 'customField',
	name: 'Custom Field',
	operations: [
		{
			value: 'create',
			name: 'Create',
			action: 'Create a custom field',
			description: 'Create a custom field for customers, invoices, credit notes or payments',
			properties: createFields,
			plan: async (context, itemIndex) => {
				const body = validateItem(customFieldCreateSchema(), readInput(context, itemIndex, createFields), itemIndex) as IDataObject;
				return {
					lane: `customField:${String(body.name)}`,
					run: records(async ({ client }) =>
						// NOT idempotent: a repeat creates a second field. The transport repeats it only when Upflow
						// cannot have received it (429, connection refused).
						(await client.call({ method: 'POST', path: customFieldApi.path, body, idempotent: false, itemIndex })) as IDataObject),
				};
			},
		},
		getManyOperation(customFieldApi, { simplifiable: false }),
		deleteOperation(customFieldApi),
	],
};
