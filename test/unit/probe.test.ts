/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- a test: it runs the probe's CLI, real timers and a local server */
/**
 * `npm run probe` (scripts/probe) against the local emulator: every fact the contract home states
 * is confirmed by the emulator as it is; switched to the other list order and another envelope for
 * one collection, exactly those two facts are contradicted; and the key and the secret appear in
 * no output, no report and no JSON, also when the server answers 401.
 *
 * The expectations are read from the contract home (test/contract/upflow.ts), not written here:
 * when the emulator departs from the contract, the "0 contradictions" tests name the rows.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import type { Clock } from '../../nodes/Upflow/transport/clock';
import { main, seedEmulator } from '../../scripts/probe/main';
import type { MainIo } from '../../scripts/probe/main';
import { runProbe } from '../../scripts/probe/probe';
import type { Report } from '../../scripts/probe/report';
import { BEHAVIOUR, LIST_CALLS, PROBE_EXPECTS, READ_SHAPES, WRITE_CALLS } from '../contract/upflow';
import { DEMO_API_KEY, DEMO_API_SECRET, startEmulator } from '../emulator';
import type { StartOptions } from '../emulator';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Real time plus every wait skipped: the probe's limiter still decides when each request may go
 * (2 a second, measured on this clock), but a test does not sit through the waits.
 */
function skippingClock(): Clock {
	let skipped = 0;
	return {
		now: () => Date.now() + skipped,
		sleep: async (ms) => {
			skipped += Math.max(0, ms);
			await new Promise((resolve) => setImmediate(resolve));
		},
		random: () => 0.5,
	};
}

interface Captured {
	code: number;
	out: string;
	err: string;
	json: string;
	report: Report;
}

let dir: string;
beforeAll(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'upflow-probe-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let runs = 0;
async function probe(argv: string[], io: Partial<MainIo> = {}): Promise<Captured> {
	const file = path.join(dir, `report-${++runs}.json`);
	const out: string[] = [];
	const err: string[] = [];
	const code = await main([...argv, '--json', file], {
		clock: skippingClock(),
		out: (t) => out.push(t),
		err: (t) => err.push(t),
		...io,
	});
	let json = '';
	try {
		json = readFileSync(file, 'utf8');
	} catch {
		// no report written (usage error)
	}
	return {
		code,
		out: out.join('\n'),
		err: err.join('\n'),
		json,
		report: json ? (JSON.parse(json) as Report) : (undefined as unknown as Report),
	};
}

const contradicted = (r: Report) =>
	r.facts
		.filter((f) => f.result === 'contradicted')
		.map((f) => f.id)
		.sort();
const explain = (r: Report) =>
	r.facts.filter((f) => f.result === 'contradicted').map((f) => `${f.id}: ${f.observed}`);
const emulatorRun = async (emulator: StartOptions = {}) => await probe([], { emulator });

/** Any 1-second window of the send times holds at most `n` requests. */
function maxPerSecond(times: readonly number[]): number {
	let max = 0;
	for (let i = 0; i < times.length; i++) {
		let j = i;
		while (j < times.length && times[j] - times[i] < 1000) j++;
		max = Math.max(max, j - i);
	}
	return max;
}

describe('npm run probe against the default emulator', () => {
	let run: Captured;
	beforeAll(async () => {
		run = await emulatorRun();
	});

	it('reports 0 contradictions', () => {
		// On failure this lists the rows where the emulator departs from the contract home.
		expect(explain(run.report)).toEqual([]);
		expect(run.code).toBe(0);
	});

	it('gives every fact a verdict, a reason when untested, and a change for each contradiction', () => {
		for (const f of run.report.facts) {
			expect(['confirmed', 'contradicted', 'not tested']).toContain(f.result);
			if (f.result === 'not tested') expect(f.why).toEqual(expect.any(String));
			if (f.result === 'contradicted')
				expect([f.observed, f.change]).toEqual([expect.any(String), expect.any(String)]);
		}
		expect(run.out).toContain('RESULT');
		expect(run.out).toContain(`${run.report.summary.confirmed} confirmed`);
	});

	it('has a row for every assumed fact of the contract home and the page', () => {
		const ids = new Set(run.report.facts.map((f) => f.id));
		const expected = [
			...LIST_CALLS.flatMap((l) => [
				`list.${l.name}.envelope`,
				`list.${l.name}.paged`,
				`list.${l.name}.total`,
				...(l.pageCap ? [`list.${l.name}.pageCap`] : []),
			]),
			...Object.keys(BEHAVIOUR).map((k) => `behaviour.${k}`),
			...Object.keys(PROBE_EXPECTS)
				.filter((k) => k !== 'missingRecordStatus' && k !== 'externalIdEncoding')
				.map((k) => `behaviour.${k}`),
			'behaviour.missingRecord',
			'basics.externalIdEncoding',
			...READ_SHAPES.map((s) => `read.${s.name}.keys`),
			...WRITE_CALLS.map((c) => `write.${c.name}`),
		];
		expect(expected.filter((id) => !ids.has(id))).toEqual([]);
		// Write-only facts are listed with the reason a read-only emulator run cannot test them.
		const portal = run.report.facts.find((f) => f.id === 'behaviour.portalUrlKey');
		expect(portal).toMatchObject({
			result: 'not tested',
			why: expect.stringContaining('read-only'),
		});
	});

	it('tests the assumed rows when the emulator has the data', () => {
		const verdict = (id: string) => run.report.facts.find((f) => f.id === id)?.result;
		for (const id of [
			'list.creditNotes.envelope',
			'list.refunds.envelope',
			'list.customFields.envelope',
			'behaviour.defaultOrder',
			'behaviour.aboveCap',
			'behaviour.errorBody',
			'behaviour.rateLimitHeaders',
			'write.customField.create.dataType',
		])
			expect([id, verdict(id)]).toEqual([id, 'confirmed']);
	});

	it("stays within 150 requests, 2 a second (on the limiter's clock), one at a time", async () => {
		expect(run.report.requests).toBeGreaterThan(10);
		expect(run.report.requests).toBeLessThanOrEqual(150);
		const emu = await startEmulator();
		try {
			const obs = await runProbe({
				target: 'emulator',
				baseUrl: emu.baseUrl,
				apiKey: DEMO_API_KEY,
				apiSecret: DEMO_API_SECRET,
				write: false,
				clock: skippingClock(),
			});
			expect(obs.requests).toBe(emu.log().length);
			expect(maxPerSecond(obs.sendTimes)).toBeLessThanOrEqual(2);
			expect(Math.max(...emu.log().map((r) => r.inFlight))).toBe(1);
		} finally {
			await emu.close();
		}
	});
});

describe('npm run probe against a switched emulator', () => {
	it('reports exactly the list order and the switched envelope as contradicted, and nothing else', async () => {
		const baseline = contradicted((await emulatorRun()).report);
		const run = await emulatorRun({
			listOrder: 'newest-first',
			envelopes: { creditNotes: 'data' },
		});
		// `baseline` is empty when the emulator matches the contract (the test above); whatever it
		// holds, the switch adds exactly these two rows.
		expect(contradicted(run.report)).toEqual(
			[...baseline, 'behaviour.defaultOrder', 'list.creditNotes.envelope'].sort(),
		);
		const fact = (id: string) => run.report.facts.find((f) => f.id === id);
		expect(fact('behaviour.defaultOrder')?.observed).toContain('newest-first');
		expect(fact('behaviour.defaultOrder')?.change).toContain(
			"PROBE_EXPECTS.defaultOrder: { value: 'newest-first', status: 'seen' }",
		);
		expect(fact('list.creditNotes.envelope')?.observed).toBe("rows under 'data'");
		expect(fact('list.creditNotes.envelope')?.change).toBe(
			"LIST_CALLS 'creditNotes': envelope: 'data', envelopeStatus: 'seen'",
		);
		expect(run.out).toContain("envelope: 'data'");
		expect(run.code).toBe(1);
	});
});

describe('npm run probe -- --base-url URL, against a server that answers otherwise', () => {
	/**
	 * A proxy in front of the emulator that behaves as Upflow might: it clamps a limit above the page
	 * cap instead of refusing it, names its error `error` instead of `message`, and sends a
	 * rate-limit header on every answer.
	 */
	async function otherUpflow(target: string) {
		const server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				const url = new URL(req.url ?? '/', target);
				const list = LIST_CALLS.find((l) => l.pageCap && url.pathname === `/v1${l.path}`);
				const limit = Number(url.searchParams.get('limit'));
				if (list?.pageCap && limit > list.pageCap)
					url.searchParams.set('limit', String(list.pageCap));
				const headers: Record<string, string> = {};
				for (const name of ['x-api-key', 'x-api-secret', 'content-type'])
					if (req.headers[name]) headers[name] = String(req.headers[name]);
				void fetch(url, {
					method: req.method,
					headers,
					body: chunks.length ? Buffer.concat(chunks) : undefined,
				}).then(async (answer) => {
					let text = await answer.text();
					if (answer.status >= 400 && text) {
						const body = JSON.parse(text) as { message?: string };
						text = JSON.stringify({ error: body.message });
					}
					res.writeHead(answer.status, {
						'content-type': 'application/json',
						'x-ratelimit-remaining': '599',
					});
					res.end(text);
				});
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return {
			url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
			close: () => new Promise((resolve) => server.close(resolve)),
		};
	}

	it('reports the clamp, the error key and the rate-limit header as contradicted, with the changes to make', async () => {
		const emu = await startEmulator();
		const proxy = await otherUpflow(emu.url);
		const env = { UPFLOW_API_KEY: DEMO_API_KEY, UPFLOW_API_SECRET: DEMO_API_SECRET };
		try {
			await seedEmulator(emu, skippingClock());
			const baseline = contradicted((await probe(['--base-url', emu.url], { env })).report);
			const run = await probe(['--base-url', proxy.url], { env });
			expect(contradicted(run.report)).toEqual(
				[
					...baseline,
					'behaviour.aboveCap',
					'behaviour.errorBody',
					'behaviour.rateLimitHeaders',
				].sort(),
			);
			const change = (id: string) => run.report.facts.find((f) => f.id === id)?.change;
			expect(change('behaviour.errorBody')).toBe(
				"BEHAVIOUR.errorBody: { value: 'error', status: 'seen' }",
			);
			expect(change('behaviour.rateLimitHeaders')).toContain(
				"PROBE_EXPECTS.rateLimitHeaders: { value: ['x-ratelimit-remaining'], status: 'seen' }",
			);
			expect(change('behaviour.aboveCap')).toContain(
				"BEHAVIOUR.aboveCap: { value: 'clamp', status: 'seen' }",
			);
			// A clamp to the documented cap confirms the cap itself.
			expect(run.report.facts.find((f) => f.id === 'list.invoices.pageCap')).toMatchObject({
				result: 'confirmed',
				observed: 'limit=501 clamped to 500',
			});
			// Against a real host, confirmed assumed facts come with the status upgrade to make.
			expect(run.report.promotions.join('\n')).toContain(
				"LIST_CALLS 'creditNotes'.envelope: status 'assumed' -> 'seen'",
			);
		} finally {
			await proxy.close();
			await emu.close();
		}
	});
});

describe('npm run probe -- --base-url URL --write, against an emulator', () => {
	it('creates, reads back and deletes its set: 0 contradictions, nothing left behind', async () => {
		const emu = await startEmulator();
		try {
			const run = await probe(['--base-url', emu.url, '--write', '--yes'], {
				env: { UPFLOW_API_KEY: DEMO_API_KEY, UPFLOW_API_SECRET: DEMO_API_SECRET },
			});
			const state = emu.dump();
			const left = [
				...state.customers,
				...state.contacts,
				...state.invoices,
				...state.creditNotes,
				...state.payments,
				...state.refunds,
			];
			expect({ left: left.length, notDeleted: run.report.notDeleted }).toEqual({
				left: 0,
				notDeleted: [],
			});
			expect(explain(run.report)).toEqual([]);
			const requests = emu.log();
			expect(requests.length).toBe(run.report.requests);
			expect(requests.length).toBeLessThanOrEqual(150);
			expect(Math.max(...requests.map((r) => r.inFlight))).toBe(1);
		} finally {
			await emu.close();
		}
	});

	it('says what it creates as it does it, and never calls the --base-url host Upflow', async () => {
		const emu = await startEmulator();
		try {
			let question = '';
			const run = await probe(['--base-url', emu.url, '--write'], {
				env: { UPFLOW_API_KEY: DEMO_API_KEY, UPFLOW_API_SECRET: DEMO_API_SECRET },
				confirm: async (text) => {
					question = text;
					return true;
				},
			});
			// Every kind of record the probe created (its POSTs in the emulator's log) is named in the
			// question it asked first.
			const named: Array<[RegExp, string]> = [
				[/^\/v1\/customers$/, 'a customer'],
				[/^\/v1\/customers\/[^/]+\/contacts$/, 'contacts'],
				[/^\/v1\/invoices$/, 'an invoice'],
				[/^\/v1\/invoices\/[^/]+\/pdf$/, 'PDF'],
				[/^\/v1\/credit_notes$/, 'a credit note'],
				[/^\/v1\/payments$/, 'a payment'],
				[/^\/v1\/refunds$/, 'a refund'],
				[/^\/v1\/reconcile$/, 'POST /reconcile'],
				[/^\/v1\/custom_fields$/, 'a custom field'],
				[/^\/v1\/customers\/[^/]+\/portal$/, 'portal link'],
			];
			const posts = emu.log().filter((entry) => entry.method === 'POST' && entry.status < 300);
			const unnamed = posts
				.map((entry) => entry.path)
				.filter((p) => !named.some(([path, words]) => path.test(p) && question.includes(words)));
			expect(posts.length).toBeGreaterThan(10);
			expect(unnamed).toEqual([]);
			expect(posts.some((entry) => entry.path === '/v1/custom_fields')).toBe(true);
			// The custom field it created settles the data type key; no prose says it creates none.
			const dataType = run.report.facts.find((f) => f.id === 'write.customField.create.dataType');
			expect(dataType?.result).toBe('confirmed');
			expect(run.json).not.toMatch(/creates none/);
			// An emulator given with --base-url is not Upflow.
			expect(`${run.out}\n${run.json}`).not.toMatch(/Confirmed by Upflow|confirmed by Upflow/);
			expect(run.out).toContain(`Confirmed by ${emu.baseUrl} (given with --base-url`);
		} finally {
			await emu.close();
		}
	});

	it('asks before writing, and sends nothing when not confirmed', async () => {
		const emu = await startEmulator();
		try {
			const run = await probe(['--base-url', emu.url, '--write'], {
				env: { UPFLOW_API_KEY: DEMO_API_KEY, UPFLOW_API_SECRET: DEMO_API_SECRET },
				confirm: async () => false,
			});
			expect(run.code).toBe(2);
			expect(emu.log()).toEqual([]);
		} finally {
			await emu.close();
		}
	});

	it('refuses --write against the local emulator run', async () => {
		const run = await probe(['--write']);
		expect(run.code).toBe(2);
		expect(run.err).toContain('--write runs only against --sandbox or --base-url');
	});
});

describe('the key and the secret', () => {
	// Fresh values per run, long enough to be unmistakable in any output.
	const KEY = `probe-test-key-${randomUUID()}`;
	const SECRET = `probe-test-secret-${randomUUID()}`;
	const env = { UPFLOW_API_KEY: KEY, UPFLOW_API_SECRET: SECRET };
	const leaks = (run: { out: string; err: string; json: string }) =>
		[run.out, run.err, run.json].filter((text) => text.includes(KEY) || text.includes(SECRET));

	it('appear nowhere when the probe runs through', async () => {
		const emu = await startEmulator({ organizations: [{ apiKey: KEY, apiSecret: SECRET }] });
		try {
			const run = await probe(['--base-url', emu.baseUrl], { env });
			expect(run.report.requests).toBeGreaterThan(10);
			expect(leaks(run)).toEqual([]);
		} finally {
			await emu.close();
		}
	});

	it('appear nowhere when the emulator answers 401, and the probe stops at once', async () => {
		const emu = await startEmulator();
		try {
			const run = await probe(['--base-url', emu.url], { env });
			expect(run.code).toBe(3);
			expect(run.report.stopped?.why).toBe('unauthorized');
			expect(emu.log()).toHaveLength(1);
			expect(run.report.facts.filter((f) => f.result !== 'not tested')).toEqual([]);
			expect(leaks(run)).toEqual([]);
		} finally {
			await emu.close();
		}
	});

	it('appear nowhere when one holds a character a header cannot carry (refused before anything is sent)', async () => {
		const emu = await startEmulator();
		try {
			const run = await probe(['--base-url', emu.url], {
				env: {
					UPFLOW_API_KEY: KEY,
					UPFLOW_API_SECRET: `${SECRET.slice(0, 20)} ${SECRET.slice(20)}`,
				},
			});
			expect(run.code).toBe(2);
			expect(run.err).toContain('UPFLOW_API_SECRET hold');
			expect(emu.log()).toEqual([]);
			expect(
				[run.out, run.err].filter((t) => t.includes(KEY) || t.includes(SECRET.slice(0, 20))),
			).toEqual([]);
		} finally {
			await emu.close();
		}
	});

	it('appear nowhere when a 401 echoes them in its body and headers (the CLI, as users run it)', async () => {
		const server = createServer((req, res) => {
			res.writeHead(401, {
				'content-type': 'application/json',
				'x-ratelimit-note': `${req.headers['x-api-key']}`,
			});
			res.end(
				JSON.stringify({
					message: `Invalid key ${req.headers['x-api-key']} / ${req.headers['x-api-secret']}`,
				}),
			);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		const file = path.join(dir, 'cli-401.json');
		try {
			const run = await new Promise<{ code: number | null; out: string; err: string }>(
				(resolve) => {
					execFile(
						process.execPath,
						['scripts/run.js', 'scripts/probe/main.ts', '--base-url', url, '--json', file],
						{ cwd: ROOT, env: { ...process.env, ...env } },
						(error, stdout, stderr) =>
							resolve({ code: error ? (error.code as number) : 0, out: stdout, err: stderr }),
					);
				},
			);
			const json = readFileSync(file, 'utf8');
			expect(run.code).toBe(3);
			expect(run.out).toContain('STOPPED');
			expect(leaks({ ...run, json })).toEqual([]);
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}
	});
});

describe('npm run probe -- --base-url URL --rate-limit, against the emulator in both settings', () => {
	/** A real clock: the emulator's window runs on it. */
	const realClock: Clock = {
		now: Date.now,
		sleep: async (ms) => await new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
		random: Math.random,
	};
	const WINDOW = 3000;

	async function measured(options: {
		countRefused: boolean;
		retryAfter: boolean;
		rateLimitHeaders: boolean;
	}): Promise<Captured> {
		const emu = await startEmulator({
			organizations: [
				{
					apiKey: DEMO_API_KEY,
					apiSecret: DEMO_API_SECRET,
					requestsPerWindow: 60,
					windowMs: WINDOW,
					...options,
				},
			],
		});
		emu.setLatency(10, 5);
		await seedEmulator(emu, realClock);
		try {
			return await probe(['--base-url', emu.url, '--rate-limit', '--yes'], {
				env: { UPFLOW_API_KEY: DEMO_API_KEY, UPFLOW_API_SECRET: DEMO_API_SECRET },
				clock: realClock,
				perSecond: 1000,
				rateLimitWindowMs: WINDOW,
			});
		} finally {
			await emu.close();
		}
	}

	const fact = (run: Captured, id: string) => run.report.facts.find((f) => f.id === id);

	it('refused requests take no slot, Retry-After on 429s, no headers: all confirmed', async () => {
		const run = await measured({ countRefused: false, retryAfter: true, rateLimitHeaders: false });
		expect(run.err).toContain("spends about a minute of the organization's budget");
		expect(fact(run, 'behaviour.refusedRequestsCount')).toMatchObject({ result: 'confirmed' });
		expect(fact(run, 'behaviour.retryAfter')).toMatchObject({ result: 'confirmed' });
		expect(fact(run, 'behaviour.rateLimitHeaders')).toMatchObject({ result: 'confirmed' });
		expect(run.report.recorded.rateLimit).toMatchObject({ verdict: 'not counted' });
	}, 60_000);

	it('refused requests counted, no Retry-After, rate-limit headers: each contradicted, with the change', async () => {
		const run = await measured({ countRefused: true, retryAfter: false, rateLimitHeaders: true });
		expect(run.report.recorded.rateLimit).toMatchObject({ verdict: 'counted' });
		expect(fact(run, 'behaviour.refusedRequestsCount')).toMatchObject({
			result: 'contradicted',
			change: expect.stringContaining(
				"PROBE_EXPECTS.refusedRequestsCount: { value: true, status: 'seen' }",
			),
		});
		expect(fact(run, 'behaviour.retryAfter')).toMatchObject({
			result: 'contradicted',
			change: "BEHAVIOUR.retryAfter: { value: 'none', status: 'seen' }",
		});
		expect(fact(run, 'behaviour.rateLimitHeaders')?.observed).toContain('x-ratelimit-remaining');
		expect(run.code).toBe(1);
	}, 60_000);

	it('asks before it provokes the rate limit, and sends nothing when not confirmed', async () => {
		const emu = await startEmulator();
		try {
			const run = await probe(['--base-url', emu.url, '--rate-limit'], {
				env: { UPFLOW_API_KEY: DEMO_API_KEY, UPFLOW_API_SECRET: DEMO_API_SECRET },
				confirm: async () => false,
			});
			expect(run.code).toBe(2);
			expect(emu.log()).toHaveLength(0);
		} finally {
			await emu.close();
		}
	});
});
