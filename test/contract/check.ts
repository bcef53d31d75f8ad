/**
 * Checks a JSON body against a documented write call (upflow.ts): required keys, types, enum
 * values, and no key the call does not document. Answers every problem with its path, so the
 * emulator can refuse with Upflow-like 400s and the contract test can list what is wrong.
 */
import type { Body, FieldSpec, WriteCall } from './upflow';

export interface Problem {
	path: string;
	message: string;
}

const ISO_DATE =
	/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function describe(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'an array';
	if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
	if (typeof v === 'object') return 'an object';
	return JSON.stringify(v);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

function checkValue(spec: FieldSpec, value: unknown, path: string, out: Problem[]): void {
	if (value === null) {
		if (!spec.nullable) out.push({ path, message: `${path} must not be null` });
		return;
	}
	const fail = (expected: string): void =>
		void out.push({ path, message: `${path} must be ${expected} (got ${describe(value)})` });
	switch (spec.type) {
		case 'any':
			return;
		case 'string':
			if (typeof value !== 'string') fail('a string');
			return;
		case 'boolean':
			if (typeof value !== 'boolean') fail('true or false');
			return;
		case 'integer':
			if (!Number.isSafeInteger(value)) fail('an integer');
			return;
		case 'amount':
			if (!Number.isSafeInteger(value) || (value as number) < 0)
				fail("an integer amount in the currency's smallest unit, zero or more");
			return;
		case 'date':
			if (typeof value !== 'string' || !ISO_DATE.test(value))
				fail('an ISO 8601 date such as 2024-01-31');
			return;
		case 'currency':
			if (typeof value !== 'string' || !/^[A-Z]{3}$/.test(value))
				fail('an ISO 4217 currency code such as EUR');
			return;
		case 'enum':
			if (typeof value !== 'string' || !spec.values?.includes(value))
				fail(`one of ${spec.values?.join(', ')}`);
			return;
		case 'ref': {
			if (!isObject(value)) return fail('an object {"id": ...} or {"externalId": ...}');
			checkObject(
				{
					id: { type: 'string', status: spec.status },
					externalId: { type: 'string', status: spec.status },
				},
				value,
				path,
				out,
			);
			if (typeof value.id !== 'string' && typeof value.externalId !== 'string')
				out.push({ path, message: `${path} must have an "id" or an "externalId"` });
			return;
		}
		case 'array':
			if (!Array.isArray(value)) return fail('an array');
			if (spec.items)
				value.forEach((entry, i) =>
					checkValue(spec.items as FieldSpec, entry, `${path}[${i}]`, out),
				);
			return;
		case 'object':
			if (!isObject(value)) return fail('an object');
			checkObject(spec.fields ?? {}, value, path, out);
			if (spec.oneOf && !spec.oneOf.some((k) => value[k] !== undefined))
				out.push({ path, message: `${path} must have one of ${spec.oneOf.join(', ')}` });
			return;
	}
}

function checkObject(
	fields: Body,
	value: Record<string, unknown>,
	prefix: string,
	out: Problem[],
): void {
	const at = (key: string) => (prefix ? `${prefix}.${key}` : key);
	for (const [key, spec] of Object.entries(fields)) {
		const present = Object.prototype.hasOwnProperty.call(value, key) && value[key] !== undefined;
		if (!present) {
			if (spec.required) out.push({ path: at(key), message: `${at(key)} is required` });
			continue;
		}
		checkValue(spec, value[key], at(key), out);
	}
	for (const key of Object.keys(value)) {
		if (!Object.prototype.hasOwnProperty.call(fields, key))
			out.push({
				path: at(key),
				message: `${at(key)} is not a field Upflow documents here (known: ${Object.keys(fields).join(', ')})`,
			});
	}
}

/** Every way `body` departs from `call`'s documented body. */
export function checkBody(call: WriteCall, body: unknown): Problem[] {
	const out: Problem[] = [];
	if (!call.body) {
		if (body !== undefined)
			out.push({ path: '', message: `${call.method} ${call.path} takes no body` });
		return out;
	}
	if (!isObject(body)) return [{ path: '', message: 'Request body must be a JSON object' }];
	checkObject(call.body, body, '', out);
	return out;
}
