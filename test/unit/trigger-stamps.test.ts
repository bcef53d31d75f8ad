/**
 * The action events' stamp cursor (nodes/Upflow/trigger/stampScan.ts) over an in-memory list: ties,
 * actions that show up late, a list whose order changes, a pass that spans polls.
 */
import type { IDataObject } from 'n8n-workflow';

import { eventDefinition } from '../../nodes/Upflow/trigger/events';
import { runPoll } from '../../nodes/Upflow/trigger/poll';

const T0 = Date.UTC(2025, 0, 1);
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
let serial = 0;
const action = (minutes: number, more: IDataObject = {}): IDataObject => ({
	id: `a${++serial}`,
	type: 'EMAIL',
	source: 'WORKFLOW',
	createdAt: at(minutes),
	updatedAt: at(minutes),
	...more,
});

function harness(event: string, list: IDataObject[], { pageCap = 3, maxRequests = 20 } = {}) {
	let stored: IDataObject = {};
	/** The offset of each page asked for, in order. */
	const offsets: number[] = [];
	return {
		offsets,
		async poll() {
			const result = await runPoll(stored, {
				event: eventDefinition(event)!,
				settings: { fields: [], actionType: '' },
				organizationKey: 'org',
				pageCap,
				maxRequests,
				now: () => 0,
				fetch: async (offset, limit) => {
					offsets.push(offset);
					return { items: list.slice(offset, offset + limit), total: list.length };
				},
			});
			stored = JSON.parse(JSON.stringify(result.next)) as IDataObject;
			return { ids: result.emitted.map((a) => a.id), requests: result.requests };
		},
	};
}

it('two actions with the same createdAt as the cursor: the one not seen yet is still new', async () => {
	const list = [action(1), action(2), action(10)];
	const t = harness('newAction', list);
	await t.poll();
	const twin = action(10);
	list.push(twin);
	expect((await t.poll()).ids).toEqual([twin.id]);
	expect((await t.poll()).ids).toEqual([]);
});

it('an action that shows up late, stamped a little before the cursor, is reported once', async () => {
	const list = [action(1), action(2), action(10)];
	const t = harness('newAction', list);
	await t.poll();
	list.push(action(11));
	await t.poll();
	// Committed late: createdAt 2 minutes before the newest one seen.
	const late = action(9);
	list.push(late);
	expect((await t.poll()).ids).toEqual([late.id]);
	expect((await t.poll()).ids).toEqual([]);
});

it('oldest first: one request a poll at the end of the list; growth it cannot account for sends it back to full passes', async () => {
	const list = Array.from({ length: 40 }, (_, i) => action(i));
	const t = harness('newAction', list, { pageCap: 50 });
	expect((await t.poll()).requests).toBe(1); // baseline: the whole list, which tells the order
	list.push(action(100));
	expect(await t.poll()).toEqual({ ids: [list[40].id], requests: 1 });
	expect(await t.poll()).toEqual({ ids: [], requests: 1 });
	// Oldest first: those polls read from near the end, not from the start.
	expect(t.offsets.slice(1).every((offset) => offset > 0)).toBe(true);
	// An action lands at the front, where a tail read does not look: the list grew by one more
	// than the tail showed, so the poll reads it all.
	const odd = action(200);
	list.unshift(odd);
	const next = await t.poll();
	expect(next.ids).toEqual([odd.id]);
	expect(next.requests).toBe(2);
	expect(t.offsets.at(-1)).toBe(0);
	// The order is forgotten: the next poll reads the whole list again, from its start.
	t.offsets.length = 0;
	expect(await t.poll()).toEqual({ ids: [], requests: 1 });
	expect(t.offsets).toEqual([0]);
});

it('a pass longer than the budget resumes at the next poll and reports each action once', async () => {
	const list = Array.from({ length: 9 }, (_, i) => action(i));
	const t = harness('actionUpdated', list, { maxRequests: 2 });
	await t.poll();
	await t.poll(); // baseline done in two polls
	list[1].updatedAt = at(50);
	list[7].updatedAt = at(51);
	const first = await t.poll();
	const second = await t.poll();
	expect([...first.ids, ...second.ids]).toEqual([list[1].id, list[7].id]);
	expect([...(await t.poll()).ids, ...(await t.poll()).ids]).toEqual([]);
});

it('Customer Replied and New Action of a type keep only their actions', async () => {
	const list = [action(1)];
	const t = harness('customerReplied', list);
	await t.poll();
	const reply = action(5, { source: 'REPLY' });
	list.push(action(4), reply);
	expect((await t.poll()).ids).toEqual([reply.id]);
});
