/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- test code run by Jest in Node, not by n8n: it starts the emulator, also as a process */
/**
 * The local Upflow emulator over real HTTP: the contract rules it enforces (upserts, external:
 * addressing, references, contacts, deletes, PDFs, paging, filters), its limits (sliding window,
 * concurrency, 401) and its deterministic faults.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as path from 'node:path';
import { request } from 'undici';
import {
	DEMO_API_KEY,
	DEMO_API_SECRET,
	keyHash,
	startEmulator,
	type Emulator,
	type FaultKind,
	type OrganizationOptions,
} from '../emulator';

/** What JSON.parse returns, untyped: the tests read replies freely and assert on what they find. */
type ParsedJson = ReturnType<typeof JSON.parse>;

interface Reply {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	json: ParsedJson;
}

interface CallOptions {
	key?: string;
	secret?: string;
	headers?: Record<string, string>;
	/** Raw body (Buffer or string) sent as-is; `body` is JSON-encoded otherwise. */
	raw?: Buffer | string;
}

async function call(
	emu: Emulator,
	method: string,
	p: string,
	body?: unknown,
	o: CallOptions = {},
): Promise<Reply> {
	const headers: Record<string, string> = {
		'x-api-key': o.key ?? DEMO_API_KEY,
		'x-api-secret': o.secret ?? DEMO_API_SECRET,
		...(body !== undefined ? { 'content-type': 'application/json' } : {}),
		...o.headers,
	};
	const res = await request(`${emu.baseUrl}${p}`, {
		method: method as 'GET',
		headers,
		body: o.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
	});
	const text = await res.body.text();
	let json: ParsedJson;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: res.statusCode, headers: res.headers, text, json };
}

const customer = (externalId: string, extra: object = {}) => ({
	externalId,
	name: `Customer ${externalId}`,
	...extra,
});
const invoice = (externalId: string, customerExternalId: string, extra: object = {}) => ({
	externalId,
	customId: `F-${externalId}`,
	customer: { externalId: customerExternalId },
	issuedAt: '2024-03-01',
	dueDate: '2099-03-31',
	currency: 'EUR',
	grossAmount: 12000,
	netAmount: 10000,
	...extra,
});
const ext = (id: string) => `external:${encodeURIComponent(id)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Real HTTP on a shared machine: be patient.
jest.setTimeout(60_000);

describe('emulator: entities over HTTP', () => {
	let emu: Emulator;
	beforeAll(async () => {
		emu = await startEmulator();
	});
	afterAll(() => emu.close());

	test('POST /customers creates (201) then updates (200) by externalId, merging the fields given', async () => {
		const created = await call(
			emu,
			'POST',
			'/customers',
			customer('C-1', { vatNumber: 'FR123', currency: 'EUR' }),
		);
		expect(created.status).toBe(201);
		expect(created.json).toMatchObject({
			externalId: 'C-1',
			name: 'Customer C-1',
			vatNumber: 'FR123',
			balance: 0,
		});
		expect(created.json.id).toMatch(/^[0-9a-f-]{36}$/);
		expect(created.json).not.toHaveProperty('updatedAt');

		const updated = await call(emu, 'POST', '/customers', { externalId: 'C-1', name: 'Renamed' });
		expect(updated.status).toBe(200);
		expect(updated.json).toMatchObject({
			id: created.json.id,
			name: 'Renamed',
			vatNumber: 'FR123',
			currency: 'EUR',
		});

		const put = await call(emu, 'PUT', `/customers/${created.json.id}`, { vatNumber: 'FR999' });
		expect(put.status).toBe(200);
		expect(put.json).toMatchObject({ name: 'Renamed', vatNumber: 'FR999' });
		expect(emu.dump().customers.filter((c) => c.externalId === 'C-1')).toHaveLength(1);
	});

	test('external: addressing takes URL-encoded ids; unknown ids are 404', async () => {
		const weird = 'ACME/42 ?&%#é';
		const created = await call(emu, 'POST', '/customers', customer(weird));
		expect(created.status).toBe(201);
		const byExt = await call(emu, 'GET', `/customers/${ext(weird)}`);
		expect(byExt.status).toBe(200);
		expect(byExt.json.id).toBe(created.json.id);
		expect((await call(emu, 'GET', `/customers/${created.json.id}`)).json.externalId).toBe(weird);
		// Not encoding the "/" changes the path: that is the client's bug, and a 404.
		expect((await call(emu, 'GET', `/customers/external:ACME/42`)).status).toBe(404);
		const missing = await call(emu, 'GET', '/customers/external:nope');
		expect(missing.status).toBe(404);
		expect(missing.json.message).toEqual(expect.any(String));
		expect((await call(emu, 'GET', '/invoices/00000000-0000-0000-0000-000000000000')).status).toBe(
			404,
		);
		expect((await call(emu, 'GET', '/dunning-plans')).status).toBe(404); // snake_case only
		expect((await call(emu, 'GET', '/events')).status).toBe(404);
		expect((await call(emu, 'PATCH', `/customers/${created.json.id}`, {})).status).toBe(404);
		expect((await call(emu, 'DELETE', `/customers/${ext(weird)}`)).status).toBe(204);
		expect((await call(emu, 'GET', `/customers/${ext(weird)}`)).status).toBe(404);
	});

	test('writes are validated strictly and references must exist', async () => {
		await call(emu, 'POST', '/customers', customer('C-val'));
		const unknownCustomer = await call(emu, 'POST', '/invoices', invoice('I-x', 'C-404'));
		expect(unknownCustomer.status).toBe(400);
		expect(unknownCustomer.json.message).toContain('C-404');

		const cases: Array<[object, string]> = [
			[{ grossAmount: 12.5 }, 'grossAmount'],
			[{ netAmount: -1 }, 'netAmount'],
			[{ grossAmount: '100' }, 'grossAmount'],
			[{ currency: 'eur' }, 'currency'],
			[{ currency: 'ABC' }, 'currency'],
			[{ issuedAt: '2024-02-30' }, 'issuedAt'],
			[{ dueDate: '31/03/2024' }, 'dueDate'],
			[{ customId: undefined }, 'customId'],
			[{ externalId: '' }, 'externalId'],
			[{ name: 'x'.repeat(1001) }, 'name'],
			[{ customFields: [{ id: 'nope', value: 'x' }] }, 'customFields[0]'],
			// Keys Upflow does not document are refused, so a misspelled field fails instead of vanishing.
			[{ grossAmmount: 1 }, 'grossAmmount'],
			[{ dunningPlanId: 'plan' }, 'dunningPlanId'],
		];
		for (const [patch, field] of cases) {
			const r = await call(emu, 'POST', '/invoices', invoice('I-val', 'C-val', patch));
			expect([r.status, r.json.message.includes(field)]).toEqual([400, true]);
		}
		const payment = {
			externalId: 'P-val',
			customer: { externalId: 'C-val' },
			amount: 100,
			currency: 'EUR',
			validatedAt: '2024-03-05T10:00:00Z',
		};
		const badLink = await call(emu, 'POST', '/payments', {
			...payment,
			linkedInvoices: [{ invoice: { externalId: 'I-404' }, linkedAmount: 100 }],
		});
		expect([badLink.status, badLink.json.message]).toEqual([400, expect.stringContaining('I-404')]);
		const badManager = await call(emu, 'PUT', `/customers/${ext('C-val')}`, {
			accountManagerId: 'nobody',
		});
		expect([badManager.status, badManager.json.message]).toEqual([
			400,
			expect.stringContaining('accountManagerId'),
		]);
		const oldManagerShape = await call(emu, 'PUT', `/customers/${ext('C-val')}`, {
			accountManager: { id: 'nobody' },
		});
		expect([oldManagerShape.status, oldManagerShape.json.message]).toEqual([
			400,
			expect.stringContaining('accountManager is not a field Upflow documents'),
		]);
		const creditNoteV1 = await call(emu, 'POST', '/credit_notes', {
			externalId: 'CN-v1',
			customId: 'AV',
			customer: { externalId: 'C-val' },
			currency: 'EUR',
			amount: 100,
		});
		expect([creditNoteV1.status, creditNoteV1.json.message]).toEqual([
			400,
			expect.stringMatching(
				/grossAmount is required.*netAmount is required.*amount is not a field/,
			),
		]);
		const refundV1 = await call(emu, 'POST', '/refunds', {
			externalId: 'R-v1',
			customer: { externalId: 'C-val' },
			currency: 'EUR',
			amount: 100,
			refundedAt: '2024-03-01',
		});
		expect([refundV1.status, refundV1.json.message]).toEqual([
			400,
			expect.stringMatching(/validatedAt is required.*refundedAt is not a field/),
		]);
		const notJson = await call(emu, 'POST', '/customers', undefined, {
			raw: '{oops',
			headers: { 'content-type': 'application/json' },
		});
		expect(notJson.status).toBe(400);
		const wrongType = await call(emu, 'POST', '/customers', undefined, {
			raw: 'externalId=1',
			headers: { 'content-type': 'text/plain' },
		});
		expect(wrongType.status).toBe(415);
		// Nothing was written by any of these.
		expect(emu.dump().invoices.find((i) => i.externalId === 'I-val')).toBeUndefined();
		expect(emu.dump().payments.find((p) => p.externalId === 'P-val')).toBeUndefined();
	});

	test('amountOutstanding and state follow payments, credit notes and refunds', async () => {
		await call(emu, 'POST', '/customers', customer('C-money'));
		const inv = (
			await call(
				emu,
				'POST',
				'/invoices',
				invoice('I-money', 'C-money', { grossAmount: 1000, netAmount: 800 }),
			)
		).json;
		expect(inv).toMatchObject({
			amountOutstanding: 1000,
			state: 'DUE',
			pdfUrl: null,
			payments: [],
		});
		const pay = await call(emu, 'POST', '/payments', {
			externalId: 'P-money',
			customer: { externalId: 'C-money' },
			amount: 600,
			currency: 'EUR',
			validatedAt: '2024-03-05',
			instrument: 'WIRE_TRANSFER',
			linkedInvoices: [{ invoice: { id: inv.id }, linkedAmount: 600 }],
		});
		expect(pay.status).toBe(201);
		expect(pay.json).toMatchObject({
			customer: { externalId: 'C-money', companyName: 'Customer C-money' },
			linkedInvoices: [{ linkedAmount: 600, invoice: { id: inv.id, externalId: 'I-money' } }],
		});
		await call(emu, 'POST', '/credit_notes', {
			externalId: 'CN-money',
			customId: 'AV-1',
			customer: { externalId: 'C-money' },
			issuedAt: '2024-03-06',
			currency: 'EUR',
			grossAmount: 400,
			netAmount: 400,
			linkedInvoices: [{ invoice: { externalId: 'I-money' }, linkedAmount: 400 }],
		});
		expect((await call(emu, 'GET', `/invoices/${ext('I-money')}`)).json).toMatchObject({
			amountOutstanding: 0,
			state: 'PAID',
		});
		await call(emu, 'POST', '/refunds', {
			externalId: 'R-money',
			customer: { externalId: 'C-money' },
			amount: 100,
			currency: 'EUR',
			validatedAt: '2024-03-07',
			linkedPayments: [{ payment: { externalId: 'P-money' }, linkedAmount: 100 }],
		});
		const after = (await call(emu, 'GET', `/invoices/${ext('I-money')}`)).json;
		expect(after).toMatchObject({ amountOutstanding: 100, state: 'DUE' });
		const overdue = await call(
			emu,
			'POST',
			'/invoices',
			invoice('I-late', 'C-money', { dueDate: '2020-01-01' }),
		);
		expect(overdue.json.state).toBe('OVERDUE');
		const c = (await call(emu, 'GET', `/customers/${ext('C-money')}`)).json;
		expect(c).toMatchObject({ balance: 1000 + 12000 - 600 - 400 + 100, countInvoicesDue: 2 });
	});

	test('customer.contacts is the full list; e-mails are unique; positions must exist', async () => {
		const first = await call(
			emu,
			'POST',
			'/customers',
			customer('C-contacts', {
				contacts: [
					{
						externalId: 'K-1',
						email: 'ann@acme.test',
						firstName: 'Ann',
						position: 'ACCOUNTING',
						isMain: true,
					},
					{ email: 'bob@acme.test', firstName: 'Bob' },
				],
			}),
		);
		expect(first.status).toBe(201);
		expect(first.json.contacts.map((c: { email: string }) => c.email)).toEqual([
			'ann@acme.test',
			'bob@acme.test',
		]);
		const annId = first.json.contacts[0].id;

		const second = await call(
			emu,
			'POST',
			'/customers',
			customer('C-contacts', {
				contacts: [
					{ externalId: 'K-1', email: 'ann@acme.test', lastName: 'Lee' },
					{ email: 'cat@acme.test' },
				],
			}),
		);
		expect(second.json.contacts).toEqual([
			expect.objectContaining({
				id: annId,
				firstName: 'Ann',
				lastName: 'Lee',
				position: 'ACCOUNTING',
			}),
			expect.objectContaining({ email: 'cat@acme.test' }),
		]);
		expect(emu.dump().contacts.map((c) => c.email)).not.toContain('bob@acme.test');

		// Without `contacts` the list is left alone.
		expect(
			(await call(emu, 'POST', '/customers', customer('C-contacts'))).json.contacts,
		).toHaveLength(2);

		await call(emu, 'POST', '/customers', customer('C-other'));
		const taken = await call(emu, 'POST', `/customers/${ext('C-other')}/contacts`, {
			email: 'ANN@acme.test',
		});
		expect(taken.status).toBe(409);
		const badPosition = await call(emu, 'POST', `/customers/${ext('C-other')}/contacts`, {
			email: 'd@o.test',
			position: 'accounting',
		});
		expect([badPosition.status, badPosition.json.message]).toEqual([
			400,
			expect.stringContaining('accounting'),
		]);
		const added = await call(emu, 'POST', `/customers/${ext('C-other')}/contacts`, {
			externalId: 'K-9',
			email: 'd@o.test',
			position: 'PAYER',
		});
		expect(added.status).toBe(201);
		const list = await call(emu, 'GET', `/customers/${ext('C-other')}/contacts`);
		expect(list.json).toMatchObject({ offset: 0, total: 1, items: [{ email: 'd@o.test' }] });
		const nested = `/customers/${ext('C-other')}/contacts/${ext('K-9')}`;
		expect((await call(emu, 'GET', nested)).json).toMatchObject({ email: 'd@o.test' });
		const put = await call(emu, 'PUT', nested, { phone: '+33 1 23 45 67 89' });
		expect(put.json).toMatchObject({
			email: 'd@o.test',
			phone: '+33 1 23 45 67 89',
			position: 'PAYER',
		});
		// Contacts live under their customer: the v1 guess /contacts/{id} and another customer's path are 404.
		expect((await call(emu, 'PUT', `/contacts/${ext('K-9')}`, { phone: '1' })).status).toBe(404);
		expect(
			(await call(emu, 'GET', `/customers/${ext('C-contacts')}/contacts/${ext('K-9')}`)).status,
		).toBe(404);
		expect(
			(await call(emu, 'DELETE', `/customers/${ext('C-other')}/contacts/${added.json.id}`)).status,
		).toBe(204);
		expect((await call(emu, 'GET', `/customers/${ext('C-other')}/contacts`)).json.items).toEqual(
			[],
		);
		expect((await call(emu, 'GET', '/contact_positions')).status).toBe(404);
	});

	test('a customer with records cannot be deleted (409); an empty one can (204)', async () => {
		await call(emu, 'POST', '/customers', customer('C-del'));
		await call(emu, 'POST', '/invoices', invoice('I-del', 'C-del'));
		const refused = await call(emu, 'DELETE', `/customers/${ext('C-del')}`);
		expect(refused.status).toBe(409);
		expect(refused.json.message).toContain('invoices: 1');
		expect((await call(emu, 'DELETE', `/invoices/${ext('I-del')}`)).status).toBe(204);
		const ok = await call(emu, 'DELETE', `/customers/${ext('C-del')}`);
		expect([ok.status, ok.text]).toEqual([204, '']);
	});

	test('PDF upload by multipart and by JSON base64, download through the signed pdfUrl', async () => {
		await call(emu, 'POST', '/customers', customer('C-pdf'));
		await call(emu, 'POST', '/invoices', invoice('I-pdf', 'C-pdf'));
		const pdf = Buffer.concat([
			Buffer.from('%PDF-1.4\n'),
			Buffer.from([0, 1, 2, 255, 13, 10]),
			Buffer.from('\n%%EOF'),
		]);
		const boundary = '----emu' + Date.now();
		const multipart = Buffer.concat([
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="i.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
			),
			pdf,
			Buffer.from(`\r\n--${boundary}--\r\n`),
		]);
		const up = await call(emu, 'POST', `/invoices/${ext('I-pdf')}/pdf`, undefined, {
			raw: multipart,
			headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
		});
		expect([up.status, up.text]).toEqual([204, '']);
		const inv = (await call(emu, 'GET', `/invoices/${ext('I-pdf')}`)).json;
		expect(inv.pdfUrl).toMatch(/\/files\/invoices\/.+\.pdf\?expires=\d+&signature=[0-9a-f]+$/);
		const download = await request(inv.pdfUrl); // no API headers
		expect(download.statusCode).toBe(200);
		expect(download.headers['content-type']).toBe('application/pdf');
		expect(Buffer.from(await download.body.arrayBuffer())).toEqual(pdf);
		// Flip the first hex digit: replacing it with a fixed one would change nothing 1 time in 16.
		const tampered = await request(
			inv.pdfUrl.replace(
				/signature=(.)/,
				(_match: string, digit: string) => `signature=${digit === '0' ? '1' : '0'}`,
			),
		);
		await tampered.body.dump();
		expect(tampered.statusCode).toBe(403);

		await call(emu, 'POST', '/credit_notes', {
			externalId: 'CN-pdf',
			customId: 'AV-pdf',
			customer: { externalId: 'C-pdf' },
			issuedAt: '2024-03-01',
			currency: 'EUR',
			grossAmount: 10,
			netAmount: 10,
		});
		const json = await call(emu, 'POST', `/credit_notes/${ext('CN-pdf')}/pdf`, {
			data: pdf.toString('base64'),
		});
		expect(json.status).toBe(204);
		const cn = (await call(emu, 'GET', `/credit_notes/${ext('CN-pdf')}`)).json;
		const cnDownload = await request(cn.pdfUrl);
		expect(Buffer.from(await cnDownload.body.arrayBuffer())).toEqual(pdf);
		expect(emu.dump().pdfs).toEqual({ [inv.id]: pdf.length, [cn.id]: pdf.length });

		expect((await call(emu, 'POST', `/invoices/${ext('I-pdf')}/pdf`, { data: '' })).status).toBe(
			400,
		);
		expect((await call(emu, 'POST', `/invoices/${ext('I-pdf')}/pdf`, {})).status).toBe(400);
		const noFile = await call(emu, 'POST', `/invoices/${ext('I-pdf')}/pdf`, undefined, {
			raw: `--${boundary}\r\nContent-Disposition: form-data; name="other"\r\n\r\nx\r\n--${boundary}--\r\n`,
			headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
		});
		expect([noFile.status, noFile.json.message]).toEqual([400, expect.stringContaining('file')]);
	});

	test('portal URL, custom fields, paged dunning plans and users', async () => {
		await call(emu, 'POST', '/customers', customer('C-portal'));
		const portal = await call(emu, 'POST', `/customers/${ext('C-portal')}/portal`, {
			expiresIn: 3600,
			frameAncestors: 'a.com b.com',
		});
		expect(portal.status).toBe(200);
		expect(portal.json.url).toEqual(expect.any(String));
		expect(Date.parse(portal.json.expiresAt) - Date.now()).toBeGreaterThan(3500_000);
		expect(
			(await call(emu, 'POST', `/customers/${ext('C-portal')}/portal`, { expiresIn: -5 })).status,
		).toBe(400);
		expect((await call(emu, 'POST', '/customers/external:none/portal', {})).status).toBe(404);

		const field = await call(emu, 'POST', '/custom_fields', {
			name: 'Segment',
			dataType: 'SELECT',
		});
		expect(field.status).toBe(201);
		expect(field.json).toMatchObject({
			name: 'Segment',
			entityType: 'CUSTOMER',
			dataType: 'SELECT',
			values: [],
		});
		const invoiceField = await call(emu, 'POST', '/custom_fields', {
			name: 'PO',
			dataType: 'TEXT',
			entityType: 'INVOICE',
			externalId: 'po',
		});
		expect(invoiceField.status).toBe(201);
		expect((await call(emu, 'GET', '/custom_fields')).json).toMatchObject({
			offset: 0,
			limit: 100,
			total: 2,
			items: [{ name: 'Segment' }, { name: 'PO' }],
		});
		// A field of another entity type is refused on a customer; labels are case-sensitive and join the values.
		const wrongEntity = await call(emu, 'PUT', `/customers/${ext('C-portal')}`, {
			customFields: [{ externalId: 'po', value: 'x' }],
		});
		expect(wrongEntity.status).toBe(400);
		await call(emu, 'PUT', `/customers/${ext('C-portal')}`, {
			customFields: [{ id: field.json.id, value: { label: 'One' } }],
		});
		await call(
			emu,
			'POST',
			'/customers',
			customer('C-portal2', { customFields: [{ id: field.json.id, value: { label: 'one' } }] }),
		);
		expect((await call(emu, 'GET', '/custom_fields')).json.items[0].values).toEqual([
			{ label: 'One' },
			{ label: 'one' },
		]);

		const plans = await call(emu, 'GET', '/dunning_plans');
		expect(Object.keys(plans.json)).toEqual(['offset', 'limit', 'total', 'items']);
		expect(plans.json.items).toHaveLength(2);
		expect(plans.json.items[0]).toEqual({
			id: expect.any(String),
			name: expect.any(String),
			mode: expect.any(String),
			entity: expect.any(String),
		});
		const users = await call(emu, 'GET', '/users');
		expect(Object.keys(users.json)).toEqual(['users']);
		expect(users.json.users).toHaveLength(3);
		const assigned = await call(emu, 'PUT', `/customers/${ext('C-portal')}`, {
			dunningPlanId: plans.json.items[1].id,
			accountManagerId: users.json.users[0].id,
		});
		expect(assigned.json).toMatchObject({
			dunningPlanId: plans.json.items[1].id,
			accountManagerId: users.json.users[0].id,
		});
		expect(
			(await call(emu, 'PUT', `/customers/${ext('C-portal')}`, { dunningPlanId: null })).json
				.dunningPlanId,
		).toBeNull();
	});
});

describe('emulator: lists', () => {
	let emu: Emulator;
	beforeAll(async () => {
		emu = await startEmulator();
		emu.org().seedInvoices(1200, { customerExternalId: 'C-big' });
		for (let i = 0; i < 1100; i++) emu.org().upsert('customers', customer(`L-${i}`));
	});
	afterAll(() => emu.close());

	test('envelopes, default limit 100, creation order, page caps', async () => {
		const first = await call(emu, 'GET', '/invoices');
		expect(Object.keys(first.json)).toEqual(['offset', 'limit', 'total', 'invoices']);
		expect(first.json).toMatchObject({ offset: 0, limit: 100, total: 1200 });
		expect(first.json.invoices).toHaveLength(100);
		const page = await call(emu, 'GET', '/invoices?offset=1000&limit=500');
		expect(page.json.invoices).toHaveLength(200);
		expect(page.json.invoices[0].externalId).toBe('seed-inv-1000');
		const overCap = await call(emu, 'GET', '/invoices?limit=501');
		expect([overCap.status, overCap.json.message]).toEqual([400, expect.stringContaining('500')]);
		expect((await call(emu, 'GET', '/invoices?limit=0')).status).toBe(400);
		expect((await call(emu, 'GET', '/invoices?offset=-1')).status).toBe(400);

		const customers = await call(emu, 'GET', '/customers?limit=1000');
		expect(Object.keys(customers.json)).toEqual(['offset', 'limit', 'total', 'customers']);
		expect(customers.json.customers).toHaveLength(1000);
		expect(customers.json.total).toBe(1101);
		const overCustomerCap = await call(emu, 'GET', '/customers?limit=1001');
		expect([overCustomerCap.status, overCustomerCap.json.message]).toEqual([
			400,
			expect.stringContaining('1000'),
		]);

		for (const p of ['/payments', '/credit_notes', '/refunds', '/custom_fields']) {
			const r = await call(emu, 'GET', p);
			expect(Object.keys(r.json)).toEqual(['offset', 'limit', 'total', 'items']);
			expect((await call(emu, 'GET', `${p}?limit=501`)).status).toBe(400);
		}
	});

	test('filters the real API ignores are ignored; customFieldData_<id>.eq filters customers', async () => {
		const all = await call(emu, 'GET', '/invoices?limit=5');
		const filtered = await call(
			emu,
			'GET',
			'/invoices?limit=5&state=PAID&customerId=x&updatedAt%5Bgte%5D=2030-01-01&sort=-dueDate',
		);
		expect(filtered.json).toEqual(all.json);
		const ignoredOnCustomers = await call(emu, 'GET', '/customers?name=L-5&externalId=L-5');
		expect(ignoredOnCustomers.json.total).toBe(1101);

		const field = emu.org().createCustomField({ name: 'Tier', dataType: 'TEXT' });
		emu
			.org()
			.update('customers', 'external:L-7', { customFields: [{ id: field.id, value: 'gold' }] });
		emu
			.org()
			.update('customers', 'external:L-9', { customFields: [{ id: field.id, value: 'gold' }] });
		emu
			.org()
			.update('customers', 'external:L-8', { customFields: [{ id: field.id, value: 'silver' }] });
		const gold = await call(
			emu,
			'GET',
			`/customers?customFieldData_${field.id}.eq=gold&name=ignored`,
		);
		expect(gold.json.total).toBe(2);
		expect(gold.json.customers.map((c: { externalId: string }) => c.externalId)).toEqual([
			'L-7',
			'L-9',
		]);
	});
});

describe('emulator: limits, authentication, faults', () => {
	let emu: Emulator;
	const small: OrganizationOptions = {
		apiKey: 'key-small',
		apiSecret: 'secret-small',
		requestsPerWindow: 3,
		windowMs: 300,
	};
	const narrow: OrganizationOptions = {
		apiKey: 'key-narrow',
		apiSecret: 'secret-narrow',
		concurrency: 2,
	};
	const as = (o: OrganizationOptions): CallOptions => ({ key: o.apiKey, secret: o.apiSecret });
	beforeAll(async () => {
		emu = await startEmulator({
			organizations: [{ apiKey: DEMO_API_KEY, apiSecret: DEMO_API_SECRET }, small],
		});
		emu.addOrganization(narrow);
	});
	afterAll(() => emu.close());
	afterEach(() => emu.setFaults(undefined));

	test('organizations are isolated', async () => {
		await call(emu, 'POST', '/customers', customer('C-iso'), as(narrow));
		expect(emu.dump('key-narrow').customers.map((c) => c.externalId)).toEqual(['C-iso']);
		expect(emu.dump().customers).toEqual([]);
		expect((await call(emu, 'GET', `/customers/${ext('C-iso')}`)).status).toBe(404);
	});

	test('sliding window: the 4th request in 300 ms gets 429 with Retry-After; rejected requests do not count', async () => {
		// Real clock. The machine may be slow, so the expectations come from the arrival times the
		// emulator logged: a request is refused exactly when 3 accepted ones arrived in the 300 ms before it.
		await sleep(310);
		emu.clearLog();
		const replies = await Promise.all(
			[0, 1, 2, 3, 4].map(() => call(emu, 'GET', '/users', undefined, as(small))),
		);
		await sleep(310);
		replies.push(await call(emu, 'GET', '/users', undefined, as(small)));
		expect(replies[5].status).toBe(200);

		const log = emu.log('key-small');
		const accepted: number[] = [];
		for (const e of log) {
			const full = accepted.filter((t) => t > e.receivedAt - 300).length >= 3;
			expect([e.status, e.fault ?? null]).toEqual(full ? [429, 'rate-limited'] : [200, null]);
			if (!full) accepted.push(e.receivedAt);
		}
		const limited = replies.filter((r) => r.status === 429);
		for (const r of limited) {
			expect(r.headers['retry-after']).toBe('1');
			expect(r.json.message).toMatch(/rate limit/i);
		}
		// Five at once: unless the machine stalled 300 ms in between, two of them were refused.
		const burst = log.slice(0, 5).map((e) => e.receivedAt);
		if (Math.max(...burst) - Math.min(...burst) < 300) expect(limited).toHaveLength(2);
	});

	test('sliding window on an injected clock: exact Retry-After', async () => {
		let now = 1_000_000;
		const clocked = await startEmulator({
			now: () => now,
			organizations: [{ apiKey: 'k', apiSecret: 's', requestsPerWindow: 3, windowMs: 60_000 }],
		});
		try {
			const get = () => call(clocked, 'GET', '/users', undefined, { key: 'k', secret: 's' });
			for (const dt of [0, 10_000, 10_000]) {
				now += dt;
				expect((await get()).status).toBe(200);
			}
			now += 10_000; // 30 s after the first: it frees its slot in 30 s
			const refused = await get();
			expect([refused.status, refused.headers['retry-after']]).toEqual([429, '30']);
			now += 29_999;
			expect((await get()).headers['retry-after']).toBe('1');
			now += 1; // exactly 60 s after the first: it left the window
			expect((await get()).status).toBe(200);
			expect((await get()).headers['retry-after']).toBe('10');
		} finally {
			await clocked.close();
		}
	});

	test('limit switches on an injected clock: refused requests counted, no Retry-After, rate-limit headers', async () => {
		let now = 1_000_000;
		const rules = { requestsPerWindow: 3, windowMs: 60_000 };
		const clocked = await startEmulator({
			now: () => now,
			organizations: [
				{ apiKey: 'lenient', apiSecret: 's', ...rules },
				{ apiKey: 'strict', apiSecret: 's', ...rules, countRefused: true, retryAfter: false },
				{ apiKey: 'headers', apiSecret: 's', ...rules, rateLimitHeaders: true },
			],
		});
		try {
			const get = (key: string) => call(clocked, 'GET', '/users', undefined, { key, secret: 's' });
			const statuses: Record<string, number[]> = { lenient: [], strict: [], headers: [] };
			const answers: Record<string, Array<Record<string, unknown>>> = {
				lenient: [],
				strict: [],
				headers: [],
			};
			// Three accepted at 0, 10 and 20 s, a refusal at 30 s; at 60 s the first left the window.
			for (const at of [0, 10_000, 20_000, 30_000, 60_000, 70_000]) {
				now = 1_000_000 + at;
				for (const key of Object.keys(statuses)) {
					const answer = await get(key);
					statuses[key].push(answer.status);
					answers[key].push(answer.headers);
				}
			}
			// Lenient: the refusal at 30 s took no slot, so 60 s is accepted. Strict: it took the slot
			// until 90 s, so 60 s is refused too (and counts, till 120 s), and 70 s as well.
			expect(statuses.lenient).toEqual([200, 200, 200, 429, 200, 200]);
			expect(statuses.strict).toEqual([200, 200, 200, 429, 429, 429]);
			expect(answers.strict[3]['retry-after']).toBeUndefined();
			expect(answers.lenient[3]['retry-after']).toBe('30');
			expect(answers.lenient[0]['x-ratelimit-remaining']).toBeUndefined();
			const rate = (h: Record<string, unknown>) => [
				h['x-ratelimit-limit'],
				h['x-ratelimit-remaining'],
				h['x-ratelimit-reset'],
			];
			expect(answers.headers.map(rate)).toEqual([
				['3', '2', '0'],
				['3', '1', '0'],
				['3', '0', '40'],
				['3', '0', '30'],
				['3', '0', '10'],
				['3', '0', '10'],
			]);
			expect(answers.headers[3]['retry-after']).toBe('30');
		} finally {
			await clocked.close();
		}
	});

	test('concurrency: a request beyond the cap gets 429 at once', async () => {
		emu.clearLog();
		emu.setLatency(1000);
		const replies = await Promise.all(
			[0, 1, 2, 3].map(() => call(emu, 'GET', '/users', undefined, as(narrow))),
		);
		emu.setLatency(0);
		const log = emu.log('key-narrow');
		// Never more than 2 accepted in flight; each refusal came while 2 were in flight, and at once.
		for (const e of log) {
			if (e.status === 200) expect(e.inFlight).toBeLessThanOrEqual(2);
			else {
				expect([e.status, e.fault, e.inFlight]).toEqual([429, 'concurrency-limited', 3]);
				expect(e.respondedAt - e.receivedAt).toBeLessThan(500);
			}
		}
		expect(replies.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(1);
		expect(replies.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(2);
	});

	test('401 for an unknown key pair, never echoing the key or the secret', async () => {
		const secrets = ['sk_live_VERY_SECRET_value', 'pk_visible_KEY_123'];
		const wrongSecret = await call(emu, 'GET', '/customers', undefined, {
			key: DEMO_API_KEY,
			secret: secrets[0],
		});
		const wrongKey = await call(emu, 'GET', '/customers', undefined, {
			key: secrets[1],
			secret: DEMO_API_SECRET,
		});
		const none = await request(`${emu.baseUrl}/customers`);
		for (const r of [wrongSecret, wrongKey]) {
			expect(r.status).toBe(401);
			expect(r.json).toEqual({ message: 'Invalid API key or secret' });
			expect(JSON.stringify(r.headers) + r.text).not.toMatch(/VERY_SECRET|KEY_123|upflow-demo/);
		}
		expect(none.statusCode).toBe(401);
		await none.body.dump();
		const logText = JSON.stringify(emu.log());
		for (const s of [...secrets, DEMO_API_KEY, DEMO_API_SECRET, 'secret-small', 'key-small'])
			expect(logText).not.toContain(s);
		expect(
			emu
				.log()
				.slice(-3)
				.map((e) => e.status),
		).toEqual([401, 401, 401]);
		expect(emu.log(secrets[1]).at(-1)?.org).toBe(keyHash(secrets[1]));
	});

	async function faultRun(seed: number): Promise<Array<FaultKind | undefined>> {
		emu.clearLog();
		emu.setFaults({ rate: 0.5, seed, kinds: ['500', '502', '503', '504'] });
		for (let i = 0; i < 40; i++) await call(emu, 'GET', '/users');
		return emu.log(DEMO_API_KEY).map((e) => e.fault as FaultKind | undefined);
	}

	test('faults are deterministic for a given seed', async () => {
		const a = await faultRun(7);
		const b = await faultRun(7);
		const c = await faultRun(8);
		expect(a).toEqual(b);
		expect(a).not.toEqual(c);
		const faulted = a.filter(Boolean).length;
		expect(faulted).toBeGreaterThan(8);
		expect(faulted).toBeLessThan(32);
		for (const e of emu.log(DEMO_API_KEY)) expect(e.status).toBe(e.fault ? Number(e.fault) : 200);
	});

	test('5xx and drop-before do not apply the write; drop-after applies it and answers nothing', async () => {
		for (const kind of ['503', 'drop-before', 'drop-after'] as FaultKind[]) {
			emu.setFaults({ rate: 1, seed: 1, kinds: [kind] });
			const externalId = `C-fault-${kind}`;
			const outcome = await call(emu, 'POST', '/customers', customer(externalId)).then(
				(r) => r.status,
				(e: Error) => e.constructor.name,
			);
			emu.setFaults(undefined);
			const entry = emu.log(DEMO_API_KEY).at(-1)!;
			const exists = emu.dump().customers.some((c) => c.externalId === externalId);
			if (kind === '503')
				expect([outcome, entry.status, entry.applied, exists]).toEqual([503, 503, false, false]);
			else {
				expect(outcome).toMatch(/SocketError|Error/);
				expect([entry.status, entry.fault, entry.applied, exists]).toEqual([
					0,
					kind,
					kind === 'drop-after',
					kind === 'drop-after',
				]);
			}
		}
		// Retrying the dropped-after upsert is harmless: it updates (200), it does not duplicate.
		const retry = await call(emu, 'POST', '/customers', customer('C-fault-drop-after'));
		expect(retry.status).toBe(200);
		expect(emu.dump().customers.filter((c) => c.externalId === 'C-fault-drop-after')).toHaveLength(
			1,
		);
	});

	test('latency with jitter keeps requests in flight', async () => {
		emu.setLatency(60, 20);
		const started = Date.now();
		const r = await call(emu, 'GET', '/users');
		expect(r.status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(35);
		const e = emu.log(DEMO_API_KEY).at(-1)!;
		expect(e.respondedAt - e.receivedAt).toBeGreaterThanOrEqual(35);
	});
});

describe('emulator: test handle and injected clock', () => {
	test('org() changes state without HTTP or log; now() drives states and URL expiry', async () => {
		let now = Date.parse('2024-03-15T12:00:00Z');
		const emu = await startEmulator({ now: () => now });
		try {
			const org = emu.org();
			org.upsert('customers', customer('C-h'));
			const inv = org.upsert('invoices', invoice('I-h', 'C-h', { dueDate: '2024-03-31' }));
			expect(inv.state).toBe('DUE');
			expect(org.update('invoices', 'external:I-h', { grossAmount: 5 }).grossAmount).toBe(5);
			org.setPdf('invoices', 'external:I-h', Buffer.from('%PDF-1.7 tiny'));
			expect(emu.log()).toEqual([]);

			const read = await call(emu, 'GET', `/invoices/${ext('I-h')}`);
			expect(read.json).toMatchObject({ grossAmount: 5, state: 'DUE' });
			now = Date.parse('2024-04-01T00:00:01Z');
			expect((await call(emu, 'GET', `/invoices/${ext('I-h')}`)).json.state).toBe('OVERDUE');
			now += 60 * 60 * 1000; // the URL read above was valid one hour
			const expired = await request(read.json.pdfUrl);
			await expired.body.dump();
			expect(expired.statusCode).toBe(403);

			expect(org.remove('customers', 'external:C-h')).toBe(true);
			expect(emu.dump().invoices).toEqual([]);
			expect(emu.log().map((e) => e.receivedAt)).toEqual([
				Date.parse('2024-03-15T12:00:00Z'),
				Date.parse('2024-04-01T00:00:01Z'),
			]);
		} finally {
			await emu.close();
		}
	});

	test('seeding 100,000 invoices is fast and pages stay fast', async () => {
		const emu = await startEmulator();
		try {
			const t0 = Date.now();
			emu.org().seedInvoices(100_000);
			expect(emu.org().count('invoices')).toBe(100_000);
			const last = await call(emu, 'GET', '/invoices?offset=99900&limit=500');
			expect(last.json.invoices).toHaveLength(100);
			expect(last.json.invoices.at(-1).externalId).toBe('seed-inv-99999');
			expect(Date.now() - t0).toBeLessThan(60_000);
		} finally {
			await emu.close();
		}
	}, 120_000);
});

describe('emulator: command line', () => {
	test('npm run emulator prints the ready line and stops on SIGTERM', async () => {
		const root = path.resolve(__dirname, '../..');
		const child = spawn(
			process.execPath,
			[path.join(root, 'scripts/run.js'), 'test/emulator/cli.ts', '--port', '0', '--rpm', '100'],
			{
				cwd: root,
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		let out = '';
		let err = '';
		child.stdout.setEncoding('utf8');
		child.stderr.on('data', (c) => (err += c));
		const ready = new Promise<string>((resolve, reject) => {
			child.stdout.on('data', (chunk: string) => {
				out += chunk;
				const m = /^Upflow emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
				if (m) resolve(m[1]);
			});
			child.on('exit', (code) => reject(new Error(`exited early (${code}): ${out}`)));
		});
		try {
			const url = await ready;
			expect(out.split('\n')[0]).toBe(`Upflow emulator listening on ${url}`);
			const res = await request(`${url}/v1/users`, {
				headers: { 'x-api-key': DEMO_API_KEY, 'x-api-secret': DEMO_API_SECRET },
			});
			expect(res.statusCode).toBe(200);
			await res.body.dump();
		} finally {
			const exited = once(child, 'exit');
			child.kill('SIGTERM');
			const [code, signal] = await exited;
			expect([code, signal, err]).toEqual([0, null, '']);
			expect(out).toContain(`API key:    ${DEMO_API_KEY}`);
		}
	}, 120_000);
});
