import type { ListApi } from '../api';

/** Dunning plans: read-only here (plans are created in the Upflow app only). */
export const dunningPlanApi: ListApi = {
	resource: 'dunningPlan',
	name: 'Dunning Plan',
	path: '/dunning_plans',
	envelope: 'items',
	pageCap: 500,
	label: (plan) => String(plan.name ?? plan.id),
};
