/**
 * Which way Upflow lists a collection: oldest first or newest first. Upflow's default order is not
 * established (one live client saw payments newest first), so the trigger tells it from the data:
 *
 * - stamps: when every record read at both ends of the list carries a creation stamp (`createdAt`,
 *   or a time-ordered id: a number, a UUID v7, a ULID), and the stamps run one way from the first
 *   record of the list to the last, that way is the order;
 * - where new records appear: the trigger remembers the first and the last few records of the list
 *   (`OrderWatch`). A record it never saw above the remembered first ones means new records come
 *   first (newest first); one below the remembered last ones, that they come last (oldest first).
 *
 * Until one of them tells, the order is unknown and the New ... events watch both ends of the list.
 * Pure: no I/O.
 */
import type { IDataObject } from 'n8n-workflow';

import { topBits } from '../shared/hash';
import { identityHash } from './events';

export type ListOrder = 'oldest-first' | 'newest-first';

/** Fingerprint width of the remembered first / last records (as the sweep's baseline anchors). */
const WATCH_BITS = 36;
/** Records remembered at each end. */
const WATCH_KEEP = 4;

const UUID_V7 = /^([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/i;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function createdStamp(record: IDataObject): number | undefined {
	const value = record.createdAt;
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const time = Date.parse(value);
	return Number.isNaN(time) ? undefined : time;
}

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
 * The order told by the records' stamps, `records` being the first and the last records of the
 * list in list order (the two ends may be the same page). Undefined unless every record has a stamp
 * of the same kind, the stamps never turn back, and the first and last differ.
 */
export function orderFromStamps(records: readonly IDataObject[]): ListOrder | undefined {
	if (records.length < 2) return undefined;
	for (const stampOf of [createdStamp, idStamp]) {
		const stamps = records.map(stampOf);
		if (stamps.some((stamp) => stamp === undefined)) continue;
		const values = stamps as number[];
		let up = false;
		let down = false;
		for (let i = 1; i < values.length; i++) {
			if (values[i] > values[i - 1]) up = true;
			else if (values[i] < values[i - 1]) down = true;
		}
		if (up && !down) return 'oldest-first';
		if (down && !up) return 'newest-first';
		return undefined;
	}
	return undefined;
}

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
