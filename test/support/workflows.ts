/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling run by Node, not n8n: it reads the example files */
/**
 * The example workflows users import, as committed in examples/: the files are the source (edit
 * them in n8n, export, or by hand). The tests, the demo and `npm run dev` read them from here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { NodeConnectionType } from 'n8n-workflow';

export const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', 'examples');
export const UPFLOW_NODE_TYPE = 'n8n-nodes-upflow.upflow';
export const UPFLOW_TRIGGER_TYPE = 'n8n-nodes-upflow.upflowTrigger';
export const CODE_TYPE = 'n8n-nodes-base.code';
export const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	[more: string]: unknown;
}

export interface WorkflowFile {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: NodeConnectionType; index: number }>> }
	>;
	settings: { executionOrder: 'v1' };
	[more: string]: unknown;
}

export const readWorkflow = (file: string) =>
	JSON.parse(readFileSync(file, 'utf8')) as WorkflowFile;

/** Every examples/*.workflow.json by file name, read afresh (callers may change their copy). */
export function exampleFiles(): Map<string, WorkflowFile> {
	return new Map(
		readdirSync(EXAMPLES_DIR)
			.filter((file) => file.endsWith('.workflow.json'))
			.sort()
			.map((file) => [file, readWorkflow(path.join(EXAMPLES_DIR, file))]),
	);
}

/** The files' layout: JSON.stringify with tabs and a final newline. */
export const serialize = (workflow: unknown) => `${JSON.stringify(workflow, null, '\t')}\n`;
