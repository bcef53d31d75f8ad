/**
 * Many n8n processes (queue-mode workers) sharing one Upflow organization: real OrganizationLimiter
 * instances behind real UpflowClients, one per process, on one virtual clock, against a simulated
 * organization with the emulator's limits (test/support/sharedOrganization.ts). Thousands of
 * simulated seconds run in a few seconds. Every figure comes from the organization's request log.
 *
 * The organization refuses what exceeds its limits, so "never more than 600 accepted" holds by
 * construction; what the design must earn is the rest: few refusals, the ceiling's throughput,
 * equal shares, a lone process escaping a small starting share, and convergence when processes
 * join and leave.
 */
import { VirtualClock } from '../support/clocks';
import {
	UPFLOW_RULES,
	acceptedPerProcess,
	figuresOf,
	runShared,
} from '../support/sharedOrganization';
import type { OrganizationRules, SimulatedProcess } from '../support/sharedOrganization';

const WINDOW = UPFLOW_RULES.windowMs;
/** Not a multiple of 600: 3.5 windows, so a few lost slots move the end by seconds, not a window. */
const RECORDS = 2100;
const PROCESSES = 8;

const RULES: Array<[string, OrganizationRules]> = [
	['refusals counted, Retry-After', UPFLOW_RULES],
	['refusals counted, no Retry-After', { ...UPFLOW_RULES, retryAfter: false }],
	[
		'refusals not counted, no Retry-After',
		{ ...UPFLOW_RULES, retryAfter: false, countRefused: false },
	],
	[
		'refusals counted, rate-limit headers',
		{ ...UPFLOW_RULES, retryAfter: false, rateLimitHeaders: true },
	],
];

async function run(rules: OrganizationRules, processes: SimulatedProcess[]) {
	const result = await runShared(new VirtualClock(11), rules, processes);
	return { ...result, figures: figuresOf(result.org.log, WINDOW) };
}

/** The records split over the processes, which start within 200 ms of each other. */
function even(sharedBy: number): SimulatedProcess[] {
	return Array.from({ length: PROCESSES }, (_, i) => ({
		sharedBy,
		executions: [
			{
				at: (i * 29) % 200,
				count: Math.floor(RECORDS / PROCESSES) + (i < RECORDS % PROCESSES ? 1 : 0),
			},
		],
	}));
}

function oneBusy(sharedBy: number): SimulatedProcess[] {
	return Array.from({ length: PROCESSES }, (_, i) => ({
		sharedBy,
		executions: i === 0 ? [{ at: 0, count: RECORDS }] : [],
	}));
}

/** Jain's fairness index: 1 when all equal, 1/n when one has everything. */
function fairness(values: number[]): number {
	const sum = values.reduce((a, b) => a + b, 0);
	return (sum * sum) / (values.length * values.reduce((a, b) => a + b * b, 0));
}

const perWindow = (accepted: number, windows: number) => accepted / windows;

describe.each(RULES)('%s', (_name, rules) => {
	const retryAfter = rules.retryAfter;
	let baselineMs: number;
	beforeAll(async () => {
		const baseline = await run(rules, [{ executions: [{ at: 0, count: RECORDS }] }]);
		expect(baseline.figures).toMatchObject({ accepted: RECORDS, http429: 0 });
		baselineMs = baseline.figures.wallMs;
	});

	it(`${PROCESSES} processes importing together, each told it shares the key with ${PROCESSES}: the one-process time, few 429s, nothing lost`, async () => {
		const { figures, failed, finishedAt } = await run(rules, even(PROCESSES));
		expect(failed).toBe(0);
		expect(figures.accepted).toBe(RECORDS);
		expect(figures.maxPerWindow).toBeLessThanOrEqual(600);
		expect(figures.maxInFlight).toBeLessThanOrEqual(10);
		expect(figures.wallMs).toBeLessThanOrEqual(baselineMs / 0.95);
		expect(figures.http429 / figures.requests).toBeLessThanOrEqual(retryAfter ? 0.01 : 0.03);
		// Equal work, equal shares: they finish together.
		const ends = finishedAt as number[];
		expect(Math.max(...ends) - Math.min(...ends)).toBeLessThan(0.05 * baselineMs);
	});

	it('one process busy, seven idle: it escapes its 1/8 starting share within seconds', async () => {
		const { figures, org } = await run(rules, oneBusy(PROCESSES));
		expect(figures.accepted).toBe(RECORDS);
		expect(figures.wallMs).toBeLessThanOrEqual(baselineMs / 0.95);
		expect(figures.http429 / figures.requests).toBeLessThanOrEqual(0.01);
		// A window's worth (600) in 15 s: the 1/8 share alone would take a window per 75.
		const accepted = org.log.filter((e) => e.status === 200).map((e) => e.at);
		expect(accepted[599] - accepted[0]).toBeLessThan(15_000);
	});

	it(`${PROCESSES} processes left at the credential's default (1): the issue's goals still hold`, async () => {
		const { figures, failed } = await run(rules, even(1));
		expect(failed).toBe(0);
		expect(figures.accepted).toBe(RECORDS);
		expect(figures.maxPerWindow).toBeLessThanOrEqual(600);
		expect(figures.wallMs).toBeLessThanOrEqual(baselineMs / 0.95);
		expect(figures.http429 / figures.requests).toBeLessThanOrEqual(retryAfter ? 0.01 : 0.03);
	});
});

/** Long runs: the stricter organization (refusals counted), with and without Retry-After. */
describe.each(RULES.slice(0, 2))('%s, for half an hour', (_name, rules) => {
	const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
	const equalShare = 600 / PROCESSES;

	it.each([
		[PROCESSES, 0.95, 0.75, 0.03],
		[1, 0.8, 0.15, 0.04],
	])(
		'told %s share the key, 8 processes with endless work: the ceiling, shares near equal (fairness >= %s, none under %s of an equal share), at most %s answered 429',
		async (sharedBy, minFairness, minPart, max429) => {
			const { figures, failed, org } = await run(
				rules,
				Array.from({ length: PROCESSES }, (_, i) => ({
					sharedBy,
					busy: { from: i * 250, until: 30 * WINDOW, backlog: 20 },
				})),
			);
			expect(failed).toBe(0);
			// After 5 windows to settle.
			const shares = acceptedPerProcess(org.log, PROCESSES, 5 * WINDOW, 30 * WINDOW);
			expect(perWindow(sum(shares), 25)).toBeGreaterThanOrEqual(0.97 * 600);
			expect(fairness(shares)).toBeGreaterThanOrEqual(minFairness);
			expect(perWindow(Math.min(...shares), 25)).toBeGreaterThan(minPart * equalShare);
			expect(figures.http429 / figures.requests).toBeLessThanOrEqual(max429);
		},
	);

	it.each([PROCESSES, 1])(
		'told %s share the key: 4 processes, 4 more join after 10 minutes, 6 leave after 25: the joiners get a share, the last 2 take the organization back',
		async (sharedBy) => {
			const { failed, org } = await run(
				rules,
				Array.from({ length: PROCESSES }, (_, i) => ({
					sharedBy,
					busy: {
						from: i < 4 ? i * 250 : 10 * WINDOW,
						until: i < 2 ? 35 * WINDOW : 25 * WINDOW,
						backlog: 20,
					},
				})),
			);
			expect(failed).toBe(0);
			const accepted = (from: number, to: number) =>
				acceptedPerProcess(org.log, PROCESSES, from * WINDOW, to * WINDOW);
			// Four alone: near the ceiling.
			expect(perWindow(sum(accepted(5, 10)), 5)).toBeGreaterThanOrEqual(0.9 * 600);
			// From 10 windows after the join, every joiner has more than half of an equal share.
			for (const joiner of accepted(20, 25).slice(4))
				expect(perWindow(joiner, 5)).toBeGreaterThan(0.5 * equalShare);
			// From 5 windows after six left, the last two are near the ceiling again.
			expect(perWindow(sum(accepted(30, 35)), 5)).toBeGreaterThanOrEqual(0.8 * 600);
		},
	);
});
