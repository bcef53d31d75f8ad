/**
 * Upflow's per-organization limits: at most N accepted requests in ANY sliding window of
 * `windowMs` (not a fixed minute, which would allow 2N across a minute boundary), and at most C
 * requests in flight. Rejected requests take no slot, so a client that hammers the API while
 * limited does not extend its own penalty.
 */

export type LimitVerdict =
	| { ok: true; inFlight: number }
	| {
			ok: false;
			reason: 'rate-limited' | 'concurrency-limited';
			retryAfterSeconds: number;
			inFlight: number;
			message: string;
	  };

export class OrganizationLimits {
	/** Arrival times of accepted requests still inside the window, oldest first. */
	private readonly accepted: number[] = [];
	private head = 0;
	private inFlight = 0;

	constructor(
		private readonly requestsPerWindow: number,
		private readonly windowMs: number,
		private readonly concurrency: number,
	) {}

	/**
	 * Decides on a request arriving at `now`. When ok, the caller must call release() once the
	 * request is answered (or dropped). A request at time t shares a window with every accepted
	 * request at t' > t - windowMs.
	 */
	admit(now: number): LimitVerdict {
		while (this.head < this.accepted.length && this.accepted[this.head] <= now - this.windowMs)
			this.head++;
		if (this.head > 1024 && this.head * 2 > this.accepted.length) {
			this.accepted.splice(0, this.head);
			this.head = 0;
		}
		const inWindow = this.accepted.length - this.head;
		if (inWindow >= this.requestsPerWindow) {
			// The oldest request in the window leaves it at oldest + windowMs.
			const freesAt = this.accepted[this.head] + this.windowMs;
			return {
				ok: false,
				reason: 'rate-limited',
				retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now) / 1000)),
				inFlight: this.inFlight + 1,
				message: `Rate limit exceeded: at most ${this.requestsPerWindow} requests per ${formatWindow(this.windowMs)} for this organization`,
			};
		}
		if (this.inFlight >= this.concurrency) {
			return {
				ok: false,
				reason: 'concurrency-limited',
				retryAfterSeconds: 1,
				inFlight: this.inFlight + 1,
				message: `Too many concurrent requests: at most ${this.concurrency} in flight for this organization`,
			};
		}
		this.accepted.push(now);
		this.inFlight++;
		return { ok: true, inFlight: this.inFlight };
	}

	release(): void {
		this.inFlight--;
	}
}

function formatWindow(ms: number): string {
	return ms === 60_000 ? 'minute' : `${ms} ms`;
}
