/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- the emulator, a test server run by Node, not n8n: node:http, timers, its own HTTP errors */
/**
 * The HTTP side: one node:http server for every organization. For each request, in this order:
 * read the body, log it, authenticate (401), admit it through the organization's limits (429),
 * draw its fault, wait the latency, then fault / route / answer. The order matters: 401 comes
 * before limits (an unknown key pair has no limits to spend), and rejected requests never reach
 * the fault PRNG, so fault schedules do not depend on timing.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { checkEnvelopes, listNameOf, withEnvelope, type EnvelopeOverrides } from './envelopes';
import { FaultPlan, validateFaults, type LatencyOptions } from './faults';
import { FileSigner } from './files';
import { OrganizationLimits } from './limits';
import { checkListOrder, type ListOrder } from './order';
import { dispatch, MAX_PDF_BYTES, type HandlerResult, type RequestContext } from './routes';
import { keyHash, Organization, type OrgHandle } from './store';
import {
	ApiError,
	type FaultKind,
	type FaultOptions,
	type OrganizationOptions,
	type OrganizationState,
	type RequestLogEntry,
} from './types';

/** A base64 PDF of 10 MB is ~13.4 MB of JSON; anything past this is refused with 413. */
const MAX_BODY_BYTES = Math.ceil((MAX_PDF_BYTES * 4) / 3) + 64 * 1024;
const INVALID_KEY_MESSAGE = 'Invalid API key or secret';

interface Tenant {
	apiKey: string;
	secret: Buffer;
	store: Organization;
	limits: OrganizationLimits;
	/** What the limits say on answers (OrganizationOptions.retryAfter, rateLimitHeaders). */
	retryAfter: boolean;
	rateLimitHeaders: boolean;
	plan: FaultPlan;
}

export interface ServerOptions {
	port: number;
	organizations: OrganizationOptions[];
	faults?: FaultOptions;
	now: () => number;
	/** Order of every paged list (default oldest-first). */
	listOrder?: ListOrder;
	/** Called with each finished log entry (the CLI's --verbose). */
	onRequest?: (entry: RequestLogEntry) => void;
	/** Contract list name -> envelope key to answer it under (see envelopes.ts). */
	envelopes?: EnvelopeOverrides;
}

export class EmulatorServer {
	url = '';
	private readonly server: Server;
	private readonly tenants = new Map<string, Tenant>();
	private readonly sockets = new Set<Socket>();
	private readonly entries: RequestLogEntry[] = [];
	private seq = 0;
	private faults: FaultOptions | undefined;
	private latency: LatencyOptions = { latencyMs: 0, jitterMs: 0 };
	private readonly signer: FileSigner;
	private listOrder: ListOrder = 'oldest-first';

	constructor(private readonly opts: ServerOptions) {
		this.signer = new FileSigner(() => this.url, opts.now);
		checkEnvelopes(opts.envelopes);
		this.setFaults(opts.faults);
		if (opts.listOrder !== undefined) this.setListOrder(opts.listOrder);
		for (const o of opts.organizations) this.addOrganization(o);
		this.server = createServer((req, res) => {
			this.handle(req, res).catch((e) => {
				// Last resort; handle() answers its own errors. Never include request headers here.
				if (!res.headersSent)
					send(res, 500, { message: `Emulator error: ${(e as Error).message}` });
			});
		});
		this.server.on('connection', (s) => {
			this.sockets.add(s);
			s.on('close', () => this.sockets.delete(s));
		});
	}

	async listen(): Promise<void> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.opts.port, '127.0.0.1', () => resolve());
		});
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	async close(): Promise<void> {
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			for (const s of this.sockets) s.destroy();
		});
	}

	// ---- control surface (used by index.ts) ----------------------------------------------------

	addOrganization(o: OrganizationOptions): void {
		if (!o.apiKey || !o.apiSecret)
			throw new Error('An organization needs a non-empty apiKey and apiSecret');
		if (this.tenants.has(o.apiKey))
			throw new Error('An organization with this API key already exists');
		const positive = (v: number | undefined, fallback: number, name: string) => {
			const n = v ?? fallback;
			if (!Number.isInteger(n) || n <= 0)
				throw new RangeError(`${name} must be a positive integer`);
			return n;
		};
		const org = keyHash(o.apiKey);
		this.tenants.set(o.apiKey, {
			apiKey: o.apiKey,
			secret: Buffer.from(o.apiSecret),
			store: new Organization(org, {
				now: this.opts.now,
				pdfUrl: (kind, id) => this.signer.url(kind, id),
				appUrl: () => `${this.url}/app`,
			}),
			limits: new OrganizationLimits({
				requestsPerWindow: positive(o.requestsPerWindow, 600, 'requestsPerWindow'),
				windowMs: positive(o.windowMs, 60_000, 'windowMs'),
				concurrency: positive(o.concurrency, 10, 'concurrency'),
				countRefused: o.countRefused ?? false,
			}),
			retryAfter: o.retryAfter ?? true,
			rateLimitHeaders: o.rateLimitHeaders ?? false,
			plan: new FaultPlan(this.faults),
		});
	}

	/**
	 * New fault settings restart every organization's fault PRNG from the seed. Latency changes
	 * only when `f` sets it; `undefined` means a well-behaved server again (no faults, no latency).
	 */
	setFaults(f: FaultOptions | undefined): void {
		if (f) validateFaults(f);
		this.faults = f && { ...f, kinds: f.kinds && [...f.kinds] };
		if (!f) this.latency = { latencyMs: 0, jitterMs: 0 };
		else if (f.latencyMs !== undefined || f.jitterMs !== undefined)
			this.setLatency(f.latencyMs ?? 0, f.jitterMs ?? 0);
		for (const t of this.tenants.values()) t.plan = new FaultPlan(this.faults);
	}

	/** Order of every paged list from the next request on (order.ts). */
	setListOrder(order: ListOrder): void {
		this.listOrder = checkListOrder(order);
	}

	setLatency(ms: number, jitterMs = 0): void {
		if (!(ms >= 0) || !(jitterMs >= 0)) throw new RangeError('latency and jitter must be >= 0');
		this.latency = { latencyMs: ms, jitterMs };
	}

	log(apiKey?: string): RequestLogEntry[] {
		const org = apiKey === undefined ? undefined : keyHash(apiKey);
		return this.entries
			.filter((e) => org === undefined || e.org === org)
			.map((e) => ({ ...e, query: { ...e.query } }));
	}

	clearLog(): void {
		this.entries.length = 0;
	}

	org(apiKey?: string): OrgHandle {
		return this.tenant(apiKey).store;
	}

	dump(apiKey?: string): OrganizationState {
		return this.tenant(apiKey).store.dump();
	}

	private tenant(apiKey?: string): Tenant {
		const t = apiKey === undefined ? this.tenants.values().next().value : this.tenants.get(apiKey);
		if (!t)
			throw new Error(
				apiKey === undefined
					? 'The emulator has no organization'
					: 'No organization has this API key',
			);
		return t;
	}

	// ---- one request ------------------------------------------------------------------------------

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		if (url.pathname.startsWith('/files/')) return this.serveFile(req, res, url);

		const { raw, tooLarge } = await readBody(req);
		const now = this.opts.now();
		const apiKey = header(req, 'x-api-key');
		const query = Object.fromEntries(url.searchParams);
		const contentType = header(req, 'content-type');
		const { json, bodyError } = parseBody(raw, tooLarge, contentType);
		const entry: RequestLogEntry = {
			seq: ++this.seq,
			org: apiKey ? keyHash(apiKey) : '',
			method: req.method ?? 'GET',
			path: url.pathname,
			query,
			body: summariseBody(url.pathname, raw, json),
			status: 0,
			applied: false,
			receivedAt: now,
			respondedAt: now,
			inFlight: 1,
		};
		this.entries.push(entry);
		let limitHeaders: Record<string, string> = {};
		const finish = (status: number, body?: unknown, headers?: Record<string, string>) => {
			entry.status = status;
			entry.respondedAt = this.opts.now();
			send(res, status, body, { ...limitHeaders, ...headers });
			this.opts.onRequest?.(entry);
		};
		const drop = () => {
			entry.status = 0;
			entry.respondedAt = this.opts.now();
			req.socket.destroy();
			this.opts.onRequest?.(entry);
		};

		// 1. authentication, before anything else; the message never echoes what was sent.
		const tenant = apiKey ? this.tenants.get(apiKey) : undefined;
		const secret = header(req, 'x-api-secret');
		if (!tenant || secret === undefined || !sameSecret(tenant.secret, secret))
			return finish(401, { message: INVALID_KEY_MESSAGE });

		// 2. limits
		const verdict = tenant.limits.admit(now);
		entry.inFlight = verdict.inFlight;
		if (tenant.rateLimitHeaders)
			limitHeaders = {
				'x-ratelimit-limit': String(verdict.limit),
				'x-ratelimit-remaining': String(verdict.remaining),
				'x-ratelimit-reset': String(verdict.resetSeconds),
			};
		if (!verdict.ok) {
			entry.fault = verdict.reason;
			return finish(
				429,
				{ message: verdict.message },
				tenant.retryAfter ? { 'retry-after': String(verdict.retryAfterSeconds) } : {},
			);
		}

		try {
			// 3. fault and latency: decided now, in arrival order, whatever happens next.
			const fault = tenant.plan.next();
			if (fault) entry.fault = fault;
			const delay = tenant.plan.delayMs(this.latency);
			if (delay > 0) await sleep(delay);
			if (fault === 'drop-before') return drop();
			if (fault && /^5\d\d$/.test(fault))
				return finish(Number(fault), { message: faultMessage(fault) });

			// 4. the request itself
			let result: HandlerResult;
			try {
				result = this.route(tenant, req, url, raw, contentType, json, bodyError, query);
			} catch (e) {
				if (!(e instanceof ApiError)) throw e;
				result = { status: e.status, body: { message: e.message }, applied: false };
				entry.refusal = e.message;
			}
			entry.applied = result.applied && result.status < 300;
			if (fault === 'drop-after') return drop();
			return finish(result.status, this.envelope(req.method, url.pathname, result));
		} catch (e) {
			return finish(500, { message: `Emulator error: ${(e as Error).message}` });
		} finally {
			tenant.limits.release();
		}
	}

	private route(
		tenant: Tenant,
		req: IncomingMessage,
		url: URL,
		raw: Buffer,
		contentType: string | undefined,
		json: unknown,
		bodyError: ApiError | undefined,
		query: Record<string, string>,
	): HandlerResult {
		if (url.pathname !== '/v1' && !url.pathname.startsWith('/v1/'))
			throw new ApiError(
				404,
				`No endpoint ${req.method} ${url.pathname} (the API lives under /v1)`,
			);
		let segments: string[];
		try {
			segments = url.pathname.slice('/v1/'.length).split('/').map(decodeURIComponent);
		} catch {
			throw new ApiError(400, 'Malformed percent-encoding in the URL path');
		}
		const ctx: RequestContext = {
			org: tenant.store,
			method: req.method ?? 'GET',
			segments,
			query,
			raw,
			contentType,
			json,
			bodyError,
			appUrl: `${this.url}/app`,
			now: this.opts.now(),
			listOrder: this.listOrder,
		};
		return dispatch(ctx);
	}

	/** A successful list answer under the overriding envelope, when the `envelopes` option names its list. */
	private envelope(method: string | undefined, pathname: string, result: HandlerResult): unknown {
		const envelopes = this.opts.envelopes;
		if (!envelopes || result.status !== 200 || !pathname.startsWith('/v1/')) return result.body;
		let segments: string[];
		try {
			segments = pathname.slice('/v1/'.length).split('/').map(decodeURIComponent);
		} catch {
			return result.body;
		}
		const name = listNameOf(method ?? 'GET', segments);
		const key = name === undefined ? undefined : envelopes[name];
		return key === undefined ? result.body : withEnvelope(result.body, key);
	}

	/** Signed PDF downloads: no API headers, no limits, not in the request log. */
	private serveFile(req: IncomingMessage, res: ServerResponse, url: URL): void {
		req.resume();
		if (req.method !== 'GET' && req.method !== 'HEAD')
			return send(res, 404, { message: 'No such file' });
		const verdict = this.signer.check(url.pathname, url.searchParams);
		if (!verdict.ok) return send(res, verdict.status, { message: verdict.message });
		for (const t of this.tenants.values()) {
			const pdf = t.store.pdfOf(verdict.kind, verdict.id);
			if (pdf) {
				res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length });
				res.end(req.method === 'HEAD' ? undefined : pdf);
				return;
			}
		}
		send(res, 404, { message: 'This file no longer exists' });
	}
}

// ---- helpers ---------------------------------------------------------------------------------

function header(req: IncomingMessage, name: string): string | undefined {
	const v = req.headers[name];
	return Array.isArray(v) ? v[0] : v;
}

function sameSecret(expected: Buffer, given: string): boolean {
	const g = Buffer.from(given);
	return g.length === expected.length && timingSafeEqual(g, expected);
}

/** Reads the whole body, keeping at most MAX_BODY_BYTES (the rest is drained and flagged). */
function readBody(req: IncomingMessage): Promise<{ raw: Buffer; tooLarge: boolean }> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > MAX_BODY_BYTES) tooLarge = true;
			else chunks.push(c);
		});
		req.on('end', () =>
			resolve({ raw: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge }),
		);
		req.on('error', reject);
	});
}

/** JSON when the content type says so; multipart is left to the PDF route; anything else is 415. */
function parseBody(
	raw: Buffer,
	tooLarge: boolean,
	contentType: string | undefined,
): { json: unknown; bodyError: ApiError | undefined } {
	if (tooLarge)
		return {
			json: undefined,
			bodyError: new ApiError(413, `Request body too large (at most ${MAX_BODY_BYTES} bytes)`),
		};
	if (raw.length === 0) return { json: undefined, bodyError: undefined };
	const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
	if (type === 'application/json' || type.endsWith('+json')) {
		try {
			return { json: JSON.parse(raw.toString('utf8')), bodyError: undefined };
		} catch (e) {
			return {
				json: undefined,
				bodyError: new ApiError(400, `Request body is not valid JSON: ${(e as Error).message}`),
			};
		}
	}
	return {
		json: undefined,
		bodyError: new ApiError(
			415,
			`Content-Type must be application/json (got ${type ? JSON.stringify(type) : 'none'})`,
		),
	};
}

/** What the log keeps of a body: the JSON, except PDF uploads which are reduced to their size. */
function summariseBody(pathname: string, raw: Buffer, json: unknown): unknown {
	if (raw.length === 0) return undefined;
	if (pathname.endsWith('/pdf')) return { pdfBytes: raw.length };
	if (json !== undefined) return json;
	return { rawBytes: raw.length };
}

function send(
	res: ServerResponse,
	status: number,
	body?: unknown,
	headers: Record<string, string> = {},
): void {
	if (res.destroyed || res.headersSent) return;
	if (body === undefined || status === 204) {
		res.writeHead(status, headers);
		res.end();
		return;
	}
	const text = JSON.stringify(body);
	res.writeHead(status, {
		...headers,
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(text),
	});
	res.end(text);
}

function faultMessage(kind: FaultKind): string {
	return (
		{
			'500': 'Internal server error (injected fault)',
			'502': 'Bad gateway (injected fault)',
			'503': 'Service unavailable (injected fault)',
			'504': 'Gateway timeout (injected fault)',
		} as Record<string, string>
	)[kind];
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
