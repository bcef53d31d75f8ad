import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { refundUpsertSchema } from '../schemas';
import { customerLane, extraJsonOption } from './entity';
import type { EntityApi, RecordRef } from './entity';
import { linksFromUi } from './links';
import { deleteOperation, getManyOperation, getOperation, upsertOperation } from './operations';
import { schemaOptions, amountModeProperty, amountProperty, currencyProperty, customerRefProperty, dateProperty, linksProperty } from './shared';
import type { ResourceDefinition } from './types';

/** Paths, envelope and the link fields are [assumed] in api-contract.md. */
export const refundApi: EntityApi = {
	resource: 'refund',
	name: 'Refund',
	path: '/refunds',
	envelope: 'items',
	pageCap: 500,
	searchMethod: 'searchRefunds',
	label: (record) => `${String(record.externalId ?? record.id)} (${String(record.currency ?? '')} ${String(record.amount ?? '')})`,
	simplifiedKeys: ['id', 'externalId', 'amount', 'currency', 'refundedAt', 'customer', 'linkedPayments', 'linkedCreditNotes'],
};

const upsertFields: INodeProperties[] = [
	amountModeProperty,
	{ displayName: 'External ID', name: 'externalId', type: 'string', required: true, default: '', description: "The refund's ID in your system" },
	customerRefProperty,
	amountProperty('amount', 'Amount'),
	currencyProperty,
	dateProperty('refundedAt', 'Refunded At'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			linksProperty('linkedCreditNotes', 'Linked Credit Notes', { key: 'creditNote', label: 'Credit Note' }),
			{
				...linksProperty('linkedPayments', 'Linked Payments', { key: 'payment', label: 'Payment' }),
				description: 'The payments it gives back, each with the amount. Without any link, the refund is a debit on the customer account.',
			},
			extraJsonOption,
		],
	},
];

export const refundResource: ResourceDefinition = {
	value: 'refund',
	name: 'Refund',
	operations: [
		upsertOperation(refundApi, {
			properties: upsertFields,
			mapInput: (input: IDataObject) => ({
				...input,
				linkedPayments: linksFromUi(input.linkedPayments, 'payment') as IDataObject[],
				linkedCreditNotes: linksFromUi(input.linkedCreditNotes, 'creditNote') as IDataObject[],
			}),
			schema: (context, itemIndex) => refundUpsertSchema(schemaOptions(context, itemIndex)),
			laneOf: (body) => customerLane(body.customer as RecordRef | undefined),
		}),
		getOperation(refundApi),
		getManyOperation(refundApi),
		deleteOperation(refundApi),
	],
};
