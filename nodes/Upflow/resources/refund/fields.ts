import type { INodeProperties } from 'n8n-workflow';

import { extraJsonOption } from '../entity';
import {
	amountModeProperty,
	amountProperty,
	currencyProperty,
	customerRefProperty,
	dateProperty,
	instrumentProperty,
	linksProperty,
} from '../shared';

/** The parameters of refund > Create or Update. */
export const upsertFields: INodeProperties[] = [
	amountModeProperty,
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		required: true,
		default: '',
		description: "The refund's ID in your system",
	},
	customerRefProperty,
	amountProperty('amount', 'Amount'),
	currencyProperty,
	// Saved as refundedAt since 0.1; Upflow's field is validatedAt (the schema's key).
	{
		...dateProperty('refundedAt', 'Validated At'),
		description:
			'The date the refund was made. ISO 8601 date or date-time; a date alone means midnight UTC.',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			instrumentProperty,
			linksProperty('linkedCreditNotes', 'Linked Credit Notes', {
				key: 'creditNote',
				label: 'Credit Note',
			}),
			{
				...linksProperty('linkedPayments', 'Linked Payments', { key: 'payment', label: 'Payment' }),
				description:
					'The payments it gives back, each with the amount. Without any link, the refund is a debit on the customer account.',
			},
			extraJsonOption,
		],
	},
];
