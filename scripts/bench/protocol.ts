/** What the bench parent (emulator, tables) and its child processes (one per contender) say to each other. */
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

export interface ImportTask {
	kind: 'import';
	contender: ContenderName;
	/** Emulator root URL (http://127.0.0.1:PORT). */
	url: string;
	org: Org;
	/** A separate organization for the warm-up (JIT, n8n-core loading), not measured. */
	warmup: Org;
	spec: DatasetSpec;
	/** The credential's Requests per Minute (600 x scale). */
	requestsPerMinute: number;
	/** The node's Max Concurrent Requests (credential default 5); raw-undici uses the same. */
	maxConcurrency: number;
	batchSize: number;
	batchIntervalMs: number;
	/** Worker label in two-workers mode. */
	worker?: string;
	/** The credential's Processes Sharing This Key (default 1). */
	sharedBy?: number;
}

export interface SyncTask {
	kind: 'sync';
	url: string;
	org: Org;
	warmup: Org;
	spec: DatasetSpec;
	requestsPerMinute: number;
	maxConcurrency: number;
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

export interface Usage {
	wallMs: number;
	/** User + system CPU of the child during the measured part. */
	cpuMs: number;
	/** Peak resident set size of the child process over its whole life, MB. */
	peakRssMb: number;
}

export interface ImportResult extends Usage {
	kind: 'import';
	items: number;
	failed: number;
	cascaded: number;
	stages: StageResult[];
	startedAt: number;
	endedAt: number;
}

export interface SyncPhase extends Usage {
	name: 'initial' | 'unchanged' | 'changed';
	items: number;
	skipped: number;
	failed: number;
	/** JSON length of the workflow static data after this run. */
	stateBytes: number;
	startedAt: number;
	endedAt: number;
}

export interface SyncResult {
	kind: 'sync';
	phases: SyncPhase[];
	peakRssMb: number;
}

export type ChildMessage =
	| { type: 'ready' }
	| { type: 'result'; result: ImportResult | SyncResult }
	| { type: 'error'; message: string };

export type ParentMessage = { type: 'task'; task: Task } | { type: 'go' };
