/**
 * The remembered image of a list (the fingerprint engine's state): one entry (id fingerprint, small
 * value) per record, in creation order (reader.ts reads a newest-first list backwards; while the
 * order is unknown, in the server's order). A page read from Upflow is a contiguous window of the server's
 * list; `mergeWindow` lines it up with the image by id fingerprint and applies it:
 *
 *   - a record found at the expected place (or a little further: the entries skipped over were
 *     deleted on the server) is compared with what was remembered;
 *   - a record not found ahead is new and is inserted where it sits;
 *   - when the window reaches the end of the list, whatever the image still holds after it was
 *     deleted and is dropped.
 *
 * Matching is positional: a fingerprint is only searched ahead of the current place, so two records
 * sharing a short fingerprint elsewhere in the collection never meet. Pure, no I/O.
 */
import type { IDataObject } from 'n8n-workflow';

import { cyrb53, stableStringify } from '../shared/hash';

const ID_SEED = 0x1d;

/** The 53-bit fingerprint of a record's identity (its Upflow id); entries keep its top bits. */
export function identityHash(record: IDataObject): number {
	const id = record.id ?? record.externalId;
	const key =
		typeof id === 'string' || typeof id === 'number' ? String(id) : stableStringify(record);
	return cyrb53(key, ID_SEED);
}

/** Entries side by side: id fingerprints and the value remembered for each. */
export interface Entries {
	ids: number[];
	vals: number[];
}

export class Sequence implements Entries {
	constructor(
		public ids: number[] = [],
		public vals: number[] = [],
	) {}

	get length(): number {
		return this.ids.length;
	}

	/** First index in [from, to) holding `id`, or -1. */
	indexOf(id: number, from: number, to: number): number {
		const end = Math.min(to, this.ids.length);
		for (let k = Math.max(0, from); k < end; k++) if (this.ids[k] === id) return k;
		return -1;
	}

	/** Keeps the last `count` entries; answers how many were dropped from the front. */
	keepLast(count: number): number {
		const drop = Math.max(0, this.ids.length - count);
		if (drop > 0) {
			this.ids.splice(0, drop);
			this.vals.splice(0, drop);
		}
		return drop;
	}

	/** Turns the image around (a list found to be newest first is remembered in creation order). */
	reverse(): void {
		this.ids.reverse();
		this.vals.reverse();
	}

	clear(): void {
		this.ids = [];
		this.vals = [];
	}

	replace(start: number, deleteCount: number, ids: number[], vals: number[]): void {
		if (ids.length === deleteCount) {
			// Same length (the common case: nothing created or deleted): overwrite in place.
			for (let k = 0; k < ids.length; k++) {
				this.ids[start + k] = ids[k];
				this.vals[start + k] = vals[k];
			}
			return;
		}
		const head = this.ids.slice(0, start);
		const tail = this.ids.slice(start + deleteCount);
		const headVals = this.vals.slice(0, start);
		const tailVals = this.vals.slice(start + deleteCount);
		this.ids = head.concat(ids, tail);
		this.vals = headVals.concat(vals, tailVals);
	}
}

/** Decides, for one record of the window, what to remember (and emits it when it should). */
export type Visit = (record: IDataObject, previous: number | undefined) => number;

export interface Anchor {
	/** Index in the page of the first record that is lined up. */
	pageIndex: number;
	/** Index in the sequence of that record. */
	seqIndex: number;
}

/**
 * Finds where a page sits in the sequence: the first of the page's first `tries` records whose
 * fingerprint is in [lo, hi) of the sequence (first occurrence).
 */
export function findAnchor(
	sequence: Sequence,
	pageIds: readonly number[],
	tries: number,
	lo: number,
	hi: number,
): Anchor | undefined {
	const count = Math.min(tries, pageIds.length);
	for (let t = 0; t < count; t++) {
		const k = sequence.indexOf(pageIds[t], lo, hi);
		if (k >= 0) return { pageIndex: t, seqIndex: k };
	}
	return undefined;
}

export interface MergeResult {
	/** Sequence index right after the last record of the page. */
	end: number;
	/** Records of the page not found in the sequence (inserted). */
	inserted: number;
	/** Entries dropped as deleted on the server. */
	dropped: number;
}

/**
 * Applies page[anchor.pageIndex ..] to the sequence from anchor.seqIndex on. `reachedEnd`: the page
 * holds the last record of the list, so entries left after it are gone.
 */
export function mergeWindow(
	sequence: Sequence,
	records: readonly IDataObject[],
	pageIds: readonly number[],
	anchor: Anchor,
	reachedEnd: boolean,
	visit: Visit,
): MergeResult {
	const n = sequence.length;
	const ids: number[] = [];
	const vals: number[] = [];
	let i = anchor.seqIndex;
	let matched = 0;
	for (let t = anchor.pageIndex; t < records.length; t++) {
		const id = pageIds[t];
		let previous: number | undefined;
		if (i < n && sequence.ids[i] === id) {
			previous = sequence.vals[i];
			i++;
			matched++;
		} else {
			// Searched ahead only: what lies behind `i` is this page's past, never a match.
			const k = i < n ? sequence.indexOf(id, i + 1, n) : -1;
			if (k >= 0) {
				previous = sequence.vals[k];
				i = k + 1;
				matched++;
			}
		}
		ids.push(id);
		vals.push(visit(records[t], previous));
	}
	const stop = reachedEnd ? n : i;
	const replaced = stop - anchor.seqIndex;
	sequence.replace(anchor.seqIndex, replaced, ids, vals);
	return {
		end: anchor.seqIndex + ids.length,
		inserted: ids.length - matched,
		dropped: replaced - matched,
	};
}
