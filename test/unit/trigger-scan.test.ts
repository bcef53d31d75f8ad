/**
 * Upflow Trigger, one poll at a time against an in-memory list (offset paging, a total), with
 * records created, changed and deleted between polls AND between the pages of a poll. Tiny pages
 * (10 records) so that every list spans many pages and every shift happens. Upflow's list order is
 * not established, so every behaviour is checked with the list served oldest first AND newest first
 * (the trigger is never told which).
 */
import type { IDataObject } from 'n8n-workflow';

import type { FetchPage, PollOutput } from '../../nodes/Upflow/trigger/engine';
import { LAYOUTS, eventDefinition } from '../../nodes/Upflow/trigger/events';
import type { EventName, EventSettings } from '../../nodes/Upflow/trigger/events';
import type { Tuning } from '../../nodes/Upflow/trigger/fingerprintScan';
import { configOf, runPoll } from '../../nodes/Upflow/trigger/poll';
import { readFingerprints } from '../../nodes/Upflow/trigger/state';
import { seededRandom } from '../support/clocks';

const NOW = Date.UTC(2024, 5, 1);
const PAST = '2024-01-31';
const FUTURE = '2999-01-01';

type Order = 'oldest-first' | 'newest-first';
const ORDERS: Order[] = ['oldest-first', 'newest-first'];

interface Rec extends IDataObject {
	id: string;
	name: string;
	grossAmount: number;
	amountOutstanding: number;
	dueDate: string;
}

class FakeList {
	/** In creation order, whatever the order the list is served in. */
	records: Rec[] = [];

	requests = 0;

	private next = 0;

	/** Runs before each page is served: changes while a poll is in progress. */
	beforePage?: () => void;

	constructor(
		readonly order: Order = 'oldest-first',
		/** Records carry a creation stamp (`createdAt`), as payments do. */
		readonly stamps = false,
	) {}

	create(over: Partial<Rec> = {}): Rec {
		const n = this.next++;
		const record: Rec = {
			id: `rec-${n}`,
			name: 'n0',
			grossAmount: 100,
			amountOutstanding: 100,
			dueDate: FUTURE,
			...over,
		};
		if (this.stamps) record.createdAt = new Date(Date.UTC(2024, 0, 1) + n * 1000).toISOString();
		this.records.push(record);
		return record;
	}

	createMany(count: number, over: Partial<Rec> = {}): Rec[] {
		return Array.from({ length: count }, () => this.create(over));
	}

	remove(id: string): void {
		const index = this.records.findIndex((record) => record.id === id);
		if (index >= 0) this.records.splice(index, 1);
	}

	get(id: string): Rec {
		return this.records.find((record) => record.id === id)!;
	}

	/** The records in the order the list serves them. */
	listed(): Rec[] {
		return this.order === 'oldest-first' ? this.records : [...this.records].reverse();
	}

	fetch: FetchPage = async (offset, limit) => {
		this.beforePage?.();
		this.requests++;
		return {
			items: this.listed()
				.slice(offset, offset + limit)
				.map((record) => ({ ...record })),
			total: this.records.length,
		};
	};
}

interface Options {
	max?: number;
	fields?: string[];
	pageCap?: number;
	tuning?: Tuning;
	now?: () => number;
	timeBudgetMs?: number;
	org?: string;
}

class Trigger {
	stored: IDataObject = {};

	constructor(
		readonly list: FakeList,
		readonly event: EventName,
		readonly options: Options = {},
	) {}

	private settings(o: Options): EventSettings {
		const event = eventDefinition(this.event)!;
		return { fields: event.rule === 'updated' ? (o.fields ?? ['name']) : [], actionType: '' };
	}

	/** Where the sweep resumes next poll, read back through the state's own codec. */
	resumeOffset(over: Options = {}): number {
		const o = { ...this.options, ...over };
		const event = eventDefinition(this.event)!;
		const config = configOf(event, this.settings(o), o.org ?? 'org');
		return readFingerprints(this.stored, config, LAYOUTS[event.rule]).nextOffset;
	}

	/** One poll; its state is kept (as n8n does when the execution is saved). */
	async poll(over: Options = {}): Promise<PollOutput> {
		const out = await this.dryPoll(over);
		this.stored = JSON.parse(JSON.stringify(out.next)) as IDataObject;
		return out;
	}

	/** One poll whose state change is dropped (the execution was lost). */
	async dryPoll(over: Options = {}): Promise<PollOutput> {
		const o = { ...this.options, ...over };
		const before = this.list.requests;
		const out = await runPoll(this.stored, {
			event: eventDefinition(this.event)!,
			settings: this.settings(o),
			organizationKey: o.org ?? 'org',
			fetch: this.list.fetch,
			maxRequests: o.max ?? 20,
			now: o.now ?? (() => NOW),
			pageCap: o.pageCap ?? 10,
			tuning: o.tuning,
			timeBudgetMs: o.timeBudgetMs,
		});
		expect(this.list.requests - before).toBe(out.requests);
		expect(out.requests).toBeLessThanOrEqual(o.max ?? 20);
		return out;
	}

	async baseline(over: Options = {}): Promise<number> {
		let polls = 0;
		do {
			const out = await this.poll(over);
			expect(out.emitted).toEqual([]);
			polls++;
			if (!out.baseline) return polls;
		} while (polls < 1000);
		return polls;
	}

	get bytes(): number {
		return JSON.stringify(this.stored).length;
	}
}

const ids = (out: PollOutput) => out.emitted.map((record) => record.id as string);

describe.each(ORDERS)('New ... events on a list served %s (the trigger is not told)', (order) => {
	it('emits every record created after activation exactly once, oldest first, and nothing else', async () => {
		const list = new FakeList(order);
		list.createMany(35);
		const trigger = new Trigger(list, 'newInvoice');
		expect((await trigger.poll()).emitted).toEqual([]);
		const seen: string[] = [];
		const created: string[] = [];
		for (let round = 0; round < 5; round++) {
			created.push(...list.createMany(1 + round).map((r) => r.id));
			seen.push(...ids(await trigger.poll()));
		}
		expect(seen).toEqual(created);
		expect((await trigger.poll()).emitted).toEqual([]);
	});

	it('baselines in one poll; watches both ends (2 requests) until new records show the order, then 1 request per poll', async () => {
		const list = new FakeList(order);
		list.createMany(35);
		const trigger = new Trigger(list, 'newInvoice');
		const first = await trigger.poll();
		expect(first).toMatchObject({ emitted: [], startedFresh: true, baseline: false });
		expect(first.requests).toBeLessThanOrEqual(3);
		expect((await trigger.poll()).requests).toBe(2);
		const created = list.createMany(3);
		expect(ids(await trigger.poll())).toEqual(created.map((r) => r.id));
		const quiet = await trigger.poll();
		expect(quiet).toMatchObject({ emitted: [], requests: 1 });
		const more = list.createMany(2);
		const next = await trigger.poll();
		expect(ids(next)).toEqual(more.map((r) => r.id));
		expect(next.requests).toBe(1);
	});

	it('a short list at 1 request per poll: both ends read from one answer, each new record once', async () => {
		const list = new FakeList(order);
		list.createMany(6);
		const trigger = new Trigger(list, 'newCustomer', { max: 1 });
		await trigger.baseline();
		const seen: string[] = [];
		const created: string[] = [];
		for (let round = 0; round < 4; round++) {
			created.push(list.create().id);
			const out = await trigger.poll();
			expect(out.requests).toBe(1);
			seen.push(...ids(out));
		}
		expect(seen).toEqual(created);
	});

	it('with creation stamps, knows the order from the first poll: 1 request per poll at once', async () => {
		const list = new FakeList(order, true);
		list.createMany(35);
		const trigger = new Trigger(list, 'newPayment');
		await trigger.baseline();
		expect((await trigger.poll()).requests).toBe(1);
		const created = list.createMany(2);
		expect(ids(await trigger.poll())).toEqual(created.map((r) => r.id));
	});

	it.each([
		['the first creations (order still unknown)', false],
		['the order known', true],
	])(
		'a burst larger than a page and than the budget, with %s: each record once, oldest first',
		async (_label, known) => {
			const list = new FakeList(order);
			list.createMany(12);
			const trigger = new Trigger(list, 'newPayment');
			await trigger.baseline();
			const created: string[] = [];
			if (known) {
				created.push(list.create().id);
				expect(ids(await trigger.poll())).toEqual(created);
			}
			created.push(...list.createMany(25).map((r) => r.id));
			const seen: string[] = known ? [...created.slice(0, 1)] : [];
			for (let i = 0; i < 12; i++) seen.push(...ids(await trigger.poll({ max: 2 })));
			expect(seen).toEqual(created);
		},
	);

	it('a burst of 2,000 records at real page sizes: all emitted once within the default budget', async () => {
		const list = new FakeList(order);
		list.createMany(3000);
		const trigger = new Trigger(list, 'newInvoice', { pageCap: 500 });
		await trigger.baseline();
		const one = list.create();
		expect(ids(await trigger.poll())).toEqual([one.id]);
		const burst = list.createMany(2000).map((r) => r.id);
		const out = await trigger.poll();
		expect(ids(out)).toEqual(burst);
		expect(out.requests).toBeLessThanOrEqual(7);
	});

	it('lines up past deletions before and inside the remembered records', async () => {
		const list = new FakeList(order);
		list.createMany(40);
		const trigger = new Trigger(list, 'newCustomer', {
			tuning: { overlapResume: 2, overlapNext: 1, tailKeep: 5, anchorCount: 2, tailStepbacks: 4 },
		});
		await trigger.baseline();
		for (const r of list.records.slice(0, 12)) list.remove(r.id);
		list.remove(list.records[list.records.length - 2].id);
		const created = list.createMany(2).map((r) => r.id);
		expect(ids(await trigger.poll())).toEqual(created);
		// Deletions only: nothing to report, at either end.
		for (const r of list.records.slice(0, 20)) list.remove(r.id);
		list.remove(list.records[list.records.length - 1].id);
		expect((await trigger.poll()).emitted).toEqual([]);
		const later = list.create();
		expect(ids(await trigger.poll())).toEqual([later.id]);
	});

	it('deleting the oldest records (the other end) before the order is known reports nothing', async () => {
		const list = new FakeList(order);
		list.createMany(40);
		const trigger = new Trigger(list, 'newInvoice'); // remembers 2 records at each end at this page size
		await trigger.baseline();
		for (const r of list.records.slice(0, 15)) list.remove(r.id);
		expect((await trigger.poll()).emitted).toEqual([]);
		expect((await trigger.poll()).emitted).toEqual([]);
		const created = list.createMany(3).map((r) => r.id);
		expect(ids(await trigger.poll())).toEqual(created);
	});

	it('when every remembered record is gone (order known), takes records after where they were as new', async () => {
		const list = new FakeList(order);
		list.createMany(34);
		const trigger = new Trigger(list, 'newRefund'); // remembers the last 2 at this page size
		await trigger.baseline();
		const first = list.create();
		expect(ids(await trigger.poll())).toEqual([first.id]); // the order is known from here on
		list.remove(list.records[34].id);
		list.remove(list.records[33].id);
		const created = list.createMany(3).map((r) => r.id);
		expect(ids(await trigger.poll())).toEqual(created);
		expect((await trigger.poll()).emitted).toEqual([]);
	});

	it('handles an empty list, its first record (order unknown), and a list emptied later', async () => {
		const list = new FakeList(order);
		const trigger = new Trigger(list, 'newCreditNote');
		expect(await trigger.poll()).toMatchObject({ emitted: [], baseline: false });
		const first = list.create();
		expect(ids(await trigger.poll())).toEqual([first.id]);
		list.remove(first.id);
		expect((await trigger.poll()).emitted).toEqual([]);
		const again = list.create();
		expect(ids(await trigger.poll())).toEqual([again.id]);
		// One record replaced by another between two polls: the list is too short to tell an order.
		list.remove(again.id);
		const replaced = list.create();
		expect(ids(await trigger.poll())).toEqual([replaced.id]);
		const second = list.create();
		expect(ids(await trigger.poll())).toEqual([second.id]);
		expect((await trigger.poll()).emitted).toEqual([]);
	});

	it('records created during the baseline poll are reported at most once; every later one exactly once', async () => {
		const list = new FakeList(order);
		list.createMany(60);
		const before = new Set(list.records.map((r) => r.id));
		const trigger = new Trigger(list, 'newInvoice');
		const duringBaseline: string[] = [];
		list.beforePage = () => duringBaseline.push(list.create().id);
		const first = await trigger.poll();
		list.beforePage = undefined;
		expect(first.emitted).toEqual([]);
		expect(duringBaseline.length).toBeGreaterThan(0);
		const after = list.createMany(4).map((r) => r.id);
		const seen: string[] = [];
		for (let i = 0; i < 4; i++) seen.push(...ids(await trigger.poll()));
		expect(seen.filter((id) => before.has(id))).toEqual([]);
		expect(new Set(seen).size).toBe(seen.length);
		expect(seen.filter((id) => after.includes(id))).toEqual(after);
		expect(seen.every((id) => after.includes(id) || duringBaseline.includes(id))).toBe(true);
	});

	it('keeps a small state whatever the size of the list (twice as large while the order is unknown)', async () => {
		const list = new FakeList(order);
		list.createMany(5000);
		const trigger = new Trigger(list, 'newInvoice', { pageCap: 500 });
		await trigger.baseline();
		expect(trigger.bytes).toBeLessThan(1000);
		list.createMany(700);
		await trigger.poll();
		await trigger.poll();
		expect(trigger.bytes).toBeLessThan(500);
	});
});

describe.each(ORDERS)(
	'change events on a list served %s (a resumable sweep of the whole list)',
	(order) => {
		it('baselines over several polls within the budget, and emits nothing', async () => {
			const list = new FakeList(order);
			list.createMany(95);
			const trigger = new Trigger(list, 'invoiceUpdated', { max: 3 });
			const polls = await trigger.baseline();
			expect(polls).toBeGreaterThanOrEqual(4);
			list.records[50].name = 'changed';
			const seen: string[] = [];
			for (let i = 0; i < 6; i++) seen.push(...ids(await trigger.poll()));
			expect(seen).toEqual([list.records[50].id]);
		});

		it('emits a change anywhere exactly once, within one pass', async () => {
			const list = new FakeList(order);
			list.createMany(95);
			const trigger = new Trigger(list, 'invoiceUpdated', { max: 4 });
			await trigger.baseline();
			for (const index of [0, 47, 94]) {
				list.records[index].name = `changed-${index}`;
				const seen: string[] = [];
				for (let i = 0; i < 6; i++) seen.push(...ids(await trigger.poll()));
				expect(seen).toEqual([list.records[index].id]);
			}
		});

		it('ignores fields that are not watched', async () => {
			const list = new FakeList(order);
			list.createMany(15);
			const trigger = new Trigger(list, 'invoiceUpdated', { fields: ['dueDate'] });
			await trigger.baseline();
			list.records[3].name = 'renamed';
			expect((await trigger.poll()).emitted).toEqual([]);
			list.records[3].dueDate = '2030-01-01';
			expect(ids(await trigger.poll())).toEqual([list.records[3].id]);
		});

		it('steps back when many records before the cursor were deleted, losing and doubling nothing', async () => {
			const list = new FakeList(order);
			list.createMany(120);
			const trigger = new Trigger(list, 'invoiceUpdated', { max: 4 });
			await trigger.baseline();
			await trigger.poll(); // the next pass is now under way
			const cursor = trigger.resumeOffset();
			expect(cursor).toBeGreaterThan(20);
			for (const r of list.listed().slice(5, 25)) list.remove(r.id);
			// The first records the pass has not verified moved 20 places down, before the resume point.
			const slipped = list.listed()[cursor - 20 + 1];
			const further = list.listed()[cursor + 5];
			slipped.name = 'changed';
			further.name = 'changed too';
			const seen: string[] = [];
			for (let i = 0; i < 8; i++) seen.push(...ids(await trigger.poll()));
			expect(seen).toEqual([slipped.id, further.id]);
		});

		it('paid: reports invoices paid after activation, including ones created during the baseline', async () => {
			const list = new FakeList(order);
			list.createMany(60);
			list.records[5].amountOutstanding = 0; // paid before activation: never reported
			const trigger = new Trigger(list, 'invoicePaid', { max: 2 });
			const first = await trigger.poll(); // first page, then the last records (anchors)
			expect(first).toMatchObject({ emitted: [], baseline: true });
			const createdPaid = list.create({ amountOutstanding: 0 }); // created during the baseline
			list.listed()[50].amountOutstanding = 0; // existed at activation, not read yet: part of the baseline
			const duringBaseline: string[] = [];
			let baseline = true;
			for (let i = 0; i < 20 && baseline; i++) {
				const out = await trigger.poll();
				duringBaseline.push(...ids(out));
				baseline = out.baseline;
			}
			expect(baseline).toBe(false);
			// Reported once: during the baseline (oldest first: it comes after the anchors) or at the
			// next pass (newest first: it came before the records the baseline had read).
			for (let i = 0; i < 12; i++) duringBaseline.push(...ids(await trigger.poll()));
			expect(duringBaseline).toEqual([createdPaid.id]);
			list.records[20].amountOutstanding = 0;
			const after: string[] = [];
			for (let i = 0; i < 12; i++) after.push(...ids(await trigger.poll()));
			expect(after).toEqual([list.records[20].id]);
		});

		it('overdue: once per invoice, when the due date passes, never for invoices overdue at activation', async () => {
			const list = new FakeList(order);
			list.createMany(25);
			list.records[2].dueDate = PAST;
			list.records[7].dueDate = '2024-06-01'; // over at the end of June 1st
			let now = Date.UTC(2024, 5, 1, 12);
			const trigger = new Trigger(list, 'invoiceOverdue', { now: () => now });
			await trigger.baseline();
			expect((await trigger.poll()).emitted).toEqual([]);
			now = Date.UTC(2024, 5, 2);
			expect(ids(await trigger.poll())).toEqual([list.records[7].id]);
			list.records[7].amountOutstanding = 0;
			await trigger.poll();
			list.records[7].amountOutstanding = 50;
			expect((await trigger.poll()).emitted).toEqual([]);
			const late = list.create({ dueDate: PAST });
			expect(ids(await trigger.poll())).toEqual([late.id]);
			expect((await trigger.poll()).emitted).toEqual([]);
		});

		it('starts a new baseline when the event, the watched fields or the organization change', async () => {
			const list = new FakeList(order);
			list.createMany(15);
			const trigger = new Trigger(list, 'invoiceUpdated');
			await trigger.baseline();
			list.records[1].name = 'x';
			const changedFields = await trigger.poll({ fields: ['name', 'dueDate'] });
			expect(changedFields).toMatchObject({ emitted: [], startedFresh: true });
			list.records[1].name = 'y';
			expect(ids(await trigger.poll({ fields: ['name', 'dueDate'] }))).toEqual([
				list.records[1].id,
			]);
			list.records[1].name = 'z';
			expect((await trigger.poll({ fields: ['name', 'dueDate'], org: 'other' })).startedFresh).toBe(
				true,
			);
		});

		it('crash: a poll whose state is dropped is repeated with the same records; the saved one is not', async () => {
			for (const event of ['invoiceUpdated', 'invoicePaid', 'newInvoice'] as const) {
				const list = new FakeList(order);
				list.createMany(40);
				const trigger = new Trigger(list, event);
				await trigger.baseline();
				list.records[3].name = 'changed';
				list.records[3].amountOutstanding = 0;
				list.create();
				const lost = await trigger.dryPoll();
				expect(lost.emitted.length).toBeGreaterThan(0);
				const again = await trigger.poll();
				expect(ids(again)).toEqual(ids(lost));
				expect((await trigger.poll()).emitted).toEqual([]);
			}
		});

		it('stops before the poll time budget runs out, and resumes there', async () => {
			const list = new FakeList(order);
			list.createMany(200);
			let now = 0;
			list.beforePage = () => (now += 1000); // each request takes one second
			const trigger = new Trigger(list, 'invoiceUpdated', { now: () => now });
			const out = await trigger.poll({ timeBudgetMs: 10_000 });
			// 20 % of the budget is kept in reserve: at most 8 one-second requests.
			expect(out.requests).toBeLessThanOrEqual(8);
			expect(out.requests).toBeGreaterThan(0);
			expect(trigger.resumeOffset()).toBeGreaterThan(0);
		});

		it('keeps at most 8 bytes of state per record (7 for Updated, 4 for Paid and Overdue)', async () => {
			const list = new FakeList(order);
			list.createMany(20_000);
			for (const [event, perRecord] of [
				['invoiceUpdated', 7],
				['invoicePaid', 4],
			] as const) {
				const trigger = new Trigger(list, event, { pageCap: 500, max: 100 });
				await trigger.baseline();
				const bytes = trigger.bytes / list.records.length;
				expect(bytes).toBeLessThanOrEqual(8);
				expect(bytes).toBeLessThan(perRecord + 0.01);
			}
		});
	},
);

describe.each(ORDERS)(
	'fuzz on a list served %s: random creations, changes and deletions, also between the pages of a poll',
	(order) => {
		const tailTuning: Tuning = {
			overlapResume: 3,
			overlapNext: 1,
			tailKeep: 8,
			anchorCount: 4,
			tailStepbacks: 4,
		};

		function mutator(
			list: FakeList,
			random: () => number,
			change: (r: Rec) => void,
			candidates: () => Rec[],
		) {
			return () => {
				const x = random();
				if (x < 0.3) list.create(random() < 0.3 ? { amountOutstanding: 0 } : {});
				else if (x < 0.5) {
					if (list.records.length > 0)
						list.remove(list.records[Math.floor(random() * list.records.length)].id);
				} else if (x < 0.53) {
					// a burst of deletions (more than any overlap)
					for (let i = 0; i < 15 && list.records.length > 0; i++)
						list.remove(list.records[Math.floor(random() * list.records.length)].id);
				} else {
					const pool = candidates();
					if (pool.length > 0) change(pool[Math.floor(random() * pool.length)]);
				}
			};
		}

		async function churn(
			trigger: Trigger,
			random: () => number,
			mutate: () => void,
			onEmit: (out: PollOutput) => void,
		) {
			for (let round = 0; round < 120; round++) {
				const between = Math.floor(random() * 4);
				for (let i = 0; i < between; i++) mutate();
				trigger.list.beforePage = () => {
					if (random() < 0.3) mutate();
				};
				onEmit(await trigger.poll({ max: 1 + Math.floor(random() * 6) }));
				trigger.list.beforePage = undefined;
			}
			// Quiet: two full passes, so that one started after the last change.
			let passes = 0;
			for (let i = 0; passes < 2 && i < 500; i++) {
				const out = await trigger.poll({ max: 5 });
				onEmit(out);
				if (out.passCompleted) passes++;
			}
		}

		it.each([1, 2, 3, 4, 5, 6])(
			'Invoice Updated, seed %i: every change reported once, nothing else',
			async (seed) => {
				const random = seededRandom(seed);
				const list = new FakeList(order);
				list.createMany(150);
				const trigger = new Trigger(list, 'invoiceUpdated');
				await trigger.baseline();
				// What was last reported (or read by the baseline) per record; names never repeat.
				const reported = new Map(list.records.map((r) => [r.id, r.name]));
				let version = 0;
				const mutate = mutator(
					list,
					random,
					(r) => (r.name = `v${++version}`),
					() => list.records.filter((r) => reported.has(r.id)),
				);
				await churn(trigger, random, mutate, (out) => {
					for (const r of out.emitted) {
						expect(reported.has(r.id as string) && reported.get(r.id as string) !== r.name).toBe(
							true,
						);
						reported.set(r.id as string, r.name as string);
					}
				});
				const missed = list.records.filter(
					(r) => reported.has(r.id) && reported.get(r.id) !== r.name,
				);
				expect(missed).toEqual([]);
				expect(trigger.bytes / list.records.length).toBeLessThan(8 + 200 / list.records.length);
			},
		);

		it.each([1, 2, 3, 4, 5, 6])(
			'Invoice Paid, seed %i: every invoice paid after activation reported once',
			async (seed) => {
				const random = seededRandom(100 + seed);
				const list = new FakeList(order);
				list.createMany(150);
				for (const r of list.records) if (random() < 0.3) r.amountOutstanding = 0;
				const trigger = new Trigger(list, 'invoicePaid');
				await trigger.baseline();
				const paidAtActivation = new Set(
					list.records.filter((r) => r.amountOutstanding === 0).map((r) => r.id),
				);
				const reported = new Set<string>();
				const mutate = mutator(
					list,
					random,
					(r) => (r.amountOutstanding = 0),
					() => list.records.filter((r) => r.amountOutstanding > 0),
				);
				await churn(trigger, random, mutate, (out) => {
					for (const r of out.emitted) {
						const id = r.id as string;
						expect({
							id,
							paid: r.amountOutstanding === 0,
							before: paidAtActivation.has(id),
							twice: reported.has(id),
						}).toEqual({
							id,
							paid: true,
							before: false,
							twice: false,
						});
						reported.add(id);
					}
				});
				const missed = list.records.filter(
					(r) => r.amountOutstanding === 0 && !paidAtActivation.has(r.id) && !reported.has(r.id),
				);
				expect(missed).toEqual([]);
			},
		);

		it.each([1, 2, 3, 4, 5, 6])(
			'New Invoice, seed %i: every record created after activation reported once',
			async (seed) => {
				const random = seededRandom(200 + seed);
				const list = new FakeList(order);
				list.createMany(150);
				const trigger = new Trigger(list, 'newInvoice', { tuning: tailTuning });
				await trigger.baseline();
				const old = new Set(list.records.map((r) => r.id));
				const reported = new Set<string>();
				const mutate = mutator(
					list,
					random,
					() => undefined,
					() => [],
				);
				await churn(trigger, random, mutate, (out) => {
					for (const r of out.emitted) {
						const id = r.id as string;
						expect({ id, old: old.has(id), twice: reported.has(id) }).toEqual({
							id,
							old: false,
							twice: false,
						});
						reported.add(id);
					}
				});
				expect(list.records.filter((r) => !old.has(r.id) && !reported.has(r.id))).toEqual([]);
			},
		);
	},
);
