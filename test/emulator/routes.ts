/* eslint-disable @n8n/community-nodes/require-node-api-error -- the emulator, a test server run by Node, not n8n: it answers with its own HTTP errors */
/**
 * The /v1 endpoints: a table of (method, path pattern) -> handler. Handlers see one authenticated,
 * admitted request and answer a status and a JSON body; they throw ApiError for 4xx. Limits,
 * faults and logging live in server.ts, state rules in store.ts.
 */
import { randomBytes } from 'node:crypto';
import { checkBody } from '../contract/check';
import { listCall, matchWriteCall } from '../contract/upflow';
import { multipartBoundary, parseMultipart } from './multipart';
import type { AnyRec, CustomerRec, Organization } from './store';
import { orderedSlice, type ListOrder } from './order';
import { ApiError, type EntityKind } from './types';
import { checkStringLengths, parsePaging, parsePortal } from './validation';
import { MORE_ROUTES } from './routes-more';

export const MAX_PDF_BYTES = 10 * 1024 * 1024;

export interface RequestContext {
	org: Organization;
	method: string;
	/** Path segments after /v1, URL-decoded. */
	segments: string[];
	query: Record<string, string>;
	raw: Buffer;
	contentType: string | undefined;
	/** Parsed JSON body (undefined when there is none or it is not JSON). */
	json: unknown;
	/** Why the body cannot be used as JSON (415, 400 or 413), if it cannot. */
	bodyError: ApiError | undefined;
	/** Base of the links handed out (portal URL). */
	appUrl: string;
	now: number;
	/** The order of every paged list (order.ts). */
	listOrder: ListOrder;
}

export interface HandlerResult {
	status: number;
	body?: unknown;
	/** True when the state was changed. */
	applied: boolean;
}

type Handler = (ctx: RequestContext, params: string[]) => HandlerResult;
interface Route {
	method: string;
	pattern: string[];
	handler: Handler;
}

export const ok = (body: unknown, status = 200): HandlerResult => ({
	status,
	body,
	applied: false,
});
export const written = (body: unknown, status: number): HandlerResult => ({
	status,
	body,
	applied: true,
});

/** The JSON body of a write, or the reason it is refused. */
export function jsonBody(ctx: RequestContext): unknown {
	if (ctx.bodyError) throw ctx.bodyError;
	if (ctx.json === undefined) throw new ApiError(400, 'Request body is required (a JSON object)');
	checkStringLengths(ctx.json);
	return ctx.json;
}

function find(ctx: RequestContext, kind: EntityKind, segment: string, what: string) {
	const rec = ctx.org.collection(kind).findByPathId(segment);
	if (!rec) throw new ApiError(404, `${what} ${segment} not found`);
	return rec;
}

function page<T>(
	all: readonly T[],
	ctx: RequestContext,
	cap: number,
	key: string,
	view: (t: T) => unknown,
) {
	const { offset, limit } = parsePaging(ctx.query, cap);
	const rows = orderedSlice(all, offset, limit, ctx.listOrder);
	return ok({ offset, limit, total: all.length, [key]: rows.map(view) });
}

/** A paged list answer, with the path, envelope and cap of the contract's list `name`. */
function pageOf<T>(name: string, all: readonly T[], ctx: RequestContext, view: (t: T) => unknown) {
	const call = listCall(name);
	return page(all, ctx, call.pageCap as number, call.envelope, view);
}

/** The CRUD endpoints every upserted entity has; path, envelope and page cap from the contract's list `list`. */
function entityRoutes(
	list: string,
	kind: EntityKind,
	what: string,
	listed: (ctx: RequestContext) => readonly AnyRec[] = (ctx) => ctx.org.collection(kind).all(),
): Route[] {
	const path = listCall(list).path.slice(1);
	return [
		{
			method: 'POST',
			pattern: [path],
			handler: (ctx) => {
				const { created, view } = ctx.org.upsertRecord(kind, jsonBody(ctx));
				return written(view, created ? 201 : 200);
			},
		},
		{
			method: 'GET',
			pattern: [path],
			handler: (ctx) => pageOf(list, listed(ctx), ctx, (r) => ctx.org.view(kind, r)),
		},
		{
			method: 'GET',
			pattern: [path, ':id'],
			handler: (ctx, [id]) => ok(ctx.org.view(kind, find(ctx, kind, id, what))),
		},
		{
			method: 'DELETE',
			pattern: [path, ':id'],
			handler: (ctx, [id]) => {
				ctx.org.deleteRecord(kind, find(ctx, kind, id, what));
				return written(undefined, 204);
			},
		},
	];
}

/**
 * GET /customers honours customFieldData_<id>.eq=<value> (several are ANDed) and nothing else:
 * every other query parameter is ignored, as the real API ignores it.
 */
function filteredCustomers(ctx: RequestContext): readonly AnyRec[] {
	let all: readonly AnyRec[] = ctx.org.collection('customers').all();
	for (const [key, value] of Object.entries(ctx.query)) {
		const m = /^customFieldData_(.+)\.eq$/.exec(key);
		if (m) {
			const keep = new Set<AnyRec>(ctx.org.customersWithField(m[1], value));
			all = all.filter((c) => keep.has(c));
		}
	}
	return all;
}

function pdfRoute(path: string, kind: 'invoices' | 'creditNotes', what: string): Route {
	return {
		method: 'POST',
		pattern: [path, ':id', 'pdf'],
		handler: (ctx, [id]) => {
			const rec = find(ctx, kind, id, what);
			ctx.org.setPdf(kind, { id: rec.id }, readPdf(ctx));
			return written(undefined, 204);
		},
	};
}

/** The file of a PDF upload: multipart field `file`, or JSON `{"data": "<base64>"}`. */
function readPdf(ctx: RequestContext): Buffer {
	if (ctx.bodyError?.status === 413)
		throw new ApiError(413, `PDF too large: at most ${MAX_PDF_BYTES} bytes`);
	const boundary = multipartBoundary(ctx.contentType);
	let data: Buffer;
	if (boundary !== null) {
		let file;
		try {
			file = parseMultipart(ctx.raw, boundary).find((p) => p.name === 'file');
		} catch (e) {
			throw new ApiError(400, (e as Error).message);
		}
		if (!file || file.data.length === 0)
			throw new ApiError(400, 'multipart field "file" is missing or empty');
		data = file.data;
	} else {
		if (/^multipart\//i.test(ctx.contentType ?? ''))
			throw new ApiError(400, 'multipart/form-data without a boundary');
		if (ctx.bodyError?.status === 415)
			throw new ApiError(
				415,
				'Send the PDF as multipart/form-data (field "file") or as JSON {"data": "<base64>"}',
			);
		if (ctx.bodyError) throw ctx.bodyError;
		const o = ctx.json as { data?: unknown } | undefined;
		if (typeof o !== 'object' || o === null || Array.isArray(o))
			throw new ApiError(
				400,
				'Send the PDF as multipart/form-data (field "file") or as JSON {"data": "<base64>"}',
			);
		if (typeof o.data !== 'string' || o.data.trim() === '')
			throw new ApiError(400, 'data must be the PDF as a non-empty base64 string');
		const b64 = o.data.replace(/\s+/g, '');
		if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 === 1)
			throw new ApiError(400, 'data is not valid base64');
		data = Buffer.from(b64, 'base64');
		if (data.length === 0) throw new ApiError(400, 'data decodes to an empty file');
	}
	if (data.length > MAX_PDF_BYTES)
		throw new ApiError(413, `PDF too large: ${data.length} bytes, at most ${MAX_PDF_BYTES}`);
	return Buffer.from(data);
}

function contactOf(ctx: RequestContext, customerId: string, contactId: string) {
	const customer = find(ctx, 'customers', customerId, 'Customer') as CustomerRec;
	const contact = ctx.org.contacts.findByPathId(contactId);
	if (!contact || contact.customerId !== customer.id)
		throw new ApiError(404, `Contact ${contactId} of customer ${customerId} not found`);
	return contact;
}

const ROUTES: Route[] = [
	...entityRoutes('customers', 'customers', 'Customer', filteredCustomers),
	{
		method: 'PUT',
		pattern: ['customers', ':id'],
		handler: (ctx, [id]) => {
			const rec = find(ctx, 'customers', id, 'Customer');
			return written(ctx.org.updateRecord('customers', rec, jsonBody(ctx)), 200);
		},
	},
	{
		method: 'POST',
		pattern: ['customers', ':id', 'portal'],
		handler: (ctx, [id]) => {
			find(ctx, 'customers', id, 'Customer');
			if (ctx.bodyError && ctx.raw.length) throw ctx.bodyError;
			if (ctx.json !== undefined) checkStringLengths(ctx.json);
			const input = parsePortal(ctx.json);
			const token = randomBytes(24).toString('base64url');
			return ok({
				url: `${ctx.appUrl}/portal/${token}`,
				expiresAt: new Date(ctx.now + input.expiresIn * 1000).toISOString(),
			});
		},
	},
	{
		method: 'POST',
		pattern: ['customers', ':id', 'contacts'],
		handler: (ctx, [id]) => {
			const customer = find(ctx, 'customers', id, 'Customer');
			const body = jsonBody(ctx);
			const { created, view } = ctx.org.addContacts(customer as CustomerRec, body);
			return written(view, created ? 201 : 200);
		},
	},
	{
		method: 'GET',
		pattern: ['customers', ':id', 'contacts'],
		handler: (ctx, [id]) =>
			pageOf(
				'contacts',
				ctx.org.contactsOf(find(ctx, 'customers', id, 'Customer') as CustomerRec),
				ctx,
				(c) => c,
			),
	},
	{
		method: 'GET',
		pattern: ['customers', ':id', 'contacts', ':id'],
		handler: (ctx, [customerId, contactId]) =>
			ok(ctx.org.contactView(contactOf(ctx, customerId, contactId))),
	},
	{
		method: 'PUT',
		pattern: ['customers', ':id', 'contacts', ':id'],
		handler: (ctx, [customerId, contactId]) =>
			written(ctx.org.updateContact(contactOf(ctx, customerId, contactId), jsonBody(ctx)), 200),
	},
	{
		method: 'DELETE',
		pattern: ['customers', ':id', 'contacts', ':id'],
		handler: (ctx, [customerId, contactId]) => {
			ctx.org.deleteContact(contactOf(ctx, customerId, contactId));
			return written(undefined, 204);
		},
	},
	...entityRoutes('invoices', 'invoices', 'Invoice'),
	pdfRoute('invoices', 'invoices', 'Invoice'),
	...entityRoutes('creditNotes', 'creditNotes', 'Credit note'),
	pdfRoute('credit_notes', 'creditNotes', 'Credit note'),
	...entityRoutes('payments', 'payments', 'Payment'),
	...entityRoutes('refunds', 'refunds', 'Refund'),
	{
		method: 'GET',
		pattern: ['custom_fields'],
		handler: (ctx) => pageOf('customFields', ctx.org.customFieldList(), ctx, (f) => f),
	},
	{
		method: 'POST',
		pattern: ['custom_fields'],
		handler: (ctx) => written(ctx.org.createCustomField(jsonBody(ctx) as object), 201),
	},
	{
		method: 'GET',
		pattern: ['dunning_plans'],
		handler: (ctx) => pageOf('dunningPlans', ctx.org.dunningPlans, ctx, (p) => p),
	},
	{
		method: 'GET',
		pattern: ['users'],
		handler: (ctx) => ok({ [listCall('users').envelope]: ctx.org.users }),
	},
	...MORE_ROUTES,
];

/**
 * Upflow's documented body (test/contract/upflow.ts) for a write with a JSON body: a missing or
 * unknown key, a wrong type or enum value is a 400 naming the field, before any other rule. Upflow
 * may silently ignore an unknown key; refusing it here makes a misspelled field fail a test.
 */
function checkDocumentedBody(ctx: RequestContext): void {
	if (ctx.method !== 'POST' && ctx.method !== 'PUT') return;
	if (ctx.json === undefined || multipartBoundary(ctx.contentType) !== null) return;
	const call = matchWriteCall(ctx.method, ctx.segments);
	// A write route the contract home does not document would accept any body: a bug of the emulator.
	if (!call)
		throw new ApiError(
			500,
			`emulator: ${ctx.method} /v1/${ctx.segments.join('/')} has no documented body in test/contract/upflow.ts`,
		);
	const problems = checkBody(call, ctx.json);
	if (problems.length) throw new ApiError(400, problems.map((p) => p.message).join('; '));
}

/** Finds the route; an unknown path or a method the path does not take is a 404. */
export function dispatch(ctx: RequestContext): HandlerResult {
	for (const route of ROUTES) {
		if (route.method !== ctx.method || route.pattern.length !== ctx.segments.length) continue;
		const params: string[] = [];
		const match = route.pattern.every((p, i) => {
			if (p === ':id') {
				if (ctx.segments[i] === '') return false;
				params.push(ctx.segments[i]);
				return true;
			}
			return p === ctx.segments[i];
		});
		if (match) {
			checkDocumentedBody(ctx);
			return route.handler(ctx, params);
		}
	}
	throw new ApiError(404, `No endpoint ${ctx.method} /v1/${ctx.segments.join('/')}`);
}
