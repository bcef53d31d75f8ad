import type { INodeProperties } from 'n8n-workflow';

import { enumOptions, extraJsonOption } from '../fields';
import {
	amountModeProperty,
	amountProperty,
	currencyProperty,
	customerRefProperty,
	dateProperty,
	linksProperty,
} from '../financialFields';
import { PAYMENT_INSTRUMENTS } from './schema';

/** How a payment or refund was made; the options are the schema's own list. */
export const instrumentProperty: INodeProperties = {
	displayName: 'Instrument',
	name: 'instrument',
	type: 'options',
	options: enumOptions(PAYMENT_INSTRUMENTS),
	default: 'WIRE_TRANSFER',
};

/** The parameters of payment > Create or Update. */
export const upsertFields: INodeProperties[] = [
	amountModeProperty,
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		required: true,
		default: '',
		description: "The payment's ID in your system",
	},
	customerRefProperty,
	amountProperty('amount', 'Amount'),
	currencyProperty,
	dateProperty('validatedAt', 'Validated At'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			instrumentProperty,
			{
				displayName: 'Bank Account Name or ID',
				name: 'bankAccountId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getBankAccounts' },
				default: '',
				description:
					'The Upflow bank account the payment was received on. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				...linksProperty('linkedInvoices', 'Linked Invoices', { key: 'invoice', label: 'Invoice' }),
				description:
					'The invoices it pays, each with the amount applied. Without any, the payment is a credit on the customer account.',
			},
			extraJsonOption,
		],
	},
];
