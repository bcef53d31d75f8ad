/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals -- a command-line tool: it prints its table and its progress */
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
import { WINDOW_MS, checkState, logFigures } from './analysis';
import type { DatasetSpec } from './dataset';
import type { Bench } from './main';
import { runTogether, startTask } from './protocol';
import { table } from './report';
import type { ImportResult, ImportTask, Org } from './protocol';

export type Load = 'even' | 'one-busy';

export interface MultiWorkerRun {
	workers: number;
	load: Load;
	retryAfter: boolean;
	/** The credential's Processes Sharing This Key in every process. */
	sharedBy: number;
	/** Writes imported (customers + invoices + payments). */
	records: number;
	requests: number;
	accepted: number;
	http429: number;
	/** http429 / requests, %. */
	http429Percent: number;
	failed: number;
	missing: number;
	duplicated: number;
	maxPerWindow: number;
	maxInFlight: number;
	wallMs: number;
	baselineWallMs: number;
	/** Throughput against the one-process baseline: baselineWallMs / wallMs, %. */
	percentOfBaseline: number;
	/** Accepted requests in consecutive 60 s windows from the first arrival. */
	acceptedPerWindow: number[];
	/** When each process that had records finished its import, ms after the first arrival. */
	workerEndsMs: number[];
	/** The goals for this run, and which were missed. */
	goalsMet: boolean;
	missed: string[];
}

export interface Baseline {
	records: number;
	requests: number;
	http429: number;
	wallMs: number;
	acceptedPerWindow: number[];
}

interface Imported {
	entries: RequestLogEntry[];
	results: ImportResult[];
	spec: DatasetSpec;
	org: Org;
}

/** One child per part (its own limiter), all started together on one organization. */
async function importTogether(
	bench: Bench,
	parts: DatasetSpec[],
	sharedBy: number,
	retryAfter: boolean,
	label: string,
): Promise<Imported> {
	// Upflow's limits, in the stricter setting where a refused request takes a slot of the window.
	const org = bench.newOrg(`scale-${label}`, { countRefused: true, retryAfter });
	const results = (await runTogether(
		parts.map((part, index) =>
			startTask({
				...(bench.importTask('upflow-node', org, part, `worker-${index + 1}`) as ImportTask),
				sharedBy,
			}),
		),
	)) as ImportResult[];
	return { entries: bench.emulator.log(org.apiKey), results, spec: bench.spec, org };
}

function perWindow(entries: RequestLogEntry[]): number[] {
	const accepted = entries.filter((e) => e.status !== 429 && e.status !== 401);
	if (accepted.length === 0) return [];
	const first = Math.min(...entries.map((e) => e.receivedAt));
	const counts: number[] = [];
	for (const e of accepted) {
		const w = Math.floor((e.receivedAt - first) / WINDOW_MS);
		while (counts.length <= w) counts.push(0);
		counts[w]++;
	}
	return counts;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

export async function baselineRun(bench: Bench): Promise<Baseline> {
	const { entries } = await importTogether(bench, [bench.spec], 1, true, 'baseline');
	const log = logFigures(entries, bench.ceilingPerMinute);
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
	run: { workers: number; load: Load; retryAfter: boolean; sharedBy: number },
): Promise<MultiWorkerRun> {
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
	const { entries, results, org } = await importTogether(bench, parts, sharedBy, retryAfter, label);
	const log = logFigures(entries, bench.ceilingPerMinute);
	const state = checkState(bench.emulator.dump(org.apiKey), spec);
	const failed = results.reduce((n, r) => n + r.failed, 0);
	const http429Percent = log.requests ? (log.http429 / log.requests) * 100 : 0;
	const missed: string[] = [];
	if (log.busyMs > baseline.wallMs / 0.95) missed.push('wall > baseline / 0.95');
	const maxShare = load === 'even' && !retryAfter ? 3 : 1;
	if (http429Percent > maxShare) missed.push(`429 > ${maxShare}%`);
	if (failed || state.missing || state.duplicated || state.wrong) missed.push('records lost');
	if (log.maxPerWindow > bench.ceilingPerMinute || log.maxInFlight > ORGANIZATION_CONCURRENCY)
		missed.push("over the emulator's limits");
	return {
		workers,
		load,
		retryAfter,
		sharedBy,
		records: spec.records * 3,
		requests: log.requests,
		accepted: log.accepted,
		http429: log.http429,
		http429Percent: round1(http429Percent),
		failed,
		missing: state.missing,
		duplicated: state.duplicated,
		maxPerWindow: log.maxPerWindow,
		maxInFlight: log.maxInFlight,
		wallMs: log.busyMs,
		baselineWallMs: baseline.wallMs,
		percentOfBaseline: round1((baseline.wallMs / log.busyMs) * 100),
		acceptedPerWindow: perWindow(entries),
		workerEndsMs: results
			.filter((r) => r.items > 0)
			.map((r) => r.endedAt - Math.min(...entries.map((e) => e.receivedAt)))
			.sort((a, b) => a - b),
		goalsMet: missed.length === 0,
		missed,
	};
}

/** Every run of the issue, told N and left at 1; progress on stderr. */
export async function multiWorker(
	bench: Bench,
): Promise<{ baseline: Baseline; runs: MultiWorkerRun[] }> {
	const workers = bench.options.workers;
	process.stderr.write(`scale-out baseline: 1 process, ${bench.spec.records * 3} writes ...`);
	const baseline = await baselineRun(bench);
	process.stderr.write(` ${(baseline.wallMs / 1000).toFixed(1)} s\n`);
	const runs: MultiWorkerRun[] = [];
	for (const sharedBy of [workers, 1])
		for (const [load, retryAfter] of [
			['even', true],
			['even', false],
			['one-busy', false],
		] as const) {
			process.stderr.write(
				`scale-out: ${workers} processes, ${load}, Retry-After ${retryAfter ? 'on' : 'off'}, Processes Sharing This Key ${sharedBy} ...`,
			);
			const run = await multiWorkerRun(bench, baseline, {
				workers,
				load,
				retryAfter,
				sharedBy,
			});
			process.stderr.write(` ${(run.wallMs / 1000).toFixed(1)} s\n`);
			runs.push(run);
		}
	return { baseline, runs };
}

export function printMultiWorker(baseline: Baseline, runs: MultiWorkerRun[]): void {
	const s = (ms: number) => (ms / 1000).toFixed(1);
	console.log(
		`Scale-out: ${baseline.records} writes into one organization that counts refused requests (600 per sliding 60 s, 10 in flight); baseline one process ${s(baseline.wallMs)} s (${baseline.http429} 429s, accepted per window ${baseline.acceptedPerWindow.join('/')})`,
	);
	for (const line of table(
		[
			'load',
			'workers',
			'shared by',
			'Retry-After',
			'requests',
			'429s',
			'429 %',
			'failed',
			'missing',
			'dup',
			'max/60s',
			'max in flight',
			'wall s',
			'baseline s',
			'% of baseline',
			'per window',
			'goals',
		],
		runs.map((r) => [
			r.load,
			String(r.workers),
			String(r.sharedBy),
			r.retryAfter ? 'yes' : 'no',
			String(r.requests),
			String(r.http429),
			r.http429Percent.toFixed(1),
			String(r.failed),
			String(r.missing),
			String(r.duplicated),
			String(r.maxPerWindow),
			String(r.maxInFlight),
			s(r.wallMs),
			s(r.baselineWallMs),
			r.percentOfBaseline.toFixed(1),
			r.acceptedPerWindow.join('/'),
			r.goalsMet ? 'met' : `MISSED: ${r.missed.join(', ')}`,
		]),
	))
		console.log(line);
}
