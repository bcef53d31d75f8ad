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

/**
 * The write shape of an invoice as read back from Upflow: every field the upsert can set (the
 * parity test in test/engine/contract.test.ts fails when one is missing here).
 */
export function invoiceWriteShape(read: IDataObject): IDataObject {
	const shape: IDataObject = {
		externalId: read.externalId,
		customId: read.customId,
		customer: customerOf(read),
		issuedAt: read.issuedAt,
		dueDate: read.dueDate,
		currency: read.currency,
		grossAmount: read.grossAmount,
		netAmount: read.netAmount,
	};
	if (read.name) shape.name = read.name;
	return shape;
}
