import type { EntityApi } from '../api';

/** customer: where its records live in Upflow (path, list envelope, page cap), how they read in a list. */
export const customerApi: EntityApi = {
	resource: 'customer',
	name: 'Customer',
	path: '/customers',
	envelope: 'customers',
	pageCap: 1000,
	searchMethod: 'searchCustomers',
	label: (record) => `${String(record.name ?? '')} (${String(record.externalId ?? record.id)})`,
	simplifiedKeys: ['id', 'externalId', 'name', 'currency', 'balance', 'countInvoicesDue', 'dunningPlanId', 'directUrl'],
};
