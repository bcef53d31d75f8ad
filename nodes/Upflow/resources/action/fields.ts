import type { INodeProperties } from 'n8n-workflow';

import { customerApi } from '../customer/api';
import { recordLocator } from '../fields';
import { actionApi } from './api';

/** Actions have no External ID: From List or By ID only. */
export const actionLocator: INodeProperties = {
	...recordLocator(actionApi),
	modes: (recordLocator(actionApi).modes ?? []).filter((mode) => mode.name !== 'externalId'),
};

const actionTypeProperty: INodeProperties = {
	displayName: 'Type',
	name: 'type',
	type: 'string',
	default: '',
	placeholder: 'e.g. EMAIL',
	description: "Upflow's action type, compared exactly, e.g. EMAIL or TASK",
};

export const filtersProperty: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	description:
		'Applied by the node: Upflow does not filter actions, so every page is read and only matching actions are kept',
	options: [
		recordLocator(customerApi, {
			required: false,
			default: { mode: 'list', value: '' },
			description: 'Only actions about this customer',
		}),
		{
			displayName: 'Source',
			name: 'source',
			type: 'options',
			options: [
				{ name: 'Manual', value: 'MANUAL', description: 'Created by a user in Upflow' },
				{ name: 'Reply', value: 'REPLY', description: 'A reply from the customer' },
				{ name: 'Workflow', value: 'WORKFLOW', description: 'Created by a dunning plan' },
			],
			default: 'REPLY',
		},
		{
			displayName: 'State',
			name: 'state',
			type: 'options',
			options: [
				{
					name: 'Executed',
					value: 'EXECUTED',
					description: 'Done: the reminder was sent, the task completed',
				},
				{ name: 'Ignored', value: 'IGNORED' },
				{ name: 'To Do', value: 'TODO' },
			],
			default: 'TODO',
		},
		actionTypeProperty,
	],
};

export const filterNotice: INodeProperties = {
	displayName:
		`Upflow ignores filters on actions: the node reads the actions page by page (${actionApi.pageCap} ` +
		'a request) and keeps those matching the filters, so a filtered Get Many costs as many requests ' +
		'as the whole list',
	name: 'filterNotice',
	type: 'notice',
	default: '',
};
