/**
 * zod building blocks shared by the entity schemas: every field is a value parser from
 * `values.ts` wrapped so that a refused value becomes a zod issue at the field's path.
 *
 * Conventions applied to every write schema:
 * - `undefined`, `null` and blank strings mean "not given" (n8n leaves empty parameters as "" or
 *   null): an optional field is then left out, a required one is refused as missing. Only fields
 *   documented as nullable (customer `dunningPlanId`) keep an explicit null.
 * - Issues raised by the parsers are fatal, so cross-field checks (sums, date order) run only on
 *   items whose fields all parsed; a user first sees field errors, then cross-field ones.
 * - Unknown keys are stripped; `additionalFields` (a JSON object or JSON text) is merged last,
 *   shallowly. A key there that the shape models is validated as that field (see `body`).
 */
import { z } from 'zod';

import type { UpflowRef } from '../shared/ref';

import { type AmountMode, attempt } from './values';
import { type CentsOptions, formatCents, toCents } from './amounts';
import { type DateOptions, toIsoDate } from './dates';
import { type JsonObject, toCustomFieldValue, toJsonObject } from './json';
import { referenceKey, toReference } from './references';
import { toCurrency } from './codes';
import { minorUnitDigits } from './iso';
import { toText } from './text';

/** What every schema factory takes: how amounts are written, and the zone of zone-less date-times. */
export interface SchemaOptions {
	amountMode: AmountMode;
	/**
	 * The item's ISO 4217 currency code, when known: decimal amounts are converted with its decimal
	 * places (default 2), and messages name it.
	 */
	currency?: string;
	/** IANA zone for date-times without an offset (the workflow's time zone). */
	timezone?: string;
}

export type Parser<T> = (input: unknown) => T;
/** A field schema: anything in, T out. */
export type Field<T> = z.ZodType<T, z.ZodTypeDef, unknown>;

const MAX_ID = 255;
const MAX_NAME = 255;
const MAX_FREE_TEXT = 1000;

/**
 * "Not given": undefined, null, a blank string, or a resource locator (`{mode, value}`) whose
 * value is blank (n8n's value for an optional locator left empty).
 */
function isBlank(value: unknown): boolean {
	if (value === undefined || value === null) return true;
	if (typeof value === 'string') return value.trim() === '';
	if (typeof value === 'object' && !Array.isArray(value) && 'mode' in value && 'value' in value) {
		return isBlank((value as { value: unknown }).value);
	}
	return false;
}

function run<T>(parse: Parser<T>, value: unknown, ctx: z.RefinementCtx): T {
	const outcome = attempt(() => parse(value));
	if (outcome.ok) return outcome.value;
	ctx.addIssue(outcome.error.toIssue());
	return z.NEVER;
}

/** A required field: blank is refused with "is required; <hint>". */
export function required<T>(parse: Parser<T>, hint: string): Field<T> {
	return z.unknown().transform((value, ctx): T => {
		if (isBlank(value)) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: `is required; ${hint}`, fatal: true });
			return z.NEVER;
		}
		return run(parse, value, ctx);
	});
}

/** An optional field: blank becomes undefined (left out of the body). */
export function optional<T>(parse: Parser<T>): Field<T | undefined> {
	return z
		.unknown()
		.transform((value, ctx): T | undefined =>
			isBlank(value) ? undefined : run(parse, value, ctx),
		);
}

/** An optional field where an explicit null is kept (sent as null, e.g. to unassign). */
export function nullable<T>(parse: Parser<T>): Field<T | null | undefined> {
	return z
		.unknown()
		.transform((value, ctx): T | null | undefined =>
			value === null ? null : isBlank(value) ? undefined : run(parse, value, ctx),
		);
}

/** A field with a default used when it is blank. */
export function withDefault<T>(parse: Parser<T>, fallback: T): Field<T> {
	return z
		.unknown()
		.transform((value, ctx): T => (isBlank(value) ? fallback : run(parse, value, ctx)));
}

/** An optional list of items; blank means "not given", an empty list is kept (it means "none"). */
export function list<T extends z.ZodTypeAny>(item: T, what: string) {
	return z.preprocess(
		(value) => (isBlank(value) ? undefined : value),
		z
			.array(item, { invalid_type_error: `must be a list of ${what}; send an array [ ... ]` })
			.optional(),
	);
}

/** An object inside a body (address ...); blank, or with every field blank, means "not given". */
export function nested<T extends z.ZodRawShape>(shape: T, what: string) {
	return z
		.preprocess(
			(value) => (isBlank(value) ? undefined : value),
			z
				.object(shape, {
					invalid_type_error: `must be an object with ${what}; send {"field": "value"}`,
				})
				.optional(),
		)
		.transform((value) =>
			value && Object.values(value).every((field) => field === undefined) ? undefined : value,
		);
}

/**
 * The object a write schema starts from, with a clear message when the item is not an object.
 *
 * Additional Fields (JSON) may carry a key the shape models (a contact list built upstream, say):
 * it is moved into the input before validation, so it is checked exactly like the field and the
 * node's own use of the value (customer lanes, Skip Unchanged) sees what Upflow gets. A key set
 * both in its field and in the JSON is refused: which one is meant cannot be told.
 */
export function body<T extends z.ZodRawShape>(shape: T) {
	const modelled = new Set(Object.keys(shape).filter((key) => key !== 'additionalFields'));
	return z.preprocess(
		(input) => {
			if (!isPlainInput(input) || isBlank(input.additionalFields)) return input;
			let extra: Record<string, unknown>;
			try {
				extra = toJsonObject(input.additionalFields);
			} catch {
				return input; // the additionalFields parser reports it
			}
			const moved = Object.keys(extra).filter((key) => modelled.has(key));
			if (moved.length === 0) return input;
			const out: Record<string, unknown> = { ...input, additionalFields: { ...extra } };
			const clashing: string[] = [];
			for (const key of moved) {
				// Set in both places: the field's value is kept (and checked), the clash is reported.
				if (isBlank(input[key])) out[key] = extra[key];
				else clashing.push(key);
				delete (out.additionalFields as Record<string, unknown>)[key];
			}
			if (clashing.length) out[CLASHING] = clashing;
			return out;
		},
		z
			.object(shape, {
				invalid_type_error:
					'must be an object of fields; pass the fields of the record as an object',
				required_error: 'is missing; give the fields of the record',
			})
			.passthrough()
			.superRefine((value, ctx) => {
				for (const key of ((value as Record<string, unknown>)[CLASHING] as string[] | undefined) ??
					[]) {
					ctx.addIssue({
						code: z.ZodIssueCode.custom,
						path: ['additionalFields', key],
						message: `sets "${key}", which its own field sets too; keep one: the field, or the key in Additional Fields (JSON)`,
					});
				}
			})
			.transform((value) => {
				// passthrough() kept the clash list for the check above: keep only the shape's keys.
				const known: Record<string, unknown> = {};
				for (const key of Object.keys(shape))
					if (key in value) known[key] = (value as Record<string, unknown>)[key];
				return known as z.objectOutputType<T, z.ZodTypeAny>;
			}),
	);
}

/** Where `body` notes the keys set both in their field and in the JSON (read by its own check). */
const CLASHING = '\u0000clashing';

function isPlainInput(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Parsers bound to options
// ---------------------------------------------------------------------------------------------

export const idText: Parser<string> = (v) => toText(v, { max: MAX_ID, numbersAsText: true });
export const nameText: Parser<string> = (v) => toText(v, { max: MAX_NAME });
export const shortText: Parser<string> = (v) => toText(v, { max: MAX_NAME, numbersAsText: true });
export const freeText: Parser<string> = (v) =>
	toText(v, { max: MAX_FREE_TEXT, numbersAsText: true });
export const currency: Parser<string> = toCurrency;

export function amount(options: SchemaOptions, cents: CentsOptions = {}): Parser<number> {
	const { currency } = options;
	const digits = currency === undefined ? undefined : minorUnitDigits(currency);
	return (v) => toCents(v, options.amountMode, { digits, currency, ...cents });
}

export function date(options: SchemaOptions | DateOptions): Parser<string> {
	return (v) => toIsoDate(v, { timezone: options.timezone });
}

export function reference(entity: string): Parser<UpflowRef> {
	return (v) => toReference(v, { entity });
}

/** "150.00" in decimal mode, "15000 (smallest unit)" otherwise: amounts in messages, as the user writes them. */
function showAmount(
	cents: number,
	options: Pick<SchemaOptions, 'amountMode' | 'currency'>,
): string {
	return options.amountMode === 'decimal'
		? formatCents(cents, minorUnitDigits(options.currency ?? ''))
		: `${cents} (smallest unit)`;
}

/** netAmount is before tax, grossAmount includes it: net above gross means they were swapped. */
export function checkNetAmount(
	value: { grossAmount?: number; netAmount?: number },
	options: SchemaOptions,
	ctx: z.RefinementCtx,
): void {
	if (
		value.grossAmount === undefined ||
		value.netAmount === undefined ||
		value.netAmount <= value.grossAmount
	)
		return;
	ctx.addIssue({
		code: z.ZodIssueCode.custom,
		path: ['netAmount'],
		message:
			`is more than grossAmount (${showAmount(value.netAmount, options)} > ` +
			`${showAmount(value.grossAmount, options)}); netAmount is before tax, ` +
			'grossAmount includes tax: check that they are not swapped',
	});
}

/** ['contacts', 0, 'email'] -> "contacts[0].email"; [] -> "input". */
export function formatPath(path: ReadonlyArray<string | number>): string {
	let out = '';
	for (const part of path) {
		if (typeof part === 'number') out += `[${part}]`;
		else out += out ? `.${part}` : part;
	}
	return out || 'input';
}

// ---------------------------------------------------------------------------------------------
// Shared sub-shapes
// ---------------------------------------------------------------------------------------------

/**
 * Custom field values `[{ id | externalId, value }]` (Upflow's guide shows both keys together,
 * so both are kept when given). value: text, number, boolean, date, `{label}` (SELECT) or
 * `[{label}]` (MULTI_SELECT); labels are case-sensitive.
 */
export function customFieldValues(options: SchemaOptions | DateOptions) {
	const entry = z
		.object(
			{
				id: optional(idText),
				externalId: optional(idText),
				value: required(
					(v) => toCustomFieldValue(v, { timezone: options.timezone }),
					'give the value, or remove this custom field from the list',
				),
			},
			{
				invalid_type_error:
					'must be an object {"id": "...", "value": ...}; give the custom field and its value',
			},
		)
		.superRefine((entryValue, ctx) => {
			if (entryValue.id === undefined && entryValue.externalId === undefined) {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					path: ['id'],
					message:
						'is required (or externalId); pick the custom field from the list or give its ID',
				});
			}
		});
	return list(entry, 'custom field values').superRefine((entries, ctx) => {
		const seen = new Map<string, number>();
		entries?.forEach((entryValue, index) => {
			const key =
				entryValue.id !== undefined ? `id:${entryValue.id}` : `externalId:${entryValue.externalId}`;
			const first = seen.get(key);
			if (first !== undefined) {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					path: [index],
					message: `sets the same custom field as ${formatPath(['customFields', first])}; keep one value per field`,
				});
			} else seen.set(key, index);
		});
	});
}

/** Additional Fields: a JSON object (or JSON text) merged last into the body. */
export function additionalFields(
	options: SchemaOptions | DateOptions,
): Field<JsonObject | undefined> {
	return optional((v) => toJsonObject(v, { timezone: options.timezone }));
}

/** Lines linking an amount to other records: `[{ <key>: ref, linkedAmount }]`. */
export function linkedLines<K extends string>(key: K, entity: string, options: SchemaOptions) {
	const shape = {
		[key]: required(reference(entity), `pick the ${entity} this amount applies to`),
		linkedAmount: required(
			amount(options, {
				negativeHint: 'a linked amount is the part applied to the record: send it as zero or more',
			}),
			`give the amount applied to this ${entity}`,
		),
	} as { [P in K]: Field<UpflowRef> } & { linkedAmount: Field<number> };
	return list(
		z.object(shape, {
			invalid_type_error: `must be an object {"${key}": ..., "linkedAmount": ...}; give the ${entity} and the amount applied to it`,
		}),
		`linked ${entity}s`,
	);
}

/**
 * Cross-check of linked lines: their linked amounts add up to at most `total`, and no record is
 * linked twice. `listKey` is the field name of the lines in the body ("linkedInvoices").
 */
export function checkLinkedLines<K extends string>(
	lines: ReadonlyArray<{ [P in K]: UpflowRef } & { linkedAmount: number }> | undefined,
	key: K,
	listKey: string,
	total: { cents: number; field: string } | undefined,
	options: SchemaOptions,
	ctx: z.RefinementCtx,
): void {
	if (!lines) return;
	const seen = new Map<string, number>();
	let sum = 0;
	lines.forEach((line, index) => {
		sum += line.linkedAmount;
		const refKey = referenceKey(line[key]);
		const first = seen.get(refKey);
		if (first !== undefined) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: [listKey, index, key],
				message: `links the same record as ${formatPath([listKey, first, key])}; merge the two lines into one with the summed amount`,
			});
		} else seen.set(refKey, index);
	});
	if (total && sum > total.cents) {
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			path: [listKey],
			message:
				`linked amounts add up to ${showAmount(sum, options)}, more than ${total.field} ` +
				`(${showAmount(total.cents, options)}); lower the linked amounts or raise ${total.field}`,
		});
	}
}

// ---------------------------------------------------------------------------------------------
// Finishing a body
// ---------------------------------------------------------------------------------------------

/** The body sent to Upflow: the modelled fields, plus whatever Additional Fields carried. */
export type WriteBody<T> = Omit<T, 'additionalFields'> & { [key: string]: unknown };

/** Drops undefined values, deeply (plain objects and arrays only). */
export function compact<T>(value: T): T {
	if (Array.isArray(value)) return value.map((v: unknown) => compact(v)) as T;
	if (
		typeof value === 'object' &&
		value !== null &&
		Object.getPrototypeOf(value) === Object.prototype
	) {
		const out: Record<string, unknown> = {};
		for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
			if (v !== undefined) out[key] = compact(v);
		}
		return out as T;
	}
	return value;
}

/** Compacts the modelled fields and merges Additional Fields last (shallow: their keys win). */
export function mergeAdditionalFields<T extends { additionalFields?: JsonObject }>(
	value: T,
): WriteBody<T> {
	const { additionalFields: extra, ...rest } = value;
	const merged: Record<string, unknown> = { ...compact(rest as Record<string, unknown>) };
	if (extra) {
		for (const [key, v] of Object.entries(extra)) merged[key] = v;
	}
	return merged as WriteBody<T>;
}

/** For partial updates: refuse a body with nothing in it. */
export function requireSomeField(value: Record<string, unknown>, ctx: z.RefinementCtx): void {
	if (Object.keys(value).length === 0) {
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			message: 'has no field to update; set at least one field (or Additional Fields)',
		});
	}
}
