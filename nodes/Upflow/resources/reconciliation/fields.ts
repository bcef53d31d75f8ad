import type { INodeProperties } from 'n8n-workflow';

import { recordLocator } from '../entity';
import { amountModeProperty } from '../shared';
import type { RECONCILIATION_LISTS } from './schema';

/* The parameters of Reconciliation > Link and Unlink. */

export const LISTS: Array<{
	name: (typeof RECONCILIATION_LISTS)[number];
	label: string;
	plural: string;
}> = [
	{ name: 'invoices', label: 'Invoice', plural: 'Invoices' },
	{ name: 'creditNotes', label: 'Credit Note', plural: 'Credit Notes' },
	{ name: 'payments', label: 'Payment', plural: 'Payments' },
	{ name: 'refunds', label: 'Refund', plural: 'Refunds' },
];

function itemsProperty(list: (typeof LISTS)[number]): INodeProperties {
	return {
		displayName: list.plural,
		name: list.name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: `Add ${list.label}`,
		default: {},
		options: [
			{
				displayName: list.label,
				name: 'item',
				values: [
					{
						displayName: `${list.label} External ID`,
						name: 'externalId',
						type: 'string',
						default: '',
						description: `Your ID of the ${list.label.toLowerCase()}; leave empty to use the Upflow ID`,
					},
					{
						displayName: `${list.label} ID`,
						name: 'id',
						type: 'string',
						default: '',
						description: 'The Upflow ID, when no External ID is given',
					},
					{
						displayName: 'Amount Linked',
						name: 'amountLinked',
						type: 'string',
						default: '',
						description: `The part of the ${list.label.toLowerCase()} this reconciliation takes, in the unit chosen in 'Amounts In'`,
					},
				],
			},
		],
	};
}

export const externalIdProperty: INodeProperties = {
	displayName: 'External ID',
	name: 'externalId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. REC-2024-0042',
	description:
		"The reconciliation's ID in your system. Sending it again replaces the links; Unlink undoes them.",
};

/** Not sent to Upflow: the reconciliation then waits for the other writes of this customer (one at a time per customer). */
export const customerOrderingProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		recordLocator(
			{ resource: 'customer', name: 'Customer', searchMethod: 'searchCustomers' },
			{
				required: false,
				default: { mode: 'externalId', value: '' },
				description:
					'The customer the records belong to. Not sent to Upflow: the reconciliation then waits for the other writes of this customer in progress, as Upflow asks.',
			},
		),
	],
};

export const linkFields: INodeProperties[] = [
	amountModeProperty,
	externalIdProperty,
	...LISTS.map(itemsProperty),
	customerOrderingProperty,
];
