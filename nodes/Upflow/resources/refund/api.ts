import type { EntityApi } from '../api';
import { bodyCustomerLane } from '../api';

/** The refund collection: where its records live in Upflow (path, list envelope, page cap), how they read in a list. */
export const refundApi: EntityApi = {
	resource: 'refund',
	name: 'Refund',
	path: '/refunds',
	envelope: 'items',
	pageCap: 500,
	searchable: true,
	label: (record) =>
		`${String(record.externalId ?? record.id)} (${String(record.currency ?? '')} ${String(record.amount ?? '')})`,
	writeLane: bodyCustomerLane,
	simplifiedKeys: [
		'id',
		'externalId',
		'amount',
		'amountLinked',
		'currency',
		'validatedAt',
		'instrument',
		'customer',
		'linkedTransactions',
		'linkedCreditNotes',
	],
};
