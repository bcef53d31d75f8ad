/**
 * Upflow Trigger as n8n runs it: the BUILT package, poll() through n8n-core's PollContext (a
 * scheduled poll of an active workflow via PollTriggerExecutor, or the editor's manual "Fetch Test
 * Event"), over HTTP against an in-process emulator. Every event: first-poll baseline, firing
 * exactly once per change (SCENARIOS: one entry per event of nodes/Upflow/trigger/events.ts),
 * manual mode, a configuration change, a lost execution, a failing poll. Upflow's list order is not
 * established: everything runs with the emulator listing oldest first and newest first (the
 * trigger is never told which).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { EVENTS } from '../../nodes/Upflow/trigger/events';
import type { EventName } from '../../nodes/Upflow/trigger/events';
import { LIST_ORDERS, startEmulator } from '../emulator';
import type { Emulator, ListOrder } from '../emulator';
import { runPoll, upflowCredentials } from './harness';
import type { PollResult } from './harness';

jest.setTimeout(60_000);

let emulator: Emulator;
let serial = 0;
const next = (prefix: string) => `${prefix}-${++serial}`;

async function startOrganization(listOrder: ListOrder): Promise<void> {
	emulator = await startEmulator({ port: 0, listOrder });
	const org = emulator.org();
	for (let c = 0; c < 3; c++)
		org.upsert('customers', { externalId: `cust-${c}`, name: `Customer ${c}` });
	for (let i = 0; i < 30; i++) createInvoice({ customer: `cust-${i % 3}` });
	createPayment('inv-seed', 0);
	org.setActionOrder(listOrder);
	for (let i = 0; i < 10; i++)
		org.addAction({
			customer: 'external:cust-0',
			name: `Old ${i}`,
			type: i % 2 ? 'EMAIL' : 'TASK',
			createdAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
		});
}

function createInvoice(
	over: { customer?: string; dueDate?: string; grossAmount?: number; externalId?: string } = {},
) {
	const externalId = over.externalId ?? next('inv');
	return emulator.org().upsert('invoices', {
		externalId,
		customId: `F-${externalId}`,
		customer: { externalId: over.customer ?? 'cust-0' },
		issuedAt: '2024-01-10',
		dueDate: over.dueDate ?? '2099-02-10',
		currency: 'EUR',
		grossAmount: over.grossAmount ?? 12000,
		netAmount: 10000,
	});
}

/** A payment; with `invoice`, linked to it for `linked` cents (all of it by default). */
function createPayment(
	_tag: string,
	amount = 500,
	invoice?: { externalId: string; linked?: number },
) {
	return emulator.org().upsert('payments', {
		externalId: next('pay'),
		customer: { externalId: 'cust-0' },
		amount: invoice?.linked ?? amount,
		currency: 'EUR',
		validatedAt: '2024-03-01',
		...(invoice
			? {
					linkedInvoices: [
						{ invoice: { externalId: invoice.externalId }, linkedAmount: invoice.linked ?? amount },
					],
				}
			: {}),
	});
}

const credentials = () => upflowCredentials(emulator);

async function poll(
	parameters: INodeParameters,
	staticData: IDataObject = {},
	mode: 'trigger' | 'manual' = 'trigger',
): Promise<PollResult> {
	return await runPoll({ parameters, credentials: credentials(), staticData, mode });
}

/** A trigger whose static data is kept between polls, as n8n keeps it for an active workflow. */
function trigger(parameters: INodeParameters) {
	let staticData: IDataObject = {};
	return {
		get staticData() {
			return staticData;
		},
		async poll(): Promise<IDataObject[]> {
			const result = await poll(parameters, staticData);
			staticData = result.staticData;
			return result.items.map((item) => item.json);
		},
		/** Polls once and expects the first-activation baseline: nothing emitted. */
		async activate(): Promise<void> {
			emulator.clearLog();
			const result = await poll(parameters, staticData);
			expect(result.response).toBeNull();
			staticData = result.staticData;
		},
	};
}

const externalIds = (records: IDataObject[]) => records.map((record) => record.externalId);
const names = (records: IDataObject[]) => records.map((record) => record.name);
const addAction = (seed: Parameters<ReturnType<Emulator['org']>['addAction']>[0]) =>
	emulator.org().addAction({ customer: 'external:cust-0', ...seed });

/** A scenario of one event, run in each list order. */
type Scenario = (listOrder: ListOrder) => Promise<void>;

/**
 * One or more scenarios per event of the trigger (nodes/Upflow/trigger/events.ts), keyed by a label
 * ('' for the plain case): a silent first poll, then each change reported once, nothing else.
 */
const SCENARIOS: Record<EventName, Record<string, Scenario>> = {
	newCustomer: {
		'': async () => {
			const t = trigger({ event: 'newCustomer' });
			await t.activate();
			expect(await t.poll()).toEqual([]);
			emulator.org().upsert('customers', { externalId: 'new-cust', name: 'New customer' });
			expect(externalIds(await t.poll())).toEqual(['new-cust']);
			expect(await t.poll()).toEqual([]);
		},
	},
	customerUpdated: {
		'watched fields only': async () => {
			const t = trigger({ event: 'customerUpdated' });
			await t.activate();
			emulator.org().update('customers', 'external:cust-1', { vatNumber: 'FR123' });
			const changed = await t.poll();
			expect(externalIds(changed)).toEqual(['cust-1']);
			expect(changed[0].vatNumber).toBe('FR123');
			expect(await t.poll()).toEqual([]);
			// A new invoice changes the customer's balance, which is not watched by default.
			createInvoice({ customer: 'cust-1' });
			expect(await t.poll()).toEqual([]);
		},
	},
	newInvoice: {
		'': async () => {
			const t = trigger({ event: 'newInvoice' });
			await t.activate();
			const a = createInvoice();
			const b = createInvoice();
			expect(externalIds(await t.poll())).toEqual([a.externalId, b.externalId]);
			expect(await t.poll()).toEqual([]);
		},
		'a burst larger than a page, each once, oldest first; deletions report nothing': async (
			listOrder,
		) => {
			const t = trigger({ event: 'newInvoice' });
			await t.activate();
			const first = createInvoice();
			expect(externalIds(await t.poll())).toEqual([first.externalId]);
			emulator
				.org()
				.seedInvoices(620, { prefix: `burst-${listOrder}-`, customerExternalId: 'cust-1' });
			const burst = Array.from({ length: 620 }, (_, i) => `burst-${listOrder}-${i}`);
			expect(externalIds(await t.poll())).toEqual(burst);
			emulator.org().remove('invoices', `external:burst-${listOrder}-619`);
			emulator.org().remove('invoices', `external:${first.externalId}`);
			expect(await t.poll()).toEqual([]);
			const last = createInvoice();
			expect(externalIds(await t.poll())).toEqual([last.externalId]);
		},
	},
	invoiceUpdated: {
		'': async () => {
			const t = trigger({ event: 'invoiceUpdated' });
			await t.activate();
			const target = emulator.org().list('invoices')[4];
			emulator.org().update('invoices', target.id, { dueDate: '2099-12-31' });
			const changed = await t.poll();
			expect(changed.map((r) => r.id)).toEqual([target.id]);
			expect(await t.poll()).toEqual([]);
			// Not watched by default: a PDF being attached.
			emulator.org().setPdf('invoices', target.id, Buffer.from('%PDF-1.4 test'));
			expect(await t.poll()).toEqual([]);
		},
	},
	invoicePaid: {
		'outstanding reaches 0': async () => {
			const t = trigger({ event: 'invoicePaid' });
			await t.activate();
			const target = createInvoice({ grossAmount: 1000 });
			expect(await t.poll()).toEqual([]); // new and unpaid
			createPayment('half', 400, { externalId: target.externalId });
			expect(await t.poll()).toEqual([]); // partly paid
			createPayment('rest', 600, { externalId: target.externalId });
			const paid = await t.poll();
			expect(externalIds(paid)).toEqual([target.externalId]);
			expect(paid[0].amountOutstanding).toBe(0);
			expect(await t.poll()).toEqual([]);
		},
	},
	invoiceOverdue: {
		'once per invoice, not for invoices overdue at activation': async () => {
			const before = createInvoice({ dueDate: '2024-01-31' }); // overdue already
			const t = trigger({ event: 'invoiceOverdue' });
			await t.activate();
			const target = createInvoice({ dueDate: '2099-01-31' });
			expect(await t.poll()).toEqual([]);
			emulator.org().update('invoices', `external:${target.externalId}`, { dueDate: '2024-02-29' });
			expect(externalIds(await t.poll())).toEqual([target.externalId]);
			expect(await t.poll()).toEqual([]);
			emulator.org().update('invoices', `external:${target.externalId}`, { dueDate: '2024-03-31' });
			expect(await t.poll()).toEqual([]);
			expect(externalIds(await t.poll())).not.toContain(before.externalId);
		},
	},
	newPayment: {
		'': async () => {
			const t = trigger({ event: 'newPayment' });
			await t.activate();
			const payment = createPayment('p', 700);
			expect(externalIds(await t.poll())).toEqual([payment.externalId]);
			expect(await t.poll()).toEqual([]);
		},
		'payments carry createdAt: silent first poll, then each new payment once': async () => {
			const t = trigger({ event: 'newPayment' });
			await t.activate();
			const payments = [createPayment('a', 100), createPayment('b', 200), createPayment('c', 300)];
			expect(externalIds(await t.poll())).toEqual(payments.map((p) => p.externalId));
			expect(await t.poll()).toEqual([]);
		},
	},
	newCreditNote: {
		'': async () => {
			const t = trigger({ event: 'newCreditNote' });
			await t.activate();
			const note = emulator.org().upsert('creditNotes', {
				externalId: next('cn'),
				customId: 'CN-1',
				customer: { externalId: 'cust-2' },
				issuedAt: '2024-02-01',
				currency: 'EUR',
				grossAmount: 300,
				netAmount: 250,
			});
			expect(externalIds(await t.poll())).toEqual([note.externalId]);
			expect(await t.poll()).toEqual([]);
		},
	},
	newRefund: {
		'': async () => {
			const t = trigger({ event: 'newRefund' });
			await t.activate();
			const payment = createPayment('to-refund', 900);
			const refund = emulator.org().upsert('refunds', {
				externalId: next('ref'),
				customer: { externalId: 'cust-0' },
				amount: 900,
				currency: 'EUR',
				validatedAt: '2024-03-05',
				linkedPayments: [{ payment: { externalId: payment.externalId }, linkedAmount: 900 }],
			});
			expect(externalIds(await t.poll())).toEqual([refund.externalId]);
			expect(await t.poll()).toEqual([]);
		},
	},
	newAction: {
		'any type': async (listOrder) => {
			const t = trigger({ event: 'newAction' });
			await t.activate();
			addAction({ name: 'Reminder 1', type: 'EMAIL' });
			addAction({ name: 'Call them', type: 'TASK' });
			// Actions are reported in the order Upflow lists them.
			const created = ['Reminder 1', 'Call them'];
			expect(names(await t.poll())).toEqual(
				listOrder === 'oldest-first' ? created : created.reverse(),
			);
			expect(await t.poll()).toEqual([]);
		},
		'one type': async () => {
			const t = trigger({ event: 'newAction', actionType: 'TASK' });
			await t.activate();
			addAction({ name: 'Reminder 2', type: 'EMAIL' });
			addAction({ name: 'Task 2', type: 'TASK' });
			expect(names(await t.poll())).toEqual(['Task 2']);
			expect(await t.poll()).toEqual([]);
		},
	},
	actionUpdated: {
		'a task done, a reminder sent; new actions are not updates': async () => {
			const t = trigger({ event: 'actionUpdated' });
			await t.activate();
			const named = (name: string) => emulator.dump().actions.find((a) => a.name === name)!;
			const [task, reminder] = [named('Old 2'), named('Old 3')];
			emulator.org().updateAction(task.id, { state: 'EXECUTED' });
			addAction({ name: 'Brand new' });
			expect((await t.poll()).map((a) => [a.id, a.state])).toEqual([[task.id, 'EXECUTED']]);
			expect(await t.poll()).toEqual([]);
			// The same task changed again is a new change.
			emulator.org().updateAction(task.id, { state: 'IGNORED' });
			emulator.org().updateAction(reminder.id, { state: 'EXECUTED' });
			const changed = (await t.poll()).map((a) => [a.name, a.state]);
			expect(changed).toEqual(
				expect.arrayContaining([
					['Old 2', 'IGNORED'],
					['Old 3', 'EXECUTED'],
				]),
			);
			expect(changed).toHaveLength(2);
			expect(await t.poll()).toEqual([]);
		},
	},
	customerReplied: {
		'only actions whose source is REPLY': async () => {
			const t = trigger({ event: 'customerReplied' });
			await t.activate();
			addAction({ name: 'Reminder 3', source: 'WORKFLOW' });
			const reply = addAction({ name: 'Re: Invoice F-1', source: 'REPLY' });
			const emitted = await t.poll();
			expect(emitted).toEqual([emulator.dump().actions.find((a) => a.id === reply.id)]);
			expect(emitted[0]).toMatchObject({
				source: 'REPLY',
				customer: { companyName: 'Customer 0' },
			});
			expect(await t.poll()).toEqual([]);
		},
	},
};

describe.each(LIST_ORDERS)('Upflow Trigger, lists served %s', (listOrder) => {
	beforeAll(async () => await startOrganization(listOrder));
	afterAll(async () => await emulator.close());

	describe('each event fires exactly once per change, after a silent first poll', () => {
		it.each(
			EVENTS.flatMap((event) =>
				Object.entries(SCENARIOS[event.name] ?? {}).map(([label, run]) => [
					`${event.displayName}${label ? `: ${label}` : ''}`,
					run,
				]),
			) as Array<[string, Scenario]>,
		)('%s', async (_name, run) => await run(listOrder));

		it('has a scenario for every event', () => {
			const missing = EVENTS.filter((event) => !Object.keys(SCENARIOS[event.name] ?? {}).length);
			if (missing.length > 0)
				throw new Error(
					`No scenario for the trigger event(s) ${missing.map((event) => event.name).join(', ')}: add one to SCENARIOS in test/engine/trigger.test.ts`,
				);
		});
	});

	describe('manual mode ("Fetch Test Event")', () => {
		it('returns a real record and changes no state', async () => {
			const stored = { kept: 'as is' };
			const result = await poll({ event: 'newInvoice' }, stored, 'manual');
			expect(result.items).toHaveLength(1);
			const invoices = emulator.org().list('invoices');
			// With no stored state and no creation stamps on invoices, the order is unknown: the
			// end of the list is taken (the newest when listed oldest first).
			if (listOrder === 'oldest-first') expect(result.items[0].json.id).toBe(invoices.at(-1)!.id);
			else expect(invoices.map((invoice) => invoice.id)).toContain(result.items[0].json.id);
			expect(result.staticData).toEqual(stored);
		});

		it('prefers a record the event would emit', async () => {
			const paid = await poll({ event: 'invoicePaid' }, {}, 'manual');
			expect(paid.items[0].json.amountOutstanding).toBe(0);
			expect(paid.staticData).toEqual({});
			const customer = await poll({ event: 'customerUpdated' }, {}, 'manual');
			expect(customer.items[0].json.externalId).toEqual(expect.any(String));
		});
	});

	describe('state', () => {
		it('starts a new baseline when the configuration changes', async () => {
			const t = trigger({ event: 'invoiceUpdated', invoiceFields: ['dueDate'] });
			await t.activate();
			const target = emulator.org().list('invoices')[2];
			emulator.org().update('invoices', target.id, { name: 'Watched now' });
			// The user adds Name to the watched fields: the first poll with it is a new baseline.
			const changedConfig = await poll(
				{ event: 'invoiceUpdated', invoiceFields: ['dueDate', 'name'] },
				t.staticData,
			);
			expect(changedConfig.response).toBeNull();
			emulator.org().update('invoices', target.id, { name: 'Changed again' });
			const after = await poll(
				{ event: 'invoiceUpdated', invoiceFields: ['dueDate', 'name'] },
				changedConfig.staticData,
			);
			expect(after.items.map((i) => i.json.id)).toEqual([target.id]);
		});

		it('a lost execution (state not saved) emits the same records again; a saved one does not', async () => {
			for (const [round, event] of ['newInvoice', 'invoiceUpdated', 'invoicePaid'].entries()) {
				const t = trigger({ event });
				await t.activate();
				const invoice = createInvoice({ grossAmount: 800 });
				const existing = emulator.org().list('invoices')[7];
				emulator.org().update('invoices', existing.id, { dueDate: `2098-06-1${round}` });
				if (event === 'invoicePaid') {
					await t.poll(); // the new invoice enters the state unpaid
					createPayment('crash', 800, { externalId: invoice.externalId });
				}
				const saved = t.staticData;
				const lost = await poll({ event }, saved);
				expect(lost.items.length).toBeGreaterThan(0);
				const again = await poll({ event }, saved);
				expect(again.items.map((i) => i.json.id)).toEqual(lost.items.map((i) => i.json.id));
				expect((await poll({ event }, again.staticData)).items).toEqual([]);
			}
		});

		it('stays within 8 bytes per record and Max Requests per Poll on 5,000 invoices', async () => {
			const big = await startEmulator({ port: 0, listOrder });
			try {
				big.org().seedInvoices(5000);
				const parameters = { event: 'invoiceUpdated', maxRequestsPerPoll: 4 };
				let staticData: IDataObject = {};
				// The baseline (about 4 polls), then the start of the next pass: nothing to report.
				for (let polls = 0; polls < 5; polls++) {
					big.clearLog();
					const result = await runPoll({
						parameters,
						credentials: upflowCredentials(big),
						staticData,
					});
					expect(result.response).toBeNull();
					expect(result.items).toEqual([]);
					expect(big.log().length).toBeLessThanOrEqual(4);
					staticData = result.staticData;
				}
				expect(JSON.stringify(staticData).length / 5000).toBeLessThanOrEqual(8);
				// A change anywhere is emitted within ceil(11 pages / 3 sweep pages) + 1 polls.
				const target = big.org().list('invoices')[2500];
				big.org().update('invoices', target.id, { grossAmount: 99_999 });
				const seen: unknown[] = [];
				for (let i = 0; i < 5; i++) {
					const result = await runPoll({
						parameters,
						credentials: upflowCredentials(big),
						staticData,
					});
					staticData = result.staticData;
					seen.push(...result.items.map((item) => item.json.id));
				}
				expect(seen).toEqual([target.id]);
			} finally {
				await big.close();
			}
		});
	});

	describe('a failing poll', () => {
		it('throws a clear error with the failure cause', async () => {
			const error = await runPoll({
				parameters: { event: 'invoicePaid' },
				credentials: upflowCredentials(emulator, { apiSecret: 'wrong-secret' }),
				staticData: {},
			}).catch((e: unknown) => e);
			expect(error).toMatchObject({
				name: 'NodeApiError',
				message: expect.stringMatching(/Upflow refused the request \(401\)/),
				failure: { cause: 'credential-invalid' },
			});
			expect(JSON.stringify(error)).not.toContain('wrong-secret');
		});
	});
});
