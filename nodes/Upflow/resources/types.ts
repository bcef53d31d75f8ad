import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { UpflowClient } from '../transport/request';

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
	locate?(client: UpflowClient): Promise<string | undefined>;
	run(client: UpflowClient): Promise<ItemResult>;
}

/** One object becomes one output item; an array becomes one output item per element (Get Many). */
export type ItemResult = IDataObject | IDataObject[] | INodeExecutionData[];

export type Planner = (context: IExecuteFunctions, itemIndex: number) => Promise<ItemPlan>;

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
	operations: OperationDefinition[];
}
