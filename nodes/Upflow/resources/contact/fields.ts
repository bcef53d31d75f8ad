import type { INodeProperties } from 'n8n-workflow';

import { customerApi } from '../customer/api';
import { recordLocator } from '../entity';

/** The fields of one contact: in a customer's contact list and in the Contact resource alike. */
export const contactEmailProperty: INodeProperties = {
	displayName: 'Email',
	name: 'email',
	type: 'string',
	placeholder: 'e.g. nathan@example.com',
	default: '',
	description: 'Unique in the organization',
};

export const contactDetailProperties: INodeProperties[] = [
	{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
	{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
	{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
	{
		// Upflow names no endpoint for positions: the reference's four values are suggestions, any text goes.
		displayName: 'Position',
		name: 'position',
		type: 'string',
		default: '',
		placeholder: 'e.g. ACCOUNTING',
		hint: 'ACCOUNTING, SALES, PAYER or PURCHASER, or a position named in Upflow (Settings > Contact Management > Positions)',
		description: "The contact's position; it must exist in the organization",
	},
	{
		displayName: 'Is Main Contact',
		name: 'isMain',
		type: 'boolean',
		default: false,
		description: 'Whether this is the main contact of the customer',
	},
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		description: "The contact's ID in your system",
	},
];

export const ownerLocator = recordLocator(customerApi, {
	description: 'The customer the contact belongs to',
});

export const createFields: INodeProperties[] = [
	{ ...contactEmailProperty, required: true },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: contactDetailProperties,
	},
];
