import { getManyOperation } from '../operations';
import type { ResourceDefinition } from '../types';
import { resourceOf } from '../types';
import { dunningPlanApi } from './api';

export const dunningPlanResource: ResourceDefinition = resourceOf(dunningPlanApi, [
	getManyOperation(dunningPlanApi, {
		whole:
			'Retrieve all dunning plans of the organization (plans are created in the Upflow app only)',
	}),
]);
