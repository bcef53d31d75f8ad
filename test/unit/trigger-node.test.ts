/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a test: it reads README.md */
/**
 * The UpflowTrigger node class with a minimal stand-in for n8n's poll context: what the engine
 * harness cannot stage easily (a poll failing half-way, two polls overlapping on one static data
 * object, hosts with and without a poll time budget) and the description rules for triggers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type {
	IDataObject,
	IHttpRequestOptions,
	INodeExecutionData,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { UpflowTrigger } from '../../nodes/Upflow/UpflowTrigger.node';
import { invoiceApi } from '../../nodes/Upflow/resources/invoice/api';
import { sweepStep } from '../../nodes/Upflow/trigger/cost';
import { CUSTOMER_FIELDS, EVENTS, INVOICE_FIELDS } from '../../nodes/Upflow/trigger/events';
import { pollContext } from '../support/triggerWorld';

interface Invoice extends IDataObject {
	id: string;
	externalId: string;
	name: string;
	amountOutstanding: number;
	grossAmount: number;
	dueDate: string;
}

type Order = 'oldest-first' | 'newest-first';

class Server {
	/** In creation order; served in `order`. */
	invoices: Invoice[] = [];

	order: Order = 'oldest-first';

	requests: IHttpRequestOptions[] = [];

	/** Answers request number n (0-based) with this error instead. */
	failAt = new Map<number, unknown>();

	/** Held until released: lets a test interleave two polls. */
	gate?: Promise<void>;

	/** Serves at most this many records a page, whatever the limit (its total stays true). */
	clamp = Number.POSITIVE_INFINITY;

	constructor(count: number) {
		for (let i = 0; i < count; i++) this.add();
	}

	add(): Invoice {
		const n = this.invoices.length;
		const invoice = {
			id: `id-${n}`,
			externalId: `ext-${n}`,
			name: `n${n}`,
			amountOutstanding: 100,
			grossAmount: 100,
			dueDate: '2099-01-01',
		};
		this.invoices.push(invoice);
		return invoice;
	}

	async handle(options: IHttpRequestOptions): Promise<unknown> {
		const index = this.requests.length;
		this.requests.push(options);
		if (this.gate) await this.gate;
		const failure = this.failAt.get(index);
		if (failure) throw failure;
		const { offset, limit } = options.qs as { offset: number; limit: number };
		const listed = this.order === 'oldest-first' ? this.invoices : [...this.invoices].reverse();
		return {
			offset,
			limit,
			total: this.invoices.length,
			invoices: listed.slice(offset, offset + Math.min(limit, this.clamp)).map((i) => ({ ...i })),
		};
	}
}

function httpError(status: number, message: string) {
	return Object.assign(new Error(message), {
		httpCode: String(status),
		cause: { response: { status, headers: {}, data: { message } } },
	});
}

function context(
	server: Server,
	staticData: IDataObject,
	parameters: IDataObject,
	extra: Partial<IPollFunctions> = {},
): IPollFunctions {
	return pollContext({
		parameters,
		staticData: () => staticData,
		answer: async (request) => await server.handle(request),
		extra,
	});
}

const node = new UpflowTrigger();
const poll = async (ctx: IPollFunctions) => await node.poll.call(ctx);
const emittedIds = (out: INodeExecutionData[][] | null) =>
	(out?.[0] ?? []).map((item) => item.json.id);

describe('UpflowTrigger description', () => {
	it('is a polling trigger as n8n and its reviewers expect', () => {
		const d = node.description;
		expect(d).toMatchObject({
			name: 'upflowTrigger',
			displayName: 'Upflow Trigger',
			polling: true,
			group: ['trigger'],
			inputs: [],
			icon: { light: 'file:upflow.svg', dark: 'file:upflow.dark.svg' },
			credentials: [{ name: 'upflowApi', required: true }],
		});
		expect(d.subtitle).toBeTruthy();
		expect(d.usableAsTool).toBeUndefined();
		expect(d.properties.find((p) => p.name === 'maxRequestsPerPoll')?.default).toBe(20);
	});

	it("has every event in a table of README.md (the trigger's Events table)", () => {
		const rows = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8')
			.split('\n')
			.filter((line) => line.startsWith('|'));
		const missing = EVENTS.filter((event) => !rows.some((row) => row.includes(event.displayName)));
		if (missing.length > 0)
			throw new Error(
				`README.md does not document ${missing.map((event) => event.displayName).join(', ')}: add a row to the Events table under "The Upflow Trigger node" (when it fires, how it reads Upflow)`,
			);
	});

	it('watches known fields by default, never the volatile ones', () => {
		for (const [parameter, catalog] of [
			['customerFields', CUSTOMER_FIELDS],
			['invoiceFields', INVOICE_FIELDS],
		] as const) {
			const defaults = node.description.properties.find((p) => p.name === parameter)
				?.default as string[];
			expect(defaults.length).toBeGreaterThan(5);
			for (const value of defaults) expect(catalog.map((field) => field.value)).toContain(value);
		}
		const invoiceDefaults = node.description.properties.find(
			(p) => p.name === 'invoiceFields',
		)?.default;
		expect(invoiceDefaults).not.toContain('pdfUrl');
		expect(
			node.description.properties.find((p) => p.name === 'customerFields')?.default,
		).not.toContain('balance');
	});
});

describe.each(['oldest-first', 'newest-first'] as const)(
	'UpflowTrigger.poll, invoices listed %s',
	(order) => {
		const serverOf = (count: number) => Object.assign(new Server(count), { order });

		it('leaves the state untouched when a poll fails half-way, and throws the transport error', async () => {
			const server = serverOf(2500); // 5 pages at 500
			const staticData: IDataObject = {};
			const parameters = { event: 'invoiceUpdated' };
			expect(await poll(context(server, staticData, parameters))).toBeNull();
			server.invoices[100].name = 'changed';
			const before = JSON.stringify(staticData);
			server.failAt.set(server.requests.length + 3, httpError(503, 'maintenance'));
			const error = await poll(context(server, staticData, parameters)).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeApiError);
			expect(error).toMatchObject({ failure: { cause: 'temporarily-unavailable' } });
			expect((error as Error).message).toMatch(/Upflow could not be reached/);
			expect(JSON.stringify(staticData)).toBe(before);
			// The next poll does the work again: nothing was lost.
			expect(emittedIds(await poll(context(server, staticData, parameters)))).toEqual(['id-100']);
		});

		it('keeps one consistent state when two polls overlap on the same static data', async () => {
			const server = serverOf(3000);
			const staticData: IDataObject = {};
			const parameters = { event: 'invoiceUpdated', maxRequestsPerPoll: 3 };
			// The baseline: nothing to report.
			for (let i = 0; i < 4; i++)
				expect(await poll(context(server, staticData, parameters))).toBeNull();
			server.invoices[10].name = 'a';
			server.invoices[2900].name = 'b';
			let release!: () => void;
			server.gate = new Promise<void>((resolve) => (release = resolve));
			const first = poll(context(server, staticData, parameters));
			const second = poll(context(server, staticData, { ...parameters, maxRequestsPerPoll: 5 }));
			release();
			server.gate = undefined;
			const outs = await Promise.all([first, second]);
			// Each poll emitted what it saw; one state was kept (a valid one), the other dropped.
			expect(Object.keys(staticData).length).toBeGreaterThan(0);
			const seen = new Set(outs.flatMap(emittedIds));
			for (let i = 0; i < 12; i++)
				for (const id of emittedIds(await poll(context(server, staticData, parameters))))
					seen.add(id);
			expect([...seen].sort()).toEqual(['id-10', 'id-2900']);
			const quiet: unknown[] = [];
			for (let i = 0; i < 10; i++)
				quiet.push(...emittedIds(await poll(context(server, staticData, parameters))));
			expect(quiet).toEqual([]);
		});

		it('stops early when the host gives a small poll time budget, and works without one', async () => {
			const server = serverOf(5000);
			let now = 1_000_000;
			const spy = jest.spyOn(Date, 'now').mockImplementation(() => now);
			try {
				server.gate = undefined;
				const slow = {
					...server,
					handle: async (o: IHttpRequestOptions) => ((now += 2000), await server.handle(o)),
				} as Server;
				const withBudget: IDataObject = {};
				await poll(
					context(slow, withBudget, { event: 'invoicePaid' }, { getPollBudgetMs: () => 10_000 }),
				);
				expect(server.requests.length).toBeLessThanOrEqual(4);
				server.requests = [];
				const oldHost = context(server, {}, { event: 'invoicePaid' });
				delete (oldHost as Partial<IPollFunctions>).getPollBudgetMs;
				await poll(oldHost);
				// Without a budget the pass runs to the end: every page (each moves it on by the page cap less the
				// overlap kept with the next page) and one read of the list's end.
				expect(server.requests.length).toBe(Math.ceil(5000 / sweepStep(invoiceApi.pageCap)) + 1);
			} finally {
				spy.mockRestore();
			}
		});

		it('reads on when Upflow serves fewer records than asked (its total tells how many there are)', async () => {
			const server = Object.assign(serverOf(1200), { clamp: 100 });
			const staticData: IDataObject = {};
			const parameters = { event: 'invoiceUpdated', maxRequestsPerPoll: 100 };
			expect(await poll(context(server, staticData, parameters))).toBeNull();
			server.invoices[1100].name = 'changed';
			const seen: unknown[] = [];
			for (let i = 0; i < 3; i++)
				seen.push(...emittedIds(await poll(context(server, staticData, parameters))));
			expect(seen).toEqual(['id-1100']);
		});

		it('changes no state in manual mode', async () => {
			const server = serverOf(700);
			server.invoices[650].amountOutstanding = 0;
			const staticData: IDataObject = { untouched: true };
			const out = await poll(
				context(server, staticData, { event: 'invoicePaid' }, { getMode: () => 'manual' }),
			);
			expect(emittedIds(out)).toEqual(['id-650']);
			expect(staticData).toEqual({ untouched: true });
			expect(server.requests).toHaveLength(2);
		});

		it('New Invoice: silent first poll, then each new invoice once, oldest first', async () => {
			const server = serverOf(1200);
			const staticData: IDataObject = {};
			expect(await poll(context(server, staticData, { event: 'newInvoice' }))).toBeNull();
			const created = [server.add(), server.add()];
			expect(emittedIds(await poll(context(server, staticData, { event: 'newInvoice' })))).toEqual(
				created.map((i) => i.id),
			);
			expect(await poll(context(server, staticData, { event: 'newInvoice' }))).toBeNull();
			const burst = Array.from({ length: 700 }, () => server.add().id);
			expect(emittedIds(await poll(context(server, staticData, { event: 'newInvoice' })))).toEqual(
				burst,
			);
		});

		it('asks for at least one watched field', async () => {
			const error = await poll(
				context(serverOf(1), {}, { event: 'customerUpdated', customerFields: [] }),
			).catch((e: unknown) => e);
			expect((error as Error).message).toBe('No field to watch');
		});
	},
);
