import type { IDataObject } from 'n8n-workflow';

import type { UpflowRef } from '../../shared/ref';
import type { EntityApi } from '../api';
import { customerLane } from '../api';

/** The refund collection: where its records live in Upflow (path, list envelope, page cap), how they read in a list. */
export const refundApi: EntityApi = {
	resource: 'refund',
	name: 'Refund',
	path: '/refunds',
	envelope: 'items',
	pageCap: 500,
	searchMethod: 'searchRefunds',
	label: (record) => `${String(record.externalId ?? record.id)} (${String(record.currency ?? '')} ${String(record.amount ?? '')})`,
	simplifiedKeys: ['id', 'externalId', 'amount', 'amountLinked', 'currency', 'validatedAt', 'instrument', 'customer', 'linkedTransactions', 'linkedCreditNotes'],
};

/** Lane policy: every write of a refund runs in its customer's lane. */
export function refundLane(body: IDataObject): string | undefined {
	return customerLane(body.customer as UpflowRef | undefined);
}
