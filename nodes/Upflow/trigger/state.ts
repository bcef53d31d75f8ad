/**
 * The trigger's state: what each engine stores in the node's workflow static data, what it works
 * on during a poll, and the codec between the two (read at the start of a poll, written at its
 * end). Only this file knows the stored keys; the engines see named fields. The stored format is
 * the one users' active workflows hold: test/unit/trigger-state-compat.test.ts replays states
 * recorded before this codec existed (test/fixtures/trigger-state).
 *
 * Stored states are plain JSON with short keys, so that the constant part stays small and nearly
 * every byte of a fingerprint state is its packed sequence: fixed-width entries (an id fingerprint
 * and a small value) in base64url, `chars` bytes of static data per record.
 */
import type { IDataObject } from 'n8n-workflow';

import { cyrb53, stableStringify } from '../shared/hash';
import { Trend } from './order';
import type { ListOrder } from './order';
import { Sequence } from './sequence';
import type { Entries } from './sequence';

/** Bump when the stored shape or the fingerprints change: older states are then rebuilt. */
const FORMAT_VERSION = 1;

/** The configuration a state belongs to: another event, other settings or organization start afresh. */
export function configKey(parts: unknown[]): string {
	return cyrb53(stableStringify([FORMAT_VERSION, ...parts]))
		.toString(36)
		.padStart(11, '0');
}

/** What both engines' working states hold, under the same names. */
interface CommonState {
	config: string;
	/** +1 at every write: tells overlapping polls apart. */
	revision: number;
	/** A baseline is in progress: what is read is remembered, never reported. */
	baseline: boolean;
	/** Upflow's list order, once told from the data (order.ts). */
	order: ListOrder | undefined;
	/** The list's length at the last read of its end; undefined before. */
	listLength: number | undefined;
}

const isCount = (value: unknown): value is number =>
	typeof value === 'number' && Number.isInteger(value) && value >= 0;
const optionalCount = (value: unknown): boolean => value === undefined || isCount(value);
const revisionOf = (stored: IDataObject) => (isCount(stored.r) ? stored.r : 0);

// ---- Packed entries ----------------------------------------------------------------------------

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;
const CODES = Array.from(ALPHABET, (ch) => ch.charCodeAt(0));

/** An entry of `chars` characters holds 6 * chars bits: the id fingerprint high, the value low. */
export interface Layout {
	/** Characters per entry (at most 8, so an entry stays exact in a JS number). */
	chars: number;
	/** Low bits holding the value; the id fingerprint has the other 6 * chars - valueBits. */
	valueBits: number;
}

export function idBitsOf(layout: Layout): number {
	return 6 * layout.chars - layout.valueBits;
}

export function encodeEntries(entries: Entries, layout: Layout): string {
	const { chars, valueBits } = layout;
	const scale = 2 ** valueBits;
	const codes = new Array<number>(entries.ids.length * chars);
	for (let e = 0; e < entries.ids.length; e++) {
		let x = entries.ids[e] * scale + entries.vals[e];
		for (let c = chars - 1; c >= 0; c--) {
			codes[e * chars + c] = CODES[x % 64];
			x = Math.floor(x / 64);
		}
	}
	let text = '';
	for (let start = 0; start < codes.length; start += 8192) {
		text += String.fromCharCode(...codes.slice(start, start + 8192));
	}
	return text;
}

/** Undefined when the text is not a whole number of valid entries (a damaged state). */
export function decodeEntries(text: string, layout: Layout): Entries | undefined {
	const { chars, valueBits } = layout;
	if (text.length % chars !== 0) return undefined;
	const scale = 2 ** valueBits;
	const count = text.length / chars;
	const ids = new Array<number>(count);
	const vals = new Array<number>(count);
	for (let e = 0; e < count; e++) {
		let x = 0;
		for (let c = 0; c < chars; c++) {
			const code = text.charCodeAt(e * chars + c);
			const digit = code < 128 ? DIGIT[code] : -1;
			if (digit < 0) return undefined;
			x = x * 64 + digit;
		}
		vals[e] = x % scale;
		ids[e] = Math.floor(x / scale);
	}
	return { ids, vals };
}

// ---- The fingerprint engine (fingerprintScan.ts) ---------------------------------------------

type StoredFingerprints = {
	/** Format version. */
	v: number;
	/** Configuration key: event, watched fields, organization. */
	c: string;
	/** Revision. */
	r: number;
	/** Packed sequence: one entry per remembered record, in list order. */
	s: string;
	/** Baseline in progress. */
	bl?: 1;
	/** Sweep: entries of `s` verified during the current pass. */
	b?: number;
	/** Sweep: list offset of the next page. */
	f?: number;
	/** The list's length at the last read of its end. */
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
};

/** What a New ... event remembers of one end of the list, in creation order. */
export interface TailEnd {
	sequence: Sequence;
	/** Creation-order offset of sequence[0]. */
	base: number;
	/** The list's length when this end was last read (creation-order position after its newest record). */
	listLength: number | undefined;
	baseline: boolean;
}

export function freshEnd(): TailEnd {
	return { sequence: new Sequence(), base: 0, listLength: undefined, baseline: true };
}

export interface FingerprintState extends CommonState, TailEnd {
	/** Sweep: entries verified in the current pass (a prefix of the sequence). */
	verified: number;
	/** Sweep: list offset of the next page. */
	nextOffset: number;
	passes: number;
	/** Baseline: fingerprints of the last records at activation, and whether one was passed. */
	anchors: number[] | undefined;
	anchorPassed: boolean;
	/** Order unknown: fingerprints of the first / last records of the list at their last read. */
	watchHead: number[] | undefined;
	watchTail: number[] | undefined;
	/** New-record events, order unknown: the list's start, read backwards. */
	head: TailEnd | undefined;
}

const WATCH_LAYOUT: Layout = { chars: 6, valueBits: 0 };

function freshFingerprints(config: string, revision: number): FingerprintState {
	return {
		config,
		revision,
		order: undefined,
		...freshEnd(),
		verified: 0,
		nextOffset: 0,
		passes: 0,
		anchors: undefined,
		anchorPassed: false,
		watchHead: undefined,
		watchTail: undefined,
		head: undefined,
	};
}

/**
 * Reads the stored state into a working copy (the stored object is never mutated). A state from
 * another configuration, another format or a damaged one gives a fresh state: a new baseline.
 */
export function readFingerprints(
	stored: IDataObject,
	config: string,
	layout: Layout,
): FingerprintState {
	const fresh = freshFingerprints(config, revisionOf(stored));
	if (stored.v !== FORMAT_VERSION || stored.c !== config || typeof stored.s !== 'string')
		return fresh;
	const counts = [stored.b, stored.f, stored.t, stored.p, stored.o, stored.ho, stored.ht];
	if (!counts.every(optionalCount)) return fresh;
	if (stored.od !== undefined && stored.od !== 1 && stored.od !== 2) return fresh;
	const entries = decodeEntries(stored.s, layout);
	if (!entries) return fresh;
	const fingerprints = (text: unknown): number[] | undefined | null => {
		if (text === undefined) return undefined;
		const decoded = typeof text === 'string' ? decodeEntries(text, WATCH_LAYOUT) : undefined;
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
			listLength: stored.ht as number | undefined,
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
		listLength: stored.t as number | undefined,
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
	encodeEntries({ ids, vals: ids.map(() => 0) }, WATCH_LAYOUT);

/** `tail`: New ... events (the newest records only); `sweep`: the events that read the whole list. */
export function writeFingerprints(
	state: FingerprintState,
	layout: Layout,
	mode: 'sweep' | 'tail',
): StoredFingerprints {
	const stored: StoredFingerprints = {
		v: FORMAT_VERSION,
		c: state.config,
		r: state.revision + 1,
		s: encodeEntries(state.sequence, layout),
	};
	if (state.baseline) stored.bl = 1;
	if (state.listLength !== undefined) stored.t = state.listLength;
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
			if (state.head.listLength !== undefined) stored.ht = state.head.listLength;
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

// ---- The stamp engine (stampScan.ts) -----------------------------------------------------------

type StoredStamps = {
	v: number;
	/** Kind: tells this state from the fingerprint engine's. */
	k: 'stamp';
	c: string;
	r: number;
	bl?: 1;
	/** The cursor. */
	cur?: number;
	/** The cursor's recent keys. */
	rk?: string[];
	/** The order: a = oldest first, d = newest first, n = passes ran and told none. */
	ord?: 'a' | 'd' | 'n';
	/** The list's length at the end of the last pass. */
	n?: number;
	// ---- the pass in progress ----
	/** Next offset. */
	f?: number;
	/** Newest stamp met. */
	pm?: number;
	/** Keys emitted. */
	em?: string[];
	/** Keys met within the lag window of `pm`. */
	pk?: string[];
	/** Trend and start as bits: 1 = never rose, 2 = never fell, 4 = started at offset 0. */
	of?: number;
	/** Stamp of the last action met. */
	ls?: number;
	/** Actions newer than the cursor met. */
	nf?: number;
};

export interface StampState extends CommonState {
	/** The newest stamp seen (ms since the epoch); undefined until the first pass ends. */
	cursor: number | undefined;
	/** Keys (`id@stamp`) of the actions stamped shortly before the cursor. */
	recentKeys: string[];
	/** The pass in progress (it may span polls); undefined between passes. */
	pass: StampPass | undefined;
}

export interface StampPass {
	nextOffset: number;
	/** The newest stamp met in this pass (it starts at the cursor). */
	newest: number | undefined;
	/** Keys of the actions this pass emitted. */
	emittedKeys: string[];
	/** Keys met in this pass shortly before `newest`. */
	recentKeys: string[];
	/** The pass started at offset 0: it reads the whole list. */
	fromStart: boolean;
	/** Which way the stamps met in this pass ran. */
	trend: Trend;
	/** Actions newer than the cursor met in this pass. */
	newFound: number;
}

const NEVER_ROSE = 1;
const NEVER_FELL = 2;
const FROM_START = 4;
const ORDER_CODES = { 'oldest-first': 'a', 'newest-first': 'd' } as const;

const isStamp = (value: unknown): value is number =>
	typeof value === 'number' && Number.isFinite(value);
const optionalStamp = (value: unknown): boolean => value === undefined || isStamp(value);
const isKeys = (value: unknown): value is string[] =>
	Array.isArray(value) && value.every((key) => typeof key === 'string');

function freshStamps(config: string, revision: number): StampState {
	return {
		config,
		revision,
		baseline: true,
		order: undefined,
		listLength: undefined,
		cursor: undefined,
		recentKeys: [],
		pass: undefined,
	};
}

/** As readFingerprints: a state from another configuration or format, or a damaged one, starts afresh. */
export function readStamps(stored: IDataObject, config: string): StampState {
	const fresh = freshStamps(config, revisionOf(stored));
	if (stored.k !== 'stamp' || stored.v !== FORMAT_VERSION || stored.c !== config) return fresh;
	const { cur, rk, ord, n, f, pm, em, pk, of, ls, nf } = stored;
	if (![cur, pm, ls].every(optionalStamp) || ![n, f, of, nf].every(optionalCount)) return fresh;
	if (
		(rk !== undefined && !isKeys(rk)) ||
		(ord !== undefined && !['a', 'd', 'n'].includes(ord as string))
	)
		return fresh;
	const flags = (of as number | undefined) ?? 0;
	let pass: StampPass | undefined;
	if (f !== undefined) {
		if (!isKeys(em) || !isKeys(pk)) return fresh;
		pass = {
			nextOffset: f as number,
			newest: pm as number | undefined,
			emittedKeys: em,
			recentKeys: pk,
			fromStart: (flags & FROM_START) !== 0,
			trend: new Trend(
				ls as number | undefined,
				(flags & NEVER_ROSE) === 0,
				(flags & NEVER_FELL) === 0,
			),
			newFound: (nf as number | undefined) ?? 0,
		};
	}
	return {
		config,
		revision: fresh.revision,
		baseline: stored.bl === 1,
		order: ord === 'a' ? 'oldest-first' : ord === 'd' ? 'newest-first' : undefined,
		listLength: n as number | undefined,
		cursor: cur as number | undefined,
		recentKeys: rk ?? [],
		pass,
	};
}

export function writeStamps(state: StampState): StoredStamps {
	const stored: StoredStamps = {
		v: FORMAT_VERSION,
		k: 'stamp',
		c: state.config,
		r: state.revision + 1,
	};
	if (state.baseline) stored.bl = 1;
	if (state.cursor !== undefined) {
		stored.cur = state.cursor;
		stored.rk = state.recentKeys;
		// Every pass that ends tells an order or that there is none.
		stored.ord = state.order ? ORDER_CODES[state.order] : 'n';
	}
	if (state.listLength !== undefined) stored.n = state.listLength;
	const { pass } = state;
	if (pass) {
		stored.f = pass.nextOffset;
		if (pass.newest !== undefined) stored.pm = pass.newest;
		stored.em = pass.emittedKeys;
		stored.pk = pass.recentKeys;
		stored.of =
			(pass.trend.rose ? 0 : NEVER_ROSE) |
			(pass.trend.fell ? 0 : NEVER_FELL) |
			(pass.fromStart ? FROM_START : 0);
		if (pass.trend.last !== undefined) stored.ls = pass.trend.last;
		stored.nf = pass.newFound;
	}
	return stored;
}

/**
 * What a stored fingerprint state tells at a glance, read only: the list order it found (Fetch Test
 * Event reads the list from its newest end), whether a baseline is in progress at either end, and
 * where the sweep resumes (scripts/bench-trigger.ts follows a poll with them).
 */
export function storedProgress(stored: IDataObject): {
	order: ListOrder | undefined;
	baseline: boolean;
	nextOffset: number;
} {
	if (stored.v !== FORMAT_VERSION || stored.k !== undefined)
		return { order: undefined, baseline: false, nextOffset: 0 };
	return {
		order: stored.od === 1 ? 'oldest-first' : stored.od === 2 ? 'newest-first' : undefined,
		baseline: stored.bl === 1 || stored.hl === 1,
		nextOffset: isCount(stored.f) ? stored.f : 0,
	};
}
