import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { contactDetailProperties, contactEmailProperty } from '../contactFields';
import { customFieldsProperty, shapeCustomFields } from '../customField';
import { extraJsonOption, recordLocator } from '../entity';
import { customerLane, recordPath } from '../api';
import type { UpflowRef } from '../../shared/ref';
import { deleteOperation, getManyOperation, getOperation, updateOperation, upsertOperation } from '../operations';
import { readRef } from '../parameters';
import type { ResourceDefinition } from '../types';
import { customerUpdateSchema, customerUpsertSchema, portalRequestSchema } from './schema';
import { countryHint } from '../../schemas/codes';
import { validateItem } from '../../schemas/validate';
import { fetchAll } from '../../transport/paginate';
import { customerApi } from './api';
import { records } from '../types';


const contactsProperty: INodeProperties = {
	displayName: 'Contacts',
	name: 'contacts',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Contact',
	default: {},
	description: "The customer's FULL list of contacts: contacts missing from it are removed from Upflow",
	options: [{ displayName: 'Contact', name: 'contact', values: [contactEmailProperty, ...contactDetailProperties] }],
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
				{ displayName: 'Country', name: 'country', type: 'string', default: '', placeholder: 'France or FR', description: 'A country name or ISO 3166 code, sent as written' },
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
		{ name: 'Leave As Is', value: 'keep', description: 'Not sent: Upflow keeps the current setting' },
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
	description: 'Enable or disable the ways the customer may pay; a method left as it is keeps its setting',
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
			description: "The customer's account in your accounting system, e.g. its customer account number",
		},
		contactsProperty,
		{ displayName: 'Currency', name: 'currency', type: 'string', default: '', placeholder: 'EUR', description: 'ISO 4217 code' },
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
		recordLocator({ resource: 'parent', name: 'Parent Customer', searchMethod: 'searchCustomers' }, { required: false, default: { mode: 'externalId', value: '' } }),
		{ displayName: 'VAT Number', name: 'vatNumber', type: 'string', default: '' },
		extraJsonOption,
	];
	return fields;
}

const upsertFields: INodeProperties[] = [
	{ displayName: 'External ID', name: 'externalId', type: 'string', required: true, default: '', description: "The customer's ID in your system: unique and never changing" },
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

const updateFields: INodeProperties[] = [
	{ displayName: 'Update Fields', name: 'updateFields', type: 'collection', placeholder: 'Add Field', default: {}, options: customerOptionalFields() },
];

const customerWrite = {
	hints: (body: IDataObject) => {
		const country = (body.address as IDataObject | undefined)?.country;
		const hint = typeof country === 'string' ? countryHint(country) : undefined;
		return hint ? [hint] : [];
	},
	laneOf: (body: IDataObject) => customerLane(body.externalId ? { externalId: String(body.externalId) } : undefined),
	prepare: shapeCustomFields,
};

export const customerResource: ResourceDefinition = {
	value: 'customer',
	name: 'Customer',
	operations: [
		upsertOperation(customerApi, { ...customerWrite, properties: upsertFields, schema: () => customerUpsertSchema() }),
		getOperation(customerApi),
		getManyOperation(customerApi, {
			properties: [
				{
					displayName: 'Filter by Custom Field',
					name: 'customFieldFilter',
					type: 'fixedCollection',
					placeholder: 'Add Filter',
					default: {},
					description: 'Only customers whose custom field equals the value (the one filter Upflow applies on its side)',
					options: [
						{
							displayName: 'Filter',
							name: 'filter',
							values: [
								{
									displayName: 'Custom Field Name or ID',
									name: 'customFieldId',
									type: 'options',
									typeOptions: { loadOptionsMethod: 'getCustomerCustomFields' },
									default: '',
									description:
										'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
								},
								{ displayName: 'Value', name: 'value', type: 'string', default: '', description: 'Exact value; select labels are case-sensitive' },
							],
						},
					],
				},
			],
			query: (context, itemIndex) => {
				const filter = context.getNodeParameter('customFieldFilter.filter', itemIndex, {}) as IDataObject;
				return filter.customFieldId ? { [`customFieldData_${String(filter.customFieldId)}.eq`]: String(filter.value ?? '') } : {};
			},
		}),
		updateOperation(customerApi, {
			...customerWrite,
			properties: updateFields,
			schema: () => customerUpdateSchema(),
			laneOfRef: (ref: UpflowRef) => customerLane(ref)!,
		}),
		deleteOperation(customerApi, (ref) => customerLane(ref)),
		{
			value: 'getAccountManagers',
			name: 'Get Account Managers',
			action: 'Get the account managers of a customer',
			description: 'The Upflow users who manage the customer (set with Account Manager in Create or Update)',
			properties: [recordLocator(customerApi)],
			plan: async (context, itemIndex) => {
				const ref = readRef(context, itemIndex, 'customer');
				return {
					run: records(async ({ client }) =>
						await fetchAll(client, { path: `${recordPath(customerApi, ref)}/account-managers`, envelope: 'items' }, undefined, itemIndex)),
				};
			},
		},
		{
			value: 'generatePortalUrl',
			name: 'Generate Portal URL',
			action: 'Generate a customer portal URL',
			description: "A signed link to the customer's Upflow portal, to share or embed in an iframe",
			properties: [
				recordLocator(customerApi),
				{
					displayName: 'Expires In (Seconds)',
					name: 'expiresIn',
					type: 'number',
					typeOptions: { minValue: 60 },
					default: 86400,
					hint: 'Shorter is safer: anyone with the link sees the portal until it expires. One day for immediate use; 25 days (2160000) for a link in a reminder email.',
				},
				{
					displayName: 'Frame Ancestors',
					name: 'frameAncestors',
					type: 'string',
					default: '',
					placeholder: 'app.example.com admin.example.com',
					description: 'Hosts allowed to embed the portal in an iframe, separated by spaces. Leave empty when not embedding.',
				},
			],
			plan: async (context, itemIndex) => {
				const ref = readRef(context, itemIndex, 'customer');
				const body = validateItem(
					portalRequestSchema(),
					{ expiresIn: context.getNodeParameter('expiresIn', itemIndex), frameAncestors: context.getNodeParameter('frameAncestors', itemIndex) },
					itemIndex,
				) as IDataObject;
				return {
					run: records(async ({ client }) =>
						// Idempotent in effect: a repeat only mints another link; nothing is stored in Upflow.
						(await client.call({ method: 'POST', path: `${recordPath(customerApi, ref)}/portal`, body, idempotent: true, itemIndex })) as IDataObject),
				};
			},
		},
		{
			value: 'assignDunningPlan',
			name: 'Assign Dunning Plan',
			action: 'Assign a dunning plan to a customer',
			description: 'Set the dunning plan of a customer, or remove it',
			properties: [
				recordLocator(customerApi),
				{
					displayName: 'Dunning Plan Name or ID',
					name: 'dunningPlanId',
					type: 'options',
					typeOptions: { loadOptionsMethod: 'getDunningPlansOrNone' },
					default: '',
					description:
						'Choose "No Dunning Plan" to remove it. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				},
			],
			plan: async (context, itemIndex) => {
				const ref = readRef(context, itemIndex, 'customer');
				const planId = String(context.getNodeParameter('dunningPlanId', itemIndex) ?? '').trim();
				const body = { dunningPlanId: planId === '' || planId === 'none' ? null : planId };
				return {
					lane: customerLane(ref),
					run: records(async ({ client }) =>
						// Idempotent: PUT of one field.
						(await client.call({ method: 'PUT', path: recordPath(customerApi, ref), body, idempotent: true, itemIndex })) as IDataObject),
				};
			},
		},
	],
};
