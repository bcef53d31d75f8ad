import type { INodeProperties } from 'n8n-workflow';

import { enumOptions } from '../fields';
import { CUSTOM_FIELD_DATA_TYPES, CUSTOM_FIELD_ENTITY_TYPES } from './schema';

/** The Custom Fields parameter of the entities that have them (customers, invoices). */
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
						typeOptions: {
							loadOptionsMethod:
								entityType === 'CUSTOMER' ? 'getCustomerCustomFields' : 'getInvoiceCustomFields',
						},
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
							'For Select fields the label, for Multi Select labels separated by commas. Labels ' +
							'are case-sensitive: "One" and "one" become two different values in Upflow.',
					},
				],
			},
		],
	};
}

export const createFields: INodeProperties[] = [
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
