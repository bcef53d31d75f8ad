import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { actionApi } from '../resources/action/api';
import type { EntityApi } from '../resources/api';
import { listEndpoint } from '../resources/api';
import { bankAccountApi } from '../resources/bankAccount/api';
import { creditNoteApi } from '../resources/creditNote/api';
import { customerApi } from '../resources/customer/api';
import { customFieldApi } from '../resources/customField/api';
import { invoiceApi } from '../resources/invoice/api';
import { paymentApi } from '../resources/payment/api';
import { refundApi } from '../resources/refund/api';
import { fetchPage } from '../transport/paginate';
import { UpflowClient } from '../transport/request';

/* The "From List" mode of the resource locators: one search per entity (EntityApi.searchMethod). */

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

export const listSearch = {
	async searchCustomers(this: ILoadOptionsFunctions, filter?: string, token?: string) {
		return await searchEntity(this, customerApi, filter, token);
	},
	async searchInvoices(this: ILoadOptionsFunctions, filter?: string, token?: string) {
		return await searchEntity(this, invoiceApi, filter, token);
	},
	async searchCreditNotes(this: ILoadOptionsFunctions, filter?: string, token?: string) {
		return await searchEntity(this, creditNoteApi, filter, token);
	},
	async searchPayments(this: ILoadOptionsFunctions, filter?: string, token?: string) {
		return await searchEntity(this, paymentApi, filter, token);
	},
	async searchRefunds(this: ILoadOptionsFunctions, filter?: string, token?: string) {
		return await searchEntity(this, refundApi, filter, token);
	},
	async searchCustomFields(this: ILoadOptionsFunctions, filter?: string, token?: string) {
		return await searchEntity(this, customFieldApi, filter, token);
	},
	async searchActions(this: ILoadOptionsFunctions, filter?: string, token?: string) {
		return await searchEntity(this, actionApi, filter, token);
	},
	/** Payment > Bank Account (`bankAccountId`) and the like: the organization's bank accounts. */
	async searchBankAccounts(this: ILoadOptionsFunctions, filter?: string, token?: string) {
		return await searchEntity(this, bankAccountApi, filter, token);
	},
};
