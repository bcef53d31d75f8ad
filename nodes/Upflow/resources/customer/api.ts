import type { IDataObject } from 'n8n-workflow';

import type { UpflowRef } from '../../shared/ref';
import type { ListEndpoint } from '../../transport/paginate';
import type { EntityApi } from '../api';
import { customerLane, recordPath } from '../api';

/** The customer collection: where its records live in Upflow (path, list envelope, page cap), how they read in a list. */
export const customerApi: EntityApi = {
	resource: 'customer',
	name: 'Customer',
	path: '/customers',
	envelope: 'customers',
	pageCap: 1000,
	searchMethod: 'searchCustomers',
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

/** A customer's account managers: one unpaged answer under `items` (the envelope is assumed; npm run probe checks it). */
export function accountManagersEndpoint(ref: UpflowRef): ListEndpoint {
	return { path: `${recordPath(customerApi, ref)}/account-managers`, envelope: 'items' };
}

/** Lane policy: a customer's upsert runs in its own lane (keyed by its External ID), like its contacts' writes. */
function customerWriteLane(body: IDataObject): string | undefined {
	return customerLane(body.externalId ? { externalId: String(body.externalId) } : undefined);
}
