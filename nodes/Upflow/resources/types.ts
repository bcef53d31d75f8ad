import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { UpflowClient } from '../transport/request';

/**
 * What one input item asks for, decided (and validated) before any request is sent: bad input is
 * refused here, so it never reaches Upflow.
 */
export interface ItemPlan {
	/** Jobs with the same lane (one customer) never run at once and keep their input order. */
	lane?: string;
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
