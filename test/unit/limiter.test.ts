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
		const limiter = new OrganizationLimiter(
			{ requestsPerWindow: 10_000, windowMs: 60_000, maxConcurrent: 3 },
			clock,
		);
		const spans = await runJobs(clock, limiter, 100, { latency: (i) => 5 + (i % 5) * 20 });
		expect(maxOverlap(spans)).toBe(3);
	});

	it('runs jobs of one lane one at a time, in the order they came', async () => {
		const clock = new VirtualClock();
		const limiter = new OrganizationLimiter(
			{ requestsPerWindow: 10_000, windowMs: 60_000, maxConcurrent: 10 },
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

	it('pauses the whole organization on a 429 and slows down, then recovers', async () => {
		const clock = new VirtualClock();
		const limiter = new OrganizationLimiter(
			{ requestsPerWindow: 100, windowMs: 1000, maxConcurrent: 5 },
			clock,
		);
		limiter.onRateLimited(2000);
		expect(limiter.currentLimit).toBe(70);
		const spans = await runJobs(clock, limiter, 10);
		expect(Math.min(...spans.map((s) => s.start))).toBeGreaterThanOrEqual(2000);
		await runJobs(clock, limiter, 100);
		expect(limiter.currentLimit).toBe(100);
	});

	it('slows down once for a burst of 429s answered together, again for a later one', async () => {
		const clock = new VirtualClock();
		const limiter = new OrganizationLimiter(
			{ requestsPerWindow: 100, windowMs: 1000, maxConcurrent: 5 },
			clock,
		);
		for (let i = 0; i < 5; i++) limiter.onRateLimited(1000);
		expect(limiter.currentLimit).toBe(70);
		await clock.run(clock.sleep(1500));
		limiter.onRateLimited(1000);
		expect(limiter.currentLimit).toBe(49);
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
