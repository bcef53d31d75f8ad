import type { IDataObject } from 'n8n-workflow';

import type { EntityApi } from '../api';
import type { UpflowRef } from '../../shared/ref';
import { bodyCustomerLane } from '../api';

/** Invoices: where they live in Upflow (path, list envelope, page cap), how they read in a list. */
export const invoiceApi: EntityApi = {
	resource: 'invoice',
	name: 'Invoice',
	path: '/invoices',
	envelope: 'invoices',
	pageCap: 500,
	searchable: true,
	label: (record) =>
		`${String(record.customId ?? record.externalId ?? record.id)} (${String(record.currency ?? '')} ${String(record.grossAmount ?? '')})`,
	writeLane: bodyCustomerLane,
	simplifiedKeys: [
		'id',
		'externalId',
		'customId',
		'customerId',
		'issuedAt',
		'dueDate',
		'grossAmount',
		'netAmount',
		'amountOutstanding',
		'currency',
		'state',
	],
};

/** The customer of an invoice as Upflow reads it back (`customerId`; the emulator also answers `customer`). */
export function customerOf(read: IDataObject): UpflowRef | undefined {
	if (typeof read.customerId === 'string') return { id: read.customerId };
	return read.customer as UpflowRef | undefined;
}
