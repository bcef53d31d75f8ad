/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code run by Jest in Node, not by n8n */
/**
 * Secrets never reach what the Upflow node hands back: with Continue On Fail, failing operations
 * (401 with a wrong secret, 404, 409, 400, 5xx exhausted within a 1 s retry budget) come out as
 * error items, and neither the API key nor the secret appears in them (json, error, the whole
 * stored run), nor in the node error when the node fails without Continue On Fail.
 */
import { inspect } from 'node:util';

import type {
	ICredentialDataDecryptedObject,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

import { startEmulator, type Emulator } from '../emulator';
import { runNode, upflowCredentials, type NodeRunResult } from './harness';

// Distinctive values: any leak shows up as a plain substring.
const API_KEY = 'outputs-dummy-key-93f0c2b7';
const API_SECRET = 'outputs-dummy-secret-5e81d4aa';
/** Contains API_SECRET: a leak of the wrong secret is caught by the same check. */
const WRONG_SECRET = `${API_SECRET}-wrong`;

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({
		port: 0,
		organizations: [{ apiKey: API_KEY, apiSecret: API_SECRET }],
	});
	const org = emulator.org(API_KEY);
	org.upsert('customers', { externalId: 'out-empty', name: 'No records' });
	// A customer with an invoice cannot be deleted: 409.
	org.seedInvoices(1, { customerExternalId: 'out-busy', prefix: 'out-inv-' });
});

afterAll(async () => await emulator?.close());

beforeEach(() => {
	emulator.setFaults(undefined);
	emulator.clearLog();
});

function credentials(
	overrides: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return upflowCredentials(emulator, { apiKey: API_KEY, apiSecret: API_SECRET, ...overrides });
}

const customerLocator = (value: string) => ({ __rl: true, mode: 'externalId', value });

/** Every text a user, a log or a later node could see of a run. */
function visibleTexts(result: NodeRunResult): string[] {
	const texts = [
		JSON.stringify(result.items),
		JSON.stringify(result.run),
		inspect(result.items, { depth: 10, showHidden: true }),
	];
	for (const item of result.items) {
		texts.push(JSON.stringify(item.json));
		if (item.error) {
			texts.push(
				JSON.stringify(item.error),
				String(item.error.message),
				String(item.error.description ?? ''),
			);
			texts.push(inspect(item.error, { depth: 10, showHidden: true }));
		}
	}
	if (result.error) {
		texts.push(
			JSON.stringify(result.error),
			String(result.error.message),
			String(result.error.description ?? ''),
		);
		texts.push(inspect(result.error, { depth: 10, showHidden: true }));
	}
	return texts;
}

function expectNoSecrets(result: NodeRunResult): void {
	for (const text of visibleTexts(result)) {
		expect(text).not.toContain(API_KEY);
		expect(text).not.toContain(API_SECRET);
	}
}

interface Failing {
	name: string;
	parameters: INodeParameters;
	/** Credential fields over the right key pair (the emulator's URL is only known at run time). */
	credentials: ICredentialDataDecryptedObject;
	/** The error item's message. */
	says: RegExp;
	/** Statuses the emulator answered. */
	statuses: (statuses: number[]) => void;
	faults?: true;
}

const failing: Failing[] = [
	{
		name: '401 (wrong secret)',
		parameters: { resource: 'customer', operation: 'get', customer: customerLocator('out-empty') },
		credentials: { apiSecret: WRONG_SECRET },
		says: /^Upflow refused the request for item 0 \(401\)/,
		// n8n-core itself re-sends once after a 401 (its credential "pre-authentication" refresh,
		// present in every n8n instance); the node does not retry it further.
		statuses: (s) =>
			expect(s.length === 1 || s.length === 2 ? s.every((status) => status === 401) : s).toBe(true),
	},
	{
		name: '404 (no such customer)',
		parameters: { resource: 'customer', operation: 'get', customer: customerLocator('out-nobody') },
		credentials: {},
		says: /^Upflow refused the request for item 0 \(404\)/,
		statuses: (s) => expect(s).toEqual([404]),
	},
	{
		name: '409 (customer with invoices)',
		parameters: {
			resource: 'customer',
			operation: 'delete',
			customer: customerLocator('out-busy'),
		},
		credentials: {},
		says: /^Upflow refused the request for item 0 \(409\)/,
		statuses: (s) => expect(s).toEqual([409]),
	},
	{
		name: '400 (invoice for an unknown customer)',
		parameters: {
			resource: 'invoice',
			operation: 'upsert',
			externalId: 'out-inv-x',
			customId: 'X-1',
			customer: customerLocator('out-ghost'),
			issuedAt: '2024-03-01',
			dueDate: '2024-04-01',
			currency: 'EUR',
			grossAmount: '1200',
			netAmount: '1000',
		},
		credentials: {},
		says: /^Upflow refused the request for item 0 \(400\)/,
		statuses: (s) => expect(s).toEqual([400]),
	},
	{
		name: '503 until the 1 s retry budget is spent',
		parameters: {
			resource: 'customer',
			operation: 'upsert',
			externalId: 'out-503',
			name: 'Never lands',
		},
		credentials: { retryBudgetSeconds: 1 },
		says: /^Upflow could not be reached for item 0: Upflow answered 503/,
		statuses: (s) => {
			expect(s.length).toBeGreaterThanOrEqual(1);
			expect(s.every((status) => status === 503)).toBe(true);
		},
		faults: true,
	},
];

describe('secrets never reach outputs', () => {
	it.each(failing.map((f) => [f.name, f] as const))(
		'%s: error item with Continue On Fail, and the node error without',
		async (_name, f) => {
			if (f.faults) emulator.setFaults({ rate: 1, kinds: ['503'] });
			const data = credentials(f.credentials);
			const withContinue = await runNode({
				type: 'upflow',
				parameters: f.parameters,
				credentials: data,
				continueOnFail: true,
				items: [{ n: 1 }],
			});

			expect(withContinue.error).toBeUndefined();
			expect(withContinue.items).toHaveLength(1);
			const [item] = withContinue.items as [INodeExecutionData];
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(item.json.error).toMatch(f.says);
			expect(item.error?.message).toMatch(f.says);
			f.statuses(emulator.log().map((entry) => entry.status));
			// The emulator really received the key (so it was there to leak) ...
			expect(emulator.log().every((entry) => entry.org !== '')).toBe(true);
			// ... and none of it comes back.
			expectNoSecrets(withContinue);

			emulator.clearLog();
			const without = await runNode({
				type: 'upflow',
				parameters: f.parameters,
				credentials: data,
				items: [{ n: 1 }],
			});
			expect(without.run.status).toBe('error');
			expect(without.error?.message).toMatch(f.says);
			expect(emulator.log().length).toBeGreaterThanOrEqual(1);
			expectNoSecrets(without);
		},
	);

	it('a mixed batch: successes and every kind of failure side by side, none carrying a secret', async () => {
		// Item 0 lands, 1 is refused before sending, 2 is a 404, 3 a 409: one run, one credential.
		const result = await runNode({
			type: 'upflow',
			parameters: {
				resource: 'customer',
				operation: 'delete',
				customer: customerLocator('={{ $json.customer }}'),
			},
			credentials: credentials(),
			continueOnFail: true,
			items: [
				{ customer: 'out-empty' },
				{ customer: '' },
				{ customer: 'out-nobody' },
				{ customer: 'out-busy' },
			],
		});

		expect(result.items.map((item) => item.pairedItem)).toEqual(
			[0, 1, 2, 3].map((item) => ({ item })),
		);
		expect(result.items[0].json).toEqual({ deleted: true });
		expect(result.items[1].json.error).toMatch(/^\[item 1\] customer: /);
		expect(result.items[2].json.error).toMatch(/item 2 \(404\)/);
		expect(result.items[3].json.error).toMatch(/item 3 \(409\)/);
		expect(emulator.dump(API_KEY).customers.map((customer) => customer.externalId)).not.toContain(
			'out-empty',
		);
		expectNoSecrets(result);
	});
});
