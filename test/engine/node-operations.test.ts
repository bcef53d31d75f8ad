/**
 * Every operation of the Upflow action node but Reconciliation's (node-reconciliation.test.ts),
 * run as n8n runs it: the BUILT package in n8n-core's WorkflowExecute (runNode), over HTTP against
 * an in-process emulator.
 * Each test checks what the EMULATOR holds afterwards (dump / org handle) and what reached it
 * (request log), not only what the node printed.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { DEMO_API_KEY, DEMO_API_SECRET, startEmulator } from '../emulator';
import type { CustomerView, Emulator, InvoiceView } from '../emulator';
import { binaryBuffer, itemWithBinary } from './harness';
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
	samplePdf,
	storedPdf,
	writes,
} from './node-fixtures';

jest.setTimeout(30_000);

/** Each describe gets its own emulator (one organization, the demo key pair): dumps stay small. */
function useEmulator(): () => Emulator {
	let emulator: Emulator;
	beforeAll(async () => {
		emulator = await startEmulator({ port: 0 });
	});
	afterAll(async () => await emulator.close());
	beforeEach(() => emulator.clearLog());
	return () => emulator;
}

const pairedItems = (items: INodeExecutionData[]) => items.map((item) => item.pairedItem);

function customerIn(emulator: Emulator, externalId: string): CustomerView | undefined {
	return emulator.dump().customers.find((customer) => customer.externalId === externalId);
}

function invoiceIn(emulator: Emulator, externalId: string): InvoiceView | undefined {
	return emulator.dump().invoices.find((invoice) => invoice.externalId === externalId);
}

/** A customer and invoices made directly in the emulator (no HTTP, no log). */
function seedCustomerWithInvoices(
	emulator: Emulator,
	customer: string,
	invoices: Array<{ externalId: string; grossAmount: number }>,
) {
	const org = emulator.org();
	org.upsert('customers', { externalId: customer, name: `Customer ${customer}` });
	return invoices.map(({ externalId, grossAmount }) =>
		org.upsert('invoices', {
			externalId,
			customId: `N-${externalId}`,
			customer: { externalId: customer },
			issuedAt: '2024-01-10T00:00:00.000Z',
			dueDate: '2099-02-10T00:00:00.000Z',
			currency: 'EUR',
			grossAmount,
			netAmount: Math.round(grossAmount / 1.2),
		}),
	);
}

// =============================================================================================
// Customer
// =============================================================================================

describe('Customer', () => {
	const emu = useEmulator();

	it('Create or Update upserts by External ID: two runs, one record, the second run updates it', async () => {
		const first = await runUpflowOk(emu(), {
			resource: 'customer',
			operation: 'upsert',
			externalId: 'cu-upsert',
			name: 'First Name Ltd',
		});
		const second = await runUpflowOk(emu(), {
			resource: 'customer',
			operation: 'upsert',
			externalId: 'cu-upsert',
			name: 'Second Name Ltd',
			additionalFields: {
				vatNumber: 'FR123',
				currency: 'EUR',
				address: {
					value: { address: '1 rue de la Paix', zipcode: '75002', city: 'Paris', country: 'FR' },
				},
			},
		});

		const stored = emu()
			.dump()
			.customers.filter((customer) => customer.externalId === 'cu-upsert');
		expect(stored).toHaveLength(1);
		expect(stored[0]).toMatchObject({
			name: 'Second Name Ltd',
			vatNumber: 'FR123',
			currency: 'EUR',
			address: {
				address: '1 rue de la Paix',
				zipcode: '75002',
				city: 'Paris',
				country: 'FR',
				state: null,
			},
		});
		// Same record both times: created (201), then updated (200).
		expect(first[0].json.id).toBe(stored[0].id);
		expect(second[0].json).toEqual(stored[0]);
		expect(requests(emu(), 'POST', '/v1/customers').map((entry) => entry.status)).toEqual([
			201, 200,
		]);
		expect(pairedItems(second)).toEqual([{ item: 0 }]);
	});

	it('runs one upsert per input item (expressions), outputs in input order with pairedItem', async () => {
		const items = [0, 1, 2].map((i) => ({ ext: `cu-batch-${i}`, label: `Batch ${i}` }));
		const output = await runUpflowOk(
			emu(),
			{
				resource: 'customer',
				operation: 'upsert',
				externalId: '={{ $json.ext }}',
				name: '={{ $json.label }}',
			},
			{ items },
		);

		expect(pairedItems(output)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output.map((item) => item.json.externalId)).toEqual([
			'cu-batch-0',
			'cu-batch-1',
			'cu-batch-2',
		]);
		for (const item of output)
			expect(customerIn(emu(), String(item.json.externalId))).toEqual(item.json);
		expect(requests(emu(), 'POST', '/v1/customers').map((entry) => entry.body)).toEqual(
			expect.arrayContaining(items.map(({ ext, label }) => ({ externalId: ext, name: label }))),
		);
	});

	it('Additional Fields (JSON) cannot override what a field sets, nor skip its checks: refused before any request', async () => {
		const invoice = (json: string): INodeParameters => ({
			resource: 'invoice',
			operation: 'upsert',
			amountsIn: 'decimal',
			externalId: 'cu-json-inv',
			customId: 'N-1',
			customer: byExternalId('cu-batch-0'),
			issuedAt: '2024-03-01',
			dueDate: '2024-03-31',
			currency: 'EUR',
			grossAmount: '12.00',
			netAmount: '10.00',
			additionalFields: { json },
		});
		for (const [json, says] of [
			[
				'{"externalId": "other"}',
				'[item 0] additionalFields.externalId: sets "externalId", which its own field sets too',
			],
			[
				'{"customer": {"externalId": "someone-else"}}',
				'[item 0] additionalFields.customer: sets "customer", which its own field sets too',
			],
			[
				'{"grossAmount": "12.00"}',
				'[item 0] additionalFields.grossAmount: sets "grossAmount", which its own field sets too',
			],
		]) {
			emu().clearLog();
			const result = await runUpflow(emu(), invoice(json));
			expect(result.error?.message).toContain(says);
			expect(writes(emu())).toEqual([]);
		}
		// Given only in the JSON (a contact list built upstream), a modelled key is checked like its field.
		emu().clearLog();
		const alone = await runUpflow(emu(), {
			resource: 'customer',
			operation: 'upsert',
			externalId: 'cu-json-contacts',
			name: 'Json Contacts Ltd',
			additionalFields: { json: '{"contacts": [{"email": "not-an-email"}]}' },
		});
		expect(alone.error?.message).toMatch(/^\[item 0\] contacts\[0\]\.email: /);
		expect(writes(emu())).toEqual([]);
		expect(invoiceIn(emu(), 'cu-json-inv')).toBeUndefined();
		expect(invoiceIn(emu(), 'other')).toBeUndefined();
	});

	it('Additional Fields (JSON) passes keys the node does not model, and Upflow (strict here) names an unknown one', async () => {
		const result = await runUpflow(emu(), {
			resource: 'customer',
			operation: 'upsert',
			externalId: 'cu-json',
			name: 'Json Ltd',
			additionalFields: { json: '{ "poNumber": "PO-1" }' },
		});
		expect(requests(emu(), 'POST', '/v1/customers')[0].body).toEqual({
			externalId: 'cu-json',
			name: 'Json Ltd',
			poNumber: 'PO-1',
		});
		expect(result.error?.message).toMatch(
			/Upflow refused the request for item 0 \(400\): poNumber is not a field Upflow documents/,
		);
		expect(customerIn(emu(), 'cu-json')).toBeUndefined();
	});

	it('upserts with contacts (the full list) and an account manager', async () => {
		const { users } = emu().dump();
		const manager = users[1];
		await runUpflowOk(emu(), {
			resource: 'customer',
			operation: 'upsert',
			externalId: 'cu-managed',
			name: 'Managed Ltd',
			additionalFields: {
				accountManagerId: manager.id,
				contacts: {
					contact: [
						{
							email: 'ann@managed.example',
							firstName: 'Ann',
							position: 'ACCOUNTING',
							isMain: true,
						},
						{ email: 'bob@managed.example', firstName: 'Bob' },
					],
				},
			},
		});
		const stored = customerIn(emu(), 'cu-managed')!;
		expect(stored.accountManagerId).toBe(manager.id);
		expect(
			stored.contacts.map((contact) => [contact.email, contact.position, contact.isMain]),
		).toEqual([
			['ann@managed.example', 'ACCOUNTING', true],
			['bob@managed.example', null, false],
		]);
		expect(requests(emu(), 'POST', '/v1/customers')[0].body).toMatchObject({
			accountManagerId: manager.id,
		});

		// The list replaces the contacts: Bob is gone after a second upsert without him.
		await runUpflowOk(emu(), {
			resource: 'customer',
			operation: 'upsert',
			externalId: 'cu-managed',
			name: 'Managed Ltd',
			additionalFields: {
				contacts: { contact: [{ email: 'ann@managed.example', firstName: 'Ann' }] },
			},
		});
		expect(customerIn(emu(), 'cu-managed')!.contacts.map((contact) => contact.email)).toEqual([
			'ann@managed.example',
		]);
		expect(
			emu()
				.dump()
				.contacts.some((contact) => contact.email === 'bob@managed.example'),
		).toBe(false);
		// Not in the second body: the account manager stays.
		expect(customerIn(emu(), 'cu-managed')!.accountManagerId).toBe(manager.id);
	});

	describe('Get', () => {
		beforeAll(() => {
			emu()
				.org()
				.upsert('customers', {
					externalId: 'cu/get ä',
					name: 'Get Me SA',
					vatNumber: 'DE999',
					contacts: [{ email: 'get@me.example', firstName: 'Gert' }],
				});
		});

		it('by External ID (URL-encoded), Simplify on: only the simplified keys', async () => {
			const [item] = await runUpflowOk(emu(), {
				resource: 'customer',
				operation: 'get',
				customer: byExternalId('cu/get ä'),
			});
			const stored = customerIn(emu(), 'cu/get ä')!;
			expect(Object.keys(item.json).sort()).toEqual([
				'balance',
				'countInvoicesDue',
				'currency',
				'directUrl',
				'dunningPlanId',
				'externalId',
				'id',
				'name',
			]);
			expect(item.json).toMatchObject({ id: stored.id, externalId: 'cu/get ä', name: 'Get Me SA' });
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(
				emu()
					.log()
					.map((entry) => [entry.method, entry.path, entry.status]),
			).toEqual([['GET', '/v1/customers/external:cu%2Fget%20%C3%A4', 200]]);
		});

		it('by ID, Simplify off: the whole Upflow record', async () => {
			const stored = customerIn(emu(), 'cu/get ä')!;
			const [item] = await runUpflowOk(emu(), {
				resource: 'customer',
				operation: 'get',
				customer: byId(stored.id),
				simplify: false,
			});
			expect(item.json).toEqual(stored);
			expect(item.json.contacts).toHaveLength(1);
			expect(requests(emu(), 'GET', `/v1/customers/${stored.id}`)).toHaveLength(1);
		});

		it('From List: the value the list search offers', async () => {
			const found = await listSearch(emu(), 'searchCustomers', 'get me');
			const stored = customerIn(emu(), 'cu/get ä')!;
			expect(found.results).toEqual([{ name: 'Get Me SA (cu/get ä)', value: stored.id }]);
			emu().clearLog();
			const [item] = await runUpflowOk(emu(), {
				resource: 'customer',
				operation: 'get',
				customer: fromList(String(found.results[0].value)),
			});
			expect(item.json.id).toBe(stored.id);
			expect(
				emu()
					.log()
					.map((entry) => entry.path),
			).toEqual([`/v1/customers/${stored.id}`]);
		});
	});

	it('Update changes the given fields only (PUT with a partial body)', async () => {
		emu().org().upsert('customers', {
			externalId: 'cu-update',
			name: 'Before',
			vatNumber: 'KEEP-ME',
			currency: 'EUR',
		});
		const before = customerIn(emu(), 'cu-update')!;
		const [item] = await runUpflowOk(emu(), {
			resource: 'customer',
			operation: 'update',
			customer: byExternalId('cu-update'),
			updateFields: { name: 'After', address: { value: { city: 'Lyon', country: 'FR' } } },
		});
		const after = customerIn(emu(), 'cu-update')!;
		expect(after).toEqual({
			...before,
			name: 'After',
			address: { address: null, zipcode: null, city: 'Lyon', state: null, country: 'FR' },
		});
		expect(item.json).toEqual(after);
		const [put] = requests(emu(), 'PUT', '/v1/customers/external:cu-update');
		expect(put.body).toEqual({ name: 'After', address: { city: 'Lyon', country: 'FR' } });
	});

	it('Delete removes an empty customer and returns { deleted: true }', async () => {
		emu().org().upsert('customers', { externalId: 'cu-empty', name: 'Empty' });
		const output = await runUpflowOk(emu(), {
			resource: 'customer',
			operation: 'delete',
			customer: byExternalId('cu-empty'),
		});
		expect(output).toEqual([{ json: { deleted: true }, pairedItem: { item: 0 } }]);
		expect(customerIn(emu(), 'cu-empty')).toBeUndefined();
		expect(
			requests(emu(), 'DELETE', '/v1/customers/external:cu-empty').map((entry) => entry.status),
		).toEqual([204]);
	});

	it('Delete of a customer holding an invoice is refused with a clear 409 message, and the customer stays', async () => {
		seedCustomerWithInvoices(emu(), 'cu-busy', [{ externalId: 'cu-busy-inv', grossAmount: 1000 }]);
		const result = await runUpflow(emu(), {
			resource: 'customer',
			operation: 'delete',
			customer: byExternalId('cu-busy'),
		});
		expect(result.run.status).toBe('error');
		expect(result.error?.message).toBe(
			'Upflow refused the request for item 0 (409): Customer cu-busy is not empty (invoices: 1): only empty customers can be deleted',
		);
		expect(String(result.error?.description)).toMatch(
			/cannot be deleted. Remove what depends on it first/,
		);
		expect(customerIn(emu(), 'cu-busy')).toBeDefined();
		// Not retried: one DELETE, answered 409.
		expect(
			requests(emu(), 'DELETE', '/v1/customers/external:cu-busy').map((entry) => entry.status),
		).toEqual([409]);

		// With Continue On Fail the refusal becomes an error item, paired with its input.
		emu().org().upsert('customers', { externalId: 'cu-empty-2', name: 'Empty 2' });
		const items = [{ ext: 'cu-busy' }, { ext: 'cu-empty-2' }];
		const cof = await runUpflow(
			emu(),
			{ resource: 'customer', operation: 'delete', customer: byExternalId('={{ $json.ext }}') },
			{ items, continueOnFail: true },
		);
		expect(cof.run.status).toBe('success');
		expect(pairedItems(cof.items)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(cof.items[0].json.error).toMatch(/\(409\): Customer cu-busy is not empty/);
		expect(cof.items[1].json).toEqual({ deleted: true });
		expect(customerIn(emu(), 'cu-busy')).toBeDefined();
		expect(customerIn(emu(), 'cu-empty-2')).toBeUndefined();
	});

	it('Generate Portal URL: Expires In defaults to 86400 s; Frame Ancestors are passed on', async () => {
		emu().org().upsert('customers', { externalId: 'cu-portal', name: 'Portal' });
		const started = Date.now();
		const [plain] = await runUpflowOk(emu(), {
			resource: 'customer',
			operation: 'generatePortalUrl',
			customer: byExternalId('cu-portal'),
		});
		const [framed] = await runUpflowOk(emu(), {
			resource: 'customer',
			operation: 'generatePortalUrl',
			customer: byExternalId('cu-portal'),
			expiresIn: 3600,
			frameAncestors: 'app.example.com admin.example.com',
		});

		const posts = requests(emu(), 'POST', '/v1/customers/external:cu-portal/portal');
		expect(posts.map((entry) => [entry.status, entry.body])).toEqual([
			[200, { expiresIn: 86400 }],
			[200, { expiresIn: 3600, frameAncestors: 'app.example.com admin.example.com' }],
		]);
		expect(plain.json.url).toMatch(new RegExp(`^${emu().url}/.*portal/`));
		const expiresAt = Date.parse(String(plain.json.expiresAt));
		expect(expiresAt - started).toBeGreaterThanOrEqual(86400_000 - 1000);
		expect(expiresAt - Date.now()).toBeLessThanOrEqual(86400_000);
		expect(Date.parse(String(framed.json.expiresAt)) - Date.now()).toBeLessThanOrEqual(3600_000);
		expect(plain.pairedItem).toEqual({ item: 0 });
	});

	it('Assign Dunning Plan sets a plan, then "none" removes it', async () => {
		emu().org().upsert('customers', { externalId: 'cu-dunning', name: 'Dunning' });
		const options = await loadOptions(emu(), 'getDunningPlansOrNone');
		const plan = emu()
			.dump()
			.dunningPlans.find((candidate) => candidate.name === 'Key accounts')!;
		expect(options).toContainEqual({ name: 'Key accounts', value: plan.id });
		expect(options[0]).toEqual({ name: 'No Dunning Plan', value: 'none' });
		emu().clearLog();

		const [assigned] = await runUpflowOk(emu(), {
			resource: 'customer',
			operation: 'assignDunningPlan',
			customer: byExternalId('cu-dunning'),
			dunningPlanId: plan.id,
		});
		expect(customerIn(emu(), 'cu-dunning')!.dunningPlanId).toBe(plan.id);
		expect(assigned.json.dunningPlanId).toBe(plan.id);

		await runUpflowOk(emu(), {
			resource: 'customer',
			operation: 'assignDunningPlan',
			customer: byExternalId('cu-dunning'),
			dunningPlanId: 'none',
		});
		expect(customerIn(emu(), 'cu-dunning')!.dunningPlanId).toBeNull();
		expect(
			requests(emu(), 'PUT', '/v1/customers/external:cu-dunning').map((entry) => entry.body),
		).toEqual([{ dunningPlanId: plan.id }, { dunningPlanId: null }]);
	});
});

describe('Customer > Get Many', () => {
	const emu = useEmulator();
	let textFieldId: string;

	beforeAll(() => {
		const org = emu().org();
		// More than one page: Upflow serves at most 1000 customers a request.
		for (let i = 0; i < 1050; i++)
			org.upsert('customers', {
				externalId: `many-${String(i).padStart(4, '0')}`,
				name: `Many ${i}`,
			});
		textFieldId = org.createCustomField({
			name: 'Segment',
			entityType: 'CUSTOMER',
			dataType: 'TEXT',
		}).id;
		for (const ext of ['many-0007', 'many-1042'])
			org.update(
				'customers',
				{ externalId: ext },
				{ customFields: [{ id: textFieldId, value: 'vip' }] },
			);
		org.update(
			'customers',
			{ externalId: 'many-0100' },
			{ customFields: [{ id: textFieldId, value: 'VIP' }] },
		);
	});

	it('Return All reads every page (1000 + 50)', async () => {
		const output = await runUpflowOk(emu(), {
			resource: 'customer',
			operation: 'getAll',
			returnAll: true,
		});
		const stored = emu().dump().customers;
		expect(output).toHaveLength(1050);
		expect(output.map((item) => item.json.id)).toEqual(stored.map((customer) => customer.id));
		expect(output.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(requests(emu(), 'GET', '/v1/customers').map((entry) => entry.query)).toEqual([
			{ offset: '0', limit: '1000' },
			{ offset: '1000', limit: '1000' },
		]);
	});

	it('Limit reads only what it needs', async () => {
		const output = await runUpflowOk(emu(), {
			resource: 'customer',
			operation: 'getAll',
			returnAll: false,
			limit: 7,
			simplify: false,
		});
		expect(jsonOf(output)).toEqual(emu().dump().customers.slice(0, 7));
		expect(requests(emu(), 'GET', '/v1/customers').map((entry) => entry.query)).toEqual([
			{ offset: '0', limit: '7' },
		]);
	});

	it('filters by a custom field value on the Upflow side', async () => {
		const options = await loadOptions(emu(), 'getCustomerCustomFields');
		expect(options).toEqual([{ name: 'Segment (TEXT)', value: textFieldId }]);
		emu().clearLog();
		const output = await runUpflowOk(emu(), {
			resource: 'customer',
			operation: 'getAll',
			returnAll: true,
			customFieldFilter: { filter: { customFieldId: textFieldId, value: 'vip' } },
		});
		expect(output.map((item) => item.json.externalId)).toEqual(['many-0007', 'many-1042']);
		expect(requests(emu(), 'GET', '/v1/customers').map((entry) => entry.query)).toEqual([
			{ offset: '0', limit: '1000', [`customFieldData_${textFieldId}.eq`]: 'vip' },
		]);
	});

	it('list search pages through a large organization with a pagination token', async () => {
		const first = await listSearch(emu(), 'searchCustomers');
		expect(first.results).toHaveLength(1000);
		expect(first.paginationToken).toBe('1000');
		const second = await listSearch(
			emu(),
			'searchCustomers',
			undefined,
			first.paginationToken as string,
		);
		expect(second.results).toHaveLength(50);
		expect(second.paginationToken).toBeUndefined();
		expect([...first.results, ...second.results].map((result) => result.value)).toEqual(
			emu()
				.dump()
				.customers.map((customer) => customer.id),
		);
		// With a filter it reads on (several pages) until it has matches.
		const filtered = await listSearch(emu(), 'searchCustomers', 'many-1049');
		expect(filtered.results).toEqual([
			{ name: 'Many 1049 (many-1049)', value: customerIn(emu(), 'many-1049')!.id },
		]);
	});
});

// =============================================================================================
// Contact
// =============================================================================================

describe('Contact', () => {
	const emu = useEmulator();

	beforeAll(() => {
		const org = emu().org();
		org.upsert('customers', {
			externalId: 'co-owner',
			name: 'Owner',
			contacts: [{ email: 'first@owner.example', externalId: 'co-first' }],
		});
		org.upsert('customers', {
			externalId: 'co-other',
			name: 'Other',
			contacts: [{ email: 'someone@other.example' }],
		});
	});

	it('Create adds a contact to a customer; the other contacts stay', async () => {
		const [item] = await runUpflowOk(emu(), {
			resource: 'contact',
			operation: 'create',
			customer: byExternalId('co-owner'),
			email: 'new@owner.example',
			additionalFields: {
				firstName: 'Nina',
				lastName: 'New',
				phone: '+33 1 23 45 67 89',
				position: 'PAYER',
				externalId: 'co-new',
			},
		});
		const owner = customerIn(emu(), 'co-owner')!;
		const stored = emu()
			.dump()
			.contacts.find((contact) => contact.email === 'new@owner.example');
		expect(stored).toEqual({
			id: item.json.id,
			externalId: 'co-new',
			customerId: owner.id,
			firstName: 'Nina',
			lastName: 'New',
			email: 'new@owner.example',
			phone: '+33 1 23 45 67 89',
			position: 'PAYER',
			isMain: false,
		});
		expect(owner.contacts.map((contact) => contact.email)).toEqual([
			'first@owner.example',
			'new@owner.example',
		]);
		expect(
			requests(emu(), 'POST', '/v1/customers/external:co-owner/contacts').map(
				(entry) => entry.status,
			),
		).toEqual([201]);
	});

	it('Get Many lists the contacts of one customer only', async () => {
		const output = await runUpflowOk(emu(), {
			resource: 'contact',
			operation: 'getAll',
			customer: byExternalId('co-owner'),
		});
		const owner = customerIn(emu(), 'co-owner')!;
		expect(jsonOf(output)).toEqual(
			emu()
				.dump()
				.contacts.filter((contact) => contact.customerId === owner.id),
		);
		expect(output.map((item) => item.json.email)).not.toContain('someone@other.example');
		expect(pairedItems(output)).toEqual(output.map(() => ({ item: 0 })));
		expect(
			emu()
				.log()
				.map((entry) => `${entry.method} ${entry.path}`),
		).toEqual(['GET /v1/customers/external:co-owner/contacts']);
	});

	it('Get reads one contact under its customer', async () => {
		const before = emu()
			.dump()
			.contacts.find((contact) => contact.externalId === 'co-first')!;
		const [item] = await runUpflowOk(emu(), {
			resource: 'contact',
			operation: 'get',
			customer: byExternalId('co-owner'),
			contact: byId(before.id),
			simplify: false,
		});
		expect(item.json).toEqual(before);
		expect(
			emu()
				.log()
				.map((entry) => `${entry.method} ${entry.path}`),
		).toEqual([`GET /v1/customers/external:co-owner/contacts/${before.id}`]);
		const elsewhere = await runUpflow(emu(), {
			resource: 'contact',
			operation: 'get',
			customer: byExternalId('co-other'),
			contact: byId(before.id),
		});
		expect(elsewhere.error?.message).toMatch(/404/);
	});

	it('Update changes the given fields of a contact (by ID), under its customer', async () => {
		const before = emu()
			.dump()
			.contacts.find((contact) => contact.externalId === 'co-first')!;
		const [item] = await runUpflowOk(emu(), {
			resource: 'contact',
			operation: 'update',
			customer: byExternalId('co-owner'),
			contact: byId(before.id),
			updateFields: { lastName: 'Renamed', isMain: true },
		});
		const after = emu()
			.dump()
			.contacts.find((contact) => contact.id === before.id)!;
		expect(after).toEqual({ ...before, lastName: 'Renamed', isMain: true });
		expect(item.json).toEqual(after);
		expect(
			requests(emu(), 'PUT', `/v1/customers/external:co-owner/contacts/${before.id}`)[0].body,
		).toEqual({ lastName: 'Renamed', isMain: true });
	});

	it('Delete removes one contact (by External ID) and returns { deleted: true }', async () => {
		const output = await runUpflowOk(emu(), {
			resource: 'contact',
			operation: 'delete',
			customer: byExternalId('co-owner'),
			contact: byExternalId('co-new'),
		});
		expect(output).toEqual([{ json: { deleted: true }, pairedItem: { item: 0 } }]);
		const emails = emu()
			.dump()
			.contacts.map((contact) => contact.email);
		expect(emails).not.toContain('new@owner.example');
		expect(emails).toEqual(
			expect.arrayContaining(['first@owner.example', 'someone@other.example']),
		);
		expect(
			requests(emu(), 'DELETE', '/v1/customers/external:co-owner/contacts/external:co-new').map(
				(entry) => entry.status,
			),
		).toEqual([204]);
	});
});

// =============================================================================================
// Invoice
// =============================================================================================

describe('Invoice', () => {
	const emu = useEmulator();

	beforeAll(() => {
		emu().org().upsert('customers', { externalId: 'in-cust', name: 'Invoiced' });
	});

	const invoiceParameters = (overrides: INodeParameters = {}): INodeParameters => ({
		resource: 'invoice',
		operation: 'upsert',
		amountsIn: 'cents',
		externalId: 'in-upsert',
		customId: 'INV-0001',
		customer: byExternalId('in-cust'),
		issuedAt: '2024-03-01',
		dueDate: '2024-03-31',
		currency: 'EUR',
		grossAmount: '12000',
		netAmount: '10000',
		...overrides,
	});

	it('Create or Update: two runs, one invoice, the second run updates it', async () => {
		const [created] = await runUpflowOk(
			emu(),
			invoiceParameters({ additionalFields: { name: 'March' } }),
		);
		const [updated] = await runUpflowOk(
			emu(),
			invoiceParameters({ grossAmount: '15000', netAmount: '12500' }),
		);

		const stored = emu()
			.dump()
			.invoices.filter((invoice) => invoice.externalId === 'in-upsert');
		expect(stored).toHaveLength(1);
		expect(stored[0]).toMatchObject({
			id: created.json.id,
			customId: 'INV-0001',
			customerId: customerIn(emu(), 'in-cust')!.id,
			name: 'March',
			currency: 'EUR',
			grossAmount: 15000,
			netAmount: 12500,
			amountOutstanding: 15000,
		});
		expect(Date.parse(stored[0].issuedAt)).toBe(Date.parse('2024-03-01T00:00:00Z'));
		expect(Date.parse(stored[0].dueDate)).toBe(Date.parse('2024-03-31T00:00:00Z'));
		expect(updated.json).toEqual(stored[0]);
		const posts = requests(emu(), 'POST', '/v1/invoices');
		expect(posts.map((entry) => entry.status)).toEqual([201, 200]);
		expect(posts[0].body).toMatchObject({
			customer: { externalId: 'in-cust' },
			grossAmount: 12000,
			netAmount: 10000,
		});
	});

	it('decimal amounts are converted to integer cents exactly (1234.56 -> 123456)', async () => {
		await runUpflowOk(
			emu(),
			invoiceParameters({
				externalId: 'in-decimal',
				customId: 'INV-DEC',
				amountsIn: 'decimal',
				grossAmount: '1234.56',
				netAmount: '1029.57',
			}),
		);
		// 1029.57 * 100 is 102956.99999999999 in floating point: the node must not send that.
		expect(invoiceIn(emu(), 'in-decimal')).toMatchObject({
			grossAmount: 123456,
			netAmount: 102957,
		});
		expect(requests(emu(), 'POST', '/v1/invoices')[0].body).toMatchObject({
			grossAmount: 123456,
			netAmount: 102957,
		});
	});

	it("decimal amounts take each item's currency, several currencies in one execution", async () => {
		const rows = [
			{ id: 'in-eur', currency: 'EUR', gross: '12.34', net: '10.00' },
			{ id: 'in-jpy', currency: 'JPY', gross: '1234', net: '1000' },
			{ id: 'in-kwd', currency: 'KWD', gross: '1.234', net: '1.000' },
			{ id: 'in-eur-2', currency: 'EUR', gross: '5.67', net: '5.00' },
		];
		await runUpflowOk(
			emu(),
			invoiceParameters({
				amountsIn: 'decimal',
				externalId: '={{ $json.id }}',
				customId: '={{ $json.id }}',
				currency: '={{ $json.currency }}',
				grossAmount: '={{ $json.gross }}',
				netAmount: '={{ $json.net }}',
			}),
			{ items: rows },
		);
		// One customer: one lane, so the writes arrive in input order.
		expect(
			requests(emu(), 'POST', '/v1/invoices').map(({ body }) => {
				const { externalId, grossAmount, netAmount } = body as Record<string, unknown>;
				return [externalId, grossAmount, netAmount];
			}),
		).toEqual([
			['in-eur', 1234, 1000],
			['in-jpy', 1234, 1000],
			['in-kwd', 1234, 1000],
			['in-eur-2', 567, 500],
		]);

		emu().clearLog();
		await runUpflowOk(emu(), {
			resource: 'invoice',
			operation: 'update',
			invoice: byExternalId('in-eur'),
			amountsIn: 'decimal',
			updateFields: { currency: 'JPY', grossAmount: '1500', netAmount: '1250' },
		});
		expect(requests(emu(), 'POST', '/v1/invoices')[0].body).toMatchObject({
			currency: 'JPY',
			grossAmount: 1500,
			netAmount: 1250,
		});
	});

	it('Get by ID and by External ID, Simplify on and off', async () => {
		const stored = invoiceIn(emu(), 'in-upsert')!;
		const [full] = await runUpflowOk(emu(), {
			resource: 'invoice',
			operation: 'get',
			invoice: byId(stored.id),
			simplify: false,
		});
		expect(full.json).toEqual(stored);
		const [simple] = await runUpflowOk(emu(), {
			resource: 'invoice',
			operation: 'get',
			invoice: byExternalId('in-upsert'),
		});
		expect(Object.keys(simple.json).sort()).toEqual(
			[
				'amountOutstanding',
				'currency',
				'customId',
				'customerId',
				'dueDate',
				'externalId',
				'grossAmount',
				'id',
				'issuedAt',
				'netAmount',
				'state',
			].sort(),
		);
		expect(simple.json).toMatchObject({
			id: stored.id,
			grossAmount: stored.grossAmount,
			state: stored.state,
		});
		expect(
			emu()
				.log()
				.map((entry) => entry.path),
		).toEqual([`/v1/invoices/${stored.id}`, '/v1/invoices/external:in-upsert']);
	});

	it('Get Many: Return All and Limit', async () => {
		const all = await runUpflowOk(emu(), {
			resource: 'invoice',
			operation: 'getAll',
			returnAll: true,
			simplify: false,
		});
		expect(jsonOf(all)).toEqual(emu().dump().invoices);
		expect(all.length).toBeGreaterThanOrEqual(2);
		const limited = await runUpflowOk(emu(), {
			resource: 'invoice',
			operation: 'getAll',
			limit: 1,
		});
		expect(limited.map((item) => item.json.id)).toEqual([emu().dump().invoices[0].id]);
		expect(requests(emu(), 'GET', '/v1/invoices').map((entry) => entry.query)).toEqual([
			{ offset: '0', limit: '500' },
			{ offset: '0', limit: '1' },
		]);
	});

	it('Update: the changed field lands, the others are unchanged', async () => {
		const before = invoiceIn(emu(), 'in-upsert')!;
		const [item] = await runUpflowOk(emu(), {
			resource: 'invoice',
			operation: 'update',
			invoice: byExternalId('in-upsert'),
			updateFields: { dueDate: '2024-05-15' },
		});
		const after = invoiceIn(emu(), 'in-upsert')!;
		expect(Date.parse(after.dueDate)).toBe(Date.parse('2024-05-15T00:00:00Z'));
		expect(after).toEqual({ ...before, dueDate: after.dueDate, state: after.state });
		expect(item.json).toEqual(after);
		expect(
			emu()
				.dump()
				.invoices.filter((invoice) => invoice.externalId === 'in-upsert'),
		).toHaveLength(1);
		// Read to find its customer's lane, read again inside that lane, then re-sent through the upsert with the whole write shape.
		expect(
			emu()
				.log()
				.map((entry) => `${entry.method} ${entry.path}`),
		).toEqual([
			'GET /v1/invoices/external:in-upsert',
			'GET /v1/invoices/external:in-upsert',
			'POST /v1/invoices',
		]);
		expect(requests(emu(), 'POST', '/v1/invoices')[0].body).toMatchObject({
			externalId: 'in-upsert',
			customId: before.customId,
			customer: { id: before.customerId },
			grossAmount: before.grossAmount,
			netAmount: before.netAmount,
			currency: before.currency,
			name: 'March',
		});
	});

	it('Upload PDF: the emulator holds exactly the bytes of the binary input', async () => {
		const pdf = samplePdf('upload');
		const stored = invoiceIn(emu(), 'in-upsert')!;
		const [item] = await runUpflowOk(
			emu(),
			{
				resource: 'invoice',
				operation: 'uploadPdf',
				invoice: byExternalId('in-upsert'),
				binaryPropertyName: 'data',
			},
			{
				items: [
					itemWithBinary(
						{},
						{ data: { data: pdf, fileName: 'march.pdf', mimeType: 'application/pdf' } },
					),
				],
			},
		);
		expect(item.json).toEqual({
			uploaded: true,
			invoice: { externalId: 'in-upsert' },
			fileName: 'march.pdf',
			bytes: pdf.length,
		});
		expect(emu().dump().pdfs[stored.id]).toBe(pdf.length);
		expect((await storedPdf(invoiceIn(emu(), 'in-upsert')!.pdfUrl)).equals(pdf)).toBe(true);
		const [post] = requests(emu(), 'POST', '/v1/invoices/external:in-upsert/pdf');
		expect(post.status).toBe(204);
	});

	it('Download PDF returns the stored bytes as n8n binary data', async () => {
		const pdf = samplePdf('download');
		emu().org().setPdf('invoices', { externalId: 'in-decimal' }, pdf);
		const [item] = await runUpflowOk(emu(), {
			resource: 'invoice',
			operation: 'downloadPdf',
			invoice: byExternalId('in-decimal'),
			binaryPropertyName: 'file',
		});
		expect((await binaryBuffer(item, 'file')).equals(pdf)).toBe(true);
		expect(item.binary?.file).toMatchObject({
			fileName: 'INV-DEC.pdf',
			mimeType: 'application/pdf',
		});
		expect(item.json).toMatchObject({
			externalId: 'in-decimal',
			id: invoiceIn(emu(), 'in-decimal')!.id,
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		// The record was read through the API (its signed pdfUrl is fetched outside /v1, unlogged).
		expect(
			emu()
				.log()
				.map((entry) => `${entry.method} ${entry.path} ${entry.status}`),
		).toEqual(['GET /v1/invoices/external:in-decimal 200']);
	});

	it('Delete removes the invoice and returns { deleted: true }', async () => {
		const output = await runUpflowOk(emu(), {
			resource: 'invoice',
			operation: 'delete',
			invoice: byExternalId('in-decimal'),
		});
		expect(output).toEqual([{ json: { deleted: true }, pairedItem: { item: 0 } }]);
		expect(invoiceIn(emu(), 'in-decimal')).toBeUndefined();
		expect(invoiceIn(emu(), 'in-upsert')).toBeDefined();
		expect(
			requests(emu(), 'DELETE', '/v1/invoices/external:in-decimal').map((entry) => entry.status),
		).toEqual([204]);
	});

	it('list search and custom field options for invoices', async () => {
		emu().org().createCustomField({ name: 'PO number', entityType: 'INVOICE', dataType: 'TEXT' });
		emu().org().createCustomField({ name: 'Region', entityType: 'CUSTOMER', dataType: 'TEXT' });
		const fields = await loadOptions(emu(), 'getInvoiceCustomFields');
		expect(fields.map((field) => field.name)).toEqual(['PO number (TEXT)']);
		const found = await listSearch(emu(), 'searchInvoices', 'inv-0001');
		expect(found.results).toEqual([
			{ name: 'INV-0001 (EUR 15000)', value: invoiceIn(emu(), 'in-upsert')!.id },
		]);
	});
});

// =============================================================================================
// Credit Note, Payment, Refund
// =============================================================================================

describe('Credit Note', () => {
	const emu = useEmulator();

	beforeAll(() => {
		seedCustomerWithInvoices(emu(), 'cn-cust', [{ externalId: 'cn-inv', grossAmount: 10000 }]);
	});

	const creditNoteParameters = (overrides: INodeParameters = {}): INodeParameters => ({
		resource: 'creditNote',
		operation: 'upsert',
		amountsIn: 'decimal',
		externalId: 'cn-1',
		customId: 'CN-1',
		customer: byExternalId('cn-cust'),
		issuedAt: '2024-04-02',
		currency: 'EUR',
		amount: '25.50',
		netAmount: '21.25',
		additionalFields: {
			linkedInvoices: { link: [{ externalId: 'cn-inv', linkedAmount: '20.10' }] },
		},
		...overrides,
	});

	it('Create or Update with a linked invoice: two runs, one credit note; the invoice outstanding drops', async () => {
		await runUpflowOk(emu(), creditNoteParameters({ amount: '30' }));
		const [item] = await runUpflowOk(emu(), creditNoteParameters());
		const stored = emu().dump().creditNotes;
		expect(stored).toHaveLength(1);
		const invoice = invoiceIn(emu(), 'cn-inv')!;
		expect(stored[0]).toMatchObject({
			externalId: 'cn-1',
			customId: 'CN-1',
			grossAmount: 2550,
			netAmount: 2125,
			currency: 'EUR',
			customer: { externalId: 'cn-cust' },
			linkedInvoices: [{ linkedAmount: 2010, invoice: { id: invoice.id, externalId: 'cn-inv' } }],
		});
		expect(item.json).toEqual(stored[0]);
		expect(invoice.amountOutstanding).toBe(10000 - 2010);
		const posts = requests(emu(), 'POST', '/v1/credit_notes');
		expect(posts.map((entry) => entry.status)).toEqual([201, 200]);
		expect(posts[1].body).not.toHaveProperty('amount');
		expect(posts[1].body).toMatchObject({
			grossAmount: 2550,
			netAmount: 2125,
			linkedInvoices: [{ invoice: { externalId: 'cn-inv' }, linkedAmount: 2010 }],
		});
	});

	it('Get and Get Many', async () => {
		const stored = emu().dump().creditNotes[0];
		const [one] = await runUpflowOk(emu(), {
			resource: 'creditNote',
			operation: 'get',
			creditNote: byExternalId('cn-1'),
			simplify: false,
		});
		expect(one.json).toEqual(stored);
		const [simple] = await runUpflowOk(emu(), {
			resource: 'creditNote',
			operation: 'get',
			creditNote: byId(stored.id),
		});
		expect(Object.keys(simple.json).sort()).toEqual([
			'currency',
			'customId',
			'customer',
			'dueDate',
			'externalId',
			'grossAmount',
			'id',
			'issuedAt',
			'linkedInvoices',
			'name',
			'netAmount',
		]);
		const many = await runUpflowOk(emu(), {
			resource: 'creditNote',
			operation: 'getAll',
			returnAll: true,
			simplify: false,
		});
		expect(jsonOf(many)).toEqual(emu().dump().creditNotes);
		expect(
			emu()
				.log()
				.map((entry) => `${entry.method} ${entry.path}`),
		).toEqual([
			'GET /v1/credit_notes/external:cn-1',
			`GET /v1/credit_notes/${stored.id}`,
			'GET /v1/credit_notes',
		]);
	});

	it('Upload PDF', async () => {
		const pdf = samplePdf('credit note');
		const stored = emu().dump().creditNotes[0];
		await runUpflowOk(
			emu(),
			{
				resource: 'creditNote',
				operation: 'uploadPdf',
				creditNote: byId(stored.id),
				binaryPropertyName: 'attachment',
			},
			{
				items: [
					itemWithBinary(
						{},
						{ attachment: { data: pdf, fileName: 'cn.pdf', mimeType: 'application/pdf' } },
					),
				],
			},
		);
		expect(emu().dump().pdfs[stored.id]).toBe(pdf.length);
		expect((await storedPdf(emu().dump().creditNotes[0].pdfUrl)).equals(pdf)).toBe(true);
		expect(
			requests(emu(), 'POST', `/v1/credit_notes/${stored.id}/pdf`).map((entry) => entry.status),
		).toEqual([204]);
	});

	it('Delete', async () => {
		const output = await runUpflowOk(emu(), {
			resource: 'creditNote',
			operation: 'delete',
			creditNote: byExternalId('cn-1'),
		});
		expect(jsonOf(output)).toEqual([{ deleted: true }]);
		expect(emu().dump().creditNotes).toEqual([]);
		expect(invoiceIn(emu(), 'cn-inv')!.amountOutstanding).toBe(10000);
	});
});

describe('Payment', () => {
	const emu = useEmulator();

	beforeAll(() => {
		seedCustomerWithInvoices(emu(), 'pa-cust', [
			{ externalId: 'pa-inv-1', grossAmount: 10000 },
			{ externalId: 'pa-inv-2', grossAmount: 8000 },
		]);
	});

	const paymentParameters = (overrides: INodeParameters = {}): INodeParameters => ({
		resource: 'payment',
		operation: 'upsert',
		amountsIn: 'cents',
		externalId: 'pa-1',
		customer: byExternalId('pa-cust'),
		amount: '9000',
		currency: 'EUR',
		validatedAt: '2024-04-05T10:30:00.000Z',
		...overrides,
	});

	it('Create or Update with linked invoices and their applied amounts: amountOutstanding drops', async () => {
		const invoices = emu().dump().invoices;
		await runUpflowOk(emu(), paymentParameters({ amount: '1000' }));
		const [item] = await runUpflowOk(
			emu(),
			paymentParameters({
				additionalFields: {
					instrument: 'CARD',
					linkedInvoices: {
						link: [
							{ externalId: 'pa-inv-1', linkedAmount: '6000' },
							{ id: invoices[1].id, linkedAmount: '3000' },
						],
					},
				},
			}),
		);
		const stored = emu().dump().payments;
		expect(stored).toHaveLength(1);
		expect(stored[0]).toMatchObject({
			externalId: 'pa-1',
			amount: 9000,
			currency: 'EUR',
			instrument: 'CARD',
			customer: { externalId: 'pa-cust' },
			linkedInvoices: [
				{ linkedAmount: 6000, invoice: { id: invoices[0].id, externalId: 'pa-inv-1' } },
				{ linkedAmount: 3000, invoice: { id: invoices[1].id, externalId: 'pa-inv-2' } },
			],
		});
		expect(Date.parse(stored[0].validatedAt)).toBe(Date.parse('2024-04-05T10:30:00.000Z'));
		expect(item.json).toEqual(stored[0]);
		expect(invoiceIn(emu(), 'pa-inv-1')!.amountOutstanding).toBe(4000);
		expect(invoiceIn(emu(), 'pa-inv-2')!.amountOutstanding).toBe(5000);
		const posts = requests(emu(), 'POST', '/v1/payments');
		expect(posts.map((entry) => entry.status)).toEqual([201, 200]);
		expect(posts[1].body).toMatchObject({
			linkedInvoices: [
				{ invoice: { externalId: 'pa-inv-1' }, linkedAmount: 6000 },
				{ invoice: { id: invoices[1].id }, linkedAmount: 3000 },
			],
		});
	});

	it('Get and Get Many', async () => {
		const stored = emu().dump().payments[0];
		const [one] = await runUpflowOk(emu(), {
			resource: 'payment',
			operation: 'get',
			payment: byExternalId('pa-1'),
			simplify: false,
		});
		expect(one.json).toEqual(stored);
		const [simple] = await runUpflowOk(emu(), {
			resource: 'payment',
			operation: 'get',
			payment: fromList(stored.id),
		});
		expect(Object.keys(simple.json).sort()).toEqual([
			'amount',
			'amountLinked',
			'bankAccountId',
			'currency',
			'customer',
			'externalId',
			'id',
			'instrument',
			'linkedInvoices',
			'validatedAt',
		]);
		const many = await runUpflowOk(emu(), {
			resource: 'payment',
			operation: 'getAll',
			limit: 10,
			simplify: false,
		});
		expect(jsonOf(many)).toEqual(emu().dump().payments);
		expect(requests(emu(), 'GET', '/v1/payments').map((entry) => entry.query)).toEqual([
			{ offset: '0', limit: '10' },
		]);
		const found = await listSearch(emu(), 'searchPayments', 'pa-1');
		expect(found.results).toEqual([{ name: 'pa-1 (EUR 9000)', value: stored.id }]);
	});

	it('Delete: the invoices are outstanding again', async () => {
		const output = await runUpflowOk(emu(), {
			resource: 'payment',
			operation: 'delete',
			payment: byExternalId('pa-1'),
		});
		expect(jsonOf(output)).toEqual([{ deleted: true }]);
		expect(emu().dump().payments).toEqual([]);
		expect(invoiceIn(emu(), 'pa-inv-1')!.amountOutstanding).toBe(10000);
		expect(invoiceIn(emu(), 'pa-inv-2')!.amountOutstanding).toBe(8000);
	});
});

describe('Refund', () => {
	const emu = useEmulator();

	beforeAll(() => {
		const [invoice] = seedCustomerWithInvoices(emu(), 're-cust', [
			{ externalId: 're-inv', grossAmount: 10000 },
		]);
		const org = emu().org();
		org.upsert('payments', {
			externalId: 're-pay',
			customer: { externalId: 're-cust' },
			amount: 10000,
			currency: 'EUR',
			validatedAt: '2024-04-01T00:00:00.000Z',
			linkedInvoices: [{ invoice: { id: invoice.id }, linkedAmount: 10000 }],
		});
		org.upsert('creditNotes', {
			externalId: 're-cn',
			customId: 'CN-RE',
			customer: { externalId: 're-cust' },
			issuedAt: '2024-04-02T00:00:00.000Z',
			currency: 'EUR',
			grossAmount: 5000,
			netAmount: 5000,
		});
	});

	it('Create or Update with linked payments and credit notes: two runs, one refund', async () => {
		const parameters = (amount: string): INodeParameters => ({
			resource: 'refund',
			operation: 'upsert',
			amountsIn: 'decimal',
			externalId: 're-1',
			customer: byExternalId('re-cust'),
			amount,
			currency: 'EUR',
			refundedAt: '2024-04-10',
			additionalFields: {
				linkedPayments: { link: [{ externalId: 're-pay', linkedAmount: '25' }] },
				linkedCreditNotes: { link: [{ externalId: 're-cn', linkedAmount: '15.5' }] },
			},
		});
		await runUpflowOk(emu(), parameters('50'));
		const [item] = await runUpflowOk(emu(), parameters('40.50'));
		const { refunds, payments, creditNotes } = emu().dump();
		expect(refunds).toHaveLength(1);
		expect(refunds[0]).toMatchObject({
			externalId: 're-1',
			amount: 4050,
			currency: 'EUR',
			customer: { externalId: 're-cust' },
			linkedTransactions: [
				{ linkedAmount: 2500, payment: { id: payments[0].id, externalId: 're-pay' } },
			],
			linkedCreditNotes: [
				{ linkedAmount: 1550, creditNote: { id: creditNotes[0].id, externalId: 're-cn' } },
			],
		});
		expect(Date.parse(refunds[0].validatedAt)).toBe(Date.parse('2024-04-10T00:00:00Z'));
		expect(requests(emu(), 'POST', '/v1/refunds')[0].body).toMatchObject({
			validatedAt: '2024-04-10T00:00:00.000Z',
		});
		expect(item.json).toEqual(refunds[0]);
		// Refunding part of the payment re-opens that part of the invoice it paid.
		expect(invoiceIn(emu(), 're-inv')!.amountOutstanding).toBe(2500);
		expect(requests(emu(), 'POST', '/v1/refunds').map((entry) => entry.status)).toEqual([201, 200]);
	});

	it('Get and Get Many', async () => {
		const stored = emu().dump().refunds[0];
		const [one] = await runUpflowOk(emu(), {
			resource: 'refund',
			operation: 'get',
			refund: byId(stored.id),
			simplify: false,
		});
		expect(one.json).toEqual(stored);
		const [simple] = await runUpflowOk(emu(), {
			resource: 'refund',
			operation: 'get',
			refund: byExternalId('re-1'),
		});
		expect(Object.keys(simple.json).sort()).toEqual([
			'amount',
			'amountLinked',
			'currency',
			'customer',
			'externalId',
			'id',
			'instrument',
			'linkedCreditNotes',
			'linkedTransactions',
			'validatedAt',
		]);
		const many = await runUpflowOk(emu(), {
			resource: 'refund',
			operation: 'getAll',
			returnAll: true,
		});
		expect(many.map((row) => row.json.id)).toEqual([stored.id]);
		expect(
			emu()
				.log()
				.map((entry) => `${entry.method} ${entry.path}`),
		).toEqual([`GET /v1/refunds/${stored.id}`, 'GET /v1/refunds/external:re-1', 'GET /v1/refunds']);
	});

	it('Delete', async () => {
		const output = await runUpflowOk(emu(), {
			resource: 'refund',
			operation: 'delete',
			refund: byExternalId('re-1'),
		});
		expect(jsonOf(output)).toEqual([{ deleted: true }]);
		expect(emu().dump().refunds).toEqual([]);
		expect(invoiceIn(emu(), 're-inv')!.amountOutstanding).toBe(0);
		expect(writes(emu()).map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([
			'DELETE /v1/refunds/external:re-1 204',
		]);
	});
});

// =============================================================================================
// Custom Field, Dunning Plan, User
// =============================================================================================

describe('Custom Field', () => {
	const emu = useEmulator();

	it('Create (entity type, data type incl. SELECT / MULTI_SELECT) and Get Many', async () => {
		const created = await runUpflowOk(
			emu(),
			{
				resource: 'customField',
				operation: 'create',
				name: '={{ $json.name }}',
				entityType: '={{ $json.entityType }}',
				dataType: '={{ $json.dataType }}',
			},
			{
				items: [
					{ name: 'Tier', entityType: 'CUSTOMER', dataType: 'SELECT' },
					{ name: 'Markets', entityType: 'CUSTOMER', dataType: 'MULTI_SELECT' },
					{ name: 'Cost center', entityType: 'INVOICE', dataType: 'TEXT' },
				],
			},
		);
		const fields = emu().dump().customFields;
		expect(fields.map((field) => [field.name, field.entityType, field.dataType])).toEqual([
			['Tier', 'CUSTOMER', 'SELECT'],
			['Markets', 'CUSTOMER', 'MULTI_SELECT'],
			['Cost center', 'INVOICE', 'TEXT'],
		]);
		expect(jsonOf(created)).toEqual(fields);
		expect(pairedItems(created)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(requests(emu(), 'POST', '/v1/custom_fields').map((entry) => entry.status)).toEqual([
			201, 201, 201,
		]);

		// The default entity type is CUSTOMER; an External ID goes along.
		await runUpflowOk(emu(), {
			resource: 'customField',
			operation: 'create',
			name: 'Since',
			dataType: 'DATE',
			additionalFields: { externalId: 'cf-since' },
		});
		expect(emu().dump().customFields[3]).toMatchObject({
			name: 'Since',
			entityType: 'CUSTOMER',
			dataType: 'DATE',
			externalId: 'cf-since',
		});

		const listed = await runUpflowOk(emu(), {
			resource: 'customField',
			operation: 'getAll',
			returnAll: true,
		});
		expect(jsonOf(listed)).toEqual(emu().dump().customFields);
	});

	it('a customer upsert shapes SELECT as {label} and MULTI_SELECT as [{label}]', async () => {
		const fields = emu().dump().customFields;
		const tier = fields.find((field) => field.name === 'Tier')!;
		const markets = fields.find((field) => field.name === 'Markets')!;
		const options = await loadOptions(emu(), 'getCustomerCustomFields');
		expect(options).toEqual([
			{ name: 'Markets (MULTI_SELECT)', value: markets.id },
			{ name: 'Since (DATE)', value: fields[3].id },
			{ name: 'Tier (SELECT)', value: tier.id },
		]);
		emu().clearLog();

		await runUpflowOk(emu(), {
			resource: 'customer',
			operation: 'upsert',
			externalId: 'cf-cust',
			name: 'Fielded',
			additionalFields: {
				customFields: {
					field: [
						{ id: tier.id, value: 'Gold' },
						{ id: markets.id, value: 'EU, Retail' },
					],
				},
			},
		});
		const customer = customerIn(emu(), 'cf-cust')!;
		expect(customer.customFields.map((field) => [field.id, field.value])).toEqual([
			[tier.id, { label: 'Gold' }],
			[markets.id, [{ label: 'EU' }, { label: 'Retail' }]],
		]);
		expect(requests(emu(), 'POST', '/v1/customers')[0].body).toMatchObject({
			customFields: [
				{ id: tier.id, value: { label: 'Gold' } },
				{ id: markets.id, value: [{ label: 'EU' }, { label: 'Retail' }] },
			],
		});
		// New labels join the field's values in Upflow.
		const after = emu().dump().customFields;
		expect(after.find((field) => field.id === tier.id)!.values).toEqual([{ label: 'Gold' }]);
		expect(after.find((field) => field.id === markets.id)!.values).toEqual([
			{ label: 'EU' },
			{ label: 'Retail' },
		]);
		// The definitions were read once for the execution.
		expect(requests(emu(), 'GET', '/v1/custom_fields')).toHaveLength(1);
	});
});

describe('Dunning Plan and User', () => {
	const emu = useEmulator();

	it("Dunning Plan > Get Many returns the organization's plans", async () => {
		const output = await runUpflowOk(emu(), { resource: 'dunningPlan', operation: 'getAll' });
		expect(jsonOf(output)).toEqual(emu().dump().dunningPlans);
		expect(pairedItems(output)).toEqual(output.map(() => ({ item: 0 })));
		expect(
			emu()
				.log()
				.map((entry) => `${entry.method} ${entry.path} ${entry.status}`),
		).toEqual(['GET /v1/dunning_plans 200']);
		const options = await loadOptions(emu(), 'getDunningPlans');
		expect(options.map((option) => option.value).sort()).toEqual(
			emu()
				.dump()
				.dunningPlans.map((plan) => plan.id)
				.sort(),
		);
	});

	it("User > Get Many returns the organization's users; a user becomes account manager", async () => {
		const output = await runUpflowOk(emu(), { resource: 'user', operation: 'getAll' });
		const { users } = emu().dump();
		expect(jsonOf(output)).toEqual(users);
		expect(
			emu()
				.log()
				.map((entry) => `${entry.method} ${entry.path} ${entry.status}`),
		).toEqual(['GET /v1/users 200']);

		const options = await loadOptions(emu(), 'getUsers');
		const bruno = options.find(
			(option) => option.name === 'Bruno Dupont <bruno.dupont@example.com>',
		)!;
		expect(bruno.value).toBe(users.find((user) => user.firstName === 'Bruno')!.id);
		await runUpflowOk(emu(), {
			resource: 'customer',
			operation: 'upsert',
			externalId: 'us-cust',
			name: 'Managed',
			additionalFields: { accountManagerId: bruno.value },
		});
		expect(customerIn(emu(), 'us-cust')!.accountManagerId).toBe(bruno.value);

		// Update can change the account manager too.
		const chloe = users.find((user) => user.firstName === 'Chloé')!;
		await runUpflowOk(emu(), {
			resource: 'customer',
			operation: 'update',
			customer: byExternalId('us-cust'),
			updateFields: { accountManagerId: chloe.id },
		});
		expect(customerIn(emu(), 'us-cust')!.accountManagerId).toBe(chloe.id);
		expect(requests(emu(), 'PUT', '/v1/customers/external:us-cust')[0].body).toEqual({
			accountManagerId: chloe.id,
		});
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

describe('Customer: accounting reference, payment methods, account managers', () => {
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
