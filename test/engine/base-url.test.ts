/* eslint-disable @n8n/community-nodes/no-restricted-imports -- a test: it opens TCP servers to fail against */
/**
 * What a wrong Base URL or Environment costs and says: the built package in n8n-core (node, trigger,
 * credential test) against a closed port, a server that does not speak TLS, and the emulator under
 * a wrong path.
 *
 * - The first request of an execution that cannot connect (refused, DNS, TLS, invalid URL) stops it
 *   in seconds, names the Base URL it tried and says to check Base URL and Environment; the other
 *   items are not sent. With the default credential (Max Retry Time 120 s) this used to take two
 *   minutes of retries and never mention the Base URL.
 * - A connection that has worked in the execution and then drops keeps the retry policy.
 * - A 404 on a collection (a write to it, or its list) means the Base URL is wrong; a 404 on one
 *   record's path still means "no such record".
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { readConnectionSettings } from '../../nodes/Upflow/transport/connection';
import { OrganizationLimiter } from '../../nodes/Upflow/transport/limiter';
import { UpflowClient } from '../../nodes/Upflow/transport/request';
import { systemClock } from '../../nodes/Upflow/transport/clock';
import { InstantClock } from '../support/clocks';
import { byExternalId } from './node-fixtures';
import { startEmulator, type Emulator } from '../emulator';
import {
	createExecuteContext,
	runNode,
	runPoll,
	testCredential,
	upflowCredentials,
} from './harness';

/** Well under what one default retry budget costs (120 s), and far above what a refused connection takes. */
const SECONDS_ALLOWED = 15;

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({ port: 0 });
	emulator.org().upsert('customers', { externalId: 'cust-1', name: 'Customer One' });
});

afterAll(async () => await emulator?.close());

beforeEach(() => emulator.clearLog());

/** http://127.0.0.1:<a port nothing listens on>. */
async function closedPortUrl(): Promise<string> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return `http://127.0.0.1:${port}`;
}

/** A TCP server that answers every connection with bytes that are not TLS, counting connections. */
async function notTlsServer(): Promise<{
	url: string;
	connections: () => number;
	close(): Promise<void>;
}> {
	let connections = 0;
	const sockets = new Set<Socket>();
	const server: Server = createServer((socket) => {
		connections++;
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
		socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\nnot TLS\r\n');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `https://127.0.0.1:${port}`,
		connections: () => connections,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

const customerUpsert = {
	resource: 'customer',
	operation: 'upsert',
	externalId: '={{ $json.externalId }}',
	name: '={{ $json.name }}',
};

const customers = (n: number): IDataObject[] =>
	Array.from({ length: n }, (_, k) => ({ externalId: `cust-url-${k}`, name: `Customer ${k}` }));

const CHECK_CREDENTIAL = 'check the Base URL and the Environment of the Upflow API credential';

describe('an execution whose first request cannot connect', () => {
	it(
		`Create or Update with the default credential stops within ${SECONDS_ALLOWED} s, naming the Base URL it tried`,
		async () => {
			const url = await closedPortUrl();
			const started = Date.now();
			const result = await runNode({
				type: 'upflow',
				parameters: customerUpsert,
				credentials: upflowCredentials({ url }),
				items: customers(3),
			});
			const seconds = (Date.now() - started) / 1000;

			expect(result.run.status).toBe('error');
			expect(result.error?.message).toMatch(
				new RegExp(
					`^Could not connect to Upflow at ${escape(url)}/v1 for item \\d: the connection was refused \\(ECONNREFUSED\\); ${CHECK_CREDENTIAL}$`,
				),
			);
			expect(String(result.error?.description)).toContain('Environment');
			expect(String(result.error?.description)).toContain('https://api.upflow.io/v1');
			expect(seconds).toBeLessThan(SECONDS_ALLOWED);
		},
		SECONDS_ALLOWED * 2 * 1000,
	);

	it(
		'with Continue On Fail every item comes out with that error, and only the first request was tried',
		async () => {
			const server = await notTlsServer();
			try {
				const started = Date.now();
				const result = await runNode({
					type: 'upflow',
					parameters: customerUpsert,
					credentials: upflowCredentials({ url: server.url }),
					items: customers(20),
					continueOnFail: true,
				});
				const seconds = (Date.now() - started) / 1000;

				expect(result.items).toHaveLength(20);
				result.items.forEach((item, index) => {
					expect(item.json.error).toMatch(
						new RegExp(
							`^Could not connect to Upflow at ${escape(server.url)}/v1 for item ${index}: the TLS handshake failed \\(EPROTO\\)`,
						),
					);
					expect(item.json.error).toContain(CHECK_CREDENTIAL);
				});
				expect(server.connections()).toBe(1);
				expect(seconds).toBeLessThan(SECONDS_ALLOWED);
			} finally {
				await server.close();
			}
		},
		SECONDS_ALLOWED * 2 * 1000,
	);

	it(
		"the trigger's poll fails the same way, in seconds",
		async () => {
			const url = await closedPortUrl();
			const started = Date.now();
			const error = await runPoll({
				parameters: { event: 'newInvoice' },
				credentials: upflowCredentials({ url }),
				staticData: {},
			}).catch((e: unknown) => e as Error);
			const seconds = (Date.now() - started) / 1000;

			expect((error as Error).message).toMatch(
				new RegExp(
					`^Could not connect to Upflow at ${escape(url)}/v1: the connection was refused \\(ECONNREFUSED\\); ${CHECK_CREDENTIAL}$`,
				),
			);
			expect(seconds).toBeLessThan(SECONDS_ALLOWED);
		},
		SECONDS_ALLOWED * 2 * 1000,
	);

	it('the other calls go as soon as the host answers, even an error the first call still retries', async () => {
		const arrivals: string[] = [];
		let first = true;
		const server = createHttpServer((req, res) => {
			arrivals.push(String(req.url));
			const busy = first;
			first = false;
			res.writeHead(busy ? 503 : 200, { 'content-type': 'application/json' });
			res.end(busy ? '{"message":"busy"}' : '{"customers":[],"total":0}');
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const { port } = server.address() as AddressInfo;
			const credentials = upflowCredentials({ url: `http://127.0.0.1:${port}` });
			const client = await UpflowClient.fromContext(await createExecuteContext(credentials), {
				limiter: new OrganizationLimiter(
					{ requestsPerWindow: 600, windowMs: 60_000, maxConcurrent: 5 },
					systemClock,
				),
			});
			const get = (tag: string) =>
				client.call({ method: 'GET', path: '/customers', qs: { tag }, idempotent: true });
			await Promise.all([get('a'), get('b'), get('c')]);

			// a was answered 503 and retried after a backoff of at least half a second; b and c did not
			// wait for that retry.
			expect(arrivals.map((url) => /tag=(\w)/.exec(url)?.[1])).toEqual(['a', 'b', 'c', 'a']);
		} finally {
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	});

	it('a host that has answered in this execution and then drops is retried as before', async () => {
		const local = await startEmulator({ port: 0 });
		const credentials = upflowCredentials(local);
		const clock = new InstantClock();
		const client = new UpflowClient(
			await createExecuteContext(credentials),
			readConnectionSettings(credentials),
			new OrganizationLimiter(
				{ requestsPerWindow: 600, windowMs: 60_000, maxConcurrent: 5 },
				clock,
			),
			clock,
		);
		await client.call({ method: 'GET', path: '/customers', qs: { limit: 1 }, idempotent: true });
		await local.close();

		const error = await client
			.call({ method: 'GET', path: '/customers', qs: { limit: 1 }, idempotent: true, itemIndex: 2 })
			.catch((e: unknown) => e as Error);

		expect((error as Error).message).toMatch(
			/^Upflow could not be reached for item 2: the connection failed \(ECONNREFUSED\) on \d+ attempts over \d+ s; run it again later$/,
		);
		// The whole default budget (120 s, on the virtual clock), not the few seconds of a first contact.
		const waited = clock.sleeps.reduce((sum, ms) => sum + ms, 0);
		expect(waited).toBeGreaterThan(60_000);
		expect(waited).toBeLessThanOrEqual(120_000);
	});
});

describe('a Base URL with a wrong path', () => {
	const wrong = () => upflowCredentials(emulator, { baseUrl: `${emulator.url}/upflow` });

	it('Create or Update: the 404 says the Base URL is wrong, naming it', async () => {
		const result = await runNode({
			type: 'upflow',
			parameters: customerUpsert,
			credentials: wrong(),
			items: customers(1),
		});

		expect(result.error?.message).toBe(
			`There is no Upflow API at ${emulator.url}/upflow/v1 for item 0: POST /customers answered 404 (Not Found); ${CHECK_CREDENTIAL}`,
		);
		expect(String(result.error?.description)).not.toContain('No such record');
		expect(emulator.log().map((entry) => `${entry.status} ${entry.path}`)).toEqual([
			'404 /upflow/v1/customers',
		]);
	});

	it('Get Many (a list path) says the same', async () => {
		const result = await runNode({
			type: 'upflow',
			parameters: { resource: 'invoice', operation: 'getAll', returnAll: true },
			credentials: wrong(),
		});

		expect(result.error?.message).toBe(
			`There is no Upflow API at ${emulator.url}/upflow/v1 for item 0: GET /invoices answered 404 (Not Found); ${CHECK_CREDENTIAL}`,
		);
	});

	it("a 404 on one record's path still says there is no such record", async () => {
		const result = await runNode({
			type: 'upflow',
			parameters: {
				resource: 'customer',
				operation: 'get',
				customer: byExternalId('no-such-customer'),
			},
			credentials: upflowCredentials(emulator),
		});

		expect(result.error?.message).toMatch(/^Upflow refused the request for item 0 \(404\)/);
		expect(String(result.error?.description)).toContain('No such record in this organization');
	});

	it('the credential test says to check the Base URL and the Environment', async () => {
		const result = await testCredential(wrong());

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^There is no Upflow API at this Base URL/);
		expect(result.message).toContain('Environment');
	});
});

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
