import type { EntityApi } from '../api';

/** The customField collection: where its records live in Upflow (path, list envelope, page cap), how they read in a list. */
export const customFieldApi: EntityApi = {
	resource: 'customField',
	name: 'Custom Field',
	path: '/custom_fields',
	envelope: 'items',
	pageCap: 500,
	searchMethod: 'searchCustomFields',
	label: (record) => `${String(record.name ?? record.id)} (${String(record.entityType ?? '')} ${String(record.dataType ?? '')})`,
	simplifiedKeys: ['id', 'externalId', 'name', 'entityType', 'dataType'],
};
