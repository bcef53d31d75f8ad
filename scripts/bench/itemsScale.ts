/* eslint-disable no-console -- bench tooling: it prints its progress and its table */
/**
 * `npm run bench -- --scale-out`, JSON key `itemsScale`: ONE execution of 100,000 invoices through
 * Invoice > Create or Update with Skip Unchanged where nothing changed (a nightly sync of a large
 * ERP), against the engine's floor for the same items.
 *
 * 1. seed: the workflow sends every invoice once (executions of 10,000) to an organization without
 *    limits and with no latency, so the node itself writes its Skip Unchanged state;
 * 2. node: the same workflow, the same invoices in ONE execution, that static data: the measured run;
 * 3. floor: the same items and parameter expressions through a node that does no work (see
 *    itemsScaleChild.ts, floorNodeType), measured at the same time as 2.
 *
 * Each run is its own child process (CPU via process.cpuUsage over the execution, peak RSS via
 * process.resourceUsage().maxRSS over the process); requests come from the emulator's log.
 */
import type { Emulator } from '../../test/emulator';
import type { BenchOptions } from './args';
import { customerRows } from './dataset';
import type { DatasetSpec } from './dataset';
import type { ItemsRole, ItemsRunResult, ItemsTask } from './itemsScaleChild';
import { cpuMsPerItem, round, runTogether, startChild } from './protocol';
import type { Child, Org } from './protocol';
import { printTable, s } from './report';

/** Invoices per customer in the ERP: 100,000 invoices over 10,000 customers. */
const INVOICES_PER_CUSTOMER = 10;
const WARMUP_ITEMS = 500;
/** The seed sends the invoices in executions of this many (an initial import in slices). */
const SEED_ITEMS_PER_EXECUTION = 10_000;
/** The goals this run is held to: CPU and peak RSS against the floor, requests per 1,000 items. */
export const ITEMS_GOALS = { cpuRatio: 1.5, rssRatio: 1.5, requestsPer1000Items: 1 };

export type ItemsScaleFigures = Awaited<ReturnType<typeof runItemsScale>>;

/** One run in its own process (itemsScaleChild.ts); profiles of the measured ones into `profileDir`. */
function startItems(task: ItemsTask, profileDir?: string): Child<ItemsRunResult> {
	// Profiles of the measured processes (not the seed): node --cpu-prof / --heap-prof.
	const execArgv =
		profileDir && task.role !== 'seed'
			? ['cpu', 'heap'].flatMap((kind) => [
					`--${kind}-prof`,
					`--${kind}-prof-dir=${profileDir}`,
					`--${kind}-prof-name=${task.role}.${kind}profile`,
				])
			: [];
	return startChild('itemsScaleChild.ts', task, {
		label: `itemsScale ${task.role}`,
		timeoutMs: 60 * 60_000,
		execArgv,
	});
}

export async function runItemsScale(emulator: Emulator, options: BenchOptions) {
	const spec: DatasetSpec = { records: options.items, invoicesPerCustomer: INVOICES_PER_CUSTOMER };
	// ONE organization: Skip Unchanged keys its state by the credential (base URL + API key), so the
	// seed and the measured run must share it. No limits (the seed is bounded by CPU; the measured
	// run should send nothing), and the customers the invoices belong to exist already.
	const org: Org = { apiKey: 'items-scale-key', apiSecret: 'items-scale-secret' };
	emulator.addOrganization({ ...org, requestsPerWindow: 1_000_000_000, concurrency: 1_000 });
	const handle = emulator.org(org.apiKey);
	for (const row of customerRows(spec)) handle.upsert('customers', row.body);
	const task = (role: ItemsRole): ItemsTask => ({
		role,
		url: emulator.url,
		org,
		spec,
		// The credential's ceilings: the seed is bounded by CPU, not by the node's limiter.
		requestsPerMinute: 100_000,
		maxConcurrency: 10,
	});
	const sentDuring = (run: ItemsRunResult) =>
		emulator
			.log(org.apiKey)
			.filter((entry) => entry.receivedAt >= run.startedAt && entry.receivedAt <= run.endedAt);

	console.error(`itemsScale: seeding ${spec.records} invoices (no limits, no latency) ...`);
	emulator.setLatency(0, 0);
	const [seed] = await runTogether([
		startItems({ ...task('seed'), itemsPerExecution: SEED_ITEMS_PER_EXECUTION }),
	]);
	if (seed.failed > 0 || !seed.staticData)
		throw new Error(`The itemsScale seed run failed ${seed.failed} items: ${seed.firstError}`);

	// The node and its floor at the same time, so both see the same machine: on a shared machine
	// the CPU time of one process drifts with the load of the others.
	emulator.setLatency(options.latencyMs, options.jitterMs);
	console.error('itemsScale: the unchanged execution and the floor, side by side ...');
	const [node, floor] = await runTogether([
		startItems(
			{ ...task('node'), staticData: seed.staticData, warmupItems: WARMUP_ITEMS },
			options.itemsProfile,
		),
		startItems({ ...task('floor'), warmupItems: WARMUP_ITEMS }, options.itemsProfile),
	]);

	const requests = sentDuring(node).length;
	const cpuRatio = round(cpuMsPerItem(node) / cpuMsPerItem(floor), 2);
	const rssRatio = round(node.peakRssMb / floor.peakRssMb, 2);
	const requestsPer1000Items = round((requests / node.items) * 1000, 3);
	return {
		items: node.items,
		customers: customerRows(spec).length,
		/** Requests the emulator logged during the measured (unchanged) execution. */
		requests,
		cpuMsPerItem: cpuMsPerItem(node),
		floorCpuMsPerItem: cpuMsPerItem(floor),
		peakRssMb: node.peakRssMb,
		floorPeakRssMb: floor.peakRssMb,
		cpuRatio,
		rssRatio,
		requestsPer1000Items,
		/** Items the measured execution answered `skipped: true` (all of them when nothing changed). */
		skipped: node.skipped,
		failed: node.failed,
		wallMs: node.wallMs,
		floorWallMs: floor.wallMs,
		/** Bytes of the workflow's static data the measured run started from. */
		stateBytes: seed.stateBytes,
		goals: ITEMS_GOALS,
		goalsMet: {
			cpu: cpuRatio <= ITEMS_GOALS.cpuRatio,
			rss: rssRatio <= ITEMS_GOALS.rssRatio,
			requests: requestsPer1000Items <= ITEMS_GOALS.requestsPer1000Items,
		},
		/** The first run, which wrote the state (no limits, no latency). */
		seed: {
			items: seed.items,
			requests: sentDuring(seed).length,
			skipped: seed.skipped,
			failed: seed.failed,
			wallMs: seed.wallMs,
			cpuMsPerItem: cpuMsPerItem(seed),
			peakRssMb: seed.peakRssMb,
			stateBytes: seed.stateBytes,
			firstError: seed.firstError,
		},
	};
}

export function printItemsScale(f: ItemsScaleFigures): void {
	console.log(
		`\nitemsScale: one execution of ${f.items} invoices (${f.customers} customers), Invoice > Create or Update with Skip Unchanged, nothing changed`,
	);
	const floor = {
		run: 'engine floor',
		items: f.items,
		requests: 0,
		skipped: 0,
		failed: 0,
		wallMs: f.floorWallMs,
		cpuMsPerItem: f.floorCpuMsPerItem,
		peakRssMb: f.floorPeakRssMb,
	};
	printTable<typeof floor>(
		[
			['run', (r) => r.run],
			['items', (r) => String(r.items)],
			['requests', (r) => String(r.requests)],
			['skipped', (r) => String(r.skipped)],
			['failed', (r) => String(r.failed)],
			['wall s', (r) => s(r.wallMs)],
			['CPU ms/item', (r) => r.cpuMsPerItem.toFixed(3)],
			['peak RSS MB', (r) => r.peakRssMb.toFixed(0)],
		],
		[{ ...f.seed, run: 'seed (first sync)' }, { ...f, run: 'upflow, unchanged' }, floor],
	);
	const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
	console.log(
		`CPU ${f.cpuRatio}x the floor (goal <= ${f.goals.cpuRatio}x: ${verdict(f.goalsMet.cpu)}); ` +
			`peak RSS ${f.rssRatio}x (goal <= ${f.goals.rssRatio}x: ${verdict(f.goalsMet.rss)}); ` +
			`${f.requestsPer1000Items} requests per 1,000 items (goal <= ${f.goals.requestsPer1000Items}: ${verdict(f.goalsMet.requests)}); ` +
			`state ${f.stateBytes} bytes`,
	);
}
