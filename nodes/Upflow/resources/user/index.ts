import { getManyOperation } from '../operations';
import type { ResourceDefinition } from '../types';
import { resourceOf } from '../types';
import { userApi } from './api';

export const userResource: ResourceDefinition = resourceOf(userApi, [
	getManyOperation(userApi, {
		whole: 'Retrieve all users of the organization (users can be account managers of customers)',
	}),
]);
