import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { ZodTypeAny } from 'zod';

import { validateItem } from '../schemas/validate';
import { fetchAll } from '../transport/paginate';
import type { UpflowClient } from '../transport/request';
import { recordLocator, returnAllProperties, simplifyProperty } from './fields';
import { customerLane, listEndpoint, recordLane, recordPath, simplify } from './api';
import type { EntityApi, ListApi } from './api';
import type { UpflowRef } from '../shared/ref';
import type { SchemaOptions } from '../schemas/blocks';
import { readInput, readRef } from './parameters';
import { perSchemaOptions, schemaOptions } from './financialFields';
import { fingerprintOf } from './skipUnchanged';
import type { OperationDefinition } from './types';
import { records } from './types';

/*
 * The operations every Upflow collection shares, written once and driven by the entity's EntityApi.
 * What is really special (PDFs, portal URL, contacts) lives beside its resource.
 */

function article(name: string): string {
	return /^[aeiou]/i.test(name) ? 'an' : 'a';
}

function lower(entity: Pick<ListApi, 'name'>): string {
	return entity.name.toLowerCase();
}

/** The locators that pick one record: its parent's first (a contact's customer), then its own. */
function locators(entity: EntityApi): INodeProperties[] {
	return [
		...(entity.parent
			? [
					recordLocator(entity.parent, {
						description: `The ${lower(entity.parent)} the ${lower(entity)} belongs to`,
					}),
				]
			: []),
		recordLocator(entity),
	];
}

interface Located {
	ref: UpflowRef;
	path: string;
	/** The lane of the record's parent (its customer), when it has one. */
	parentLane?: string;
}

/** Reads the locators of `locators(entity)` into the record's path. */
function locate(context: IExecuteFunctions, itemIndex: number, entity: EntityApi): Located {
	const ref = readRef(context, itemIndex, entity.resource, lower(entity));
	if (!entity.parent) return { ref, path: recordPath(entity, ref) };
	const parentRef = readRef(context, itemIndex, entity.parent.resource, lower(entity.parent));
	return {
		ref,
		path: `${recordPath(entity.parent, parentRef)}${recordPath(entity, ref)}`,
		parentLane: customerLane(parentRef),
	};
}

function shaped(
	context: IExecuteFunctions,
	itemIndex: number,
	keys: string[],
	record: IDataObject,
): IDataObject {
	const wantsSimple = context.getNodeParameter('simplify', itemIndex, false) as boolean;
	return wantsSimple ? simplify(record, keys) : record;
}

export interface WriteSpec {
	/** The parameters of the operation (fields), read into the schema's input by `readInput`. */
	properties: INodeProperties[];
	/**
	 * The zod schema for an item's options (amount mode, the currency's decimal places, time zone:
	 * `schemaOptions`). Built once per distinct options by the operation, not once per item.
	 */
	schema(options: SchemaOptions): ZodTypeAny;
	/** Turns UI-shaped fields into the API's shape before validation (e.g. an id into `{id}`). */
	mapInput?(input: IDataObject): IDataObject;
	/** The lane of the validated body, when it is not the entity's own policy (EntityApi.writeLane). */
	laneOf?(body: IDataObject): string | undefined;
	/** Work the body needs once validated, with the client (e.g. shaping custom field values). */
	prepare?(client: UpflowClient, body: IDataObject, itemIndex: number): Promise<IDataObject>;
	/** What may be a mistake in a valid body (shown in the output pane, never refused). */
	hints?(body: IDataObject): string[];
}

/** The validated body of one item, with its hints shown. */
function validBody(
	spec: WriteSpec,
	context: IExecuteFunctions,
	itemIndex: number,
	schemaFor: (options: SchemaOptions) => ZodTypeAny,
): IDataObject {
	const input = readInput(context, itemIndex, spec.properties);
	const body = validateItem(
		schemaFor(schemaOptions(context, input)),
		spec.mapInput ? spec.mapInput(input) : input,
		itemIndex,
	) as IDataObject;
	const hints = spec.hints?.(body) ?? [];
	// Feature-detected: hosts before execution hints simply show none.
	if (hints.length)
		context.addExecutionHints?.(
			...hints.map((message) => ({
				message: `Item ${itemIndex}: ${message}`,
				type: 'warning' as const,
				location: 'outputPane' as const,
			})),
		);
	return body;
}

const skipUnchangedProperty: INodeProperties = {
	displayName: 'Skip Unchanged',
	name: 'skipUnchanged',
	type: 'boolean',
	default: false,
	description:
		'Whether to skip records this node already sent with exactly the same content (for live syncs). ' +
		'Skipped items come out with "skipped": true. Only active workflows remember what they sent.',
};

/** POST to the collection: Upflow creates the record or updates the one with the same externalId. */
export function upsertOperation(entity: EntityApi, spec: WriteSpec): OperationDefinition {
	const schemaFor = perSchemaOptions(spec.schema);
	return {
		value: 'upsert',
		name: 'Create or Update',
		action: `Create or update ${lower(entity)}`,
		// The wording n8n's lint requires for upserts; the External ID is the key (see the field's hint).
		description: 'Create a new record, or update the current one if it already exists (upsert)',
		properties: [...spec.properties, skipUnchangedProperty],
		plan: async (context, itemIndex, { sentRecords }) => {
			const body = validBody(spec, context, itemIndex, schemaFor);
			const externalId = String(body.externalId);
			const skipUnchanged = context.getNodeParameter('skipUnchanged', itemIndex, false) as boolean;
			const fingerprint = skipUnchanged ? fingerprintOf(body) : undefined;
			if (fingerprint && sentRecords.isUnchanged(entity.resource, externalId, fingerprint)) {
				return {
					done: [
						{
							json: {
								externalId,
								skipped: true,
								reason: 'Unchanged since this node last sent it to Upflow',
							},
						},
					],
				};
			}
			return {
				lane: (spec.laneOf ?? entity.writeLane)?.(body),
				run: records(async ({ client }) => {
					const sent = spec.prepare ? await spec.prepare(client, body, itemIndex) : body;
					// Idempotent: keyed by externalId, so a repeat updates the same record instead of duplicating it.
					const record = (await client.call({
						method: 'POST',
						path: entity.path,
						body: sent,
						idempotent: true,
						itemIndex,
					})) as IDataObject;
					if (fingerprint) sentRecords.remember(entity.resource, externalId, fingerprint);
					return record;
				}),
			};
		},
	};
}

/** PUT on one record with the fields given (partial). */
export function updateOperation(
	entity: EntityApi,
	spec: WriteSpec & { laneOfRef?(ref: UpflowRef): string },
): OperationDefinition {
	const properties = [...locators(entity), ...spec.properties];
	const schemaFor = perSchemaOptions(spec.schema);
	return {
		value: 'update',
		name: 'Update',
		action: `Update ${lower(entity)}`,
		description: `Change fields of ${article(entity.name)} ${lower(entity)}`,
		properties,
		plan: async (context, itemIndex) => {
			const { ref, path, parentLane } = locate(context, itemIndex, entity);
			const body = validBody(spec, context, itemIndex, schemaFor);
			return {
				lane:
					parentLane ??
					(spec.laneOfRef
						? spec.laneOfRef(ref)
						: ((spec.laneOf ?? entity.writeLane)?.(body) ?? recordLane(entity, ref))),
				run: records(async ({ client }) => {
					const sent = spec.prepare ? await spec.prepare(client, body, itemIndex) : body;
					// Idempotent: PUT sets the same fields to the same values however often it is sent.
					return (await client.call({
						method: 'PUT',
						path,
						body: sent,
						idempotent: true,
						itemIndex,
					})) as IDataObject;
				}),
			};
		},
	};
}

export function getOperation(entity: EntityApi): OperationDefinition {
	return {
		value: 'get',
		name: 'Get',
		action: `Get ${lower(entity)}`,
		description: `Retrieve ${article(entity.name)} ${lower(entity)} by ID or External ID`,
		properties: [...locators(entity), simplifyProperty],
		plan: async (context, itemIndex) => {
			const { path } = locate(context, itemIndex, entity);
			return {
				run: records(async ({ client }) => {
					const record = (await client.call({
						method: 'GET',
						path,
						idempotent: true,
						itemIndex,
					})) as IDataObject;
					return shaped(context, itemIndex, entity.simplifiedKeys, record);
				}),
			};
		},
	};
}

export interface ListSpec {
	/** Extra parameters (filters). */
	properties?: INodeProperties[];
	/** Query parameters from those filters. */
	query?(context: IExecuteFunctions, itemIndex: number): IDataObject;
	/** Whether rows get "Simplify" (lists of small objects do not need it). */
	simplifiable?: boolean;
	/**
	 * A short list read whole every time (no Return All / Limit, no Simplify), with this
	 * operation description.
	 */
	whole?: string;
}

/** Get Many of a list: page by page with Return All / Limit, or the whole list (`spec.whole`). */
export function getManyOperation(
	list: ListApi & Partial<Pick<EntityApi, 'simplifiedKeys'>>,
	spec: ListSpec = {},
): OperationDefinition {
	const keys =
		spec.whole === undefined && spec.simplifiable !== false ? list.simplifiedKeys : undefined;
	return {
		value: 'getAll',
		name: 'Get Many',
		action: `Get many ${lower(list)}s`,
		description:
			spec.whole ?? `Retrieve many ${lower(list)}s, page by page (up to ${list.pageCap} a request)`,
		properties:
			spec.whole === undefined
				? [...returnAllProperties, ...(spec.properties ?? []), ...(keys ? [simplifyProperty] : [])]
				: [],
		plan: async (context, itemIndex) => {
			const returnAll =
				spec.whole !== undefined || (context.getNodeParameter('returnAll', itemIndex) as boolean);
			const limit = returnAll
				? Number.POSITIVE_INFINITY
				: (context.getNodeParameter('limit', itemIndex) as number);
			const qs = spec.query?.(context, itemIndex);
			return {
				run: records(async ({ client }) => {
					const rows = await fetchAll(client, listEndpoint(list, qs), limit, itemIndex);
					return keys ? rows.map((row) => shaped(context, itemIndex, keys, row)) : rows;
				}),
			};
		},
	};
}

export function deleteOperation(
	entity: EntityApi,
	laneOfRef: (ref: UpflowRef) => string | undefined = (ref) => recordLane(entity, ref),
): OperationDefinition {
	return {
		value: 'delete',
		name: 'Delete',
		action: `Delete ${lower(entity)}`,
		description: `Delete ${article(entity.name)} ${lower(entity)} by ID or External ID`,
		properties: locators(entity),
		plan: async (context, itemIndex) => {
			const { ref, path, parentLane } = locate(context, itemIndex, entity);
			return {
				lane: parentLane ?? laneOfRef(ref),
				run: records(async ({ client, sentRecords }) => {
					// Idempotent: a repeated DELETE can only find the record already gone, which is what was asked.
					await client.call({
						method: 'DELETE',
						path,
						idempotent: true,
						doneIfRepeatAnswers: 404,
						itemIndex,
					});
					// A later Create or Update with Skip Unchanged must send it again. (Deleted by Upflow ID, the
					// External ID is unknown here; Skip Unchanged then still remembers it: delete by External ID.)
					if ('externalId' in ref) sentRecords.forget(entity.resource, ref.externalId);
					return { deleted: true };
				}),
			};
		},
	};
}
