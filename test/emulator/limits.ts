/**
 * Upflow's per-organization limits: at most N requests in ANY sliding window of `windowMs` (not a
 * fixed minute, which would allow 2N across a minute boundary), and at most C requests in flight.
 *
 * What Upflow does with a refused request is not recorded (test/contract/upflow.ts BEHAVIOUR), so it
 * is a switch: by default a refused request takes no slot (a client that hammers the API while
 * limited does not extend its own penalty); with `countRefused` it takes one like any other, so every
 * 429 costs a slot for a whole window and a retry storm keeps the window full.
 */

export interface LimitRules {
	requestsPerWindow: number;
	windowMs: number;
	concurrency: number;
	/** Refused requests (rate or concurrency) count against the window too. Default false. */
	countRefused?: boolean;
}

/** What the window looks like after a request was decided: the raw material of rate-limit headers. */
export interface WindowState {
	limit: number;
	/** Requests the window can still take right now. */
	remaining: number;
	/** Whole seconds until the window can take one more (0 when it can now). */
	resetSeconds: number;
}

export type LimitVerdict =
	| ({ ok: true; inFlight: number } & WindowState)
	| ({
			ok: false;
			reason: 'rate-limited' | 'concurrency-limited';
			retryAfterSeconds: number;
			inFlight: number;
			message: string;
	  } & WindowState);

export class OrganizationLimits {
	/** Arrival times of the requests counted in the window, oldest first (from `head` on). */
	private readonly counted: number[] = [];
	private head = 0;
	private inFlight = 0;
	private readonly rules: Required<LimitRules>;

	constructor(rules: LimitRules) {
		this.rules = { countRefused: false, ...rules };
	}

	/**
	 * Decides on a request arriving at `now`. When ok, the caller must call release() once the
	 * request is answered (or dropped). A request at time t shares a window with every counted
	 * request at t' > t - windowMs.
	 */
	admit(now: number): LimitVerdict {
		const { requestsPerWindow, windowMs, concurrency, countRefused } = this.rules;
		while (this.head < this.counted.length && this.counted[this.head] <= now - windowMs)
			this.head++;
		if (this.head > 1024 && this.head * 2 > this.counted.length) {
			this.counted.splice(0, this.head);
			this.head = 0;
		}
		const refuse = (
			reason: 'rate-limited' | 'concurrency-limited',
			message: string,
		): LimitVerdict => {
			if (countRefused) this.counted.push(now);
			const state = this.windowState(now);
			return {
				ok: false,
				reason,
				// A concurrency refusal clears within one answer: Retry-After says the smallest wait.
				retryAfterSeconds: reason === 'rate-limited' ? Math.max(1, state.resetSeconds) : 1,
				inFlight: this.inFlight + 1,
				message,
				...state,
			};
		};
		if (this.inWindow >= requestsPerWindow)
			return refuse(
				'rate-limited',
				`Rate limit exceeded: at most ${requestsPerWindow} requests per ${formatWindow(windowMs)} for this organization`,
			);
		if (this.inFlight >= concurrency)
			return refuse(
				'concurrency-limited',
				`Too many concurrent requests: at most ${concurrency} in flight for this organization`,
			);
		this.counted.push(now);
		this.inFlight++;
		return { ok: true, inFlight: this.inFlight, ...this.windowState(now) };
	}

	release(): void {
		this.inFlight--;
	}

	private get inWindow(): number {
		return this.counted.length - this.head;
	}

	private windowState(now: number): WindowState {
		const { requestsPerWindow, windowMs } = this.rules;
		const excess = this.inWindow - requestsPerWindow;
		if (excess < 0) return { limit: requestsPerWindow, remaining: -excess, resetSeconds: 0 };
		// One more fits once `excess + 1` of the counted requests left the window, oldest first.
		const freesAt = this.counted[this.head + excess] + windowMs;
		return {
			limit: requestsPerWindow,
			remaining: 0,
			resetSeconds: Math.max(1, Math.ceil((freesAt - now) / 1000)),
		};
	}
}

function formatWindow(ms: number): string {
	return ms === 60_000 ? 'minute' : `${ms} ms`;
}
