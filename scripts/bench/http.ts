/* eslint-disable @n8n/community-nodes/no-restricted-globals -- a benchmark contender run by Node, not n8n: it waits on real timers */
/**
 * The contenders that are not the node: plain HTTP over undici, the way n8n's own nodes behave.
 *
 * - serial: one request at a time, no rate limiting, no retry (n8n's Stripe, Xero, QuickBooks nodes:
 *   one awaited request per item);
 * - http-request-default: the HTTP Request node without options: every item's request started at
 *   once, no concurrency cap, no retry (a 429 is an error item);
 * - http-request-batching: the HTTP Request node with Batching (N items per interval): it waits the
 *   interval before every N-th item, but never waits for answers, so it only staggers start times;
 * - raw-undici: the package's OrganizationLimiter (same rate, concurrency and customer lanes as the
 *   node) over undici, with a retry on 429: the floor for the node's own overhead.
 */
import { Agent, request } from 'undici';

import type { ContenderName, ImportTask, Org } from './protocol';
import type { Row } from './dataset';

export interface Answer {
	status: number;
	retryAfterMs?: number;
	message?: string;
}

export class Http {
	private readonly agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000 });

	constructor(
		private readonly url: string,
		private readonly org: Org,
	) {}

	async send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
		try {
			const res = await request(`${this.url}/v1${path}`, {
				method,
				dispatcher: this.agent,
				headers: {
					accept: 'application/json',
					'x-api-key': this.org.apiKey,
					'x-api-secret': this.org.apiSecret,
					...(body === undefined ? {} : { 'content-type': 'application/json' }),
				},
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			const text = await res.body.text();
			const retryAfter = res.headers['retry-after'];
			const answer: Answer = { status: res.statusCode };
			if (retryAfter !== undefined) answer.retryAfterMs = Number(retryAfter) * 1000;
			if (res.statusCode >= 400) answer.message = messageOf(text);
			return answer;
		} catch (error) {
			return { status: 0, message: (error as Error).message };
		}
	}

	async close(): Promise<void> {
		await this.agent.close();
	}
}

function messageOf(text: string): string {
	try {
		const parsed = JSON.parse(text) as { message?: unknown };
		if (typeof parsed.message === 'string') return parsed.message;
	} catch {
		// not JSON
	}
	return text.slice(0, 200);
}

export const answeredOk = (answer: Answer) => answer.status >= 200 && answer.status < 300;
const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** One stage (a batch of rows of one kind) the way the contender sends it; answers per row. */
type StageRunner = (path: string, rows: Row[]) => Promise<Answer[]>;

export async function httpStageRunner(
	name: Exclude<ContenderName, 'upflow-node'>,
	http: Http,
	task: ImportTask,
): Promise<StageRunner> {
	switch (name) {
		case 'serial':
			return async (path, rows) => {
				const answers: Answer[] = [];
				for (const row of rows) answers.push(await http.send('POST', path, row.body));
				return answers;
			};
		case 'http-request-default':
			return async (path, rows) =>
				await Promise.all(rows.map(async (row) => await http.send('POST', path, row.body)));
		case 'http-request-batching':
			return async (path, rows) => {
				const pending: Array<Promise<Answer>> = [];
				for (let i = 0; i < rows.length; i++) {
					if (i > 0 && i % task.batchSize === 0) await sleep(task.batchIntervalMs);
					pending.push(http.send('POST', path, rows[i].body));
				}
				return await Promise.all(pending);
			};
		case 'raw-undici': {
			// Loaded here only: the clock pulls in n8n-workflow, which the plain contenders must not carry in their RSS.
			const { OrganizationLimiter } = await import('../../nodes/Upflow/transport/limiter');
			const { systemClock } = await import('../../nodes/Upflow/transport/clock');
			// One limiter for the whole import, as the node's process-wide registry gives it.
			const limiter = new OrganizationLimiter(
				{
					requestsPerWindow: task.requestsPerMinute,
					windowMs: 60_000,
					maxConcurrent: task.maxConcurrency,
					sharedBy: task.sharedBy,
				},
				systemClock,
			);
			const attempt = async (path: string, row: Row): Promise<Answer> => {
				for (;;) {
					// As the node does: a 429 goes back to the limiter, which read it and holds the retry.
					const answer = await limiter.schedule(
						async () => await http.send('POST', path, row.body),
						({ value }) => ({ refused: value?.status === 429, retryAfterMs: value?.retryAfterMs }),
					);
					if (answer.status !== 429) return answer;
				}
			};
			return async (path, rows) =>
				await Promise.all(
					rows.map(
						async (row) =>
							await limiter.inLane(
								`customer:${row.customer}`,
								async () => await attempt(path, row),
							),
					),
				);
		}
	}
}
