import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { SchemaOptions } from '../schemas/blocks';
import { ISO_4217_CODES } from '../schemas/iso';
import { customerApi } from './customer/api';
import { amountModeOptions, recordLocator } from './fields';

/* The UI fields that invoices, credit notes, payments and refunds share: amounts, currency, dates,
 * their customer and their links to other records. */

export const amountModeProperty: INodeProperties = {
	displayName: 'Amounts In',
	name: 'amountsIn',
	type: 'options',
	options: amountModeOptions,
	default: 'cents',
	description:
		"How the amounts below are written. Upflow stores integers in the currency's smallest unit " +
		"(cents for EUR, yen for JPY); decimal amounts are converted exactly with the currency's " +
		'ISO 4217 decimal places.',
};

/**
 * What a write schema needs from the node: the amount unit chosen, the item's currency (at
 * `currencyKey` of the item's input, as `readInput` read it, for its decimal places), and the
 * workflow's timezone for dates without one.
 */
export function schemaOptions(
	context: IExecuteFunctions,
	input: IDataObject,
	currencyKey = 'currency',
): SchemaOptions {
	const currency = input[currencyKey];
	const code = typeof currency === 'string' ? currency.trim().toUpperCase() : '';
	return {
		amountMode: input.amountsIn === 'decimal' ? 'decimal' : 'cents',
		// An unknown code is refused by the Currency field itself; amounts then count 2 decimals.
		currency: ISO_4217_CODES.has(code) ? code : undefined,
		timezone: context.getTimezone(),
	};
}

/**
 * A write schema factory that builds once per distinct options instead of once per item: building
 * a zod schema costs more than validating an item with it, the schemas are immutable, and an
 * execution has one or a few option sets (the keys are bounded: two modes, the ISO 4217 codes,
 * the workflows' time zones).
 */
export function perSchemaOptions<S>(
	build: (options: SchemaOptions) => S,
): (options: SchemaOptions) => S {
	const built = new Map<string, S>();
	return (options) => {
		const key = `${options.amountMode} ${options.currency ?? ''} ${options.timezone ?? ''}`;
		let schema = built.get(key);
		if (schema === undefined) {
			schema = build(options);
			built.set(key, schema);
		}
		return schema;
	};
}

/** The customer a financial record belongs to (it must already exist in Upflow). */
export const customerRefProperty: INodeProperties = recordLocator(customerApi, {
	description: 'The customer it belongs to; it must already exist in Upflow',
});

export function amountProperty(
	name: string,
	displayName: string,
	description?: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1234.56 or 123456',
		description: description ?? "In the unit chosen in 'Amounts In'",
	};
}

export function dateProperty(name: string, displayName: string, required = true): INodeProperties {
	return {
		displayName,
		name,
		type: 'dateTime',
		required,
		default: '',
		description: 'ISO 8601 date or date-time; a date alone means midnight UTC',
	};
}

export const currencyProperty: INodeProperties = {
	displayName: 'Currency',
	name: 'currency',
	type: 'string',
	required: true,
	default: 'EUR',
	description: 'ISO 4217 code, like EUR or USD',
};

/** A list of links to other records with the amount applied to each ("linked invoices" ...). */
export function linksProperty(
	name: string,
	displayName: string,
	target: { key: string; label: string },
): INodeProperties {
	return {
		displayName,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: `Add ${target.label}`,
		default: {},
		options: [
			{
				displayName: target.label,
				name: 'link',
				values: [
					{
						displayName: `${target.label} External ID`,
						name: 'externalId',
						type: 'string',
						default: '',
						description: `Your ID of the ${target.label.toLowerCase()}; leave empty to use the Upflow ID`,
					},
					{
						displayName: `${target.label} ID`,
						name: 'id',
						type: 'string',
						default: '',
						description: 'The Upflow ID, when no External ID is given',
					},
					{
						displayName: 'Linked Amount',
						name: 'linkedAmount',
						type: 'string',
						default: '',
						description: "The amount applied to it, in the unit chosen in 'Amounts In'",
					},
				],
			},
		],
	};
}
