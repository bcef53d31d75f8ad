import type { Clock } from './clock';

export interface LimiterSettings {
	/** Requests allowed in any sliding window (the credential's Requests per Minute). */
	requestsPerWindow: number;
	/** The window, ms. 60 000 at run time; tests scale it down to run in seconds, not minutes. */
	windowMs: number;
	/** Requests in flight at once (the credential's Max Concurrent Requests). */
	maxConcurrent: number;
	/**
	 * n8n processes expected to share the organization (the credential's Processes Sharing This
	 * Key): this process starts at 1/sharedBy of the rate and of Upflow's concurrency. A start, not
	 * a cage: a process that finds the organization idle grows past it. Default 1.
	 */
	sharedBy?: number;
}

/** What one answer told about the organization's window (see request.ts rateSignalOf). */
export interface AnswerSignal {
	/** Upflow refused the attempt with 429. */
	refused: boolean;
	/** A 429's Retry-After, ms. */
	retryAfterMs?: number;
	/** Rate-limit headers, when Upflow sends them: requests the organization's window can still take. */
	remaining?: number;
	/** ... and ms until it takes one more. */
	resetMs?: number;
}

/** Upflow's cap on requests in flight per organization (its integration guide). */
export const ORGANIZATION_CONCURRENCY = 10;

/**
 * A part of the window (1 s of Upflow's minute): how long a process with no room left waits before
 * it probes (processes bursting together at a window's start have all filled it by then, so the
 * probe learns whether the organization is full), how long a concurrency refusal lasts, the slack
 * after a window turns.
 */
const MARGIN = 1 / 60;
/** After a refused probe the next waits a window, then two (at most): imports end when their last
 * process does, and it must find out soon that the others have finished. */
const MAX_PROBE_WAIT_WINDOWS = 2;
/** ... but one window while the process is, or was within this many windows, squeezed below the
 * share it can count on (expectedShare): it has requests to catch up on. */
const SQUEEZE_MEMORY_WINDOWS = 3;
/** Before its first probe, a process waits this part of the window (5 s of a minute). */
const FIRST_PROBE_DELAY = 1 / 12;
/** Refused while holding this much of its share: the window is full (not Upflow's 10 in flight). */
const FULL_SHARE = 0.9;
/** The second refusal inside the share: the share becomes this much of what the window held ... */
const CUT_FACTOR = 0.95;
/** ... when the first came at most this long before (in windows). */
const WARNING_MEMORY_WINDOWS = 1 / 6;
/** ... but the first cuts at once when the process holds less than this part of its share (less
 * than FULL_SHARE of it when told to wait more than a second). */
const FAR_BELOW_SHARE = 0.5;
/** A process above its starting share in a full organization keeps at most this much of it. */
const YIELD_FACTOR = 0.75;
/**
 * Growth of the share on the first accepted probe, as a part of the share; it doubles with each
 * probe accepted in a row. Small, and a probe a second, while refusals are recent (the organization
 * is shared: growth per unit of time); larger, and probes back to back, when the process has not
 * been refused for CALM_WINDOWS, so a process alone takes the organization in seconds.
 */
const CONTENDED_STEP = 1 / 16;
const CALM_STEP = 0.25;
const CALM_WINDOWS = 5;
/**
 * Slow start: one more in flight per this part of the window (6 s of a minute) spent with work
 * waiting, not per answer. Per answer, processes starting an import together each reach 5 in flight
 * within a few round trips, two of them take Upflow's 10 and the rest collide; one at a time, they
 * fill the window before any grows, with equal shares.
 */
const RAMP_WINDOWS = 1 / 10;

/**
 * Scheduler for one Upflow organization, shared by every execution in the process. Other n8n
 * processes (queue-mode workers) may use the same organization; the only thing they share is
 * Upflow's answers, so each process keeps a share of the organization's limits and adapts it to
 * them. README "Scaling" explains the design and why it converges.
 *
 * - Rate: no sliding window may hold more of this process's attempts than its share, counted the
 *   way Upflow counts: an attempt is stamped with the time its answer came back (the latest moment
 *   it can have reached Upflow), a refused one included (Upflow may count those), and counts as
 *   "now" while in flight, so the limit holds whatever the latency.
 * - Concurrency: the share's part of Upflow's 10, capped by the credential, grown from 1 by one
 *   per 6 s that work waits on it (slow start per unit of time) and halved by refusals that look
 *   like Upflow's 10 in flight.
 * - Lanes: jobs with the same lane key (one customer) run one at a time, in the order they came.
 * - Share: starts at 1/sharedBy. A refusal is precise news: the window is full and holds n of this
 *   process's requests, so a second refusal in a row (the first, when n is well below the share:
 *   under half without a hint, under 90% with a wait of more than a second) makes the share
 *   just under n (no blind halving, no sawtooth); a process above its starting share gives more
 *   back. A process with work and no room left probes, in the
 *   quiet part of its window: one request over its share.
 *   Accepted, the share grows by a step that doubles while probes keep being accepted (an idle
 *   organization is taken in seconds); refused, the next probe waits a window, then two (a full
 *   organization costs one 429 per process per probe); a process squeezed below the share it can
 *   count on (its starting share; a tenth of the window at the default setting, as one of up to
 *   ten busy processes) asks every window and returns to it at its first accepted probe.
 * - Retry-After and rate-limit headers, when Upflow sends them, pause the process until the window
 *   has room; without them the pause follows from the process's own window. Headers that show room
 *   for another share make the next probe due.
 *
 * Waiters are served first come, first served by a single pump, so nothing starves.
 */
export class OrganizationLimiter {
	private settings: Required<LimiterSettings>;

	private inFlight = 0;

	/** Answer stamps of attempts still inside the window, oldest first. */
	private stamps: number[] = [];

	private readonly waiters: Array<(probe: boolean) => void> = [];

	private pumping = false;

	private onRelease: (() => void) | undefined;

	private pausedUntil = 0;

	/** Attempts this process may have in any window now. */
	private share: number;

	/** What the next accepted probe adds to the share. */
	private step: number;

	/** Earliest time of the next probe; the backoff multiplier after refusals. */
	private probeAt = 0;

	private probeBackoff = 1;

	private probing = false;

	/** The last probe was accepted: the next may go as soon as the share is used up again. */
	private growing = false;

	/**
	 * Cap on requests in flight: starts at 1 and grows by one per RAMP_WINDOWS that work waits on it
	 * (slow start) until a refusal that may be Upflow's 10 in flight halves it; an accepted probe
	 * (the organization had room) adds one too.
	 */
	private concurrencyCap = 1;

	private slowStart = true;

	/**
	 * Since when work has waited on the cap without a break (undefined: it is not waiting on it, but
	 * on the share, or there is no work). Reset when the cap grows.
	 */
	private cappedSince: number | undefined;

	/** Since when the process has work it may not send for lack of share (undefined: it has not). */
	private boundSince: number | undefined;

	/** Attempts started before this time were sent under a larger share: their refusal is old news. */
	private lastCutAt = -Infinity;

	private lastRefusedAt = -Infinity;

	private lastSqueezedAt = -Infinity;

	/** The last refusal inside the share that was not acted on (see refused). */
	private lastWarnAt = -Infinity;

	/** Until when the latest rate-limit headers said the organization's window is full. */
	private fullUntil = 0;

	private readonly lanes = new Map<string, Promise<void>>();

	constructor(
		settings: LimiterSettings,
		private readonly clock: Clock,
	) {
		this.settings = normalized(settings);
		this.share = this.startingShare();
		this.step = this.firstStep();
	}

	/** The credential was edited: new limits apply to the next request, and the share starts over. */
	update(settings: LimiterSettings): void {
		const next = normalized(settings);
		const changed = (Object.keys(next) as Array<keyof LimiterSettings>).some(
			(key) => next[key] !== this.settings[key],
		);
		this.settings = next;
		if (changed) {
			this.share = this.startingShare();
			this.step = this.firstStep();
			this.concurrencyCap = 1;
			this.slowStart = true;
		}
	}

	/**
	 * Runs one HTTP attempt inside the organization's rate and concurrency limits. `read` says what
	 * the answer (or the error) told about the organization's window: refused (429) or not, and the
	 * rate-limit headers.
	 */
	async schedule<T>(
		send: () => Promise<T>,
		read: (outcome: { value?: T; error?: unknown }) => AnswerSignal = () => ({ refused: false }),
	): Promise<T> {
		const probe = await new Promise<boolean>((resolve) => {
			this.waiters.push(resolve);
			if (!this.pumping) void this.pump();
		});
		const startedAt = this.clock.now();
		let outcome: { value?: T; error?: unknown };
		try {
			outcome = { value: await send() };
		} catch (error) {
			outcome = { error };
		}
		this.answered(read(outcome), probe, startedAt);
		if ('error' in outcome) throw outcome.error;
		return outcome.value as T;
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

	/** Attempts this process allows itself in any window now. */
	get currentLimit(): number {
		// The epsilon keeps float noise (0.95 x 20 = 18.999...) from costing a whole request.
		return Math.max(1, Math.floor(this.share + 1e-9));
	}

	/** Attempts this process allows itself in flight now: its share of Upflow's 10. */
	get concurrencyLimit(): number {
		const { requestsPerWindow, maxConcurrent } = this.settings;
		const fair = (ORGANIZATION_CONCURRENCY * this.share) / requestsPerWindow;
		// While probes are accepted the organization has room: round up, to take it sooner.
		const rounded = this.growing ? Math.ceil(fair - 1e-9) : Math.floor(fair + 1e-9);
		return Math.max(1, Math.min(maxConcurrent, this.concurrencyCap, rounded));
	}

	private startingShare(): number {
		return this.settings.requestsPerWindow / this.settings.sharedBy;
	}

	private firstStep(): number {
		const calm = this.clock.now() - this.lastRefusedAt > CALM_WINDOWS * this.settings.windowMs;
		return Math.max(1, this.share * (calm ? CALM_STEP : CONTENDED_STEP));
	}

	private answered(signal: AnswerSignal, probe: boolean, startedAt: number): void {
		const now = this.clock.now();
		this.inFlight--;
		this.expire(now);
		this.stamps.push(now);
		if (probe) this.probing = false;
		if (!signal.refused && signal.remaining !== undefined && signal.remaining <= 0) {
			// The headers say for free what a refusal says: the window is full and holds `held` of ours.
			this.share = Math.max(1, Math.min(this.share, this.stamps.length + this.inFlight));
			this.fullUntil = now + (signal.resetMs ?? 0);
		} else if (
			!signal.refused &&
			signal.remaining !== undefined &&
			signal.remaining >= this.currentLimit
		) {
			// The organization has room for another share: a probe now would be accepted, and waiting
			// out the backoff (or an earlier "full until") would leave the window idle.
			this.probeAt = Math.min(this.probeAt, now);
			this.fullUntil = Math.min(this.fullUntil, now);
		}
		if (signal.refused) this.refused(signal, probe, startedAt, now);
		else if (probe) this.grow(now);
		else if (this.slowStart) this.ramp(now);
		const wake = this.onRelease;
		this.onRelease = undefined;
		wake?.();
	}

	/** Slow start: one more in flight per RAMP_WINDOWS that work has waited on the cap. */
	private ramp(now: number): void {
		if (this.cappedSince === undefined) return;
		if (now - this.cappedSince < this.settings.windowMs * RAMP_WINDOWS) return;
		this.concurrencyCap = Math.min(this.settings.maxConcurrent, this.concurrencyCap + 1);
		this.cappedSince = now;
	}

	/**
	 * The share a process can count on. With the setting above 1, its starting share; at the default
	 * it may be one of up to ten busy processes (Upflow's 10 in flight): a tenth of the window. Below
	 * 90% of it, the process counts itself squeezed.
	 */
	private expectedShare(): number {
		const { requestsPerWindow, sharedBy } = this.settings;
		return sharedBy > 1 ? this.startingShare() : requestsPerWindow / ORGANIZATION_CONCURRENCY;
	}

	private squeezedBelow(): number {
		// With 10% of slack: a cut leaves a process just under what the window gave it (CUT_FACTOR).
		return this.expectedShare() * FULL_SHARE;
	}

	/** A probe was accepted: the organization had room beyond the share. */
	private grow(now: number): void {
		// Below the share it can count on, the process was squeezed: back to it at once.
		const step = Math.max(this.step, this.expectedShare() - this.share);
		this.share = Math.min(this.settings.requestsPerWindow, this.share + step);
		this.step *= 2;
		this.concurrencyCap = Math.min(this.settings.maxConcurrent, this.concurrencyCap + 1);
		// Alone (no refusal for a while): the next probe as soon as the share is used up again;
		// shared: a second later (growth per unit of time, not per request).
		const calm = now - this.lastRefusedAt > CALM_WINDOWS * this.settings.windowMs;
		this.probeAt = calm ? now : now + this.settings.windowMs * MARGIN;
		this.growing = calm;
	}

	private refused(signal: AnswerSignal, probe: boolean, startedAt: number, now: number): void {
		const { windowMs } = this.settings;
		const held = this.stamps.length + this.inFlight;
		const hint = signal.retryAfterMs ?? signal.resetMs;
		// Probes grow rarer with every refusal (an accepted probe may have taken a slot its owner was
		// about to reuse), and frequent again once refusals stop.
		if (now - this.lastRefusedAt > CALM_WINDOWS * windowMs) this.probeBackoff = 1;
		this.lastRefusedAt = now;
		this.step = this.firstStep();
		this.growing = false;
		// A full window, or Upflow's 10 in flight? A wait of more than a second says the window (a
		// concurrency refusal clears within an answer; a second is also what a window about to free a
		// slot says). Otherwise: refused while holding its share, the window is full; below it, with
		// more than one in flight, it may be either: the cheaper guess first.
		const concurrency =
			(hint === undefined || hint <= windowMs * MARGIN) &&
			held < this.share * FULL_SHARE &&
			this.concurrencyLimit > 1;
		// Never straight back: a concurrency refusal clears within an answer, a full window when
		// the hint says (without one, the cut below makes the process wait for its own window).
		// Processes told the same Retry-After would all come back at once: spread them over a second.
		const spread = hint === undefined ? 0 : this.clock.random() * windowMs * MARGIN;
		const pause = Math.max((hint ?? 0) + spread, concurrency ? windowMs * MARGIN : 0);
		this.pausedUntil = Math.max(this.pausedUntil, now + pause);
		if (probe) {
			if (!concurrency && (hint === undefined || held >= this.startingShare() * FULL_SHARE)) {
				// Every process's refused probe took a slot (if Upflow counts refusals): the window has
				// room a little after this process's oldest leaves it, not at once. A process squeezed
				// below its starting share trusts Retry-After instead: it has requests to catch up on.
				const oldest = this.stamps[0] ?? now;
				this.pausedUntil = Math.max(this.pausedUntil, oldest + windowMs * (1 + MARGIN));
			}
			// Nothing to give back (the probe was over the share); ask again once the window can have
			// changed, later each time.
			this.backOff(now, concurrency ? windowMs * MARGIN : Math.max(hint ?? 0, windowMs));
			// Over its starting share in a full organization: give some back, toward the start.
			if (!concurrency) this.yieldAbove(held - 1);
			return;
		}
		// Attempts sent before the last cut or warning were sent under the old limits: old news.
		if (startedAt < Math.max(this.lastCutAt, this.lastWarnAt)) return;
		if (concurrency) {
			this.lastCutAt = now;
			this.concurrencyCap = Math.max(1, Math.floor(this.concurrencyLimit / 2));
			this.slowStart = false;
			return;
		}
		if (hint !== undefined && hint <= windowMs * MARGIN) {
			// Room within a second: a slot counted twice as the window turns, not a full window.
			this.lastWarnAt = now;
			return;
		}
		// Refused well below its share: the share is above what the organization gives this process
		// (the default setting, 8 processes each believing they own the window), and a slot counted
		// twice cannot explain the gap. Without a hint, "well below" is under half the share; a wait
		// of more than a second (Retry-After or a reset header) says the window is full, not turning,
		// so under 90% of it is enough.
		const wrongShare =
			hint === undefined ? held < this.share * FAR_BELOW_SHARE : held < this.share * FULL_SHARE;
		if (!wrongShare && now - this.lastWarnAt > WARNING_MEMORY_WINDOWS * windowMs) {
			// One refusal may be a slot still held by another process's refused request as the window
			// turns: whoever resumes first would pay for it, window after window. Pause and look again;
			// a second refusal soon after is the news that the window is full.
			this.lastWarnAt = now;
			this.pausedUntil = Math.max(this.pausedUntil, now + windowMs * MARGIN);
			return;
		}
		this.lastCutAt = now;
		// The window is full and holds `held` of ours: the others hold the rest. Keep just under
		// what the organization gave us.
		this.share = Math.max(1, Math.min(this.share, held * CUT_FACTOR));
		this.yieldAbove(held);
		this.backOff(now, windowMs);
	}

	/** In a full organization, a process above its starting share gives part of the excess back. */
	private yieldAbove(held: number): void {
		const starting = this.startingShare();
		if (held > starting) this.share = Math.min(this.share, Math.max(starting, held * YIELD_FACTOR));
	}

	/** No probe for `base` x the backoff, which doubles. */
	private backOff(now: number, base: number): void {
		const { windowMs } = this.settings;
		// Squeezed below the share it can count on, the process keeps asking every window; above its
		// starting share too: its refused probes are what makes it give back.
		if (this.share < this.squeezedBelow()) this.lastSqueezedAt = now;
		const away =
			this.share > this.startingShare() * (2 - FULL_SHARE) ||
			now - this.lastSqueezedAt < SQUEEZE_MEMORY_WINDOWS * windowMs;
		const cap = away ? windowMs : MAX_PROBE_WAIT_WINDOWS * windowMs;
		const wait = Math.min(cap, base * this.probeBackoff);
		this.probeAt = Math.max(this.probeAt, now + wait);
		this.probeBackoff *= 2;
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
				if (this.inFlight >= this.concurrencyLimit) {
					this.cappedSince ??= now;
					await this.nextRelease();
					continue;
				}
				const wait = this.rateWaitMs(now);
				if (wait === 0) {
					this.boundSince = undefined;
					this.start(false);
					continue;
				}
				// The share binds, not the cap: more in flight would not help (and time spent here says
				// nothing about room for more in flight).
				this.cappedSince = undefined;
				this.boundSince ??= now;
				// While rate-limit headers say the window is full, a probe is a certain 429.
				// Never refused yet: wait longer before the first probe, so that processes starting an
				// import seconds apart have all filled their share by then.
				const delay = this.lastRefusedAt === -Infinity ? FIRST_PROBE_DELAY : MARGIN;
				const probeReady = Math.max(
					this.fullUntil,
					this.growing
						? this.probeAt
						: Math.max(this.probeAt, this.boundSince + this.settings.windowMs * delay),
				);
				// Not as the window turns over: slots freeing everywhere would accept the probe and
				// say nothing about the organization once everyone has sent again.
				const quiet =
					this.growing || (wait !== 'on-release' && wait >= this.settings.windowMs * MARGIN);
				if (this.mayProbe() && quiet && probeReady <= now) {
					this.start(true);
					continue;
				}
				// A probe in flight or an answer still to come can change the share: wait for it.
				if (wait === 'on-release' || this.probing) {
					await this.nextRelease();
					continue;
				}
				const probeIn = probeReady - now;
				await this.clock.sleep(this.mayProbe() && probeIn > 0 ? Math.min(wait, probeIn) : wait);
			}
		} finally {
			this.pumping = false;
			this.boundSince = undefined;
			this.cappedSince = undefined;
		}
	}

	private start(probe: boolean): void {
		this.inFlight++;
		if (probe) this.probing = true;
		this.waiters.shift()!(probe);
	}

	/** One request over the share, to learn whether the organization has room. */
	private mayProbe(): boolean {
		const { requestsPerWindow } = this.settings;
		if (this.probing || this.share >= requestsPerWindow) return false;
		return this.stamps.length + this.inFlight < requestsPerWindow;
	}

	/** 0 when a request fits the share now; else how long until one does, or wait for an answer. */
	private rateWaitMs(now: number): number | 'on-release' {
		const horizon = this.expire(now);
		const used = this.inFlight + this.stamps.length;
		const excess = used - this.currentLimit + 1;
		if (excess <= 0) return 0;
		// Every in-flight request counts as "now" until it answers: if they alone fill the share,
		// only an answer (which stamps it) can make progress visible.
		if (excess > this.stamps.length) return 'on-release';
		// +1: the stamp must be strictly older than a window before its slot is reused.
		return this.stamps[excess - 1] - horizon + 1;
	}

	/** Drops the stamps that left the window; returns the window's start. */
	private expire(now: number): number {
		// A stamp exactly one window old is already outside Upflow's window: keep only younger ones.
		const horizon = now - this.settings.windowMs;
		let expired = 0;
		while (expired < this.stamps.length && this.stamps[expired] < horizon) expired++;
		if (expired > 0) this.stamps.splice(0, expired);
		return horizon;
	}

	private async nextRelease(): Promise<void> {
		await new Promise<void>((resolve) => (this.onRelease = resolve));
	}
}

function normalized(settings: LimiterSettings): Required<LimiterSettings> {
	return { ...settings, sharedBy: Math.max(1, settings.sharedBy ?? 1) };
}
