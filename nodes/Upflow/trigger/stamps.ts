/**
 * Trigger events on Upflow actions (reminders, tasks, replies), driven by the stamps every action
 * carries (contract v2: `createdAt`, `updatedAt`). Pure: no I/O of its own, no clock.
 *
 * The state is a cursor (the newest stamp seen) and the keys of the actions stamped in the last
 * few minutes, never one entry per action: constant size whatever the organization holds.
 *
 * A pass reads the list from offset 0 to its end (at most Max Requests per Poll pages a poll,
 * resuming where the previous poll stopped) and emits the actions stamped after the cursor. The
 * order Upflow lists actions in is not documented, so it is detected from the data, pass after
 * pass, and only then used:
 *   - newest first by the stamp: a pass stops at the first page reaching past the cursor
 *     (1 request a poll when nothing is new);
 *   - oldest first: a pass starts near the end of the list (1 request a poll);
 *   - anything else, and always for updatedAt (an update does not move an action in the list,
 *     whatever order the stamps happened to show): the whole list a pass.
 * A page that contradicts the detected order, or a list that grew by more actions than the new ones
 * a partial read met, sends the pass back to a full read (an insertion elsewhere that exactly
 * offsets deletions between two polls is the one case it cannot see).
 *
 * Actions stamped a little before the cursor (LAG_MS) are still compared by their key (id and
 * stamp), so an action that becomes visible late, or two actions with the same stamp, are not lost.
 * Delivery is at-least-once, like the other events.
 */
import type { IDataObject } from 'n8n-workflow';

import type { PollBudget } from './budget';
import type { FetchPage } from './scan';
import { configKey } from './state';

export type ActionEventName = 'newAction' | 'actionUpdated' | 'customerReplied';

export interface ActionEventDefinition {
	name: ActionEventName;
	displayName: string;
	description: string;
	/** The stamp that tells the event happened. */
	stamp: 'createdAt' | 'updatedAt';
	/** Whether an action stamped after the cursor is one this event reports. */
	keep(action: IDataObject, options: ActionEventOptions): boolean;
}

export interface ActionEventOptions {
	/** New Action: only this type (empty: any). */
	actionType?: string;
}

const time = (value: unknown): number =>
	typeof value === 'string' ? Date.parse(value) : Number.NaN;

export const ACTION_EVENTS: readonly ActionEventDefinition[] = [
	{
		name: 'newAction',
		displayName: 'New Action',
		description: 'A reminder, task or reply is created in Upflow (any type, or the type chosen)',
		stamp: 'createdAt',
		keep: (action, options) => !options.actionType || action.type === options.actionType,
	},
	{
		name: 'actionUpdated',
		displayName: 'Action Updated',
		description:
			'An action changes, e.g. a task is done or a reminder is sent (its updatedAt moves)',
		stamp: 'updatedAt',
		// An action created and never changed has updatedAt = createdAt: that is New Action.
		keep: (action) => time(action.updatedAt) > time(action.createdAt),
	},
	{
		name: 'customerReplied',
		displayName: 'Customer Replied',
		description: 'A customer replies to a reminder (an action whose source is REPLY)',
		stamp: 'createdAt',
		keep: (action) => action.source === 'REPLY',
	},
];

export function actionEventDefinition(name: string): ActionEventDefinition | undefined {
	return ACTION_EVENTS.find((event) => event.name === name);
}

export const ACTIONS_PAGE_CAP = 500;
/** Actions stamped this long before the cursor are still compared one by one. */
const LAG_MS = 5 * 60_000;
/** Records a tail read starts before the end seen last time (deletions shift the list). */
const TAIL_OVERLAP = 20;
/** Keys kept for the lag window and for a pass spanning polls. */
const MAX_KEYS = 1000;
const FORMAT = 1;

/** The stored shape (workflow static data): short keys, plain JSON. */
export interface StampState {
	v: number;
	/** Kind: tells this state from the record events' (trigger/state.ts). */
	k: 'stamp';
	c: string;
	r: number;
	/** Baseline in progress: nothing is emitted until the first pass ends. */
	bl?: 1;
	/** Cursor: the newest stamp seen (ms since the epoch). */
	cur?: number;
	/** Keys `id@stamp` of actions stamped within LAG_MS before the cursor. */
	rk?: string[];
	/** Detected order: a = oldest first, d = newest first, n = neither / unknown. */
	ord?: 'a' | 'd' | 'n';
	/** List length at the end of the last pass. */
	n?: number;
	// ---- a pass in progress (spans polls) ----
	/** Next offset. */
	f?: number;
	/** Newest stamp met in this pass. */
	pm?: number;
	/** Keys emitted in this pass. */
	em?: string[];
	/** Keys met in this pass within LAG_MS of pm. */
	pk?: string[];
	/** Order flags of this pass: 1 = never rose, 2 = never fell, 4 = started at offset 0. */
	of?: number;
	/** Stamp of the last action met in this pass. */
	ls?: number;
	/** Actions newer than the cursor met in this pass. */
	nf?: number;
}

export interface StampPollInput {
	definition: ActionEventDefinition;
	options: ActionEventOptions;
	organizationKey: string;
	fetch: FetchPage;
	budget: PollBudget;
	/** Tests only. */
	pageCap?: number;
}

export interface StampPollOutput {
	emitted: IDataObject[];
	next: StampState;
	requests: number;
	passCompleted: boolean;
}

function stampConfig(
	input: Pick<StampPollInput, 'definition' | 'options' | 'organizationKey'>,
): string {
	return configKey([input.definition.name, input.options.actionType ?? '', input.organizationKey]);
}

function fresh(config: string, revision: number): StampState {
	return { v: FORMAT, k: 'stamp', c: config, r: revision, bl: 1 };
}

function readStampState(stored: IDataObject, config: string): StampState {
	const revision = typeof stored.r === 'number' ? stored.r : 0;
	if (stored.k !== 'stamp' || stored.v !== FORMAT || stored.c !== config)
		return fresh(config, revision);
	return JSON.parse(JSON.stringify(stored)) as StampState;
}

const keyOf = (action: IDataObject, stamp: number) => `${String(action.id ?? '')}@${stamp}`;

/** One poll from stored state to the next; the caller stores `next` only when it returns `emitted`. */
export async function runStampPoll(
	stored: IDataObject,
	input: StampPollInput,
): Promise<StampPollOutput> {
	const state = readStampState(stored, stampConfig(input));
	const cap = input.pageCap ?? ACTIONS_PAGE_CAP;
	const emitted: IDataObject[] = [];
	const stampOf = (action: IDataObject) => time(action[input.definition.stamp]);
	const cursor = state.cur;
	// Only createdAt keeps an order: updatedAt moves an action without moving it in the list.
	let ordered = input.definition.stamp === 'createdAt' ? state.ord : 'n';
	const recent = new Set(state.rk ?? []);
	let passCompleted = false;

	if (state.f === undefined) {
		// A new pass. Oldest first: start near the end seen last time.
		const tail = !state.bl && ordered === 'a' && state.n !== undefined;
		state.f = tail ? Math.max(0, (state.n as number) - TAIL_OVERLAP - recent.size) : 0;
		state.pm = cursor;
		state.em = [];
		state.pk = [];
		state.of = 1 | 2 | (state.f === 0 ? 4 : 0);
		state.ls = undefined;
		state.nf = 0;
	}
	const emittedKeys = new Set(state.em);
	const passKeys = new Set(state.pk);

	while (input.budget.allows()) {
		const offset = state.f as number;
		const page = await input.budget.spend(async () => await input.fetch(offset, cap));
		const rows = page.items;
		if (offset > 0 && !(state.of! & 4) && state.ls === undefined) {
			// Tail read: it must reach back before the lag window, or actions may lie before it.
			const first = rows.length ? stampOf(rows[0]) : Number.NaN;
			if (!(first <= (cursor ?? 0) - LAG_MS)) {
				state.f = 0;
				state.of = 1 | 2 | 4;
				state.nf = 0;
				continue;
			}
		}
		for (const row of rows) {
			const stamp = stampOf(row);
			if (Number.isNaN(stamp)) continue; // no readable stamp: it cannot be placed, and is never emitted
			if (state.ls !== undefined) {
				if (stamp > state.ls) state.of! &= ~1;
				if (stamp < state.ls) state.of! &= ~2;
			}
			state.ls = stamp;
			const key = keyOf(row, stamp);
			const isNew =
				cursor !== undefined && (stamp > cursor || (stamp > cursor - LAG_MS && !recent.has(key)));
			if (isNew) state.nf = (state.nf ?? 0) + 1;
			if (
				!state.bl &&
				isNew &&
				!emittedKeys.has(key) &&
				input.definition.keep(row, input.options)
			) {
				emitted.push(row);
				emittedKeys.add(key);
			}
			if (state.pm === undefined || stamp > state.pm) state.pm = stamp;
			if (stamp > state.pm - LAG_MS) passKeys.add(key);
		}
		state.f = offset + rows.length;
		// Upflow's total, when it says one, wins over a short page (see transport/paginate.ts).
		const reachedEnd =
			rows.length === 0 ||
			(page.total !== undefined ? (state.f as number) >= page.total : rows.length < cap);
		// Newest first: past the lag window behind the cursor, everything is older.
		const lastStamp = rows.length ? stampOf(rows[rows.length - 1]) : Number.NaN;
		const pastCursor =
			!state.bl &&
			ordered === 'd' &&
			cursor !== undefined &&
			lastStamp <= cursor - LAG_MS &&
			(state.of! & 1) !== 0;
		if (reachedEnd || pastCursor) {
			const fullRead = (state.of! & 4) !== 0 && reachedEnd;
			// A partial read (the detected order) must account for the list's growth: more actions
			// than the new ones it met means some landed where it did not look. Read it all.
			const total = page.total ?? (reachedEnd ? (state.f as number) : undefined);
			if (
				!fullRead &&
				state.n !== undefined &&
				total !== undefined &&
				total - state.n > (state.nf ?? 0)
			) {
				state.ord = 'n';
				ordered = 'n';
				state.f = 0;
				state.of = 1 | 2 | 4;
				state.ls = undefined;
				state.nf = 0;
				continue;
			}
			const flags = state.of!;
			// A pass that read everything tells the order; one that saw it broken forgets it.
			if (fullRead)
				state.ord = flags & 1 && !(flags & 2) ? 'd' : flags & 2 && !(flags & 1) ? 'a' : 'n';
			else if ((state.ord === 'd' && !(flags & 1)) || (state.ord === 'a' && !(flags & 2)))
				state.ord = 'n';
			state.cur = state.pm ?? 0;
			const floor = (state.cur as number) - LAG_MS;
			const keep = [...recent, ...passKeys].filter(
				(k) => Number(k.slice(k.lastIndexOf('@') + 1)) > floor,
			);
			state.rk = [...new Set(keep)].slice(-MAX_KEYS);
			state.n = total ?? state.n;
			delete state.f;
			delete state.pm;
			delete state.em;
			delete state.pk;
			delete state.of;
			delete state.ls;
			delete state.nf;
			delete state.bl;
			passCompleted = true;
			break;
		}
	}
	if (!passCompleted) {
		state.em = [...emittedKeys].slice(-MAX_KEYS);
		state.pk = [...passKeys].slice(-MAX_KEYS);
	}
	state.r += 1;
	return { emitted, next: state, requests: input.budget.requests, passCompleted };
}

/** "Fetch Test Event": the newest matching action of the first page, nothing stored. */
export async function sampleAction(
	definition: ActionEventDefinition,
	options: ActionEventOptions,
	fetch: FetchPage,
): Promise<IDataObject | undefined> {
	const { items } = await fetch(0, ACTIONS_PAGE_CAP);
	const matching = items.filter((action) => definition.keep(action, options));
	const pool = matching.length ? matching : items;
	return [...pool].sort(
		(a, b) => (time(b[definition.stamp]) || 0) - (time(a[definition.stamp]) || 0),
	)[0];
}
