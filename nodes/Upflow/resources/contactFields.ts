import type { INodeProperties } from 'n8n-workflow';

/** The fields of one contact: in a customer's contact list and in the Contact resource alike. */
export const contactEmailProperty: INodeProperties = {
	displayName: 'Email',
	name: 'email',
	type: 'string',
	placeholder: 'name@email.com',
	default: '',
	description: 'Unique in the organization',
};

export const contactDetailProperties: INodeProperties[] = [
	{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
	{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
	{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
	{
		displayName: 'Position Name or ID',
		name: 'position',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getContactPositions' },
		default: '',
		description:
			'Must already exist in Upflow (Settings > Contact Management > Positions); names differ between languages. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{ displayName: 'Is Main Contact', name: 'isMain', type: 'boolean', default: false, description: 'Whether this is the main contact of the customer' },
	{ displayName: 'External ID', name: 'externalId', type: 'string', default: '', description: "The contact's ID in your system" },
];
