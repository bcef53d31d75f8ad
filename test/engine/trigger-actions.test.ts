/**
 * Upflow Trigger's action events as n8n runs them: the BUILT package, poll() through n8n-core's
 * PollContext, over HTTP against the emulator: what a poll costs in requests with the list in either
 * order (the order Upflow uses is not documented), and Fetch Test Event. Each event's firing is in
 * test/engine/trigger.test.ts with the other events.
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

describe('Fetch Test Event', () => {
	const emu = useEmulator();

	it('answers a real action the event would report, and stores nothing', async () => {
		seedActions(emu(), 3);
		emu().org().addAction({ customer: 'external:acme', name: 'Re: Invoice F-1', source: 'REPLY' });
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
