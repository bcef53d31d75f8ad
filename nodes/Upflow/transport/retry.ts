/**
 * Pure retry policy (no I/O): what may be retried, and how long to wait.
 * Upflow's guide: retry connection errors, 500 and 503 with exponential backoff (1 s, 2 s, 4 s, 8 s ...),
 * never retry a non-transient 4xx. We add 429 (rate limited), 502 and 504 (transient gateway errors).
 */

export type FailureKind = 'rate-limited' | 'server' | 'connection' | 'client';

export interface Failure {
	kind: FailureKind;
	/** HTTP status, when Upflow answered. */
	status?: number;
	/** Socket error code, when it did not (ECONNRESET ...). */
	code?: string;
	/** Wait asked for by a Retry-After header, in ms. */
	retryAfterMs?: number;
	/**
	 * Whether Upflow may have applied the call. A 429 was refused before any work; a refused or
	 * unresolved connection never reached it. Anything else (5xx, a reset mid-request) may have.
	 */
	mayHaveReachedUpflow: boolean;
	/** Upflow's own `message`, when the body had one. */
	upflowMessage?: string;
}

const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** Socket errors worth a retry; those that prove the request never left are marked. */
const CONNECTION_CODES: Readonly<Record<string, { neverSent: boolean }>> = {
	ECONNREFUSED: { neverSent: true },
	EAI_AGAIN: { neverSent: true },
	ENOTFOUND: { neverSent: true },
	ECONNRESET: { neverSent: false },
	ETIMEDOUT: { neverSent: false },
	ESOCKETTIMEDOUT: { neverSent: false },
	ECONNABORTED: { neverSent: false },
	EPIPE: { neverSent: false },
	UND_ERR_SOCKET: { neverSent: false },
};

export interface BackoffPolicy {
	/** First wait, ms (Upflow's guide: 1 s). */
	baseMs: number;
	/** No single wait longer than this. */
	maxMs: number;
	/** Stop retrying once the waits would add up past this (the credential's Max Retry Time). */
	budgetMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 30_000, budgetMs: 120_000 };

export function connectionCodeOf(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	if (value in CONNECTION_CODES) return value;
	if (/socket hang up/i.test(value)) return 'ECONNRESET';
	return undefined;
}

export function classifyStatus(
	status: number,
	retryAfterMs?: number,
	upflowMessage?: string,
): Failure {
	if (status === 429) {
		return {
			kind: 'rate-limited',
			status,
			retryAfterMs,
			mayHaveReachedUpflow: false,
			upflowMessage,
		};
	}
	if (status >= 500) {
		return { kind: 'server', status, retryAfterMs, mayHaveReachedUpflow: true, upflowMessage };
	}
	return { kind: 'client', status, mayHaveReachedUpflow: true, upflowMessage };
}

export function classifyConnection(code: string): Failure {
	const known = CONNECTION_CODES[code];
	return { kind: 'connection', code, mayHaveReachedUpflow: !(known?.neverSent ?? false) };
}

/**
 * Whether to try again. `idempotent` says whether repeating the call is harmless (reads, PUT, DELETE,
 * upserts keyed by externalId). A call that is not idempotent (creating a contact or a custom field)
 * is repeated only when the failure proves Upflow never acted on it, so it can never be doubled.
 */
export function isRetryable(failure: Failure, idempotent: boolean): boolean {
	if (failure.kind === 'client') return false;
	if (failure.status !== undefined && !RETRYABLE_STATUSES.has(failure.status)) return false;
	return idempotent || !failure.mayHaveReachedUpflow;
}

/**
 * Whether no connection to the host could be made at all (refused, no such host, a TLS handshake
 * that failed, an invalid URL): no HTTP answer came, and nothing reached the server.
 */
export function couldNotConnect(failure: Failure): boolean {
	return failure.status === undefined && !failure.mayHaveReachedUpflow;
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, nowMs: number): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text === 'number' && Number.isFinite(text)) return Math.max(0, text * 1000);
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	const trimmed = text.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * Wait before retry number `attempt` (0 = first retry): base * 2^attempt, capped, with "equal jitter"
 * (half fixed, half random) so many clients do not retry in lockstep yet never retry too early.
 * A Retry-After from Upflow is a floor, never shortened by jitter.
 */
export function backoffDelay(
	attempt: number,
	policy: BackoffPolicy,
	random: number,
	retryAfterMs?: number,
): number {
	const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
	const jittered = exponential / 2 + (exponential / 2) * random;
	return Math.max(jittered, retryAfterMs ?? 0);
}

/** What rate-limit headers say about the organization's window, when an answer carries them. */
export interface RateLimitWindow {
	/** Requests the window can still take. */
	remaining?: number;
	/** ms until it takes one more (or resets). */
	resetMs?: number;
}

/** Epoch seconds vs delta seconds in a reset header: no delta is anywhere near 2001. */
const EPOCH_SECONDS = 1e9;

/**
 * Reads `X-RateLimit-Remaining` / `-Reset` (also `X-Rate-Limit-*`) and the IETF draft's
 * `RateLimit-Remaining` / `-Reset` or combined `RateLimit: remaining=..., reset=...` (or `r=`, `t=`).
 * Whether Upflow sends any is unknown (test/contract/upflow.ts PROBE_EXPECTS.rateLimitHeaders); the
 * node uses them when they are there and needs none. Header names are lower-case.
 */
export function parseRateLimitHeaders(
	headers: Record<string, unknown>,
	nowMs: number,
): RateLimitWindow {
	const text = (name: string): string | undefined => {
		const value = headers[name];
		const first = Array.isArray(value) ? value[0] : value;
		return typeof first === 'string' || typeof first === 'number' ? String(first) : undefined;
	};
	const pick = (...names: string[]) => names.map(text).find((value) => value !== undefined);
	const combined = text('ratelimit');
	const field = (...keys: string[]) =>
		combined === undefined
			? undefined
			: keys
					.map((key) => new RegExp(`(?:^|[;,\\s])${key}=(\\d+(?:\\.\\d+)?)`).exec(combined)?.[1])
					.find((value) => value !== undefined);
	const remaining = number(
		pick('x-ratelimit-remaining', 'x-rate-limit-remaining', 'ratelimit-remaining') ??
			field('remaining', 'r'),
	);
	const reset = number(
		pick('x-ratelimit-reset', 'x-rate-limit-reset', 'ratelimit-reset') ?? field('reset', 't'),
	);
	const window: RateLimitWindow = {};
	if (remaining !== undefined) window.remaining = remaining;
	if (reset !== undefined)
		window.resetMs = reset > EPOCH_SECONDS ? Math.max(0, reset * 1000 - nowMs) : reset * 1000;
	return window;
}

function number(text: string | undefined): number | undefined {
	if (text === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(text)) return undefined;
	return Number(text);
}
