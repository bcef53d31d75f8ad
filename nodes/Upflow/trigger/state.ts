/**
 * The trigger's state as stored in the node's workflow static data: plain JSON with short keys,
 * so that the constant part stays small and nearly every byte is the packed sequence (codec.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import { decodeEntries, encodeEntries } from './codec';
import type { Layout } from './codec';
import { cyrb53, stableStringify } from '../shared/hash';
import type { ListOrder } from './order';
import { Sequence } from './sequence';

/** Bump when the stored shape or the fingerprints change: older states are then rebuilt. */
export const FORMAT_VERSION = 1;

export interface StoredState {
	/** Format version. */
	v: number;
	/** Configuration key: event, watched fields, organization. */
	c: string;
	/** Revision, +1 at every write: tells overlapping polls apart. */
	r: number;
	/** Packed sequence: one entry per remembered record, in list order. */
	s: string;
	/** Baseline in progress: records never seen before are remembered, not emitted. */
	bl?: 1;
	/** Sweep: entries of `s` verified during the current pass. */
	b?: number;
	/** Sweep: list offset of the next page. */
	f?: number;
	/** List position right after the last record seen at the end of the list. */
	t?: number;
	/** Sweep: passes completed. */
	p?: number;
	/** Baseline: fingerprints of the last records when the trigger was activated. */
	an?: string;
	/** Baseline: one of those was passed; records never seen before are new from here on. */
	ab?: 1;
	/** New-record events: list offset of the first remembered record. */
	o?: number;
	/** Upflow's list order once told: 1 oldest first, 2 newest first (absent: unknown). */
	od?: 1 | 2;
	/** Order unknown: fingerprints of the first records of the list at its last read. */
	wh?: string;
	/** Order unknown: fingerprints of the last records of the list at its last read. */
	wt?: string;
	/** New-record events, order unknown: the list's start read backwards, as `s`, `o`, `t`, `bl`. */
	hs?: string;
	ho?: number;
	ht?: number;
	hl?: 1;
}

/** What a New ... event remembers of one end of the list, in creation order. */
export interface TailEnd {
	sequence: Sequence;
	/** Creation-order offset of sequence[0]. */
	base: number;
	/** Creation-order position right after the newest record seen; undefined = never read. */
	tailPosition: number | undefined;
	/** Baseline in progress: records never seen before are remembered, not emitted. */
	baseline: boolean;
}

export function freshEnd(): TailEnd {
	return { sequence: new Sequence(), base: 0, tailPosition: undefined, baseline: true };
}

export interface WorkingState {
	config: string;
	revision: number;
	baseline: boolean;
	sequence: Sequence;
	/** Sweep: entries verified in the current pass (a prefix of the sequence). */
	verified: number;
	/** Sweep: list offset of the next page. */
	nextOffset: number;
	/** List position right after the last record seen at the end of the list; undefined = unknown. */
	tailPosition: number | undefined;
	passes: number;
	anchors: number[] | undefined;
	anchorPassed: boolean;
	/** New-record events: list offset of sequence[0]. */
	base: number;
	/** Upflow's list order, once told from the data (order.ts). */
	order: ListOrder | undefined;
	/** Order unknown: fingerprints of the first / last records of the list at their last read. */
	watchHead: number[] | undefined;
	watchTail: number[] | undefined;
	/** New-record events, order unknown: the list's start, read backwards. */
	head: TailEnd | undefined;
}

const ANCHOR_LAYOUT: Layout = { chars: 6, valueBits: 0 };

export function configKey(parts: unknown[]): string {
	return cyrb53(stableStringify([FORMAT_VERSION, ...parts]))
		.toString(36)
		.padStart(11, '0');
}

export function freshState(config: string): WorkingState {
	return {
		config,
		revision: 0,
		baseline: true,
		sequence: new Sequence(),
		verified: 0,
		nextOffset: 0,
		tailPosition: undefined,
		passes: 0,
		anchors: undefined,
		anchorPassed: false,
		base: 0,
		order: undefined,
		watchHead: undefined,
		watchTail: undefined,
		head: undefined,
	};
}

const isCount = (value: unknown): value is number =>
	typeof value === 'number' && Number.isInteger(value) && value >= 0;
const optionalCount = (value: unknown): boolean => value === undefined || isCount(value);

/**
 * Reads the stored state into a working copy (the stored object is never mutated). A state from
 * another configuration, another format or a damaged one gives a fresh state: a new baseline.
 */
export function readState(stored: IDataObject, config: string, layout: Layout): WorkingState {
	const fresh = freshState(config);
	fresh.revision = isCount(stored.r) ? stored.r : 0;
	if (stored.v !== FORMAT_VERSION || stored.c !== config || typeof stored.s !== 'string')
		return fresh;
	if (
		![stored.b, stored.f, stored.t, stored.p, stored.o, stored.ho, stored.ht].every(optionalCount)
	)
		return fresh;
	if (stored.od !== undefined && stored.od !== 1 && stored.od !== 2) return fresh;
	const entries = decodeEntries(stored.s, layout);
	if (!entries) return fresh;
	const fingerprints = (text: unknown): number[] | undefined | null => {
		if (text === undefined) return undefined;
		const decoded = typeof text === 'string' ? decodeEntries(text, ANCHOR_LAYOUT) : undefined;
		return decoded ? decoded.ids : null;
	};
	const anchors = fingerprints(stored.an);
	const watchHead = fingerprints(stored.wh);
	const watchTail = fingerprints(stored.wt);
	if (anchors === null || watchHead === null || watchTail === null) return fresh;
	let head: TailEnd | undefined;
	if (stored.hs !== undefined) {
		const headEntries =
			typeof stored.hs === 'string' ? decodeEntries(stored.hs, layout) : undefined;
		if (!headEntries) return fresh;
		head = {
			sequence: new Sequence(headEntries.ids, headEntries.vals),
			base: (stored.ho as number | undefined) ?? 0,
			tailPosition: stored.ht as number | undefined,
			baseline: stored.hl === 1,
		};
	}
	const sequence = new Sequence(entries.ids, entries.vals);
	return {
		config,
		revision: fresh.revision,
		baseline: stored.bl === 1,
		sequence,
		verified: Math.min((stored.b as number | undefined) ?? 0, sequence.length),
		nextOffset: (stored.f as number | undefined) ?? 0,
		tailPosition: stored.t as number | undefined,
		passes: (stored.p as number | undefined) ?? 0,
		anchors,
		anchorPassed: stored.ab === 1,
		base: (stored.o as number | undefined) ?? 0,
		order: stored.od === 1 ? 'oldest-first' : stored.od === 2 ? 'newest-first' : undefined,
		watchHead,
		watchTail,
		head,
	};
}

const packFingerprints = (ids: number[]) =>
	encodeEntries({ ids, vals: ids.map(() => 0) }, ANCHOR_LAYOUT);

export function writeState(
	state: WorkingState,
	layout: Layout,
	mode: 'sweep' | 'tail',
): StoredState {
	const stored: StoredState = {
		v: FORMAT_VERSION,
		c: state.config,
		r: state.revision + 1,
		s: encodeEntries(state.sequence, layout),
	};
	if (state.baseline) stored.bl = 1;
	if (state.tailPosition !== undefined) stored.t = state.tailPosition;
	if (state.order !== undefined) stored.od = state.order === 'oldest-first' ? 1 : 2;
	else {
		if (state.watchHead) stored.wh = packFingerprints(state.watchHead);
		if (state.watchTail) stored.wt = packFingerprints(state.watchTail);
	}
	if (mode === 'tail') {
		stored.o = state.base;
		if (state.order === undefined && state.head) {
			stored.hs = encodeEntries(state.head.sequence, layout);
			stored.ho = state.head.base;
			if (state.head.tailPosition !== undefined) stored.ht = state.head.tailPosition;
			if (state.head.baseline) stored.hl = 1;
		}
		return stored;
	}
	stored.b = state.verified;
	stored.f = state.nextOffset;
	stored.p = state.passes;
	if (state.baseline && state.anchors) {
		stored.an = packFingerprints(state.anchors);
		if (state.anchorPassed) stored.ab = 1;
	}
	return stored;
}

/** The list order a stored state found, if any (read only: "Fetch Test Event" changes no state). */
export function storedOrder(stored: IDataObject): ListOrder | undefined {
	if (stored.v !== FORMAT_VERSION) return undefined;
	return stored.od === 1 ? 'oldest-first' : stored.od === 2 ? 'newest-first' : undefined;
}
