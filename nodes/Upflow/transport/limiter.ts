import type { Clock } from './clock';

export interface LimiterSettings {
	/** Requests allowed in any sliding window (the credential's Requests per Minute). */
	requestsPerWindow: number;
	/** The window, ms. 60 000 at run time; tests scale it down to run in seconds, not minutes. */
	windowMs: number;
	/** Requests in flight at once. */
	maxConcurrent: number;
}

/** On a 429, the whole organization slows to this share of its rate, then climbs back. */
const SLOWDOWN_FACTOR = 0.7;
const MIN_RATE_SHARE = 0.1;
/** Share of the configured rate regained per successful request after a slowdown. */
const RECOVERY_PER_REQUEST = 0.005;
/** When Upflow sends a 429 without Retry-After, pause the organization this long. */
const DEFAULT_RATE_LIMIT_PAUSE_MS = 1000;

/**
 * Pure scheduler for one Upflow organization, shared by every execution in the process.
 *
 * - Rate: no sliding window may hold more than `requestsPerWindow` requests *as Upflow counts them*.
 *   A request is stamped with the time its answer came back (the latest moment it can have reached
 *   Upflow) and counts as "now" while in flight, so the limit holds whatever the latency.
 * - Concurrency: at most `maxConcurrent` requests in flight.
 * - Lanes: jobs with the same lane key (one customer) run one at a time, in the order they came.
 * - 429: the whole organization pauses for Retry-After and slows down, then recovers gradually.
 *
 * Waiters are served first come, first served by a single pump, so nothing starves.
 */
export class OrganizationLimiter {
	private settings: LimiterSettings;

	private inFlight = 0;

	/** Completion stamps of requests still inside the window, oldest first. */
	private completedStamps: number[] = [];

	private readonly waiters: Array<() => void> = [];

	private pumping = false;

	private onRelease: (() => void) | undefined;

	private pausedUntil = 0;

	/** Share (0..1] of the configured rate currently allowed; below 1 after a 429. */
	private rateShare = 1;

	private readonly lanes = new Map<string, Promise<void>>();

	constructor(
		settings: LimiterSettings,
		private readonly clock: Clock,
	) {
		this.settings = { ...settings };
	}

	/** The credential was edited: new limits apply to the next request. */
	update(settings: LimiterSettings): void {
		this.settings = { ...settings };
	}

	/** Runs one HTTP attempt inside the organization's rate and concurrency limits. */
	async schedule<T>(send: () => Promise<T>): Promise<T> {
		await new Promise<void>((resolve) => {
			this.waiters.push(resolve);
			if (!this.pumping) void this.pump();
		});
		try {
			return await send();
		} finally {
			this.release();
		}
	}

	/** Runs a job after every earlier job of the same lane finished; no lane = no ordering. */
	async inLane<T>(lane: string | undefined, job: () => Promise<T>): Promise<T> {
		if (lane === undefined) return await job();
		const previous = this.lanes.get(lane) ?? Promise.resolve();
		let finish!: () => void;
		const done = new Promise<void>((resolve) => (finish = resolve));
		const tail = previous.then(async () => await done);
		this.lanes.set(lane, tail);
		await previous;
		try {
			return await job();
		} finally {
			finish();
			if (this.lanes.get(lane) === tail) this.lanes.delete(lane);
		}
	}

	/** Upflow answered 429: pause everyone, and send slower for a while. */
	onRateLimited(retryAfterMs: number | undefined): void {
		const now = this.clock.now();
		// Requests in flight together all come back 429 at once: that is one signal, so slow down once
		// per pause, not once per answer.
		if (now >= this.pausedUntil)
			this.rateShare = Math.max(MIN_RATE_SHARE, this.rateShare * SLOWDOWN_FACTOR);
		this.pausedUntil = Math.max(
			this.pausedUntil,
			now + (retryAfterMs ?? DEFAULT_RATE_LIMIT_PAUSE_MS),
		);
	}

	/** Requests the window allows right now (after a slowdown, fewer than configured). */
	get currentLimit(): number {
		// The epsilon keeps float noise (100 x 0.7 x 0.7 = 48.999...) from costing a whole request.
		return Math.max(1, Math.floor(this.settings.requestsPerWindow * this.rateShare + 1e-9));
	}

	private release(): void {
		this.inFlight--;
		this.completedStamps.push(this.clock.now());
		this.rateShare = Math.min(1, this.rateShare + RECOVERY_PER_REQUEST);
		const wake = this.onRelease;
		this.onRelease = undefined;
		wake?.();
	}

	private async pump(): Promise<void> {
		this.pumping = true;
		try {
			while (this.waiters.length > 0) {
				const now = this.clock.now();
				if (this.pausedUntil > now) {
					await this.clock.sleep(this.pausedUntil - now);
					continue;
				}
				if (this.inFlight >= this.settings.maxConcurrent) {
					await this.nextRelease();
					continue;
				}
				const waitMs = this.rateWaitMs(now);
				if (waitMs === 'on-release') {
					await this.nextRelease();
					continue;
				}
				if (waitMs > 0) {
					await this.clock.sleep(waitMs);
					continue;
				}
				this.inFlight++;
				this.waiters.shift()!();
			}
		} finally {
			this.pumping = false;
		}
	}

	/** 0 when a request may start now; else how long until one may, or wait for a release. */
	private rateWaitMs(now: number): number | 'on-release' {
		// A stamp exactly one window old is already outside Upflow's window: keep only younger ones.
		const horizon = now - this.settings.windowMs;
		let expired = 0;
		while (expired < this.completedStamps.length && this.completedStamps[expired] < horizon)
			expired++;
		if (expired > 0) this.completedStamps.splice(0, expired);
		const used = this.inFlight + this.completedStamps.length;
		const excess = used - this.currentLimit + 1;
		if (excess <= 0) return 0;
		// Every in-flight request counts as "now" until it answers: if they alone fill the window,
		// only an answer (which stamps it) can make progress visible.
		if (excess > this.completedStamps.length) return 'on-release';
		// +1: the stamp must be strictly older than a window before its slot is reused.
		return this.completedStamps[excess - 1] - horizon + 1;
	}

	private async nextRelease(): Promise<void> {
		await new Promise<void>((resolve) => (this.onRelease = resolve));
	}
}
