/* eslint-disable no-console -- a benchmark report: it prints its tables */
/** The tables `npm run bench` prints. */
import type { BenchOptions } from './args';
import type { ContenderRow, Machine, SyncFigures, TwoWorkersFigures } from './main';

export function table(headers: string[], rows: string[][], rightAligned = true): string[] {
	const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells: string[]) =>
		cells
			.map((c, i) => (i === 0 || !rightAligned ? c.padEnd(widths[i]) : c.padStart(widths[i])))
			.join('  ');
	return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

const s = (ms: number) => (ms / 1000).toFixed(1);

export function settingsLines(o: BenchOptions, m: Machine, ceiling: number): string[] {
	const writes = o.records * 3;
	const lines = [
		`Machine: ${m.nproc} CPUs (${m.cpuModel}), ${m.memTotalGb} GB RAM (${m.memFreeGb} GB free), Node ${m.node}, load average ${m.loadAverage.join(' ')}`,
		`Emulator: ${ceiling} requests per sliding 60 s window (600 x ${o.scale}), ${10} in flight, latency ${o.latencyMs} ms +- ${o.jitterMs} ms`,
		o.twoWorkers
			? `Import: ${o.records} customers, ${o.records} invoices, ${o.records} payments (${writes} writes), split between two node processes sharing one organization`
			: o.scaleOut
				? `Import: ${o.records} customers, ${o.records} invoices, ${o.records} payments (${writes} writes), by ${o.workers} node processes sharing one organization, and by one`
				: o.contenders.length
					? `Import: ${o.records} customers, ${o.records} invoices, ${o.records} payments (${writes} writes); ${o.invoicesPerCustomer} invoice(s) per customer; contenders ${o.contenders.join(', ')}`
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
	const out = table(
		[
			'contender',
			'wall s',
			'requests',
			'accepted/min',
			'% ceiling',
			'429s',
			'failed (cascaded)',
			'missing',
			'dup',
			'wrong',
			'max/60s',
			'max in flight',
			'CPU ms/item',
			'peak RSS MB',
		],
		rows.map((r) => [
			r.name,
			s(r.wallMs),
			String(r.requests),
			String(r.acceptedPerMinute),
			r.percentOfCeiling.toFixed(1),
			String(r.http429),
			`${r.failed} (${r.cascaded})`,
			String(r.missing),
			String(r.duplicated),
			String(r.wrong),
			String(r.maxPerWindow),
			String(r.maxInFlight),
			r.cpuMsPerItem.toFixed(3),
			r.peakRssMb.toFixed(0),
		]),
	);
	console.log(
		`Import, side by side (ceiling ${ceiling}/min; % ceiling = accepted requests in the busiest 60 s window, or per minute over the busy span for runs under a minute; from the emulator's log)`,
	);
	for (const line of out) console.log(line);
	console.log(
		'\nWhere the time goes, per stage (client clock + emulator log): before the first request, sending, after the last answer',
	);
	const timing: string[][] = [];
	for (const r of rows)
		for (const t of r.stages)
			timing.push([
				r.name,
				t.stage,
				String(t.wallMs),
				String(t.beforeFirstMs),
				String(t.sendingMs),
				String(t.afterLastMs),
				t.meanInFlight.toFixed(2),
				t.meanServerMs.toFixed(1),
			]);
	for (const line of table(
		[
			'contender',
			'stage',
			'wall ms',
			'before 1st ms',
			'sending ms',
			'after last ms',
			'mean in flight',
			'mean server ms',
		],
		timing,
	))
		console.log(line);
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
	const out = table(
		[
			'run',
			'items',
			'requests',
			'writes',
			'skipped',
			'failed',
			'wall s',
			'CPU ms/item',
			'state bytes',
			'bytes/record',
		],
		f.runs.map((r) => [
			r.run,
			String(r.items),
			String(r.requests),
			String(r.writes),
			String(r.skipped),
			String(r.failed),
			s(r.wallMs),
			r.cpuMsPerItem.toFixed(3),
			String(r.stateBytes),
			r.stateBytesPerRecord.toFixed(2),
		]),
	);
	for (const line of out) console.log(line);
	console.log(
		`Changed run wrote exactly the ${f.changed} changed invoices: ${f.changedWritesExact ? 'yes' : 'NO'}; emulator afterwards: ${f.stateAfterChange.missing} missing, ${f.stateAfterChange.wrong} wrong`,
	);
}

export function printTwoWorkers(f: TwoWorkersFigures, o: BenchOptions): void {
	console.log('Two workers (two node processes, one organization, started together)');
	for (const line of table(
		['worker', 'items', 'failed', '429s', 'wall s', 'CPU ms/item', 'peak RSS MB'],
		f.workers.map((w) => [
			w.worker,
			String(w.items),
			String(w.failed),
			String(w.http429),
			s(w.wallMs),
			w.cpuMsPerItem.toFixed(3),
			w.peakRssMb.toFixed(0),
		]),
	))
		console.log(line);
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
