import type { IDataObject } from 'n8n-workflow';

import { customFieldCreateSchema } from './schema';
import { UpflowInputError, validateItem } from '../../schemas/validate';
import type { UpflowClient } from '../../transport/request';
import { deleteOperation, getManyOperation } from '../operations';
import { readInput } from '../parameters';
import type { ResourceDefinition } from '../types';
import { customFieldApi, customFieldDefinitions } from './api';
import { createFields } from './fields';
import { records } from '../types';

/** The guide names `/v1/custom_field` (singular) for GET and POST; the emulator answers both. */

/**
 * Upflow wants `{label}` for SELECT and `[{label}]` for MULTI_SELECT values; the user types text.
 * Shape each value by its field's data type (one lookup per execution).
 */
export async function shapeCustomFields(
	client: UpflowClient,
	body: IDataObject,
	itemIndex: number,
): Promise<IDataObject> {
	const fields = body.customFields as
		| Array<{ id?: string; externalId?: string; value: unknown }>
		| undefined;
	if (!fields?.length) return body;
	const definitions = await customFieldDefinitions(client);
	const shaped = fields.map((field, index) => {
		const definition = definitions.find(
			(candidate) =>
				candidate.id === field.id ||
				(field.externalId && candidate.externalId === field.externalId),
		);
		if (!definition) {
			throw new UpflowInputError(itemIndex, [
				{
					path: `customFields[${index}]`,
					message: `no custom field ${field.id ?? field.externalId} in this organization; create it first (Custom Field > Create) or pick one from the list`,
				},
			]);
		}
		if (typeof field.value !== 'string') return field;
		if (definition.dataType === 'SELECT') return { ...field, value: { label: field.value } };
		if (definition.dataType === 'MULTI_SELECT') {
			const labels = field.value
				.split(',')
				.map((label) => label.trim())
				.filter((label) => label !== '');
			return { ...field, value: labels.map((label) => ({ label })) };
		}
		return field;
	});
	return { ...body, customFields: shaped };
}

export const customFieldResource: ResourceDefinition = {
	value: 'customField',
	name: 'Custom Field',
	operations: [
		{
			value: 'create',
			name: 'Create',
			action: 'Create custom field',
			description: 'Create a custom field for customers, invoices, credit notes or payments',
			properties: createFields,
			plan: async (context, itemIndex) => {
				const body = validateItem(
					customFieldCreateSchema(),
					readInput(context, itemIndex, createFields),
					itemIndex,
				) as IDataObject;
				return {
					lane: `customField:${String(body.name)}`,
					run: records(
						async ({ client }) =>
							// NOT idempotent: a repeat creates a second field. The transport repeats it only when Upflow
							// cannot have received it (429, connection refused).
							(await client.call({
								method: 'POST',
								path: customFieldApi.path,
								body,
								idempotent: false,
								itemIndex,
							})) as IDataObject,
					),
				};
			},
		},
		getManyOperation(customFieldApi, { simplifiable: false }),
		deleteOperation(customFieldApi),
	],
};
