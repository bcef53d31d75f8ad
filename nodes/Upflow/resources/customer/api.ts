import type { IDataObject } from 'n8n-workflow';

import type { EntityApi, ListApi } from '../api';
import { customerLane } from '../api';
import { userApi } from '../user/api';

/** The customer collection: where its records live in Upflow (path, list envelope, page cap), how they read in a list. */
export const customerApi: EntityApi = {
	resource: 'customer',
	name: 'Customer',
	path: '/customers',
	envelope: 'customers',
	pageCap: 1000,
	searchable: true,
	label: (record) => `${String(record.name ?? '')} (${String(record.externalId ?? record.id)})`,
	writeLane: customerWriteLane,
	simplifiedKeys: [
		'id',
		'externalId',
		'name',
		'currency',
		'balance',
		'countInvoicesDue',
		'dunningPlanId',
		'directUrl',
	],
};

/** A customer's account managers, users of the organization: one unpaged answer. */
export const accountManagerApi: ListApi = {
	resource: 'accountManager',
	name: 'Account Manager',
	path: '/account-managers',
	parent: customerApi,
	envelope: 'items',
	label: userApi.label,
};

/** Lane policy: a customer's upsert runs in its own lane (keyed by its External ID), like its contacts' writes. */
function customerWriteLane(body: IDataObject): string | undefined {
	return customerLane(body.externalId ? { externalId: String(body.externalId) } : undefined);
}
