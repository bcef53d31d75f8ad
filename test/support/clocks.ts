/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test clocks run by Jest in Node, not by n8n: they yield to the event loop */
import type { Clock } from '../../nodes/Upflow/transport/clock';

/** Seeded PRNG (mulberry32): jitter that repeats from run to run. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Discrete-event virtual time: `sleep` resolves when `run()` advances time past it. Everything under
 * test must wait only through this clock (no real I/O), so "idle" means "only timers are left".
 */
export class VirtualClock implements Clock {
	private time = 0;

	private timers: Array<{ at: number; seq: number; resolve: () => void }> = [];

	private seq = 0;

	readonly random: () => number;

	constructor(seed = 1) {
		this.random = seededRandom(seed);
	}

	now(): number {
		return this.time;
	}

	async sleep(ms: number): Promise<void> {
		await new Promise<void>((resolve) => {
			this.timers.push({ at: this.time + Math.max(0, ms), seq: this.seq++, resolve });
		});
	}

	/** Lets pending promise chains settle (real event-loop turns, no virtual time). */
	private async settle(): Promise<void> {
		for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
	}

	/** Runs `work` to completion, advancing virtual time whenever only timers are left. */
	async run<T>(work: Promise<T>): Promise<T> {
		let done = false;
		let result: T | undefined;
		let failure: unknown;
		let failed = false;
		work.then(
			(value) => ((done = true), (result = value)),
			(error) => ((done = true), (failed = true), (failure = error)),
		);
		for (;;) {
			await this.settle();
			if (done) break;
			if (this.timers.length === 0)
				throw new Error('VirtualClock: work is stuck with no timer pending');
			this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
			const next = this.timers.shift()!;
			this.time = Math.max(this.time, next.at);
			next.resolve();
		}
		if (failed) throw failure;
		return result as T;
	}
}

/**
 * For tests against a real server: sleeps return at once but move virtual time forward, and are
 * recorded, so backoff of seconds runs in milliseconds and can be asserted on.
 */
export class InstantClock implements Clock {
	private offset = 0;

	readonly sleeps: number[] = [];

	readonly random: () => number;

	constructor(seed = 1) {
		this.random = seededRandom(seed);
	}

	now(): number {
		return Date.now() + this.offset;
	}

	async sleep(ms: number): Promise<void> {
		this.sleeps.push(ms);
		this.offset += Math.max(0, ms);
		await new Promise<void>((resolve) => setImmediate(resolve));
	}
}
