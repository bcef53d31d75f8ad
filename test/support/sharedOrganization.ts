/**
 * Several n8n processes (queue-mode workers) sharing one Upflow organization, on one virtual clock,
 * so thousands of simulated seconds run in a blink. Each process is the real transport: an
 * UpflowClient (retry policy) over its own OrganizationLimiter, as the process-wide registry gives
 * it. The organization applies the emulator's limits (test/emulator/limits.ts), strict or lenient,
 * with or without Retry-After and rate-limit headers, answers after a latency, and logs every
 * request: every figure a test asserts comes from that log.
 */
import type { IHttpRequestOptions, INode } from 'n8n-workflow';

import { OrganizationLimiter } from '../../nodes/Upflow/transport/limiter';
import { UpflowClient } from '../../nodes/Upflow/transport/request';
import type { UpflowContext } from '../../nodes/Upflow/transport/request';
import { maxInSlidingWindow } from '../emulator/logStats';
import { OrganizationLimits } from '../emulator/limits';
import type { VirtualClock } from './clocks';

export interface OrganizationRules {
	requestsPerWindow: number;
	windowMs: number;
	concurrency: number;
	/** A refused request takes a slot in the window (the emulator's --count-refused). */
	countRefused: boolean;
	retryAfter: boolean;
	rateLimitHeaders: boolean;
	/** Time from arrival to answer of an accepted request (a 429 is answered at once). */
	latencyMs: number;
	/** +- uniform. */
	jitterMs: number;
}

export const UPFLOW_RULES: OrganizationRules = {
	requestsPerWindow: 600,
	windowMs: 60_000,
	concurrency: 10,
	countRefused: true,
	retryAfter: true,
	rateLimitHeaders: false,
	latencyMs: 50,
	jitterMs: 10,
};

export interface SimulatedRequest {
	process: number;
	/** Arrival (the organization's clock). */
	at: number;
	answeredAt: number;
	status: 200 | 429;
	reason?: 'rate-limited' | 'concurrency-limited';
	/** Accepted requests in flight when it arrived, itself included. */
	inFlight: number;
}

/** The organization: limits, latency, a log. */
export class SimulatedOrganization {
	readonly log: SimulatedRequest[] = [];

	private readonly limits: OrganizationLimits;

	constructor(
		private readonly clock: VirtualClock,
		readonly rules: OrganizationRules,
	) {
		this.limits = new OrganizationLimits(rules);
	}

	async answer(process: number): Promise<{ status: 200 | 429; headers: Record<string, string> }> {
		const at = this.clock.now();
		const verdict = this.limits.admit(at);
		const headers: Record<string, string> = {};
		if (this.rules.rateLimitHeaders) {
			headers['x-ratelimit-limit'] = String(verdict.limit);
			headers['x-ratelimit-remaining'] = String(verdict.remaining);
			headers['x-ratelimit-reset'] = String(verdict.resetSeconds);
		}
		const entry: SimulatedRequest = {
			process,
			at,
			answeredAt: at,
			status: verdict.ok ? 200 : 429,
			inFlight: verdict.inFlight,
		};
		this.log.push(entry);
		if (!verdict.ok) {
			entry.reason = verdict.reason;
			if (this.rules.retryAfter) headers['retry-after'] = String(verdict.retryAfterSeconds);
			return { status: 429, headers };
		}
		const { latencyMs, jitterMs } = this.rules;
		await this.clock.sleep(latencyMs + (this.clock.random() * 2 - 1) * jitterMs);
		this.limits.release();
		entry.answeredAt = this.clock.now();
		return { status: 200, headers };
	}
}

export interface SimulatedProcess {
	/** The credential's Processes Sharing This Key (default 1). */
	sharedBy?: number;
	/** The credential's Max Concurrent Requests (default 5). */
	maxConcurrency?: number;
	/** Executions: `count` requests handed to the transport at once at time `at`. */
	executions?: Array<{ at: number; count: number }>;
	/** Executions one after the other from time 0 (an import's customers, invoices, payments). */
	stages?: number[];
	/** Before each stage, a pause uniform in [0, stagePauseMs) (n8n starting an execution on a busy machine). */
	stagePauseMs?: number;
	/** CPU time of the process before each request, ms: uniform in [0, overheadMs) (a busy machine). */
	overheadMs?: number;
	/** Work that never runs out from `from` to `until`: `backlog` requests always waiting. */
	busy?: { from: number; until: number; backlog?: number };
}

/** n8n's request helper as the transport sees it: a 429 is thrown the way NodeApiError carries it. */
function contextFor(org: SimulatedOrganization, process: number): UpflowContext {
	const node = { name: `process ${process}`, type: 'upflow', typeVersion: 1 } as unknown as INode;
	return {
		getNode: () => node,
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				const answer = await org.answer(process);
				if (answer.status === 429)
					throw Object.assign(new Error('Request failed with status code 429'), {
						httpCode: '429',
						response: { status: 429, headers: answer.headers, data: { message: 'Rate limit' } },
					});
				return options.returnFullResponse
					? { body: {}, headers: answer.headers, statusCode: 200, statusMessage: 'OK' }
					: {};
			},
		},
	} as unknown as UpflowContext;
}

export interface SharedRun {
	org: SimulatedOrganization;
	/** When each process's last request was answered (undefined: it had none). */
	finishedAt: Array<number | undefined>;
	failed: number;
}

/** Runs every process's executions to the end against one organization. */
export async function runShared(
	clock: VirtualClock,
	rules: OrganizationRules,
	processes: SimulatedProcess[],
): Promise<SharedRun> {
	const org = new SimulatedOrganization(clock, rules);
	const finishedAt: Array<number | undefined> = processes.map(() => undefined);
	let failed = 0;
	const work = processes.flatMap((spec, p) => {
		const settings = {
			baseUrl: 'https://upflow.test/v1',
			requestsPerMinute: rules.requestsPerWindow,
			maxConcurrency: spec.maxConcurrency ?? 5,
			sharedBy: spec.sharedBy ?? 1,
			retryBudgetMs: 120_000,
			organizationKey: 'shared',
			secrets: [],
		};
		// One limiter per process, shared by its executions (the registry's rule).
		const limiter = new OrganizationLimiter(
			{
				requestsPerWindow: rules.requestsPerWindow,
				windowMs: rules.windowMs,
				maxConcurrent: settings.maxConcurrency,
				sharedBy: settings.sharedBy,
			},
			clock,
		);
		const client = new UpflowClient(contextFor(org, p), settings, limiter, clock);
		const request = async () => {
			if (spec.overheadMs) await clock.sleep(clock.random() * spec.overheadMs);
			try {
				await client.call({ method: 'POST', path: '/customers', idempotent: true });
			} catch {
				failed++;
			}
			finishedAt[p] = Math.max(finishedAt[p] ?? 0, clock.now());
		};
		const executions = (spec.executions ?? []).map(async ({ at, count }) => {
			await clock.sleep(at);
			await Promise.all(Array.from({ length: count }, request));
		});
		const staged = (async () => {
			for (const count of spec.stages ?? []) {
				if (spec.stagePauseMs) await clock.sleep(clock.random() * spec.stagePauseMs);
				await Promise.all(Array.from({ length: count }, request));
			}
		})();
		const busy = spec.busy;
		const streams = busy
			? Array.from({ length: busy.backlog ?? 50 }, async () => {
					await clock.sleep(busy.from);
					while (clock.now() < busy.until) await request();
				})
			: [];
		return [...executions, staged, ...streams];
	});
	await clock.run(Promise.all(work));
	return { org, finishedAt, failed };
}

export interface SharedFigures {
	requests: number;
	accepted: number;
	http429: number;
	/** Most accepted requests in any sliding window, by arrival. */
	maxPerWindow: number;
	/** Most requests of any kind (refused included) in any sliding window, by arrival. */
	maxCountedPerWindow: number;
	maxInFlight: number;
	/** First arrival to last answer. */
	wallMs: number;
}

export function figuresOf(log: SimulatedRequest[], windowMs: number): SharedFigures {
	const accepted = log.filter((e) => e.status === 200);
	return {
		requests: log.length,
		accepted: accepted.length,
		http429: log.length - accepted.length,
		maxPerWindow: maxInSlidingWindow(
			accepted.map((e) => e.at),
			windowMs,
		),
		maxCountedPerWindow: maxInSlidingWindow(
			log.map((e) => e.at),
			windowMs,
		),
		maxInFlight: accepted.reduce((max, e) => Math.max(max, e.inFlight), 0),
		wallMs: log.length
			? Math.max(...log.map((e) => e.answeredAt)) - Math.min(...log.map((e) => e.at))
			: 0,
	};
}

/** Accepted requests of each process between `from` and `to` (arrival). */
export function acceptedPerProcess(
	log: SimulatedRequest[],
	processes: number,
	from = -Infinity,
	to = Infinity,
): number[] {
	const counts = Array.from({ length: processes }, () => 0);
	for (const e of log) if (e.status === 200 && e.at >= from && e.at < to) counts[e.process]++;
	return counts;
}
