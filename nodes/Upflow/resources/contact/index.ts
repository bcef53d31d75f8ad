import type { IDataObject } from 'n8n-workflow';

import { contactCreateSchema, contactUpdateSchema } from '../customer/schema';
import { validateItem } from '../../schemas/validate';
import { fetchAll } from '../../transport/paginate';
import { customerApi } from '../customer/api';
import { customerLane, listEndpoint, recordPath } from '../api';
import { deleteOperation, getOperation, updateOperation } from '../operations';
import { readInput, readRef } from '../parameters';
import type { ResourceDefinition } from '../types';
import { contactApi } from './api';
import {
	contactDetailProperties,
	contactEmailProperty,
	createFields,
	ownerLocator,
} from './fields';
import { records } from '../types';

/** Contacts live under their customer: `/customers/{customerId}/contacts[/{contactId}]`. */

export const contactResource: ResourceDefinition = {
	value: 'contact',
	name: 'Contact',
	operations: [
		{
			value: 'create',
			name: 'Create',
			action: 'Create contact',
			description: 'Add a contact to a customer (the other contacts stay)',
			properties: [ownerLocator, ...createFields],
			plan: async (context, itemIndex) => {
				const customer = readRef(context, itemIndex, 'customer');
				const body = validateItem(
					contactCreateSchema(),
					readInput(context, itemIndex, createFields),
					itemIndex,
				) as IDataObject;
				const path = `${recordPath(customerApi, customer)}${contactApi.path}`;
				return {
					lane: customerLane(customer),
					run: records(async ({ client }) => {
						// Safe to repeat: emails are unique in the organization, so a repeat of a create that
						// already landed answers 409 and changes nothing. Then we read the contact back.
						const created = await client.call<IDataObject | undefined>({
							method: 'POST',
							path,
							body,
							idempotent: true,
							doneIfRepeatAnswers: 409,
							itemIndex,
						});
						if (created) return created;
						const contacts = await fetchAll(
							client,
							{ ...listEndpoint(contactApi), path },
							undefined,
							itemIndex,
						);
						return contacts.find((contact) => contact.email === body.email) ?? { ...body };
					}),
				};
			},
		},
		{
			value: 'getAll',
			name: 'Get Many',
			action: 'Get many contacts',
			description: 'Retrieve the contacts of a customer',
			properties: [ownerLocator],
			plan: async (context, itemIndex) => {
				const customer = readRef(context, itemIndex, 'customer');
				return {
					run: records(
						async ({ client }) =>
							await fetchAll(
								client,
								{
									...listEndpoint(contactApi),
									path: `${recordPath(customerApi, customer)}${contactApi.path}`,
								},
								undefined,
								itemIndex,
							),
					),
				};
			},
		},
		getOperation(contactApi),
		updateOperation(contactApi, {
			properties: [
				{
					displayName: 'Update Fields',
					name: 'updateFields',
					type: 'collection',
					placeholder: 'Add Field',
					default: {},
					options: [contactEmailProperty, ...contactDetailProperties],
				},
			],
			schema: () => contactUpdateSchema(),
			laneOf: () => undefined,
		}),
		deleteOperation(contactApi),
	],
};
