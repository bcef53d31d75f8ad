import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { creditNoteUpsertSchema } from '../schemas';
import { customerLane, extraJsonOption } from './entity';
import type { EntityApi, RecordRef } from './entity';
import { linksFromUi } from './links';
import { deleteOperation, getManyOperation, getOperation, upsertOperation } from './operations';
import { uploadPdfOperation } from './pdf';
import { schemaOptions, amountModeProperty, amountProperty, currencyProperty, customerRefProperty, dateProperty, linksProperty } from './shared';
import type { ResourceDefinition } from './types';

/** Paths and envelope are [assumed] in api-contract.md. */
export const creditNoteApi: EntityApi = {
	resource: 'creditNote',
	name: 'Credit Note',
	path: '/credit_notes',
	envelope: 'items',
	pageCap: 500,
	searchMethod: 'searchCreditNotes',
	label: (record) => `${String(record.customId ?? record.externalId ?? record.id)} (${String(record.currency ?? '')} ${String(record.amount ?? '')})`,
	simplifiedKeys: ['id', 'externalId', 'customId', 'customer', 'issuedAt', 'amount', 'currency', 'linkedInvoices'],
};

const upsertFields: INodeProperties[] = [
	amountModeProperty,
	{ displayName: 'External ID', name: 'externalId', type: 'string', required: true, default: '', description: "The credit note's ID in your system" },
	{ displayName: 'Credit Note Number', name: 'customId', type: 'string', required: true, default: '', description: 'The number shown to the customer' },
	customerRefProperty,
	dateProperty('issuedAt', 'Issued At'),
	currencyProperty,
	amountProperty('amount', 'Amount'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [linksProperty('linkedInvoices', 'Linked Invoices', { key: 'invoice', label: 'Invoice' }), extraJsonOption],
	},
];

export const creditNoteResource: ResourceDefinition = {
	value: 'creditNote',
	name: 'Credit Note',
	operations: [
		upsertOperation(creditNoteApi, {
			properties: upsertFields,
			mapInput: (input: IDataObject) => ({ ...input, linkedInvoices: linksFromUi(input.linkedInvoices, 'invoice') as IDataObject[] }),
			schema: (context, itemIndex) => creditNoteUpsertSchema(schemaOptions(context, itemIndex)),
			laneOf: (body) => customerLane(body.customer as RecordRef | undefined),
		}),
		getOperation(creditNoteApi),
		getManyOperation(creditNoteApi),
		deleteOperation(creditNoteApi),
		uploadPdfOperation(creditNoteApi),
	],
};
