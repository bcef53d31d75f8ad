/* eslint-disable no-console -- test code run by Jest: it prints the figures it measured */
/**
 * A bulk import through the Upflow node (built package, n8n-core, emulator over HTTP with latency):
 * 30 customers, then 300 invoice upserts spread over them in an interleaved order. Everything is
 * proved from the EMULATOR's request log and state, not from what the node says it did:
 *
 * - one customer never has two requests in flight at once ([receivedAt, respondedAt] never overlap);
 * - in flight never exceeds the credential's maxConcurrency, and does exceed 1 (really concurrent);
 * - no sliding 60 s window holds more than the credential's requestsPerMinute; no 429 at all;
 * - each customer's writes arrive in input order (and the state shows the last write won);
 * - outputs come in input order with the right pairedItem.
 */
import type { IDataObject } from 'n8n-workflow';

import { busiestWindow, startEmulator, type Emulator, type RequestLogEntry } from '../emulator';
import { runNode, upflowCredentials } from './harness';

const API_KEY = 'batch-dummy-key-5c2e91';
const API_SECRET = 'batch-dummy-secret-a7d304';

const REQUESTS_PER_MINUTE = 600;
const MAX_CONCURRENCY = 5;
const CUSTOMERS = 30;
const INVOICE_WRITES = 300;
/** Each invoice is written twice (a create, then an update with another amount). */
const WRITES_PER_INVOICE = 2;

let emulator: Emulator;

beforeAll(async () => {
	// Upflow's own limits (600 a minute, 10 in flight): the credential asks the node for less
	// concurrency (5), so the log measures what the node does, not what the emulator lets through.
	emulator = await startEmulator({
		port: 0,
		organizations: [
			{
				apiKey: API_KEY,
				apiSecret: API_SECRET,
				requestsPerWindow: 600,
				windowMs: 60_000,
				concurrency: 10,
			},
		],
	});
});

afterAll(async () => await emulator?.close());

const customerId = (c: number) => `b-cust-${String(c).padStart(2, '0')}`;

interface InvoiceInput extends IDataObject {
	externalId: string;
	customId: string;
	customer: string;
	issuedAt: string;
	dueDate: string;
	currency: string;
	gross: number;
	net: number;
}

/** 300 writes, item i for customer (7 i) mod 30: consecutive items never share a customer. */
function invoiceItems(): InvoiceInput[] {
	const perCustomer = new Array<number>(CUSTOMERS).fill(0);
	return Array.from({ length: INVOICE_WRITES }, (_, i) => {
		const c = (i * 7) % CUSTOMERS;
		const j = perCustomer[c]++;
		const invoice = Math.floor(j / WRITES_PER_INVOICE);
		return {
			externalId: `b-inv-${c}-${invoice}`,
			customId: `B-${c}-${invoice}`,
			customer: customerId(c),
			issuedAt: `2024-05-${String((i % 28) + 1).padStart(2, '0')}`,
			dueDate: '2024-06-30',
			currency: 'EUR',
			// Unique per write: the amount tells which input item a request or a stored value came from.
			gross: 100_000 + i,
			net: 50_000,
		};
	});
}

const INVOICE_PARAMETERS = {
	resource: 'invoice',
	operation: 'upsert',
	amountsIn: 'cents',
	externalId: '={{ $json.externalId }}',
	customId: '={{ $json.customId }}',
	customer: { __rl: true, mode: 'externalId', value: '={{ $json.customer }}' },
	issuedAt: '={{ $json.issuedAt }}',
	dueDate: '={{ $json.dueDate }}',
	currency: '={{ $json.currency }}',
	grossAmount: '={{ $json.gross }}',
	netAmount: '={{ $json.net }}',
};

/** The customer a logged write belongs to. */
function customerOf(entry: RequestLogEntry): string {
	const body = entry.body as IDataObject;
	if (entry.path === '/v1/customers') return String(body.externalId);
	return String((body.customer as IDataObject).externalId);
}

/** Largest number of intervals [receivedAt, respondedAt) open at one moment. */
function peakOverlap(entries: RequestLogEntry[]): number {
	const events = entries.flatMap((entry) => [
		[entry.receivedAt, 1],
		[entry.respondedAt, -1],
	]);
	// At equal times, ends come before starts (a request answered at t does not overlap one received at t).
	events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let open = 0;
	let peak = 0;
	for (const [, delta] of events) {
		open += delta;
		peak = Math.max(peak, open);
	}
	return peak;
}

describe('a batch of 300 invoice upserts for 30 customers', () => {
	it('keeps one request per customer in flight, within the credential limits, in input order', async () => {
		emulator.clearLog();
		// The customers at 250 ms each take 7.5 s: the slow start (one more in flight per 6 s of work,
		// transport/limiter.ts) is past its first step when the invoices start.
		emulator.setLatency(250);
		const credentials = upflowCredentials(emulator, {
			apiKey: API_KEY,
			apiSecret: API_SECRET,
			requestsPerMinute: REQUESTS_PER_MINUTE,
			maxConcurrency: MAX_CONCURRENCY,
		});

		// 1. The customers first (an invoice's customer must exist).
		const customerItems = Array.from({ length: CUSTOMERS }, (_, c) => ({
			externalId: customerId(c),
			name: `Batch customer ${c}`,
		}));
		const customers = await runNode({
			type: 'upflow',
			parameters: {
				resource: 'customer',
				operation: 'upsert',
				externalId: '={{ $json.externalId }}',
				name: '={{ $json.name }}',
			},
			credentials,
			items: customerItems,
		});
		expect(customers.error).toBeUndefined();
		expect(customers.items.map((item) => item.json.externalId)).toEqual(
			customerItems.map((item) => item.externalId),
		);

		// 2. The 300 invoice writes, interleaved across the customers.
		emulator.setLatency(20, 10); // 10-30 ms per request
		const inputs = invoiceItems();
		const started = Date.now();
		const invoices = await runNode({
			type: 'upflow',
			parameters: INVOICE_PARAMETERS,
			credentials,
			items: inputs,
		});
		const elapsedMs = Date.now() - started;

		// Outputs: one per input, in input order, paired with it, carrying what that item sent.
		expect(invoices.error).toBeUndefined();
		expect(invoices.run.status).toBe('success');
		expect(invoices.items).toHaveLength(INVOICE_WRITES);
		invoices.items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json).toMatchObject({
				externalId: inputs[i].externalId,
				grossAmount: inputs[i].gross,
				customer: { externalId: inputs[i].customer },
			});
		});

		// ---- the emulator's log -------------------------------------------------------------------
		const log = emulator.log(API_KEY);
		const writes = log.filter((entry) => entry.method === 'POST');
		expect(log).toHaveLength(CUSTOMERS + INVOICE_WRITES); // nothing else, nothing repeated
		expect(writes).toHaveLength(log.length);
		// No 429 and no other failure: every request answered 2xx the first time.
		expect(log.filter((entry) => entry.status === 429 || entry.fault !== undefined)).toEqual([]);
		expect(log.every((entry) => entry.status === 200 || entry.status === 201)).toBe(true);

		// Concurrency: never above the credential's maxConcurrency (the emulator's own count, and the
		// overlap of the intervals) ...
		const peakInFlight = Math.max(...log.map((entry) => entry.inFlight));
		const peakIntervals = peakOverlap(log);
		expect(peakInFlight).toBeLessThanOrEqual(MAX_CONCURRENCY);
		expect(peakIntervals).toBeLessThanOrEqual(MAX_CONCURRENCY);
		// ... and really concurrent: a serial implementation would show 1 here.
		expect(peakInFlight).toBeGreaterThan(1);
		expect(peakIntervals).toBeGreaterThan(1);
		const invoiceLog = log.filter((entry) => entry.path === '/v1/invoices');
		const busyMs = invoiceLog.reduce(
			(sum, entry) => sum + (entry.respondedAt - entry.receivedAt),
			0,
		);
		const spanMs =
			Math.max(...invoiceLog.map((entry) => entry.respondedAt)) -
			Math.min(...invoiceLog.map((entry) => entry.receivedAt));
		// The 300 requests together spent more time in the emulator than passed from the first to the
		// last of them: they overlapped (serially, busy time could not exceed the span).
		expect(busyMs).toBeGreaterThan(spanMs);

		// Rate: no sliding 60 s window holds more than requestsPerMinute. (This run sends 330 requests
		// in a few seconds, so the window itself cannot bind within a test's time: the emulator enforces
		// the same window and would answer 429, checked above.)
		expect(busiestWindow(log, 60_000)).toBeLessThanOrEqual(REQUESTS_PER_MINUTE);

		// One customer never has two requests in flight: its intervals do not overlap, pairwise.
		const byCustomer = new Map<string, RequestLogEntry[]>();
		for (const entry of log) {
			const key = customerOf(entry);
			byCustomer.set(key, [...(byCustomer.get(key) ?? []), entry]);
		}
		expect(byCustomer.size).toBe(CUSTOMERS);
		let overlaps = 0;
		for (const entries of byCustomer.values()) {
			expect(entries).toHaveLength(1 + INVOICE_WRITES / CUSTOMERS);
			for (let a = 0; a < entries.length; a++) {
				for (let b = a + 1; b < entries.length; b++) {
					const [x, y] = [entries[a], entries[b]];
					if (x.receivedAt < y.respondedAt && y.receivedAt < x.respondedAt) overlaps++;
				}
			}
		}
		expect(overlaps).toBe(0);

		// Per customer, the writes arrive in input order: the amount names the input item of each request.
		for (let c = 0; c < CUSTOMERS; c++) {
			const expected = inputs.flatMap((input, i) => (input.customer === customerId(c) ? [i] : []));
			const arrived = invoiceLog
				.filter((entry) => customerOf(entry) === customerId(c))
				.map((entry) => Number((entry.body as IDataObject).grossAmount) - 100_000);
			expect(arrived).toEqual(expected);
		}
		// ... while across customers they do not (the run is not simply serial in input order).
		const arrivalOrder = invoiceLog.map(
			(entry) => Number((entry.body as IDataObject).grossAmount) - 100_000,
		);
		expect(arrivalOrder).not.toEqual([...arrivalOrder].sort((a, b) => a - b));

		// ---- the emulator's state: the last write of each invoice (in input order) won ------------
		const stored = emulator
			.dump(API_KEY)
			.invoices.filter((invoice) => invoice.externalId.startsWith('b-inv-'));
		expect(stored).toHaveLength(INVOICE_WRITES / WRITES_PER_INVOICE);
		const lastWrite = new Map<string, InvoiceInput>();
		for (const input of inputs) lastWrite.set(input.externalId, input);
		for (const invoice of stored) {
			const input = lastWrite.get(invoice.externalId)!;
			expect({
				externalId: invoice.externalId,
				grossAmount: invoice.grossAmount,
				customer: invoice.customer.externalId,
			}).toEqual({
				externalId: input.externalId,
				grossAmount: input.gross,
				customer: input.customer,
			});
		}

		console.info(
			`300 invoice writes: node run ${elapsedMs} ms, requests from first to last ${spanMs} ms, ` +
				`${busyMs} ms of emulator time; peak in flight ${peakInFlight} (intervals ${peakIntervals}) of ${MAX_CONCURRENCY}; ` +
				`max in 60 s ${busiestWindow(log, 60_000)} of ${REQUESTS_PER_MINUTE}`,
		);
	}, 60_000);
});
