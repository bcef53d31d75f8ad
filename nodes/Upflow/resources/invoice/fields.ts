import type { INodeProperties } from 'n8n-workflow';

import { customFieldsProperty } from '../customField/fields';
import { extraJsonOption } from '../entity';
import {
	amountModeProperty,
	amountProperty,
	currencyProperty,
	customerRefProperty,
	dateProperty,
} from '../shared';

/** The invoice's optional fields, offered by Create or Update and by Update. */
function optionalFields(): INodeProperties[] {
	return [
		customFieldsProperty('INVOICE'),
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			description: 'A title for the invoice',
		},
		extraJsonOption,
	];
}

export const upsertFields: INodeProperties[] = [
	amountModeProperty,
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		required: true,
		default: '',
		description: "The invoice's ID in your system: unique and never changing",
	},
	{
		displayName: 'Invoice Number',
		name: 'customId',
		type: 'string',
		required: true,
		default: '',
		description: 'The number shown to the customer, e.g. INV-2024-0042',
	},
	customerRefProperty,
	dateProperty('issuedAt', 'Issued At'),
	dateProperty('dueDate', 'Due Date'),
	currencyProperty,
	amountProperty(
		'grossAmount',
		'Gross Amount',
		"Total including tax, in the unit chosen in 'Amounts In'",
	),
	amountProperty('netAmount', 'Net Amount', "Total before tax, in the unit chosen in 'Amounts In'"),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: optionalFields(),
	},
];

export const updateFields: INodeProperties[] = [
	amountModeProperty,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Invoice Number', name: 'customId', type: 'string', default: '' },
			{ ...dateProperty('issuedAt', 'Issued At', false) },
			{ ...dateProperty('dueDate', 'Due Date', false) },
			{ ...currencyProperty, required: false, default: '' },
			{ ...amountProperty('grossAmount', 'Gross Amount'), required: false },
			{ ...amountProperty('netAmount', 'Net Amount'), required: false },
			...optionalFields(),
		],
	},
];

export const downloadPdfFields: INodeProperties[] = [
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
	},
];
