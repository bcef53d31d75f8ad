/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals -- a benchmark report: it prints its tables and its progress */
/** The tables `npm run bench` prints. */
import type { BenchOptions } from './args';
import type { ContenderRow, Machine, SyncFigures, TwoWorkersFigures } from './main';

/** A column of a table: its header, and its cell for a row. */
type Column<R> = [header: string, cell: (row: R) => string];

/** Prints a table: the first column left-aligned, the others right-aligned. */
export function printTable<R>(columns: Array<Column<R>>, rows: R[]): void {
	const headers = columns.map(([header]) => header);
	const cells = rows.map((row) => columns.map(([, cell]) => cell(row)));
	const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
	const line = (texts: string[]) =>
		texts.map((t, i) => (i === 0 ? t.padEnd(widths[i]) : t.padStart(widths[i]))).join('  ');
	console.log(line(headers));
	console.log(widths.map((w) => '-'.repeat(w)).join('  '));
	for (const row of cells) console.log(line(row));
}

/** Milliseconds as seconds with one decimal. */
export const s = (ms: number) => (ms / 1000).toFixed(1);

/** Runs `work` with `label ...` on stderr, then the wall time it reports. */
export async function progress<T extends { wallMs: number }>(
	label: string,
	work: () => Promise<T>,
): Promise<T> {
	process.stderr.write(`${label} ...`);
	const figures = await work();
	process.stderr.write(` ${s(figures.wallMs)} s\n`);
	return figures;
}

export function settingsLines(o: BenchOptions, m: Machine, ceiling: number): string[] {
	const imported = `Import: ${o.records} customers, ${o.records} invoices, ${o.records} payments (${o.records * 3} writes)`;
	const lines = [
		`Machine: ${m.nproc} CPUs (${m.cpuModel}), ${m.memTotalGb} GB RAM (${m.memFreeGb} GB free), Node ${m.node}, load average ${m.loadAverage.join(' ')}`,
		`Emulator: ${ceiling} requests per sliding 60 s window (600 x ${o.scale}), ${10} in flight, latency ${o.latencyMs} ms +- ${o.jitterMs} ms`,
		o.twoWorkers
			? `${imported}, split between two node processes sharing one organization`
			: o.scaleOut
				? `${imported}, by ${o.workers} node processes sharing one organization, and by one`
				: o.contenders.length
					? `${imported}; ${o.invoicesPerCustomer} invoice(s) per customer; contenders ${o.contenders.join(', ')}`
					: 'Import: skipped (--contenders none)',
		`upflow-node / raw-undici: Requests per Minute ${ceiling}, Max Concurrent Requests ${o.nodeConcurrency}; batching: ${o.batchSize} items per ${o.batchIntervalMs} ms`,
	];
	if (!o.twoWorkers && !o.scaleOut)
		lines.push(
			o.syncRecords > 0
				? `Skip Unchanged: ${o.syncRecords} invoices over ${Math.ceil(o.syncRecords / 10)} seeded customers, 1% changed in the third run`
				: 'Skip Unchanged: skipped (--sync-records 0)',
		);
	lines.push('');
	return lines;
}

export function printContenders(rows: ContenderRow[], ceiling: number): void {
	console.log(
		`Import, side by side (ceiling ${ceiling}/min; % ceiling = accepted requests in the busiest 60 s window, or per minute over the busy span for runs under a minute; from the emulator's log)`,
	);
	printTable<ContenderRow>(
		[
			['contender', (r) => r.name],
			['wall s', (r) => s(r.wallMs)],
			['requests', (r) => String(r.requests)],
			['accepted/min', (r) => String(r.acceptedPerMinute)],
			['% ceiling', (r) => r.percentOfCeiling.toFixed(1)],
			['429s', (r) => String(r.http429)],
			['failed (cascaded)', (r) => `${r.failed} (${r.cascaded})`],
			['missing', (r) => String(r.missing)],
			['dup', (r) => String(r.duplicated)],
			['wrong', (r) => String(r.wrong)],
			['max/60s', (r) => String(r.maxPerWindow)],
			['max in flight', (r) => String(r.maxInFlight)],
			['CPU ms/item', (r) => r.cpuMsPerItem.toFixed(3)],
			['peak RSS MB', (r) => r.peakRssMb.toFixed(0)],
		],
		rows,
	);
	console.log(
		'\nWhere the time goes, per stage (client clock + emulator log): before the first request, sending, after the last answer',
	);
	printTable<ContenderRow['stages'][number] & { name: string }>(
		[
			['contender', (t) => t.name],
			['stage', (t) => t.stage],
			['wall ms', (t) => String(t.wallMs)],
			['before 1st ms', (t) => String(t.beforeFirstMs)],
			['sending ms', (t) => String(t.sendingMs)],
			['after last ms', (t) => String(t.afterLastMs)],
			['mean in flight', (t) => t.meanInFlight.toFixed(2)],
			['mean server ms', (t) => t.meanServerMs.toFixed(1)],
		],
		rows.flatMap((r) => r.stages.map((t) => ({ ...t, name: r.name }))),
	);
	const withErrors = rows.filter((r) => r.errors.length > 0);
	if (withErrors.length) {
		console.log('\nFirst errors:');
		for (const r of withErrors)
			for (const e of r.errors) console.log(`  ${r.name}  ${e.slice(0, 160)}`);
	}
}

export function printSync(f: SyncFigures): void {
	console.log(
		`\nSkip Unchanged: ${f.records} invoices (customers seeded), synced, re-synced unchanged, then with ${f.changed} (1%) changed`,
	);
	printTable<SyncFigures['runs'][number]>(
		[
			['run', (r) => r.run],
			['items', (r) => String(r.items)],
			['requests', (r) => String(r.requests)],
			['writes', (r) => String(r.writes)],
			['skipped', (r) => String(r.skipped)],
			['failed', (r) => String(r.failed)],
			['wall s', (r) => s(r.wallMs)],
			['CPU ms/item', (r) => r.cpuMsPerItem.toFixed(3)],
			['state bytes', (r) => String(r.stateBytes)],
			['bytes/record', (r) => r.stateBytesPerRecord.toFixed(2)],
		],
		f.runs,
	);
	console.log(
		`Changed run wrote exactly the ${f.changed} changed invoices: ${f.changedWritesExact ? 'yes' : 'NO'}; emulator afterwards: ${f.stateAfterChange.missing} missing, ${f.stateAfterChange.wrong} wrong`,
	);
}

export function printTwoWorkers(f: TwoWorkersFigures, o: BenchOptions): void {
	console.log('Two workers (two node processes, one organization, started together)');
	printTable<TwoWorkersFigures['workers'][number]>(
		[
			['worker', (w) => w.worker],
			['items', (w) => String(w.items)],
			['failed', (w) => String(w.failed)],
			['429s', (w) => String(w.http429)],
			['wall s', (w) => s(w.wallMs)],
			['CPU ms/item', (w) => w.cpuMsPerItem.toFixed(3)],
			['peak RSS MB', (w) => w.peakRssMb.toFixed(0)],
		],
		f.workers,
	);
	const l = f.log;
	console.log(
		`\nEmulator: ${l.requests} requests, ${l.accepted} accepted, ${l.http429} answered 429; busy ${s(l.busyMs)} s, ${Math.round(l.acceptedPerMinute)} accepted/min = ${l.percentOfCeiling.toFixed(1)}% of ${f.limitPerWindow}/min`,
	);
	console.log(
		`Max accepted in any 60 s window: ${l.maxPerWindow} (limit ${f.limitPerWindow}); max in flight: ${l.maxInFlight} (limit ${f.concurrencyLimit})`,
	);
	console.log(
		`Records: ${f.state.missing} missing, ${f.state.duplicated} duplicated, ${f.state.wrong} wrong of ${f.state.expected}`,
	);
	if (o.records * 3 <= f.limitPerWindow) {
		console.log(
			`Note: ${o.records * 3} writes fit in one window of ${f.limitPerWindow}: the organization's rate limit was never reached (use more --records or a lower --scale).`,
		);
	}
	console.log(
		`Both workers 0 failed, nothing lost or duplicated: ${f.zeroFailed ? 'yes' : 'NO'}; the emulator never accepted more than its limits: ${f.withinLimits ? 'yes' : 'NO'}`,
	);
}
