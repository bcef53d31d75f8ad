/**
 * Which way Upflow lists a collection: oldest first or newest first. Upflow's default order is not
 * established (one live client saw payments newest first), so both engines tell it from the data,
 * with one detector, `Trend`: the stamps of a run of records (`createdAt`, or a time-ordered id: a
 * number, a UUID v7, a ULID) that only rise tell oldest first, that only fall newest first.
 *
 * - The stamp engine runs a Trend over the `createdAt` of every action a pass reads.
 * - The fingerprint engine runs one over the first and last records of the list (`orderFromStamps`),
 *   and, for records without stamps, remembers the first and the last few records of the list
 *   (`OrderWatch`): a record it never saw above the remembered first ones means new records come
 *   first (newest first); one below the remembered last ones, that they come last (oldest first).
 *
 * Until one of them tells, the order is unknown. Pure: no I/O.
 */
import type { IDataObject } from 'n8n-workflow';

import { topBits } from '../shared/hash';
import { identityHash } from './sequence';

export type ListOrder = 'oldest-first' | 'newest-first';

/** Which way a run of stamps goes, stamp after stamp. */
export class Trend {
	constructor(
		/** The last stamp met, undefined before the first. */
		public last: number | undefined = undefined,
		/** A stamp was above the one before it. */
		public rose = false,
		/** A stamp was below the one before it. */
		public fell = false,
	) {}

	observe(stamp: number): void {
		if (this.last !== undefined) {
			if (stamp > this.last) this.rose = true;
			if (stamp < this.last) this.fell = true;
		}
		this.last = stamp;
	}

	/** The order the run shows: it went one way only. */
	verdict(): ListOrder | undefined {
		if (this.rose && !this.fell) return 'oldest-first';
		if (this.fell && !this.rose) return 'newest-first';
		return undefined;
	}

	/** The run went against `order`. */
	contradicts(order: ListOrder): boolean {
		return order === 'oldest-first' ? this.fell : this.rose;
	}
}

/** A time stamp (ms since the epoch) read from a record's field; undefined when it has none. */
export function readStamp(record: IDataObject, field: string): number | undefined {
	const value = record[field];
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const time = Date.parse(value);
	return Number.isNaN(time) ? undefined : time;
}

const UUID_V7 = /^([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/i;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A stamp read from the id, when the id grows with time; undefined for random ids (UUID v4). */
function idStamp(record: IDataObject): number | undefined {
	const id = record.id;
	if (typeof id === 'number' && Number.isSafeInteger(id)) return id;
	if (typeof id !== 'string') return undefined;
	if (/^\d{1,15}$/.test(id)) return Number(id);
	const v7 = UUID_V7.exec(id);
	if (v7) return parseInt(v7[1] + v7[2], 16);
	if (ULID.test(id)) {
		let time = 0;
		for (const ch of id.slice(0, 10).toUpperCase()) time = time * 32 + CROCKFORD.indexOf(ch);
		return time;
	}
	return undefined;
}

/**
 * The order told by the records' creation stamps, `records` being the first and the last records of
 * the list in list order (the two ends may be the same page). Undefined unless every record has a
 * stamp of the same kind and the stamps run one way.
 */
export function orderFromStamps(records: readonly IDataObject[]): ListOrder | undefined {
	if (records.length < 2) return undefined;
	for (const stampOf of [(record: IDataObject) => readStamp(record, 'createdAt'), idStamp]) {
		const stamps = records.map(stampOf);
		if (stamps.some((stamp) => stamp === undefined)) continue;
		const trend = new Trend();
		for (const stamp of stamps as number[]) trend.observe(stamp);
		return trend.verdict();
	}
	return undefined;
}

/** Fingerprint width of the remembered first / last records (as the sweep's baseline anchors). */
const WATCH_BITS = 36;
/** Records remembered at each end. */
const WATCH_KEEP = 4;

export function watchId(record: IDataObject): number {
	return topBits(identityHash(record), WATCH_BITS);
}

/** Where the page lies in the (physical) list: at its start, at its end, or both. */
export interface PagePlace {
	atStart: boolean;
	atEnd: boolean;
}

/**
 * Watches every page read in the list's own order. Keeps the first and last records' fingerprints
 * between polls (stored) and what this poll saw.
 */
export class OrderWatch {
	/** Evidence found in this poll. */
	newAtStart = false;

	newAtEnd = false;

	private firstRecords: IDataObject[] | undefined;

	private lastRecords: IDataObject[] | undefined;

	/** What the previous polls remembered: the evidence of this poll is measured against it. */
	private readonly knownHead: Set<number>;

	private readonly knownTail: Set<number>;

	constructor(
		/** Fingerprints of the first records at the last read of the list's start (renewed by this poll). */
		public head: number[] | undefined,
		/** Fingerprints of the last records at the last read of the list's end (renewed by this poll). */
		public tail: number[] | undefined,
	) {
		this.knownHead = new Set(head ?? []);
		this.knownTail = new Set(tail ?? []);
	}

	/**
	 * Any page can show new records: unknown ones above the first remembered first record, or
	 * below the last remembered last record. Only a page at the start (end) renews what is
	 * remembered of the start (end).
	 */
	observe(items: readonly IDataObject[], place: PagePlace): void {
		if (items.length === 0) return;
		const ids = items.map(watchId);
		if (this.knownHead.size > 0) {
			const known = this.knownHead;
			const first = ids.findIndex((id) => known.has(id));
			// Records never seen above the list's former first records: they were created since.
			if (first > 0) this.newAtStart = true;
		}
		if (this.knownTail.size > 0) {
			const known = this.knownTail;
			let last = -1;
			for (let i = ids.length - 1; i >= 0 && last < 0; i--) if (known.has(ids[i])) last = i;
			if (last >= 0 && last < ids.length - 1) this.newAtEnd = true;
		}
		if (place.atStart) {
			this.head = ids.slice(0, WATCH_KEEP);
			this.firstRecords = [...items];
		}
		if (place.atEnd) {
			this.tail = ids.slice(-WATCH_KEEP);
			this.lastRecords = [...items];
		}
	}

	/** What this poll tells about the order, if anything. */
	verdict(): ListOrder | undefined {
		if (this.firstRecords && this.lastRecords) {
			// The first page, then what the last page adds (the two may overlap or be one page).
			const seen = new Set(this.firstRecords.map(watchId));
			const rest = this.lastRecords.filter((record) => !seen.has(watchId(record)));
			const byStamps = orderFromStamps([...this.firstRecords, ...rest]);
			if (byStamps) return byStamps;
		}
		if (this.newAtStart && !this.newAtEnd) return 'newest-first';
		if (this.newAtEnd && !this.newAtStart) return 'oldest-first';
		return undefined;
	}
}
