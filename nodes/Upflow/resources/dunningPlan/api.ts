import type { ListEndpoint } from '../../transport/paginate';

/** Dunning plans: read-only here (plans are created in the Upflow app), paged like the entities. */
export const dunningPlansEndpoint: ListEndpoint = {
	path: '/dunning_plans',
	envelope: 'items',
	pageCap: 500,
};
