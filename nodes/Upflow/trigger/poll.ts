/**
 * One poll from stored state to stored state, with no n8n context: the node, the unit tests and
 * the benchmark all run this. The stored object is only read; the caller writes `next` back when
 * (and only when) it returns the emitted records.
 */
import type { IDataObject } from 'n8n-workflow';

import { PollBudget } from './budget';
import { COLLECTIONS, LAYOUTS, judgeFor } from './events';
import type { EventDefinition } from './events';
import { scan, strategyOf } from './scan';
import type { FetchPage, ScanReport, Tuning } from './scan';
import { configKey, readState, writeState } from './state';
import type { StoredState } from './state';

export interface PollInput {
	definition: EventDefinition;
	/** Watched fields ("updated" events). */
	fields: readonly string[];
	/** Names the organization (a hash, never the key): another organization means a new baseline. */
	organizationKey: string;
	fetch: FetchPage;
	maxRequests: number;
	/** n8n's poll time budget, when the host gives one. */
	timeBudgetMs?: number;
	/** The clock of the poll (overdue checks, time budget). */
	now: () => number;
	/** Tests only: a page cap other than Upflow's. */
	pageCap?: number;
	tuning?: Tuning;
}

export interface PollOutput extends ScanReport {
	/** The state to store. */
	next: StoredState;
	/** The poll started from a new baseline (first activation, or the configuration changed). */
	startedFresh: boolean;
	/** Entries remembered (records tracked). */
	tracked: number;
}

export function configOf(
	input: Pick<PollInput, 'definition' | 'fields' | 'organizationKey'>,
): string {
	return configKey([input.definition.name, [...input.fields].sort(), input.organizationKey]);
}

export async function runPoll(stored: IDataObject, input: PollInput): Promise<PollOutput> {
	const { definition } = input;
	const layout = LAYOUTS[definition.rule];
	const state = readState(stored, configOf(input), layout);
	const startedFresh =
		state.baseline &&
		state.sequence.length === 0 &&
		state.tailPosition === undefined &&
		!state.head;
	const budget = new PollBudget(input.maxRequests, input.timeBudgetMs, input.now);
	const report = await scan(state, {
		definition,
		layout,
		judge: judgeFor(definition, { fields: input.fields, now: input.now() }),
		pageCap: input.pageCap ?? COLLECTIONS[definition.collection].pageCap,
		fetch: input.fetch,
		budget,
		tuning: input.tuning,
	});
	return {
		...report,
		next: writeState(state, layout, strategyOf(definition)),
		startedFresh,
		tracked: state.sequence.length + (state.head?.sequence.length ?? 0),
	};
}
