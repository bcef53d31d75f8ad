import type { IDataObject } from 'n8n-workflow';

import type { EntityApi } from './entity';
import { getManyOperation } from './operations';
import type { ResourceDefinition } from './types';

/** The organization's bank accounts (contract v2: ref; the row shape is assumed): the ids a payment's `bankAccountId` and a wire transfer take. */
export const bankAccountApi: EntityApi = {
	resource: 'bankAccount',
	name: 'Bank Account',
	path: '/bank_accounts',
	envelope: 'items',
	pageCap: 500,
	searchMethod: 'searchBankAccounts',
	label: (record: IDataObject) => {
		const iban = typeof record.iban === 'string' && record.iban.length > 4 ? ` ...${record.iban.replace(/\s+/g, '').slice(-4)}` : '';
		return `${String(record.name ?? record.id)} (${String(record.currency ?? '')}${iban})`;
	},
	simplifiedKeys: ['id', 'name', 'currency'],
};

export const bankAccountResource: ResourceDefinition = {
	value: 'bankAccount',
	name: 'Bank Account',
	operations: [getManyOperation(bankAccountApi, { simplifiable: false })],
};
