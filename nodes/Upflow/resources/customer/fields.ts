import type { INodeProperties } from 'n8n-workflow';

import { contactDetailProperties, contactEmailProperty } from '../contact/fields';
import { customFieldsProperty } from '../customField/fields';
import { extraJsonOption, recordLocator } from '../entity';

/* The customer's UI properties: Create or Update and Update. */

const contactsProperty: INodeProperties = {
	displayName: 'Contacts',
	name: 'contacts',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Contact',
	default: {},
	description:
		"The customer's FULL list of contacts: contacts missing from it are removed from Upflow",
	options: [
		{
			displayName: 'Contact',
			name: 'contact',
			values: [contactEmailProperty, ...contactDetailProperties],
		},
	],
};

const addressProperty: INodeProperties = {
	displayName: 'Address',
	name: 'address',
	type: 'fixedCollection',
	placeholder: 'Add Address',
	default: {},
	options: [
		{
			displayName: 'Address',
			name: 'value',
			values: [
				{ displayName: 'Street', name: 'address', type: 'string', default: '' },
				{ displayName: 'Zip Code', name: 'zipcode', type: 'string', default: '' },
				{ displayName: 'City', name: 'city', type: 'string', default: '' },
				{ displayName: 'State', name: 'state', type: 'string', default: '' },
				{
					displayName: 'Country',
					name: 'country',
					type: 'string',
					default: '',
					placeholder: 'e.g. France or FR',
					description: 'A country name or ISO 3166 code, sent as written',
				},
			],
		},
	],
};

const methodChoice = (displayName: string, name: string): INodeProperties => ({
	displayName,
	name,
	type: 'options',
	options: [
		{ name: 'Disable', value: 'disable' },
		{ name: 'Enable', value: 'enable' },
		{
			name: 'Leave As Is',
			value: 'keep',
			description: 'Not sent: Upflow keeps the current setting',
		},
	],
	default: 'keep',
});

/** The ways the customer may pay (contract: `paymentMethods`); methods left as they are are not sent. */
const paymentMethodsProperty: INodeProperties = {
	displayName: 'Payment Methods',
	name: 'paymentMethods',
	type: 'fixedCollection',
	placeholder: 'Set Payment Methods',
	default: {},
	description:
		'Enable or disable the ways the customer may pay; a method left as it is keeps its setting',
	options: [
		{
			displayName: 'Payment Methods',
			name: 'value',
			values: [
				methodChoice('ACH Debit', 'achDebit'),
				methodChoice('Card', 'card'),
				methodChoice('Check', 'check'),
				methodChoice('GoCardless', 'goCardless'),
				methodChoice('SEPA Debit', 'sepaDebit'),
				methodChoice('Wire Transfer', 'wireTransfer'),
				{
					displayName: 'Wire Transfer Bank Account Names or IDs',
					name: 'wireTransferBankAccounts',
					type: 'multiOptions',
					typeOptions: { loadOptionsMethod: 'getBankAccounts' },
					default: [],
					description:
						'The accounts the customer wires money to; the first is the default. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				},
			],
		},
	],
};

/** Optional customer fields, shared by Create or Update and Update. */
function customerOptionalFields(): INodeProperties[] {
	const fields: INodeProperties[] = [
		addressProperty,
		{
			displayName: 'Account Manager Name or ID',
			name: 'accountManagerId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getUsers' },
			default: '',
			description:
				'An Upflow user of the organization. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Accounting Reference',
			name: 'accountingRef',
			type: 'string',
			default: '',
			description:
				"The customer's account in your accounting system, e.g. its customer account number",
		},
		contactsProperty,
		{
			displayName: 'Currency',
			name: 'currency',
			type: 'string',
			default: '',
			placeholder: 'e.g. EUR',
			description: 'ISO 4217 code',
		},
		customFieldsProperty('CUSTOMER'),
		{
			displayName: 'Dunning Plan Name or ID',
			name: 'dunningPlanId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getDunningPlans' },
			default: '',
			description:
				'Plans are created in the Upflow app only. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{ displayName: 'Name', name: 'name', type: 'string', default: '' },
		paymentMethodsProperty,
		recordLocator(
			{ resource: 'parent', name: 'Parent Customer', searchMethod: 'searchCustomers' },
			{ required: false, default: { mode: 'externalId', value: '' } },
		),
		{ displayName: 'VAT Number', name: 'vatNumber', type: 'string', default: '' },
		extraJsonOption,
	];
	return fields;
}

export const upsertFields: INodeProperties[] = [
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		required: true,
		default: '',
		description: "The customer's ID in your system: unique and never changing",
	},
	{ displayName: 'Name', name: 'name', type: 'string', required: true, default: '' },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: customerOptionalFields().filter((field) => field.name !== 'name'),
	},
];

export const updateFields: INodeProperties[] = [
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: customerOptionalFields(),
	},
];
