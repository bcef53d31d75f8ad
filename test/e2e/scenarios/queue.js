'use strict';
/**
 * Queue mode: Redis, `n8n start` and four `n8n worker` processes sharing one user folder; an import
 * workflow triggered several times at once through its production webhook, all batches against
 * ONE emulator organization that counts refused requests against its window (the stricter of
 * Upflow's possible behaviours). The credential says four processes share the key (README
 * "Scaling"). Every record must land once, no item fail, and the emulator's limits hold (600
 * accepted per sliding minute, 10 in flight), while each worker has its own limiter; the share of
 * requests answered 429 is printed.
 */
const fs = require('node:fs');
const { expect, until, log, http } = require('../lib/util');
const { startProcess, freePort } = require('../lib/procs');
const { ensureBinary } = require('../lib/system');
const emulator = require('../lib/emulator');
const { fixture, prepare } = require('../lib/workflows');
const { compareUpserts } = require('../lib/checks');
const { credentialId } = require('./cli');

const BATCHES = Number(process.env.E2E_QUEUE_BATCHES ?? 8);
const BATCH_SIZE = Number(process.env.E2E_QUEUE_BATCH_SIZE ?? 60);
const WORKERS = 4;

/** redis-server from Debian: installed when missing (apt-get), started on 127.0.0.1 on a free port. */
async function startRedis(ctx) {
	const bin = await ensureBinary(
		[process.env.E2E_REDIS_SERVER, '/usr/bin/redis-server'],
		'redis-server',
		ctx.n8n.logFile('apt'),
	);
	const port = await freePort();
	const redis = startProcess(
		'redis-server',
		bin,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
			'--protected-mode',
			'yes',
		],
		{ logFile: ctx.n8n.logFile('redis') },
	);
	await redis.waitFor(/Ready to accept connections/, 30_000, 'redis ready');
	return { redis, port };
}

const queue = {
	key: 'queue',
	title: `Queue mode: n8n start + ${WORKERS} workers, ${BATCHES} webhook-triggered import batches at once, one organization`,
	async run(ctx) {
		const n8n = ctx.n8n;
		const { redis, port } = await startRedis(ctx);
		const queueEnv = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(port),
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		};
		const workers = [];
		try {
			await n8n.start({ env: queueEnv, name: 'start-queue' });
			await n8n.ensureOwner();
			for (let w = 1; w <= WORKERS; w++) workers.push(await n8n.startWorker(String(w), queueEnv));
			ctx.note(
				`redis-server on 127.0.0.1:${port}; n8n start on ${n8n.url} (EXECUTIONS_MODE=queue) + ${workers.length} workers (--concurrency=5 each)`,
			);

			const org = emulator.addOrganization(ctx.emu, `${ctx.tag}-queue`, { countRefused: true });
			const cred = emulator.credentialFor(ctx.emu, org, {
				id: credentialId(ctx.tag, 'queue'),
				name: 'Upflow emulator (queue)',
				sharedByProcesses: WORKERS,
			});
			const created = await n8n.api('POST', '/credentials', {
				name: cred.name,
				type: cred.type,
				data: cred.data,
			});
			const fx = fixture('queue-import');
			const { workflow } = prepare(fx.workflow, {
				id: fx.workflow.id,
				credential: { id: created.id, name: cred.name },
			});
			const wf = await n8n.api('POST', '/workflows', {
				name: workflow.name,
				nodes: workflow.nodes,
				connections: workflow.connections,
				settings: {
					executionOrder: 'v1',
					saveDataSuccessExecution: 'all',
					saveDataErrorExecution: 'all',
				},
			});
			await n8n.api('POST', `/workflows/${wf.id}/activate`);
			const hook = `${n8n.url}/webhook/${workflow.nodes.find((n) => n.type === 'n8n-nodes-base.webhook').parameters.path}`;
			ctx.note(
				`workflow: ${fx.file} (credential "${cred.name}", ${cred.data.requestsPerMinute}/min and ${cred.data.maxConcurrency} concurrent, shared by ${cred.data.sharedByProcesses} processes), triggered at ${hook}; the organization counts refused requests`,
			);

			// The production webhook answers once registration is done: retry the first call briefly.
			await until(
				async () =>
					(await http(hook, { method: 'POST', body: { batch: 0, size: 0 }, timeoutMs: 5000 }))
						.status === 200,
				{
					timeoutMs: 20_000,
					intervalMs: 500,
					what: 'the production webhook',
				},
			);
			await until(
				async () =>
					(await n8n.executions(wf.id, { includeData: false })).filter((e) => e.finished).length ===
					1,
				{
					timeoutMs: 60_000,
					what: 'the warm-up execution (batch of 0)',
				},
			);

			const started = Date.now();
			const answers = await Promise.all(
				Array.from({ length: BATCHES }, (_, b) =>
					http(hook, {
						method: 'POST',
						body: { batch: b + 1, size: BATCH_SIZE },
						timeoutMs: 30_000,
					}),
				),
			);
			expect(
				answers.every((a) => a.status === 200),
				`webhook answers: ${answers.map((a) => a.status).join(', ')}`,
			);
			log(
				`  ${BATCHES} batches of ${BATCH_SIZE} customers + ${BATCH_SIZE} invoices posted at once; waiting for the workers`,
			);
			const done = await until(
				async () => {
					const list = await n8n.executions(wf.id, { includeData: false });
					const batches = list.filter((e) => e.status !== 'new');
					const finished = list.filter(
						(e) =>
							e.stoppedAt && e.status !== 'running' && e.status !== 'new' && e.status !== 'waiting',
					);
					return finished.length >= BATCHES + 1 && batches.length >= BATCHES + 1
						? finished
						: undefined;
				},
				{ timeoutMs: 10 * 60_000, intervalMs: 3000, what: `${BATCHES} executions to finish` },
			);
			const seconds = (Date.now() - started) / 1000;
			const failed = done.filter((e) => e.status !== 'success');
			expect(
				failed.length === 0,
				`${failed.length} executions did not succeed: ${failed.map((e) => `${e.id}=${e.status}`).join(', ')}`,
			);

			// n8n's execution data: every batch ran to the end, every item has its Upflow id.
			const state = ctx.emu.dump(org.apiKey);
			const full = await n8n.executions(wf.id, { includeData: true });
			let items = 0;
			let itemFailures = 0;
			for (const e of full) {
				const rd = e.data.resultData;
				expect(!rd.error, `execution ${e.id}: ${rd.error?.message}`);
				for (const n of ['Import customers', 'Import invoices']) {
					const out = rd.runData[n]?.[0]?.data?.main?.[0] ?? [];
					items += out.length;
					itemFailures += out.filter((i) => i.json.error || !i.json.id).length;
				}
				compareUpserts(workflow, rd, state, { exact: false });
			}
			expect(itemFailures === 0, `${itemFailures} items failed or have no Upflow id`);

			// The emulator: every record once, every write applied once, the limits held.
			const expected = BATCHES * BATCH_SIZE;
			const dupC = emulator.duplicates(state.customers);
			const dupI = emulator.duplicates(state.invoices);
			expect(
				state.customers.length === expected && state.invoices.length === expected,
				`the emulator holds ${state.customers.length} customers and ${state.invoices.length} invoices, expected ${expected} each`,
			);
			expect(
				dupC.length === 0 && dupI.length === 0,
				`duplicated externalIds: ${[...dupC, ...dupI].slice(0, 5).join(', ')}`,
			);
			const reqs = ctx.emu.log(org.apiKey);
			const appliedPerRecord = new Map();
			for (const e of reqs)
				if (e.method === 'POST' && e.applied)
					appliedPerRecord.set(
						`${e.path}:${e.body?.externalId}`,
						(appliedPerRecord.get(`${e.path}:${e.body?.externalId}`) ?? 0) + 1,
					);
			const twice = [...appliedPerRecord].filter(([, c]) => c > 1);
			expect(
				twice.length === 0,
				`${twice.length} records were written more than once: ${twice
					.slice(0, 3)
					.map(([k]) => k)
					.join(', ')}`,
			);
			const limits = emulator.limitsReport(reqs);
			expect(
				limits.peakPerMinute <= emulator.LIMITS.requestsPerWindow,
				`the emulator accepted ${limits.peakPerMinute} requests in a minute`,
			);
			expect(
				limits.maxInFlight <= emulator.LIMITS.concurrency,
				`${limits.maxInFlight} requests were in flight at once`,
			);

			// Which worker ran what (their logs name the executions they ran).
			const perWorker = workers.map(
				(w) =>
					new Set([...w.output.matchAll(/Worker started execution (\d+)/g)].map((m) => m[1])).size,
			);
			expect(
				perWorker.every((c) => c > 0),
				`not every worker ran an execution (per worker: ${perWorker.join(', ')})`,
			);
			const records = state.customers.length + state.invoices.length;
			ctx.note(
				`${BATCHES} executions in ${seconds.toFixed(0)} s, all success (per worker log: ${perWorker.map((c, i) => `worker ${i + 1}: ${c}`).join(', ')})`,
			);
			ctx.note(
				`records: ${records} (${state.customers.length} customers + ${state.invoices.length} invoices), each written once; items: ${items}, failures: ${itemFailures}`,
			);
			const share429 = limits.requests ? (limits.http429 / limits.requests) * 100 : 0;
			ctx.note(
				`emulator: ${limits.requests} requests, ${limits.accepted} accepted, ${limits.http429} answered 429 (${share429.toFixed(1)}% of requests, retried by the node), peak ${limits.peakPerMinute} accepted requests/minute (limit ${emulator.LIMITS.requestsPerWindow}), max ${limits.maxInFlight} in flight (limit ${emulator.LIMITS.concurrency})`,
			);
			ctx.metrics({
				records,
				failures: itemFailures,
				peakPerMinute: limits.peakPerMinute,
				http429: limits.http429,
				http429Percent: Math.round(share429 * 10) / 10,
				maxInFlight: limits.maxInFlight,
				seconds,
			});
			ctx.emulatorState(state);
			await n8n.api('POST', `/workflows/${wf.id}/deactivate`).catch(() => {});
		} finally {
			for (const w of workers) await w.stop(10_000);
			await n8n.stop();
			await redis.stop(5000);
		}
	},
};

module.exports = { queue };
