import type {
	IAllExecuteFunctions,
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INode,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { systemClock } from './clock';
import type { Clock } from './clock';
import { ConnectionSettingsError, readConnectionSettings } from './connection';
import type { ConnectionSettings } from './connection';
import { upflowApiError } from './errors';
import type { CallDescription, FailureKind as ErrorOutcome } from './errors';
import { limiterFor } from './registry';
import type { AnswerSignal, OrganizationLimiter } from './limiter';
import {
	DEFAULT_BACKOFF,
	backoffDelay,
	classifyConnection,
	classifyStatus,
	connectionCodeOf,
	couldNotConnect,
	isRetryable,
	parseRateLimitHeaders,
	parseRetryAfter,
} from './retry';
import type { BackoffPolicy, Failure } from './retry';

export const CREDENTIAL_TYPE = 'upflowApi';

/** How long a request may keep waiting out 429s: a busy organization slows us down, it does not fail items. */
const RATE_LIMIT_PATIENCE_MS = 15 * 60_000;
const REQUEST_TIMEOUT_MS = 120_000;
/**
 * How long a host that has not answered yet in this execution is retried when it cannot be
 * connected to: long enough for a blip, short enough that a wrong Base URL shows in seconds.
 */
const FIRST_CONTACT_RETRY_MS = 3000;

/** Any n8n context that can make authenticated requests: execute, poll, load options. */
export type UpflowContext = IAllExecuteFunctions;

export interface UpflowCall {
	method: IHttpRequestMethods;
	/** Path under `/v1`, e.g. `/customers/external:42`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[] | Buffer;
	headers?: Record<string, string>;
	/**
	 * Whether sending the call twice is harmless (reads, PUT, DELETE, upserts keyed by externalId).
	 * Required, so every caller says it: a call that is not is never repeated once it may have
	 * reached Upflow.
	 */
	idempotent: boolean;
	/** The input item this call serves; named in errors. */
	itemIndex?: number;
	/**
	 * A status that, answered to a repeat of a call that may already have reached Upflow, means the
	 * first attempt did the work: a DELETE repeated after a dropped connection finds the record gone (404).
	 */
	doneIfRepeatAnswers?: number;
}

export interface UpflowClientOptions {
	clock?: Clock;
	/** Tests share one limiter between contexts; at run time it comes from the process-wide registry. */
	limiter?: OrganizationLimiter;
	backoff?: Partial<BackoffPolicy>;
}

/** One Upflow organization as seen from one node execution. The only code that sends HTTP to Upflow. */
export class UpflowClient {
	private readonly backoff: BackoffPolicy;

	private readonly memo = new Map<string, Promise<unknown>>();

	/** Whether the organization has answered (any HTTP status) in this execution. */
	private answered = false;

	/**
	 * Settles when the organization first answers, or the execution's first call ends: the other
	 * calls wait for it, so a wrong Base URL costs one request, not one per item.
	 */
	private firstContact: Promise<void> | undefined;

	private endFirstContact: () => void = () => undefined;

	/** Why the first call could not connect; the calls waiting for it fail with it, unsent. */
	private unreachable: { failure: Failure; attempts: number; waitedMs: number } | undefined;

	constructor(
		private readonly context: UpflowContext,
		readonly settings: ConnectionSettings,
		readonly limiter: OrganizationLimiter,
		private readonly clock: Clock = systemClock,
		backoff: Partial<BackoffPolicy> = {},
	) {
		this.backoff = { ...DEFAULT_BACKOFF, budgetMs: settings.retryBudgetMs, ...backoff };
	}

	static async fromContext(
		context: UpflowContext,
		options: UpflowClientOptions = {},
	): Promise<UpflowClient> {
		const credentials = await context.getCredentials(CREDENTIAL_TYPE);
		let settings: ConnectionSettings;
		try {
			settings = readConnectionSettings(credentials);
		} catch (error) {
			const message =
				error instanceof ConnectionSettingsError
					? error.message
					: 'The Upflow API credential could not be read';
			throw new NodeOperationError(context.getNode(), message);
		}
		const clock = options.clock ?? systemClock;
		const limiter = options.limiter ?? limiterFor(settings, clock);
		return new UpflowClient(context, settings, limiter, clock, options.backoff);
	}

	get node(): INode {
		return this.context.getNode();
	}

	/** Runs `job` after every earlier job for the same customer lane (see limiter). */
	async inLane<T>(lane: string | undefined, job: () => Promise<T>): Promise<T> {
		return await this.limiter.inLane(lane, job);
	}

	/**
	 * One Upflow call with the retry policy: transient failures (connection errors, 429, 5xx) are
	 * retried with exponential backoff within the credential's budget, other 4xx never.
	 */
	async call<T = unknown>(call: UpflowCall): Promise<T> {
		const options = this.requestOptions(call);
		const send = async () =>
			await this.retrying<T>(
				call,
				async () =>
					bodyOf(
						await this.limiter.schedule(
							async () =>
								await this.context.helpers.httpRequestWithAuthentication.call(
									this.context,
									CREDENTIAL_TYPE,
									options,
								),
							(outcome) => rateSignalOf(outcome, this.clock.now()),
						),
					),
				true,
			);
		if (this.firstContact === undefined) {
			this.firstContact = new Promise((resolve) => (this.endFirstContact = resolve));
			try {
				return await send();
			} finally {
				this.endFirstContact();
			}
		}
		await this.firstContact;
		if (this.unreachable) {
			const { failure, waitedMs } = this.unreachable;
			throw upflowApiError(
				this.node,
				failure,
				'unreachable',
				{ ...this.described(call), attempts: 0, waitedMs },
				this.settings.secrets,
			);
		}
		return await send();
	}

	/**
	 * A file behind a signed, expiring URL that Upflow handed out (an invoice's `pdfUrl`). Sent
	 * WITHOUT the API key and secret: the URL carries its own signature, and may point at a storage
	 * host that must never see the secret. Same retry policy; not an API call, so not rate-limited.
	 */
	async download(url: string, itemIndex?: number): Promise<Buffer> {
		const path = url.split('?')[0];
		const body = await this.retrying(
			{ method: 'GET', path, idempotent: true, itemIndex },
			async () =>
				await this.context.helpers.httpRequest({
					method: 'GET',
					url,
					encoding: 'arraybuffer',
					json: false,
					timeout: REQUEST_TIMEOUT_MS,
				}),
			false,
		);
		return Buffer.from(body as ArrayBuffer);
	}

	/**
	 * The retry policy around one call: transient failures (connection errors, 429, 5xx) are retried
	 * with exponential backoff within the credential's budget, other 4xx never. `organization`: the
	 * call goes to the organization's API (not a file host) through the limiter, so it tells whether
	 * the host answers, and the limiter decides when a 429'd attempt may go again.
	 */
	private async retrying<T>(
		call: UpflowCall,
		send: () => Promise<unknown>,
		organization: boolean,
	): Promise<T> {
		let attempts = 0;
		let backoffAttempt = 0;
		let waitedMs = 0;
		let rateLimitedMs = 0;
		let firstRateLimitedAt: number | undefined;
		let mayHaveApplied = false;
		for (;;) {
			attempts++;
			let failure: Failure;
			try {
				const answer = (await send()) as T;
				if (organization) this.markAnswered();
				return answer;
			} catch (error) {
				failure = failureOf(error, this.clock.now());
			}
			if (organization && failure.status !== undefined) this.markAnswered();
			const described = { ...this.described(call), attempts, waitedMs: waitedMs + rateLimitedMs };
			// A host that has not answered in this execution and cannot be connected to is more likely a
			// wrong Base URL or Environment than an outage: a few seconds of retries, then say so.
			const firstContact = organization && !this.answered && couldNotConnect(failure);
			const budgetMs = firstContact
				? Math.min(FIRST_CONTACT_RETRY_MS, this.backoff.budgetMs)
				: this.backoff.budgetMs;
			const giveUp = (outcome: ErrorOutcome) => {
				if (!firstContact)
					return upflowApiError(this.node, failure, outcome, described, this.settings.secrets);
				this.unreachable = { failure, attempts, waitedMs };
				return upflowApiError(this.node, failure, 'unreachable', described, this.settings.secrets);
			};
			if (
				failure.kind === 'client' &&
				mayHaveApplied &&
				failure.status === call.doneIfRepeatAnswers
			)
				return undefined as T;
			if (failure.kind === 'client') throw giveUp('refused');
			if (!isRetryable(failure, call.idempotent)) {
				throw upflowApiError(this.node, failure, 'not-repeated', described, this.settings.secrets);
			}
			let delay: number;
			if (failure.kind === 'rate-limited') {
				// Not a fault: the organization is busy. Through the limiter, the attempt queues again and
				// the limiter (which read the 429) holds it until the window has room; elsewhere it backs off.
				const now = this.clock.now();
				firstRateLimitedAt ??= now;
				delay = organization
					? 0
					: backoffDelay(0, this.backoff, this.clock.random(), failure.retryAfterMs);
				rateLimitedMs = now - firstRateLimitedAt + delay;
				if (
					this.backoff.budgetMs === 0 ||
					rateLimitedMs > Math.max(RATE_LIMIT_PATIENCE_MS, this.backoff.budgetMs)
				) {
					throw upflowApiError(this.node, failure, 'exhausted', described, this.settings.secrets);
				}
			} else {
				delay = backoffDelay(
					backoffAttempt++,
					this.backoff,
					this.clock.random(),
					failure.retryAfterMs,
				);
				if (waitedMs + delay > budgetMs) throw giveUp('exhausted');
				waitedMs += delay;
			}
			mayHaveApplied ||= failure.mayHaveReachedUpflow;
			if (delay > 0) await this.clock.sleep(delay);
		}
	}

	private markAnswered(): void {
		this.answered = true;
		this.endFirstContact();
	}

	private described(call: UpflowCall): Omit<CallDescription, 'attempts' | 'waitedMs'> {
		return {
			method: call.method,
			path: call.path,
			itemIndex: call.itemIndex,
			baseUrl: this.settings.baseUrl,
		};
	}

	private requestOptions(call: UpflowCall): IHttpRequestOptions {
		const isBuffer = Buffer.isBuffer(call.body);
		return {
			method: call.method,
			url: `${this.settings.baseUrl}${call.path}`,
			qs: call.qs,
			body: call.body,
			headers: { Accept: 'application/json', ...call.headers },
			// A Buffer body (multipart PDF upload) is re-sendable as is; JSON bodies are serialized per attempt.
			json: !isBuffer,
			timeout: REQUEST_TIMEOUT_MS,
			// The headers too: Upflow may send rate-limit headers (rateSignalOf).
			returnFullResponse: true,
		};
	}

	/** Runs `load` once per execution for `key` (e.g. the custom field definitions), sharing the answer. */
	async once<T>(key: string, load: () => Promise<T>): Promise<T> {
		if (!this.memo.has(key)) this.memo.set(key, load());
		return (await this.memo.get(key)) as T;
	}
}

interface ErrorLike {
	httpCode?: unknown;
	code?: unknown;
	message?: unknown;
	cause?: ErrorLike & { response?: ResponseLike };
	response?: ResponseLike;
}

interface ResponseLike {
	status?: unknown;
	headers?: Record<string, unknown>;
	data?: unknown;
}

function responseOf(error: unknown): ResponseLike | undefined {
	const e = (error ?? {}) as ErrorLike;
	return e.cause?.response ?? e.response;
}

/** Reads what failed from whatever n8n's request helper threw (NodeApiError over an axios error). */
export function failureOf(error: unknown, nowMs: number): Failure {
	const e = (error ?? {}) as ErrorLike;
	const response = responseOf(error);
	const statusFromCode = /^\d{3}$/.test(String(e.httpCode)) ? Number(e.httpCode) : undefined;
	const status = typeof response?.status === 'number' ? response.status : statusFromCode;
	if (status !== undefined) {
		const headers = lowerCaseKeys(response?.headers);
		return classifyStatus(
			status,
			parseRetryAfter(headers['retry-after'], nowMs),
			upflowMessageOf(response?.data),
		);
	}
	const code =
		connectionCodeOf(e.httpCode) ??
		connectionCodeOf(e.cause?.code) ??
		connectionCodeOf(e.code) ??
		connectionCodeOf(e.cause?.message) ??
		connectionCodeOf(e.message);
	if (code !== undefined) return classifyConnection(code);
	// Not an HTTP answer nor a known socket error (an invalid URL, a TLS handshake ...): retrying would not help.
	const otherCode = [e.httpCode, e.cause?.code, e.code].find(
		(value): value is string => typeof value === 'string' && value !== '',
	);
	return {
		kind: 'client',
		...(otherCode !== undefined ? { code: otherCode } : {}),
		mayHaveReachedUpflow: false,
		upflowMessage: typeof e.message === 'string' ? e.message : undefined,
	};
}

interface FullResponse {
	body: unknown;
	headers: Record<string, unknown>;
	statusCode: number;
}

function isFullResponse(value: unknown): value is FullResponse {
	return (
		typeof value === 'object' &&
		value !== null &&
		'body' in value &&
		typeof (value as FullResponse).statusCode === 'number' &&
		typeof (value as FullResponse).headers === 'object'
	);
}

/** n8n's full response (`returnFullResponse`) unwrapped; a helper that returned the body as is. */
function bodyOf(response: unknown): unknown {
	return isFullResponse(response) ? response.body : response;
}

/** What an attempt's answer told the limiter: a 429 or not, Retry-After, rate-limit headers. */
export function rateSignalOf(
	outcome: { value?: unknown; error?: unknown },
	nowMs: number,
): AnswerSignal {
	if ('error' in outcome) {
		const failure = failureOf(outcome.error, nowMs);
		return {
			refused: failure.kind === 'rate-limited',
			retryAfterMs: failure.retryAfterMs,
			...parseRateLimitHeaders(lowerCaseKeys(responseOf(outcome.error)?.headers), nowMs),
		};
	}
	const headers = isFullResponse(outcome.value) ? outcome.value.headers : undefined;
	return { refused: false, ...parseRateLimitHeaders(lowerCaseKeys(headers), nowMs) };
}

function lowerCaseKeys(headers: Record<string, unknown> | undefined): Record<string, unknown> {
	const result: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(headers ?? {})) result[key.toLowerCase()] = value;
	return result;
}

/**
 * Upflow's error bodies are JSON with a `message` (assumed; clients also read `error`). Any other
 * body is shown as it came, trimmed: an unknown shape must not read as "no reason given".
 */
function upflowMessageOf(data: unknown): string | undefined {
	let body: unknown = data;
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	else if (body instanceof ArrayBuffer) body = Buffer.from(body).toString('utf8');
	if (typeof body === 'string') {
		const text = body;
		try {
			body = JSON.parse(text);
		} catch {
			return text.trim().slice(0, 500) || undefined;
		}
	}
	if (body && typeof body === 'object') {
		const { message, error } = body as { message?: unknown; error?: unknown };
		if (typeof message === 'string') return message;
		if (typeof error === 'string') return error;
		const text = JSON.stringify(body);
		return text === '{}' || text === '[]' ? undefined : text.slice(0, 500);
	}
	return undefined;
}
