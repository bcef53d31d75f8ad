/** Skip Unchanged: a live sync sends only what changed, across executions, through the real engine. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startEmulator } from '../emulator';
import type { Emulator } from '../emulator';
import { runWorkflow, upflowCredentials } from './harness';

let emulator: Emulator;
beforeAll(async () => (emulator = await startEmulator({ port: 0 })));
afterAll(async () => await emulator.close());

const upsertNode = {
	name: 'Sync customers',
	type: 'upflow',
	parameters: {
		resource: 'customer',
		operation: 'upsert',
		externalId: '={{ $json.id }}',
		name: '={{ $json.name }}',
		skipUnchanged: true,
	},
	credentials: { upflowApi: { id: 'cred', name: 'Upflow' } },
};
const deleteNode = {
	name: 'Delete customer',
	type: 'upflow',
	parameters: {
		resource: 'customer',
		operation: 'delete',
		customer: { __rl: true, mode: 'externalId', value: '={{ $json.id }}' },
	},
	credentials: { upflowApi: { id: 'cred', name: 'Upflow' } },
};

async function run(
	node: typeof upsertNode | typeof deleteNode,
	rows: IDataObject[],
	staticData: IDataObject,
) {
	const result = await runWorkflow({
		nodes: [node],
		connections: {},
		startItems: rows.map((json) => ({ json })),
		staticData,
		mode: 'trigger',
		credentials: { cred: upflowCredentials(emulator) },
	});
	expect(result.error).toBeUndefined();
	return { items: result.output(node.name) as INodeExecutionData[], staticData: result.staticData };
}

const posts = () =>
	emulator.log().filter((entry) => entry.method === 'POST' && entry.path === '/v1/customers');

it('sends unchanged records once, then only what changed or was deleted', async () => {
	const rows = Array.from({ length: 200 }, (_, i) => ({ id: `S-${i}`, name: `Customer ${i}` }));
	let state: IDataObject = {};

	emulator.clearLog();
	({ staticData: state } = await run(upsertNode, rows, state));
	expect(posts()).toHaveLength(200);

	emulator.clearLog();
	const again = await run(upsertNode, rows, state);
	state = again.staticData;
	expect(posts()).toHaveLength(0);
	expect(again.items).toHaveLength(200);
	expect(again.items.every((item) => item.json.skipped === true)).toBe(true);

	const changed = rows.map((row, i) =>
		i % 50 === 0 ? { ...row, name: `${row.name} (renamed)` } : row,
	);
	emulator.clearLog();
	const mixed = await run(upsertNode, changed, state);
	state = mixed.staticData;
	expect(posts().map((entry) => (entry.body as IDataObject).externalId)).toEqual([
		'S-0',
		'S-50',
		'S-100',
		'S-150',
	]);
	// Skipped and sent items come out together, in input order, each paired with its input.
	expect(
		mixed.items.map((item) => [item.pairedItem, item.json.externalId, item.json.skipped]),
	).toEqual(changed.map((row, i) => [{ item: i }, row.id, i % 50 === 0 ? undefined : true]));
	expect(emulator.dump().customers.find((customer) => customer.externalId === 'S-50')?.name).toBe(
		'Customer 50 (renamed)',
	);

	({ staticData: state } = await run(deleteNode, [{ id: 'S-7' }], state));
	emulator.clearLog();
	({ staticData: state } = await run(upsertNode, changed, state));
	expect(posts().map((entry) => (entry.body as IDataObject).externalId)).toEqual(['S-7']);
	expect(
		emulator.dump().customers.filter((customer) => customer.externalId === 'S-7'),
	).toHaveLength(1);

	const bytes = JSON.stringify(state).length;
	expect(bytes / 200).toBeLessThanOrEqual(16);
});

it('remembers only what Upflow accepted', async () => {
	emulator.setFaults({ rate: 1, seed: 3, kinds: ['503'] });
	const failing = await runWorkflow({
		nodes: [
			{ ...upsertNode, parameters: { ...upsertNode.parameters }, onError: 'continueRegularOutput' },
		],
		connections: {},
		startItems: [{ json: { id: 'R-1', name: 'Refused' } }],
		staticData: {},
		mode: 'trigger',
		credentials: { cred: upflowCredentials(emulator, { retryBudgetSeconds: 1 }) },
	});
	emulator.setFaults(undefined);
	emulator.clearLog();
	await run(upsertNode, [{ id: 'R-1', name: 'Refused' }], failing.staticData);
	expect(posts()).toHaveLength(1);
}, 30_000);
