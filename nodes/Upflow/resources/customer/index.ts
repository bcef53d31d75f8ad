import type { IDataObject } from 'n8n-workflow';

import { shapeCustomFields } from '../customField';
import { recordLocator } from '../entity';
import { customerLane, recordPath } from '../api';
import type { UpflowRef } from '../../shared/ref';
import { deleteOperation, getManyOperation, getOperation, updateOperation, upsertOperation } from '../operations';
import { readRef } from '../parameters';
import type { ResourceDefinition } from '../types';
import { customerUpdateSchema, customerUpsertSchema, portalRequestSchema } from './schema';
import { countryHint } from '../../schemas/codes';
import { validateItem } from '../../schemas/validate';
import { fetchAll } from '../../transport/paginate';
import { customerApi, customerWriteLane } from './api';
import { updateFields, upsertFields } from './fields';
import { records } from '../types';


const customerWrite = {
	hints: (body: IDataObject) => {
		const country = (body.address as IDataObject | undefined)?.country;
		const hint = typeof country === 'string' ? countryHint(country) : undefined;
		return hint ? [hint] : [];
	},
	laneOf: customerWriteLane,
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
