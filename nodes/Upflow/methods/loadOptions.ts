import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import type { ListApi } from '../resources/api';
import { listEndpoint } from '../resources/api';
import { bankAccountApi } from '../resources/bankAccount/api';
import { customFieldDefinitions } from '../resources/customField/api';
import { dunningPlanApi } from '../resources/dunningPlan/api';
import { userApi } from '../resources/user/api';
import { fetchAll } from '../transport/paginate';
import { UpflowClient } from '../transport/request';

/* The dropdowns (`loadOptionsMethod`): whole lists, sorted by name. */

/** Every record of a list as an option: its label, its id. */
async function options(
	context: ILoadOptionsFunctions,
	list: ListApi,
): Promise<INodePropertyOptions[]> {
	const client = await UpflowClient.fromContext(context);
	const rows = await fetchAll(client, listEndpoint(list));
	return rows
		.map((row) => ({ name: list.label(row), value: String(row.id) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

async function customFieldOptions(
	context: ILoadOptionsFunctions,
	entityType: string,
): Promise<INodePropertyOptions[]> {
	const client = await UpflowClient.fromContext(context);
	const fields = await customFieldDefinitions(client);
	return fields
		.filter((field) => field.entityType === entityType)
		.map((field) => ({ name: `${field.name} (${field.dataType})`, value: field.id }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export const loadOptions = {
	async getDunningPlans(this: ILoadOptionsFunctions) {
		return await options(this, dunningPlanApi);
	},
	async getDunningPlansOrNone(this: ILoadOptionsFunctions) {
		return [{ name: 'No Dunning Plan', value: 'none' }, ...(await options(this, dunningPlanApi))];
	},
	async getUsers(this: ILoadOptionsFunctions) {
		return await options(this, userApi);
	},
	/** Payment > Bank Account (`bankAccountId`) and Customer > Payment Methods > Wire Transfer. */
	async getBankAccounts(this: ILoadOptionsFunctions) {
		return await options(this, bankAccountApi);
	},
	async getCustomerCustomFields(this: ILoadOptionsFunctions) {
		return await customFieldOptions(this, 'CUSTOMER');
	},
	async getInvoiceCustomFields(this: ILoadOptionsFunctions) {
		return await customFieldOptions(this, 'INVOICE');
	},
};
