/**
 * Upflow Trigger, pure parts: fingerprints, the stored state and its codec, the event rules, the
 * sequence merge, the order detector.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	EVENTS,
	LAYOUTS,
	dueDatePassedAt,
	eventDefinition,
	isOverdue,
	isPaid,
	judgeFor,
} from '../../nodes/Upflow/trigger/events';
import { cyrb53, stableStringify, topBits } from '../../nodes/Upflow/shared/hash';
import type { EventSettings } from '../../nodes/Upflow/trigger/events';
import { OrderWatch, Trend, orderFromStamps } from '../../nodes/Upflow/trigger/order';
import { Sequence, findAnchor, mergeWindow } from '../../nodes/Upflow/trigger/sequence';
import {
	decodeEntries,
	encodeEntries,
	idBitsOf,
	readFingerprints,
	readStamps,
	writeFingerprints,
	writeStamps,
} from '../../nodes/Upflow/trigger/state';

describe('hash', () => {
	it('is stable, 53-bit and seed-dependent', () => {
		expect(cyrb53('abc')).toBe(cyrb53('abc'));
		expect(cyrb53('abc')).not.toBe(cyrb53('abd'));
		expect(cyrb53('abc', 1)).not.toBe(cyrb53('abc', 2));
		expect(cyrb53('abc')).toBeLessThan(2 ** 53);
		expect(topBits(2 ** 53 - 1, 24)).toBe(2 ** 24 - 1);
	});

	it('stringifies with sorted keys at every level', () => {
		expect(stableStringify({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
			'{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}',
		);
		expect(stableStringify({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
	});
});

describe('codec', () => {
	it.each(Object.entries(LAYOUTS))(
		'round-trips the %s layout at its widest values',
		(_rule, layout) => {
			const idMax = 2 ** idBitsOf(layout) - 1;
			const valMax = 2 ** layout.valueBits - 1;
			const entries = {
				ids: [0, idMax, 12345 % (idMax + 1)],
				vals: [valMax, 0, Math.floor(valMax / 3)],
			};
			const text = encodeEntries(entries, layout);
			expect(text).toHaveLength(3 * layout.chars);
			expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
			// JSON keeps every character as is: one entry = `chars` bytes of static data.
			expect(JSON.stringify(text)).toHaveLength(text.length + 2);
			expect(decodeEntries(text, layout)).toEqual(entries);
		},
	);

	it('refuses damaged text', () => {
		expect(decodeEntries('abc', LAYOUTS.updated)).toBeUndefined();
		expect(decodeEntries('abcdef!', LAYOUTS.updated)).toBeUndefined();
	});

	it('packs 100,000 entries quickly', () => {
		const ids = Array.from({ length: 100_000 }, (_, i) => (i * 2654435761) % 2 ** 24);
		const vals = ids.map((id) => id % 2 ** 18);
		const text = encodeEntries({ ids, vals }, LAYOUTS.updated);
		expect(text).toHaveLength(700_000);
		const back = decodeEntries(text, LAYOUTS.updated)!;
		// (toEqual on 100,000-element arrays is slow in jest: compare as text)
		expect(back.ids.join(',') === ids.join(',') && back.vals.join(',') === vals.join(',')).toBe(
			true,
		);
	});

	it('keeps every layout within 8 bytes per record', () => {
		for (const layout of Object.values(LAYOUTS)) expect(layout.chars).toBeLessThanOrEqual(8);
		expect(LAYOUTS.updated.chars).toBe(7);
		expect(LAYOUTS.paid.chars).toBe(4);
	});
});

describe('event rules', () => {
	const invoice = (over: object = {}) => ({
		id: 'i1',
		grossAmount: 100,
		amountOutstanding: 100,
		dueDate: '2024-02-01',
		...over,
	});

	it('names each event once, and reads a list whose path, envelope and page cap an api.ts gives', () => {
		expect(new Set(EVENTS.map((event) => event.name)).size).toBe(EVENTS.length);
		for (const event of EVENTS)
			expect(event.list).toMatchObject({
				path: expect.stringMatching(/^\//),
				envelope: expect.any(String),
				pageCap: expect.any(Number),
			});
	});

	const settings = (fields: string[] = []): EventSettings => ({ fields, actionType: '' });

	it('new: only records never seen, never during the baseline', () => {
		const judge = judgeFor(eventDefinition('newInvoice')!, settings(), 0);
		expect(judge(invoice(), undefined, false).emit).toBe(true);
		expect(judge(invoice(), undefined, true).emit).toBe(false);
		expect(judge(invoice(), 0, false).emit).toBe(false);
	});

	it('updated: a change to a watched field only', () => {
		const judge = judgeFor(
			eventDefinition('invoiceUpdated')!,
			settings(['amountOutstanding', 'dueDate']),
			0,
		);
		const before = judge(invoice(), undefined, false);
		expect(before.emit).toBe(false);
		expect(judge(invoice(), before.value, false).emit).toBe(false);
		expect(judge(invoice({ name: 'renamed' }), before.value, false).emit).toBe(false);
		expect(judge(invoice({ amountOutstanding: 50 }), before.value, false).emit).toBe(true);
		expect(judge(invoice({ dueDate: '2024-03-01' }), before.value, false).emit).toBe(true);
		// Key order and the expiring PDF URL never count.
		const reordered = judgeFor(
			eventDefinition('invoiceUpdated')!,
			settings(['dueDate', 'amountOutstanding']),
			0,
		);
		expect(reordered(invoice(), before.value, false).emit).toBe(false);
	});

	it('updated: PDF Attached compares presence, not the signed URL', () => {
		const judge = judgeFor(eventDefinition('invoiceUpdated')!, settings(['pdfUrl']), 0);
		const none = judge(invoice({ pdfUrl: null }), undefined, false).value;
		const one = judge(invoice({ pdfUrl: 'https://x/pdf?sig=1' }), none, false);
		expect(one.emit).toBe(true);
		expect(judge(invoice({ pdfUrl: 'https://x/pdf?sig=2' }), one.value, false).emit).toBe(false);
	});

	it('paid: when the amount outstanding reaches 0, again after a reopening', () => {
		const judge = judgeFor(eventDefinition('invoicePaid')!, settings(), 0);
		expect(judge(invoice({ amountOutstanding: 0 }), 0, false)).toEqual({ value: 1, emit: true });
		expect(judge(invoice({ amountOutstanding: 0 }), 1, false)).toEqual({ value: 1, emit: false });
		expect(judge(invoice({ amountOutstanding: 10 }), 1, false)).toEqual({ value: 0, emit: false });
		// Created already paid after the baseline: reported; during the baseline: not.
		expect(judge(invoice({ amountOutstanding: 0 }), undefined, false).emit).toBe(true);
		expect(judge(invoice({ amountOutstanding: 0 }), undefined, true).emit).toBe(false);
		expect(isPaid(invoice({ amountOutstanding: 0, grossAmount: 0 }))).toBe(false);
	});

	it('overdue: due date over with an amount outstanding, once per invoice', () => {
		const due = Date.UTC(2024, 1, 2); // 2024-02-01 is over at the end of that day
		expect(dueDatePassedAt('2024-02-01')).toBe(due);
		expect(dueDatePassedAt('2024-02-01T10:00:00Z')).toBe(Date.UTC(2024, 1, 1, 10));
		expect(dueDatePassedAt('soon')).toBeUndefined();
		expect(isOverdue(invoice(), due - 1)).toBe(false);
		expect(isOverdue(invoice(), due)).toBe(true);
		expect(isOverdue(invoice({ amountOutstanding: 0 }), due)).toBe(false);

		const judge = judgeFor(eventDefinition('invoiceOverdue')!, settings(), due);
		expect(judge(invoice(), 0, false)).toEqual({ value: 1, emit: true });
		expect(judge(invoice(), 1, false)).toEqual({ value: 1, emit: false });
		// Paid then reopened later: still never again.
		expect(judge(invoice({ amountOutstanding: 0 }), 1, false)).toEqual({ value: 1, emit: false });
		expect(judge(invoice(), undefined, true)).toEqual({ value: 1, emit: false });
		expect(judge(invoice(), undefined, false)).toEqual({ value: 1, emit: true });
	});
});

describe('sequence merge', () => {
	const rec = (id: number) => ({ id: `r${id}` });
	const seqOf = (ids: number[]) =>
		new Sequence(
			[...ids],
			ids.map(() => 0),
		);

	function merge(sequence: Sequence, pageIds: number[], seqIndex: number, reachedEnd: boolean) {
		const seen: Array<[string, number | undefined]> = [];
		const result = mergeWindow(
			sequence,
			pageIds.map(rec),
			pageIds,
			{ pageIndex: 0, seqIndex },
			reachedEnd,
			(r, previous) => {
				seen.push([r.id as string, previous]);
				return 1;
			},
		);
		return { result, seen };
	}

	it('matches in place, drops what was skipped, inserts what is new', () => {
		const sequence = seqOf([1, 2, 3, 4, 5, 6]);
		const { result, seen } = merge(sequence, [2, 4, 9, 5], 1, false);
		expect(sequence.ids).toEqual([1, 2, 4, 9, 5, 6]);
		expect(seen).toEqual([
			['r2', 0],
			['r4', 0],
			['r9', undefined],
			['r5', 0],
		]);
		expect(result).toEqual({ end: 5, inserted: 1, dropped: 1 });
	});

	it('drops everything after the page when the page reaches the end of the list', () => {
		const sequence = seqOf([1, 2, 3, 4]);
		merge(sequence, [2, 7], 1, true);
		expect(sequence.ids).toEqual([1, 2, 7]);
	});

	it('never matches a fingerprint behind the current place', () => {
		const sequence = seqOf([5, 1, 2]);
		const { seen } = merge(sequence, [1, 2, 5], 1, true);
		expect(seen[2]).toEqual(['r5', undefined]);
	});

	it('finds a page by one of its first records, within bounds', () => {
		const sequence = seqOf([1, 2, 3, 4, 5]);
		expect(findAnchor(sequence, [3, 4], 3, 0, 5)).toEqual({ pageIndex: 0, seqIndex: 2 });
		expect(findAnchor(sequence, [9, 4], 3, 0, 5)).toEqual({ pageIndex: 1, seqIndex: 3 });
		expect(findAnchor(sequence, [3], 3, 3, 5)).toBeUndefined();
	});
});

describe('state codec', () => {
	const layout = LAYOUTS.updated;

	it('round-trips a fingerprint state and counts revisions', () => {
		const state = readFingerprints({}, 'cfg', layout);
		state.sequence = new Sequence([1, 2], [3, 4]);
		state.baseline = false;
		state.verified = 1;
		state.nextOffset = 7;
		state.listLength = 2;
		const stored = writeFingerprints(state, layout, 'sweep');
		const back = readFingerprints(stored, 'cfg', layout);
		expect(back.sequence.ids).toEqual([1, 2]);
		expect(back.sequence.vals).toEqual([3, 4]);
		expect(back.revision).toBe(1);
		expect(back.baseline).toBe(false);
		expect(back.nextOffset).toBe(7);
		expect(back.listLength).toBe(2);
		expect(readFingerprints(writeFingerprints(back, layout, 'sweep'), 'cfg', layout).revision).toBe(
			2,
		);
		// Another configuration starts afresh.
		expect(readFingerprints(stored, 'other', layout).sequence.ids).toEqual([]);
	});

	it('starts a new baseline for another configuration or a damaged state', () => {
		const state = Object.assign(readFingerprints({}, 'cfg', layout), { baseline: false });
		const stored: IDataObject = writeFingerprints(state, layout, 'sweep');
		expect(readFingerprints(stored, 'other', layout).baseline).toBe(true);
		expect(readFingerprints({ ...stored, s: '!!!!!!!' }, 'cfg', layout).baseline).toBe(true);
		expect(readFingerprints({ ...stored, b: -1 }, 'cfg', layout).baseline).toBe(true);
		expect(readFingerprints({}, 'cfg', layout).baseline).toBe(true);
	});

	it("stores the stamp engine's pass as named flags packed in bits, and reads them back", () => {
		const state = readStamps({}, 'cfg');
		expect(writeStamps(state)).toEqual({ v: 1, k: 'stamp', c: 'cfg', r: 1, bl: 1 });
		state.baseline = false;
		state.cursor = 5000;
		state.recentKeys = ['a@4900'];
		state.pass = {
			nextOffset: 3,
			newest: 5000,
			emittedKeys: [],
			recentKeys: ['a@4900'],
			fromStart: true,
			trend: new Trend(4900, true, false),
			newFound: 2,
		};
		const stored = writeStamps(state);
		// 2 = never fell (it rose), 4 = from the start; `n`: passes ran and told no order.
		expect(stored).toMatchObject({ of: 2 | 4, ls: 4900, ord: 'n', f: 3, nf: 2 });
		const back = readStamps(stored, 'cfg');
		expect(back.pass?.trend).toEqual(new Trend(4900, true, false));
		expect(back.pass?.fromStart).toBe(true);
		expect(back.order).toBeUndefined();
		expect(writeStamps({ ...back, revision: 0 })).toEqual(stored);
		expect(readStamps({ ...stored, ord: 'd' }, 'cfg').order).toBe('newest-first');
		expect(readStamps({ ...stored, em: 'x' }, 'cfg').baseline).toBe(true);
		expect(readStamps(stored, 'other').cursor).toBeUndefined();
	});
});

describe('list order', () => {
	const at = (minute: number) => ({
		id: `uuid-${minute}`,
		createdAt: `2024-03-01T10:${String(minute).padStart(2, '0')}:00Z`,
	});

	it('reads creation stamps: createdAt, numeric ids, UUID v7, ULID; random ids tell nothing', () => {
		expect(orderFromStamps([at(1), at(2), at(2), at(5)])).toBe('oldest-first');
		expect(orderFromStamps([at(5), at(3), at(1)])).toBe('newest-first');
		expect(orderFromStamps([at(1), at(3), at(2)])).toBeUndefined(); // not in creation order
		expect(orderFromStamps([at(1), at(1)])).toBeUndefined();
		expect(orderFromStamps([at(1)])).toBeUndefined();
		expect(orderFromStamps([at(1), { id: 'x' }])).toBeUndefined(); // one without a stamp
		expect(orderFromStamps([{ id: 7 }, { id: '12' }])).toBe('oldest-first');
		const v7 = (ms: number) =>
			`${ms
				.toString(16)
				.padStart(12, '0')
				.replace(/^(.{8})(.{4})$/, '$1-$2')}-7abc-8def-0123456789ab`;
		expect(orderFromStamps([{ id: v7(2000) }, { id: v7(1000) }])).toBe('newest-first');
		expect(
			orderFromStamps([{ id: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }, { id: '01BX5ZZKBKACTAV9WEVGEMMVRZ' }]),
		).toBe('oldest-first');
		expect(
			orderFromStamps([
				{ id: '0b6f6c1e-3f0a-4c55-9a8e-1f2d3c4b5a69' },
				{ id: '9c1d7e2f-0a4b-4d3c-8e5f-6a7b8c9d0e1f' },
			]),
		).toBeUndefined();
	});

	it('follows a run of stamps: one way only tells the order, both ways tell none', () => {
		const run = (stamps: number[]) => {
			const trend = new Trend();
			for (const stamp of stamps) trend.observe(stamp);
			return trend;
		};
		expect(run([1, 2, 2, 5]).verdict()).toBe('oldest-first');
		expect(run([5, 3, 3]).verdict()).toBe('newest-first');
		expect(run([1, 3, 2]).verdict()).toBeUndefined();
		expect(run([4, 4]).verdict()).toBeUndefined();
		expect(run([1, 3, 2]).contradicts('oldest-first')).toBe(true);
		expect(run([1, 3]).contradicts('oldest-first')).toBe(false);
		expect(run([1, 3]).contradicts('newest-first')).toBe(true);
	});

	it('tells the order from where records never seen before appear, in any page', () => {
		const rec = (n: number) => ({ id: `r${n}` });
		const watch = new OrderWatch(undefined, undefined);
		watch.observe([rec(3), rec(2), rec(1)], { atStart: true, atEnd: true });
		expect(watch.verdict()).toBeUndefined();
		const newestFirst = new OrderWatch(watch.head, watch.tail);
		newestFirst.observe([rec(5), rec(4), rec(3)], { atStart: true, atEnd: false });
		expect(newestFirst.verdict()).toBe('newest-first');
		const oldestFirst = new OrderWatch(watch.head, watch.tail);
		oldestFirst.observe([rec(2), rec(1), rec(9)], { atStart: false, atEnd: false });
		expect(oldestFirst.verdict()).toBe('oldest-first');
		// Deletions alone, or new records at both ends, tell nothing.
		const deleted = new OrderWatch(watch.head, watch.tail);
		deleted.observe([rec(3), rec(1)], { atStart: true, atEnd: true });
		expect(deleted.verdict()).toBeUndefined();
		const both = new OrderWatch(watch.head, watch.tail);
		both.observe([rec(7), rec(3), rec(2), rec(1), rec(8)], { atStart: true, atEnd: true });
		expect(both.verdict()).toBeUndefined();
	});
});
