/* eslint-disable @n8n/community-nodes/require-node-api-error -- a command-line probe run by Node, not n8n: its errors are plain errors for its report */
/**
 * The probe's only way to Upflow: one request at a time, at most `perSecond` a second, at most
 * `maxRequests` in all (retries included), through the package's own OrganizationLimiter and retry
 * policy (nodes/Upflow/transport). Stops for good on the first 401. The key and the secret go into
 * two request headers and nowhere else: nothing here logs or returns a request header.
 */
import type { Clock } from '../../nodes/Upflow/transport/clock';
import { OrganizationLimiter } from '../../nodes/Upflow/transport/limiter';
import {
	DEFAULT_BACKOFF,
	backoffDelay,
	classifyConnection,
	classifyStatus,
	connectionCodeOf,
	isRetryable,
	parseRateLimitHeaders,
	parseRetryAfter,
} from '../../nodes/Upflow/transport/retry';
import type { BackoffPolicy, Failure } from '../../nodes/Upflow/transport/retry';

export const MAX_REQUESTS = 150;
export const PER_SECOND = 2;
/** The probe gives up on a transient failure sooner than the node (120 s): it is a one-minute check. */
const PROBE_BACKOFF: BackoffPolicy = { ...DEFAULT_BACKOFF, budgetMs: 20_000 };
const TIMEOUT_MS = 30_000;
const RATE_LIMIT_HEADER = /^(x-)?rate-?limit|^retry-after$|^x-rate-?limit/i;

/** Why a run ends early: the key pair was refused (401), the request budget is spent, no answer. */
export class Stopped extends Error {
	constructor(
		readonly why: 'unauthorized' | 'budget' | 'unreachable',
		message: string,
	) {
		super(message);
	}
}

export interface Answer {
	method: string;
	/** Path under /v1 with its query, as sent. */
	path: string;
	status: number;
	body: unknown;
	/** Response headers that look like rate-limit headers (lower-case name -> value). */
	rateHeaders: Record<string, string>;
}
export type Timed = Answer & { sentAt: number; answeredAt: number };
export type Query = Record<string, string | number>;

export interface ProbeHttpOptions {
	baseUrl: string;
	apiKey: string;
	apiSecret: string;
	clock: Clock;
	maxRequests?: number;
	perSecond?: number;
}

export interface RequestOptions {
	query?: Query;
	body?: unknown;
	/** Whether sending it twice is harmless (see retry.ts isRetryable). Default: true except POST. */
	idempotent?: boolean;
	/** Requests to keep in hand for later (the deletes of what was created). */
	reserve?: number;
}

export class ProbeHttp {
	private readonly limiter: OrganizationLimiter;
	readonly maxRequests: number;
	/** Attempts sent (each retry counts). */
	sent = 0;
	/** Every rate-limit-looking header seen on any answer: name -> first value. */
	readonly rateHeaders = new Map<string, string>();
	/** Retry-After values seen on 429 answers. */
	readonly retryAfter: string[] = [];
	rateLimited = 0;
	/** Set on the first 401; every later request fails at once. */
	unauthorized: Stopped | undefined;
	/** When each attempt was sent (clock ms): the test checks the rate against it. */
	readonly sendTimes: number[] = [];
	private readonly base: string;

	constructor(private readonly opts: ProbeHttpOptions) {
		this.maxRequests = opts.maxRequests ?? MAX_REQUESTS;
		// Completion-stamped sliding window of one second, one request in flight: the node's limiter.
		this.limiter = new OrganizationLimiter(
			{ requestsPerWindow: opts.perSecond ?? PER_SECOND, windowMs: 1000, maxConcurrent: 1 },
			opts.clock,
		);
		this.base = opts.baseUrl.replace(/\/+$/, '');
	}

	async request(method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
		const target = withQuery(path, options.query);
		const idempotent = options.idempotent ?? method !== 'POST';
		const unreachable = (how: string) => new Stopped('unreachable', `${method} ${path} ${how}`);
		let waitedMs = 0;
		for (let backoffAttempt = 0; ; ) {
			if (this.unauthorized) throw this.unauthorized;
			if (this.sent + 1 + (options.reserve ?? 0) > this.maxRequests)
				throw new Stopped('budget', `the request budget (${this.maxRequests}) is spent`);
			let answer: Answer | undefined;
			let failure: Failure;
			try {
				answer = await this.limiter.schedule(
					async () => await this.send(method, target, options.body),
					({ value }) => ({
						refused: value?.status === 429,
						retryAfterMs: parseRetryAfter(value?.rateHeaders['retry-after'], this.opts.clock.now()),
						...parseRateLimitHeaders(value?.rateHeaders ?? {}, this.opts.clock.now()),
					}),
				);
			} catch (error) {
				if (error instanceof Stopped) throw error;
				const code =
					connectionCodeOf((error as { cause?: { code?: unknown } }).cause?.code) ??
					connectionCodeOf((error as Error).name === 'TimeoutError' ? 'ETIMEDOUT' : undefined);
				if (code === undefined) throw unreachable(`failed: ${(error as Error).message}`);
				failure = classifyConnection(code);
			}
			if (answer) {
				this.take(answer, path);
				if (answer.status < 400) return answer;
				failure = classifyStatus(
					answer.status,
					parseRetryAfter(answer.rateHeaders['retry-after'], this.opts.clock.now()),
				);
			}
			// The package's retry policy decides; a refusal (4xx) is an answer to report, not a failure.
			if (!isRetryable(failure!, idempotent)) {
				if (answer) return answer;
				throw unreachable(`failed (${failure!.code}) and was not repeated`);
			}
			const delay = backoffDelay(
				failure!.kind === 'rate-limited' ? 0 : backoffAttempt++,
				PROBE_BACKOFF,
				this.opts.clock.random(),
				failure!.retryAfterMs,
			);
			if (waitedMs + delay > PROBE_BACKOFF.budgetMs) {
				if (answer) return answer;
				throw unreachable(`kept failing (${failure!.code}) for ${Math.round(waitedMs / 1000)} s`);
			}
			waitedMs += delay;
			await this.opts.clock.sleep(delay);
		}
	}

	/**
	 * One attempt as it comes: no limiter, no retry (the --rate-limit measurement provokes 429s on
	 * purpose). Stops for good on a 401 like every other request. Times are the clock's.
	 */
	async once(method: string, path: string, query?: Query): Promise<Timed> {
		if (this.unauthorized) throw this.unauthorized;
		const sentAt = this.opts.clock.now();
		let answer: Answer;
		try {
			answer = await this.send(method, withQuery(path, query), undefined);
		} catch (error) {
			throw new Stopped('unreachable', `${method} ${path} failed: ${(error as Error).message}`);
		}
		const answeredAt = this.opts.clock.now();
		this.take(answer, path);
		return { ...answer, sentAt, answeredAt };
	}

	/** What every answer tells the run: a 401 stops it for good, a 429 is counted. */
	private take(answer: Answer, path: string): void {
		if (answer.status === 401) {
			this.unauthorized = new Stopped(
				'unauthorized',
				`Upflow answered 401 to ${path}: the key pair was refused`,
			);
			throw this.unauthorized;
		}
		if (answer.status === 429) {
			this.rateLimited++;
			this.retryAfter.push(answer.rateHeaders['retry-after'] ?? '(none)');
		}
	}

	private async send(method: string, target: string, body: unknown): Promise<Answer> {
		this.sent++;
		this.sendTimes.push(this.opts.clock.now());
		const headers: Record<string, string> = {
			Accept: 'application/json',
			'X-Api-Key': this.opts.apiKey,
			'X-Api-Secret': this.opts.apiSecret,
		};
		if (body !== undefined) headers['Content-Type'] = 'application/json';
		const response = await fetch(`${this.base}${target}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(TIMEOUT_MS),
			redirect: 'manual',
		});
		const rateHeaders: Record<string, string> = {};
		response.headers.forEach((value, name) => {
			const key = name.toLowerCase();
			if (!RATE_LIMIT_HEADER.test(key)) return;
			rateHeaders[key] = value;
			if (!this.rateHeaders.has(key)) this.rateHeaders.set(key, value);
		});
		const parsed = parseBody(await response.text());
		return { method, path: target, status: response.status, body: parsed, rateHeaders };
	}
}

const withQuery = (path: string, query: Query = {}): string => {
	const search = new URLSearchParams(
		Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
	).toString();
	return search ? `${path}?${search}` : path;
};

/** JSON when it parses, else the start of the text (an HTML error page, say). */
function parseBody(text: string): unknown {
	if (text === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text.slice(0, 500);
	}
}
