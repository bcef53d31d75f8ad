import type { IDataObject } from 'n8n-workflow';

import { customerLane, recordPath } from '../api';
import { recordLocator } from '../entity';
import { readRef } from '../parameters';
import type { OperationDefinition } from '../types';
import { records } from '../types';
import { customerApi } from './api';

/** Customer > Assign Dunning Plan: one PUT of dunningPlanId, in the customer's lane. */
export const customerAssignDunningPlan: OperationDefinition = {
	value: 'assignDunningPlan',
	name: 'Assign Dunning Plan',
	action: 'Assign dunning plan to customer',
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
			run: records(
				async ({ client }) =>
					// Idempotent: PUT of one field.
					(await client.call({
						method: 'PUT',
						path: recordPath(customerApi, ref),
						body,
						idempotent: true,
						itemIndex,
					})) as IDataObject,
			),
		};
	},
};
