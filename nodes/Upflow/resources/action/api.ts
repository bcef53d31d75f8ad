import type { IDataObject } from 'n8n-workflow';

import type { EntityApi } from '../api';

/** The action collection: where its records live in Upflow (path, list envelope, page cap), how they read in a list. */
export const actionApi: EntityApi = {
	resource: 'action',
	name: 'Action',
	path: '/actions',
	envelope: 'items',
	pageCap: 500,
	searchable: true,
	label: (record) => {
		const customer = (record.customer as IDataObject | null | undefined)?.companyName;
		const what = `${String(record.type ?? '')} ${String(record.state ?? '')}`;
		const whose = customer ? `, ${String(customer)}` : '';
		return `${String(record.name ?? record.type ?? '')} (${what}${whose})`;
	},
	simplifiedKeys: [
		'id',
		'name',
		'type',
		'state',
		'source',
		'createdAt',
		'updatedAt',
		'dueDate',
		'customer',
		'carryingInvoice',
	],
};
