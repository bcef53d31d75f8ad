/**
 * Upflow Trigger's action events as n8n runs them: the BUILT package, poll() through
 * n8n-core's PollContext, over HTTP against the emulator. New Action (any type, one type), Action
 * Updated, Customer Replied: a silent first poll, each change once, and what a poll costs in
 * requests with the list in either order (the order Upflow uses is not documented).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startEmulator } from '../emulator';
import type { Emulator } from '../emulator';
import { runPoll, upflowCredentials } from './harness';

jest.setTimeout(60_000);

function useEmulator(): () => Emulator {
	let emulator: Emulator;
	beforeAll(async () => {
		emulator = await startEmulator({ port: 0 });
		emulator.org().upsert('customers', { externalId: 'acme', name: 'Acme' });
	});
	afterAll(async () => await emulator.close());
	return () => emulator;
}

/** `count` actions stamped in 2024, one minute apart (oldest first in creation order). */
function seedActions(emulator: Emulator, count: number, start = 0) {
	for (let i = start; i < start + count; i++)
		emulator.org().addAction({
			customer: 'external:acme',
			name: `Old ${i}`,
			type: i % 2 ? 'EMAIL' : 'TASK',
			createdAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
		});
}

function trigger(emulator: () => Emulator, parameters: INodeParameters) {
	let staticData: IDataObject = {};
	const actionGets = () =>
		emulator()
			.log()
			.filter((entry) => entry.method === 'GET' && entry.path === '/v1/actions').length;
	return {
		get staticData() {
			return staticData;
		},
		/** Polls once; answers what it emitted and how many list requests it sent. */
		async poll(): Promise<{ emitted: IDataObject[]; requests: number }> {
			const before = actionGets();
			const result = await runPoll({
				parameters,
				credentials: upflowCredentials(emulator()),
				staticData,
			});
			staticData = result.staticData;
			return { emitted: result.items.map((item) => item.json), requests: actionGets() - before };
		},
	};
}

const names = (records: IDataObject[]) => records.map((record) => record.name);

describe('action events fire once per change, after a silent first poll', () => {
	const emu = useEmulator();
	beforeAll(() => seedActions(emu(), 10));

	it('New Action (any type)', async () => {
		const t = trigger(emu, { event: 'newAction' });
		expect((await t.poll()).emitted).toEqual([]);
		emu().org().addAction({ customer: 'external:acme', name: 'Reminder 1', type: 'EMAIL' });
		emu().org().addAction({ customer: 'external:acme', name: 'Call them', type: 'TASK' });
		expect(names((await t.poll()).emitted)).toEqual(['Reminder 1', 'Call them']);
		expect((await t.poll()).emitted).toEqual([]);
	});

	it('New Action of one type', async () => {
		const t = trigger(emu, { event: 'newAction', actionType: 'TASK' });
		await t.poll();
		emu().org().addAction({ customer: 'external:acme', name: 'Reminder 2', type: 'EMAIL' });
		emu().org().addAction({ customer: 'external:acme', name: 'Task 2', type: 'TASK' });
		expect(names((await t.poll()).emitted)).toEqual(['Task 2']);
		expect((await t.poll()).emitted).toEqual([]);
	});

	it('Customer Replied: only actions whose source is REPLY', async () => {
		const t = trigger(emu, { event: 'customerReplied' });
		await t.poll();
		emu().org().addAction({ customer: 'external:acme', name: 'Reminder 3', source: 'WORKFLOW' });
		const reply = emu()
			.org()
			.addAction({ customer: 'external:acme', name: 'Re: Invoice F-1', source: 'REPLY' });
		const emitted = (await t.poll()).emitted;
		expect(emitted).toEqual([
			emu()
				.dump()
				.actions.find((a) => a.id === reply.id),
		]);
		expect(emitted[0]).toMatchObject({ source: 'REPLY', customer: { companyName: 'Acme' } });
		expect((await t.poll()).emitted).toEqual([]);
	});

	it('Action Updated: a task done, a reminder sent; new actions are not updates', async () => {
		const t = trigger(emu, { event: 'actionUpdated' });
		await t.poll();
		const [task, reminder] = emu()
			.dump()
			.actions.filter((a) => a.name === 'Old 2' || a.name === 'Old 3');
		emu().org().updateAction(task.id, { state: 'EXECUTED' });
		emu().org().addAction({ customer: 'external:acme', name: 'Brand new' });
		const first = (await t.poll()).emitted;
		expect(first.map((a) => [a.id, a.state])).toEqual([[task.id, 'EXECUTED']]);
		expect((await t.poll()).emitted).toEqual([]);
		// The same task changed again is a new change.
		emu().org().updateAction(task.id, { state: 'IGNORED' });
		emu().org().updateAction(reminder.id, { state: 'EXECUTED' });
		expect((await t.poll()).emitted.map((a) => [a.name, a.state])).toEqual([
			['Old 2', 'IGNORED'],
			['Old 3', 'EXECUTED'],
		]);
		expect((await t.poll()).emitted).toEqual([]);
	});

	it('Fetch Test Event answers a real action and stores nothing', async () => {
		const result = await runPoll({
			parameters: { event: 'customerReplied' },
			credentials: upflowCredentials(emu()),
			staticData: {},
			mode: 'manual',
		});
		expect(result.items.map((item) => item.json.source)).toEqual(['REPLY']);
		expect(result.staticData).toEqual({});
	});
});

describe.each(['oldest-first', 'newest-first'] as const)(
	'cost with 1,200 actions listed %s',
	(order) => {
		const emu = useEmulator();
		beforeAll(() => {
			emu().org().setActionOrder(order);
			seedActions(emu(), 1200);
		});

		it('New Action: after the first pass, 1 request a poll; the state is a cursor, not the list', async () => {
			const t = trigger(emu, { event: 'newAction' });
			const baseline = await t.poll();
			expect(baseline).toEqual({ emitted: [], requests: 3 });
			// The order is known from the first pass: one page a poll.
			expect(await t.poll()).toEqual({ emitted: [], requests: 1 });
			emu().org().addAction({ customer: 'external:acme', name: 'Fresh', type: 'EMAIL' });
			const next = await t.poll();
			expect(names(next.emitted)).toEqual(['Fresh']);
			expect(next.requests).toBe(1);
			expect(await t.poll()).toEqual({ emitted: [], requests: 1 });
			expect(JSON.stringify(t.staticData).length).toBeLessThan(400);
		});

		it('Action Updated re-reads the list (not listed by updatedAt): pages a poll, Max Requests per Poll at a time', async () => {
			const t = trigger(emu, { event: 'actionUpdated', maxRequestsPerPoll: 2 });
			// 3 pages at 2 a poll: the first pass (baseline) takes two polls.
			expect(await t.poll()).toEqual({ emitted: [], requests: 2 });
			expect(await t.poll()).toEqual({ emitted: [], requests: 1 });
			const target = emu()
				.dump()
				.actions.find((a) => a.name === 'Old 7')!;
			emu().org().updateAction(target.id, { state: 'EXECUTED' });
			const found: IDataObject[] = [];
			let requests = 0;
			for (let i = 0; i < 2; i++) {
				const poll = await t.poll();
				found.push(...poll.emitted);
				requests += poll.requests;
			}
			expect(found.map((a) => a.id)).toEqual([target.id]);
			expect(requests).toBe(3);
		});
	},
);
