import type { IDataObject } from 'n8n-workflow';

import type { UpflowRef } from '../../shared/ref';
import type { EntityApi } from '../api';
import { customerLane } from '../api';

/** The creditNote collection: where its records live in Upflow (path, list envelope, page cap), how they read in a list. */
export const creditNoteApi: EntityApi = {
	resource: 'creditNote',
	name: 'Credit Note',
	path: '/credit_notes',
	envelope: 'items',
	pageCap: 500,
	searchMethod: 'searchCreditNotes',
	label: (record) => `${String(record.customId ?? record.externalId ?? record.id)} (${String(record.currency ?? '')} ${String(record.grossAmount ?? '')})`,
	simplifiedKeys: ['id', 'externalId', 'customId', 'name', 'customer', 'issuedAt', 'dueDate', 'grossAmount', 'netAmount', 'currency', 'linkedInvoices'],
};

/** Lane policy: every write of a creditNote runs in its customer's lane. */
export function creditNoteLane(body: IDataObject): string | undefined {
	return customerLane(body.customer as UpflowRef | undefined);
}
