import { fetchAll } from '../transport/paginate';
import type { ListEndpoint } from '../transport/paginate';
import type { OperationDefinition, ResourceDefinition } from './types';
import { records } from './types';

/** Read-only collections: dunning plans are paged like the entities, users come in one answer. */
export const dunningPlansEndpoint: ListEndpoint = { path: '/dunning_plans', envelope: 'items', pageCap: 500 };
export const usersEndpoint: ListEndpoint = { path: '/users', envelope: 'users' };

function listAll(plural: string, endpoint: ListEndpoint, description: string): OperationDefinition {
	return {
		value: 'getAll',
		name: 'Get Many',
		action: `Get many ${plural}`,
		description,
		properties: [],
		plan: async (_context, itemIndex) => ({ run: records(async ({ client }) => await fetchAll(client, endpoint, undefined, itemIndex)) }),
	};
}

export const dunningPlanResource: ResourceDefinition = {
	value: 'dunningPlan',
	name: 'Dunning Plan',
	operations: [listAll('dunning plans', dunningPlansEndpoint, 'Retrieve all dunning plans of the organization (plans are created in the Upflow app only)')],
};

export const userResource: ResourceDefinition = {
	value: 'user',
	name: 'User',
	operations: [listAll('users', usersEndpoint, 'Retrieve all users of the organization (users can be account managers of customers)')],
};
