/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- a benchmark run by Node, not n8n: it forks its children and talks to them over IPC */
/**
 * What the bench parent (emulator, tables) and its child processes (one per run, so CPU time and
 * peak RSS are their own) say to each other over IPC: parent -> task; the child warms up -> ready;
 * parent -> go (children that run together start together); the child runs -> result or error.
 * Both sides live here: startChild (the parent's) and serveTask (the child's).
 */
import { fork } from 'node:child_process';
import path from 'node:path';

import type { DatasetSpec, Stage } from './dataset';

export const CONTENDERS = [
	'upflow-node',
	'serial',
	'http-request-default',
	'http-request-batching',
	'raw-undici',
] as const;
export type ContenderName = (typeof CONTENDERS)[number];

export interface Org {
	apiKey: string;
	apiSecret: string;
}

/** What every run of the Upflow node (or of a contender in its place) needs. */
export interface NodeTask {
	/** Emulator root URL (http://127.0.0.1:PORT). */
	url: string;
	org: Org;
	spec: DatasetSpec;
	/** The credential's Requests per Minute (600 x scale). */
	requestsPerMinute: number;
	/** The node's Max Concurrent Requests (credential default 5); raw-undici uses the same. */
	maxConcurrency: number;
	/** The credential's Processes Sharing This Key (default 1). */
	sharedBy?: number;
}

export interface ImportTask extends NodeTask {
	kind: 'import';
	contender: ContenderName;
	/** A separate organization for the warm-up (JIT, n8n-core loading), not measured. */
	warmup: Org;
	batchSize: number;
	batchIntervalMs: number;
	/** Worker label in two-workers mode. */
	worker?: string;
}

export interface SyncTask extends NodeTask {
	kind: 'sync';
	warmup: Org;
	/** Every changeEvery-th invoice (i % changeEvery === 0) gets a new amount in the third run. */
	changeEvery: number;
}

export type Task = ImportTask | SyncTask;

export interface StageResult {
	stage: Stage;
	items: number;
	failed: number;
	/** Failed items whose parent record (customer, invoice) had failed before. */
	cascaded: number;
	/** The first few error messages, for the report. */
	errors: string[];
	startedAt: number;
	endedAt: number;
}

/** What a child measured over its run: this process's own time, from measured(). */
export interface Measured {
	wallMs: number;
	/** User + system CPU of the child during the measured part. */
	cpuMs: number;
	startedAt: number;
	endedAt: number;
}

export interface ImportResult extends Measured {
	kind: 'import';
	/** Peak resident set size of the child process over its whole life, MB. */
	peakRssMb: number;
	items: number;
	failed: number;
	cascaded: number;
	stages: StageResult[];
}

export interface SyncPhase extends Measured {
	name: 'initial' | 'unchanged' | 'changed';
	items: number;
	skipped: number;
	failed: number;
	/** JSON length of the workflow static data after this run. */
	stateBytes: number;
}

export interface SyncResult {
	kind: 'sync';
	phases: SyncPhase[];
	peakRssMb: number;
}

type ChildMessage<R> =
	| { type: 'ready' }
	| { type: 'result'; result: R }
	| { type: 'error'; message: string };
type ParentMessage<T> = { type: 'task'; task: T } | { type: 'go' };

export interface Child<R> {
	/** Resolves when the child finished its warm-up. */
	ready: Promise<void>;
	/** Starts the measured run. */
	go(): void;
	result: Promise<R>;
}

/**
 * Forks `file` (a .ts file of this folder, run through scripts/run.js) and hands it `task`.
 * `execArgv`: node flags of the child (profiles).
 */
export function startChild<T, R>(
	file: string,
	task: T,
	{ label, timeoutMs, execArgv = [] }: { label: string; timeoutMs: number; execArgv?: string[] },
): Child<R> {
	const child = fork(path.join(__dirname, '..', 'run.js'), [path.join(__dirname, file)], {
		execArgv,
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	let markReady!: () => void;
	const ready = new Promise<void>((resolve) => (markReady = resolve));
	const result = new Promise<R>((resolve, reject) => {
		const fail = (why: string) => {
			clearTimeout(timer);
			reject(new Error(`The ${label} child ${why}`));
		};
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			fail(`took longer than ${timeoutMs / 60_000} minutes`);
		}, timeoutMs);
		child.on('message', (message: ChildMessage<R>) => {
			if (message.type === 'ready') return markReady();
			if (message.type === 'error') return fail(`failed:\n${message.message}`);
			clearTimeout(timer);
			resolve(message.result);
		});
		// After a result this is a no-op (the promise is settled).
		child.on('exit', (code) => fail(`exited with code ${code} before answering`));
	});
	child.send({ type: 'task', task } satisfies ParentMessage<T>);
	return {
		ready: Promise.race([ready, result.then(() => undefined)]),
		go: () => child.send({ type: 'go' } satisfies ParentMessage<T>),
		result,
	};
}

/** One contender's import or the sync in its own process (child.ts). */
export function startTask<T extends Task>(
	task: T,
): Child<T extends SyncTask ? SyncResult : ImportResult> {
	const label =
		task.kind === 'sync' ? 'sync' : task.worker ? `upflow-node (${task.worker})` : task.contender;
	return startChild('child.ts', task, { label, timeoutMs: 30 * 60_000 });
}

/** Runs children side by side: each warms up, then all start their measured run together. */
export async function runTogether<R>(children: Array<Child<R>>): Promise<R[]> {
	await Promise.all(children.map(async (child) => await child.ready));
	for (const child of children) child.go();
	return await Promise.all(children.map(async (child) => await child.result));
}

/**
 * The child's side: runs the task the parent sends; `run` calls `readyThenGo` after its warm-up
 * and starts measuring when it resolves. Sends the result (or the error) and exits.
 */
export function serveTask<T, R>(
	run: (task: T, readyThenGo: () => Promise<void>) => Promise<R>,
): void {
	const send = async (message: ChildMessage<R>) =>
		await new Promise<void>((resolve) => process.send!(message, () => resolve()));
	let goSignal: (() => void) | undefined;
	const go = new Promise<void>((resolve) => (goSignal = resolve));
	const readyThenGo = async () => {
		await send({ type: 'ready' });
		await go;
	};
	process.on('message', (message: ParentMessage<T>) => {
		if (message.type === 'go') return goSignal?.();
		run(message.task, readyThenGo).then(
			async (result) => {
				await send({ type: 'result', result });
				process.exit(0);
			},
			async (error: Error) => {
				await send({ type: 'error', message: error.stack ?? String(error) });
				process.exit(1);
			},
		);
	});
}

export const round = (value: number, digits: number) =>
	Math.round(value * 10 ** digits) / 10 ** digits;

/** Peak resident set size of this process over its whole life, MB. */
export const peakRssMb = () => round(process.resourceUsage().maxRSS / 1024, 1);

export const cpuMsPerItem = (run: { cpuMs: number; items: number }) =>
	round(run.cpuMs / run.items, 3);

/** Runs `work`, measuring wall and CPU time (user + system) of this process meanwhile. */
export async function measured<T>(work: () => Promise<T>): Promise<[T, Measured]> {
	const cpu = process.cpuUsage();
	const wall = performance.now();
	const startedAt = Date.now();
	const value = await work();
	const endedAt = Date.now();
	const used = process.cpuUsage(cpu);
	const cpuMs = Math.round((used.user + used.system) / 1000);
	return [value, { wallMs: Math.round(performance.now() - wall), cpuMs, startedAt, endedAt }];
}
