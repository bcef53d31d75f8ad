import { listAllOperation } from '../operations';
import type { ResourceDefinition } from '../types';
import { usersEndpoint } from './api';

export const userResource: ResourceDefinition = {
	value: 'user',
	name: 'User',
	operations: [
		listAllOperation(
			'users',
			usersEndpoint,
			'Retrieve all users of the organization (users can be account managers of customers)',
		),
	],
};
