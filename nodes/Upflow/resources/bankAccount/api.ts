import type { IDataObject } from 'n8n-workflow';

import type { EntityApi } from '../api';

/** The bankAccount collection: where its records live in Upflow (path, list envelope, page cap), how they read in a list. */
export const bankAccountApi: EntityApi = {
	resource: 'bankAccount',
	name: 'Bank Account',
	path: '/bank_accounts',
	envelope: 'items',
	pageCap: 500,
	searchable: true,
	label: (record: IDataObject) => {
		const iban =
			typeof record.iban === 'string' && record.iban.length > 4
				? ` ...${record.iban.replace(/\s+/g, '').slice(-4)}`
				: '';
		return `${String(record.name ?? record.id)} (${String(record.currency ?? '')}${iban})`;
	},
	simplifiedKeys: ['id', 'name', 'currency'],
};
