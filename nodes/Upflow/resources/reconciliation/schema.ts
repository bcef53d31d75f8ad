/**
 * Reconciliation write shape (POST /v1/reconcile, contract v2).
 */
import { z } from 'zod';

import {
	type SchemaOptions,
	amount,
	body,
	formatPath,
	idText,
	list,
	reference,
	required,
} from '../../schemas/blocks';
import { referenceKey } from '../../schemas/references';

/**
 * { externalId, invoices[], creditNotes[], payments[], refunds[] }, each item
 * `{externalId or id, amountLinked}` in smallest units.
 *   [ref]     the body above; keyed by its own externalId; re-sent with four empty lists it is undone
 *   [assumed] the four lists are always sent (the production integration does)   -> every list defaults to []
 *   [assumed] each amountLinked more than 0                                        -> LINKED_AMOUNT
 *   [assumed] one record at most once per list                                    -> checkItems
 * Whether the two sides must balance is not documented: the node does not check it (Upflow says).
 */
export const RECONCILIATION_LISTS = ['invoices', 'creditNotes', 'payments', 'refunds'] as const;
export type ReconciliationList = (typeof RECONCILIATION_LISTS)[number];

const LINKED_AMOUNT = {
	allowNegative: false,
	negativeHint: 'the amount a record takes in a reconciliation is more than 0',
};

function item(options: SchemaOptions, what: string) {
	return z
		.object(
			{
				ref: required(reference(what), `give the ${what}'s External ID or ID`),
				amountLinked: required(
					amount(options, LINKED_AMOUNT),
					`give the amount of this ${what} the reconciliation takes`,
				),
			},
			{
				invalid_type_error: `must be an object {"externalId": ..., "amountLinked": ...}; give the ${what} and its amount`,
			},
		)
		.superRefine((value, ctx) => {
			if (value.amountLinked === 0)
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					path: ['amountLinked'],
					message: 'is 0; give the amount this record takes, more than 0',
				});
		})
		.transform(({ ref, amountLinked }) => ({ ...ref, amountLinked }));
}

function items(options: SchemaOptions, what: string) {
	return list(item(options, what), `${what}s`).transform((value) => value ?? []);
}

function checkItems(
	value: Record<ReconciliationList, Array<{ id?: string; externalId?: string }>>,
	ctx: z.RefinementCtx,
): void {
	for (const key of RECONCILIATION_LISTS) {
		const seen = new Map<string, number>();
		value[key].forEach((entry, index) => {
			const refKey = referenceKey(
				entry.id !== undefined ? { id: entry.id } : { externalId: entry.externalId as string },
			);
			const first = seen.get(refKey);
			if (first !== undefined)
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					path: [key, index],
					message: `is the same record as ${formatPath([key, first])}; merge the two lines with the summed amount`,
				});
			else seen.set(refKey, index);
		});
	}
}

/** Link: at least one record. */
export function reconciliationLinkSchema(options: SchemaOptions) {
	return body({
		externalId: required(
			idText,
			"give the reconciliation's ID in your system: sending it again replaces it, Unlink undoes it",
		),
		invoices: items(options, 'invoice'),
		creditNotes: items(options, 'credit note'),
		payments: items(options, 'payment'),
		refunds: items(options, 'refund'),
	})
		.superRefine(checkItems)
		.superRefine((value, ctx) => {
			if (RECONCILIATION_LISTS.every((key) => value[key].length === 0))
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					path: ['invoices'],
					message:
						'and the other lists are empty; add the records to link (to undo a reconciliation, use Unlink)',
				});
		});
}

/** Unlink: the same externalId with four empty lists. */
export function reconciliationUnlinkSchema() {
	return body({
		externalId: required(idText, 'give the External ID of the reconciliation to undo'),
	}).transform(({ externalId }) => ({
		externalId,
		invoices: [],
		creditNotes: [],
		payments: [],
		refunds: [],
	}));
}
