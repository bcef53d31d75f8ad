/* eslint-disable @n8n/community-nodes/no-restricted-imports -- a stand-in for an n8n-nodes-base node in the demo, never published: it runs code in node:vm */
/**
 * Stand-ins for the two n8n-nodes-base node types the example workflows use, registered with the
 * engine harness (n8n-nodes-base itself is far too heavy to install for a demo):
 *
 *   n8n-nodes-base.manualTrigger  emits one empty item, like the real Manual Trigger.
 *   n8n-nodes-base.code           "Run Once for All Items", JavaScript: runs `jsCode` as the body of
 *                                 an async function in a fresh node:vm context, with `$input`,
 *                                 `items`, `$` / `$json` / `$now` ... from n8n's own workflow data
 *                                 proxy (what the real Code node hands its sandbox), and returns
 *                                 its items normalised like the real node does.
 *
 * They are NOT the real nodes: no task runner, no `require`, no per-item mode, no Python.
 * Test tooling only: never part of the published package.
 */
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import vm from 'node:vm';

import { registerNodeType } from '../../test/engine/harness';
import { CODE_TYPE, MANUAL_TRIGGER_TYPE } from '../../test/support/workflows';

class ManualTriggerStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Manual Trigger (stand-in)',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Stand-in for n8n-nodes-base.manualTrigger: emits one empty item',
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [[{ json: {} }]];
	}
}

/** What the real Code node exposes from n8n's workflow data proxy (a subset: what examples may use). */
const PROXY_KEYS = [
	'$',
	'$input',
	'$json',
	'$binary',
	'$node',
	'$workflow',
	'$execution',
	'$now',
	'$today',
	'$jmespath',
	'DateTime',
	'Duration',
	'Interval',
];

/** Milliseconds the synchronous part of the code may run (the async part is not bounded). */
const SYNC_TIMEOUT_MS = 10_000;

class CodeStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Code (stand-in)',
		name: 'code',
		group: ['transform'],
		version: [1, 2],
		description: 'Stand-in for n8n-nodes-base.code: JavaScript, Run Once for All Items',
		usableAsTool: true, // n8n's lint asks every node class to say; nothing here uses it
		defaults: { name: 'Code' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Mode',
				name: 'mode',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Run Once for All Items', value: 'runOnceForAllItems' },
					{ name: 'Run Once for Each Item', value: 'runOnceForEachItem' },
				],
				default: 'runOnceForAllItems',
			},
			{
				displayName: 'Language',
				name: 'language',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'JavaScript', value: 'javaScript' }],
				default: 'javaScript',
			},
			{
				displayName: 'JavaScript',
				name: 'jsCode',
				type: 'string',
				typeOptions: { editor: 'codeNodeEditor' },
				default: '',
				noDataExpression: true,
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const node = this.getNode();
		const mode = this.getNodeParameter('mode', 0, 'runOnceForAllItems') as string;
		const language = this.getNodeParameter('language', 0, 'javaScript') as string;
		if (mode !== 'runOnceForAllItems' || language !== 'javaScript') {
			throw new NodeOperationError(
				node,
				`The demo's Code stand-in runs only JavaScript in "Run Once for All Items" mode (got ${language}, ${mode})`,
			);
		}
		const jsCode = this.getNodeParameter('jsCode', 0) as string;
		const items = this.getInputData();

		const sandbox: Record<string, unknown> = { items, Buffer, btoa, atob };
		const proxy = this.getWorkflowDataProxy(0) as unknown as Record<string, unknown>;
		for (const key of PROXY_KEYS) {
			Object.defineProperty(sandbox, key, { enumerable: true, get: () => proxy[key] });
		}
		let returned: unknown;
		try {
			const script = new vm.Script(`(async () => {\n${jsCode}\n})()`, {
				filename: `${node.name}.js`,
				lineOffset: -1,
			});
			returned = await (script.runInNewContext(sandbox, {
				timeout: SYNC_TIMEOUT_MS,
			}) as Promise<unknown>);
		} catch (error) {
			throw new NodeOperationError(
				node,
				`Code node "${node.name}" failed: ${(error as Error).message}`,
				{
					description: (error as Error).stack,
				},
			);
		}
		return [normalize(this, returned)];
	}
}

/** The real Code node's rules: an array (or one object) of items `{ json, binary? }` or plain objects. */
function normalize(context: IExecuteFunctions, returned: unknown): INodeExecutionData[] {
	const node = context.getNode();
	if (returned === undefined || returned === null) return [];
	// Through JSON: objects made inside the vm context belong to another realm.
	const rows = JSON.parse(
		JSON.stringify(Array.isArray(returned) ? returned : [returned]),
	) as unknown[];
	return rows.map((row, index) => {
		if (typeof row !== 'object' || row === null || Array.isArray(row)) {
			throw new NodeOperationError(
				node,
				`Code doesn't return items properly: item ${index} is not an object`,
			);
		}
		const item = row as IDataObject;
		const isItem =
			typeof item.json === 'object' &&
			item.json !== null &&
			Object.keys(item).every((key) => ['json', 'binary', 'pairedItem'].includes(key));
		const out: INodeExecutionData = isItem
			? (item as unknown as INodeExecutionData)
			: { json: item };
		out.pairedItem ??= { item: 0 };
		return out;
	});
}

let registered = false;

/** Registers both stand-ins with the harness (once per process). */
export function registerStandIns(): void {
	if (registered) return;
	registerNodeType(MANUAL_TRIGGER_TYPE, new ManualTriggerStandIn());
	registerNodeType(CODE_TYPE, new CodeStandIn());
	registered = true;
}
