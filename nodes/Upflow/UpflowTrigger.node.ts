import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { listEndpoint } from './resources/api';
import { actionApi } from './resources/action/api';
import { customerApi } from './resources/customer/api';
import { invoiceApi } from './resources/invoice/api';
import { systemClock } from './transport/clock';
import { fetchPage } from './transport/paginate';
import { UpflowClient } from './transport/request';
import {
	COLLECTIONS,
	CUSTOMER_FIELDS,
	EVENTS,
	INVOICE_FIELDS,
	eventDefinition,
} from './trigger/events';
import type { EventDefinition, WatchedField } from './trigger/events';
import { runPoll } from './trigger/poll';
import { defaultTuning, sampleRecord, strategyOf } from './trigger/scan';
import type { FetchPage } from './trigger/scan';
import { PollBudget } from './trigger/budget';
import { ACTION_EVENTS, actionEventDefinition, runStampPoll, sampleAction } from './trigger/stamps';
import type { ActionEventDefinition } from './trigger/stamps';
import { storedOrder } from './trigger/state';

const DEFAULT_MAX_REQUESTS_PER_POLL = 20;

/**
 * The sweep's cost, from its tuning: each page moves the pass on by the page cap less the overlap
 * kept with the next page, and one request of each poll goes to the end of the list.
 */
const SWEEP_STEP = invoiceApi.pageCap - defaultTuning(invoiceApi.pageCap).overlapNext;
const EXAMPLE_RECORDS = 100_000;
const COST_NOTICE =
	`Upflow has no change feed: this event re-reads the whole list, 'Max Requests per Poll' pages per poll (${invoiceApi.pageCap} invoices or ${customerApi.pageCap.toLocaleString('en-US')} customers a page), resuming where the previous poll stopped. ` +
	`A change is seen within about records / ${SWEEP_STEP} / ('Max Requests per Poll' - 1) polls, e.g. ${Math.ceil(EXAMPLE_RECORDS / SWEEP_STEP / (DEFAULT_MAX_REQUESTS_PER_POLL - 1))} polls for ${EXAMPLE_RECORDS.toLocaleString('en-US')} invoices at the default.`;

const SWEEP_EVENTS = EVENTS.filter((event) => strategyOf(event) === 'sweep').map(
	(event) => event.name,
);

const fieldOptions = (fields: readonly WatchedField[]) =>
	fields.map(({ name, value, description }) => ({
		name,
		value,
		...(description ? { description } : {}),
	}));

export class UpflowTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Upflow Trigger',
		name: 'upflowTrigger',
		icon: { light: 'file:upflow.svg', dark: 'file:upflow.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description:
			'Starts the workflow when Upflow customers, invoices, payments, credit notes, refunds or actions (reminders, tasks, replies) are created or change',
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
				options: [...EVENTS, ...ACTION_EVENTS].map(({ displayName, name, description }) => ({
					name: displayName,
					value: name,
					description,
				})),
				default: 'newInvoice',
				required: true,
			},
			{
				displayName: 'Fields to Watch',
				name: 'customerFields',
				type: 'multiOptions',
				options: fieldOptions(CUSTOMER_FIELDS),
				// Not Balance nor Count of Invoices Due: they change with every invoice or payment.
				default: [
					'accountManager',
					'address',
					'contacts',
					'currency',
					'customFields',
					'dunningPlanId',
					'externalId',
					'name',
					'parent',
					'vatNumber',
				],
				required: true,
				description:
					'A change to any of these fields fires the event; changes to other fields are ignored',
				displayOptions: { show: { event: ['customerUpdated'] } },
			},
			{
				displayName: 'Fields to Watch',
				name: 'invoiceFields',
				type: 'multiOptions',
				options: fieldOptions(INVOICE_FIELDS),
				// Not Payments (Amount Outstanding covers them) nor PDF Attached.
				default: [
					'amountOutstanding',
					'currency',
					'customFields',
					'customId',
					'customerId',
					'dueDate',
					'dunningPlanId',
					'externalId',
					'grossAmount',
					'issuedAt',
					'name',
					'netAmount',
					'state',
				],
				required: true,
				description:
					'A change to any of these fields fires the event; changes to other fields are ignored',
				displayOptions: { show: { event: ['invoiceUpdated'] } },
			},
			{
				displayName: 'Action Type',
				name: 'actionType',
				type: 'string',
				default: '',
				placeholder: 'e.g. EMAIL',
				description:
					"Only actions of this type, compared exactly (Upflow's types, e.g. EMAIL or TASK); empty for any type",
				displayOptions: { show: { event: ['newAction'] } },
			},
			{
				displayName: 'Max Requests per Poll',
				name: 'maxRequestsPerPoll',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 1000 },
				default: DEFAULT_MAX_REQUESTS_PER_POLL,
				description:
					'Most list requests one poll may send to Upflow (it shares the organization rate limit with everything else). Higher finds changes sooner in large organizations.',
			},
			{
				displayName: COST_NOTICE,
				name: 'costNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { event: SWEEP_EVENTS } },
			},
			{
				displayName:
					"Actions carry createdAt: once the trigger has seen the order Upflow lists them in (first pass), a poll costs 1 request (500 actions a page) and keeps a cursor, not a copy of the list. If the order cannot be told, every poll re-reads the list: records / 500 requests, 'Max Requests per Poll' at a time.",
				name: 'actionCostNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { event: ['newAction', 'customerReplied'] } },
			},
			{
				displayName:
					"Actions are not listed by updatedAt: every poll re-reads the action list (500 actions a request, 'Max Requests per Poll' at a time, resuming where it stopped) and compares each action's updatedAt with a cursor. The state stays a cursor whatever the number of actions.",
				name: 'actionUpdatedCostNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { event: ['actionUpdated'] } },
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const actionEvent = actionEventDefinition(this.getNodeParameter('event') as string);
		if (actionEvent) return await pollActions(this, actionEvent);
		const definition = eventDefinition(this.getNodeParameter('event') as string);
		if (!definition) {
			throw new NodeOperationError(
				this.getNode(),
				'Unknown event: choose one of the events in the Event list.',
			);
		}
		const fields = watchedFields(this, definition);
		const maxRequests = maxRequestsOf(this);
		const collection = COLLECTIONS[definition.collection];
		const client = await UpflowClient.fromContext(this);
		const endpoint = listEndpoint(collection);
		const fetch: FetchPage = async (offset, limit) =>
			await fetchPage(client, endpoint, offset, limit);

		if (this.getMode() === 'manual') {
			// "Fetch Test Event": a real record, and no state read or written.
			const order = storedOrder(this.getWorkflowStaticData('node'));
			const record = await sampleRecord(
				definition,
				fetch,
				collection.pageCap,
				systemClock.now(),
				order,
			);
			return record ? [this.helpers.returnJsonArray([record])] : null;
		}

		const stored = this.getWorkflowStaticData('node');
		const revisionAtStart = stored.r;
		// Works on a copy; another event, other watched fields or another organization start a new baseline.
		const result = await runPoll(stored, {
			definition,
			fields,
			organizationKey: client.settings.organizationKey,
			fetch,
			maxRequests,
			timeBudgetMs: pollBudgetMs(this),
			now: () => systemClock.now(),
		});
		const current = this.getWorkflowStaticData('node');
		// Stored only now that the whole poll succeeded. If an overlapping poll stored its state
		// meanwhile, keep that one: what this poll emits may come again, never less.
		if (current.r === revisionAtStart)
			replaceContents(current, result.next as unknown as IDataObject);
		return result.emitted.length > 0 ? [this.helpers.returnJsonArray(result.emitted)] : null;
	}
}

function maxRequestsOf(context: IPollFunctions): number {
	return Math.max(
		1,
		Math.floor(
			Number(context.getNodeParameter('maxRequestsPerPoll', DEFAULT_MAX_REQUESTS_PER_POLL)) ||
				DEFAULT_MAX_REQUESTS_PER_POLL,
		),
	);
}

/** New Action, Action Updated, Customer Replied: a stamp cursor over the action list (trigger/stamps.ts). */
async function pollActions(
	context: IPollFunctions,
	definition: ActionEventDefinition,
): Promise<INodeExecutionData[][] | null> {
	const actionType = String(context.getNodeParameter('actionType', '') ?? '').trim();
	const options = definition.name === 'newAction' && actionType ? { actionType } : {};
	const client = await UpflowClient.fromContext(context);
	const endpoint = listEndpoint(actionApi);
	const fetch: FetchPage = async (offset, limit) =>
		await fetchPage(client, endpoint, offset, limit);
	if (context.getMode() === 'manual') {
		const action = await sampleAction(definition, options, fetch);
		return action ? [context.helpers.returnJsonArray([action])] : null;
	}
	const stored = context.getWorkflowStaticData('node');
	const revisionAtStart = stored.r;
	const result = await runStampPoll(stored, {
		definition,
		options,
		organizationKey: client.settings.organizationKey,
		fetch,
		budget: new PollBudget(maxRequestsOf(context), pollBudgetMs(context), () => systemClock.now()),
	});
	const current = context.getWorkflowStaticData('node');
	if (current.r === revisionAtStart)
		replaceContents(current, result.next as unknown as IDataObject);
	return result.emitted.length > 0 ? [context.helpers.returnJsonArray(result.emitted)] : null;
}

function watchedFields(context: IPollFunctions, definition: EventDefinition): string[] {
	if (!definition.fieldsParameter) return [];
	const catalog =
		definition.fieldsParameter === 'customerFields' ? CUSTOMER_FIELDS : INVOICE_FIELDS;
	const chosen = context.getNodeParameter(definition.fieldsParameter, []) as string[];
	const known = (Array.isArray(chosen) ? chosen : []).filter((value) =>
		catalog.some((field) => field.value === value),
	);
	if (known.length === 0) {
		throw new NodeOperationError(context.getNode(), 'No field to watch', {
			description: `Choose at least one field in Fields to Watch: a change to one of them fires ${definition.displayName}.`,
		});
	}
	return known;
}

/** n8n 2.38+ tells how long a poll may run; older hosts do not (feature-detected). */
function pollBudgetMs(context: IPollFunctions): number | undefined {
	const getter = (context as Partial<Pick<IPollFunctions, 'getPollBudgetMs'>>).getPollBudgetMs;
	if (typeof getter !== 'function') return undefined;
	const budget = getter.call(context);
	return typeof budget === 'number' && budget > 0 ? budget : undefined;
}

/** Swaps the contents of the static data object in one synchronous step (n8n keeps the object). */
function replaceContents(target: IDataObject, source: IDataObject): void {
	for (const key of Object.keys(target)) if (!(key in source)) delete target[key];
	Object.assign(target, source);
}
