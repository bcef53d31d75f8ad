/**
 * What the trigger's two engines take and give back, under the same names (poll.ts picks the
 * event's engine): the fingerprint engine (fingerprintScan.ts) for lists whose records carry no
 * change stamp, the stamp engine (stampScan.ts) for the action list, whose records do.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Page } from '../transport/paginate';
import type { EventDefinition, EventSettings } from './events';
import type { ListOrder } from './order';

/** One page of the event's list, in Upflow's own order (whichever it is). */
export type FetchPage = (offset: number, limit: number) => Promise<Page>;

export interface EngineInput {
	event: EventDefinition;
	settings: EventSettings;
	/** The configuration the stored state must belong to (state.ts `configKey`). */
	config: string;
	fetch: FetchPage;
	budget: PollBudget;
	/** Largest page of the list: its api.ts (tests pass smaller ones). */
	pageCap: number;
	/** The poll's clock (overdue checks). */
	now: () => number;
}

export interface PollOutput {
	/** Records to report: oldest first (fingerprints), in the list's order (stamps). */
	emitted: IDataObject[];
	/** The state to store (when, and only when, the emitted records are returned). */
	next: IDataObject;
	requests: number;
	/** A pass over the whole list ended during this poll. */
	passCompleted: boolean;
	/** A baseline is still in progress: what it reads is remembered, never reported. */
	baseline: boolean;
	/** The poll started from a new baseline (first activation, or the configuration changed). */
	startedFresh: boolean;
}

export interface SampleInput {
	event: EventDefinition;
	settings: EventSettings;
	fetch: FetchPage;
	pageCap: number;
	now: number;
	/** The list order an active trigger's state found, if any. */
	order: ListOrder | undefined;
}

export interface Engine {
	/** One poll from the stored state; the stored object is only read. */
	poll(stored: IDataObject, input: EngineInput): Promise<PollOutput>;
	/** "Fetch Test Event": a real record the event could report; reads a page or two, stores nothing. */
	sample(input: SampleInput): Promise<IDataObject | undefined>;
}

/** Share of n8n's poll time budget kept in reserve for the last answer and the hand-off. */
const TIME_RESERVE_SHARE = 0.2;

/**
 * What one poll may spend: at most `maxRequests` list requests, and (when n8n gives a poll time
 * budget) stop early enough to return before the engine abandons the tick.
 */
export class PollBudget {
	requests = 0;

	private slowestMs = 0;

	private readonly startedAt: number;

	constructor(
		readonly maxRequests: number,
		/** n8n's `getPollBudgetMs()`, when the host offers it. */
		private readonly timeBudgetMs: number | undefined,
		private readonly now: () => number,
	) {
		this.startedAt = now();
	}

	/** Whether one more request may start now. */
	allows(): boolean {
		if (this.requests >= this.maxRequests) return false;
		if (this.timeBudgetMs === undefined || !Number.isFinite(this.timeBudgetMs)) return true;
		const elapsed = this.now() - this.startedAt;
		const reserve = Math.max(2 * this.slowestMs, this.timeBudgetMs * TIME_RESERVE_SHARE);
		return elapsed + reserve < this.timeBudgetMs;
	}

	async spend<T>(send: () => Promise<T>): Promise<T> {
		this.requests++;
		const started = this.now();
		try {
			return await send();
		} finally {
			this.slowestMs = Math.max(this.slowestMs, this.now() - started);
		}
	}
}
