import type { EntityApi } from '../api';
import { bodyCustomerLane } from '../api';

/** The payment collection: where its records live in Upflow (path, list envelope, page cap), how they read in a list. */
export const paymentApi: EntityApi = {
	resource: 'payment',
	name: 'Payment',
	path: '/payments',
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
		'bankAccountId',
		'customer',
		'linkedInvoices',
	],
};
