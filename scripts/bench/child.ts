/**
 * One contender's import, or the Skip Unchanged runs, in its own process (forked by main.ts
 * through protocol.ts, which also carries the messages), so CPU time and peak RSS are its own.
 */
import type { IDataObject } from 'n8n-workflow';

import { API_PATH, NODE_PARAMETERS, STAGES, stageRows, invoiceRows } from './dataset';
import type { Row, Stage } from './dataset';
import { Http, answeredOk, httpStageRunner } from './http';
import type { Answer } from './http';
import { runUpflowNode } from './nodeRun';
import type { NodeRun } from './nodeRun';
import { measureFrom, peakRssMb, serveTask } from './protocol';
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

async function runImport(
	task: ImportTask,
	readyThenGo: () => Promise<void>,
): Promise<ImportResult> {
	const stages: Record<Stage, Row[]> = {
		customers: stageRows(task.spec, 'customers'),
		invoices: stageRows(task.spec, 'invoices'),
		payments: stageRows(task.spec, 'payments'),
	};
	let runStage: (stage: Stage, rows: Row[]) => Promise<Array<string | undefined>>;
	let close = async () => {};

	if (task.contender === 'upflow-node') {
		// Warm-up: n8n-core, the package and the JIT, on another organization (another limiter).
		await runUpflowNode(
			task.url,
			task.warmup,
			task,
			NODE_PARAMETERS.customers,
			stageRows({ records: 5 }, 'customers'),
		);
		runStage = async (stage, rows) =>
			nodeFailures(
				await runUpflowNode(task.url, task.org, task, NODE_PARAMETERS[stage], rows),
				rows,
			);
	} else {
		const warm = new Http(task.url, task.warmup);
		for (let i = 0; i < 5; i++)
			await warm.send('POST', API_PATH.customers, stageRows({ records: 5 }, 'customers')[i].body);
		await warm.close();
		const http = new Http(task.url, task.org);
		const runner = await httpStageRunner(task.contender, http, task);
		runStage = async (stage, rows) =>
			(await runner(API_PATH[stage], rows)).map((answer: Answer) =>
				answeredOk(answer) ? undefined : `${answer.status} ${answer.message ?? ''}`.trim(),
			);
		close = async () => await http.close();
	}

	await readyThenGo();

	const done = measureFrom();
	const startedAt = Date.now();
	const failedIds = new Set<string>();
	const results: StageResult[] = [];
	for (const stage of STAGES) {
		const rows = stages[stage];
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
			if (result.errors.length < 3 && !result.errors.includes(failure)) result.errors.push(failure);
		});
		results.push(result);
	}
	const endedAt = Date.now();
	const usage = done();
	await close();
	return {
		kind: 'import',
		...usage,
		peakRssMb: peakRssMb(),
		items: results.reduce((n, s) => n + s.items, 0),
		failed: results.reduce((n, s) => n + s.failed, 0),
		cascaded: results.reduce((n, s) => n + s.cascaded, 0),
		stages: results,
		startedAt,
		endedAt,
	};
}

// ---- Skip Unchanged: initial sync, unchanged re-sync, 1% changed -------------------------------------

async function runSync(task: SyncTask, readyThenGo: () => Promise<void>): Promise<SyncResult> {
	const parameters = { ...NODE_PARAMETERS.invoices, skipUnchanged: true };
	await runUpflowNode(
		task.url,
		task.warmup,
		task,
		NODE_PARAMETERS.customers,
		stageRows({ records: 5 }, 'customers'),
	);
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
		const done = measureFrom();
		const startedAt = Date.now();
		const run = await runUpflowNode(task.url, task.org, task, parameters, rows, staticData);
		const endedAt = Date.now();
		staticData = run.staticData;
		const failures = nodeFailures(run, rows);
		phases.push({
			name,
			...done(),
			peakRssMb: peakRssMb(),
			items: rows.length,
			skipped: run.outputs.filter((item) => item.json.skipped === true).length,
			failed: failures.filter((f) => f !== undefined).length,
			stateBytes: JSON.stringify(staticData).length,
			startedAt,
			endedAt,
		});
	}
	return { kind: 'sync', phases, peakRssMb: peakRssMb() };
}
