/**
 * Reconciliation > Link and Unlink, run as n8n runs them (the BUILT node in n8n-core) against the
 * emulator: each test checks what the EMULATOR holds afterwards (links, amounts outstanding) and
 * what reached it.
 */
import { startEmulator } from '../emulator';
import type { Emulator } from '../emulator';
import {
	byExternalId,
	jsonOf,
	requests,
	runUpflow,
	runUpflowOk,
	warmScheduler,
	writes,
} from './node-fixtures';

jest.setTimeout(30_000);

function useEmulator(): () => Emulator {
	let emulator: Emulator;
	beforeAll(async () => {
		emulator = await startEmulator({ port: 0 });
	});
	afterAll(async () => await emulator.close());
	beforeEach(() => emulator.clearLog());
	return () => emulator;
}

/** A customer, two invoices (100.00 and 200.00) and an unlinked payment of 300.00, made directly in the emulator. */
function seedOpenItems(emulator: Emulator, tag: string) {
	const org = emulator.org();
	org.upsert('customers', { externalId: `${tag}-cu`, name: `Customer ${tag}` });
	for (const [ext, gross] of [
		[`${tag}-inv-1`, 10000],
		[`${tag}-inv-2`, 20000],
	] as const)
		org.upsert('invoices', {
			externalId: ext,
			customId: `N-${ext}`,
			customer: { externalId: `${tag}-cu` },
			issuedAt: '2024-01-10',
			dueDate: '2099-02-10',
			currency: 'EUR',
			grossAmount: gross,
			netAmount: gross,
		});
	org.upsert('payments', {
		externalId: `${tag}-pay`,
		customer: { externalId: `${tag}-cu` },
		amount: 30000,
		currency: 'EUR',
		validatedAt: '2024-03-01',
	});
}

const invoice = (emulator: Emulator, externalId: string) =>
	emulator.dump().invoices.find((i) => i.externalId === externalId)!;
const payment = (emulator: Emulator, externalId: string) =>
	emulator.dump().payments.find((p) => p.externalId === externalId)!;

const linkParameters = (tag: string, extra: Record<string, unknown> = {}) => ({
	resource: 'reconciliation',
	operation: 'link',
	amountsIn: 'decimal',
	externalId: `${tag}-rec`,
	invoices: {
		item: [
			{ externalId: `${tag}-inv-1`, amountLinked: '100.00' },
			{ externalId: `${tag}-inv-2`, amountLinked: '200' },
		],
	},
	payments: { item: [{ externalId: `${tag}-pay`, amountLinked: '300.00' }] },
	...extra,
});

// =============================================================================================
// Reconciliation
// =============================================================================================

describe('Reconciliation', () => {
	const emu = useEmulator();

	it('Link matches a payment to two invoices after the fact: the invoices are paid, the payment is applied', async () => {
		seedOpenItems(emu(), 'r1');
		expect(invoice(emu(), 'r1-inv-1').amountOutstanding).toBe(10000);

		const output = await runUpflowOk(emu(), linkParameters('r1'));

		expect(invoice(emu(), 'r1-inv-1')).toMatchObject({ amountOutstanding: 0, state: 'PAID' });
		expect(invoice(emu(), 'r1-inv-2')).toMatchObject({ amountOutstanding: 0, state: 'PAID' });
		expect(payment(emu(), 'r1-pay').linkedInvoices).toEqual([
			{
				linkedAmount: 10000,
				invoice: { id: invoice(emu(), 'r1-inv-1').id, externalId: 'r1-inv-1' },
			},
			{
				linkedAmount: 20000,
				invoice: { id: invoice(emu(), 'r1-inv-2').id, externalId: 'r1-inv-2' },
			},
		]);
		expect(emu().dump().reconciliations).toEqual([
			expect.objectContaining({
				externalId: 'r1-rec',
				payments: [expect.objectContaining({ externalId: 'r1-pay', amountLinked: 30000 })],
			}),
		]);
		// Exactly the contract's body: the four lists, amounts in cents.
		expect(
			requests(emu(), 'POST', '/v1/reconcile').map((entry) => [entry.status, entry.body]),
		).toEqual([
			[
				200,
				{
					externalId: 'r1-rec',
					invoices: [
						{ externalId: 'r1-inv-1', amountLinked: 10000 },
						{ externalId: 'r1-inv-2', amountLinked: 20000 },
					],
					creditNotes: [],
					payments: [{ externalId: 'r1-pay', amountLinked: 30000 }],
					refunds: [],
				},
			],
		]);
		expect(output[0].json).toMatchObject({ externalId: 'r1-rec' });
		expect(output[0].pairedItem).toEqual({ item: 0 });
	});

	it('Link again with the same External ID replaces the links, it does not add to them', async () => {
		seedOpenItems(emu(), 'r2');
		await runUpflowOk(emu(), linkParameters('r2'));
		await runUpflowOk(
			emu(),
			linkParameters('r2', {
				invoices: { item: [{ externalId: 'r2-inv-2', amountLinked: '200' }] },
				payments: { item: [{ externalId: 'r2-pay', amountLinked: '200' }] },
			}),
		);
		expect(invoice(emu(), 'r2-inv-1').amountOutstanding).toBe(10000);
		expect(invoice(emu(), 'r2-inv-2').amountOutstanding).toBe(0);
		expect(payment(emu(), 'r2-pay').linkedInvoices).toEqual([
			expect.objectContaining({ linkedAmount: 20000 }),
		]);
	});

	it('Unlink undoes it: the same External ID with four empty lists; the records stay', async () => {
		seedOpenItems(emu(), 'r3');
		await runUpflowOk(emu(), linkParameters('r3'));
		emu().clearLog();

		const output = await runUpflowOk(emu(), {
			resource: 'reconciliation',
			operation: 'unlink',
			externalId: 'r3-rec',
		});

		expect(jsonOf(output)).toEqual([{ externalId: 'r3-rec', unlinked: true }]);
		expect(invoice(emu(), 'r3-inv-1').amountOutstanding).toBe(10000);
		expect(invoice(emu(), 'r3-inv-2').amountOutstanding).toBe(20000);
		expect(payment(emu(), 'r3-pay').linkedInvoices).toEqual([]);
		expect(
			emu()
				.dump()
				.reconciliations.map((r) => r.externalId),
		).not.toContain('r3-rec');
		expect(writes(emu()).map((entry) => entry.body)).toEqual([
			{ externalId: 'r3-rec', invoices: [], creditNotes: [], payments: [], refunds: [] },
		]);
	});

	it('refuses a Link with no record before sending anything', async () => {
		const result = await runUpflow(emu(), {
			resource: 'reconciliation',
			operation: 'link',
			externalId: 'empty-rec',
		});
		expect(result.error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: 0 } });
		expect(String(result.error?.message)).toMatch(/Unlink/);
		expect(writes(emu())).toEqual([]);
	});

	it("Upflow's refusal (the sides do not balance) comes back as the item's error, nothing linked", async () => {
		seedOpenItems(emu(), 'r4');
		const result = await runUpflow(
			emu(),
			linkParameters('r4', { payments: { item: [{ externalId: 'r4-pay', amountLinked: '250' }] } }),
		);
		expect(result.error).toMatchObject({ name: 'NodeApiError', context: { itemIndex: 0 } });
		expect(requests(emu(), 'POST', '/v1/reconcile').map((entry) => entry.status)).toEqual([400]);
		expect(payment(emu(), 'r4-pay').linkedInvoices).toEqual([]);
	});

	it("with Options > Customer, reconciliations of one customer wait for each other (the customer's lane)", async () => {
		seedOpenItems(emu(), 'r5');
		emu()
			.org()
			.upsert('payments', {
				externalId: 'r5-pay-b',
				customer: { externalId: 'r5-cu' },
				amount: 1000,
				currency: 'EUR',
				validatedAt: '2024-03-01',
			});
		emu().setLatency(40);
		try {
			const items = [
				{ ext: 'r5-rec-a', inv: 'r5-inv-1', pay: 'r5-pay' },
				{ ext: 'r5-rec-b', inv: 'r5-inv-2', pay: 'r5-pay-b' },
				{ ext: 'r5-rec-c', inv: 'r5-inv-2', pay: 'r5-pay' },
			];
			const parameters = {
				resource: 'reconciliation',
				operation: 'link',
				externalId: '={{ $json.ext }}',
				invoices: { item: [{ externalId: '={{ $json.inv }}', amountLinked: '100' }] },
				payments: { item: [{ externalId: '={{ $json.pay }}', amountLinked: '100' }] },
			};
			await runUpflowOk(
				emu(),
				{ ...parameters, options: { customer: byExternalId('r5-cu') } },
				{ items },
			);
			expect(requests(emu(), 'POST', '/v1/reconcile').map((entry) => entry.inFlight)).toEqual([
				1, 1, 1,
			]);
			// Without it, each reconciliation has its own lane: once Upflow has answered the execution's
			// first request (which goes alone, transport/request.ts), the other two at once.
			await warmScheduler(emu(), 'r5-cu');
			emu().setLatency(40);
			emu().clearLog();
			await runUpflowOk(emu(), { ...parameters, externalId: '={{ $json.ext }}-2' }, { items });
			expect(
				Math.max(...requests(emu(), 'POST', '/v1/reconcile').map((entry) => entry.inFlight)),
			).toBe(2);
		} finally {
			emu().setLatency(0);
		}
	});
});
