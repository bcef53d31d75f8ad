import { listAllOperation } from '../operations';
import type { ResourceDefinition } from '../types';
import { dunningPlansEndpoint } from './api';

export const dunningPlanResource: ResourceDefinition = {
	value: 'dunningPlan',
	name: 'Dunning Plan',
	operations: [
		listAllOperation(
			'dunning plans',
			dunningPlansEndpoint,
			'Retrieve all dunning plans of the organization (plans are created in the Upflow app only)',
		),
	],
};
