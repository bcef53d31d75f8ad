import type { IDataObject } from 'n8n-workflow';

import type { UpflowClient } from './request';

/** Where list endpoints put their rows, most specific first; a bare array is read as is. */
const ENVELOPE_KEYS = ['customers', 'invoices', 'items', 'users', 'data'] as const;

export interface ListEndpoint {
	/** Path under `/v1`. */
	path: string;
	/** Largest `limit` Upflow accepts; undefined for endpoints that are not paged (users, dunning plans). */
	pageCap?: number;
	/** Envelope key, when known; otherwise the known keys are tried. */
	envelope?: string;
	qs?: IDataObject;
}

export interface Page {
	items: IDataObject[];
	/** What Upflow says the whole collection holds, when it says. */
	total?: number;
}

export function readPage(body: unknown, envelope?: string): Page {
	if (Array.isArray(body)) return { items: body as IDataObject[] };
	if (!body || typeof body !== 'object') return { items: [] };
	const record = body as IDataObject;
	const keys = envelope ? [envelope, ...ENVELOPE_KEYS] : ENVELOPE_KEYS;
	const key = keys.find((candidate) => Array.isArray(record[candidate]));
	const total = typeof record.total === 'number' ? record.total : undefined;
	return { items: key ? (record[key] as IDataObject[]) : [], total };
}

/** One page at `offset`. Reads are idempotent, so every page is retried on transient failures. */
export async function fetchPage(
	client: UpflowClient,
	endpoint: ListEndpoint,
	offset: number,
	limit: number,
	itemIndex?: number,
): Promise<Page> {
	const qs = endpoint.pageCap === undefined ? endpoint.qs : { ...endpoint.qs, offset, limit };
	const body = await client.call({ method: 'GET', path: endpoint.path, qs, idempotent: true, itemIndex });
	return readPage(body, endpoint.envelope);
}

/**
 * Every row (or the first `maxItems`), page by page at the endpoint's cap. Stops on `total`, on a
 * short page, or on an empty one, so an endpoint that ignores `total` still ends.
 */
export async function fetchAll(
	client: UpflowClient,
	endpoint: ListEndpoint,
	maxItems = Number.POSITIVE_INFINITY,
	itemIndex?: number,
): Promise<IDataObject[]> {
	if (endpoint.pageCap === undefined) {
		const { items } = await fetchPage(client, endpoint, 0, 0, itemIndex);
		return items.slice(0, maxItems);
	}
	const rows: IDataObject[] = [];
	for (let offset = 0; rows.length < maxItems; ) {
		const limit = Math.min(endpoint.pageCap, maxItems - rows.length);
		const page = await fetchPage(client, endpoint, offset, limit, itemIndex);
		rows.push(...page.items);
		offset += page.items.length;
		const reachedTotal = page.total !== undefined && offset >= page.total;
		if (page.items.length < limit || reachedTotal) break;
	}
	return rows.slice(0, maxItems);
}
