import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { EntityApi } from './api';

/* The UI fields every resource shares: the record picker, Return All / Limit, Simplify, the JSON
 * escape hatch, and options built from a schema's enum. An entity's own fields are in <entity>/fields.ts. */

/** The `listSearch` method of a searchable entity's "From List" mode, e.g. `searchCreditNotes`. */
export function listSearchMethod(entity: Pick<EntityApi, 'name'>): string {
	return `search${entity.name.replace(/\s+/g, '')}s`;
}

/** "From List" / "By ID" / "By External ID" picker for one record of `entity`. */
export function recordLocator(
	entity: Pick<EntityApi, 'resource' | 'name' | 'searchable'>,
	overrides: Partial<INodeProperties> = {},
): INodeProperties {
	const searchMethod = entity.searchable ? listSearchMethod(entity) : undefined;
	return {
		displayName: entity.name,
		name: entity.resource,
		type: 'resourceLocator',
		default: { mode: searchMethod ? 'list' : 'id', value: '' },
		required: true,
		description: `The ${entity.name.toLowerCase()} to use`,
		modes: [
			...(searchMethod
				? [
						{
							displayName: 'From List',
							name: 'list',
							type: 'list' as const,
							typeOptions: { searchListMethod: searchMethod, searchable: true },
						},
					]
				: []),
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 2f6a9c1e-8b7d-4c3e-9a1f-5d2b7e8c4a10',
			},
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
		description:
			'Whole smallest units of the currency, as Upflow stores them: 1234.56 EUR is 123456, 1234 JPY is 1234',
	},
	{
		name: 'Decimal Amount',
		value: 'decimal',
		description:
			'Like 1234.56, converted exactly with the currency\'s decimal places (EUR 2, JPY 0, KWD 3); "1 234,56" is refused',
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

/** An enum value as an option name: MULTI_SELECT -> Multi Select. */
function enumLabel(value: string): string {
	return value
		.toLowerCase()
		.split('_')
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
		.join(' ');
}

/** An options list from a schema's enum, sorted by name: the schema stays the only list of values. */
export function enumOptions(
	values: readonly string[],
	descriptions: Record<string, string> = {},
): INodePropertyOptions[] {
	return [...values]
		.map((value) => ({
			name: enumLabel(value),
			value,
			...(descriptions[value] ? { description: descriptions[value] } : {}),
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
