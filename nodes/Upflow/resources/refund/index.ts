import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { refundUpsertSchema } from './schema';
import { extraJsonOption } from '../entity';
import { customerLane } from '../api';
import type { UpflowRef } from '../../shared/ref';
import { linksFromUi } from '../links';
import { deleteOperation, getManyOperation, getOperation, upsertOperation } from '../operations';
import { schemaOptions, amountModeProperty, amountProperty, currencyProperty, customerRefProperty, dateProperty, instrumentProperty, linksProperty } from '../shared';
import type { ResourceDefinition } from '../types';
import { refundApi } from './api';

/** The list envelope and the write shape of links are assumed (test/contract/upflow.ts). */

const upsertFields: INodeProperties[] = [
	amountModeProperty,
	{ displayName: 'External ID', name: 'externalId', type: 'string', required: true, default: '', description: "The refund's ID in your system" },
	customerRefProperty,
	amountProperty('amount', 'Amount'),
	currencyProperty,
	// Saved as refundedAt since 0.1; Upflow's field is validatedAt (the schema's key).
	{ ...dateProperty('refundedAt', 'Validated At'), description: 'The date the refund was made. ISO 8601 date or date-time; a date alone means midnight UTC' },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			instrumentProperty,
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
			mapInput: ({ refundedAt, ...input }: IDataObject) => ({
				...input,
				validatedAt: refundedAt,
				linkedPayments: linksFromUi(input.linkedPayments, 'payment') as IDataObject[],
				linkedCreditNotes: linksFromUi(input.linkedCreditNotes, 'creditNote') as IDataObject[],
			}),
			schema: (context, itemIndex) => refundUpsertSchema(schemaOptions(context, itemIndex)),
			laneOf: (body) => customerLane(body.customer as UpflowRef | undefined),
		}),
		getOperation(refundApi),
		getManyOperation(refundApi),
		deleteOperation(refundApi),
	],
};
