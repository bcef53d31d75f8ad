/**
 * Issue 12's operations, run as n8n runs them (the BUILT node in n8n-core) against the emulator:
 * Reconciliation (Link, Unlink), Action (Get, Get Many with node-side filters), Bank Account (Get
 * Many, dropdown, list search), Customer (Accounting Reference, Payment Methods, Get Account
 * Managers) and Custom Field > Delete. Each test checks what the EMULATOR holds afterwards and
 * what reached it.
 */
import { DEMO_API_KEY, DEMO_API_SECRET, startEmulator } from '../emulator';
import type { Emulator } from '../emulator';
import {
	byExternalId,
	byId,
	fromList,
	jsonOf,
	listSearch,
	loadOptions,
	requests,
	runUpflow,
	runUpflowOk,
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

// =============================================================================================
// Action
// =============================================================================================

describe('Action', () => {
	const emu = useEmulator();
	let replyId: string;

	beforeAll(() => {
		const org = emu().org();
		org.upsert('customers', { externalId: 'act-a', name: 'Alpha' });
		org.upsert('customers', { externalId: 'act-b', name: 'Beta' });
		for (let i = 0; i < 6; i++)
			org.addAction({
				customer: `external:act-${i % 2 ? 'b' : 'a'}`,
				type: i % 3 ? 'EMAIL' : 'TASK',
				name: `Action ${i}`,
			});
		replyId = org.addAction({
			customer: 'external:act-b',
			type: 'EMAIL',
			source: 'REPLY',
			name: 'Re: your invoice',
		}).id;
		org.updateAction(replyId, { state: 'EXECUTED' });
	});

	it('Get reads one action by ID, and the list search offers them', async () => {
		const [one] = jsonOf(
			await runUpflowOk(emu(), {
				resource: 'action',
				operation: 'get',
				action: byId(replyId),
				simplify: false,
			}),
		);
		expect(one).toEqual(
			emu()
				.dump()
				.actions.find((a) => a.id === replyId),
		);
		const found = await listSearch(emu(), 'searchActions', 'Re: your');
		expect(found.results.map((r) => r.value)).toEqual([replyId]);
		const [picked] = jsonOf(
			await runUpflowOk(emu(), { resource: 'action', operation: 'get', action: fromList(replyId) }),
		);
		expect(picked).toMatchObject({ id: replyId, source: 'REPLY', state: 'EXECUTED' });
	});

	it('Get Many returns every action, as Upflow holds them', async () => {
		const output = await runUpflowOk(emu(), {
			resource: 'action',
			operation: 'getAll',
			returnAll: true,
			simplify: false,
		});
		expect(jsonOf(output)).toEqual(emu().dump().actions);
		expect(requests(emu(), 'GET', '/v1/actions').map((entry) => entry.query)).toEqual([
			{ offset: '0', limit: '500' },
		]);
	});

	it('filters by type, state, source and customer on the node side (Upflow ignores them)', async () => {
		const tasks = jsonOf(
			await runUpflowOk(emu(), {
				resource: 'action',
				operation: 'getAll',
				returnAll: true,
				filters: { type: 'TASK' },
			}),
		);
		expect(tasks.map((a) => a.name)).toEqual(['Action 0', 'Action 3']);
		const replies = jsonOf(
			await runUpflowOk(emu(), {
				resource: 'action',
				operation: 'getAll',
				returnAll: true,
				filters: { source: 'REPLY', state: 'EXECUTED', customer: byExternalId('act-b') },
			}),
		);
		expect(replies.map((a) => a.id)).toEqual([replyId]);
		// The customer by External ID is looked up once; no filter is sent to Upflow.
		expect(requests(emu(), 'GET', '/v1/customers/external:act-b')).toHaveLength(1);
		expect(
			requests(emu(), 'GET', '/v1/actions').every(
				(entry) => Object.keys(entry.query).sort().join() === 'limit,offset',
			),
		).toBe(true);
		const none = await runUpflowOk(emu(), {
			resource: 'action',
			operation: 'getAll',
			returnAll: true,
			filters: { customer: byExternalId('act-a'), source: 'REPLY' },
		});
		expect(none).toEqual([]);
	});

	it('Limit counts matching actions', async () => {
		const limited = jsonOf(
			await runUpflowOk(emu(), {
				resource: 'action',
				operation: 'getAll',
				returnAll: false,
				limit: 2,
				filters: { type: 'EMAIL' },
			}),
		);
		expect(limited.map((a) => a.name)).toEqual(['Action 1', 'Action 2']);
	});
});

// =============================================================================================
// Bank Account
// =============================================================================================

describe('Bank Account', () => {
	const emu = useEmulator();

	it("Get Many, the dropdown and the list search all show the organization's bank accounts", async () => {
		emu().org().addBankAccount({
			name: 'Savings',
			currency: 'EUR',
			iban: 'FR76 1111 2222 3333 4444 5555 666',
		});
		const stored = emu().dump().bankAccounts;
		expect(stored).toHaveLength(3);
		const output = await runUpflowOk(emu(), {
			resource: 'bankAccount',
			operation: 'getAll',
			returnAll: true,
		});
		expect(jsonOf(output)).toEqual(stored);
		const options = await loadOptions(emu(), 'getBankAccounts');
		expect(options.map((o) => o.value).sort()).toEqual(stored.map((b) => b.id).sort());
		expect(options.map((o) => o.name)).toContain('Savings (EUR ...5666)');
		const found = await listSearch(emu(), 'searchBankAccounts', 'savings');
		expect(found.results).toEqual([{ name: 'Savings (EUR ...5666)', value: stored[2].id }]);
	});
});

// =============================================================================================
// Customer: Accounting Reference, Payment Methods, Get Account Managers
// =============================================================================================

describe('Customer (issue 12 fields and operations)', () => {
	const emu = useEmulator();

	it('Create or Update sends Accounting Reference and Payment Methods; Update changes one method and keeps the others', async () => {
		const [main, other] = emu().dump().bankAccounts;
		await runUpflowOk(emu(), {
			resource: 'customer',
			operation: 'upsert',
			externalId: 'pm-1',
			name: 'Pays Ltd',
			additionalFields: {
				accountingRef: '411PAYS',
				paymentMethods: {
					value: {
						card: 'enable',
						sepaDebit: 'disable',
						wireTransfer: 'enable',
						wireTransferBankAccounts: [main.id, other.id],
					},
				},
			},
		});
		expect(requests(emu(), 'POST', '/v1/customers')[0].body).toEqual({
			externalId: 'pm-1',
			name: 'Pays Ltd',
			accountingRef: '411PAYS',
			paymentMethods: {
				card: { enabled: true },
				sepaDebit: { enabled: false },
				wireTransfer: {
					enabled: true,
					bankAccount: { id: main.id },
					bankAccounts: [{ id: main.id }, { id: other.id }],
				},
			},
		});
		const stored = () =>
			emu()
				.dump()
				.customers.find((c) => c.externalId === 'pm-1')!;
		expect(stored()).toMatchObject({
			accountingRef: '411PAYS',
			paymentMethods: { card: { enabled: true }, wireTransfer: { enabled: true } },
		});

		await runUpflowOk(emu(), {
			resource: 'customer',
			operation: 'update',
			customer: byExternalId('pm-1'),
			updateFields: { paymentMethods: { value: { card: 'disable' } } },
		});
		expect(requests(emu(), 'PUT', '/v1/customers/external:pm-1')[0].body).toEqual({
			paymentMethods: { card: { enabled: false } },
		});
		expect(stored().paymentMethods).toEqual({
			card: { enabled: false },
			sepaDebit: { enabled: false },
			wireTransfer: {
				enabled: true,
				bankAccount: { id: main.id },
				bankAccounts: [{ id: main.id }, { id: other.id }],
			},
		});
	});

	it('refuses bank accounts on a disabled wire transfer before sending', async () => {
		const result = await runUpflow(emu(), {
			resource: 'customer',
			operation: 'upsert',
			externalId: 'pm-2',
			name: 'No Wire Ltd',
			additionalFields: {
				paymentMethods: { value: { wireTransfer: 'disable', wireTransferBankAccounts: ['x'] } },
			},
		});
		expect(result.error).toMatchObject({ name: 'NodeOperationError' });
		expect(String(result.error?.description ?? result.error?.message)).toMatch(
			/wire transfer is disabled/,
		);
		expect(writes(emu())).toEqual([]);
	});

	it('Get Account Managers lists the users managing the customer', async () => {
		const org = emu().org();
		const customer = org.upsert('customers', { externalId: 'am-1', name: 'Managed Ltd' });
		const user = emu().dump().users[2];
		const response = await fetch(`${emu().baseUrl}/customers/${customer.id}/account-managers`, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'X-Api-Key': DEMO_API_KEY,
				'X-Api-Secret': DEMO_API_SECRET,
			},
			body: JSON.stringify({ userId: user.id }),
		});
		expect(response.status).toBe(200);
		emu().clearLog();

		const output = await runUpflowOk(emu(), {
			resource: 'customer',
			operation: 'getAccountManagers',
			customer: byExternalId('am-1'),
		});
		expect(jsonOf(output)).toEqual([
			{ id: user.id, firstName: user.firstName, lastName: user.lastName, email: user.email },
		]);
		expect(requests(emu(), 'GET', '/v1/customers/external:am-1/account-managers')).toHaveLength(1);
		const none = await runUpflowOk(emu(), {
			resource: 'customer',
			operation: 'getAccountManagers',
			customer: byId(org.upsert('customers', { externalId: 'am-2', name: 'Alone' }).id),
		});
		expect(none).toEqual([]);
	});
});

// =============================================================================================
// Custom Field > Delete
// =============================================================================================

describe('Custom Field > Delete', () => {
	const emu = useEmulator();

	it('deletes the definition and its values, by ID or by External ID; the list search offers the fields', async () => {
		const org = emu().org();
		const segment = org.createCustomField({
			name: 'Segment',
			entityType: 'CUSTOMER',
			dataType: 'TEXT',
		});
		org.createCustomField({
			name: 'Region',
			externalId: 'cf-region',
			entityType: 'CUSTOMER',
			dataType: 'TEXT',
		});
		org.upsert('customers', {
			externalId: 'cf-cu',
			name: 'Fielded',
			customFields: [{ id: segment.id, value: 'vip' }],
		});
		const found = await listSearch(emu(), 'searchCustomFields', 'segment');
		expect(found.results.map((r) => r.value)).toEqual([segment.id]);

		const output = await runUpflowOk(emu(), {
			resource: 'customField',
			operation: 'delete',
			customField: byId(segment.id),
		});
		expect(jsonOf(output)).toEqual([{ deleted: true }]);
		await runUpflowOk(emu(), {
			resource: 'customField',
			operation: 'delete',
			customField: byExternalId('cf-region'),
		});

		expect(emu().dump().customFields).toEqual([]);
		expect(
			emu()
				.dump()
				.customers.find((c) => c.externalId === 'cf-cu')?.customFields,
		).toEqual([]);
		expect(writes(emu()).map((entry) => [entry.method, entry.path, entry.status])).toEqual([
			['DELETE', `/v1/custom_fields/${segment.id}`, 204],
			['DELETE', '/v1/custom_fields/external:cf-region', 204],
		]);
	});
});
