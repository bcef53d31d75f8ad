import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { executeUpflow } from './executor/execute';
import { listSearch } from './methods/listSearch';
import { loadOptions } from './methods/loadOptions';
import { nodeProperties } from './resources';

export class Upflow implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Upflow',
		name: 'upflow',
		icon: { light: 'file:upflow.svg', dark: 'file:upflow.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Create and sync customers, contacts, invoices, credit notes, payments and refunds in Upflow, ' +
			"reconcile them and read actions, within Upflow's rate limits",
		defaults: { name: 'Upflow' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'upflowApi', required: true }],
		properties: nodeProperties(),
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeUpflow(this);
	}
}
