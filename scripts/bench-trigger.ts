/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- a benchmark run by Node, not n8n: it reads files and the clock, and prints its figures */
/**
 * Upflow Trigger at scale: an emulator organization with 100,000 invoices, the BUILT package's
 * poll() run through n8n-core's PollContext (test/engine/harness.ts), the default budget. Upflow's
 * list order is not established, so every event runs twice: the emulator listing oldest first, then
 * newest first (the trigger is never told which; it tells it from the data).
 *
 * For each event it prints: the first-activation baseline (polls, requests), the state size in
 * bytes per record, the requests per poll, and how many polls it takes until a change made
 * anywhere in the collection is emitted (several positions at once, including the worst case: a
 * record the sweep has just passed), next to what the README's formula predicts.
 *
 *   npm run build && npm run bench:trigger
 *   node scripts/run.js scripts/bench-trigger.ts --records 100000 --budget 20 --events invoiceUpdated,newInvoice \
 *     --orders oldest-first,newest-first
 *
 * Results also go to bench-results-trigger.json (git-ignored).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { invoiceApi } from '../nodes/Upflow/resources/invoice/api';
import { sweepPollsPerPass } from '../nodes/Upflow/trigger/cost';
import { storedProgress } from '../nodes/Upflow/trigger/state';
import { startEmulator } from '../test/emulator';
import type { Emulator, ListOrder } from '../test/emulator';
import { runPoll, upflowCredentials } from '../test/engine/harness';

function option(name: string, fallback: string): string {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

const RECORDS = Number(option('records', '100000'));
const BUDGET = Number(option('budget', '20'));
const EVENTS = option('events', 'invoiceUpdated,invoicePaid,invoiceOverdue,newInvoice').split(',');
const ORDERS = option('orders', 'oldest-first,newest-first').split(',') as ListOrder[];

/** The README's formula: polls for one pass of the sweep (B - 1 pages per poll after the tail check). */
const POLLS_PER_PASS = sweepPollsPerPass(RECORDS, invoiceApi.pageCap, BUDGET);

/** The trigger of one event, polled through PollContext with its static data carried over. */
class Subject {
	staticData: IDataObject = {};
	pollMs: number[] = [];

	constructor(
		readonly emulator: Emulator,
		readonly event: string,
	) {}

	/** One poll: the requests it made and the ids it emitted. */
	async poll() {
		this.emulator.clearLog();
		const started = performance.now();
		const result = await runPoll({
			parameters: { event: this.event, maxRequestsPerPoll: BUDGET },
			credentials: upflowCredentials(this.emulator),
			staticData: this.staticData,
		});
		this.staticData = result.staticData;
		this.pollMs.push(Math.round(performance.now() - started));
		return {
			requests: this.emulator.log().length,
			emitted: result.items.map((item) => String(item.json.id)),
		};
	}

	get stateBytes(): number {
		return JSON.stringify(this.staticData).length;
	}

	/** What the stored state tells: the order found, a baseline in progress, the sweep's cursor. */
	get progress() {
		return storedProgress(this.staticData);
	}

	/** The list order the trigger's state has found. */
	get order(): ListOrder | 'unknown' {
		return this.progress.order ?? 'unknown';
	}
}

async function baseline(subject: Subject) {
	const started = performance.now();
	const requests: number[] = [];
	let emitted = 0;
	do {
		const stat = await subject.poll();
		requests.push(stat.requests);
		emitted += stat.emitted.length;
	} while (subject.progress.baseline && requests.length < 10_000);
	return {
		polls: requests.length,
		requests: sum(requests),
		maxRequestsPerPoll: Math.max(...requests),
		emitted,
		seconds: Math.round((performance.now() - started) / 100) / 10,
	};
}

const CHANGES: Record<string, (emulator: Emulator, invoice: IDataObject) => void> = {
	invoiceUpdated: (emulator, invoice) =>
		emulator.org().update('invoices', invoice.id as string, {
			grossAmount: (invoice.grossAmount as number) + 1,
		}),
	invoicePaid: (emulator, invoice) =>
		emulator.org().upsert('payments', {
			externalId: `bench-pay-${invoice.id as string}`,
			customer: { id: invoice.customerId },
			amount: invoice.amountOutstanding,
			currency: invoice.currency,
			validatedAt: '2024-03-01',
			linkedInvoices: [{ invoice: { id: invoice.id }, linkedAmount: invoice.amountOutstanding }],
		}),
	invoiceOverdue: (emulator, invoice) =>
		emulator.org().update('invoices', invoice.id as string, { dueDate: '2024-01-31' }),
};

async function changeScenario(emulator: Emulator, event: string, listOrder: ListOrder) {
	const org = emulator.org();
	// Due dates in the future, so that "overdue" is something that happens later.
	const make = () => ({ dueDate: '2099-06-30' });
	org.seedInvoices(RECORDS, { make });
	const subject = new Subject(emulator, event);
	const first = await baseline(subject);
	// One invoice created after activation shows the list order (invoices carry no creation
	// stamp); the sweep then reads the list in creation order, as it does in a live organization.
	org.seedInvoices(1, { prefix: 'bench-order-', make });
	let pollsUntilOrderFound = 0;
	let beforeChanges = 0;
	while (subject.order === 'unknown' && pollsUntilOrderFound < 50) {
		beforeChanges += (await subject.poll()).emitted.length;
		pollsUntilOrderFound++;
	}
	const stateBytes = subject.stateBytes;
	// A poll with nothing to report: what a quiet minute costs.
	const quiet = await subject.poll();
	// Changes everywhere at once, among them the worst case: a record the sweep has just passed.
	const created = org.list('invoices') as unknown as IDataObject[];
	// Positions as the sweep reads them: creation order once the order is found, else Upflow's.
	const invoices =
		subject.order !== 'unknown' || listOrder === 'oldest-first' ? created : [...created].reverse();
	const total = invoices.length;
	const cursor = subject.progress.nextOffset;
	const worst = cursor > 100 ? cursor - 50 : total - 100;
	const best = Math.min(total - 1, cursor + 10);
	const quarters = [0, 1, 2, 3].map((quarter) => Math.floor((quarter * total) / 4));
	const positions = [worst, best, ...quarters, total - 1];
	for (let k = 0; k < 5; k++) positions.push(Math.floor(((k + 0.37) * total) / 5.3));
	const pending = new Map<string, number>();
	for (const position of positions) {
		const invoice = invoices[position];
		if (pending.has(invoice.id as string)) continue;
		CHANGES[event](emulator, invoice);
		pending.set(invoice.id as string, position);
	}
	const found = new Map<number, number>();
	const requestsPerPoll: number[] = [];
	let extra = 0;
	while (pending.size > 0 && requestsPerPoll.length < 100) {
		const stat = await subject.poll();
		requestsPerPoll.push(stat.requests);
		for (const id of stat.emitted) {
			const position = pending.get(id);
			if (position === undefined) extra++;
			else found.set(position, requestsPerPoll.length); // the poll that emitted it
			pending.delete(id);
		}
	}
	const after = await subject.poll(); // nothing left to report
	const pollsToEmit = positions.map((position) => found.get(position) ?? -1);
	return {
		event,
		listOrder,
		orderFound: subject.order,
		pollsUntilOrderFound,
		records: RECORDS,
		budget: BUDGET,
		baseline: first,
		stateBytes,
		stateBytesPerRecord: Math.round((stateBytes / RECORDS) * 1000) / 1000,
		quietPollRequests: quiet.requests,
		requestsPerPoll: { max: Math.max(...requestsPerPoll), mean: mean(requestsPerPoll) },
		pollMs: mean(subject.pollMs),
		changes: positions.length,
		pollsUntilEmitted: {
			worstCasePosition: { position: worst, polls: found.get(worst) ?? -1 },
			bestCasePosition: { position: best, polls: found.get(best) ?? -1 },
			max: Math.max(...pollsToEmit),
			mean: mean(pollsToEmit),
			all: Object.fromEntries(positions.map((p) => [p, found.get(p) ?? -1])),
		},
		missed: pending.size,
		unexpected: beforeChanges + extra + after.emitted.length,
		predicted: { pollsPerPass: POLLS_PER_PASS, worstCasePolls: POLLS_PER_PASS + 1 },
	};
}

async function newScenario(emulator: Emulator, event: string, listOrder: ListOrder) {
	emulator.org().seedInvoices(RECORDS);
	const subject = new Subject(emulator, event);
	const first = await baseline(subject);
	const stateBytesOrderUnknown = subject.stateBytes;
	// Invoices carry no creation stamp: until a new one shows the order, both ends are read.
	const quiet = await subject.poll();
	const one = emulator.org().seedInvoices(1, { prefix: 'bench-new-', start: 0 });
	const single = await subject.poll();
	const seenAfter = single.emitted.length === 1 ? 1 : -1;
	const orderFound = subject.order;
	const quietKnown = await subject.poll();
	const burstSize = 2000;
	emulator.org().seedInvoices(burstSize, { prefix: 'bench-burst-', start: 0 });
	const requests: number[] = [];
	let emitted = 0;
	while (emitted < burstSize && requests.length < 50) {
		const stat = await subject.poll();
		requests.push(stat.requests);
		emitted += stat.emitted.length;
	}
	const after = await subject.poll();
	return {
		event,
		listOrder,
		orderFound,
		records: RECORDS,
		budget: BUDGET,
		baseline: first,
		stateBytes: subject.stateBytes,
		stateBytesOrderUnknown,
		stateBytesPerRecord: Math.round((subject.stateBytes / RECORDS) * 10_000) / 10_000,
		quietPollRequests: { orderUnknown: quiet.requests, orderKnown: quietKnown.requests },
		newRecord: { created: one, pollsUntilEmitted: seenAfter, requests: single.requests },
		burst: { created: burstSize, emitted, polls: requests.length, requestsPerPoll: requests },
		unexpected: after.emitted.length,
		pollMs: mean(subject.pollMs),
	};
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const mean = (values: number[]) =>
	values.length === 0 ? 0 : Math.round((sum(values) / values.length) * 10) / 10;

type ScenarioResult = Awaited<ReturnType<typeof newScenario | typeof changeScenario>>;

/** One line per event: the figures the README quotes. */
function summary(result: ScenarioResult): string {
	const perRecord = `${result.stateBytesPerRecord} bytes/record (${result.stateBytes} bytes)`;
	if ('burst' in result)
		return (
			`  ${result.event}: ${perRecord}; requests per quiet poll ${result.quietPollRequests.orderUnknown} (order unknown), ` +
			`${result.quietPollRequests.orderKnown} (order found: ${result.orderFound}); a new record seen after ` +
			`${result.newRecord.pollsUntilEmitted} poll; a burst of ${result.burst.created}: ${result.burst.emitted} emitted in ` +
			`${result.burst.polls} poll(s), requests ${result.burst.requestsPerPoll.join('+')}; unexpected ${result.unexpected}`
		);
	return (
		`  ${result.event}: ${perRecord}; requests per poll max ${result.requestsPerPoll.max} (mean ${result.requestsPerPoll.mean}); ` +
		`polls until a change is seen max ${result.pollsUntilEmitted.max} (mean ${result.pollsUntilEmitted.mean}), ` +
		`missed ${result.missed}, unexpected ${result.unexpected}; order found (${result.orderFound}) ` +
		`${result.pollsUntilOrderFound} poll(s) after the first new invoice`
	);
}

export async function main(): Promise<number> {
	console.log(
		`Upflow Trigger benchmark: ${RECORDS} invoices, Max Requests per Poll ${BUDGET}, built package via PollContext`,
	);
	const results: ScenarioResult[] = [];
	for (const listOrder of ORDERS) {
		console.log(`\n=== Lists served ${listOrder} ===`);
		for (const event of EVENTS) {
			const emulator = await startEmulator({ port: 0, listOrder });
			try {
				const run = event.startsWith('new') ? newScenario : changeScenario;
				const result = await run(emulator, event, listOrder);
				results.push(result);
				console.log(JSON.stringify(result, null, 2));
			} finally {
				await emulator.close();
			}
		}
	}
	for (const listOrder of ORDERS) {
		console.log(`\nSummary, lists served ${listOrder}:`);
		for (const result of results.filter((r) => r.listOrder === listOrder))
			console.log(summary(result));
	}
	const file = path.join(__dirname, '..', 'bench-results-trigger.json');
	const when = new Date().toISOString();
	const report = { when, records: RECORDS, budget: BUDGET, orders: ORDERS, results };
	writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
	console.log(`\nWritten to ${path.relative(process.cwd(), file)}`);
	return 0;
}
