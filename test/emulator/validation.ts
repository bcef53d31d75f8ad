/**
 * Shape validation of the write bodies. Strict on purpose (the emulator must be nothing kinder than
 * the real API): every problem is a 400 whose message names the field path and what is expected.
 *
 * Parsers return only the keys present in the body (a "patch"): upserts then shallow-merge it onto
 * the stored record. References are returned unresolved (`RefInput`); the store checks they exist.
 * The documented shape itself (required keys, types, enums, no unknown key) is checked before, in
 * routes.ts, against test/contract/upflow.ts: these parsers add the rules beyond the shape.
 */
// One list of codes for the node and the emulator (the node refuses bad codes first anyway).
import { ISO_4217_CODES as ISO_4217 } from '../../nodes/Upflow/schemas/iso';
import {
	CUSTOM_FIELD_DATA_TYPES,
	CUSTOM_FIELD_ENTITY_TYPES,
	INSTRUMENTS as CONTRACT_INSTRUMENTS,
} from '../contract/upflow';
import {
	ApiError,
	type Address,
	type CustomFieldDataType,
	type CustomFieldEntityType,
} from './types';

export const MAX_STRING_LENGTH = 1000;
export const INSTRUMENTS = CONTRACT_INSTRUMENTS;
export const ENTITY_TYPES: readonly CustomFieldEntityType[] = CUSTOM_FIELD_ENTITY_TYPES;
export const DATA_TYPES: readonly CustomFieldDataType[] = CUSTOM_FIELD_DATA_TYPES;

export type Obj = Record<string, unknown>;
/** `{id}` or `{externalId}` (both allowed; then they must name the same record). */
export interface RefInput {
	id?: string;
	externalId?: string;
}
export interface LinkInput {
	ref: RefInput;
	linkedAmount: number;
}
export interface CustomFieldInput {
	ref: RefInput;
	value: unknown;
	/** Path of the entry, for messages ("customFields[2]"). */
	path: string;
}
export interface ContactInput {
	externalId?: string | null;
	firstName?: string | null;
	lastName?: string | null;
	email?: string;
	phone?: string | null;
	position?: string | null;
	isMain?: boolean;
}
export interface CustomerInput {
	externalId?: string;
	name?: string;
	vatNumber?: string | null;
	parent?: RefInput | null;
	currency?: string | null;
	address?: Address | null;
	dunningPlanId?: string | null;
	accountManagerId?: string | null;
	contacts?: ContactInput[];
	customFields?: CustomFieldInput[];
}
export interface InvoiceInput {
	externalId?: string;
	customId?: string;
	customer?: RefInput;
	name?: string | null;
	issuedAt?: string;
	dueDate?: string;
	currency?: string;
	grossAmount?: number;
	netAmount?: number;
	customFields?: CustomFieldInput[];
}
export interface CreditNoteInput {
	externalId?: string;
	customId?: string;
	customer?: RefInput;
	name?: string | null;
	issuedAt?: string;
	dueDate?: string;
	currency?: string;
	grossAmount?: number;
	netAmount?: number;
	linkedInvoices?: LinkInput[];
}
export interface PaymentInput {
	externalId?: string;
	customer?: RefInput;
	amount?: number;
	currency?: string;
	validatedAt?: string;
	instrument?: string | null;
	bankAccountId?: string | null;
	linkedInvoices?: LinkInput[];
}
export interface RefundInput {
	externalId?: string;
	customer?: RefInput;
	amount?: number;
	currency?: string;
	validatedAt?: string;
	instrument?: string | null;
	linkedPayments?: LinkInput[];
	linkedCreditNotes?: LinkInput[];
}
export interface CustomFieldCreateInput {
	name: string;
	externalId: string | null;
	entityType: CustomFieldEntityType;
	dataType: CustomFieldDataType;
	values: string[];
}
export interface PortalInput {
	expiresIn: number;
	frameAncestors: string | null;
}

/** Parse mode: 'full' = an upsert, the required fields must be there; 'partial' = a PUT/patch. */
export type Mode = 'full' | 'partial';

// ---- generic helpers ---------------------------------------------------------------------

const bad = (message: string) => new ApiError(400, message);

export function isObject(v: unknown): v is Obj {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function requireObject(v: unknown, what = 'Request body'): Obj {
	if (!isObject(v)) throw bad(`${what} must be a JSON object`);
	return v;
}

/** Refuses any string longer than MAX_STRING_LENGTH anywhere in a JSON value. */
export function checkStringLengths(value: unknown, path = 'body'): void {
	if (typeof value === 'string') {
		if (value.length > MAX_STRING_LENGTH)
			throw bad(`${path} is longer than ${MAX_STRING_LENGTH} characters (${value.length})`);
	} else if (Array.isArray(value)) {
		value.forEach((v, i) => checkStringLengths(v, `${path}[${i}]`));
	} else if (isObject(value)) {
		for (const [k, v] of Object.entries(value))
			checkStringLengths(v, path === 'body' ? k : `${path}.${k}`);
	}
}

interface FieldOpts {
	required?: boolean;
	nullable?: boolean;
}

/** Reads one field: undefined when absent (and allowed), null when null (and allowed). */
function field(o: Obj, key: string, path: string, opts: FieldOpts): unknown {
	const present = Object.prototype.hasOwnProperty.call(o, key) && o[key] !== undefined;
	if (!present) {
		if (opts.required) throw bad(`${path} is required`);
		return undefined;
	}
	const v = o[key];
	if (v === null) {
		if (opts.required || !opts.nullable) throw bad(`${path} must not be null`);
		return null;
	}
	return v;
}

export function str(
	o: Obj,
	key: string,
	prefix: string,
	opts: FieldOpts & { nonEmpty?: boolean } = {},
) {
	const path = prefix + key;
	const v = field(o, key, path, opts);
	if (v === undefined || v === null) return v as undefined | null;
	if (typeof v !== 'string') throw bad(`${path} must be a string (got ${typeName(v)})`);
	if (opts.nonEmpty && v.trim() === '') throw bad(`${path} must not be empty`);
	return v;
}

/** Amounts are integers in minor units (cents), never negative. */
export function cents(o: Obj, key: string, prefix: string, opts: FieldOpts = {}) {
	const path = prefix + key;
	const v = field(o, key, path, opts);
	if (v === undefined || v === null) return v as undefined | null;
	if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
		throw bad(`${path} must be an integer amount in cents >= 0 (got ${JSON.stringify(v)})`);
	return v;
}

export function currency(o: Obj, key: string, prefix: string, opts: FieldOpts = {}) {
	const path = prefix + key;
	const v = field(o, key, path, opts);
	if (v === undefined || v === null) return v as undefined | null;
	if (typeof v !== 'string' || !/^[A-Z]{3}$/.test(v) || !ISO_4217.has(v))
		throw bad(
			`${path} must be an ISO 4217 currency code in upper case, such as EUR (got ${JSON.stringify(v)})`,
		);
	return v;
}

const ISO_DATE =
	/^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Parses an ISO 8601 date or date-time; answers it normalised (toISOString), or null if invalid. */
export function parseIsoDate(v: string): string | null {
	const m = ISO_DATE.exec(v);
	if (!m) return null;
	const [, y, mo, d, h, mi, s, zone] = m;
	// Reject 2024-02-30 and 25:00, which Date would silently roll over.
	const probe = new Date(Date.UTC(+y, +mo - 1, +d, h ? +h : 0, mi ? +mi : 0, s ? +s : 0));
	if (
		probe.getUTCMonth() !== +mo - 1 ||
		probe.getUTCDate() !== +d ||
		(h && probe.getUTCHours() !== +h)
	)
		return null;
	if (mi && +mi > 59) return null;
	if (s && +s > 59) return null;
	// A date-time without a zone is read as UTC (not the server's local time).
	const text = h && !zone ? `${v}Z` : !h ? `${v}T00:00:00Z` : v;
	const t = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
	return Number.isNaN(t) ? null : new Date(t).toISOString();
}

export function isoDate(o: Obj, key: string, prefix: string, opts: FieldOpts = {}) {
	const path = prefix + key;
	const v = field(o, key, path, opts);
	if (v === undefined || v === null) return v as undefined | null;
	const parsed = typeof v === 'string' ? parseIsoDate(v) : null;
	if (parsed === null)
		throw bad(
			`${path} must be an ISO 8601 date such as 2024-01-31 or 2024-01-31T10:00:00Z (got ${JSON.stringify(v)})`,
		);
	return parsed;
}

function bool(o: Obj, key: string, prefix: string, opts: FieldOpts = {}) {
	const path = prefix + key;
	const v = field(o, key, path, opts);
	if (v === undefined || v === null) return v as undefined | null;
	if (typeof v !== 'boolean') throw bad(`${path} must be true or false (got ${JSON.stringify(v)})`);
	return v;
}

function oneOf<T extends string>(
	o: Obj,
	key: string,
	prefix: string,
	values: readonly T[],
	opts: FieldOpts = {},
) {
	const path = prefix + key;
	const v = field(o, key, path, opts);
	if (v === undefined || v === null) return v as undefined | null;
	if (typeof v !== 'string' || !values.includes(v as T))
		throw bad(`${path} must be one of ${values.join(', ')} (got ${JSON.stringify(v)})`);
	return v as T;
}

/** `{id}` or `{externalId}`, each a non-empty string. */
export function ref(
	o: Obj,
	key: string,
	prefix: string,
	opts: FieldOpts = {},
): RefInput | null | undefined {
	const path = prefix + key;
	const v = field(o, key, path, opts);
	if (v === undefined || v === null) return v as undefined | null;
	if (!isObject(v)) throw bad(`${path} must be an object {"id": ...} or {"externalId": ...}`);
	const id = str(v, 'id', `${path}.`, { nonEmpty: true });
	const externalId = str(v, 'externalId', `${path}.`, { nonEmpty: true });
	if (!id && !externalId) throw bad(`${path} must be an object {"id": ...} or {"externalId": ...}`);
	const r: RefInput = {};
	if (id) r.id = id;
	if (externalId) r.externalId = externalId;
	return r;
}

function array(o: Obj, key: string, path: string, opts: FieldOpts = {}): unknown[] | undefined {
	const v = field(o, key, path, opts);
	if (v === undefined) return undefined;
	if (!Array.isArray(v)) throw bad(`${path} must be an array (got ${typeName(v)})`);
	return v;
}

function links(o: Obj, key: string, prefix: string, target: string): LinkInput[] | undefined {
	const path = prefix + key;
	const list = array(o, key, path);
	if (list === undefined) return undefined;
	return list.map((item, i) => {
		const p = `${path}[${i}]`;
		const entry = requireObject(item, p);
		return {
			ref: ref(entry, target, `${p}.`, { required: true }) as RefInput,
			linkedAmount: cents(entry, 'linkedAmount', `${p}.`, { required: true }) as number,
		};
	});
}

function customFields(o: Obj, prefix: string): CustomFieldInput[] | undefined {
	const path = `${prefix}customFields`;
	const list = array(o, 'customFields', path);
	if (list === undefined) return undefined;
	return list.map((item, i) => {
		const p = `${path}[${i}]`;
		const entry = requireObject(item, p);
		const id = str(entry, 'id', `${p}.`, { nonEmpty: true });
		const externalId = str(entry, 'externalId', `${p}.`, { nonEmpty: true });
		if (!id && !externalId)
			throw bad(`${p} must have an "id" or an "externalId" of a custom field`);
		if (!Object.prototype.hasOwnProperty.call(entry, 'value'))
			throw bad(`${p}.value is required (null clears the value)`);
		const r: RefInput = {};
		if (id) r.id = id;
		if (externalId) r.externalId = externalId;
		return { ref: r, value: entry.value, path: p };
	});
}

/** Copies the keys whose value is not undefined (the patch semantics of the parsers). */
function defined<T extends object>(o: T): T {
	for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
	return o;
}

function typeName(v: unknown): string {
	return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

function externalId(o: Obj, mode: Mode) {
	return str(o, 'externalId', '', { required: mode === 'full', nonEmpty: true }) ?? undefined;
}

// ---- entity parsers ----------------------------------------------------------------------

export function parseContact(body: unknown, mode: Mode, prefix = ''): ContactInput {
	const o = requireObject(body, prefix ? prefix.slice(0, -1) : 'Request body');
	const email = str(o, 'email', prefix, { required: mode === 'full', nonEmpty: true }) ?? undefined;
	if (email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
		throw bad(`${prefix}email is not a valid e-mail address (got ${JSON.stringify(email)})`);
	return defined<ContactInput>({
		externalId: str(o, 'externalId', prefix, { nullable: true, nonEmpty: true }),
		firstName: str(o, 'firstName', prefix, { nullable: true }),
		lastName: str(o, 'lastName', prefix, { nullable: true }),
		email,
		phone: str(o, 'phone', prefix, { nullable: true }),
		position: str(o, 'position', prefix, { nullable: true, nonEmpty: true }),
		isMain: bool(o, 'isMain', prefix) ?? undefined,
	});
}

function address(o: Obj): Address | null | undefined {
	const v = field(o, 'address', 'address', { nullable: true });
	if (v === undefined || v === null) return v as undefined | null;
	if (!isObject(v)) throw bad('address must be an object {address, zipcode, city, state, country}');
	const s = (k: string) => str(v, k, 'address.', { nullable: true }) ?? null;
	return {
		address: s('address'),
		zipcode: s('zipcode'),
		city: s('city'),
		state: s('state'),
		country: s('country'),
	};
}

export function parseCustomer(body: unknown, mode: Mode): CustomerInput {
	const o = requireObject(body);
	const contacts = array(o, 'contacts', 'contacts');
	return defined<CustomerInput>({
		externalId: externalId(o, mode),
		name: str(o, 'name', '', { required: mode === 'full', nonEmpty: true }) ?? undefined,
		vatNumber: str(o, 'vatNumber', '', { nullable: true }),
		parent: ref(o, 'parent', '', { nullable: true }),
		currency: currency(o, 'currency', '', { nullable: true }),
		address: address(o),
		dunningPlanId: str(o, 'dunningPlanId', '', { nullable: true, nonEmpty: true }),
		accountManagerId: str(o, 'accountManagerId', '', { nullable: true, nonEmpty: true }),
		contacts: contacts?.map((c, i) => parseContact(c, 'full', `contacts[${i}].`)),
		customFields: customFields(o, ''),
	});
}

export function parseInvoice(body: unknown, mode: Mode): InvoiceInput {
	const o = requireObject(body);
	const required = mode === 'full';
	return defined<InvoiceInput>({
		externalId: externalId(o, mode),
		customId: str(o, 'customId', '', { required, nonEmpty: true }) ?? undefined,
		customer: ref(o, 'customer', '', { required }) ?? undefined,
		name: str(o, 'name', '', { nullable: true }),
		issuedAt: isoDate(o, 'issuedAt', '', { required }) ?? undefined,
		dueDate: isoDate(o, 'dueDate', '', { required }) ?? undefined,
		currency: currency(o, 'currency', '', { required }) ?? undefined,
		grossAmount: cents(o, 'grossAmount', '', { required }) ?? undefined,
		netAmount: cents(o, 'netAmount', '', { required }) ?? undefined,
		customFields: customFields(o, ''),
	});
}

export function parseCreditNote(body: unknown, mode: Mode): CreditNoteInput {
	const o = requireObject(body);
	const required = mode === 'full';
	return defined<CreditNoteInput>({
		externalId: externalId(o, mode),
		customId: str(o, 'customId', '', { required, nonEmpty: true }) ?? undefined,
		// The reference does not require a customer; the emulator does, as every credit note belongs to one.
		customer: ref(o, 'customer', '', { required }) ?? undefined,
		name: str(o, 'name', '', { nullable: true }),
		issuedAt: isoDate(o, 'issuedAt', '') ?? undefined,
		dueDate: isoDate(o, 'dueDate', '') ?? undefined,
		currency: currency(o, 'currency', '', { required }) ?? undefined,
		grossAmount: cents(o, 'grossAmount', '', { required }) ?? undefined,
		netAmount: cents(o, 'netAmount', '', { required }) ?? undefined,
		linkedInvoices: links(o, 'linkedInvoices', '', 'invoice'),
	});
}

export function parsePayment(body: unknown, mode: Mode): PaymentInput {
	const o = requireObject(body);
	const required = mode === 'full';
	return defined<PaymentInput>({
		externalId: externalId(o, mode),
		customer: ref(o, 'customer', '', { required }) ?? undefined,
		amount: cents(o, 'amount', '', { required }) ?? undefined,
		currency: currency(o, 'currency', '', { required }) ?? undefined,
		validatedAt: isoDate(o, 'validatedAt', '', { required }) ?? undefined,
		instrument: oneOf(o, 'instrument', '', INSTRUMENTS, { nullable: true }),
		bankAccountId: str(o, 'bankAccountId', '', { nullable: true, nonEmpty: true }),
		linkedInvoices: links(o, 'linkedInvoices', '', 'invoice'),
	});
}

export function parseRefund(body: unknown, mode: Mode): RefundInput {
	const o = requireObject(body);
	const required = mode === 'full';
	return defined<RefundInput>({
		externalId: externalId(o, mode),
		customer: ref(o, 'customer', '', { required }) ?? undefined,
		amount: cents(o, 'amount', '', { required }) ?? undefined,
		currency: currency(o, 'currency', '', { required }) ?? undefined,
		validatedAt: isoDate(o, 'validatedAt', '', { required }) ?? undefined,
		instrument: oneOf(o, 'instrument', '', INSTRUMENTS, { nullable: true }),
		linkedPayments: links(o, 'linkedPayments', '', 'payment'),
		linkedCreditNotes: links(o, 'linkedCreditNotes', '', 'creditNote'),
	});
}

export function parseCustomFieldCreate(body: unknown): CustomFieldCreateInput {
	const o = requireObject(body);
	const values = array(o, 'values', 'values') ?? [];
	return {
		name: str(o, 'name', '', { required: true, nonEmpty: true }) as string,
		externalId: str(o, 'externalId', '', { nullable: true, nonEmpty: true }) ?? null,
		entityType: oneOf(o, 'entityType', '', ENTITY_TYPES) ?? 'CUSTOMER',
		dataType: oneOf(o, 'dataType', '', DATA_TYPES, { required: true }) as CustomFieldDataType,
		values: values.map((v, i) => {
			if (typeof v === 'string' && v !== '') return v;
			const label = isObject(v) ? v.label : undefined;
			if (typeof label !== 'string' || label === '')
				throw bad(`values[${i}] must be {"label": "<non-empty text>"}`);
			return label;
		}),
	};
}

/** Checks a custom field value against the field's data type; answers the value to store. */
export function customFieldValue(
	dataType: CustomFieldDataType,
	value: unknown,
	path: string,
): unknown {
	if (value === null) return null;
	const fail = (expected: string) =>
		bad(
			`${path}.value must be ${expected} for a ${dataType} custom field (got ${JSON.stringify(value)})`,
		);
	switch (dataType) {
		case 'TEXT':
			if (typeof value !== 'string') throw fail('a string');
			return value;
		case 'NUMBER':
			if (typeof value !== 'number' || !Number.isFinite(value)) throw fail('a number');
			return value;
		case 'BOOLEAN':
			if (typeof value !== 'boolean') throw fail('true or false');
			return value;
		case 'DATE': {
			const d = typeof value === 'string' ? parseIsoDate(value) : null;
			if (d === null) throw fail('an ISO 8601 date');
			return d;
		}
		case 'SELECT':
			if (!isObject(value) || typeof value.label !== 'string' || value.label === '')
				throw fail('{"label": "<text>"}');
			return { label: value.label };
		case 'MULTI_SELECT':
			if (
				!Array.isArray(value) ||
				value.some((v) => !isObject(v) || typeof v.label !== 'string' || v.label === '')
			)
				throw fail('[{"label": "<text>"}, ...]');
			return (value as Array<{ label: string }>).map((v) => ({ label: v.label }));
	}
}

export function parsePortal(body: unknown): PortalInput {
	const o = body === undefined ? {} : requireObject(body);
	const expiresIn = field(o, 'expiresIn', 'expiresIn', {});
	if (
		expiresIn !== undefined &&
		(typeof expiresIn !== 'number' || !Number.isSafeInteger(expiresIn) || expiresIn <= 0)
	)
		throw bad(
			`expiresIn must be a positive integer number of seconds (got ${JSON.stringify(expiresIn)})`,
		);
	return {
		expiresIn: (expiresIn as number | undefined) ?? 86400,
		frameAncestors: str(o, 'frameAncestors', '', { nullable: true }) ?? null,
	};
}

/** `?offset&limit` of the list endpoints. */
export function parsePaging(
	query: Record<string, string>,
	cap: number,
): { offset: number; limit: number } {
	const num = (name: string, fallback: number, min: number) => {
		const raw = query[name];
		if (raw === undefined) return fallback;
		if (!/^\d+$/.test(raw) || +raw < min)
			throw bad(`${name} must be an integer >= ${min} (got ${JSON.stringify(raw)})`);
		return +raw;
	};
	const offset = num('offset', 0, 0);
	const limit = num('limit', Math.min(100, cap), 1);
	if (limit > cap) throw bad(`limit must be at most ${cap} on this endpoint (got ${limit})`);
	return { offset, limit };
}
