/**
 * The Upflow node (or a stand-in with its parameters) run as the only node of a production
 * workflow through n8n-core (test/engine/harness), for the bench's child processes.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Row } from './dataset';
import type { NodeTask, Org } from './protocol';

type Harness = typeof import('../../test/engine/harness');
let harness: Harness | undefined;

export async function loadHarness(): Promise<Harness> {
	// harness.ts imports setup-env.ts first (N8N_USER_FOLDER & co.), then n8n-core.
	harness ??= await import('../../test/engine/harness');
	return harness;
}

export interface NodeRun {
	outputs: INodeExecutionData[];
	error?: string;
	staticData: IDataObject;
}

/** One execution against `org`, with the credential's limits from `task`. */
export async function runUpflowNode(
	task: NodeTask,
	org: Org,
	parameters: IDataObject,
	rows: Row[],
	staticData?: IDataObject,
	/** Another node type with the same parameters (a registered stand-in). */
	nodeType = 'upflow',
): Promise<NodeRun> {
	const { runWorkflow, upflowCredentials } = await loadHarness();
	const result = await runWorkflow({
		nodes: [
			{
				name: 'Upflow',
				type: nodeType,
				parameters: parameters as never,
				credentials: { upflowApi: { id: 'bench', name: 'Upflow bench' } },
				// On Error: Continue, so every item comes out (an import user would set it).
				onError: 'continueRegularOutput',
			},
		],
		connections: {},
		startItems: rows.map((row) => ({ json: { ...row.json } })),
		staticData,
		// A production execution (static data is kept), as an active workflow runs.
		mode: 'trigger',
		credentials: {
			bench: upflowCredentials(
				{ url: task.url },
				{
					apiKey: org.apiKey,
					apiSecret: org.apiSecret,
					requestsPerMinute: task.requestsPerMinute,
					maxConcurrency: task.maxConcurrency,
					sharedByProcesses: task.sharedBy ?? 1,
				},
			),
		},
	});
	return {
		outputs: result.output('Upflow'),
		error: result.error?.message,
		staticData: result.staticData,
	};
}
