import { sleep } from 'n8n-workflow';

/**
 * The one way the transport reads and waits on time. Runtime uses the wall clock and n8n's `sleep`;
 * tests inject a virtual clock so backoff and rate limits are checked in milliseconds.
 */
export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
	/** Uniform in [0, 1): jitter. Injectable so tests are deterministic. */
	random(): number;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: async (ms) => await sleep(Math.max(0, ms)),
	random: () => Math.random(),
};
