import { fetchAll } from '../../transport/paginate';
import { recordLocator } from '../entity';
import { readRef } from '../parameters';
import type { OperationDefinition } from '../types';
import { records } from '../types';
import { accountManagersEndpoint, customerApi } from './api';

/** Customer > Get Account Managers: the Upflow users who manage the customer. */
export const customerGetAccountManagers: OperationDefinition = {
	value: 'getAccountManagers',
	name: 'Get Account Managers',
	action: 'Get customer account managers',
	description:
		"Retrieve the Upflow users who manage a customer (set with 'Account Manager' in Create or Update)",
	properties: [recordLocator(customerApi)],
	plan: async (context, itemIndex) => {
		const ref = readRef(context, itemIndex, 'customer');
		return {
			run: records(
				async ({ client }) =>
					await fetchAll(client, accountManagersEndpoint(ref), undefined, itemIndex),
			),
		};
	},
};
