/**
 * The fingerprint engine: the events on lists whose records carry no change stamp (customers,
 * invoices, payments, credit notes, refunds). It remembers a small fingerprint of each record and
 * compares what it reads with it.
 *
 * Both strategies work on the list in creation order, oldest first (a "view", reader.ts): Upflow's
 * own order is not established, so it is told from the data (order.ts) and a newest-first list is
 * read backwards. Two strategies share the sequence merge (sequence.ts):
 *
 * - tail (New ... events): new records come last in creation order, so only that end is read. The
 *   state remembers the last 64 records (fingerprints) and where they started; each poll reads from
 *   there, lines the page up with them, and what follows is new. Cost: one request per poll, plus
 *   one per (page cap - 2) new records in a burst. Constant state. While the order is unknown both
 *   ends of the list are watched this way (one of them read backwards): twice the cost, until the
 *   first new records (or creation stamps) tell the order.
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

import { topBits } from '../shared/hash';
import type { Engine, EngineInput, PollOutput, SampleInput } from './engine';
import { LAYOUTS, fits, judgeFor } from './events';
import type { EventDefinition, Judge } from './events';
import { OrderWatch, orderFromStamps, watchId } from './order';
import type { ListOrder } from './order';
import { ListReader, backwardView, forwardView } from './reader';
import type { View, ViewPage } from './reader';
import { findAnchor, identityHash, mergeWindow } from './sequence';
import type { Anchor } from './sequence';
import { freshEnd, idBitsOf, readFingerprints, writeFingerprints } from './state';
import type { FingerprintState, Layout, TailEnd } from './state';

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

type ScanContext = EngineInput & {
	layout: Layout;
	judge: Judge;
	/** Tests only; default: defaultTuning(pageCap). */
	tuning?: Tuning;
};

export function strategyOf(event: EventDefinition): 'tail' | 'sweep' {
	return event.rule === 'new' ? 'tail' : 'sweep';
}

export const fingerprintEngine: Engine = {
	async poll(stored, input: EngineInput & { tuning?: Tuning }): Promise<PollOutput> {
		const { event } = input;
		const layout = LAYOUTS[event.rule];
		const state = readFingerprints(stored, input.config, layout);
		const startedFresh =
			state.baseline &&
			state.sequence.length === 0 &&
			state.listLength === undefined &&
			!state.head;
		const judge = judgeFor(event, input.settings, input.now());
		const report = await scan(state, { ...input, layout, judge });
		return {
			...report,
			requests: input.budget.requests,
			startedFresh,
			next: writeFingerprints(state, layout, strategyOf(event)),
		};
	},
	sample: sampleRecord,
};

/** Runs one poll against `state` (a working copy: the caller stores it only if the poll succeeds). */
async function scan(
	state: FingerprintState,
	context: ScanContext,
): Promise<{ emitted: IDataObject[]; passCompleted: boolean; baseline: boolean }> {
	const watch = new OrderWatch(state.watchHead, state.watchTail);
	const estimate =
		state.order === undefined ? (state.head?.listLength ?? state.listLength) : state.listLength;
	const reader = new ListReader(context.fetch, context.budget, estimate, watch);
	// The primary end reads the list in creation order: backwards once the list is known newest first.
	const primary = state.order === 'newest-first' ? backwardView(reader) : forwardView(reader);
	const emitted: IDataObject[] = [];
	let passCompleted = false;
	if (strategyOf(context.event) === 'sweep') {
		const sweep = new SweepScan(state, context, primary);
		await sweep.run();
		emitted.push(...sweep.emitted);
		passCompleted = sweep.passCompleted;
	} else if (state.order !== undefined) {
		const tail = new TailScan(state, context, primary);
		await tail.run();
		emitted.push(...tail.emitted);
	} else {
		// Order unknown: new records may come at either end; watch both, the start read backwards.
		const head = (state.head ??= freshEnd());
		const ends: Array<[TailEnd, View, 'end' | 'start']> = [
			[state, primary, 'end'],
			[head, backwardView(reader), 'start'],
		];
		// Both ends get a turn even at 1 request per poll: which goes first alternates.
		if (state.revision % 2 === 1) ends.reverse();
		const found: Record<'end' | 'start', IDataObject[]> = { end: [], start: [] };
		for (const [end, view, side] of ends) {
			const newHere = () => watch.verdict() === (side === 'end' ? 'oldest-first' : 'newest-first');
			const tail = new TailScan(end, context, view, newHere);
			await tail.run();
			found[side] = tail.emitted;
		}
		// New records showed at one end only: whatever the other end reported is not new.
		const verdict = watch.verdict();
		const sides =
			verdict === 'oldest-first'
				? [found.end]
				: verdict === 'newest-first'
					? [found.start]
					: [found.end, found.start];
		const seen = new Set<number>();
		for (const record of sides.flat()) {
			const id = identityHash(record);
			if (seen.has(id)) continue;
			seen.add(id);
			emitted.push(record);
		}
	}
	state.watchHead = watch.head;
	state.watchTail = watch.tail;
	if (state.order === undefined) adoptOrder(state, watch.verdict(), strategyOf(context.event));
	const baseline =
		state.baseline ||
		(state.order === undefined && state.head !== undefined && state.head.baseline);
	return { emitted, passCompleted, baseline };
}

/** Switches the state to a list order found this poll (from the next poll on). */
function adoptOrder(
	state: FingerprintState,
	order: ListOrder | undefined,
	strategy: 'tail' | 'sweep',
): void {
	if (order === undefined) return;
	if (strategy === 'tail') {
		const keep: TailEnd | undefined = order === 'oldest-first' ? state : state.head;
		// The end to keep must hold a finished baseline, or new records could pass unseen: wait.
		if (!keep || keep.baseline || keep.listLength === undefined) return;
		if (order === 'newest-first') {
			state.sequence = keep.sequence;
			state.base = keep.base;
			state.listLength = keep.listLength;
			state.baseline = false;
		}
		state.head = undefined;
		state.order = order;
		return;
	}
	if (order === 'newest-first') {
		// The image was taken in Upflow's order: turn it into creation order and start a new pass.
		// Remembered values stay, so nothing is reported again; the pass only costs its requests.
		state.sequence.reverse();
		state.verified = 0;
		state.nextOffset = 0;
		state.anchors = undefined;
		state.anchorPassed = false;
	}
	state.order = order;
}

abstract class Scan {
	readonly emitted: IDataObject[] = [];

	passCompleted = false;

	protected readonly idBits: number;

	protected readonly tuning: Tuning;

	constructor(
		protected readonly context: ScanContext,
		protected readonly view: View,
	) {
		this.idBits = idBitsOf(context.layout);
		this.tuning = context.tuning ?? defaultTuning(context.pageCap);
	}

	abstract run(): Promise<void>;

	protected async fetch(offset: number, limit = this.context.pageCap): Promise<ViewPage> {
		return await this.view.fetch(offset, limit);
	}

	protected ids(records: readonly IDataObject[]): number[] {
		return records.map((record) => topBits(identityHash(record), this.idBits));
	}

	protected judgeAndEmit(
		record: IDataObject,
		previous: number | undefined,
		silent: boolean,
	): number {
		const verdict = this.context.judge(record, previous, silent);
		if (verdict.emit) this.emitted.push(record);
		return verdict.value;
	}
}

class TailScan extends Scan {
	constructor(
		private readonly end: TailEnd,
		context: ScanContext,
		view: View,
		/**
		 * Given while the list order is unknown: whether this poll showed new records at this end.
		 * This end may be the one where nothing is ever created: when its remembered records are
		 * nowhere to be found, the records there may be old ones (seen from the other end, or moved
		 * by creations there), never taken as new. Unless new records showed here, or the end
		 * remembered the whole list (then anything else is new), it starts a new baseline instead.
		 */
		private readonly newRecordsHere?: () => boolean,
	) {
		super(context, view);
	}

	async run(): Promise<void> {
		const { end: state } = this;
		const { budget, pageCap } = this.context;
		const { overlapResume, overlapNext, tailKeep, tailStepbacks } = this.tuning;
		const sequence = state.sequence;
		const windowStart = state.base;
		const wholeListRemembered = state.base === 0 && state.sequence.length === state.listLength;
		let asked = state.base;
		let stepbacks = 0;
		while (budget.allows() || this.view.free()) {
			const firstRead = state.baseline && sequence.length === 0 && state.listLength === undefined;
			// A baseline needs only the newest records: read backwards, they come first.
			const page =
				firstRead && this.view.backward
					? await this.view.fetchNewest(pageCap)
					: await this.fetch(firstRead ? 0 : asked);
			const offset = page.offset;
			const count = page.items.length;
			const atEnd = page.atEnd;
			if (firstRead) {
				state.listLength = page.total ?? 0;
				if (!atEnd && page.total !== undefined) {
					// Baseline of a long list: only its end matters.
					state.base = asked = Math.max(0, page.total - tailKeep);
					continue;
				}
			}
			const silent = state.baseline;
			const visit = (record: IDataObject, previous: number | undefined) =>
				this.judgeAndEmit(record, previous, silent);
			const ids = this.ids(page.items);
			if (sequence.length === 0) {
				// Nothing remembered: every record from `asked` on is new (or baseline). A backward view
				// may answer from a little before it: those records were not asked for.
				const skip = firstRead ? 0 : Math.min(count, Math.max(0, asked - offset));
				if (count > skip)
					mergeWindow(sequence, page.items, ids, { pageIndex: skip, seqIndex: 0 }, atEnd, visit);
				state.base = page.total !== undefined ? Math.min(offset + skip, page.total) : offset + skip;
			} else {
				if (count === 0 && offset === 0) {
					// The list is empty: whatever was remembered is gone.
					sequence.clear();
					state.base = 0;
					break;
				}
				const anchor =
					count === 0
						? undefined
						: findAnchor(sequence, ids, count, Math.max(0, offset - state.base), sequence.length);
				if (!anchor) {
					if (offset > 0 && stepbacks < tailStepbacks) {
						// Deletions moved the remembered records below `offset`: look further back.
						stepbacks++;
						const last = page.total !== undefined ? Math.min(offset, page.total) : offset;
						asked = Math.max(0, last - (pageCap - overlapResume));
						continue;
					}
					if (this.newRecordsHere && !this.newRecordsHere() && !wholeListRemembered) {
						sequence.clear();
						state.baseline = true;
						state.listLength = undefined;
						state.base = asked = 0;
						continue;
					}
					// Every remembered record was deleted: records from where they started are new.
					sequence.clear();
					state.base = asked = windowStart;
					continue;
				}
				mergeWindow(sequence, page.items, ids, anchor, atEnd, visit);
				state.base = Math.max(0, offset + anchor.pageIndex - anchor.seqIndex);
			}
			if (atEnd) {
				state.listLength = offset + count;
				state.baseline = false;
				break;
			}
			asked = offset + count - overlapNext;
		}
		state.base += sequence.keepLast(tailKeep);
	}
}

class SweepScan extends Scan {
	constructor(
		private readonly state: FingerprintState,
		context: ScanContext,
		view: View,
	) {
		super(context, view);
	}

	async run(): Promise<void> {
		if (!this.state.baseline && this.context.budget.maxRequests >= 2 && !this.passEndsThisPoll())
			await this.checkTail();
		await this.sweep();
	}

	/** Whether the rest of the pass fits in this poll's budget: then it reads the end of the list itself. */
	private passEndsThisPoll(): boolean {
		const { state, context, tuning } = this;
		if (state.listLength === undefined) return false;
		const remaining = Math.max(0, state.listLength - state.nextOffset) + tuning.overlapResume;
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
		if (state.listLength === undefined) return;
		const asked = Math.max(0, state.listLength - this.tuning.overlapResume);
		// Stored index >= list position: when the pass is this close, it reads the end itself.
		if (asked < state.verified || !this.context.budget.allows()) return;
		const page = await this.fetch(asked);
		// A backward view may answer from before `asked`: leave those records to the pass.
		const skip = Math.min(page.items.length, Math.max(0, asked - page.offset));
		const items = page.items.slice(skip);
		const offset = page.offset + skip;
		if (items.length === 0) {
			if (page.total !== undefined) state.listLength = page.total;
			return;
		}
		const ids = this.ids(items);
		const anchor = findAnchor(state.sequence, ids, ANCHOR_TRIES, offset, state.sequence.length);
		// Not lined up (many deletions near the end): the pass will see these records.
		if (!anchor) return;
		mergeWindow(state.sequence, items, ids, anchor, page.atEnd, this.visit);
		state.listLength = offset + items.length;
	}

	private async sweep(): Promise<void> {
		const { state } = this;
		const { budget, pageCap } = this.context;
		const { overlapResume, overlapNext } = this.tuning;
		const sequence = state.sequence;
		let firstPage = true;
		while (!this.passCompleted) {
			if (state.baseline && state.anchors === undefined && state.listLength !== undefined) {
				if (!budget.allows()) break;
				await this.fetchAnchors();
				continue;
			}
			if (!budget.allows()) break;
			let asked = state.nextOffset;
			if (firstPage && asked > 0) asked = Math.max(0, asked - (overlapResume - overlapNext));
			firstPage = false;
			const page = await this.fetch(asked);
			const offset = page.offset;
			const count = page.items.length;
			if (state.baseline && page.total !== undefined) state.listLength = page.total;
			const atEnd = page.atEnd;
			if (count === 0) {
				if (offset === 0) {
					sequence.clear();
					this.endPass(0);
					break;
				}
				// The list is now shorter than `offset`: go back to its end.
				const last = page.total !== undefined ? Math.min(offset, page.total) : offset;
				state.nextOffset = Math.max(0, last - (pageCap - overlapResume));
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

	private async fetchAnchors(): Promise<void> {
		const page = await this.view.fetchNewest(this.tuning.anchorCount);
		this.state.anchors = page.items.map((record) => topBits(identityHash(record), ANCHOR_BITS));
	}

	private endPass(endPosition: number): void {
		const { state } = this;
		state.verified = 0;
		state.nextOffset = 0;
		state.listLength = endPosition;
		state.passes++;
		state.baseline = false;
		state.anchors = undefined;
		state.anchorPassed = false;
		this.passCompleted = true;
	}
}

/**
 * "Fetch Test Event": a real record from the newest end of the list, preferring one the event would
 * emit (a paid invoice for Invoice Paid ...). Reads at most two pages (the first and the last);
 * changes nothing. The list order: the one a poll already found; otherwise told by creation stamps;
 * when nothing tells, the end of the list is searched first, then its start.
 */
async function sampleRecord(input: SampleInput): Promise<IDataObject | undefined> {
	const { fetch, pageCap } = input;
	const first = await fetch(0, pageCap);
	const whole =
		first.items.length < pageCap ||
		(first.total !== undefined && first.items.length >= first.total);
	let last = first.items;
	if (!whole && first.total !== undefined)
		last = (await fetch(Math.max(0, first.total - pageCap), pageCap)).items;
	const seen = new Set(first.items.map(watchId));
	const listed = whole
		? first.items
		: [...first.items, ...last.filter((record) => !seen.has(watchId(record)))];
	const known = input.order ?? orderFromStamps(listed);
	const fromEnd = [...last].reverse();
	// Newest first: the list's start; oldest first: its end; unknown: the end, then the start.
	const candidates =
		known === 'newest-first'
			? first.items
			: known === 'oldest-first'
				? fromEnd
				: [...fromEnd, ...first.items];
	return (
		candidates.find((record) => fits(input.event, record, input.settings, input.now)) ??
		candidates[0]
	);
}
