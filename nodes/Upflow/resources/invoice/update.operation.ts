import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { minorUnitDigits } from '../../schemas/iso';
import { validateItem } from '../../schemas/validate';
import type { UpflowClient } from '../../transport/request';
import { customerLane, recordPath } from '../api';
import { shapeCustomFields } from '../customField';
import { recordLocator } from '../fields';
import { readInput, readRef } from '../parameters';
import { perSchemaOptions, schemaOptions } from '../financialFields';
import type { OperationDefinition } from '../types';
import { customerOf, invoiceApi } from './api';
import { updateFields } from './fields';
import { INVOICE_UPSERT_KEYS, invoiceUpdateSchema } from './schema';
import { records } from '../types';

const updateSchema = perSchemaOptions(invoiceUpdateSchema);

/**
 * What an upsert of the invoice as read back from Upflow sends: every key the upsert takes, from
 * the read (its customer is read back as `customerId`). Custom fields are left out: Upflow merges
 * them per field, so the ones not sent keep their values. `additionalFields` is the UI's JSON.
 */
function resendOf(read: IDataObject): IDataObject {
	const shape: IDataObject = {};
	for (const key of INVOICE_UPSERT_KEYS) {
		if (key === 'customFields' || key === 'additionalFields') continue;
		const value = key === 'customer' ? customerOf(read) : read[key];
		if (value !== undefined && value !== null && value !== '') shape[key] = value as IDataObject;
	}
	return shape;
}

/**
 * Invoice > Update. Upflow has no partial update for invoices (the contract shows none): read the
 * invoice, apply the changed fields to its write shape, and send it through the upsert. Both calls
 * are idempotent.
 */
export const invoiceUpdate: OperationDefinition = {
	value: 'update',
	name: 'Update',
	action: 'Update invoice',
	description: 'Change fields of an invoice (it is read, changed and re-sent by its External ID)',
	properties: [recordLocator(invoiceApi), ...updateFields],
	plan: async (context: IExecuteFunctions, itemIndex: number) => {
		const ref = readRef(context, itemIndex, 'invoice');
		const input = readInput(context, itemIndex, updateFields);
		const options = schemaOptions(context, input);
		let changes = validateItem(updateSchema(options), input, itemIndex) as IDataObject;
		const read = async (client: UpflowClient) =>
			(await client.call({
				method: 'GET',
				path: recordPath(invoiceApi, ref),
				idempotent: true,
				itemIndex,
			})) as IDataObject;
		return {
			// The invoice's customer is known only from Upflow: find its lane first (a read, outside any lane).
			locate: async ({ client }) => customerLane(customerOf(await read(client))),
			run: records(async ({ client }) => {
				// Read again inside the customer's lane: an earlier item may have just changed this invoice.
				const current = await read(client);
				if (!current.externalId) {
					throw new NodeOperationError(
						context.getNode(),
						`Invoice ${String(current.id)} has no External ID, so it cannot be updated through the API`,
						{
							itemIndex,
							description:
								'Only invoices imported with an External ID can be updated. Re-import it with Create or Update.',
						},
					);
				}
				// Decimal amounts without a new currency are in the invoice's own: convert them with its decimal places.
				const currency = String(current.currency ?? '').toUpperCase();
				if (
					options.amountMode === 'decimal' &&
					changes.currency === undefined &&
					minorUnitDigits(currency) !== minorUnitDigits(options.currency ?? '')
				) {
					changes = validateItem(
						updateSchema({ ...options, currency }),
						input,
						itemIndex,
					) as IDataObject;
				}
				const body = await shapeCustomFields(
					client,
					{ ...resendOf(current), ...changes },
					itemIndex,
				);
				return (await client.call({
					method: 'POST',
					path: invoiceApi.path,
					body,
					idempotent: true,
					itemIndex,
				})) as IDataObject;
			}),
		};
	},
};
