import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { UpflowClient } from '../transport/request';
import type { ListApi } from './api';
import type { SentRecords } from './skipUnchanged';

/**
 * What one execution lends its plans: the organization's client, and Skip Unchanged's memory of
 * what this workflow's Upflow nodes last sent. The executor opens it once and saves it at the end.
 */
export interface RunScope {
	client: UpflowClient;
	sentRecords: SentRecords;
}

/**
 * What one input item asks for, decided (and validated) before any request is sent: bad input is
 * refused here, so it never reaches Upflow.
 */
export interface ItemPlan {
	/**
	 * Jobs with the same lane (one customer) never run at once and keep their input order. Only the
	 * executor takes lanes: a plan declares its lane, it never enters one itself.
	 */
	lane?: string;
	/**
	 * For a write whose customer is known only from Upflow (Invoice > Update by the invoice's id):
	 * a read-only call, outside any lane, answering the lane to run in instead of `lane`.
	 */
	locate?(scope: RunScope): Promise<string | undefined>;
	/** The item's output items (pairedItem is added by the executor). */
	run(scope: RunScope): Promise<ItemResult>;
}

/**
 * An item answered while planning, with nothing to send (a record Skip Unchanged finds unchanged):
 * it takes no lane and no job, so a run of 100,000 unchanged records schedules nothing.
 */
export interface ItemAnswer {
	done: ItemResult;
}

/** The output items of one input item: one per record (Get Many gives several), with binary data when any. */
export type ItemResult = INodeExecutionData[];

/** A run that answers records (JSON only) as a plan's run: one output item per record. */
export function records(
	run: (scope: RunScope) => Promise<IDataObject | IDataObject[]>,
): (scope: RunScope) => Promise<ItemResult> {
	return async (scope) => {
		const result = await run(scope);
		return (Array.isArray(result) ? result : [result]).map((json) => ({ json }));
	};
}

export type Planner = (
	context: IExecuteFunctions,
	itemIndex: number,
	scope: RunScope,
) => Promise<ItemPlan | ItemAnswer>;

export interface OperationDefinition {
	value: string;
	name: string;
	action: string;
	description: string;
	/** This operation's parameters; `displayOptions` for resource and operation are added by the registry. */
	properties: INodeProperties[];
	plan: Planner;
}

export interface ResourceDefinition {
	value: string;
	name: string;
	/** The Upflow list behind it, when it has one: its "From List" search derives from it. */
	api?: ListApi;
	operations: OperationDefinition[];
}

/** The resource of an Upflow list: its value and name are the list's. */
export function resourceOf(api: ListApi, operations: OperationDefinition[]): ResourceDefinition {
	return { value: api.resource, name: api.name, api, operations };
}
