import type { IDataObject } from 'n8n-workflow';

import type { UpflowRef } from '../shared/ref';
import type { ListEndpoint } from '../transport/paginate';

/*
 * What the node sends to Upflow and reads back, per list: path, envelope, page cap. No UI and no
 * zod, so the trigger and the list searches use them as well as the operations. Upflow's documented
 * API is recorded apart, as data for the emulator and the probe (test/contract/upflow.ts);
 * test/unit/list-facts.test.ts keeps the two equal for every list.
 */

/** One Upflow list as the node reads it. */
export interface ListApi {
	/**
	 * The node's name for its records, e.g. `creditNote`: the resource value (and the locator
	 * parameter's name) when it is a resource; the contract names the list `creditNotes`.
	 */
	resource: string;
	/** Singular display name, e.g. `Credit Note`. */
	name: string;
	/** Path under `/v1`, or under the parent record's path when `parent` is set. */
	path: string;
	/**
	 * The entity whose records hold this one's (contacts live under their customer:
	 * `/customers/{customerId}/contacts/{contactId}`). Its locator comes first, and writes take its lane.
	 */
	parent?: EntityApi;
	/** The key of the rows in a list answer. */
	envelope: string;
	/** Largest page Upflow serves; unset for a list Upflow answers whole (users). */
	pageCap?: number;
	/** How a record reads in a list or a dropdown. */
	label(record: IDataObject): string;
}

/** A paged collection whose records the node also reads one by one, writes or picks in a locator. */
export interface EntityApi extends ListApi {
	pageCap: number;
	/** Whether its locators offer "From List": a search over this list (methods/listSearch.ts). */
	searchable: boolean;
	/** The fields kept by "Simplify". */
	simplifiedKeys: string[];
	/**
	 * Lane policy of its writes, from the validated body: writes with the same lane never run at once
	 * and keep their input order. Unset: a write by reference takes its record's lane (recordLane).
	 */
	writeLane?(body: IDataObject): string | undefined;
}

/** Whether a list is an entity its locators can search ("From List"). */
export function isSearchable(list: ListApi): list is EntityApi {
	return (list as Partial<EntityApi>).searchable === true;
}

/** `{id}` path segment: the Upflow id, or `external:<externalId>` (URL-encoded after the prefix). */
function refSegment(ref: UpflowRef): string {
	return 'id' in ref
		? encodeURIComponent(ref.id)
		: `external:${encodeURIComponent(ref.externalId)}`;
}

export function recordPath(entity: Pick<EntityApi, 'path'>, ref: UpflowRef): string {
	return `${entity.path}/${refSegment(ref)}`;
}

/**
 * The lane of one customer: its writes never run at once, and keep their input order. A customer
 * named by id in one item and by external id in another gets two lanes (we cannot know they are
 * the same without asking Upflow); use one kind of reference per workflow.
 */
export function customerLane(ref: UpflowRef | undefined): string | undefined {
	if (!ref) return undefined;
	return 'id' in ref ? `customer:id:${ref.id}` : `customer:ext:${ref.externalId}`;
}

/** A write whose customer is unknown (delete by id) still keeps per-record order. */
export function recordLane(entity: Pick<EntityApi, 'resource'>, ref: UpflowRef): string {
	return `${entity.resource}:${'id' in ref ? `id:${ref.id}` : `ext:${ref.externalId}`}`;
}

export function simplify(record: IDataObject, keys: string[]): IDataObject {
	const result: IDataObject = {};
	for (const key of keys) if (key in record) result[key] = record[key];
	return result;
}

/**
 * The transport's view of a list: its path (under the parent record `parentRef` when the list has a
 * parent), page cap and envelope, with a query.
 */
export function listEndpoint(list: ListApi, qs?: IDataObject, parentRef?: UpflowRef): ListEndpoint {
	const path =
		list.parent && parentRef ? `${recordPath(list.parent, parentRef)}${list.path}` : list.path;
	return { path, pageCap: list.pageCap, envelope: list.envelope, qs };
}

/** The lane policy of the financial records (invoices, credit notes, payments, refunds): their customer's lane. */
export function bodyCustomerLane(body: IDataObject): string | undefined {
	return customerLane(body.customer as UpflowRef | undefined);
}
