/**
 * The emulator's list order switch: Upflow's default list order is not established, so the
 * emulator serves every paged list oldest first (default) or newest first, set at start, at run
 * time, or with `--list-order` on the command line.
 */
import { request } from 'undici';

import { parseArgs } from '../emulator/cli';
import { DEMO_API_KEY, DEMO_API_SECRET, startEmulator } from '../emulator';
import type { Emulator } from '../emulator';
import { orderedSlice } from '../emulator/order';

jest.setTimeout(60_000);

async function list(emu: Emulator, path: string): Promise<Record<string, unknown>> {
	const res = await request(`${emu.baseUrl}${path}`, {
		headers: { 'x-api-key': DEMO_API_KEY, 'x-api-secret': DEMO_API_SECRET },
	});
	expect(res.statusCode).toBe(200);
	return (await res.body.json()) as Record<string, unknown>;
}

const externalIds = (rows: unknown) =>
	(rows as Array<{ externalId: string }>).map((row) => row.externalId);

describe('emulator: list order', () => {
	let emu: Emulator;
	beforeAll(async () => {
		emu = await startEmulator({ listOrder: 'newest-first' });
		const org = emu.org();
		org.seedInvoices(7, { customerExternalId: 'c-0' });
		for (let i = 1; i < 4; i++)
			org.upsert('customers', { externalId: `c-${i}`, name: `Customer ${i}` });
		for (let i = 0; i < 3; i++) {
			org.upsert('payments', {
				externalId: `p-${i}`,
				customer: { externalId: 'c-0' },
				amount: 100,
				currency: 'EUR',
				validatedAt: '2024-03-01',
			});
		}
		for (let i = 0; i < 2; i++) org.createCustomField({ name: `Field ${i}`, dataType: 'TEXT' });
	});
	afterAll(async () => await emu.close());

	test('newest first on every paged list, with the same paging and total', async () => {
		const page = await list(emu, '/invoices?offset=2&limit=3');
		expect(page).toMatchObject({ offset: 2, limit: 3, total: 7 });
		expect(externalIds(page.invoices)).toEqual(['seed-inv-4', 'seed-inv-3', 'seed-inv-2']);
		expect(externalIds((await list(emu, '/invoices?offset=5&limit=5')).invoices)).toEqual([
			'seed-inv-1',
			'seed-inv-0',
		]);
		expect(externalIds((await list(emu, '/customers')).customers)).toEqual([
			'c-3',
			'c-2',
			'c-1',
			'c-0',
		]);
		expect(externalIds((await list(emu, '/payments')).items)).toEqual(['p-2', 'p-1', 'p-0']);
		const fields = (await list(emu, '/custom_fields')).items as Array<{ name: string }>;
		expect(fields.map((field) => field.name)).toEqual(['Field 1', 'Field 0']);
	});

	test('switches at run time, from the next request on', async () => {
		emu.setListOrder('oldest-first');
		expect(externalIds((await list(emu, '/payments')).items)).toEqual(['p-0', 'p-1', 'p-2']);
		emu.setListOrder('newest-first');
		expect(externalIds((await list(emu, '/payments?limit=1')).items)).toEqual(['p-2']);
		expect(() => emu.setListOrder('sideways' as never)).toThrow(/listOrder/);
	});

	test('orders a slice without copying the table, and the command line takes --list-order', () => {
		const rows = [0, 1, 2, 3, 4];
		expect(orderedSlice(rows, 1, 2, 'oldest-first')).toEqual([1, 2]);
		expect(orderedSlice(rows, 1, 2, 'newest-first')).toEqual([3, 2]);
		expect(orderedSlice(rows, 4, 10, 'newest-first')).toEqual([0]);
		expect(orderedSlice(rows, 9, 10, 'newest-first')).toEqual([]);
		expect(parseArgs(['--list-order', 'newest-first']).values['list-order']).toBe('newest-first');
	});
});
