/** JSON objects (Additional Fields) and custom field values. Parsers throw ValueError (values.ts) with "what is wrong; how to fix it". */
import { isLuxonLike, toIsoDate } from './dates';
import type { DateOptions } from './dates';
import { toText } from './text';
import { ValueError, describeValue, within } from './values';
import type { SubPath } from './values';

export type JsonValue =
	| string
	| number
	| boolean
	| null
	| JsonValue[]
	| { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const proto = Object.getPrototypeOf(value) as unknown;
	return proto === Object.prototype || proto === null;
}

function toJsonValue(
	value: unknown,
	path: SubPath,
	seen: Set<object>,
	options: DateOptions,
): JsonValue {
	if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
	if (typeof value === 'number') {
		if (Number.isFinite(value)) return value;
		throw new ValueError(
			`is ${value}, which JSON cannot carry; send a finite number or a string`,
			path,
		);
	}
	if (value instanceof Date || isLuxonLike(value))
		return within(path, () => toIsoDate(value, options));
	if (typeof value === 'object') {
		if (seen.has(value)) throw new ValueError('refers to itself; send plain JSON data', path);
		seen.add(value);
		try {
			if (Array.isArray(value))
				return value.map((v, i) => toJsonValue(v, [...path, i], seen, options));
			if (!isPlainObject(value)) {
				throw new ValueError(
					`is ${describeValue(value)} that is not plain JSON; send plain JSON data`,
					path,
				);
			}
			const out: JsonObject = {};
			for (const [key, v] of Object.entries(value)) {
				if (key === '__proto__') {
					throw new ValueError('uses the reserved key "__proto__"; rename or remove it', [
						...path,
						key,
					]);
				}
				if (v === undefined) continue;
				out[key] = toJsonValue(v, [...path, key], seen, options);
			}
			return out;
		} finally {
			seen.delete(value);
		}
	}
	throw new ValueError(
		`is ${describeValue(value)}, which JSON cannot carry; remove it or send it as a string`,
		path,
	);
}

/**
 * A plain JSON object from an object or a JSON string (n8n "JSON" parameters give either).
 * Date and luxon values inside are turned into ISO 8601 strings.
 */
export function toJsonObject(input: unknown, options: DateOptions = {}): JsonObject {
	let value: unknown = input;
	if (typeof input === 'string') {
		const text = input.trim();
		if (!text) return {};
		let reason: string | undefined;
		try {
			value = JSON.parse(text) as unknown;
		} catch (error) {
			reason = error instanceof Error ? error.message : 'syntax error';
		}
		if (reason !== undefined) {
			throw new ValueError(
				`is not valid JSON (${reason}); write a JSON object such as {"field": "value"} with double quotes`,
			);
		}
	}
	if (!isPlainObject(value)) {
		const got = Array.isArray(value) ? 'a list' : describeValue(value);
		throw new ValueError(`must be a JSON object, not ${got}; write it as {"field": "value"}`);
	}
	return toJsonValue(value, [], new Set(), options) as JsonObject;
}

export type SelectLabel = { label: string };
export type CustomFieldValue = string | number | boolean | SelectLabel | SelectLabel[];

const CUSTOM_VALUE_FORMS =
	'send text, a number, true/false, {"label": "..."} for a SELECT field or ' +
	'[{"label": "..."}] for a MULTI_SELECT field';

function toLabel(input: unknown): SelectLabel {
	const raw = isPlainObject(input) ? input.label : input;
	const path: SubPath = isPlainObject(input) ? ['label'] : [];
	const label = within(path, () => toText(raw, { max: 255, numbersAsText: true }));
	if (!label)
		throw new ValueError('is empty; give the option label (labels are case-sensitive)', path);
	return { label };
}

/**
 * A custom field value: text (<= 1000 characters), a finite number, a boolean, a date (sent as an
 * ISO string), `{label}` for SELECT, `[{label}]` (or a list of strings) for MULTI_SELECT.
 * Labels are case-sensitive in Upflow and are kept as given (trimmed).
 */
export function toCustomFieldValue(input: unknown, options: DateOptions = {}): CustomFieldValue {
	if (typeof input === 'string') return toText(input, { max: 1000 });
	if (typeof input === 'boolean') return input;
	if (typeof input === 'number') {
		if (Number.isFinite(input)) return input;
		throw new ValueError(`is ${input}; ${CUSTOM_VALUE_FORMS}`);
	}
	if (input instanceof Date || isLuxonLike(input)) return toIsoDate(input, options);
	if (Array.isArray(input)) {
		return input.map((item, i) => within([i], () => toLabel(item)));
	}
	if (isPlainObject(input) && 'label' in input) return toLabel(input);
	throw new ValueError(
		`is ${describeValue(input)}, which is not a custom field value; ${CUSTOM_VALUE_FORMS}`,
	);
}
