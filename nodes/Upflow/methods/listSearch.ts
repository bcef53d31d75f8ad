import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import type { EntityApi } from '../resources/api';
import { isSearchable, listEndpoint } from '../resources/api';
import { resources } from '../resources';
import { listSearchMethod } from '../resources/fields';
import { fetchPage } from '../transport/paginate';
import { UpflowClient } from '../transport/request';

/*
 * The "From List" mode of the resource locators: one search per searchable entity of the resource
 * registry, under the name its locators give (listSearchMethod).
 */

/** Upflow has no search parameter: list searches read pages and match on the client, a few pages per call. */
const PAGES_PER_SEARCH = 3;

async function searchEntity(
	context: ILoadOptionsFunctions,
	entity: EntityApi,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await UpflowClient.fromContext(context);
	const needle = (filter ?? '').trim().toLowerCase();
	const results: INodeListSearchResult['results'] = [];
	let offset = Number(paginationToken ?? 0) || 0;
	for (let page = 0; page < PAGES_PER_SEARCH; page++) {
		const { items, total } = await fetchPage(client, listEndpoint(entity), offset, entity.pageCap);
		offset += items.length;
		for (const record of items) {
			const name = entity.label(record);
			const haystack = `${name} ${String(record.id ?? '')}`.toLowerCase();
			if (needle === '' || haystack.includes(needle))
				results.push({ name, value: String(record.id) });
		}
		// Upflow's total, when it says one, wins over a short page (see fetchAll).
		const exhausted =
			items.length === 0 || (total !== undefined ? offset >= total : items.length < entity.pageCap);
		if (exhausted) return { results };
		if (needle === '') break;
	}
	return { results, paginationToken: String(offset) };
}

type ListSearch = (
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
) => Promise<INodeListSearchResult>;

export const listSearch: Record<string, ListSearch> = Object.fromEntries(
	resources.flatMap(({ api }) => {
		if (!api || !isSearchable(api)) return [];
		const search: ListSearch = async function (filter, paginationToken) {
			return await searchEntity(this, api, filter, paginationToken);
		};
		return [[listSearchMethod(api), search]];
	}),
);
