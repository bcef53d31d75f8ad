/**
 * A field the contract home documents but no rule of the emulator reads is kept as sent and read
 * back, so adding an optional field to test/contract/upflow.ts needs no emulator change. The test
 * documents a field for its own duration (`purchaseOrder` on invoices) and takes it out after.
 */
import type { FieldSpec } from '../contract/upflow';
import { writeCall } from '../contract/upflow';
import { DEMO_API_KEY, DEMO_API_SECRET, startEmulator } from '../emulator';
import type { Emulator } from '../emulator';

let emu: Emulator;
const invoiceBody = writeCall('invoice.upsert').body as Record<string, FieldSpec>;

beforeAll(async () => {
	invoiceBody.purchaseOrder = { type: 'string', status: 'assumed' };
	emu = await startEmulator({ port: 0 });
	emu.org().upsert('customers', { externalId: 'C-po', name: 'PO Ltd' });
});
afterAll(async () => {
	delete invoiceBody.purchaseOrder;
	await emu.close();
});

async function send(method: string, path: string, body: unknown) {
	const response = await fetch(`${emu.baseUrl}${path}`, {
		method,
		headers: {
			'content-type': 'application/json',
			'x-api-key': DEMO_API_KEY,
			'x-api-secret': DEMO_API_SECRET,
		},
		body: JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const invoice = {
	externalId: 'I-po',
	customId: 'F-po',
	customer: { externalId: 'C-po' },
	issuedAt: '2024-03-01',
	dueDate: '2024-03-31',
	currency: 'EUR',
	grossAmount: 1200,
	netAmount: 1000,
};

describe('documented fields without an emulator rule', () => {
	it('are stored as sent and read back under the same key', async () => {
		const created = await send('POST', '/invoices', { ...invoice, purchaseOrder: 'PO-1' });
		expect(created.status).toBe(201);
		expect(created.body.purchaseOrder).toBe('PO-1');
		expect(emu.org().get('invoices', 'external:I-po')).toMatchObject({ purchaseOrder: 'PO-1' });
	});

	it('keep their value when a later upsert leaves them out, and change when one sends them', async () => {
		await send('POST', '/invoices', { ...invoice, name: 'renamed' });
		expect(emu.org().get('invoices', 'external:I-po')).toMatchObject({ purchaseOrder: 'PO-1' });
		await send('POST', '/invoices', { ...invoice, purchaseOrder: 'PO-2' });
		expect(emu.org().get('invoices', 'external:I-po')).toMatchObject({ purchaseOrder: 'PO-2' });
	});

	it('are still refused when the contract does not document them', async () => {
		const refused = await send('POST', '/invoices', { ...invoice, purchaseOrders: 'PO-3' });
		expect(refused.status).toBe(400);
		expect(String(refused.body.message)).toMatch(/purchaseOrders is not a field Upflow documents/);
	});
});
