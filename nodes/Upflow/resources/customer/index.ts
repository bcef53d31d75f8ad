import type { IDataObject } from 'n8n-workflow';

import { shapeCustomFields } from '../customField';
import { customerLane } from '../api';
import type { UpflowRef } from '../../shared/ref';
import {
	deleteOperation,
	getManyOperation,
	getOperation,
	updateOperation,
	upsertOperation,
} from '../operations';
import type { ResourceDefinition } from '../types';
import { resourceOf } from '../types';
import { customerUpdateSchema, customerUpsertSchema } from './schema';
import { countryHint } from '../../schemas/codes';
import { customerApi } from './api';
import { customerAssignDunningPlan } from './assignDunningPlan.operation';
import { customerGeneratePortalUrl } from './generatePortalUrl.operation';
import { customerGetAccountManagers } from './getAccountManagers.operation';
import { updateFields, upsertFields } from './fields';

const customerWrite = {
	hints: (body: IDataObject) => {
		const country = (body.address as IDataObject | undefined)?.country;
		const hint = typeof country === 'string' ? countryHint(country) : undefined;
		return hint ? [hint] : [];
	},
	prepare: shapeCustomFields,
};

export const customerResource: ResourceDefinition = resourceOf(customerApi, [
	upsertOperation(customerApi, {
		...customerWrite,
		properties: upsertFields,
		schema: () => customerUpsertSchema(),
	}),
	getOperation(customerApi),
	getManyOperation(customerApi, {
		properties: [
			{
				displayName: 'Filter by Custom Field',
				name: 'customFieldFilter',
				type: 'fixedCollection',
				placeholder: 'Add Filter',
				default: {},
				description:
					'Only customers whose custom field equals the value (the one filter Upflow applies on its side)',
				options: [
					{
						displayName: 'Filter',
						name: 'filter',
						values: [
							{
								displayName: 'Custom Field Name or ID',
								name: 'customFieldId',
								type: 'options',
								typeOptions: { loadOptionsMethod: 'getCustomerCustomFields' },
								default: '',
								description:
									'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
							},
							{
								displayName: 'Value',
								name: 'value',
								type: 'string',
								default: '',
								description: 'Exact value; select labels are case-sensitive',
							},
						],
					},
				],
			},
		],
		query: (context, itemIndex) => {
			const filter = context.getNodeParameter(
				'customFieldFilter.filter',
				itemIndex,
				{},
			) as IDataObject;
			return filter.customFieldId
				? { [`customFieldData_${String(filter.customFieldId)}.eq`]: String(filter.value ?? '') }
				: {};
		},
	}),
	updateOperation(customerApi, {
		...customerWrite,
		properties: updateFields,
		schema: () => customerUpdateSchema(),
		laneOfRef: (ref: UpflowRef) => customerLane(ref)!,
	}),
	deleteOperation(customerApi, (ref) => customerLane(ref)),
	customerGetAccountManagers,
	customerGeneratePortalUrl,
	customerAssignDunningPlan,
]);
