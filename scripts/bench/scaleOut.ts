/* eslint-disable no-console -- a command-line tool: it prints its table */
/**
 * `npm run bench -- --scale-out`, the `multiWorker` runs: N node processes (as N queue-mode
 * workers have, each with its own limiter) importing into ONE emulator organization with Upflow's
 * limits, in the stricter setting where a refused request takes a slot of the window like an
 * accepted one. Compared with the same records imported by one process in the same bench run.
 *
 * - even: every process imports its share (whole customer families) at the same time, with and
 *   without Retry-After on 429s;
 * - one-busy: one process imports everything, the others idle (they start, warm up and send
 *   nothing), without Retry-After;
 * each once with the credential's Processes Sharing This Key set to N (what README "Scaling" tells
 * a queue-mode user) and once left at its default (1).
 *
 * Every figure comes from the emulator's request log and state dump; wall time is from the first
 * request's arrival to the last answer.
 */
import { ORGANIZATION_CONCURRENCY } from '../../nodes/Upflow/transport/limiter';
import type { RequestLogEntry } from '../../test/emulator';
import { WINDOW_MS, accepted, intact } from './analysis';
import type { DatasetSpec } from './dataset';
import type { Bench } from './main';
import { round, runTogether, startTask } from './protocol';
import { printTable, progress, s } from './report';

export type Baseline = Awaited<ReturnType<typeof baselineRun>>;
export type MultiWorkerRun = Awaited<ReturnType<typeof multiWorkerRun>>;

/** One child per part (its own limiter), all started together on one organization. */
async function importTogether(
	bench: Bench,
	label: string,
	parts: DatasetSpec[],
	{ sharedBy, retryAfter }: { sharedBy: number; retryAfter: boolean },
) {
	// Upflow's limits, in the stricter setting where a refused request takes a slot of the window.
	const org = bench.newOrg(`scale-${label}`, { countRefused: true, retryAfter });
	const results = await runTogether(
		parts.map((part, index) =>
			startTask({
				...bench.importTask('upflow-node', org, part, `worker-${index + 1}`),
				sharedBy,
			}),
		),
	);
	return { results, ...bench.observe(org) };
}

/** Accepted requests in consecutive 60 s windows from the first arrival. */
function perWindow(entries: RequestLogEntry[]): number[] {
	const answered = accepted(entries);
	if (answered.length === 0) return [];
	const first = Math.min(...entries.map((e) => e.receivedAt));
	const counts: number[] = [];
	for (const e of answered) {
		const w = Math.floor((e.receivedAt - first) / WINDOW_MS);
		while (counts.length <= w) counts.push(0);
		counts[w]++;
	}
	return counts;
}

export async function baselineRun(bench: Bench) {
	const oneProcess = { sharedBy: 1, retryAfter: true };
	const { entries, log } = await importTogether(bench, 'baseline', [bench.spec], oneProcess);
	return {
		records: bench.spec.records * 3,
		requests: log.requests,
		http429: log.http429,
		wallMs: log.busyMs,
		acceptedPerWindow: perWindow(entries),
	};
}

export async function multiWorkerRun(
	bench: Bench,
	baseline: Baseline,
	run: { workers: number; load: 'even' | 'one-busy'; retryAfter: boolean; sharedBy: number },
) {
	const { workers, load, retryAfter, sharedBy } = run;
	const spec = bench.spec;
	const parts: DatasetSpec[] = Array.from({ length: workers }, (_, index) =>
		load === 'even'
			? { ...spec, share: { index, of: workers } }
			: index === 0
				? spec
				: { ...spec, records: 0 },
	);
	const label = `${load}-${retryAfter ? 'ra' : 'no-ra'}-${sharedBy}`;
	const { results, entries, log, state } = await importTogether(bench, label, parts, run);
	const failed = results.reduce((n, r) => n + r.failed, 0);
	const http429Percent = log.requests ? (log.http429 / log.requests) * 100 : 0;
	const missed: string[] = [];
	if (log.busyMs > baseline.wallMs / 0.95) missed.push('wall > baseline / 0.95');
	const maxShare = load === 'even' && !retryAfter ? 3 : 1;
	if (http429Percent > maxShare) missed.push(`429 > ${maxShare}%`);
	if (failed || !intact(state)) missed.push('records lost');
	if (log.maxPerWindow > bench.ceilingPerMinute || log.maxInFlight > ORGANIZATION_CONCURRENCY)
		missed.push("over the emulator's limits");
	const first = Math.min(...entries.map((e) => e.receivedAt));
	return {
		workers,
		load,
		retryAfter,
		/** The credential's Processes Sharing This Key in every process. */
		sharedBy,
		/** Writes imported (customers + invoices + payments). */
		records: spec.records * 3,
		requests: log.requests,
		accepted: log.accepted,
		http429: log.http429,
		/** http429 / requests, %. */
		http429Percent: round(http429Percent, 1),
		failed,
		missing: state.missing,
		duplicated: state.duplicated,
		maxPerWindow: log.maxPerWindow,
		maxInFlight: log.maxInFlight,
		wallMs: log.busyMs,
		baselineWallMs: baseline.wallMs,
		/** Throughput against the one-process baseline: baselineWallMs / wallMs, %. */
		percentOfBaseline: round((baseline.wallMs / log.busyMs) * 100, 1),
		acceptedPerWindow: perWindow(entries),
		/** When each process that had records finished its import, ms after the first arrival. */
		workerEndsMs: results
			.filter((r) => r.items > 0)
			.map((r) => r.endedAt - first)
			.sort((a, b) => a - b),
		/** The goals for this run, and which were missed. */
		goalsMet: missed.length === 0,
		missed,
	};
}

/** Every run of the issue, told N and left at 1; progress on stderr. */
export async function multiWorker(bench: Bench) {
	const workers = bench.options.workers;
	const baseline = await progress(
		`scale-out baseline: 1 process, ${bench.spec.records * 3} writes`,
		async () => await baselineRun(bench),
	);
	const runs: MultiWorkerRun[] = [];
	for (const sharedBy of [workers, 1])
		for (const [load, retryAfter] of [
			['even', true],
			['even', false],
			['one-busy', false],
		] as const)
			runs.push(
				await progress(
					`scale-out: ${workers} processes, ${load}, Retry-After ${retryAfter ? 'on' : 'off'}, Processes Sharing This Key ${sharedBy}`,
					async () =>
						await multiWorkerRun(bench, baseline, { workers, load, retryAfter, sharedBy }),
				),
			);
	return { baseline, runs };
}

export function printMultiWorker(baseline: Baseline, runs: MultiWorkerRun[]): void {
	console.log(
		`Scale-out: ${baseline.records} writes into one organization that counts refused requests (600 per sliding 60 s, 10 in flight); baseline one process ${s(baseline.wallMs)} s (${baseline.http429} 429s, accepted per window ${baseline.acceptedPerWindow.join('/')})`,
	);
	printTable<MultiWorkerRun>(
		[
			['load', (r) => r.load],
			['workers', (r) => String(r.workers)],
			['shared by', (r) => String(r.sharedBy)],
			['Retry-After', (r) => (r.retryAfter ? 'yes' : 'no')],
			['requests', (r) => String(r.requests)],
			['429s', (r) => String(r.http429)],
			['429 %', (r) => r.http429Percent.toFixed(1)],
			['failed', (r) => String(r.failed)],
			['missing', (r) => String(r.missing)],
			['dup', (r) => String(r.duplicated)],
			['max/60s', (r) => String(r.maxPerWindow)],
			['max in flight', (r) => String(r.maxInFlight)],
			['wall s', (r) => s(r.wallMs)],
			['baseline s', (r) => s(r.baselineWallMs)],
			['% of baseline', (r) => r.percentOfBaseline.toFixed(1)],
			['per window', (r) => r.acceptedPerWindow.join('/')],
			['goals', (r) => (r.goalsMet ? 'met' : `MISSED: ${r.missed.join(', ')}`)],
		],
		runs,
	);
}
