import type { EntityApi } from '../api';
import { bodyCustomerLane } from '../api';

/** The creditNote collection: where its records live in Upflow (path, list envelope, page cap), how they read in a list. */
export const creditNoteApi: EntityApi = {
	resource: 'creditNote',
	name: 'Credit Note',
	path: '/credit_notes',
	envelope: 'items',
	pageCap: 500,
	searchable: true,
	label: (record) =>
		`${String(record.customId ?? record.externalId ?? record.id)} (${String(record.currency ?? '')} ${String(record.grossAmount ?? '')})`,
	writeLane: bodyCustomerLane,
	simplifiedKeys: [
		'id',
		'externalId',
		'customId',
		'name',
		'customer',
		'issuedAt',
		'dueDate',
		'grossAmount',
		'netAmount',
		'currency',
		'linkedInvoices',
	],
};
