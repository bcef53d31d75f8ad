/**
 * Reading the request log against the limits, with the emulator's own window rule: requests at t
 * and t' share a window when t' > t - windowMs. One home for every test, the demo, the benchmark and
 * the end-to-end suite.
 */
import type { RequestLogEntry } from './types';

/** Largest number of times that fall in any sliding window (t - windowMs, t]. */
export function maxInSlidingWindow(times: number[], windowMs: number): number {
	const sorted = [...times].sort((a, b) => a - b);
	let max = 0;
	for (let start = 0, end = 0; end < sorted.length; end++) {
		while (sorted[start] <= sorted[end] - windowMs) start++;
		max = Math.max(max, end - start + 1);
	}
	return max;
}

/** Requests the limits let through (not refused with 429, nor 401). */
export function acceptedEntries(entries: RequestLogEntry[]): RequestLogEntry[] {
	return entries.filter((entry) => entry.status !== 429 && entry.status !== 401);
}

/** Most accepted requests in any window of `windowMs`, by arrival. */
export function busiestWindow(entries: RequestLogEntry[], windowMs: number): number {
	return maxInSlidingWindow(
		acceptedEntries(entries).map((entry) => entry.receivedAt),
		windowMs,
	);
}
