import type { IDataObject } from 'n8n-workflow';

import { reconciliationLinkSchema, reconciliationUnlinkSchema } from './schema';
import { validateItem } from '../../schemas/validate';
import { customerLane } from '../api';
import { readInput, readRef } from '../parameters';
import { perSchemaOptions, schemaOptions } from '../financialFields';
import type { ResourceDefinition } from '../types';
import { LISTS, externalIdProperty, customerOrderingProperty, linkFields } from './fields';
import { records } from '../types';

const linkSchema = perSchemaOptions(reconciliationLinkSchema);

/** POST /v1/reconcile: links invoices, credit notes, payments and refunds that already exist. */
const RECONCILE_PATH = '/reconcile';

/**
 * UI rows `{externalId, id, amountLinked}` into `{ref, amountLinked}` for the schema; a row without
 * either ID is left for validation to name.
 */
function itemsFromUi(rows: unknown): unknown {
	if (!Array.isArray(rows)) return rows;
	return rows.map((row: IDataObject) => {
		const externalId = String(row.externalId ?? '').trim();
		const id = String(row.id ?? '').trim();
		return {
			ref: externalId ? { externalId } : id ? { id } : undefined,
			amountLinked: row.amountLinked,
		};
	});
}

function laneOf(
	context: Parameters<ResourceDefinition['operations'][number]['plan']>[0],
	itemIndex: number,
	externalId: string,
): string {
	const options = context.getNodeParameter(
		'options',
		itemIndex,
		{},
		{ extractValue: false },
	) as IDataObject;
	const raw = options.customer as { value?: unknown } | undefined;
	const named = raw && typeof raw === 'object' && String(raw.value ?? '').trim() !== '';
	return named
		? customerLane(readRef(context, itemIndex, 'options.customer', 'customer'))!
		: `reconciliation:ext:${externalId}`;
}

export const reconciliationResource: ResourceDefinition = {
	value: 'reconciliation',
	name: 'Reconciliation',
	operations: [
		{
			value: 'link',
			name: 'Link',
			action: 'Link records in reconciliation',
			description:
				"Match invoices, credit notes, payments and refunds that already exist, each with the amount it takes (Upflow's reconcile)",
			properties: linkFields,
			plan: async (context, itemIndex) => {
				const input = readInput(
					context,
					itemIndex,
					linkFields.filter((field) => field.name !== 'options'),
				);
				for (const list of LISTS) input[list.name] = itemsFromUi(input[list.name]) as IDataObject[];
				const body = validateItem(
					linkSchema(schemaOptions(context, input)),
					input,
					itemIndex,
				) as IDataObject;
				return {
					lane: laneOf(context, itemIndex, String(body.externalId)),
					run: records(
						async ({ client }) =>
							// Idempotent: keyed by its externalId, a repeat sets the same links again.
							(await client.call({
								method: 'POST',
								path: RECONCILE_PATH,
								body,
								idempotent: true,
								itemIndex,
							})) as IDataObject,
					),
				};
			},
		},
		{
			value: 'unlink',
			name: 'Unlink',
			action: 'Undo reconciliation',
			description:
				'Undo the links of a reconciliation, by its External ID (the records themselves stay)',
			properties: [
				{
					...externalIdProperty,
					description: 'The External ID the reconciliation was linked with',
				},
				customerOrderingProperty,
			],
			plan: async (context, itemIndex) => {
				const body = validateItem(
					reconciliationUnlinkSchema(),
					{ externalId: context.getNodeParameter('externalId', itemIndex) },
					itemIndex,
				) as IDataObject;
				return {
					lane: laneOf(context, itemIndex, String(body.externalId)),
					run: records(async ({ client }) => {
						// Idempotent: undoing twice leaves it undone.
						await client.call({
							method: 'POST',
							path: RECONCILE_PATH,
							body,
							idempotent: true,
							itemIndex,
						});
						return { externalId: body.externalId, unlinked: true };
					}),
				};
			},
		},
	],
};
