import { fetchAll } from '../transport/paginate';
import type { ListEndpoint } from '../transport/paginate';
import type { OperationDefinition, ResourceDefinition } from './types';

/** Read-only collections, not paged by Upflow. */
export const dunningPlansEndpoint: ListEndpoint = { path: '/dunning_plans', envelope: 'items' };
export const usersEndpoint: ListEndpoint = { path: '/users', envelope: 'users' };
export const contactPositionsEndpoint: ListEndpoint = { path: '/contact_positions', envelope: 'items' };

function listAll(plural: string, endpoint: ListEndpoint, description: string): OperationDefinition {
	return {
		value: 'getAll',
		name: 'Get Many',
		action: `Get many ${plural}`,
		description,
		properties: [],
		plan: async (_context, itemIndex) => ({ run: async (client) => await fetchAll(client, endpoint, undefined, itemIndex) }),
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
