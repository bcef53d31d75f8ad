/**
 * One poll of the trigger, over any page source (the transport at run time, an array in unit tests).
 *
 * Two strategies share the sequence merge (sequence.ts):
 *
 * - tail (New ... events): new records are appended to a creation-ordered list, so only its end is
 *   read. The state remembers the last 64 records (fingerprints) and where they started;
 *   each poll reads from there, lines the page up with them, and what follows is new. Cost: one
 *   request per poll, plus one per (page cap - 2) new records in a burst. Constant state.
 *
 * - sweep (Updated, Paid, Overdue): a change can happen anywhere, so the whole list is read, at most
 *   `maxRequests` pages per poll, resuming where the previous poll stopped (a "pass" ends at the end
 *   of the list and the next starts at 0). Each poll first reads the end of the list (the tail
 *   check) so that new records enter the image at once; the rest of the budget goes to the pass.
 *
 * Pages shift when records are deleted (or created) between two reads. Every page after the first
 * of a pass starts a little before the end of what was verified (an overlap) and is lined up by id
 * fingerprint, never by offset: a record shifted into the overlap is matched again (compared, never
 * emitted twice); a page that does not reach back to a verified record is refetched further back.
 * Nothing is skipped and nothing is doubled, whatever moved.
 */
import type { IDataObject } from 'n8n-workflow';

import { idBitsOf } from './codec';
import type { Layout } from './codec';
import type { PollBudget } from './budget';
import { identityHash, isOverdue, isPaid } from './events';
import type { EventDefinition, Judge } from './events';
import { topBits } from '../shared/hash';
import { findAnchor, mergeWindow } from './sequence';
import type { Anchor } from './sequence';
import type { WorkingState } from './state';

export interface Page {
	items: IDataObject[];
	total?: number;
}

/** One page of the collection, in creation order. */
export type FetchPage = (offset: number, limit: number) => Promise<Page>;

/** A page is lined up by one of its first records (under the contract, its very first). */
const ANCHOR_TRIES = 3;
const ANCHOR_BITS = 36;

export interface Tuning {
	/** Records a page starts before the end of what was verified, on the first page of a poll. */
	overlapResume: number;
	/** The same between two pages of one poll (milliseconds apart). */
	overlapNext: number;
	/** New-record events remember this many of the last records. */
	tailKeep: number;
	/** Last records fetched when a baseline starts, to tell records created during it. */
	anchorCount: number;
	/** New-record events: pages stepped back to find the remembered records before giving up on them. */
	tailStepbacks: number;
}

/** 20 / 2 / 64 / 16 / 4 at Upflow's page caps (500, 1000); scaled down for the tiny pages of tests. */
export function defaultTuning(pageCap: number): Tuning {
	const fifth = Math.max(1, Math.floor(pageCap / 5));
	return {
		overlapResume: Math.min(20, fifth),
		overlapNext: Math.min(2, fifth),
		tailKeep: Math.max(2, Math.min(64, Math.floor(pageCap / 4))),
		anchorCount: Math.max(1, Math.min(16, Math.floor(pageCap / 4))),
		tailStepbacks: 4,
	};
}

export interface ScanContext {
	definition: EventDefinition;
	layout: Layout;
	judge: Judge;
	pageCap: number;
	fetch: FetchPage;
	budget: PollBudget;
	/** Default: defaultTuning(pageCap). */
	tuning?: Tuning;
}

export interface ScanReport {
	/** Records to emit, in the order they were met. */
	emitted: IDataObject[];
	requests: number;
	/** Sweep: a pass over the whole list ended during this poll. */
	passCompleted: boolean;
}

export function strategyOf(definition: EventDefinition): 'tail' | 'sweep' {
	return definition.rule === 'new' ? 'tail' : 'sweep';
}

/** Runs one poll against `state` (a working copy: the caller stores it only if the poll succeeds). */
export async function scan(state: WorkingState, context: ScanContext): Promise<ScanReport> {
	const scanner = strategyOf(context.definition) === 'tail' ? new TailScan(state, context) : new SweepScan(state, context);
	await scanner.run();
	return { emitted: scanner.emitted, requests: context.budget.requests, passCompleted: scanner.passCompleted };
}

abstract class Scan {
	readonly emitted: IDataObject[] = [];

	passCompleted = false;

	protected readonly idBits: number;

	protected readonly tuning: Tuning;

	constructor(
		protected readonly state: WorkingState,
		protected readonly context: ScanContext,
	) {
		this.idBits = idBitsOf(context.layout);
		this.tuning = context.tuning ?? defaultTuning(context.pageCap);
	}

	abstract run(): Promise<void>;

	protected async fetch(offset: number, limit = this.context.pageCap): Promise<Page> {
		return await this.context.budget.spend(async () => await this.context.fetch(offset, limit));
	}

	protected ids(records: readonly IDataObject[]): number[] {
		return records.map((record) => topBits(identityHash(record), this.idBits));
	}

	/** The page holds the last record of the list. */
	protected reachedEnd(offset: number, limit: number, page: Page): boolean {
		return page.items.length < limit || (page.total !== undefined && offset + page.items.length >= page.total);
	}

	protected judgeAndEmit(record: IDataObject, previous: number | undefined, silent: boolean): number {
		const verdict = this.context.judge(record, previous, silent);
		if (verdict.emit) this.emitted.push(record);
		return verdict.value;
	}
}

class TailScan extends Scan {
	async run(): Promise<void> {
		const { state } = this;
		const { budget, pageCap } = this.context;
		const { overlapResume, overlapNext, tailKeep, tailStepbacks } = this.tuning;
		const sequence = state.sequence;
		const windowStart = state.base;
		let offset = state.base;
		let stepbacks = 0;
		while (budget.allows()) {
			const firstRead = state.baseline && sequence.length === 0 && state.tailPosition === undefined;
			if (firstRead) offset = 0;
			const page = await this.fetch(offset);
			const count = page.items.length;
			const atEnd = this.reachedEnd(offset, pageCap, page);
			if (firstRead) {
				state.tailPosition = page.total ?? 0;
				if (!atEnd && page.total !== undefined) {
					// Baseline of a long list: only its end matters.
					state.base = offset = Math.max(0, page.total - tailKeep);
					continue;
				}
			}
			const silent = state.baseline;
			const visit = (record: IDataObject, previous: number | undefined) => this.judgeAndEmit(record, previous, silent);
			const ids = this.ids(page.items);
			if (sequence.length === 0) {
				// Nothing remembered: every record from `offset` on is new (or baseline).
				if (count > 0) mergeWindow(sequence, page.items, ids, { pageIndex: 0, seqIndex: 0 }, atEnd, visit);
				state.base = page.total !== undefined ? Math.min(offset, page.total) : offset;
			} else {
				if (count === 0 && offset === 0) {
					// The list is empty: whatever was remembered is gone.
					sequence.clear();
					state.base = 0;
					break;
				}
				const anchor =
					count === 0 ? undefined : findAnchor(sequence, ids, count, Math.max(0, offset - state.base), sequence.length);
				if (!anchor) {
					if (offset > 0 && stepbacks < tailStepbacks) {
						// Deletions moved the remembered records below `offset`: look further back.
						stepbacks++;
						const end = page.total !== undefined ? Math.min(offset, page.total) : offset;
						offset = Math.max(0, end - (pageCap - overlapResume));
						continue;
					}
					// Every remembered record was deleted: records from where they started are new.
					sequence.clear();
					state.base = offset = windowStart;
					continue;
				}
				mergeWindow(sequence, page.items, ids, anchor, atEnd, visit);
				state.base = Math.max(0, offset + anchor.pageIndex - anchor.seqIndex);
			}
			if (atEnd) {
				state.tailPosition = offset + count;
				state.baseline = false;
				break;
			}
			offset = offset + count - overlapNext;
		}
		state.base += sequence.keepLast(tailKeep);
	}
}

class SweepScan extends Scan {
	async run(): Promise<void> {
		if (!this.state.baseline && this.context.budget.maxRequests >= 2 && !this.passEndsThisPoll()) await this.checkTail();
		await this.sweep();
	}

	/** Whether the rest of the pass fits in this poll's budget: then it reads the end of the list itself. */
	private passEndsThisPoll(): boolean {
		const { state, context, tuning } = this;
		if (state.tailPosition === undefined) return false;
		const remaining = Math.max(0, state.tailPosition - state.nextOffset) + tuning.overlapResume;
		const pages = Math.ceil(remaining / (context.pageCap - tuning.overlapNext));
		return pages <= context.budget.maxRequests - 1;
	}

	/** Tells records that existed at activation (silent) from those created during the baseline. */
	private visit = (record: IDataObject, previous: number | undefined): number => {
		const { state } = this;
		let silent = false;
		if (state.baseline) {
			const isAnchor = state.anchors?.includes(topBits(identityHash(record), ANCHOR_BITS)) ?? false;
			// The anchors are the last records at activation: what follows the first one met is newer.
			silent = !state.anchorPassed || isAnchor;
			if (isAnchor) state.anchorPassed = true;
		}
		return this.judgeAndEmit(record, previous, silent);
	};

	/** Reads the end of the list so that new records enter the image within one poll. */
	private async checkTail(): Promise<void> {
		const { state } = this;
		if (state.tailPosition === undefined) return;
		const offset = Math.max(0, state.tailPosition - this.tuning.overlapResume);
		// Stored index >= list position: when the pass is this close, it reads the end itself.
		if (offset < state.verified || !this.context.budget.allows()) return;
		const page = await this.fetch(offset);
		if (page.items.length === 0) {
			if (page.total !== undefined) state.tailPosition = page.total;
			return;
		}
		const ids = this.ids(page.items);
		const anchor = findAnchor(state.sequence, ids, ANCHOR_TRIES, offset, state.sequence.length);
		// Not lined up (many deletions near the end): the pass will see these records.
		if (!anchor) return;
		mergeWindow(state.sequence, page.items, ids, anchor, this.reachedEnd(offset, this.context.pageCap, page), this.visit);
		state.tailPosition = offset + page.items.length;
	}

	private async sweep(): Promise<void> {
		const { state } = this;
		const { budget, pageCap } = this.context;
		const { overlapResume, overlapNext } = this.tuning;
		const sequence = state.sequence;
		let firstPage = true;
		while (!this.passCompleted) {
			if (state.baseline && state.anchors === undefined && state.tailPosition !== undefined) {
				if (!budget.allows()) break;
				await this.fetchAnchors(state.tailPosition);
				continue;
			}
			if (!budget.allows()) break;
			let offset = state.nextOffset;
			if (firstPage && offset > 0) offset = Math.max(0, offset - (overlapResume - overlapNext));
			firstPage = false;
			const page = await this.fetch(offset);
			const count = page.items.length;
			if (state.baseline && page.total !== undefined) state.tailPosition = page.total;
			const atEnd = this.reachedEnd(offset, pageCap, page);
			if (count === 0) {
				if (offset === 0) {
					sequence.clear();
					this.endPass(0);
					break;
				}
				// The list is now shorter than `offset`: go back to its end.
				const end = page.total !== undefined ? Math.min(offset, page.total) : offset;
				state.nextOffset = Math.max(0, end - (pageCap - overlapResume));
				continue;
			}
			const ids = this.ids(page.items);
			let anchor: Anchor | undefined = { pageIndex: 0, seqIndex: 0 };
			if (offset > 0) {
				// The page must reach back into what this pass verified, or records could slip by.
				anchor = findAnchor(sequence, ids, ANCHOR_TRIES, offset, state.verified);
				if (!anchor) {
					state.nextOffset = this.stepBack(offset, ids[0]);
					continue;
				}
			}
			const merged = mergeWindow(sequence, page.items, ids, anchor, atEnd, this.visit);
			if (atEnd) {
				this.endPass(offset + count);
				break;
			}
			state.verified = merged.end;
			state.nextOffset = offset + count - overlapNext;
		}
	}

	/** Where to read again when a page started past the verified records (deletions before it). */
	private stepBack(offset: number, firstId: number): number {
		const { state } = this;
		const k = state.sequence.indexOf(firstId, state.verified, state.sequence.length);
		// The page starts (k - verified) remembered records past the verified ones: go back that far.
		if (k >= 0) return Math.max(0, offset - (k - state.verified) - this.tuning.overlapResume);
		return Math.max(0, offset - (this.context.pageCap - this.tuning.overlapResume));
	}

	private async fetchAnchors(total: number): Promise<void> {
		const count = this.tuning.anchorCount;
		const page = await this.fetch(Math.max(0, total - count), count);
		this.state.anchors = page.items.map((record) => topBits(identityHash(record), ANCHOR_BITS));
	}

	private endPass(endPosition: number): void {
		const { state } = this;
		state.verified = 0;
		state.nextOffset = 0;
		state.tailPosition = endPosition;
		state.passes++;
		state.baseline = false;
		state.anchors = undefined;
		state.anchorPassed = false;
		this.passCompleted = true;
	}
}

/**
 * "Fetch Test Event": a real record from the end of the list, preferring one the event would
 * emit (a paid invoice for Invoice Paid ...). Reads at most two pages; changes nothing.
 */
export async function sampleRecord(
	definition: EventDefinition,
	fetch: FetchPage,
	pageCap: number,
	now: number,
): Promise<IDataObject | undefined> {
	const first = await fetch(0, 1);
	let records = first.items;
	if (first.total !== undefined && first.total > 1) {
		records = (await fetch(Math.max(0, first.total - pageCap), pageCap)).items;
	} else if (first.total === undefined && first.items.length > 0) {
		records = (await fetch(0, pageCap)).items;
	}
	const fits = (record: IDataObject) =>
		definition.rule === 'paid' ? isPaid(record) : definition.rule === 'overdue' ? isOverdue(record, now) : true;
	for (let i = records.length - 1; i >= 0; i--) if (fits(records[i])) return records[i];
	return records[records.length - 1];
}
