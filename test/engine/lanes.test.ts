/**
 * Upflow's rule "never write two entities of the same customer at once", across node executions:
 * two Upflow nodes running at the same time share the organization's lanes (one limiter per
 * organization in the process). Checked on the emulator's log: the two writes never overlap.
 */
import { startEmulator } from '../emulator';
import type { Emulator, RequestLogEntry } from '../emulator';
import { byExternalId, runUpflowOk, warmScheduler } from './node-fixtures';

jest.setTimeout(60_000);

let emu: Emulator;

beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
	const org = emu.org();
	org.upsert('customers', {
		externalId: 'lane-a',
		name: 'Lane A',
		contacts: [{ email: 'ann@lane-a.example', externalId: 'lane-a-ann' }],
	});
	org.upsert('customers', {
		externalId: 'lane-b',
		name: 'Lane B',
		contacts: [{ email: 'bob@lane-b.example', externalId: 'lane-b-bob' }],
	});
	for (const [externalId, customer] of [
		['lane-inv-1', 'lane-a'],
		['lane-inv-2', 'lane-a'],
	]) {
		org.upsert('invoices', {
			externalId,
			customId: externalId,
			customer: { externalId: customer },
			issuedAt: '2024-01-01T00:00:00.000Z',
			dueDate: '2099-01-31T00:00:00.000Z',
			currency: 'EUR',
			grossAmount: 1200,
			netAmount: 1000,
		});
	}
	await warmScheduler(emu, 'lane-b');
	// Every answer takes 300 ms: two writes started together overlap unless something orders them.
	emu.setFaults({ rate: 0, latencyMs: 300 });
});
afterAll(async () => await emu.close());
beforeEach(() => emu.clearLog());

const overlap = (a: RequestLogEntry, b: RequestLogEntry) =>
	a.receivedAt < b.respondedAt && b.receivedAt < a.respondedAt;
const one = (method: string, path: RegExp) => {
	const found = emu.log().filter((entry) => entry.method === method && path.test(entry.path));
	expect(found).toHaveLength(1);
	return found[0];
};

async function upsertCustomerWhileUpdatingContact(contactCustomer: string, contact: string) {
	await Promise.all([
		runUpflowOk(emu, {
			resource: 'customer',
			operation: 'upsert',
			externalId: 'lane-a',
			name: 'Lane A (renamed)',
			additionalFields: {
				contacts: {
					contact: [{ email: 'ann@lane-a.example', externalId: 'lane-a-ann', firstName: 'Ann' }],
				},
			},
		}),
		runUpflowOk(emu, {
			resource: 'contact',
			operation: 'update',
			customer: byExternalId(contactCustomer),
			contact: byExternalId(contact),
			updateFields: { phone: '+33 1 00 00 00 00' },
		}),
	]);
}

it('a contact update waits for a customer upsert of the same customer (another node, same moment)', async () => {
	await upsertCustomerWhileUpdatingContact('lane-a', 'lane-a-ann');
	const upsert = one('POST', /^\/v1\/customers$/);
	const update = one('PUT', /\/contacts\//);
	expect(overlap(upsert, update)).toBe(false);
});

it('a contact of another customer does not wait (the check above can fail)', async () => {
	await upsertCustomerWhileUpdatingContact('lane-b', 'lane-b-bob');
	expect(overlap(one('POST', /^\/v1\/customers$/), one('PUT', /\/contacts\//))).toBe(true);
});

it("Invoice > Update runs in its customer's lane: two invoices of one customer are re-sent one after the other", async () => {
	await runUpflowOk(
		emu,
		{
			resource: 'invoice',
			operation: 'update',
			invoice: byExternalId('={{ $json.invoice }}'),
			updateFields: { name: '={{ $json.name }}' },
		},
		{
			items: [
				{ invoice: 'lane-inv-1', name: 'First' },
				{ invoice: 'lane-inv-2', name: 'Second' },
			],
		},
	);
	const posts = emu.log().filter((entry) => entry.method === 'POST');
	expect(posts).toHaveLength(2);
	expect(overlap(posts[0], posts[1])).toBe(false);
	expect(
		emu
			.dump()
			.invoices.map((invoice) => invoice.name)
			.sort(),
	).toEqual(['First', 'Second']);
});
