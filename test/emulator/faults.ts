/**
 * Fault injection, deterministic from a seed: each organization draws from its own PRNG, once per
 * request that passed authentication and the limits, in arrival order. So with one client per
 * organization, the Nth accepted request of a run gets the same fault every run, whatever the
 * timing. Latency jitter draws from a separate stream so changing it does not move the faults.
 */
import { ALL_FAULT_KINDS, type FaultKind, type FaultOptions } from './types';

/** mulberry32: tiny, fast, good enough for test schedules. Answers floats in [0, 1). */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export interface LatencyOptions {
	latencyMs: number;
	jitterMs: number;
}

export function validateFaults(f: FaultOptions): void {
	if (!(f.rate >= 0 && f.rate <= 1))
		throw new RangeError(`fault rate must be within 0..1 (got ${f.rate})`);
	for (const k of f.kinds ?? [])
		if (!ALL_FAULT_KINDS.includes(k)) throw new RangeError(`unknown fault kind ${k}`);
	if (f.kinds && f.kinds.length === 0) throw new RangeError('fault kinds must not be empty');
}

export class FaultPlan {
	private readonly faultRandom: () => number;
	private readonly jitterRandom: () => number;

	constructor(private readonly faults: FaultOptions | undefined) {
		const seed = faults?.seed ?? 1;
		this.faultRandom = mulberry32(seed);
		this.jitterRandom = mulberry32(seed ^ 0x9e3779b9);
	}

	/** The fault for the next accepted request, or undefined. Always draws once (twice on a fault). */
	next(): FaultKind | undefined {
		if (!this.faults || this.faults.rate <= 0) return undefined;
		if (this.faultRandom() >= this.faults.rate) return undefined;
		const kinds = this.faults.kinds ?? ALL_FAULT_KINDS;
		return kinds[Math.floor(this.faultRandom() * kinds.length)];
	}

	/** Delay before answering: latencyMs +- uniform jitterMs, never negative. */
	delayMs({ latencyMs, jitterMs }: LatencyOptions): number {
		if (latencyMs <= 0 && jitterMs <= 0) return 0;
		return Math.max(0, latencyMs + (this.jitterRandom() * 2 - 1) * jitterMs);
	}
}
