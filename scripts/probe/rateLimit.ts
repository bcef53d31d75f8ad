/**
 * `npm run probe -- --rate-limit`: provokes the organization's rate limit once, on purpose, to
 * settle what the contract home (test/contract/upflow.ts) only assumes: whether a 429 carries
 * Retry-After, whether answers carry rate-limit headers, and whether a refused request takes a slot
 * of the sliding window (BEHAVIOUR.refusedRequestsCount). It spends about a minute of the
 * organization's budget.
 *
 * The measurement (once the probe's earlier reads have left the window, so the burst has it alone):
 * 1. burst: cheap reads (GET /customers?limit=1), five at a time, until the first 429: the window
 *    is full, mostly of the burst's own requests;
 * 2. REFUSED_MORE reads at once, refused (if one is accepted the window was not full yet: back to 1);
 * 3. one window after the burst's first answer, one read every window/600 until one is accepted.
 *
 * If refused requests take no slot, the window has room as soon as the burst's first request leaves
 * it: the first read of step 3 is accepted. If they take one, every refusal of steps 1 to 3 is still
 * in the window then, and as many of the burst's requests must leave it before one more fits. So the
 * number of the burst's requests that left the window when a read is first accepted tells: about
 * one (not counted), or more than the refusals in the window (counted). Another client using the
 * organization at the same time can only delay the acceptance; the verdict says when it cannot tell.
 */
import type { Clock } from '../../nodes/Upflow/transport/clock';
import type { ProbeHttp, Timed } from './http';
import type { Say } from './probe';

/** Reads sent at once after the first 429, to be refused. */
export const REFUSED_MORE = 100;
/** Step 3 asks for at most this part of the window (one read every window/600). */
const ASK_FOR_PARTS = 6;
const ASK_FOR = 1 / ASK_FOR_PARTS;
const BURST_PARALLEL = 5;
/** A burst that is never refused: the limit is not what the contract says (or not enforced). */
const BURST_CAP = 1000;
/** The most reads --rate-limit sends: the burst, the refused ones, the asks after the window turned. */
export const RATE_LIMIT_BUDGET = BURST_CAP + 3 * REFUSED_MORE + 600 / ASK_FOR_PARTS;
/** Upflow's sliding window (its integration guide: 600 a minute). */
export const RATE_LIMIT_WINDOW_MS = 60_000;

const PATH = '/customers';
const QUERY = { offset: 0, limit: 1 };

export interface RateLimitObservation {
	/** The window the measurement assumed (Upflow's minute). */
	windowMs: number;
	burst: { sent: number; accepted: number; ms: number };
	/** The first 429: its Retry-After and rate-limit headers, and Upflow's message. */
	firstRefusal?: { retryAfter?: string; headers: Record<string, string>; message: string };
	/** Rate-limit headers of the last accepted answer of the burst. */
	acceptedHeaders: Record<string, string>;
	/** Step 3: reads refused before one was accepted, and when that was (ms after the first answer). */
	refusedAsks: number;
	acceptedAfterMs?: number;
	/** At that acceptance: the burst's requests that had certainly / possibly left the window ... */
	leftWindow?: { atLeast: number; atMost: number };
	/** ... and the refused requests sent within a window before it. */
	refusedInWindow?: number;
	verdict: 'counted' | 'not counted' | 'inconclusive';
	why: string;
}

export async function measureRateLimit(http: ProbeHttp, clock: Clock, windowMs: number, say: Say) {
	const all: Timed[] = [];
	const ask = async () => {
		const answer = await http.once('GET', PATH, QUERY);
		all.push(answer);
		return answer;
	};
	const previous = http.sendTimes[http.sendTimes.length - 1];
	if (previous !== undefined && previous + windowMs > clock.now()) {
		say(
			`rate limit: waiting ${Math.ceil((previous + windowMs - clock.now()) / 1000)} s for the probe's earlier reads to leave the window`,
		);
		await clock.sleep(previous + windowMs + windowMs / 1200 - clock.now());
	}
	const started = clock.now();
	let firstRefusal: Timed | undefined;
	say(`rate limit: reading ${PATH} ${BURST_PARALLEL} at a time until the first 429`);
	// 1 + 2, until REFUSED_MORE reads in a row are refused (the window is really full).
	for (let round = 0; round < 3 && all.length < BURST_CAP; round++) {
		let stop = false;
		await Promise.all(
			Array.from({ length: BURST_PARALLEL }, async () => {
				while (!stop && all.length < BURST_CAP) {
					const answer = await ask();
					if (answer.status === 429) {
						firstRefusal ??= answer;
						stop = true;
					}
				}
			}),
		);
		if (!firstRefusal) break;
		const more = await Promise.all(Array.from({ length: REFUSED_MORE }, ask));
		if (more.every((a) => a.status === 429)) break;
	}
	const burst = all.filter((a) => a.status !== 429);
	const observation: RateLimitObservation = {
		windowMs,
		burst: { sent: all.length, accepted: burst.length, ms: clock.now() - started },
		acceptedHeaders: burst[burst.length - 1]?.rateHeaders ?? {},
		refusedAsks: 0,
		verdict: 'inconclusive',
		why: '',
	};
	if (!firstRefusal) {
		observation.why = `no 429 after ${all.length} reads in ${Math.round(observation.burst.ms / 1000)} s: the limit is not 600 a minute, or not enforced`;
		return observation;
	}
	observation.firstRefusal = {
		retryAfter: firstRefusal.rateHeaders['retry-after'],
		headers: firstRefusal.rateHeaders,
		message: typeof firstRefusal.body === 'object' ? JSON.stringify(firstRefusal.body) : '',
	};
	if (burst.length === 0) {
		observation.why = 'the very first read was refused: another client holds the window';
		return observation;
	}

	// 3. One window after the burst's first answer.
	const first = Math.min(...burst.map((a) => a.answeredAt));
	// Just after it left: the burst's first request is out, few others are.
	const from = first + windowMs + windowMs / 1200;
	say(
		`rate limit: ${burst.length} reads accepted, then 429s; waiting ${Math.round((from - clock.now()) / 1000)} s for the window to turn`,
	);
	await clock.sleep(from - clock.now());
	let accepted: Timed | undefined;
	while (clock.now() < from + windowMs * ASK_FOR) {
		const answer = await ask();
		if (answer.status !== 429) {
			accepted = answer;
			break;
		}
		observation.refusedAsks++;
		await clock.sleep(windowMs / 600);
	}
	if (!accepted) {
		observation.why = `every read was refused for ${Math.round((windowMs * ASK_FOR) / 1000)} s after the window turned: another client is using the organization, or refusals count and the burst was slow`;
		return observation;
	}
	const at = accepted;
	observation.acceptedAfterMs = at.sentAt - first;
	// The acceptance happened somewhere between its send and its answer.
	const atLeast = burst.filter((a) => a.answeredAt <= at.sentAt - windowMs).length;
	const atMost = burst.filter((a) => a.sentAt <= at.answeredAt - windowMs).length;
	const refusedInWindow = all.filter(
		(a) => a.status === 429 && a.sentAt > at.answeredAt - windowMs && a.answeredAt <= at.sentAt,
	).length;
	observation.leftWindow = { atLeast, atMost };
	observation.refusedInWindow = refusedInWindow;
	const threshold = refusedInWindow / 2;
	if (atMost <= threshold) {
		observation.verdict = 'not counted';
		observation.why = `a read was accepted when at most ${atMost} of the burst's requests had left the window, with ${refusedInWindow} refused requests in it: they took no slot`;
	} else if (atLeast > threshold) {
		observation.verdict = 'counted';
		observation.why = `a read was accepted only once at least ${atLeast} of the burst's requests had left the window, as many as the ${refusedInWindow} refused requests in it: each took a slot`;
	} else {
		observation.why = `a read was accepted when ${atLeast} to ${atMost} of the burst's requests had left the window, with ${refusedInWindow} refused ones in it: too close to tell`;
	}
	return observation;
}
