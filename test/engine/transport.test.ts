/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code run by Jest in Node, not by n8n */
/**
 * The transport against the emulator over real HTTP, through n8n-core's httpRequestWithAuthentication.
 * Every claim is checked on the emulator's own request log, not on what the client says it did.
 */
import { inspect } from 'node:util';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { OrganizationLimiter } from '../../nodes/Upflow/transport/limiter';
import { readConnectionSettings } from '../../nodes/Upflow/transport/connection';
import { fetchAll } from '../../nodes/Upflow/transport/paginate';
import { UpflowClient } from '../../nodes/Upflow/transport/request';
import type { Clock } from '../../nodes/Upflow/transport/clock';
import { InstantClock } from '../support/clocks';
import { busiestWindow, startEmulator } from '../emulator';
import type { Emulator, RequestLogEntry } from '../emulator';
import { createExecuteContext, upflowCredentials } from './harness';

const API_KEY = 'transport-dummy-key-7f3a9c';
const API_SECRET = 'transport-dummy-secret-2b8e41';

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({
		port: 0,
		organizations: [
			{
				apiKey: API_KEY,
				apiSecret: API_SECRET,
				requestsPerWindow: 100_000,
				windowMs: 60_000,
				concurrency: 10,
			},
		],
	});
});

afterAll(async () => await emulator.close());

beforeEach(() => {
	emulator.setFaults(undefined);
	emulator.clearLog();
});

interface ClientOptions {
	requestsPerWindow?: number;
	windowMs?: number;
	maxConcurrent?: number;
	clock?: Clock;
	credentials?: ICredentialDataDecryptedObject;
	retryBudgetMs?: number;
}

async function makeClient(options: ClientOptions = {}): Promise<UpflowClient> {
	const credentials = {
		...upflowCredentials(emulator, { apiKey: API_KEY, apiSecret: API_SECRET }),
		...options.credentials,
	};
	const context = await createExecuteContext(credentials);
	const settings = readConnectionSettings(credentials);
	const clock = options.clock ?? new InstantClock();
	const limiter = new OrganizationLimiter(
		{
			requestsPerWindow: options.requestsPerWindow ?? 100_000,
			windowMs: options.windowMs ?? 60_000,
			maxConcurrent: options.maxConcurrent ?? 5,
		},
		clock,
	);
	return new UpflowClient(
		context,
		settings,
		limiter,
		clock,
		options.retryBudgetMs === undefined ? {} : { budgetMs: options.retryBudgetMs },
	);
}

function upsertCustomer(client: UpflowClient, externalId: string) {
	return client.call({
		method: 'POST',
		path: '/customers',
		body: { externalId, name: `Customer ${externalId}` },
		idempotent: true,
	});
}

function externalIdOf(entry: RequestLogEntry): string {
	return String((entry.body as { externalId?: string } | undefined)?.externalId);
}

describe('transport against the emulator', () => {
	it('keeps 600 jobs within the rate window, the concurrency cap and one job per lane', async () => {
		// 60 requests per 1 s window: the same logic as 600 per minute, in seconds instead of minutes.
		const local = await startEmulator({
			port: 0,
			organizations: [
				{
					apiKey: API_KEY,
					apiSecret: API_SECRET,
					requestsPerWindow: 60,
					windowMs: 1000,
					concurrency: 10,
				},
			],
		});
		try {
			local.setLatency(5, 5);
			const realClock: Clock = {
				now: Date.now,
				sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
				random: Math.random,
			};
			const credentials = upflowCredentials(local, { apiKey: API_KEY, apiSecret: API_SECRET });
			const client = await makeClient({
				credentials,
				requestsPerWindow: 60,
				windowMs: 1000,
				maxConcurrent: 4,
				clock: realClock,
			});
			const laneOf = (i: number) => `lane-${i % 20}`;
			await Promise.all(
				Array.from({ length: 600 }, (_, i) =>
					client.inLane(laneOf(i), () => upsertCustomer(client, `c-${i}`)),
				),
			);

			const log = local.log(API_KEY);
			expect(log).toHaveLength(600);
			expect(log.filter((entry) => entry.status === 429)).toHaveLength(0);
			expect(busiestWindow(log, 1000)).toBeLessThanOrEqual(60);
			expect(Math.max(...log.map((entry) => entry.inFlight))).toBeLessThanOrEqual(4);
			const indexOf = (entry: RequestLogEntry) => Number(externalIdOf(entry).slice(2));
			for (let lane = 0; lane < 20; lane++) {
				const own = log.filter((entry) => indexOf(entry) % 20 === lane);
				// One at a time: each starts after the previous one of its lane was answered ...
				for (let k = 1; k < own.length; k++)
					expect(own[k].receivedAt).toBeGreaterThanOrEqual(own[k - 1].respondedAt);
				// ... and in the order the jobs were submitted.
				expect(own.map(indexOf)).toEqual(own.map(indexOf).sort((a, b) => a - b));
			}
		} finally {
			await local.close();
		}
	}, 60_000);

	it('lands 500 upserts exactly once under a 30% fault rate of every kind, repeating only retryable failures', async () => {
		emulator.setFaults({ rate: 0.3, seed: 42 });
		const client = await makeClient({ maxConcurrent: 10, retryBudgetMs: 10 * 60_000 });
		const ids = Array.from({ length: 500 }, (_, i) => `f-${i}`);
		await Promise.all(ids.map((id) => upsertCustomer(client, id)));

		const customers = emulator
			.dump(API_KEY)
			.customers.filter((customer) => String(customer.externalId).startsWith('f-'));
		expect(customers.map((customer) => customer.externalId).sort()).toEqual([...ids].sort());
		const log = emulator.log(API_KEY);
		const faultKinds = new Set(log.map((entry) => entry.fault).filter(Boolean));
		expect([...faultKinds].sort()).toEqual(
			['500', '502', '503', '504', 'drop-after', 'drop-before'].sort(),
		);
		for (const id of ids) {
			const attempts = log.filter((entry) => externalIdOf(entry) === id);
			const last = attempts[attempts.length - 1];
			expect([200, 201]).toContain(last.status);
			for (const earlier of attempts.slice(0, -1)) {
				expect(earlier.fault ?? String(earlier.status)).toMatch(
					/^(500|502|503|504|drop-before|drop-after|rate-limited|concurrency-limited)$/,
				);
			}
		}
	}, 120_000);

	it('does not retry a 400, and says what Upflow refused', async () => {
		const client = await makeClient();
		await expect(
			client.call({
				method: 'POST',
				path: '/invoices',
				body: { externalId: 'i-1', customer: { externalId: 'nobody' } },
				idempotent: true,
				itemIndex: 3,
			}),
		).rejects.toMatchObject({
			message: expect.stringMatching(/^Upflow refused the request for item 3 \(400\): /),
		});
		expect(emulator.log(API_KEY).filter((entry) => entry.path === '/v1/invoices')).toHaveLength(1);
	});

	it('waits at least Retry-After (2 s, on the injected clock) after a 429, for the whole organization', async () => {
		const clock = new InstantClock();
		const local = await startEmulator({
			port: 0,
			now: () => clock.now(),
			organizations: [
				{ apiKey: API_KEY, apiSecret: API_SECRET, requestsPerWindow: 1, windowMs: 2000 },
			],
		});
		try {
			const credentials = {
				...upflowCredentials(local, { apiKey: API_KEY, apiSecret: API_SECRET }),
			};
			// Another tool spends the window first, unknown to our limiter.
			const other = await makeClient({ credentials });
			await upsertCustomer(other, 'elsewhere');
			const client = await makeClient({ credentials, clock });
			await upsertCustomer(client, 'ours');
			const log = local.log(API_KEY);
			const rejected = log.find((entry) => entry.status === 429)!;
			const accepted = log.find((entry) => externalIdOf(entry) === 'ours' && entry.status < 300)!;
			expect(rejected).toBeDefined();
			expect(accepted.receivedAt - rejected.receivedAt).toBeGreaterThanOrEqual(2000 - 50);
			expect(Math.max(...clock.sleeps)).toBeGreaterThanOrEqual(2000);
			expect(log.filter((entry) => entry.status === 429)).toHaveLength(1);
		} finally {
			await local.close();
		}
	});

	it("names the item, what happened and what to do when the connection fails (not n8n's generic text)", async () => {
		const unreachable = await makeClient({
			credentials: { baseUrl: 'http://127.0.0.1:9' },
			retryBudgetMs: 2000,
		});
		const refused = await unreachable
			.call({ method: 'GET', path: '/customers', idempotent: true, itemIndex: 4 })
			.catch((error: Error) => error);
		// Never answered in this execution: a wrong Base URL more likely than an outage (test/engine/base-url.test.ts).
		expect((refused as Error).message).toBe(
			'Could not connect to Upflow at http://127.0.0.1:9/v1 for item 4: the connection was refused (ECONNREFUSED); check the Base URL and the Environment of the Upflow API credential',
		);

		const ok = await makeClient({ retryBudgetMs: 2000 });
		emulator.setFaults({ rate: 1, seed: 1, kinds: ['drop-after'] });
		const lost = await ok
			.call({
				method: 'POST',
				path: '/custom_fields',
				body: { name: 'Lost answer', dataType: 'TEXT' },
				idempotent: false,
				itemIndex: 7,
			})
			.catch((error: Error) => error);
		expect((lost as Error).message).toMatch(
			/^The request for item 7 may have reached Upflow, but the connection failed \(\w+\): check in Upflow whether it was applied before running it again$/,
		);
	});

	it("reads on while Upflow's total says there is more, and fails loudly on an unknown list envelope", async () => {
		// Upflow may serve fewer rows than asked (a clamp below the limit): its total still brings every record.
		const rows = Array.from({ length: 7 }, (_, i) => ({ externalId: `paged-${i}` }));
		const asked: unknown[] = [];
		const clamping = {
			node: (await makeClient()).node,
			call: async ({ qs }: { qs: { offset: number; limit: number } }) => {
				asked.push({ ...qs });
				return {
					offset: qs.offset,
					limit: qs.limit,
					total: rows.length,
					customers: rows.slice(qs.offset, qs.offset + 2),
				};
			},
		} as unknown as UpflowClient;
		expect(
			await fetchAll(clamping, { path: '/customers', pageCap: 3, envelope: 'customers' }),
		).toEqual(rows);
		expect(asked).toHaveLength(4);

		const local = await startEmulator({
			port: 0,
			organizations: [{ apiKey: API_KEY, apiSecret: API_SECRET }],
			envelopes: { creditNotes: 'data' },
		});
		try {
			const other = await makeClient({ credentials: { baseUrl: local.baseUrl } });
			const error = await fetchAll(
				other,
				{ path: '/credit_notes', pageCap: 500, envelope: 'items' },
				Infinity,
				2,
			).catch((e: Error) => e);
			expect((error as Error).message).toBe(
				'Upflow answered GET /credit_notes with no list of records the node knows (keys: offset, limit, total, data) for item 2',
			);
		} finally {
			await local.close();
		}
	});

	it('never lets the key or the secret reach an error, whatever the failure', async () => {
		const errors: unknown[] = [];
		const collect = async (work: Promise<unknown>) => {
			try {
				await work;
				errors.push(new Error('expected a failure'));
			} catch (error) {
				errors.push(error);
			}
		};
		const ok = await makeClient({ retryBudgetMs: 3000 });
		await collect(
			ok.call({
				method: 'GET',
				path: '/customers/external:missing',
				idempotent: true,
				itemIndex: 0,
			}),
		); // 404
		await collect(
			ok.call({ method: 'POST', path: '/invoices', body: { externalId: 'x' }, idempotent: true }),
		); // 400
		await upsertCustomer(ok, 'busy');
		await ok.call({
			method: 'POST',
			path: '/invoices',
			body: {
				externalId: 'inv-busy',
				customId: 'B-1',
				customer: { externalId: 'busy' },
				issuedAt: '2026-01-01T00:00:00.000Z',
				dueDate: '2026-02-01T00:00:00.000Z',
				currency: 'EUR',
				grossAmount: 100,
				netAmount: 100,
			},
			idempotent: true,
		});
		await collect(
			ok.call({ method: 'DELETE', path: '/customers/external:busy', idempotent: true }),
		); // 409
		const wrongSecret = await makeClient({ credentials: { apiSecret: `${API_SECRET}-wrong` } });
		await collect(wrongSecret.call({ method: 'GET', path: '/customers', idempotent: true })); // 401
		emulator.setFaults({ rate: 1, seed: 1, kinds: ['503'] });
		await collect(ok.call({ method: 'GET', path: '/customers', idempotent: true })); // exhausted 5xx
		emulator.setFaults({ rate: 1, seed: 1, kinds: ['drop-before'] });
		await collect(ok.call({ method: 'GET', path: '/customers', idempotent: true })); // exhausted connection
		emulator.setFaults({ rate: 1, seed: 1, kinds: ['drop-after'] });
		await collect(
			ok.call({
				method: 'POST',
				path: '/custom_fields',
				body: { name: 'Region', dataType: 'TEXT' },
				idempotent: false,
			}),
		); // not repeated
		emulator.setFaults(undefined);
		const unreachable = await makeClient({
			credentials: { baseUrl: 'http://127.0.0.1:9' },
			retryBudgetMs: 2000,
		});
		await collect(unreachable.call({ method: 'GET', path: '/customers', idempotent: true })); // ECONNREFUSED
		const noPatience = await makeClient({ retryBudgetMs: 0, credentials: {} });
		emulator.setFaults({ rate: 1, seed: 1, kinds: ['503'] });
		await collect(noPatience.call({ method: 'GET', path: '/users', idempotent: true })); // retries off

		expect(errors).toHaveLength(9);
		for (const error of errors) {
			const e = error as { message: string; description?: string };
			expect(e.message).not.toBe('expected a failure');
			const texts = [
				e.message,
				String(e.description ?? ''),
				JSON.stringify(error),
				inspect(error, { depth: 8, showHidden: true }),
			];
			for (const text of texts) {
				expect(text).not.toContain(API_KEY);
				expect(text).not.toContain(API_SECRET);
			}
		}
	}, 60_000);
});
