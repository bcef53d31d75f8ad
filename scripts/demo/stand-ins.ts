/* eslint-disable @n8n/community-nodes/no-restricted-imports -- a stand-in for an n8n-nodes-base node in the demo, never published: it runs code in node:vm */
/**
 * Stand-ins for the two n8n-nodes-base node types examples/initial-import.workflow.json uses,
 * registered with the engine harness (n8n-nodes-base itself is far too heavy to install for a demo):
 *
 *   n8n-nodes-base.manualTrigger  emits one empty item, like the real Manual Trigger.
 *   n8n-nodes-base.code           runs `jsCode` as the body of an async function in a fresh node:vm
 *                                 context and returns its `{ json }` items, as "Run Once for All
 *                                 Items" in JavaScript does.
 *
 * They are NOT the real nodes: no task runner, no `require`, no `$input` or other workflow data
 * (the example's Code nodes generate their rows from a seed), no per-item mode, no Python.
 * Test tooling only: never part of the published package.
 */
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import vm from 'node:vm';

import { registerNodeType } from '../../test/engine/harness';
import { CODE_TYPE, MANUAL_TRIGGER_TYPE } from '../../test/support/workflows';

const manualTrigger: INodeType = {
	description: {
		displayName: 'Manual Trigger (stand-in)',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Stand-in for n8n-nodes-base.manualTrigger: emits one empty item',
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [[{ json: {} }]];
	},
};

const code: INodeType = {
	description: {
		displayName: 'Code (stand-in)',
		name: 'code',
		group: ['transform'],
		version: [1, 2],
		description: 'Stand-in for n8n-nodes-base.code: JavaScript, Run Once for All Items',
		defaults: { name: 'Code' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'JavaScript', name: 'jsCode', type: 'string', default: '' }],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const node = this.getNode();
		const jsCode = this.getNodeParameter('jsCode', 0) as string;
		let returned: unknown;
		// The timeout bounds the synchronous part of the code only (the async part is not bounded).
		try {
			returned = await (vm.runInNewContext(
				`(async () => {\n${jsCode}\n})()`,
				{},
				{ filename: `${node.name}.js`, lineOffset: -1, timeout: 10_000 },
			) as Promise<unknown>);
		} catch (error) {
			const { message, stack } = error as Error;
			throw new NodeOperationError(node, `Code node "${node.name}" failed: ${message}`, {
				description: stack,
			});
		}
		// Through JSON: objects made inside the vm context belong to another realm.
		const items = JSON.parse(JSON.stringify(returned ?? [])) as INodeExecutionData[];
		if (!Array.isArray(items) || items.some((item) => typeof item?.json !== 'object'))
			throw new NodeOperationError(node, `Code node "${node.name}" must return [{ json }, ...]`);
		return [items.map((item) => ({ ...item, pairedItem: item.pairedItem ?? { item: 0 } }))];
	},
};

export function registerStandIns(): void {
	registerNodeType(MANUAL_TRIGGER_TYPE, manualTrigger);
	registerNodeType(CODE_TYPE, code);
}
