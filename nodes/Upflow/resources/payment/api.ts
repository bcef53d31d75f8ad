import type { IDataObject } from 'n8n-workflow';

import type { UpflowRef } from '../../shared/ref';
import type { EntityApi } from '../api';
import { customerLane } from '../api';

/** The payment collection: where its records live in Upflow (path, list envelope, page cap), how they read in a list. */
export const paymentApi: EntityApi = {
	resource: 'payment',
	name: 'Payment',
	path: '/payments',
	envelope: 'items',
	pageCap: 500,
	searchMethod: 'searchPayments',
	label: (record) => `${String(record.externalId ?? record.id)} (${String(record.currency ?? '')} ${String(record.amount ?? '')})`,
	simplifiedKeys: ['id', 'externalId', 'amount', 'amountLinked', 'currency', 'validatedAt', 'instrument', 'bankAccountId', 'customer', 'linkedInvoices'],
};

/** Lane policy: every write of a payment runs in its customer's lane. */
export function paymentLane(body: IDataObject): string | undefined {
	return customerLane(body.customer as UpflowRef | undefined);
}
