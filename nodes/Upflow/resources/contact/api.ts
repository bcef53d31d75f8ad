import type { EntityApi } from '../api';
import { customerApi } from '../customer/api';

/** The contact collection: where its records live in Upflow (path, list envelope, page cap), how they read in a list. */
export const contactApi: EntityApi = {
	resource: 'contact',
	name: 'Contact',
	path: '/contacts',
	parent: customerApi,
	envelope: 'items',
	pageCap: 500,
	// Contacts are listed per customer only: pick them by ID or External ID.
	searchable: false,
	label: (record) =>
		`${[record.firstName, record.lastName].filter(Boolean).join(' ')} <${String(record.email ?? '')}>`,
	simplifiedKeys: [
		'id',
		'externalId',
		'email',
		'firstName',
		'lastName',
		'phone',
		'position',
		'isMain',
	],
};
