import type { INodeProperties } from 'n8n-workflow';

import { extraJsonOption } from '../entity';
import {
	amountModeProperty,
	amountProperty,
	currencyProperty,
	customerRefProperty,
	dateProperty,
	linksProperty,
} from '../shared';

/** The parameters of creditNote > Create or Update. */
export const upsertFields: INodeProperties[] = [
	amountModeProperty,
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		required: true,
		default: '',
		description: "The credit note's ID in your system",
	},
	{
		displayName: 'Credit Note Number',
		name: 'customId',
		type: 'string',
		required: true,
		default: '',
		description: 'The number shown to the customer',
	},
	customerRefProperty,
	dateProperty('issuedAt', 'Issued At'),
	currencyProperty,
	// Saved as `amount` since 0.1 (it meant the total); Upflow's field is grossAmount (the schema's key).
	amountProperty(
		'amount',
		'Gross Amount',
		"Total including tax, in the unit chosen in 'Amounts In'",
	),
	amountProperty(
		'netAmount',
		'Net Amount',
		"Total before tax (the same as the gross amount when there is no tax), in the unit chosen in 'Amounts In'",
	),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			dateProperty('dueDate', 'Due Date', false),
			linksProperty('linkedInvoices', 'Linked Invoices', { key: 'invoice', label: 'Invoice' }),
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'A title for the credit note',
			},
			extraJsonOption,
		],
	},
];
