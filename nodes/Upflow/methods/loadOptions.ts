import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { listEndpoint } from '../resources/api';
import { bankAccountApi } from '../resources/bankAccount/api';
import { customFieldDefinitions } from '../resources/customField/api';
import { dunningPlansEndpoint } from '../resources/dunningPlan/api';
import { usersEndpoint } from '../resources/user/api';
import { fetchAll } from '../transport/paginate';
import type { ListEndpoint } from '../transport/paginate';
import { UpflowClient } from '../transport/request';

/* The dropdowns (`loadOptionsMethod`): whole lists, sorted by name. */

async function options(
	context: ILoadOptionsFunctions,
	endpoint: ListEndpoint,
	toOption: (row: IDataObject) => INodePropertyOptions,
): Promise<INodePropertyOptions[]> {
	const client = await UpflowClient.fromContext(context);
	const rows = await fetchAll(client, endpoint);
	return rows.map(toOption).sort((a, b) => a.name.localeCompare(b.name));
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

const dunningPlanOption = (plan: IDataObject): INodePropertyOptions => ({
	name: String(plan.name ?? plan.id),
	value: String(plan.id),
});

export const loadOptions = {
	async getDunningPlans(this: ILoadOptionsFunctions) {
		return await options(this, dunningPlansEndpoint, dunningPlanOption);
	},
	async getDunningPlansOrNone(this: ILoadOptionsFunctions) {
		return [
			{ name: 'No Dunning Plan', value: 'none' },
			...(await options(this, dunningPlansEndpoint, dunningPlanOption)),
		];
	},
	async getUsers(this: ILoadOptionsFunctions) {
		return await options(this, usersEndpoint, (user) => ({
			name: `${[user.firstName, user.lastName].filter(Boolean).join(' ')} <${String(user.email ?? '')}>`,
			value: String(user.id),
		}));
	},
	/** Payment > Bank Account (`bankAccountId`) and Customer > Payment Methods > Wire Transfer. */
	async getBankAccounts(this: ILoadOptionsFunctions) {
		return await options(this, listEndpoint(bankAccountApi), (account) => ({
			name: bankAccountApi.label(account),
			value: String(account.id),
		}));
	},
	async getCustomerCustomFields(this: ILoadOptionsFunctions) {
		return await customFieldOptions(this, 'CUSTOMER');
	},
	async getInvoiceCustomFields(this: ILoadOptionsFunctions) {
		return await customFieldOptions(this, 'INVOICE');
	},
};
