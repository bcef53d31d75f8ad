import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import type { UpflowClient } from './request';

/**
 * Keys Upflow is known to put rows under (test/contract/upflow.ts); the endpoint's own envelope
 * is tried first. An answer with none of them is an error, never an empty list: reading an unknown
 * envelope as "no records" would leave Get Many and the trigger silently blind.
 */
const ENVELOPE_KEYS = ['customers', 'invoices', 'items', 'users'] as const;

export interface ListEndpoint {
	/** Path under `/v1`. */
	path: string;
	/** Largest `limit` Upflow accepts; undefined for endpoints that are not paged (users). */
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

/** The rows of one list answer, or why the answer is not one (the keys it had). */
export function readPage(body: unknown, envelope?: string): Page | { unknownKeys: string[] } {
	if (Array.isArray(body)) return { items: body as IDataObject[] };
	const record = body && typeof body === 'object' ? (body as IDataObject) : {};
	const keys = envelope ? [envelope, ...ENVELOPE_KEYS] : ENVELOPE_KEYS;
	const key = keys.find((candidate) => Array.isArray(record[candidate]));
	if (!key) return { unknownKeys: Object.keys(record) };
	const total = typeof record.total === 'number' ? record.total : undefined;
	return { items: record[key] as IDataObject[], total };
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
	const body = await client.call({
		method: 'GET',
		path: endpoint.path,
		qs,
		idempotent: true,
		itemIndex,
	});
	const page = readPage(body, endpoint.envelope);
	if ('items' in page) return page;
	const had = page.unknownKeys.length ? page.unknownKeys.join(', ') : 'none';
	throw new NodeOperationError(
		client.node,
		`Upflow answered GET ${endpoint.path} with no list of records the node knows (keys: ${had})` +
			(itemIndex === undefined ? '' : ` for item ${itemIndex}`),
		{
			itemIndex,
			description:
				`The node expected the records under "${endpoint.envelope ?? ENVELOPE_KEYS.join('", "')}". ` +
				'Upflow may have changed the shape of this list: please report it with this message (npm ' +
				"run probe in the package's repository checks every list).",
		},
	);
}

/**
 * Every row (or the first `maxItems`), page by page at the endpoint's cap. Upflow's `total`, when it
 * says one, wins over a short page (a page may be clamped below the limit asked for); without a
 * total, a short page is the last one. An empty page always ends the read.
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
		if (page.items.length === 0) break;
		if (page.total !== undefined ? offset >= page.total : page.items.length < limit) break;
	}
	return rows.slice(0, maxItems);
}
