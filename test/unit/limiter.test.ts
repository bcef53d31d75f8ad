import { OrganizationLimiter } from '../../nodes/Upflow/transport/limiter';
import { VirtualClock } from '../support/clocks';

interface Span {
	job: number;
	lane?: string;
	start: number;
	end: number;
}

/** Runs `count` jobs of one request each through the limiter; each request takes `latency(i)` ms. */
async function runJobs(
	clock: VirtualClock,
	limiter: OrganizationLimiter,
	count: number,
	options: { lane?: (i: number) => string | undefined; latency?: (i: number) => number } = {},
): Promise<Span[]> {
	const spans: Span[] = [];
	const jobs = Array.from({ length: count }, async (_, job) => {
		const lane = options.lane?.(job);
		await limiter.inLane(lane, async () => {
			await limiter.schedule(async () => {
				const start = clock.now();
				await clock.sleep(options.latency?.(job) ?? 10);
				spans.push({ job, lane, start, end: clock.now() });
			});
		});
	});
	await clock.run(Promise.all(jobs));
	return spans;
}

function maxInAnyWindow(times: number[], windowMs: number): number {
	const sorted = [...times].sort((a, b) => a - b);
	let max = 0;
	for (let i = 0, j = 0; j < sorted.length; j++) {
		while (sorted[j] - sorted[i] >= windowMs) i++;
		max = Math.max(max, j - i + 1);
	}
	return max;
}

function maxOverlap(spans: Span[]): number {
	const events = spans.flatMap((s) => [
		{ at: s.start, delta: 1 },
		{ at: s.end, delta: -1 },
	]);
	events.sort((a, b) => a.at - b.at || a.delta - b.delta);
	let current = 0;
	let max = 0;
	for (const event of events) max = Math.max(max, (current += event.delta));
	return max;
}

describe('OrganizationLimiter', () => {
	it('never lets a sliding window hold more requests than the limit, at any latency', async () => {
		for (const latency of [1, 50, 900, 3000]) {
			const clock = new VirtualClock();
			const limiter = new OrganizationLimiter(
				{ requestsPerWindow: 60, windowMs: 60_000, maxConcurrent: 10 },
				clock,
			);
			const spans = await runJobs(clock, limiter, 300, { latency: (i) => latency + (i % 7) * 13 });
			expect(spans).toHaveLength(300);
			// Arrival at Upflow can be anywhere in [start, end]: check both extremes.
			expect(
				maxInAnyWindow(
					spans.map((s) => s.start),
					60_000,
				),
			).toBeLessThanOrEqual(60);
			expect(
				maxInAnyWindow(
					spans.map((s) => s.end),
					60_000,
				),
			).toBeLessThanOrEqual(60);
			// ... and it still runs at the ceiling: a slot is reused one window after its answer, no later.
			const maxLatency = latency + 6 * 13;
			const last = Math.max(...spans.map((s) => s.end));
			expect(last).toBeLessThanOrEqual(Math.ceil(300 / 60) * (60_000 + maxLatency + 1));
		}
	});

	it('keeps in-flight requests under the cap', async () => {
		const clock = new VirtualClock();
		// A one-second window: the slow start (one more in flight per tenth of it) is over in 0.3 s.
		const limiter = new OrganizationLimiter(
			{ requestsPerWindow: 10_000, windowMs: 1000, maxConcurrent: 3 },
			clock,
		);
		const spans = await runJobs(clock, limiter, 100, { latency: (i) => 5 + (i % 5) * 20 });
		expect(maxOverlap(spans)).toBe(3);
	});

	it('runs jobs of one lane one at a time, in the order they came', async () => {
		const clock = new VirtualClock();
		const limiter = new OrganizationLimiter(
			{ requestsPerWindow: 10_000, windowMs: 1000, maxConcurrent: 10 },
			clock,
		);
		const spans = await runJobs(clock, limiter, 120, {
			lane: (i) => `customer-${i % 6}`,
			latency: (i) => 5 + ((i * 37) % 50),
		});
		for (let lane = 0; lane < 6; lane++) {
			const own = spans
				.filter((s) => s.lane === `customer-${lane}`)
				.sort((a, b) => a.start - b.start);
			expect(own.map((s) => s.job)).toEqual(own.map((s) => s.job).sort((a, b) => a - b));
			expect(maxOverlap(own)).toBe(1);
		}
		// Different lanes do run side by side.
		expect(maxOverlap(spans)).toBeGreaterThan(1);
	});

	it("starts a process at 1/sharedBy of the rate and of Upflow's 10 in flight", () => {
		const clock = new VirtualClock();
		const alone = new OrganizationLimiter(
			{ requestsPerWindow: 600, windowMs: 60_000, maxConcurrent: 5 },
			clock,
		);
		const eighth = new OrganizationLimiter(
			{ requestsPerWindow: 600, windowMs: 60_000, maxConcurrent: 5, sharedBy: 8 },
			clock,
		);
		const half = new OrganizationLimiter(
			{ requestsPerWindow: 600, windowMs: 60_000, maxConcurrent: 10, sharedBy: 2 },
			clock,
		);
		expect([alone.currentLimit, eighth.currentLimit, half.currentLimit]).toEqual([600, 75, 300]);
		// Concurrency starts at 1 and grows with time spent working up to the share's part of 10.
		expect([alone.concurrencyLimit, eighth.concurrencyLimit]).toEqual([1, 1]);
	});

	it("grows concurrency from 1 to the credential's cap by one per tenth of the window (slow start per unit of time)", async () => {
		const clock = new VirtualClock();
		const limiter = new OrganizationLimiter(
			{ requestsPerWindow: 10_000, windowMs: 60_000, maxConcurrent: 5 },
			clock,
		);
		const spans = await runJobs(clock, limiter, 2000, { latency: () => 50 });
		expect(maxOverlap(spans)).toBe(5);
		// However fast the answers come back: one in flight for the first 6 s, two until 12 s.
		expect(maxOverlap(spans.filter((s) => s.start < 5900))).toBe(1);
		expect(maxOverlap(spans.filter((s) => s.start < 11_900))).toBe(2);
		expect(limiter.concurrencyLimit).toBe(5);
	});

	it('counts only time that work waits on the cap: a long request alone does not grow it', async () => {
		const clock = new VirtualClock();
		const limiter = new OrganizationLimiter(
			{ requestsPerWindow: 10_000, windowMs: 60_000, maxConcurrent: 5 },
			clock,
		);
		const spans: Span[] = [];
		const job = (job: number, latency: number) =>
			limiter.schedule(async () => {
				const start = clock.now();
				await clock.sleep(latency);
				spans.push({ job, start, end: clock.now() });
			});
		// 10 s alone in flight, then three jobs queue behind it for its last 3 s.
		const long = job(0, 10_000);
		await clock.run(clock.sleep(7000));
		const queued = [1, 2, 3].map((i) => job(i, 50));
		await clock.run(Promise.all([long, ...queued]));
		expect(maxOverlap(spans.filter((s) => s.job > 0))).toBe(1);
	});

	it('counts only time that work waits on the cap: time held back by the share does not grow it', async () => {
		const clock = new VirtualClock();
		const limiter = new OrganizationLimiter(
			{ requestsPerWindow: 60, windowMs: 60_000, maxConcurrent: 5 },
			clock,
		);
		// 60 in 3 s, then the share binds for the rest of each window: 130 jobs take three windows.
		const spans = await runJobs(clock, limiter, 130, { latency: () => 50 });
		expect(Math.max(...spans.map((s) => s.end))).toBeGreaterThan(120_000);
		expect(limiter.concurrencyLimit).toBe(1);
	});

	/** One request through the limiter that the organization answers as told. */
	async function attempt(
		clock: VirtualClock,
		limiter: OrganizationLimiter,
		refused: boolean,
		extra: { retryAfterMs?: number; remaining?: number; resetMs?: number } = {},
	): Promise<number> {
		let sentAt = -1;
		const done = limiter
			.schedule(
				async () => {
					sentAt = clock.now();
					await clock.sleep(10);
					return refused ? 429 : 200;
				},
				() => ({ refused, ...extra }),
			)
			.catch(() => undefined);
		await clock.run(done);
		return sentAt;
	}

	it('a 429 with Retry-After holds every request of the process until then', async () => {
		const clock = new VirtualClock();
		const limiter = new OrganizationLimiter(
			{ requestsPerWindow: 100, windowMs: 60_000, maxConcurrent: 5 },
			clock,
		);
		await attempt(clock, limiter, true, { retryAfterMs: 7000 });
		const spans = await runJobs(clock, limiter, 3);
		expect(Math.min(...spans.map((s) => s.start))).toBeGreaterThanOrEqual(7010);
	});

	/** A limiter whose window holds 40 answered requests of this process, one in flight at a time. */
	async function holdingForty(requestsPerWindow: number) {
		const clock = new VirtualClock();
		const limiter = new OrganizationLimiter(
			{ requestsPerWindow, windowMs: 60_000, maxConcurrent: 1 },
			clock,
		);
		await runJobs(clock, limiter, 40);
		return { clock, limiter };
	}

	it('cuts the share to just under what the window held on a second refusal in a row, not on one alone', async () => {
		const { clock, limiter } = await holdingForty(60);
		// One refusal near its share: maybe a slot counted twice as the window turned; look again a
		// second later.
		const first = await attempt(clock, limiter, true);
		expect(limiter.currentLimit).toBe(60);
		const second = await attempt(clock, limiter, true);
		expect(second - first).toBeGreaterThanOrEqual(1000);
		// The window held 42 of ours (40 + two refused): the share is 95% of it.
		expect(limiter.currentLimit).toBe(39);
		expect(limiter.concurrencyLimit).toBe(1);
	});

	it('cuts at the first refusal without a hint when the process holds less than half its share', async () => {
		const { clock, limiter } = await holdingForty(600);
		// 41 held of a share of 600: no slot counted twice explains that; the others hold the window.
		await attempt(clock, limiter, true);
		expect(limiter.currentLimit).toBe(38);
		expect(limiter.concurrencyLimit).toBe(1);
	});

	it('cuts at the first refusal with a Retry-After of more than a second when the process holds under 90% of its share', async () => {
		const { clock, limiter } = await holdingForty(60);
		// 41 held of 60: a window that is full for seconds (not turning) holds the others' requests.
		await attempt(clock, limiter, true, { retryAfterMs: 5000 });
		expect(limiter.currentLimit).toBe(38);
	});

	it('counts refusals answered together as one signal: a burst warns once, a later burst cuts once', async () => {
		const clock = new VirtualClock();
		// A share of 110: the 105 the window holds at the first burst is within 90% of it, so the
		// first refusal warns rather than cuts.
		const limiter = new OrganizationLimiter(
			{ requestsPerWindow: 110, windowMs: 60_000, maxConcurrent: 5 },
			clock,
		);
		// A second per answer: the slow start reaches 5 in flight within the window.
		await runJobs(clock, limiter, 100, { latency: () => 1000 });
		expect(limiter.concurrencyLimit).toBe(5);
		const burst = async () =>
			await clock.run(
				Promise.all(
					Array.from({ length: 5 }, async () => {
						await limiter
							.schedule(
								async () => await clock.sleep(10),
								() => ({ refused: true, retryAfterMs: 5000 }),
							)
							.catch(() => undefined);
					}),
				),
			);
		await burst();
		expect(limiter.currentLimit).toBe(110);
		await burst();
		// The first answer of the second burst: 100 + 5 refused + itself, 4 still in flight.
		expect(limiter.currentLimit).toBe(Math.floor(0.95 * 110));
		// Retry-After said the window (not Upflow's 10 in flight): concurrency is not halved.
		expect(limiter.concurrencyLimit).toBe(5);
	});

	it('probes with one request over its share when it has work and no room: accepted, the share grows fast', async () => {
		const clock = new VirtualClock();
		const limiter = new OrganizationLimiter(
			{ requestsPerWindow: 600, windowMs: 60_000, maxConcurrent: 5, sharedBy: 8 },
			clock,
		);
		// An idle organization: every request accepted. 600 requests, a share of 75 to start from.
		const spans = await runJobs(clock, limiter, 600, { latency: () => 50 });
		expect(limiter.currentLimit).toBe(600);
		expect(Math.max(...spans.map((s) => s.end))).toBeLessThan(15_000);
	});

	it('after a refused probe, waits a window before the next, then two', async () => {
		const clock = new VirtualClock();
		const limiter = new OrganizationLimiter(
			{ requestsPerWindow: 600, windowMs: 60_000, maxConcurrent: 5, sharedBy: 8 },
			clock,
		);
		// The organization is full: everything past the 75th of a window is refused.
		const sent: Array<{ at: number; refused: boolean }> = [];
		const answers: number[] = [];
		const job = async () => {
			for (;;) {
				try {
					return await limiter.schedule(
						async () => {
							const at = clock.now();
							const inWindow = answers.filter((t) => t > at - 60_000).length;
							const refused = inWindow >= 75;
							sent.push({ at, refused });
							await clock.sleep(refused ? 0 : 50);
							if (!refused) answers.push(at);
							if (refused) throw new Error('429');
						},
						({ error }) => ({ refused: error !== undefined }),
					);
				} catch {
					// retried through the limiter, as request.ts does
				}
			}
		};
		await clock.run(Promise.all(Array.from({ length: 300 }, job)));
		const refusals = sent.filter((s) => s.refused).map((s) => s.at);
		// 300 requests over 4 windows: at most one refused probe per window, spaced 1, 2 windows apart.
		expect(refusals.length).toBeLessThanOrEqual(3);
		for (let k = 1; k < refusals.length; k++)
			expect(refusals[k] - refusals[k - 1]).toBeGreaterThanOrEqual(60_000);
	});

	it('rate-limit headers that say the window is full: the share stops at what it holds, no probe until the reset', async () => {
		const clock = new VirtualClock();
		const limiter = new OrganizationLimiter(
			{ requestsPerWindow: 600, windowMs: 60_000, maxConcurrent: 1 },
			clock,
		);
		await runJobs(clock, limiter, 9);
		const at = clock.now();
		await attempt(clock, limiter, false, { remaining: 0, resetMs: 20_000 });
		expect(limiter.currentLimit).toBe(10);
		// Its own window frees a slot a minute after the first; a probe may go once the reset passed.
		const [next] = await runJobs(clock, limiter, 1);
		expect(next.start - at).toBeGreaterThanOrEqual(20_000);
		expect(next.start - at).toBeLessThan(59_000);
	});

	it('applies edited limits to the next requests', async () => {
		const clock = new VirtualClock();
		const limiter = new OrganizationLimiter(
			{ requestsPerWindow: 100, windowMs: 1000, maxConcurrent: 5 },
			clock,
		);
		limiter.update({ requestsPerWindow: 100, windowMs: 1000, maxConcurrent: 1 });
		const spans = await runJobs(clock, limiter, 20);
		expect(maxOverlap(spans)).toBe(1);
	});
});
