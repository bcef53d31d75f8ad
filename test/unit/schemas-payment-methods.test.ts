/**
 * The customer's payment methods and accounting reference: the UI choices become the contract's
 * shape (test/contract), so the node never sends what the contract does not document.
 */
import { checkBody } from '../contract/check';
import { writeCall } from '../contract/upflow';
import { customerUpsertSchema } from '../../nodes/Upflow/resources/customer/schema';
import { toPaymentMethods } from '../../nodes/Upflow/schemas/paymentMethods';
import { validateItem } from '../../nodes/Upflow/schemas/validate';
import { refusal } from '../support/refusal';

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
