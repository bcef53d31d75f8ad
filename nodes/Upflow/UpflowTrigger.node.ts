import type {
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { COST_NOTICES, DEFAULT_MAX_REQUESTS_PER_POLL } from './trigger/cost';
import { EVENTS } from './trigger/events';
import type { EventDefinition } from './trigger/events';
import { pollTrigger } from './trigger/poll';

/** A "Fields to Watch" parameter for each event that has one (trigger/events.ts). */
function fieldsToWatch(event: EventDefinition): INodeProperties[] {
	if (!('watch' in event)) return [];
	const { parameter, catalog, defaults } = event.watch;
	return [
		{
			displayName: 'Fields to Watch',
			name: parameter,
			type: 'multiOptions',
			options: catalog.map(({ name, value, description }) => ({
				name,
				value,
				...(description ? { description } : {}),
			})),
			default: [...defaults],
			required: true,
			description:
				'A change to any of these fields fires the event; changes to other fields are ignored',
			displayOptions: { show: { event: [event.name] } },
		},
	];
}

export class UpflowTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Upflow Trigger',
		name: 'upflowTrigger',
		icon: { light: 'file:upflow.svg', dark: 'file:upflow.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description:
			'Starts the workflow when Upflow customers, invoices, payments, credit notes, refunds or ' +
			'actions (reminders, tasks, replies) are created or change',
		defaults: { name: 'Upflow Trigger' },
		credentials: [{ name: 'upflowApi', required: true }],
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: EVENTS.map(({ displayName, name, description }) => ({
					name: displayName,
					value: name,
					description,
				})),
				default: 'newInvoice',
				required: true,
			},
			...EVENTS.flatMap(fieldsToWatch),
			{
				displayName: 'Action Type',
				name: 'actionType',
				type: 'string',
				default: '',
				placeholder: 'e.g. EMAIL',
				description:
					"Only actions of this type, compared exactly (Upflow's types, e.g. EMAIL or TASK); " +
					'empty for any type',
				displayOptions: {
					show: {
						event: EVENTS.filter((event) => event.engine === 'stamps' && event.byType).map(
							(event) => event.name,
						),
					},
				},
			},
			{
				displayName: 'Max Requests per Poll',
				name: 'maxRequestsPerPoll',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 1000 },
				default: DEFAULT_MAX_REQUESTS_PER_POLL,
				description:
					'Most list requests one poll may send to Upflow (it shares the organization rate limit ' +
					'with everything else). Higher finds changes sooner in large organizations.',
			},
			...COST_NOTICES,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollTrigger(this);
	}
}
