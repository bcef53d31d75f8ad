import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fetchPage } from '../../transport/paginate';
import type { UpflowClient } from '../../transport/request';
import { customerApi } from '../customer/api';
import { returnAllProperties, simplifyProperty } from '../entity';
import { listEndpoint, recordPath, simplify } from '../api';
import type { UpflowRef } from '../../shared/ref';
import { readRef } from '../parameters';
import type { ResourceDefinition } from '../types';
import { actionApi } from './api';
import { actionLocator, filtersProperty, filterNotice } from './fields';
import { records } from '../types';

/** Reminders sent, tasks and customers' replies (contract v2: seen; GET by id claimed). No external IDs. */

interface ActionFilter {
	type?: string;
	state?: string;
	source?: string;
	customer?: UpflowRef;
}

function readFilter(context: IExecuteFunctions, itemIndex: number): ActionFilter {
	const filters = context.getNodeParameter(
		'filters',
		itemIndex,
		{},
		{ extractValue: false },
	) as IDataObject;
	const text = (value: unknown) =>
		typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
	const customerValue = filters.customer as { value?: unknown } | undefined;
	return {
		type: text(filters.type),
		state: text(filters.state),
		source: text(filters.source),
		customer:
			customerValue && String(customerValue.value ?? '').trim() !== ''
				? readRef(context, itemIndex, 'filters.customer', 'customer')
				: undefined,
	};
}

/** The Upflow id of the filter's customer (actions name customers by id only): one request when given by External ID. */
async function customerIdOf(
	client: UpflowClient,
	ref: UpflowRef | undefined,
	itemIndex: number,
): Promise<string | undefined> {
	if (!ref) return undefined;
	if ('id' in ref) return ref.id;
	const customer = (await client.call({
		method: 'GET',
		path: recordPath(customerApi, ref),
		idempotent: true,
		itemIndex,
	})) as IDataObject;
	return String(customer.id);
}

function actionMatches(
	action: IDataObject,
	filter: Omit<ActionFilter, 'customer'> & { customerId?: string },
): boolean {
	if (filter.type && action.type !== filter.type) return false;
	if (filter.state && action.state !== filter.state) return false;
	if (filter.source && action.source !== filter.source) return false;
	if (
		filter.customerId &&
		(action.customer as IDataObject | null | undefined)?.id !== filter.customerId
	)
		return false;
	return true;
}

export const actionResource: ResourceDefinition = {
	value: 'action',
	name: 'Action',
	operations: [
		{
			value: 'get',
			name: 'Get',
			action: 'Get action',
			description: 'Retrieve an action (reminder, task or reply) by ID',
			properties: [actionLocator, simplifyProperty],
			plan: async (context, itemIndex) => {
				const ref = readRef(context, itemIndex, 'action');
				return {
					run: records(async ({ client }) => {
						const record = (await client.call({
							method: 'GET',
							path: recordPath(actionApi, ref),
							idempotent: true,
							itemIndex,
						})) as IDataObject;
						return context.getNodeParameter('simplify', itemIndex, false)
							? simplify(record, actionApi.simplifiedKeys)
							: record;
					}),
				};
			},
		},
		{
			value: 'getAll',
			name: 'Get Many',
			action: 'Get many actions',
			description:
				'Retrieve reminders, tasks and replies, filtered by type, state, source or customer',
			properties: [...returnAllProperties, filtersProperty, filterNotice, simplifyProperty],
			plan: async (context, itemIndex) => {
				const returnAll = context.getNodeParameter('returnAll', itemIndex) as boolean;
				const limit = returnAll
					? Number.POSITIVE_INFINITY
					: (context.getNodeParameter('limit', itemIndex) as number);
				const filter = readFilter(context, itemIndex);
				const wantsSimple = context.getNodeParameter('simplify', itemIndex, false) as boolean;
				return {
					run: records(async ({ client }) => {
						const customerId = await customerIdOf(client, filter.customer, itemIndex);
						const filtering = Boolean(filter.type || filter.state || filter.source || customerId);
						const rows: IDataObject[] = [];
						for (let offset = 0; rows.length < limit; ) {
							// Unfiltered, ask for no more than needed; filtered, read whole pages.
							const size = filtering
								? actionApi.pageCap
								: Math.min(actionApi.pageCap, limit - rows.length);
							const page = await fetchPage(
								client,
								listEndpoint(actionApi),
								offset,
								size,
								itemIndex,
							);
							rows.push(
								...page.items.filter((row) => actionMatches(row, { ...filter, customerId })),
							);
							offset += page.items.length;
							if (page.items.length < size || (page.total !== undefined && offset >= page.total))
								break;
						}
						return rows
							.slice(0, limit)
							.map((row) => (wantsSimple ? simplify(row, actionApi.simplifiedKeys) : row));
					}),
				};
			},
		},
	],
};
