/**
 * How both engines read a list: `ListReader` sends the requests (counted by the poll budget), tells
 * whether a page reached the end of the list, shows every page to the order watch (when one is
 * given) and, when one answer held the whole list, serves the rest of the poll from it.
 *
 * The fingerprint engine reads the list in creation order, oldest first, whatever Upflow's own
 * order is, through a `View`: `forward` as it is (an oldest-first list), `backward` from its other end (a
 * newest-first list: records [L, L + limit) in creation order are Upflow's [T - L - limit, T - L),
 * T the list's total). Offsets of a backward view depend on `total`, which moves when records are
 * created or deleted: each page says at which creation-order offset it really starts, as of its own
 * answer, and a page that starts past what was asked (records created since the total was known) is
 * asked again once with the new total. The scans line pages up by record ids anyway (sequence.ts),
 * so a shift costs a request, never a record.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Page } from '../transport/paginate';
import type { FetchPage, PollBudget } from './engine';
import type { OrderWatch } from './order';

export interface ViewPage {
	/** In creation order, oldest first. */
	items: IDataObject[];
	total?: number;
	/** Creation-order offset of items[0], as of this answer. */
	offset: number;
	/** The page holds the newest record of the list. */
	atEnd: boolean;
}

export interface View {
	/** Reads a newest-first list from its end. */
	readonly backward: boolean;
	fetch(offset: number, limit: number): Promise<ViewPage>;
	/** The newest `limit` records. */
	fetchNewest(limit: number): Promise<ViewPage>;
	/** Another read costs no request (one answer of this poll held the whole list). */
	free(): boolean;
}

export class ListReader {
	private snapshot: IDataObject[] | undefined;

	constructor(
		private readonly source: FetchPage,
		readonly budget: PollBudget,
		/** The list's total as last known (an estimate until a page of this poll tells it). */
		public total: number | undefined,
		private readonly watch?: OrderWatch,
	) {}

	get holdsWholeList(): boolean {
		return this.snapshot !== undefined;
	}

	async read(offset: number, limit: number): Promise<Page> {
		if (this.snapshot) {
			return {
				items: this.snapshot.slice(offset, offset + limit).map((record) => ({ ...record })),
				total: this.snapshot.length,
			};
		}
		const page = await this.budget.spend(async () => await this.source(offset, limit));
		const count = page.items.length;
		const atEnd = ListReader.reachedEnd(offset, limit, page);
		if (page.total !== undefined) this.total = page.total;
		else if (count < limit) this.total = offset + count;
		this.watch?.observe(page.items, { atStart: offset === 0, atEnd });
		if (offset === 0 && atEnd) this.snapshot = page.items.map((record) => ({ ...record }));
		return page;
	}

	/** Upflow's total, when it says one, wins over a short page (a page may be clamped below the limit). */
	static reachedEnd(offset: number, limit: number, page: Page): boolean {
		if (page.items.length === 0) return true;
		return page.total !== undefined
			? offset + page.items.length >= page.total
			: page.items.length < limit;
	}
}

export function forwardView(reader: ListReader): View {
	const fetch = async (offset: number, limit: number): Promise<ViewPage> => {
		const page = await reader.read(offset, limit);
		return {
			items: page.items,
			total: page.total,
			offset,
			atEnd: ListReader.reachedEnd(offset, limit, page),
		};
	};
	return {
		backward: false,
		free: () => reader.holdsWholeList,
		fetch,
		fetchNewest: async (limit) => {
			const total = reader.total;
			if (total === undefined) return await fetch(0, limit);
			return await fetch(Math.max(0, total - limit), limit);
		},
	};
}

export function backwardView(reader: ListReader): View {
	/** Reads Upflow's [p, p + limit) and turns it around. */
	const at = async (p: number, limit: number): Promise<ViewPage> => {
		const totalBefore = reader.total;
		const page = await reader.read(p, limit);
		const count = page.items.length;
		const total = page.total ?? (count < limit ? p + count : (totalBefore ?? p + count));
		if (count === 0) return { items: [], total, offset: total, atEnd: true };
		return {
			items: [...page.items].reverse(),
			total,
			offset: Math.max(0, total - p - count),
			atEnd: p === 0,
		};
	};
	const place = (offset: number, limit: number, total: number | undefined) =>
		total === undefined ? 0 : Math.max(0, total - offset - limit);
	return {
		backward: true,
		free: () => reader.holdsWholeList,
		fetchNewest: async (limit) => await at(0, limit),
		fetch: async (offset, limit) => {
			const estimate = reader.total;
			const p = place(offset, limit, estimate);
			const page = await at(p, limit);
			// Started past what was asked (or found nothing) because the total moved: ask again once.
			const shifted = page.offset > offset || (page.items.length === 0 && p > 0);
			if (shifted && reader.total !== estimate && reader.budget.allows()) {
				return await at(place(offset, limit, reader.total), limit);
			}
			return page;
		},
	};
}
