/* eslint-disable @n8n/community-nodes/require-node-api-error -- test code run by Jest in Node, not by n8n */
/**
 * Issue 12's write shapes: the reconciliation (Link / Unlink) and the customer's payment methods,
 * checked against the contract home (test/contract) so the node never sends what the contract
 * does not document.
 */
import { checkBody } from '../contract/check';
import { writeCall } from '../contract/upflow';
import { customerUpsertSchema } from '../../nodes/Upflow/resources/customer/schema';
import {
	reconciliationLinkSchema,
	reconciliationUnlinkSchema,
} from '../../nodes/Upflow/resources/reconciliation/schema';
import { toPaymentMethods } from '../../nodes/Upflow/schemas/paymentMethods';
import { UpflowInputError, validateItem } from '../../nodes/Upflow/schemas/validate';

const decimal = { amountMode: 'decimal' as const };

function refusal(run: () => unknown): string {
	try {
		run();
	} catch (error) {
		if (error instanceof UpflowInputError) return `${error.message} ${error.description ?? ''}`;
		throw error;
	}
	throw new Error('not refused');
}

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

describe('customer payment methods and accounting reference', () => {
	it('the UI choices become the contract shape; Leave As Is is not sent', () => {
		expect(
			toPaymentMethods({
				card: 'enable',
				check: 'keep',
				achDebit: 'disable',
				wireTransfer: 'enable',
				wireTransferBankAccounts: ['ba-1', 'ba-2'],
			}),
		).toEqual({
			card: { enabled: true },
			achDebit: { enabled: false },
			wireTransfer: {
				enabled: true,
				bankAccount: { id: 'ba-1' },
				bankAccounts: [{ id: 'ba-1' }, { id: 'ba-2' }],
			},
		});
		expect(toPaymentMethods({ card: 'keep' })).toBeUndefined();
		// Bank accounts alone enable the wire transfer.
		expect(toPaymentMethods({ wireTransferBankAccounts: 'ba-1' })).toEqual({
			wireTransfer: { enabled: true, bankAccount: { id: 'ba-1' }, bankAccounts: [{ id: 'ba-1' }] },
		});
	});

	it('the API shape (from an expression) is taken as is', () => {
		expect(
			toPaymentMethods({
				sepaDebit: { enabled: true },
				goCardless: { enabled: 'false' },
				wireTransfer: { enabled: true, bankAccount: { id: 'ba-1' } },
			}),
		).toEqual({
			sepaDebit: { enabled: true },
			goCardless: { enabled: false },
			wireTransfer: { enabled: true, bankAccount: { id: 'ba-1' }, bankAccounts: [{ id: 'ba-1' }] },
		});
	});

	it('a customer body with both passes the contract', () => {
		const body = validateItem(
			customerUpsertSchema(),
			{
				externalId: 'c-1',
				name: 'Acme',
				accountingRef: '411ACME',
				paymentMethods: {
					card: 'enable',
					wireTransfer: 'enable',
					wireTransferBankAccounts: ['ba-1'],
				},
			},
			0,
		);
		expect(body).toMatchObject({
			accountingRef: '411ACME',
			paymentMethods: { card: { enabled: true } },
		});
		expect(checkBody(writeCall('customer.upsert'), body)).toEqual([]);
	});

	it.each([
		['an unknown method', { paypal: 'enable' }, /paypal.*not a payment method/],
		['a word that is not a choice', { card: 'yes please' }, /not a choice/],
		[
			'bank accounts on a disabled wire transfer',
			{ wireTransfer: 'disable', wireTransferBankAccounts: ['ba-1'] },
			/disabled/,
		],
	])('refuses %s', (_name, paymentMethods, message) => {
		expect(
			refusal(() =>
				validateItem(customerUpsertSchema(), { externalId: 'c', name: 'n', paymentMethods }, 0),
			),
		).toMatch(message);
	});
});
