/**
 * The stamp engine: the events on Upflow actions (reminders, tasks, replies), driven by the stamps
 * every action carries (`createdAt` for New ... events, `updatedAt` for Updated ones). Pure: no
 * I/O of its own, no clock.
 *
 * The state is a cursor (the newest stamp seen) and the keys of the actions stamped in the last
 * few minutes, never one entry per action: constant size whatever the organization holds.
 *
 * A pass reads the list from offset 0 to its end (at most Max Requests per Poll pages a poll,
 * resuming where the previous poll stopped) and emits the actions stamped after the cursor. The
 * order Upflow lists actions in is not documented, so each pass that reads the whole list tells
 * it from the stamps (order.ts `Trend`), and only then is it used:
 *   - newest first: a pass stops at the first page reaching past the cursor (1 request a poll when
 *     nothing is new);
 *   - oldest first: a pass starts near the end of the list (1 request a poll);
 *   - anything else, and always for updatedAt (an update does not move an action in the list,
 *     whatever order the stamps happened to show): the whole list a pass.
 * A page that contradicts the order, or a list that grew by more actions than the new ones a
 * partial read met, sends the pass back to a full read (an insertion elsewhere that exactly
 * offsets deletions between two polls is the one case it cannot see).
 *
 * Actions stamped a little before the cursor (LAG_MS) are still compared by their key (id and
 * stamp), so an action that becomes visible late, or two actions with the same stamp, are not lost.
 * Delivery is at-least-once, like the other events.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Engine, PollOutput } from './engine';
import { fits } from './events';
import type { EventDefinition } from './events';
import { Trend, readStamp } from './order';
import type { ListOrder } from './order';
import { ListReader } from './reader';
import { readStamps, writeStamps } from './state';
import type { StampPass, StampState } from './state';

/** Actions stamped this long before the cursor are still compared one by one. */
const LAG_MS = 5 * 60_000;
/** Records a read at the end of the list starts before the end seen last time (deletions shift it). */
const TAIL_OVERLAP = 20;
/** Keys kept for the lag window and for a pass spanning polls. */
const MAX_KEYS = 1000;

/** The stamp that tells the event happened. */
const stampField = (event: EventDefinition) => (event.rule === 'new' ? 'createdAt' : 'updatedAt');

const keyOf = (action: IDataObject, stamp: number) => `${String(action.id ?? '')}@${stamp}`;

function startPass(state: StampState, order: ListOrder | undefined): StampPass {
	// Oldest first: start near the end seen last time.
	const nearEnd = !state.baseline && order === 'oldest-first' && state.listLength !== undefined;
	const nextOffset = nearEnd
		? Math.max(0, (state.listLength as number) - TAIL_OVERLAP - state.recentKeys.length)
		: 0;
	return {
		nextOffset,
		newest: state.cursor,
		emittedKeys: [],
		recentKeys: [],
		fromStart: nextOffset === 0,
		trend: new Trend(),
		newFound: 0,
	};
}

/** The pass reads the whole list again, from its start. */
function readFromStart(pass: StampPass): void {
	pass.nextOffset = 0;
	pass.fromStart = true;
	pass.trend = new Trend();
	pass.newFound = 0;
}

export const stampEngine: Engine = {
	async poll(stored, input): Promise<PollOutput> {
		const { event, settings } = input;
		const state = readStamps(stored, input.config);
		const startedFresh = state.baseline && state.cursor === undefined && !state.pass;
		const field = stampField(event);
		const stampOf = (action: IDataObject) => readStamp(action, field);
		const cursor = state.cursor;
		// Only createdAt keeps an order: updatedAt moves an action without moving it in the list.
		let order = field === 'createdAt' ? state.order : undefined;
		const recent = new Set(state.recentKeys);
		const reader = new ListReader(input.fetch, input.budget, state.listLength);
		const now = input.now();
		const emitted: IDataObject[] = [];
		let passCompleted = false;

		const pass = (state.pass ??= startPass(state, order));
		const emittedKeys = new Set(pass.emittedKeys);
		const passKeys = new Set(pass.recentKeys);

		while (input.budget.allows()) {
			const offset = pass.nextOffset;
			const page = await reader.read(offset, input.pageCap);
			const rows = page.items;
			if (offset > 0 && !pass.fromStart && pass.trend.last === undefined) {
				// Read near the end: it must reach back before the lag window, or actions may lie before it.
				const first = rows.length ? stampOf(rows[0]) : undefined;
				if (!(first !== undefined && first <= (cursor ?? 0) - LAG_MS)) {
					readFromStart(pass);
					continue;
				}
			}
			for (const row of rows) {
				const stamp = stampOf(row);
				if (stamp === undefined) continue; // it cannot be placed, and is never emitted
				pass.trend.observe(stamp);
				const key = keyOf(row, stamp);
				const isNew =
					cursor !== undefined && (stamp > cursor || (stamp > cursor - LAG_MS && !recent.has(key)));
				if (isNew) pass.newFound++;
				if (!state.baseline && isNew && !emittedKeys.has(key) && fits(event, row, settings, now)) {
					emitted.push(row);
					emittedKeys.add(key);
				}
				if (pass.newest === undefined || stamp > pass.newest) pass.newest = stamp;
				if (stamp > pass.newest - LAG_MS) passKeys.add(key);
			}
			pass.nextOffset = offset + rows.length;
			const reachedEnd = ListReader.reachedEnd(offset, input.pageCap, page);
			// Newest first: past the lag window behind the cursor, everything is older.
			const lastStamp = rows.length ? stampOf(rows[rows.length - 1]) : undefined;
			const pastCursor =
				!state.baseline &&
				order === 'newest-first' &&
				cursor !== undefined &&
				lastStamp !== undefined &&
				lastStamp <= cursor - LAG_MS &&
				!pass.trend.rose;
			if (!reachedEnd && !pastCursor) continue;

			const fullRead = pass.fromStart && reachedEnd;
			// A partial read (the order found) must account for the list's growth: more actions
			// than the new ones it met means some landed where it did not look. Read it all.
			const total = page.total ?? (reachedEnd ? pass.nextOffset : undefined);
			if (
				!fullRead &&
				state.listLength !== undefined &&
				total !== undefined &&
				total - state.listLength > pass.newFound
			) {
				state.order = order = undefined;
				readFromStart(pass);
				continue;
			}
			// A pass that read everything tells the order; one that saw it broken forgets it.
			if (fullRead) state.order = pass.trend.verdict();
			else if (state.order && pass.trend.contradicts(state.order)) state.order = undefined;
			state.cursor = pass.newest ?? 0;
			const floor = state.cursor - LAG_MS;
			const keep = [...recent, ...passKeys].filter(
				(key) => Number(key.slice(key.lastIndexOf('@') + 1)) > floor,
			);
			state.recentKeys = [...new Set(keep)].slice(-MAX_KEYS);
			state.listLength = total ?? state.listLength;
			state.pass = undefined;
			state.baseline = false;
			passCompleted = true;
			break;
		}
		if (!passCompleted) {
			pass.emittedKeys = [...emittedKeys].slice(-MAX_KEYS);
			pass.recentKeys = [...passKeys].slice(-MAX_KEYS);
		}
		return {
			emitted,
			next: writeStamps(state),
			requests: input.budget.requests,
			passCompleted,
			baseline: state.baseline,
			startedFresh,
		};
	},

	/** The newest action of the first page that the event would report (else the newest one). */
	async sample(input) {
		const { items } = await input.fetch(0, input.pageCap);
		const matching = items.filter((action) => fits(input.event, action, input.settings, input.now));
		const pool = matching.length ? matching : items;
		const field = stampField(input.event);
		return [...pool].sort((a, b) => (readStamp(b, field) ?? 0) - (readStamp(a, field) ?? 0))[0];
	},
};
