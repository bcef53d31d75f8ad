import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invoiceUpsertSchema, invoiceUpdateSchema } from '../schemas';
import { minorUnitDigits } from '../schemas/iso';
import { validateItem } from '../schemas/validate';
import type { UpflowClient } from '../transport/request';
import { customFieldsProperty, shapeCustomFields } from './customField';
import { customerLane, extraJsonOption, recordLocator, recordPath } from './entity';
import type { EntityApi, RecordRef } from './entity';
import { deleteOperation, getManyOperation, getOperation, upsertOperation } from './operations';
import { readInput, readRef } from './parameters';
import { uploadPdfOperation } from './pdf';
import { schemaOptions, amountModeProperty, amountProperty, currencyProperty, customerRefProperty, dateProperty } from './shared';
import type { OperationDefinition, ResourceDefinition } from './types';

export const invoiceApi: EntityApi = {
	resource: 'invoice',
	name: 'Invoice',
	path: '/invoices',
	envelope: 'invoices',
	pageCap: 500,
	searchMethod: 'searchInvoices',
	label: (record) => `${String(record.customId ?? record.externalId ?? record.id)} (${String(record.currency ?? '')} ${String(record.grossAmount ?? '')})`,
	simplifiedKeys: ['id', 'externalId', 'customId', 'customerId', 'issuedAt', 'dueDate', 'grossAmount', 'netAmount', 'amountOutstanding', 'currency', 'state'],
};

function optionalFields(): INodeProperties[] {
	return [customFieldsProperty('INVOICE'), { displayName: 'Name', name: 'name', type: 'string', default: '', description: 'A title for the invoice' }, extraJsonOption];
}

const upsertFields: INodeProperties[] = [
	amountModeProperty,
	{ displayName: 'External ID', name: 'externalId', type: 'string', required: true, default: '', description: "The invoice's ID in your system: unique and never changing" },
	{ displayName: 'Invoice Number', name: 'customId', type: 'string', required: true, default: '', description: 'The number shown to the customer, e.g. INV-2024-0042' },
	customerRefProperty,
	dateProperty('issuedAt', 'Issued At'),
	dateProperty('dueDate', 'Due Date'),
	currencyProperty,
	amountProperty('grossAmount', 'Gross Amount', 'Total including tax, in the unit chosen in Amounts In'),
	amountProperty('netAmount', 'Net Amount', 'Total before tax, in the unit chosen in Amounts In'),
	{ displayName: 'Additional Fields', name: 'additionalFields', type: 'collection', placeholder: 'Add Field', default: {}, options: optionalFields() },
];

const updateFields: INodeProperties[] = [
	amountModeProperty,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Invoice Number', name: 'customId', type: 'string', default: '' },
			{ ...dateProperty('issuedAt', 'Issued At', false) },
			{ ...dateProperty('dueDate', 'Due Date', false) },
			{ ...currencyProperty, required: false, default: '' },
			{ ...amountProperty('grossAmount', 'Gross Amount'), required: false },
			{ ...amountProperty('netAmount', 'Net Amount'), required: false },
			...optionalFields(),
		],
	},
];

export const invoiceWrite = {
	laneOf: (body: IDataObject) => customerLane(body.customer as RecordRef | undefined),
	prepare: shapeCustomFields,
};

/**
 * Upflow has no partial update for invoices (the contract shows none): read the invoice, apply the
 * changed fields to its write shape, and send it through the upsert. Both calls are idempotent.
 */
function updateOperation(): OperationDefinition {
	const properties = [recordLocator(invoiceApi), ...updateFields];
	return {
		value: 'update',
		name: 'Update',
		action: 'Update an invoice',
		description: 'Change fields of an invoice (it is read, changed and re-sent by its External ID)',
		properties,
		plan: async (context: IExecuteFunctions, itemIndex: number) => {
			const ref = readRef(context, itemIndex, 'invoice');
			const options = schemaOptions(context, itemIndex, 'updateFields.currency');
			const input = readInput(context, itemIndex, updateFields);
			let changes = validateItem(invoiceUpdateSchema(options), input, itemIndex) as IDataObject;
			const read = async (client: UpflowClient) => (await client.call({ method: 'GET', path: recordPath(invoiceApi, ref), idempotent: true, itemIndex })) as IDataObject;
			return {
				// The invoice's customer is known only from Upflow: find its lane first (a read, outside any lane).
				locate: async (client) => customerLane(customerOf(await read(client))),
				run: async (client) => {
					// Read again inside the customer's lane: an earlier item may have just changed this invoice.
					const current = await read(client);
					if (!current.externalId) {
						throw new NodeOperationError(context.getNode(), `Invoice ${String(current.id)} has no External ID, so it cannot be updated through the API`, {
							itemIndex,
							description: 'Only invoices imported with an External ID can be updated. Re-import it with Create or Update.',
						});
					}
					// Decimal amounts without a new currency are in the invoice's own: convert them with its decimal places.
					const digits = minorUnitDigits(String(current.currency ?? ''));
					if (options.amountMode === 'decimal' && changes.currency === undefined && digits !== (options.digits ?? 2)) {
						changes = validateItem(invoiceUpdateSchema({ ...options, digits }), input, itemIndex) as IDataObject;
					}
					const body = await shapeCustomFields(client, { ...invoiceWriteShape(current), ...changes }, itemIndex);
					return (await client.call({ method: 'POST', path: invoiceApi.path, body, idempotent: true, itemIndex })) as IDataObject;
				},
			};
		},
	};
}

/** The customer of an invoice as Upflow reads it back (`customerId`; the emulator also answers `customer`). */
function customerOf(read: IDataObject): RecordRef | undefined {
	if (typeof read.customerId === 'string') return { id: read.customerId };
	return read.customer as RecordRef | undefined;
}

/**
 * The write shape of an invoice as read back from Upflow: every field the upsert can set (the
 * parity test in test/engine/contract.test.ts fails when one is missing here).
 */
function invoiceWriteShape(read: IDataObject): IDataObject {
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

export const invoiceResource: ResourceDefinition = {
	value: 'invoice',
	name: 'Invoice',
	operations: [
		upsertOperation(invoiceApi, {
			...invoiceWrite,
			properties: upsertFields,
			schema: (context, itemIndex) => invoiceUpsertSchema(schemaOptions(context, itemIndex)),
		}),
		getOperation(invoiceApi),
		getManyOperation(invoiceApi),
		updateOperation(),
		deleteOperation(invoiceApi),
		uploadPdfOperation(invoiceApi),
		{
			value: 'downloadPdf',
			name: 'Download PDF',
			action: 'Download the PDF of an invoice',
			description: 'Download the PDF stored in Upflow as binary data',
			properties: [
				recordLocator(invoiceApi),
				{ displayName: 'Put Output File in Field', name: 'binaryPropertyName', type: 'string', default: 'data', required: true, hint: 'The name of the output binary field to put the file in' },
			],
			plan: async (context, itemIndex) => {
				const ref = readRef(context, itemIndex, 'invoice');
				const binaryPropertyName = context.getNodeParameter('binaryPropertyName', itemIndex) as string;
				return {
					run: async (client) => {
						const invoice = (await client.call({ method: 'GET', path: recordPath(invoiceApi, ref), idempotent: true, itemIndex })) as IDataObject;
						if (typeof invoice.pdfUrl !== 'string' || invoice.pdfUrl === '') {
							throw new NodeOperationError(context.getNode(), `Invoice ${String(invoice.customId ?? invoice.id)} has no PDF in Upflow`, {
								itemIndex,
								description: 'Upload one first with Invoice > Upload PDF.',
							});
						}
						// pdfUrl is signed and expires: fetch it right after reading it.
						const file = await client.download(invoice.pdfUrl, itemIndex);
						const fileName = `${String(invoice.customId ?? invoice.externalId ?? invoice.id)}.pdf`;
						const binary = await context.helpers.prepareBinaryData(file, fileName, 'application/pdf');
						return [{ json: invoice, binary: { [binaryPropertyName]: binary } }];
					},
				};
			},
		},
	],
};
