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

interface PollStat {
	requests: number;
	emitted: string[];
	ms: number;
}

class Subject {
	staticData: IDataObject = {};

	polls: PollStat[] = [];

	constructor(
		readonly emulator: Emulator,
		readonly event: string,
	) {}

	async poll(): Promise<PollStat> {
		this.emulator.clearLog();
		const started = performance.now();
		const result = await runPoll({
			parameters: { event: this.event, maxRequestsPerPoll: BUDGET },
			credentials: upflowCredentials(this.emulator),
			staticData: this.staticData,
		});
		this.staticData = result.staticData;
		const stat = {
			requests: this.emulator.log().length,
			emitted: result.items.map((item) => String(item.json.id)),
			ms: Math.round(performance.now() - started),
		};
		this.polls.push(stat);
		return stat;
	}

	get stateBytes(): number {
		return JSON.stringify(this.staticData).length;
	}

	/** What the stored state tells: the order found, a baseline in progress, the sweep's cursor. */
	get progress() {
		return storedProgress(this.staticData);
	}
}

/** The README's formula: polls for one pass of the sweep (B - 1 pages per poll after the tail check). */
function predictedPollsPerPass(records: number, budget: number): number {
	return sweepPollsPerPass(records, invoiceApi.pageCap, budget);
}

async function withEmulator<T>(
	listOrder: ListOrder,
	seed: (emulator: Emulator) => void,
	run: (emulator: Emulator) => Promise<T>,
): Promise<T> {
	const emulator = await startEmulator({ port: 0, listOrder });
	try {
		seed(emulator);
		return await run(emulator);
	} finally {
		await emulator.close();
	}
}

async function baseline(subject: Subject) {
	const started = performance.now();
	let polls = 0;
	let requests = 0;
	let maxRequests = 0;
	let emitted = 0;
	do {
		const stat = await subject.poll();
		polls++;
		requests += stat.requests;
		maxRequests = Math.max(maxRequests, stat.requests);
		emitted += stat.emitted.length;
	} while (subject.progress.baseline && polls < 10_000);
	return {
		polls,
		requests,
		maxRequestsPerPoll: maxRequests,
		emitted,
		seconds: Math.round((performance.now() - started) / 100) / 10,
	};
}

type Change = (emulator: Emulator, invoice: IDataObject) => void;

const CHANGES: Record<string, Change> = {
	invoiceUpdated: (emulator, invoice) => {
		emulator.org().update('invoices', invoice.id as string, {
			grossAmount: (invoice.grossAmount as number) + 1,
		});
	},
	invoicePaid: (emulator, invoice) => {
		emulator.org().upsert('payments', {
			externalId: `bench-pay-${invoice.id as string}`,
			customer: { id: invoice.customerId },
			amount: invoice.amountOutstanding,
			currency: invoice.currency,
			validatedAt: '2024-03-01',
			linkedInvoices: [{ invoice: { id: invoice.id }, linkedAmount: invoice.amountOutstanding }],
		});
	},
	invoiceOverdue: (emulator, invoice) => {
		emulator.org().update('invoices', invoice.id as string, { dueDate: '2024-01-31' });
	},
};

/** The list order the trigger's state has found (undefined: not told yet). */
function foundOrder(subject: Subject): ListOrder | 'unknown' {
	return subject.progress.order ?? 'unknown';
}

async function changeScenario(event: string, listOrder: ListOrder) {
	return await withEmulator(
		listOrder,
		// Due dates in the future, so that "overdue" is something that happens later.
		(emulator) => emulator.org().seedInvoices(RECORDS, { make: () => ({ dueDate: '2099-06-30' }) }),
		async (emulator) => {
			const subject = new Subject(emulator, event);
			const first = await baseline(subject);
			// One invoice created after activation shows the list order (invoices carry no creation
			// stamp); the sweep then reads the list in creation order, as it does in a live organization.
			emulator
				.org()
				.seedInvoices(1, { prefix: 'bench-order-', make: () => ({ dueDate: '2099-06-30' }) });
			let pollsUntilOrderFound = 0;
			let beforeChanges = 0;
			while (foundOrder(subject) === 'unknown' && pollsUntilOrderFound < 50) {
				beforeChanges += (await subject.poll()).emitted.length;
				pollsUntilOrderFound++;
			}
			const stateBytes = subject.stateBytes;
			// A poll with nothing to report: what a quiet minute costs.
			const quiet = await subject.poll();
			// Changes everywhere at once, among them the worst case: a record the sweep has just passed.
			const created = emulator.org().list('invoices') as unknown as IDataObject[];
			// Positions as the sweep reads them: creation order once the order is found, else Upflow's.
			const invoices =
				foundOrder(subject) !== 'unknown' || listOrder === 'oldest-first'
					? created
					: [...created].reverse();
			const total = invoices.length;
			const cursor = subject.progress.nextOffset;
			const worst = cursor > 100 ? cursor - 50 : total - 100;
			const best = Math.min(total - 1, cursor + 10);
			const positions = [
				worst,
				best,
				0,
				Math.floor(total / 4),
				Math.floor(total / 2),
				Math.floor((3 * total) / 4),
				total - 1,
			];
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
			for (let poll = 1; pending.size > 0 && poll <= 100; poll++) {
				const stat = await subject.poll();
				requestsPerPoll.push(stat.requests);
				for (const id of stat.emitted) {
					const position = pending.get(id);
					if (position === undefined) extra++;
					else {
						found.set(position, poll);
						pending.delete(id);
					}
				}
			}
			const after = await subject.poll(); // nothing left to report
			const pollsToEmit = positions.map((position) => found.get(position) ?? -1);
			return {
				event,
				listOrder,
				orderFound: foundOrder(subject),
				pollsUntilOrderFound,
				records: RECORDS,
				budget: BUDGET,
				baseline: first,
				stateBytes,
				stateBytesPerRecord: Math.round((stateBytes / RECORDS) * 1000) / 1000,
				quietPollRequests: quiet.requests,
				requestsPerPoll: { max: Math.max(...requestsPerPoll), mean: mean(requestsPerPoll) },
				pollMs: mean(subject.polls.map((p) => p.ms)),
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
				predicted: {
					pollsPerPass: predictedPollsPerPass(RECORDS, BUDGET),
					worstCasePolls: predictedPollsPerPass(RECORDS, BUDGET) + 1,
				},
			};
		},
	);
}

async function newScenario(event: string, listOrder: ListOrder) {
	return await withEmulator(
		listOrder,
		(emulator) => emulator.org().seedInvoices(RECORDS),
		async (emulator) => {
			const subject = new Subject(emulator, event);
			const first = await baseline(subject);
			const stateBytesOrderUnknown = subject.stateBytes;
			// Invoices carry no creation stamp: until a new one shows the order, both ends are read.
			const quiet = await subject.poll();
			const one = emulator.org().seedInvoices(1, { prefix: 'bench-new-', start: 0 });
			const single = await subject.poll();
			const orderFound = foundOrder(subject);
			const quietKnown = await subject.poll();
			const burstSize = 2000;
			emulator.org().seedInvoices(burstSize, { prefix: 'bench-burst-', start: 0 });
			const burst: PollStat[] = [];
			let emitted = 0;
			while (emitted < burstSize && burst.length < 50) {
				const stat = await subject.poll();
				burst.push(stat);
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
				newRecord: {
					created: one,
					pollsUntilEmitted: single.emitted.length === 1 ? 1 : -1,
					requests: single.requests,
				},
				burst: {
					created: burstSize,
					emitted,
					polls: burst.length,
					requestsPerPoll: burst.map((p) => p.requests),
				},
				unexpected: after.emitted.length,
				pollMs: mean(subject.polls.map((p) => p.ms)),
			};
		},
	);
}

function mean(values: number[]): number {
	return values.length === 0
		? 0
		: Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10;
}

type ScenarioResult =
	| Awaited<ReturnType<typeof newScenario>>
	| Awaited<ReturnType<typeof changeScenario>>;

/** One line per event: the figures the README quotes. */
function summary(result: ScenarioResult): string {
	const perRecord = `${result.stateBytesPerRecord} bytes/record (${result.stateBytes} bytes)`;
	if ('burst' in result) {
		return (
			`  ${result.event}: ${perRecord}; requests per quiet poll ${result.quietPollRequests.orderUnknown} (order unknown), ` +
			`${result.quietPollRequests.orderKnown} (order found: ${result.orderFound}); a new record seen after ` +
			`${result.newRecord.pollsUntilEmitted} poll; a burst of ${result.burst.created}: ${result.burst.emitted} emitted in ` +
			`${result.burst.polls} poll(s), requests ${result.burst.requestsPerPoll.join('+')}; unexpected ${result.unexpected}`
		);
	}
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
			const result = event.startsWith('new')
				? await newScenario(event, listOrder)
				: await changeScenario(event, listOrder);
			results.push(result);
			console.log(JSON.stringify(result, null, 2));
		}
	}
	for (const listOrder of ORDERS) {
		console.log(`\nSummary, lists served ${listOrder}:`);
		for (const result of results.filter((r) => r.listOrder === listOrder))
			console.log(summary(result));
	}
	const file = path.join(__dirname, '..', 'bench-results-trigger.json');
	writeFileSync(
		file,
		`${JSON.stringify({ when: new Date().toISOString(), records: RECORDS, budget: BUDGET, orders: ORDERS, results }, null, 2)}\n`,
	);
	console.log(`\nWritten to ${path.relative(process.cwd(), file)}`);
	return 0;
}
