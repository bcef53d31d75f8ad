import type { UpflowClient } from '../../transport/request';
import { fetchAll } from '../../transport/paginate';
import type { EntityApi } from '../api';
import { listEndpoint } from '../api';

/** The customField collection: where its records live in Upflow (path, list envelope, page cap), how they read in a list. */
export const customFieldApi: EntityApi = {
	resource: 'customField',
	name: 'Custom Field',
	path: '/custom_fields',
	envelope: 'items',
	pageCap: 500,
	searchable: true,
	label: (record) =>
		`${String(record.name ?? record.id)} (${String(record.entityType ?? '')} ${String(record.dataType ?? '')})`,
	simplifiedKeys: ['id', 'externalId', 'name', 'entityType', 'dataType'],
};

export interface CustomFieldDefinition {
	id: string;
	externalId?: string;
	name: string;
	entityType: string;
	dataType: string;
}

/** The organization's custom fields, read once per execution. */
export async function customFieldDefinitions(
	client: UpflowClient,
): Promise<CustomFieldDefinition[]> {
	return await client.once(
		'customFields',
		async () =>
			(await fetchAll(client, listEndpoint(customFieldApi))) as unknown as CustomFieldDefinition[],
	);
}
