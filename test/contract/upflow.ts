/**
 * Upflow's documented API as data, written from docs/upflow-api.md (the project's own account of
 * the public sources): what the emulator plays, what test/engine/contract.test.ts checks every
 * request of the node against, and what `npm run probe` asks a real sandbox. What the node itself
 * sends is written in nodes/Upflow/resources/<entity>/api.ts (lists) and the entity schemas (bodies);
 * test/unit/list-facts.test.ts and the contract test keep the two equal. When the sandbox answers
 * differently (the probe says where), correct the fact here, then the node where a test points.
 *
 * Every fact carries how sure it is:
 *   doc      Upflow's current documentation or help centre
 *   ref      Upflow's 2023 API reference, as transcribed field by field by a production integration
 *   seen     code that ran against a live Upflow organization
 *   claimed  code written against the sandbox states it, with no proof it ran
 *   assumed  nobody public shows it
 */

export type Status = 'doc' | 'ref' | 'seen' | 'claimed' | 'assumed';

export type FieldType =
	| 'string'
	/** An integer in the currency's smallest unit (cents for EUR, yen for JPY), zero or more. */
	| 'amount'
	| 'integer'
	| 'boolean'
	/** ISO 8601 date or date-time. */
	| 'date'
	/** ISO 4217 code. */
	| 'currency'
	| 'enum'
	| 'object'
	| 'array'
	/** `{id}` or `{externalId}` of another record. */
	| 'ref'
	/** Anything JSON (a custom field value, whose type depends on the field). */
	| 'any';

export interface FieldSpec {
	type: FieldType;
	status: Status;
	required?: boolean;
	/** null is accepted (it clears or unassigns). */
	nullable?: boolean;
	/** enum: the accepted values. */
	values?: readonly string[];
	/** object: its keys (unknown keys are refused); `ref` takes `id` / `externalId` by itself. */
	fields?: Readonly<Record<string, FieldSpec>>;
	/** array: the shape of one entry. */
	items?: FieldSpec;
	/** object: at least one of these keys must be there. */
	oneOf?: readonly string[];
	note?: string;
}

export type Body = Readonly<Record<string, FieldSpec>>;

export interface WriteCall {
	/** `<entity>.<what>`, e.g. `creditNote.upsert`. */
	name: string;
	method: 'POST' | 'PUT' | 'DELETE';
	/** Under /v1; `{name}` is a path segment (an Upflow id, or `external:<id>`). */
	path: string;
	status: Status;
	/** The JSON body; undefined for calls without one (DELETE). Unknown top-level keys are refused. */
	body?: Body;
	/** Another accepted body type, besides JSON. */
	multipartFile?: string;
	note?: string;
}

export interface ListCall {
	/** The collection's name, e.g. `creditNotes`. */
	name: string;
	path: string;
	status: Status;
	/** The key of the rows in the answer. */
	envelope: string;
	envelopeStatus: Status;
	/** False: one answer holds everything (no offset/limit). */
	paged: boolean;
	/** The largest `limit` served (paged lists). */
	pageCap?: number;
	pageCapStatus?: Status;
	/** Whether the answer carries `total`. */
	total: boolean;
	/** A field every row carries that tells creation time, when known. */
	createdStamp?: string;
}

// ---- shared pieces -----------------------------------------------------------------------

const S = (status: Status, more: Partial<FieldSpec> = {}): FieldSpec => ({
	type: 'string',
	status,
	...more,
});
const ref = (status: Status, more: Partial<FieldSpec> = {}): FieldSpec => ({
	type: 'ref',
	status,
	...more,
});

/** Payment instruments; UNKNOWN is in the reference's enum (v2). */
export const INSTRUMENTS = [
	'WIRE_TRANSFER',
	'DIRECT_DEBIT',
	'CARD',
	'CASH',
	'CHECK',
	'UNKNOWN',
] as const;
export const CUSTOM_FIELD_ENTITY_TYPES = ['CUSTOMER', 'INVOICE', 'CREDIT_NOTE', 'PAYMENT'] as const;
/** SELECT and MULTI_SELECT are documented; the others and the key `dataType` are assumed. */
export const CUSTOM_FIELD_DATA_TYPES = [
	'TEXT',
	'NUMBER',
	'DATE',
	'BOOLEAN',
	'SELECT',
	'MULTI_SELECT',
] as const;
/** The reference's fixed list (2023); the current guide names positions per organization. */
export const CONTACT_POSITIONS = ['ACCOUNTING', 'SALES', 'PAYER', 'PURCHASER'] as const;

/** One entry of a write's `linked*` list: the shape is assumed (the reference says only "array"). */
const link = (target: string): FieldSpec => ({
	type: 'object',
	status: 'assumed',
	fields: {
		[target]: ref('assumed', { required: true }),
		linkedAmount: { type: 'amount', status: 'assumed', required: true },
	},
});

const customFieldValues: FieldSpec = {
	type: 'array',
	status: 'ref',
	items: {
		type: 'object',
		status: 'doc',
		oneOf: ['id', 'externalId'],
		fields: {
			id: S('doc'),
			externalId: S('doc'),
			value: { type: 'any', status: 'doc', required: true, nullable: true },
		},
	},
};

const contactFields: Body = {
	email: S('ref', { note: 'unique in the organization (doc)' }),
	externalId: S('ref'),
	firstName: S('ref'),
	lastName: S('ref'),
	phone: S('ref'),
	position: S('ref', {
		note: 'free text naming a position of the organization; the reference lists CONTACT_POSITIONS',
	}),
	isMain: { type: 'boolean', status: 'ref' },
	id: S('ref'),
};

const contactCreate: Body = { ...contactFields, email: { ...contactFields.email, required: true } };

const toggle = (status: Status): FieldSpec => ({
	type: 'object',
	status,
	fields: { enabled: { type: 'boolean', status } },
});

const customerFields: Body = {
	name: S('ref', { required: true }),
	externalId: S('ref'),
	vatNumber: S('ref'),
	accountingRef: S('ref'),
	accountManagerId: S('ref', { nullable: true, note: "a user's id (v2: not an object)" }),
	dunningPlanId: S('ref', { nullable: true, note: 'null unassigns (doc, on PUT)' }),
	parent: ref('ref', { nullable: true }),
	currency: {
		type: 'currency',
		status: 'assumed',
		note: 'read back; not in the reference write schema',
	},
	address: {
		type: 'object',
		status: 'ref',
		nullable: true,
		fields: {
			address: S('ref', { nullable: true }),
			zipcode: S('ref', { nullable: true }),
			city: S('ref', { nullable: true }),
			state: S('ref', { nullable: true }),
			country: S('ref', {
				nullable: true,
				note: 'free text (v2): the reference example sends "France"',
			}),
		},
	},
	paymentMethods: {
		type: 'object',
		status: 'ref',
		fields: {
			card: toggle('ref'),
			check: toggle('ref'),
			achDebit: toggle('ref'),
			sepaDebit: toggle('ref'),
			goCardless: toggle('ref'),
			wireTransfer: {
				type: 'object',
				status: 'ref',
				fields: {
					enabled: { type: 'boolean', status: 'ref' },
					bankAccount: ref('ref'),
					bankAccounts: { type: 'array', status: 'ref', items: ref('assumed') },
				},
			},
		},
	},
	customFields: customFieldValues,
	contacts: {
		type: 'array',
		status: 'ref',
		items: { type: 'object', status: 'ref', fields: contactCreate },
		note: 'the FULL list: contacts missing from it are removed (doc)',
	},
};

/** The same keys, none required (a partial update). */
function partial(body: Body): Body {
	return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, { ...v, required: false }]));
}

const amount = (status: Status, required = false): FieldSpec => ({
	type: 'amount',
	status,
	required,
});
const date = (status: Status, required = false): FieldSpec => ({ type: 'date', status, required });
const currency: FieldSpec = { type: 'currency', status: 'ref', required: true };
const instrument: FieldSpec = { type: 'enum', status: 'ref', values: INSTRUMENTS, nullable: true };

/** One entry of a reconciliation's lists (v2): `{externalId or id, customId?, amountLinked}`. */
const reconcileItem: FieldSpec = {
	type: 'object',
	status: 'ref',
	oneOf: ['id', 'externalId'],
	fields: {
		id: S('ref'),
		externalId: S('ref'),
		customId: S('ref'),
		amountLinked: amount('ref', true),
	},
};
const reconcileItems: FieldSpec = {
	type: 'array',
	status: 'ref',
	required: true,
	items: reconcileItem,
	note: 'required: assumed (always sent by the production integration)',
};

// ---- the write calls ---------------------------------------------------------------------

export const WRITE_CALLS: readonly WriteCall[] = [
	{
		name: 'customer.upsert',
		method: 'POST',
		path: '/customers',
		status: 'ref',
		body: customerFields,
		note: 'create or update by externalId',
	},
	{
		name: 'customer.update',
		method: 'PUT',
		path: '/customers/{customerId}',
		status: 'ref',
		body: partial({
			...customerFields,
			contacts: { ...customerFields.contacts, status: 'assumed' },
		}),
		note: 'documented keys: dunningPlanId, accountManagerId, customFields; the others are assumed',
	},
	{
		name: 'customer.delete',
		method: 'DELETE',
		path: '/customers/{customerId}',
		status: 'ref',
		note: 'only empty customers (doc); the refusal status is assumed',
	},
	{
		name: 'customer.portal',
		method: 'POST',
		path: '/customers/{customerId}/portal',
		status: 'doc',
		body: {
			expiresIn: { type: 'integer', status: 'doc', note: 'seconds, default 86400' },
			frameAncestors: S('doc', { note: 'space-separated hosts' }),
		},
	},
	{
		name: 'contact.create',
		method: 'POST',
		path: '/customers/{customerId}/contacts',
		status: 'ref',
		body: contactCreate,
	},
	{
		name: 'contact.update',
		method: 'PUT',
		path: '/customers/{customerId}/contacts/{contactId}',
		status: 'ref',
		body: partial(contactFields),
	},
	{
		name: 'contact.delete',
		method: 'DELETE',
		path: '/customers/{customerId}/contacts/{contactId}',
		status: 'ref',
	},
	{
		name: 'invoice.upsert',
		method: 'POST',
		path: '/invoices',
		status: 'ref',
		body: {
			externalId: S('ref'),
			customId: S('ref', { required: true }),
			name: S('ref'),
			issuedAt: date('ref', true),
			dueDate: date('ref', true),
			currency,
			grossAmount: amount('ref', true),
			netAmount: amount('ref', true),
			customer: ref('ref', { required: true }),
			customFields: { ...customFieldValues, status: 'assumed' },
		},
	},
	{ name: 'invoice.delete', method: 'DELETE', path: '/invoices/{invoiceId}', status: 'ref' },
	{
		name: 'invoice.pdf',
		method: 'POST',
		path: '/invoices/{invoiceId}/pdf',
		status: 'doc',
		body: { data: S('doc', { required: true, note: 'base64' }) },
		multipartFile: 'file',
	},
	{
		name: 'creditNote.upsert',
		method: 'POST',
		path: '/credit_notes',
		status: 'ref',
		body: {
			externalId: S('ref'),
			customId: S('ref', { required: true }),
			name: S('ref'),
			issuedAt: date('ref'),
			dueDate: date('ref'),
			currency,
			grossAmount: amount('ref', true),
			netAmount: amount('ref', true),
			customer: ref('ref'),
			linkedInvoices: { type: 'array', status: 'ref', items: link('invoice') },
		},
		note: 'v2: gross and net amounts; there is no `amount`',
	},
	{
		name: 'creditNote.delete',
		method: 'DELETE',
		path: '/credit_notes/{creditNoteId}',
		status: 'ref',
	},
	{
		name: 'creditNote.pdf',
		method: 'POST',
		path: '/credit_notes/{creditNoteId}/pdf',
		status: 'ref',
		body: { data: S('ref', { required: true, note: 'base64' }) },
		multipartFile: 'file',
	},
	{
		name: 'payment.upsert',
		method: 'POST',
		path: '/payments',
		status: 'ref',
		body: {
			externalId: S('ref'),
			amount: amount('ref', true),
			currency,
			validatedAt: date('ref', true),
			instrument,
			bankAccountId: S('ref', { nullable: true }),
			customer: ref('ref'),
			linkedInvoices: { type: 'array', status: 'ref', items: link('invoice') },
		},
	},
	{ name: 'payment.delete', method: 'DELETE', path: '/payments/{paymentId}', status: 'ref' },
	{
		name: 'refund.upsert',
		method: 'POST',
		path: '/refunds',
		status: 'ref',
		body: {
			externalId: S('ref'),
			amount: amount('ref', true),
			currency,
			validatedAt: date('ref', true),
			instrument,
			customer: ref('ref'),
			linkedPayments: { type: 'array', status: 'ref', items: link('payment') },
			linkedCreditNotes: { type: 'array', status: 'ref', items: link('creditNote') },
		},
		note: 'v2: validatedAt, not refundedAt',
	},
	{ name: 'refund.delete', method: 'DELETE', path: '/refunds/{refundId}', status: 'ref' },
	{
		name: 'customField.create',
		method: 'POST',
		path: '/custom_fields',
		status: 'ref',
		body: {
			name: S('ref', { required: true }),
			externalId: S('assumed'),
			entityType: {
				type: 'enum',
				status: 'ref',
				values: CUSTOM_FIELD_ENTITY_TYPES,
				note: 'CUSTOMER when absent',
			},
			dataType: {
				type: 'enum',
				status: 'assumed',
				required: true,
				values: CUSTOM_FIELD_DATA_TYPES,
				note: 'the key and the values other than SELECT / MULTI_SELECT are assumed',
			},
			values: {
				type: 'array',
				status: 'assumed',
				items: {
					type: 'object',
					status: 'assumed',
					fields: { label: S('doc', { required: true }) },
				},
				note: 'select values need not be declared (doc)',
			},
		},
		note: 'not idempotent: a repeat creates a second field',
	},
	// ---- reconciliation, custom field delete, account managers ----
	{
		name: 'reconciliation.link',
		method: 'POST',
		path: '/reconcile',
		status: 'ref',
		body: {
			externalId: S('ref', {
				required: true,
				note: "the reconciliation's own key: re-sending it replaces it, with four empty lists it is undone (ref-integration)",
			}),
			invoices: reconcileItems,
			creditNotes: reconcileItems,
			payments: reconcileItems,
			refunds: reconcileItems,
		},
		note: 'links records that already exist, each with the amount it takes (smallest units); the production integration always sends the four lists',
	},
	{
		name: 'customField.delete',
		method: 'DELETE',
		path: '/custom_fields/{customFieldId}',
		status: 'ref',
	},
	{
		name: 'customer.addAccountManager',
		method: 'POST',
		path: '/customers/{customerId}/account-managers',
		status: 'ref',
		body: {
			userId: S('assumed', {
				required: true,
				note: 'the body is not transcribed; accountManagerId on the customer is the documented way',
			}),
		},
	},
];

// ---- the list calls ----------------------------------------------------------------------

export const LIST_CALLS: readonly ListCall[] = [
	{
		name: 'customers',
		path: '/customers',
		status: 'seen',
		envelope: 'customers',
		envelopeStatus: 'seen',
		paged: true,
		pageCap: 1000,
		pageCapStatus: 'doc',
		total: true,
	},
	{
		name: 'invoices',
		path: '/invoices',
		status: 'seen',
		envelope: 'invoices',
		envelopeStatus: 'seen',
		paged: true,
		pageCap: 500,
		pageCapStatus: 'doc',
		total: true,
	},
	{
		name: 'creditNotes',
		path: '/credit_notes',
		status: 'ref',
		envelope: 'items',
		envelopeStatus: 'assumed',
		paged: true,
		pageCap: 500,
		pageCapStatus: 'assumed',
		total: true,
	},
	{
		name: 'payments',
		path: '/payments',
		status: 'seen',
		envelope: 'items',
		envelopeStatus: 'seen',
		paged: true,
		pageCap: 500,
		pageCapStatus: 'assumed',
		total: true,
		createdStamp: 'createdAt',
	},
	{
		name: 'refunds',
		path: '/refunds',
		status: 'ref',
		envelope: 'items',
		envelopeStatus: 'assumed',
		paged: true,
		pageCap: 500,
		pageCapStatus: 'assumed',
		total: true,
	},
	{
		name: 'contacts',
		path: '/customers/{customerId}/contacts',
		status: 'ref',
		envelope: 'items',
		envelopeStatus: 'assumed',
		paged: true,
		pageCap: 500,
		pageCapStatus: 'assumed',
		total: true,
	},
	{
		name: 'customFields',
		path: '/custom_fields',
		status: 'ref',
		envelope: 'items',
		envelopeStatus: 'assumed',
		paged: true,
		pageCap: 500,
		pageCapStatus: 'assumed',
		total: true,
	},
	{
		name: 'dunningPlans',
		path: '/dunning_plans',
		status: 'seen',
		envelope: 'items',
		envelopeStatus: 'seen',
		paged: true,
		pageCap: 500,
		pageCapStatus: 'assumed',
		total: true,
	},
	{
		name: 'users',
		path: '/users',
		status: 'seen',
		envelope: 'users',
		envelopeStatus: 'seen',
		paged: false,
		total: false,
	},
	// ---- actions, bank accounts, account managers ----
	{
		name: 'actions',
		path: '/actions',
		status: 'seen',
		envelope: 'items',
		envelopeStatus: 'seen',
		paged: true,
		pageCap: 500,
		pageCapStatus: 'seen',
		total: true,
		createdStamp: 'createdAt',
	},
	{
		name: 'bankAccounts',
		path: '/bank_accounts',
		status: 'ref',
		envelope: 'items',
		envelopeStatus: 'assumed',
		paged: true,
		pageCap: 500,
		pageCapStatus: 'assumed',
		total: true,
	},
	{
		name: 'accountManagers',
		path: '/customers/{customerId}/account-managers',
		status: 'ref',
		envelope: 'items',
		envelopeStatus: 'assumed',
		paged: false,
		total: false,
	},
];

/** Records read one by one (`GET <path>/{id}`), and what a missing one answers. */
export const READ_CALLS: readonly { name: string; path: string; status: Status }[] = [
	{ name: 'customer', path: '/customers/{customerId}', status: 'ref' },
	{ name: 'contact', path: '/customers/{customerId}/contacts/{contactId}', status: 'ref' },
	{ name: 'invoice', path: '/invoices/{invoiceId}', status: 'ref' },
	{ name: 'creditNote', path: '/credit_notes/{creditNoteId}', status: 'ref' },
	{ name: 'payment', path: '/payments/{paymentId}', status: 'ref' },
	{ name: 'refund', path: '/refunds/{refundId}', status: 'ref' },
	{ name: 'action', path: '/actions/{actionId}', status: 'claimed' },
];

/**
 * Facts about behaviour rather than shapes: what the node must not rely on, and what the probe
 * asks the sandbox.
 */
export const BEHAVIOUR = {
	/** Lists' default order. Nothing shows creation order; one live client read payments newest first. */
	defaultOrder: { value: 'unknown', status: 'assumed' as Status },
	/** What a `limit` above the cap answers: a 400 or a silent clamp. */
	aboveCap: { value: 'unknown', status: 'assumed' as Status },
	/** Error bodies: clients read `message`, then `error`. */
	errorBody: { value: 'message', status: 'assumed' as Status },
	/** The portal answer's URL key. */
	portalUrlKey: { value: 'url', status: 'assumed' as Status },
	/** A non-empty customer's delete. */
	nonEmptyCustomerDelete: { value: 409, status: 'assumed' as Status },
	/** 429s carry `Retry-After` in seconds. */
	retryAfter: { value: 'Retry-After', status: 'assumed' as Status },
	/**
	 * Whether a refused request (429) takes a slot of the sliding window like an accepted one. If it
	 * does, every 429 costs a slot for a minute and a client retrying fast keeps the window full: the
	 * node must not rely on either (nodes/Upflow/transport/limiter.ts counts its own refusals).
	 */
	refusedRequestsCount: { value: 'unknown', status: 'assumed' as Status },
} as const;

export function writeCall(name: string): WriteCall {
	const call = WRITE_CALLS.find((c) => c.name === name);
	if (!call) throw new Error(`No write call ${name} in test/contract/upflow.ts`);
	return call;
}

export function listCall(name: string): ListCall {
	const call = LIST_CALLS.find((c) => c.name === name);
	if (!call) throw new Error(`No list call ${name} in test/contract/upflow.ts`);
	return call;
}

/** Path segments of a call's pattern, `{x}` standing for any one segment. */
function segments(path: string): string[] {
	return path.split('/').filter(Boolean);
}

/** Whether a concrete path (under /v1, decoded segments) is an instance of a call's pattern. */
function matchesPath(path: string, pathSegments: readonly string[]): boolean {
	const pattern = segments(path);
	return (
		pattern.length === pathSegments.length &&
		pattern.every((p, i) => p.startsWith('{') || p === pathSegments[i])
	);
}

/** The documented call a method and a concrete path (under /v1, decoded segments) stand for. */
export function matchWriteCall(
	method: string,
	pathSegments: readonly string[],
): WriteCall | undefined {
	return WRITE_CALLS.find((call) => call.method === method && matchesPath(call.path, pathSegments));
}

/** The name of the documented call (write, list or read) a request stands for, if any. */
export function documentedCall(
	method: string,
	pathSegments: readonly string[],
): string | undefined {
	if (method !== 'GET') return matchWriteCall(method, pathSegments)?.name;
	return [...LIST_CALLS, ...READ_CALLS].find((call) => matchesPath(call.path, pathSegments))?.name;
}

// ---- what `npm run probe` checks (added for the probe; the exports above are unchanged) --------

/**
 * Values for the probe to confirm or contradict where BEHAVIOUR says `unknown` or says nothing:
 * what the emulator plays today. They are NOT facts the node may rely on (BEHAVIOUR stays the rule:
 * detect the order from the data, trust `total` over a short page). When the sandbox answers
 * otherwise, the probe's report names the line to change here.
 */
export const PROBE_EXPECTS = {
	/** The order of every list (BEHAVIOUR.defaultOrder is unknown): the emulator serves creation order. */
	defaultOrder: { value: 'oldest-first', status: 'assumed' as Status },
	/** What `limit` = page cap + 1 answers (BEHAVIOUR.aboveCap is unknown): the emulator refuses it. */
	aboveCap: { value: 'refused (400)', status: 'assumed' as Status },
	/** The status of a GET on an id that does not exist. */
	missingRecordStatus: { value: 404, status: 'assumed' as Status },
	/** Rate-limit headers (X-RateLimit-*, RateLimit-*) on ordinary answers: nobody recorded any. */
	rateLimitHeaders: { value: [] as readonly string[], status: 'assumed' as Status },
	/**
	 * Whether a refused request takes a slot (BEHAVIOUR.refusedRequestsCount is unknown): the
	 * emulator's default says no (its `countRefused` switch says yes).
	 */
	refusedRequestsCount: { value: false as boolean, status: 'assumed' as Status },
	/** `external:<id>` path segments: what follows is URL-encoded, and Upflow decodes it. */
	externalIdEncoding: { value: 'url-encoded', status: 'assumed' as Status },
} as const;

export interface ReadShape {
	/** READ_CALLS name, plus `customField` (rows of GET /custom_fields). */
	name: string;
	/** Keys every record of this kind carries when read (the page's "Read shapes"). */
	keys: readonly string[];
	status: Status;
	note?: string;
}

/** Keys the probe expects on the records it reads (a subset of the page's read shapes). */
export const READ_SHAPES: readonly ReadShape[] = [
	{ name: 'customer', keys: ['id', 'externalId', 'name', 'directUrl'], status: 'seen' },
	{ name: 'contact', keys: ['id', 'email'], status: 'ref' },
	{
		name: 'invoice',
		keys: [
			'id',
			'externalId',
			'customId',
			'currency',
			'grossAmount',
			'netAmount',
			'state',
			'pdfUrl',
		],
		status: 'seen',
	},
	{
		name: 'creditNote',
		keys: ['id', 'externalId', 'customId', 'currency', 'grossAmount', 'netAmount'],
		status: 'ref',
		note: 'v2: no `amount`',
	},
	{
		name: 'payment',
		keys: ['id', 'externalId', 'amount', 'currency', 'validatedAt', 'createdAt', 'linkedInvoices'],
		status: 'seen',
	},
	{
		name: 'refund',
		keys: ['id', 'externalId', 'amount', 'currency', 'validatedAt'],
		status: 'ref',
		note: 'v2: validatedAt, not refundedAt',
	},
	{
		name: 'customField',
		keys: ['id', 'name', 'entityType', 'dataType'],
		status: 'assumed',
		note: 'the data type key is assumed',
	},
];

/** One entry of a payment's `linkedInvoices` as read back: `{linkedAmount, invoice: {...}}` (seen + ref). */
export const PAYMENT_LINK_READ_KEYS: { keys: readonly string[]; status: Status } = {
	keys: ['linkedAmount', 'invoice'],
	status: 'seen',
};
