import type { INodeProperties } from 'n8n-workflow';

import { actionResource } from './action';
import { bankAccountResource } from './bankAccount';
import { contactResource } from './contact';
import { creditNoteResource } from './creditNote';
import { customerResource } from './customer';
import { customFieldResource } from './customField';
import { invoiceResource } from './invoice';
import { dunningPlanResource } from './dunningPlan';
import { paymentResource } from './payment';
import { reconciliationResource } from './reconciliation';
import { refundResource } from './refund';
import { userResource } from './user';
import type { OperationDefinition, ResourceDefinition } from './types';

/** Every resource of the Upflow node, in the order the UI lists them. */
export const resources: ResourceDefinition[] = [
	actionResource,
	bankAccountResource,
	contactResource,
	creditNoteResource,
	customerResource,
	customFieldResource,
	dunningPlanResource,
	invoiceResource,
	paymentResource,
	reconciliationResource,
	refundResource,
	userResource,
];

export function findOperation(resource: string, operation: string): OperationDefinition {
	const found = resources
		.find((candidate) => candidate.value === resource)
		?.operations.find((candidate) => candidate.value === operation);
	if (!found)
		throw new Error(`The Upflow node has no operation "${operation}" for resource "${resource}"`);
	return found;
}

/** The node's parameters: Resource, one Operation list per resource, and each operation's fields. */
export function nodeProperties(): INodeProperties[] {
	const properties: INodeProperties[] = [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: resources.map(({ name, value }) => ({ name, value })),
			default: 'customer',
		},
	];
	for (const resource of resources) {
		const firstOperation = resource.operations[0].value;
		properties.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource.value] } },
			options: resource.operations
				.map(({ name, value, action, description }) => ({ name, value, action, description }))
				.sort((a, b) => a.name.localeCompare(b.name)),
			default: firstOperation,
		});
	}
	for (const resource of resources) {
		for (const operation of resource.operations) {
			for (const property of operation.properties) {
				properties.push({
					...property,
					displayOptions: {
						...property.displayOptions,
						show: {
							...property.displayOptions?.show,
							resource: [resource.value],
							operation: [operation.value],
						},
					},
				});
			}
		}
	}
	return properties;
}
