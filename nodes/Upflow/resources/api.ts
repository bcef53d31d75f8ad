import type { IDataObject } from 'n8n-workflow';

import type { UpflowRef } from '../shared/ref';
import type { ListEndpoint } from '../transport/paginate';

/*
 * The facts of an Upflow collection and how records are addressed and ordered: no UI and no zod,
 * so the trigger and the list searches can use them as well as the operations.
 */

/** The API facts of one Upflow collection: the only place its path, envelope and page cap are written. */
export interface EntityApi {
	/** Resource value in the node, e.g. `invoice`; also the locator parameter's name. */
	resource: string;
	/** Singular display name, e.g. `Invoice`. */
	name: string;
	/** Collection path under `/v1`, or under the parent record's path when `parent` is set. */
	path: string;
	/**
	 * The entity whose records hold this one's (contacts live under their customer:
	 * `/customers/{customerId}/contacts/{contactId}`). Its locator comes first, and writes take its lane.
	 */
	parent?: EntityApi;
	envelope: string;
	/** Largest page Upflow serves. */
	pageCap: number;
	/** Name of the `listSearch` method that feeds this entity's "From List" mode; empty when it has none. */
	searchMethod: string;
	/** How a record reads in a list: name and external id. */
	label(record: IDataObject): string;
	/** The fields kept by "Simplify". */
	simplifiedKeys: string[];
	/**
	 * Lane policy of its writes, from the validated body: writes with the same lane never run at once
	 * and keep their input order. Unset: a write by reference takes its record's lane (recordLane).
	 */
	writeLane?(body: IDataObject): string | undefined;
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

/** The transport's view of an entity's list: its path, page cap and envelope, with a query. */
export function listEndpoint(entity: EntityApi, qs?: IDataObject): ListEndpoint {
	return { path: entity.path, pageCap: entity.pageCap, envelope: entity.envelope, qs };
}

/** The lane policy of the financial records (invoices, credit notes, payments, refunds): their customer's lane. */
export function bodyCustomerLane(body: IDataObject): string | undefined {
	return customerLane(body.customer as UpflowRef | undefined);
}
