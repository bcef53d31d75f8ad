/**
 * Types shared by the emulator modules and by the tests that read the emulator's state.
 * The read shapes (`*View`) are what the HTTP API answers; keep them in step with
 * the read shapes of docs/upflow-api.md and test/contract/upflow.ts.
 */

export type FaultKind = '500' | '502' | '503' | '504' | 'drop-before' | 'drop-after';
export const ALL_FAULT_KINDS: readonly FaultKind[] = [
	'500',
	'502',
	'503',
	'504',
	'drop-before',
	'drop-after',
];

export interface OrganizationOptions {
	apiKey: string;
	apiSecret: string;
	/** Accepted requests allowed in any sliding window of `windowMs` (default 600). */
	requestsPerWindow?: number;
	/** Length of the sliding window in ms (default 60000). */
	windowMs?: number;
	/** Requests allowed in flight at once (default 10). */
	concurrency?: number;
	/**
	 * Refused requests (429) count against the window like accepted ones (default false). Upflow's
	 * behaviour is unknown; true is the stricter world, where every 429 costs a slot for a window.
	 */
	countRefused?: boolean;
	/** 429 answers carry `Retry-After` in seconds (default true). Upflow's header is unknown. */
	retryAfter?: boolean;
	/**
	 * Every answer carries `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`
	 * (seconds until the window takes one more) for the organization's window (default false).
	 */
	rateLimitHeaders?: boolean;
}

export interface FaultOptions {
	/** Probability (0..1) that an accepted request gets a fault. */
	rate: number;
	/** Seed of the PRNG that decides faults (default 1). */
	seed?: number;
	/** Kinds to pick from, uniformly (default: all). */
	kinds?: FaultKind[];
	/** Convenience: same as calling setLatency(latencyMs, jitterMs). */
	latencyMs?: number;
	jitterMs?: number;
}

export interface RequestLogEntry {
	seq: number;
	/** Short hash of the API key presented ('' when none was sent); never the key itself. */
	org: string;
	method: string;
	/** Path as received (still URL-encoded), without the query string. */
	path: string;
	query: Record<string, string>;
	/** Parsed JSON body; PDF uploads are summarised as `{ pdfBytes: n }`; undefined when empty. */
	body: unknown;
	/** HTTP status answered; 0 when the connection was dropped without an answer. */
	status: number;
	fault?: FaultKind | 'rate-limited' | 'concurrency-limited';
	/** True when a write was applied to the state (also for `drop-after`). */
	applied: boolean;
	/** The message of a refusal the emulator answered (a 4xx, or a 501 naming its own gap). */
	refusal?: string;
	receivedAt: number;
	respondedAt: number;
	/** Requests of this organization accepted and in flight when this one arrived, itself included. */
	inFlight: number;
}

// ---- read shapes -------------------------------------------------------------------------

export interface Ref {
	id: string;
	externalId: string | null;
}

export interface CustomerRef extends Ref {
	companyName: string;
}

export interface Address {
	address: string | null;
	zipcode: string | null;
	city: string | null;
	state: string | null;
	country: string | null;
}

export interface CustomFieldValueView {
	id: string;
	externalId: string | null;
	name: string;
	dataType: CustomFieldDataType;
	value: unknown;
}

export interface ContactView {
	id: string;
	externalId: string | null;
	customerId: string;
	firstName: string | null;
	lastName: string | null;
	email: string;
	phone: string | null;
	position: string | null;
	isMain: boolean;
}

export interface UserView {
	id: string;
	firstName: string;
	lastName: string;
	email: string;
	position: string;
}

export interface CustomerView {
	id: string;
	externalId: string;
	name: string;
	vatNumber: string | null;
	parent: Ref | null;
	currency: string | null;
	address: Address | null;
	dunningPlanId: string | null;
	accountManagerId: string | null;
	contacts: ContactView[];
	customFields: CustomFieldValueView[];
	balance: number;
	countInvoicesDue: number;
	directUrl: string;
	// Its settings kept beside the record (CustomerExtrasView, customerSettings.ts).
	accountingRef: string | null;
	paymentMethods: Record<string, unknown> | null;
}

export interface InvoiceView {
	id: string;
	externalId: string;
	customId: string;
	customerId: string;
	customer: Ref;
	name: string | null;
	source: string;
	issuedAt: string;
	dueDate: string;
	netAmount: number;
	grossAmount: number;
	amountOutstanding: number;
	currency: string;
	dunningPlanId: string | null;
	state: string;
	pdfUrl: string | null;
	payments: Array<{ id: string; externalId: string; linkedAmount: number; validatedAt: string }>;
	customFields: CustomFieldValueView[];
}

export interface LinkedInvoiceView {
	linkedAmount: number;
	invoice: Ref;
}

export interface CreditNoteView {
	id: string;
	externalId: string;
	customId: string;
	customerId: string;
	customer: CustomerRef;
	name: string | null;
	issuedAt: string | null;
	dueDate: string | null;
	grossAmount: number;
	netAmount: number;
	currency: string;
	pdfUrl: string | null;
	linkedInvoices: LinkedInvoiceView[];
}

export interface PaymentView {
	id: string;
	externalId: string;
	amount: number;
	currency: string;
	validatedAt: string;
	createdAt: string;
	instrument: string | null;
	bankAccountId: string | null;
	type: 'ACCOUNT';
	customer: CustomerRef;
	amountLinked: number;
	linkedInvoices: LinkedInvoiceView[];
}

export interface RefundView {
	id: string;
	externalId: string;
	amount: number;
	currency: string;
	validatedAt: string;
	createdAt: string;
	instrument: string | null;
	customer: CustomerRef;
	amountLinked: number;
	linkedTransactions: Array<{ linkedAmount: number; payment: Ref }>;
	linkedCreditNotes: Array<{ linkedAmount: number; creditNote: Ref }>;
}

export type CustomFieldEntityType = 'CUSTOMER' | 'INVOICE' | 'CREDIT_NOTE' | 'PAYMENT';
export type CustomFieldDataType =
	| 'TEXT'
	| 'NUMBER'
	| 'DATE'
	| 'BOOLEAN'
	| 'SELECT'
	| 'MULTI_SELECT';

export interface CustomFieldView {
	id: string;
	externalId: string | null;
	name: string;
	entityType: CustomFieldEntityType;
	dataType: CustomFieldDataType;
	values: Array<{ label: string }>;
}

export interface DunningPlanView {
	id: string;
	name: string;
	mode: string;
	entity: string;
}

export interface ContactPositionView {
	id: string;
	name: string;
}

/** What `Emulator.dump()` answers: plain JSON, every collection in creation order. */
export interface OrganizationState {
	customers: CustomerView[];
	contacts: ContactView[];
	invoices: InvoiceView[];
	creditNotes: CreditNoteView[];
	payments: PaymentView[];
	refunds: RefundView[];
	customFields: CustomFieldView[];
	dunningPlans: DunningPlanView[];
	users: UserView[];
	contactPositions: ContactPositionView[];
	/** id of the invoice or credit note -> size of its PDF in bytes. */
	pdfs: Record<string, number>;
	actions: ActionView[];
	bankAccounts: BankAccountView[];
	reconciliations: ReconciliationView[];
}

/** The entities addressed by externalId upserts. */
export type EntityKind = 'customers' | 'invoices' | 'creditNotes' | 'payments' | 'refunds';

/** An error the API answers as `{ message }` with this status. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
		this.name = 'ApiError';
	}
}

/** A 400 listing every problem of a body (`checkBody`'s findings). */
export function refusal(problems: readonly { message: string }[]): ApiError {
	return new ApiError(400, problems.map((p) => p.message).join('; '));
}

// ---- actions, bank accounts, reconciliations, customer settings ------------------------------

/** `GET /v1/actions` rows (contract v2, seen): reminders, tasks and customers' replies. */
export interface ActionView {
	id: string;
	name: string;
	/** EMAIL, TASK, LETTER, CALL ... (seen: EMAIL, TASK) */
	type: string;
	/** TODO, EXECUTED, IGNORED */
	state: string;
	/** WORKFLOW, MANUAL, REPLY */
	source: string;
	createdAt: string;
	updatedAt: string;
	dueDate: string | null;
	dunningPlan: { id: string; name: string } | null;
	customer: { id: string; companyName: string } | null;
	carryingInvoice: { id: string; customId: string; externalId: string } | null;
	assignedTo: Array<{ id: string; email: string }>;
}

/** `GET /v1/bank_accounts` rows: the shape is assumed (the reference names the endpoint only). */
export interface BankAccountView {
	id: string;
	name: string;
	currency: string;
	iban: string;
	bic: string | null;
}

export interface ReconciledItemView {
	id: string;
	externalId: string | null;
	customId?: string;
	amountLinked: number;
}

/** What `POST /v1/reconcile` answers and the emulator keeps (answer shape assumed). */
export interface ReconciliationView {
	id: string;
	externalId: string;
	customerId: string;
	invoices: ReconciledItemView[];
	creditNotes: ReconciledItemView[];
	payments: ReconciledItemView[];
	refunds: ReconciledItemView[];
}

/** Customer fields kept beside the customer record (accountingRef, paymentMethods). */
export interface CustomerExtrasView {
	accountingRef: string | null;
	paymentMethods: Record<string, unknown> | null;
}
