/**
 * The reconciliation's write shapes (Link / Unlink), checked against the contract home
 * (test/contract) so the node never sends what the contract does not document.
 */
import { checkBody } from '../contract/check';
import { writeCall } from '../contract/upflow';
import {
	reconciliationLinkSchema,
	reconciliationUnlinkSchema,
} from '../../nodes/Upflow/resources/reconciliation/schema';
import { validateItem } from '../../nodes/Upflow/schemas/validate';
import { refusal } from '../support/refusal';

const decimal = { amountMode: 'decimal' as const };

describe('reconciliation', () => {
	it('Link: the four lists, amounts in cents, ids or external ids; the body passes the contract', () => {
		const body = validateItem(
			reconciliationLinkSchema(decimal),
			{
				externalId: 'rec-1',
				invoices: [
					{ ref: { externalId: 'inv-1' }, amountLinked: '100.50' },
					{ ref: { id: 'b7c1' }, amountLinked: 20 },
				],
				payments: [{ ref: { externalId: 'pay-1' }, amountLinked: '120.50' }],
			},
			0,
		);
		expect(body).toEqual({
			externalId: 'rec-1',
			invoices: [
				{ externalId: 'inv-1', amountLinked: 10050 },
				{ id: 'b7c1', amountLinked: 2000 },
			],
			creditNotes: [],
			payments: [{ externalId: 'pay-1', amountLinked: 12050 }],
			refunds: [],
		});
		expect(checkBody(writeCall('reconciliation.link'), body)).toEqual([]);
	});

	it('Unlink: the same External ID with four empty lists, as the contract says', () => {
		const body = validateItem(reconciliationUnlinkSchema(), { externalId: 'rec-1' }, 0);
		expect(body).toEqual({
			externalId: 'rec-1',
			invoices: [],
			creditNotes: [],
			payments: [],
			refunds: [],
		});
		expect(checkBody(writeCall('reconciliation.link'), body)).toEqual([]);
	});

	it.each([
		['no record at all', { externalId: 'r' }, /Unlink/],
		[
			'a line without a record',
			{ externalId: 'r', invoices: [{ amountLinked: '1' }] },
			/invoices\[0\]\.ref.*required/,
		],
		[
			'an amount of 0',
			{ externalId: 'r', payments: [{ ref: { id: 'p' }, amountLinked: '0' }] },
			/amountLinked.*more than 0/,
		],
		[
			'a negative amount',
			{ externalId: 'r', payments: [{ ref: { id: 'p' }, amountLinked: '-1' }] },
			/payments\[0\]\.amountLinked/,
		],
		[
			'the same record twice',
			{
				externalId: 'r',
				invoices: [
					{ ref: { id: 'a' }, amountLinked: 1 },
					{ ref: { id: 'a' }, amountLinked: 2 },
				],
			},
			/same record/,
		],
		[
			'no External ID',
			{ payments: [{ ref: { id: 'p' }, amountLinked: 1 }] },
			/externalId.*required/,
		],
	])('Link refuses %s, naming the field', (_name, input, message) => {
		expect(refusal(() => validateItem(reconciliationLinkSchema(decimal), input, 3))).toMatch(
			message,
		);
	});
});
