import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { findOperation } from '../resources';
import { SentRecords } from '../resources/skipUnchanged';
import type { ItemPlan, ItemResult, RunScope } from '../resources/types';
import { UpflowInputError } from '../schemas/validate';
import { UpflowClient } from '../transport/request';

/** How one item ended: its output items, or the error it failed with. */
type ItemOutcome =
	| { ok: true; result: ItemResult }
	| { ok: false; error: NodeApiError | NodeOperationError };

/**
 * plan -> schedule -> collect. Every item is planned (and validated) first, so bad input is refused
 * before any request; then all planned items run through the organization's limiter at once (up
 * to its concurrency and rate, one job per customer lane at a time); outputs come back in input
 * order with pairedItem.
 */
export async function executeUpflow(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();
	const outcomes: Array<ItemOutcome | undefined> = new Array(items.length);
	const plans: Array<ItemPlan | undefined> = new Array(items.length);
	// Reads the credential only (no request): its organization keys the Skip Unchanged state.
	const client = await UpflowClient.fromContext(context);
	const scope: RunScope = {
		client,
		sentRecords: new SentRecords(
			context.getWorkflowStaticData('global'),
			client.settings.organizationKey,
		),
	};

	if (items.length === 0) return [[]];
	// Resource and operation take no expressions: the same for every item, looked up once.
	const operation = findOperation(
		context.getNodeParameter('resource', 0) as string,
		context.getNodeParameter('operation', 0) as string,
	);

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const planned = await operation.plan(context, itemIndex, scope);
			if ('done' in planned) outcomes[itemIndex] = { ok: true, result: planned.done };
			else plans[itemIndex] = planned;
		} catch (error) {
			const failure = asNodeError(context, error, itemIndex);
			if (!continueOnFail) throw failure;
			outcomes[itemIndex] = { ok: false, error: failure };
		}
	}

	if (plans.some((plan) => plan !== undefined)) {
		// Without Continue On Fail the first failure ends the run: jobs not yet started are skipped.
		let firstFailure: ItemOutcome | undefined;
		await Promise.all(
			plans.map(async (plan, itemIndex) => {
				if (!plan) return;
				const fail = (error: unknown): ItemOutcome => {
					const outcome: ItemOutcome = { ok: false, error: asNodeError(context, error, itemIndex) };
					if (!continueOnFail) firstFailure ??= outcome;
					return outcome;
				};
				let lane = plan.lane;
				if (plan.locate) {
					try {
						lane = await plan.locate(scope);
					} catch (error) {
						outcomes[itemIndex] = fail(error);
						return;
					}
				}
				// The only place a lane is taken: one lane per job, so lanes never nest.
				outcomes[itemIndex] = await client.inLane(lane, async () => {
					if (firstFailure) return firstFailure;
					try {
						return { ok: true, result: await plan.run(scope) };
					} catch (error) {
						return fail(error);
					}
				});
			}),
		);
		// What Upflow accepted is remembered even when another item failed.
		scope.sentRecords.save();
		if (firstFailure && !firstFailure.ok) throw firstFailure.error;
	}

	return [collect(outcomes)];
}

function collect(outcomes: Array<ItemOutcome | undefined>): INodeExecutionData[] {
	const output: INodeExecutionData[] = [];
	outcomes.forEach((outcome, itemIndex) => {
		const pairedItem = { item: itemIndex };
		if (!outcome) return;
		if (!outcome.ok) {
			output.push({
				json: { error: outcome.error.message, description: outcome.error.description ?? null },
				error: outcome.error,
				pairedItem,
			});
			return;
		}
		for (const row of outcome.result) output.push({ ...row, pairedItem });
	});
	return output;
}

/** Every failure a user sees is a NodeApiError (from the transport) or a NodeOperationError naming the item. */
function asNodeError(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	if (error instanceof UpflowInputError) {
		return new NodeOperationError(context.getNode(), error.message, {
			itemIndex,
			description: error.description,
		});
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(
		context.getNode(),
		`Item ${itemIndex} could not be processed: ${message}`,
		{ itemIndex },
	);
}
