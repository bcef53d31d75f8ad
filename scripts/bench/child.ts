/**
 * One contender's import, or the Skip Unchanged runs, in its own process (forked by main.ts
 * through protocol.ts, which also carries the messages), so CPU time and peak RSS are its own.
 */
import type { IDataObject } from 'n8n-workflow';

import { NODE_PARAMETERS, STAGES, stageRows, invoiceRows } from './dataset';
import type { Row, Stage } from './dataset';
import { Http, answeredOk, httpStageRunner } from './http';
import type { Answer } from './http';
import { runUpflowNode } from './nodeRun';
import type { NodeRun } from './nodeRun';
import { measured, peakRssMb, serveTask } from './protocol';
import type {
	ImportResult,
	ImportTask,
	StageResult,
	SyncPhase,
	SyncResult,
	SyncTask,
	Task,
} from './protocol';

serveTask<Task, ImportResult | SyncResult>(async (task, readyThenGo) =>
	task.kind === 'sync' ? await runSync(task, readyThenGo) : await runImport(task, readyThenGo),
);

/** The warm-up (n8n-core, the package, the JIT), sent to another organization (another limiter). */
const WARMUP_ROWS = stageRows({ records: 5 }, 'customers');

/** Per row: undefined when it went through, else the error message. */
function nodeFailures(run: NodeRun, rows: Row[]): Array<string | undefined> {
	if (run.error && run.outputs.length === 0) return rows.map(() => run.error);
	const failures: Array<string | undefined> = rows.map(() => 'no output item');
	for (const item of run.outputs) {
		const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
		const index = typeof paired === 'number' ? paired : (paired?.item ?? -1);
		if (index < 0 || index >= rows.length) continue;
		failures[index] = item.error ? String(item.json.error ?? item.error.message) : undefined;
	}
	return failures;
}

// ---- the import ------------------------------------------------------------------------------------

async function runImport(task: ImportTask, readyThenGo: () => Promise<void>) {
	const stages = STAGES.map((stage) => [stage, stageRows(task.spec, stage)] as const);
	let runStage: (stage: Stage, rows: Row[]) => Promise<Array<string | undefined>>;
	let close = async () => {};

	if (task.contender === 'upflow-node') {
		await runUpflowNode(task, task.warmup, NODE_PARAMETERS.customers, WARMUP_ROWS);
		runStage = async (stage, rows) =>
			nodeFailures(await runUpflowNode(task, task.org, NODE_PARAMETERS[stage], rows), rows);
	} else {
		const warm = new Http(task.url, task.warmup);
		for (const row of WARMUP_ROWS) await warm.send('POST', '/customers', row.body);
		await warm.close();
		const http = new Http(task.url, task.org);
		const runner = await httpStageRunner(task.contender, http, task);
		runStage = async (stage, rows) =>
			(await runner(`/${stage}`, rows)).map((answer: Answer) =>
				answeredOk(answer) ? undefined : `${answer.status} ${answer.message ?? ''}`.trim(),
			);
		close = async () => await http.close();
	}

	await readyThenGo();

	const failedIds = new Set<string>();
	const [results, usage] = await measured(async () => {
		const results: StageResult[] = [];
		for (const [stage, rows] of stages) {
			const stageStart = Date.now();
			// A worker with no share of the records (scale-out's idle ones) runs nothing.
			const failures = rows.length ? await runStage(stage, rows) : [];
			const result: StageResult = {
				stage,
				items: rows.length,
				failed: 0,
				cascaded: 0,
				errors: [],
				startedAt: stageStart,
				endedAt: Date.now(),
			};
			failures.forEach((failure, k) => {
				if (failure === undefined) return;
				result.failed++;
				if (rows[k].parent !== undefined && failedIds.has(rows[k].parent!)) result.cascaded++;
				failedIds.add(rows[k].externalId);
				if (result.errors.length < 3 && !result.errors.includes(failure))
					result.errors.push(failure);
			});
			results.push(result);
		}
		return results;
	});
	await close();
	const sum = (key: 'items' | 'failed' | 'cascaded') => results.reduce((n, s) => n + s[key], 0);
	return {
		kind: 'import',
		...usage,
		peakRssMb: peakRssMb(),
		items: sum('items'),
		failed: sum('failed'),
		cascaded: sum('cascaded'),
		stages: results,
	} satisfies ImportResult;
}

// ---- Skip Unchanged: initial sync, unchanged re-sync, 1% changed -------------------------------------

async function runSync(task: SyncTask, readyThenGo: () => Promise<void>): Promise<SyncResult> {
	const parameters = { ...NODE_PARAMETERS.invoices, skipUnchanged: true };
	await runUpflowNode(task, task.warmup, NODE_PARAMETERS.customers, WARMUP_ROWS);
	await readyThenGo();

	const same = invoiceRows(task.spec);
	const changed = invoiceRows(task.spec, (i) => (i % task.changeEvery === 0 ? 1 : 0));
	let staticData: IDataObject = {};
	const phases: SyncPhase[] = [];
	for (const [name, rows] of [
		['initial', same],
		['unchanged', same],
		['changed', changed],
	] as const) {
		const [run, usage] = await measured(
			async () => await runUpflowNode(task, task.org, parameters, rows, staticData),
		);
		staticData = run.staticData;
		phases.push({
			name,
			...usage,
			items: rows.length,
			skipped: run.outputs.filter((item) => item.json.skipped === true).length,
			failed: nodeFailures(run, rows).filter((f) => f !== undefined).length,
			stateBytes: JSON.stringify(staticData).length,
		});
	}
	return { kind: 'sync', phases, peakRssMb: peakRssMb() };
}
