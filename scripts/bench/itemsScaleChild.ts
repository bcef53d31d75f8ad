/**
 * One run of `--scale-out`'s itemsScale part in its own process (forked by itemsScale.ts), so its
 * CPU time and peak RSS are its own:
 *
 *   seed   the Upflow node, Invoice > Create or Update with Skip Unchanged, every invoice sent once
 *          (an organization without limits): the static data it leaves is what the node wrote;
 *   node   the same workflow again over the same invoices, with that static data: nothing changed;
 *   floor  the same items and the same parameters through UpsertFloor, a node that does no work.
 *
 * Over IPC (protocol.ts): the node and the floor warm up, then start together.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { NODE_PARAMETERS, invoiceRows } from './dataset';
import type { Row } from './dataset';
import { loadHarness, runUpflowNode } from './nodeRun';
import { measured, peakRssMb, serveTask } from './protocol';
import type { NodeTask } from './protocol';

export type ItemsRole = 'seed' | 'node' | 'floor';

/** `org`: the organization the measured execution runs against (seed and node: the same one). */
export interface ItemsTask extends NodeTask {
	role: ItemsRole;
	/** node: the workflow's static data as the seed run left it. */
	staticData?: IDataObject;
	/**
	 * Invoices run twice before the measured execution, as it will run them (JIT, n8n-core's lazy
	 * loading): node, the first ones with the seed's state (skipped, no request); floor, the same
	 * items through the floor node. None for the seed.
	 */
	warmupItems?: number;
	/** seed: invoices per execution (default all in one). */
	itemsPerExecution?: number;
}

export type ItemsRunResult = Awaited<ReturnType<typeof run>>;

/** The node's parameters in the measured workflow: the bench's invoice upsert with Skip Unchanged. */
const ITEMS_PARAMETERS: IDataObject = { ...NODE_PARAMETERS.invoices, skipUnchanged: true };

const FLOOR_TYPE = 'n8n-nodes-harness.upsertFloor';

/**
 * The engine's floor: the Upflow node's own description (so n8n reads, resolves and checks each
 * parameter exactly as for the Upflow node: same properties, same expressions) and an execute()
 * that does no work with them: per item, every parameter of the Invoice > Create or Update form
 * resolved once (getNodeParameter, as a Set node reads its fields), then the input item passed
 * through with its pairedItem, as n8n's NoOp node does (no new data per item: the strictest floor).
 */
function floorNodeType(upflow: INodeType): INodeType {
	const description: INodeTypeDescription = {
		...upflow.description,
		name: FLOOR_TYPE,
		displayName: 'Upsert floor (bench)',
		credentials: [],
	};
	const shownFor = (property: INodeProperties) => {
		const show = property.displayOptions?.show ?? {};
		return (
			show.resource?.includes('invoice') === true && show.operation?.includes('upsert') === true
		);
	};
	const names = description.properties.filter(shownFor).map((property) => property.name);
	return {
		description,
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const items = this.getInputData();
			const output: INodeExecutionData[] = new Array(items.length);
			for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
				for (const name of names)
					this.getNodeParameter(name, itemIndex, undefined, { extractValue: false });
				output[itemIndex] = { json: items[itemIndex].json, pairedItem: { item: itemIndex } };
			}
			return [output];
		},
	};
}

async function run(task: ItemsTask, readyThenGo: () => Promise<void>) {
	const harness = await loadHarness();
	if (task.role === 'floor') {
		const pkg = await harness.loadPackage();
		harness.registerNodeType(
			FLOOR_TYPE,
			floorNodeType(pkg.nodeTypes[`${pkg.packageName}.upflow`] as INodeType),
		);
	}
	const nodeType = task.role === 'floor' ? FLOOR_TYPE : 'upflow';
	const execute = async (rows: Row[], staticData: IDataObject) =>
		await runUpflowNode(task, task.org, ITEMS_PARAMETERS, rows, staticData, nodeType);
	const rows = invoiceRows(task.spec);
	for (let round = 0; round < 2 && task.warmupItems; round++)
		await execute(rows.slice(0, task.warmupItems), task.staticData ?? {});
	await readyThenGo();

	// The seed runs the rows as successive executions (an initial import in slices); each starts
	// from the static data the one before left, as n8n hands it over.
	const slice = task.itemsPerExecution ?? rows.length;
	let staticData = task.staticData ?? {};
	let skipped = 0;
	let failed = 0;
	let firstError: string | undefined;
	const [, usage] = await measured(async () => {
		for (let from = 0; from < rows.length; from += slice) {
			const result = await execute(rows.slice(from, from + slice), staticData);
			staticData = result.staticData;
			firstError ??= result.error;
			for (const item of result.outputs) {
				if (item.json.skipped === true) skipped++;
				if (item.error) {
					failed++;
					firstError ??= String(item.json.error ?? item.error.message);
				}
			}
		}
	});
	return {
		role: task.role,
		items: rows.length,
		skipped,
		failed,
		firstError,
		...usage,
		/** Peak resident set size of the process over its whole life, MB. */
		peakRssMb: peakRssMb(),
		/** The workflow's static data after the run (seed only: the parent hands it to the node run). */
		staticData: task.role === 'seed' ? staticData : undefined,
		/** JSON length of the static data after the run. */
		stateBytes: JSON.stringify(staticData).length,
	};
}

serveTask(run);
