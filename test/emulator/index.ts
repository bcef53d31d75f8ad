/**
 * A local Upflow for tests, the demo and benchmarks: a real HTTP server on 127.0.0.1 implementing
 * Upflow's documented API (test/contract/upflow.ts) for several organizations at once, with Upflow's limits,
 * deterministic fault injection, a request log and a state dump. Nothing kinder than the real API.
 *
 *   const emu = await startEmulator({ port: 0 });
 *   // credential: base URL emu.baseUrl, X-Api-Key DEMO_API_KEY, X-Api-Secret DEMO_API_SECRET
 *   ...
 *   await emu.close();
 *
 * Module map: server.ts (HTTP, auth, limits, faults, log) -> routes.ts (endpoints) -> store.ts
 * (entities and rules) with validation.ts (write shapes), limits.ts, faults.ts, multipart.ts,
 * files.ts (signed PDF URLs), collection.ts (tables and indexes).
 */
import type { EnvelopeOverrides } from './envelopes';
import type { ListOrder } from './order';
import { EmulatorServer } from './server';
import type { OrgHandle } from './store';
import type {
	FaultOptions,
	OrganizationOptions,
	OrganizationState,
	RequestLogEntry,
} from './types';

export type {
	FaultKind,
	FaultOptions,
	OrganizationOptions,
	OrganizationState,
	RequestLogEntry,
	CustomerView,
	ContactView,
	InvoiceView,
	CreditNoteView,
	PaymentView,
	RefundView,
	CustomFieldView,
	DunningPlanView,
	UserView,
	ContactPositionView,
	EntityKind,
	ActionView,
	BankAccountView,
	ReconciliationView,
} from './types';
export type { ActionSeed, ActionPatch } from './actions';
export { ApiError, ALL_FAULT_KINDS } from './types';
export type { EnvelopeOverrides } from './envelopes';
export type { OrgHandle, RecordRef, SeedInvoicesOptions, ViewOf } from './store';
export { keyHash } from './store';
export { PDF_URL_TTL_MS } from './files';
export { acceptedEntries, busiestWindow, maxInSlidingWindow } from './logStats';
export type { ListOrder } from './order';
export { LIST_ORDERS } from './order';

export const DEMO_API_KEY = 'upflow-demo-key';
export const DEMO_API_SECRET = 'upflow-demo-secret';

export interface StartOptions {
	/** 0 = a free port (default 0 in-process; the CLI defaults to 8787). */
	port?: number;
	/** Default: one organization with the demo key pair. */
	organizations?: OrganizationOptions[];
	faults?: FaultOptions;
	/** Clock for limits, log times, invoice states and URL expiry (default Date.now). */
	now?: () => number;
	/** Called with each finished request log entry. */
	onRequest?: (entry: RequestLogEntry) => void;
	/**
	 * Answers these collections' lists under another key (contract list names, e.g.
	 * `{ creditNotes: 'data' }`): a list envelope the client does not expect.
	 */
	envelopes?: EnvelopeOverrides;
	/**
	 * Order of every paged list (GET of a collection): 'oldest-first' (creation order, the default)
	 * or 'newest-first'. Upflow's own default is not established.
	 */
	listOrder?: ListOrder;
}

export interface Emulator {
	/** http://127.0.0.1:PORT */
	url: string;
	/** url + '/v1' */
	baseUrl: string;
	addOrganization(o: OrganizationOptions): void;
	/**
	 * Replaces the fault settings and restarts the fault PRNG from the seed. Latency changes only
	 * when `f` sets latencyMs/jitterMs; `undefined` = no faults and no latency.
	 */
	setFaults(f: FaultOptions | undefined): void;
	setLatency(ms: number, jitterMs?: number): void;
	/** Order of every paged list from the next request on. */
	setListOrder(order: ListOrder): void;
	/** What arrived, in arrival order; only the organization of `apiKey` when given. */
	log(apiKey?: string): RequestLogEntry[];
	clearLog(): void;
	/** Plain JSON of an organization's state (default: the first organization). */
	dump(apiKey?: string): OrganizationState;
	/** Direct state access for tests: no HTTP, no log, no limits (default: the first organization). */
	org(apiKey?: string): OrgHandle;
	close(): Promise<void>;
}

export async function startEmulator(opts: StartOptions = {}): Promise<Emulator> {
	const server = new EmulatorServer({
		port: opts.port ?? 0,
		organizations: opts.organizations ?? [{ apiKey: DEMO_API_KEY, apiSecret: DEMO_API_SECRET }],
		faults: opts.faults,
		now: opts.now ?? Date.now,
		onRequest: opts.onRequest,
		listOrder: opts.listOrder,
		envelopes: opts.envelopes,
	});
	await server.listen();
	return {
		url: server.url,
		baseUrl: `${server.url}/v1`,
		addOrganization: (o) => server.addOrganization(o),
		setFaults: (f) => server.setFaults(f),
		setLatency: (ms, jitterMs) => server.setLatency(ms, jitterMs),
		setListOrder: (order) => server.setListOrder(order),
		log: (apiKey) => server.log(apiKey),
		clearLog: () => server.clearLog(),
		dump: (apiKey) => server.dump(apiKey),
		org: (apiKey) => server.org(apiKey),
		close: () => server.close(),
	};
}
