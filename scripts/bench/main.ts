/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- a benchmark run by Node, not n8n: it reads the machine and prints its figures */
/**
 * `npm run bench`: the same import through five contenders, side by side, on a real clock.
 *
 * The emulator (test/emulator) runs in this process; every contender runs in a child process
 * (child.ts) against its OWN organization (own key pair, clean state, same limits), one after the
 * other, so CPU time and peak RSS are per contender and nobody disturbs anybody. Every figure about
 * requests comes from the emulator's request log; every figure about records from its state dump.
 * Then Skip Unchanged: an invoice sync, re-run unchanged, then with 1% changed. `--two-workers`
 * instead runs two node processes against ONE organization at the same time.
 *
 * Test tooling only (runs TypeScript through scripts/run.js); the node under test is the
 * BUILT package (dist/), loaded by n8n-core through test/engine/harness.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

import { startEmulator } from '../../test/emulator';
import type { Emulator, RequestLogEntry } from '../../test/emulator';
import { WINDOW_MS, checkState, intact, logFigures, stageTiming } from './analysis';
import { parseArgs } from './args';
import type { BenchOptions } from './args';
import { customerCount, customerRows, invoiceRows } from './dataset';
import type { DatasetSpec } from './dataset';
import { cpuMsPerItem, round, runTogether, startTask } from './protocol';
import type { ContenderName, ImportTask, Org } from './protocol';
import { printItemsScale, runItemsScale } from './itemsScale';
import { printContenders, printSync, printTwoWorkers, progress, settingsLines } from './report';
import { multiWorker, printMultiWorker } from './scaleOut';

const EMULATOR_CONCURRENCY = 10;

// The figures' shapes are those of the objects that build them (and the JSON they become).
export type ContenderRow = Awaited<ReturnType<Bench['contender']>>;
export type SyncFigures = Awaited<ReturnType<Bench['sync']>>;
export type TwoWorkersFigures = Awaited<ReturnType<Bench['twoWorkers']>>;
export type Machine = ReturnType<typeof machine>;

const loadAverage = () => os.loadavg().map((l) => round(l, 2));

function machine() {
	let cpuModel = os.cpus()[0]?.model ?? 'unknown';
	try {
		cpuModel =
			/model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpuModel;
	} catch {
		// not Linux
	}
	const gb = (bytes: number) => round(bytes / 1024 ** 3, 1);
	return {
		nproc: os.availableParallelism?.() ?? os.cpus().length,
		cpuModel,
		memTotalGb: gb(os.totalmem()),
		memFreeGb: gb(os.freemem()),
		node: process.version,
		loadAverage: loadAverage(),
	};
}

// ---- the run ---------------------------------------------------------------------------------------------

export class Bench {
	private orgCount = 0;

	readonly ceilingPerMinute: number;

	constructor(
		readonly emulator: Emulator,
		readonly options: BenchOptions,
	) {
		this.ceilingPerMinute = Math.round(600 * options.scale);
	}

	/** A fresh organization with Upflow's limits x scale (and the emulator's limit switches). */
	newOrg(label: string, switches: { countRefused?: boolean; retryAfter?: boolean } = {}): Org {
		const n = ++this.orgCount;
		const org = { apiKey: `bench-${label}-${n}-key`, apiSecret: `bench-${label}-${n}-secret` };
		this.emulator.addOrganization({
			...org,
			requestsPerWindow: this.ceilingPerMinute,
			windowMs: WINDOW_MS,
			concurrency: EMULATOR_CONCURRENCY,
			...switches,
		});
		return org;
	}

	get spec(): DatasetSpec {
		return { records: this.options.records, invoicesPerCustomer: this.options.invoicesPerCustomer };
	}

	/** What a child needs to run the node against `org`, with a warm-up organization of its own. */
	nodeTask(org: Org, spec: DatasetSpec, label: string) {
		return {
			url: this.emulator.url,
			org,
			warmup: this.newOrg(`${label}-warmup`),
			spec,
			requestsPerMinute: this.ceilingPerMinute,
			maxConcurrency: this.options.nodeConcurrency,
		};
	}

	importTask(contender: ContenderName, org: Org, spec: DatasetSpec, worker?: string): ImportTask {
		return {
			kind: 'import',
			contender,
			...this.nodeTask(org, spec, contender),
			batchSize: this.options.batchSize,
			batchIntervalMs: this.options.batchIntervalMs,
			worker,
		};
	}

	/** What the emulator saw of `org`: its request log, figures from it, its records against `spec`. */
	observe(org: Org, spec = this.spec) {
		const entries = this.emulator.log(org.apiKey);
		const log = logFigures(entries, this.ceilingPerMinute);
		return { entries, log, state: checkState(this.emulator.dump(org.apiKey), spec) };
	}

	async contender(name: ContenderName) {
		const org = this.newOrg(name);
		const [result] = await runTogether([startTask(this.importTask(name, org, this.spec))]);
		const { entries, log, state } = this.observe(org);
		return {
			name,
			percentOfCeiling: round(log.percentOfCeiling, 1),
			http429: log.http429,
			failed: result.failed,
			cascaded: result.cascaded,
			missing: state.missing,
			duplicated: state.duplicated,
			wrong: state.wrong,
			cpuMsPerItem: cpuMsPerItem(result),
			wallMs: result.wallMs,
			peakRssMb: result.peakRssMb,
			items: result.items,
			requests: log.requests,
			accepted: log.accepted,
			acceptedPerMinute: Math.round(log.acceptedPerMinute),
			busyMs: log.busyMs,
			maxPerWindow: log.maxPerWindow,
			maxInFlight: log.maxInFlight,
			errors: result.stages.flatMap((s) => s.errors.map((e) => `${s.stage}: ${e}`)).slice(0, 4),
			stages: result.stages.map((stage) => stageTiming(entries, stage)),
		};
	}

	async sync() {
		const records = this.options.syncRecords;
		const changeEvery = 100;
		const spec: DatasetSpec = { records, invoicesPerCustomer: 10 };
		const org = this.newOrg('sync');
		// The customers exist already (seeded without HTTP): the sync is about the invoices.
		const handle = this.emulator.org(org.apiKey);
		for (const row of customerRows(spec)) handle.upsert('customers', row.body);
		const [result] = await runTogether([
			startTask({ kind: 'sync', ...this.nodeTask(org, spec, 'sync'), changeEvery }),
		]);
		const entries = this.emulator.log(org.apiKey);
		const inRun = (from: number, to: number) =>
			entries.filter((e) => e.receivedAt >= from && e.respondedAt <= to);
		const expectedChanged = invoiceRows(spec)
			.filter((row) => row.i % changeEvery === 0)
			.map((row) => row.externalId);
		let changedWritesExact = false;
		const runs = result.phases.map((phase) => {
			const sent = inRun(phase.startedAt, phase.endedAt);
			const writes = sent.filter((e) => e.method === 'POST' && e.status !== 429);
			if (phase.name === 'changed') {
				const written = writes
					.map((e) => String((e.body as { externalId?: unknown }).externalId))
					.sort();
				changedWritesExact =
					JSON.stringify(written) === JSON.stringify([...expectedChanged].sort());
			}
			return {
				run: phase.name,
				items: phase.items,
				requests: sent.length,
				writes: writes.length,
				skipped: phase.skipped,
				failed: phase.failed,
				wallMs: phase.wallMs,
				cpuMsPerItem: cpuMsPerItem(phase),
				stateBytes: phase.stateBytes,
				stateBytesPerRecord: round(phase.stateBytes / phase.items, 2),
			};
		});
		// After the changed run, the emulator must hold exactly the changed source.
		const stored = new Map(
			this.emulator.dump(org.apiKey).invoices.map((inv) => [inv.externalId, inv.grossAmount]),
		);
		let missing = 0;
		let wrong = 0;
		for (const row of invoiceRows(spec, (i) => (i % changeEvery === 0 ? 1 : 0))) {
			if (!stored.has(row.externalId)) missing++;
			else if (stored.get(row.externalId) !== row.body.grossAmount) wrong++;
		}
		return {
			records,
			changed: expectedChanged.length,
			runs,
			/** The changed run wrote exactly the changed records (same externalIds, each once). */
			changedWritesExact,
			/** The emulator holds the changed amounts afterwards. */
			stateAfterChange: { missing, wrong },
			peakRssMb: result.peakRssMb,
		};
	}

	async twoWorkers() {
		const org = this.newOrg('two-workers');
		const labels = ['worker-A', 'worker-B'];
		const results = await runTogether(
			labels.map((label, index) =>
				startTask(
					this.importTask('upflow-node', org, { ...this.spec, share: { index, of: 2 } }, label),
				),
			),
		);
		const { entries, log, state } = this.observe(org);
		const customers = customerCount(this.spec);
		const workerOf = (entry: RequestLogEntry) => {
			const body = entry.body as
				| { externalId?: string; customer?: { externalId?: string } }
				| undefined;
			const customer = body?.customer?.externalId ?? body?.externalId ?? '';
			const c = Number(/^C-(\d+)$/.exec(customer)?.[1] ?? NaN);
			return Number.isNaN(c) ? -1 : (c % customers) % 2;
		};
		const workers = results.map((r, index) => ({
			worker: labels[index],
			items: r.items,
			failed: r.failed,
			http429: entries.filter((e) => e.status === 429 && workerOf(e) === index).length,
			wallMs: r.wallMs,
			cpuMsPerItem: cpuMsPerItem(r),
			peakRssMb: r.peakRssMb,
		}));
		return {
			workers,
			log,
			state,
			limitPerWindow: this.ceilingPerMinute,
			concurrencyLimit: EMULATOR_CONCURRENCY,
			withinLimits:
				log.maxPerWindow <= this.ceilingPerMinute && log.maxInFlight <= EMULATOR_CONCURRENCY,
			zeroFailed: workers.every((w) => w.failed === 0) && intact(state),
		};
	}
}

export async function main(argv: string[]): Promise<void> {
	const options = parseArgs(argv);
	const host = machine();
	const emulator = await startEmulator({ port: 0, organizations: [] });
	emulator.setLatency(options.latencyMs, options.jitterMs);
	const bench = new Bench(emulator, options);
	const output: Record<string, unknown> = {
		when: new Date().toISOString(),
		machine: host,
		settings: { ...options, ceilingPerMinute: bench.ceilingPerMinute },
	};
	for (const line of settingsLines(options, host, bench.ceilingPerMinute)) console.log(line);
	const started = Date.now();
	try {
		if (options.twoWorkers) {
			console.error('two workers: running ...');
			const figures = await bench.twoWorkers();
			printTwoWorkers(figures, options);
			output.twoWorkers = figures;
		} else if (options.scaleOut) {
			if (!options.itemsScaleOnly) {
				const { baseline, runs } = await multiWorker(bench);
				printMultiWorker(baseline, runs);
				output.multiWorker = runs;
				output.multiWorkerBaseline = baseline;
			}
			const itemsScale = await runItemsScale(emulator, options);
			printItemsScale(itemsScale);
			output.itemsScale = itemsScale;
		} else {
			const rows: ContenderRow[] = [];
			for (const name of options.contenders)
				rows.push(await progress(`${name}: running`, async () => await bench.contender(name)));
			if (rows.length) printContenders(rows, bench.ceilingPerMinute);
			output.contenders = rows;
			if (options.syncRecords > 0) {
				console.error(`sync: ${options.syncRecords} invoices, 3 runs ...`);
				const sync = await bench.sync();
				printSync(sync);
				output.sync = sync;
			}
		}
	} finally {
		await emulator.close();
		output.loadAverageAfter = loadAverage();
		// Whatever was measured is kept, also when a later part failed.
		if (options.json) writeFileSync(options.json, `${JSON.stringify(output, null, 2)}\n`);
	}
	const after = os.loadavg().map((l) => l.toFixed(2));
	console.log(
		`\nTotal ${((Date.now() - started) / 1000).toFixed(0)} s; load average after: ${after.join(' ')}`,
	);
	if (options.json) console.log(`Figures written to ${options.json}`);
}
