import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { UpflowRef } from '../schemas/values';

/** A record reference as Upflow takes it in bodies, and as `{id}` path segments accept it. */
export type RecordRef = UpflowRef;

/** The API facts of one Upflow collection: the only place its path, envelope and page cap are written. */
export interface EntityApi {
	/** Resource value in the node, e.g. `invoice`; also the locator parameter's name. */
	resource: string;
	/** Singular display name, e.g. `Invoice`. */
	name: string;
	/** Collection path under `/v1`, or under the parent record's path when `parent` is set. */
	path: string;
	/**
	 * The entity whose records hold this one's (contacts live under their customer:
	 * `/customers/{customerId}/contacts/{contactId}`). Its locator comes first, and writes take its lane.
	 */
	parent?: EntityApi;
	envelope: string;
	/** Largest page Upflow serves. */
	pageCap: number;
	/** Name of the `listSearch` method that feeds this entity's "From List" mode; empty when it has none. */
	searchMethod: string;
	/** How a record reads in a list: name and external id. */
	label(record: IDataObject): string;
	/** The fields kept by "Simplify". */
	simplifiedKeys: string[];
}

/** `{id}` path segment: the Upflow id, or `external:<externalId>` (URL-encoded after the prefix). */
export function refSegment(ref: RecordRef): string {
	return 'id' in ref ? encodeURIComponent(ref.id) : `external:${encodeURIComponent(ref.externalId)}`;
}

export function recordPath(entity: Pick<EntityApi, 'path'>, ref: RecordRef): string {
	return `${entity.path}/${refSegment(ref)}`;
}

/**
 * The lane of one customer: its writes never run at once, and keep their input order. A customer
 * named by id in one item and by external id in another gets two lanes (we cannot know they are
 * the same without asking Upflow); use one kind of reference per workflow.
 */
export function customerLane(ref: RecordRef | undefined): string | undefined {
	if (!ref) return undefined;
	return 'id' in ref ? `customer:id:${ref.id}` : `customer:ext:${ref.externalId}`;
}

/** A write whose customer is unknown (delete by id) still keeps per-record order. */
export function recordLane(entity: Pick<EntityApi, 'resource'>, ref: RecordRef): string {
	return `${entity.resource}:${'id' in ref ? `id:${ref.id}` : `ext:${ref.externalId}`}`;
}

export function simplify(record: IDataObject, keys: string[]): IDataObject {
	const result: IDataObject = {};
	for (const key of keys) if (key in record) result[key] = record[key];
	return result;
}

/** "From List" / "By ID" / "By External ID" picker for one record of `entity`. */
export function recordLocator(
	entity: Pick<EntityApi, 'resource' | 'name' | 'searchMethod'>,
	overrides: Partial<INodeProperties> = {},
): INodeProperties {
	return {
		displayName: entity.name,
		name: entity.resource,
		type: 'resourceLocator',
		default: { mode: entity.searchMethod ? 'list' : 'id', value: '' },
		required: true,
		description: `The ${entity.name.toLowerCase()} to use`,
		modes: [
			...(entity.searchMethod
				? [
						{
							displayName: 'From List',
							name: 'list',
							type: 'list' as const,
							typeOptions: { searchListMethod: entity.searchMethod, searchable: true },
						},
					]
				: []),
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. 2f6a9c1e-8b7d-4c3e-9a1f-5d2b7e8c4a10' },
			{
				displayName: 'By External ID',
				name: 'externalId',
				type: 'string',
				placeholder: 'e.g. INV-2024-0042',
				hint: 'Your own ID for the record, as sent in its External ID',
			},
		],
		...overrides,
	};
}

export const amountModeOptions: INodePropertyOptions[] = [
	// The value stays 'cents': workflows saved with it keep working.
	{
		name: 'Smallest Unit (Integer)',
		value: 'cents',
		description: "Whole smallest units of the currency, as Upflow stores them: 1234.56 EUR is 123456, 1234 JPY is 1234",
	},
	{
		name: 'Decimal Amount',
		value: 'decimal',
		description: 'Like 1234.56, converted exactly with the currency\'s decimal places (EUR 2, JPY 0, KWD 3); "1 234,56" is refused',
	},
];

export const returnAllProperties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

export const simplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};

export const extraJsonOption: INodeProperties = {
	displayName: 'Additional Fields (JSON)',
	name: 'json',
	type: 'json',
	default: '{}',
	description:
		'Fields the node does not model, as a JSON object. Merged last into the body sent to Upflow, so they override the fields above.',
};
