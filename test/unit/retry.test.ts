import {
	DEFAULT_BACKOFF,
	backoffDelay,
	classifyConnection,
	classifyStatus,
	connectionCodeOf,
	isRetryable,
	parseRetryAfter,
} from '../../nodes/Upflow/transport/retry';
import { failureOf } from '../../nodes/Upflow/transport/request';

describe('retry policy', () => {
	it.each([429, 500, 502, 503, 504])('retries status %i for idempotent calls', (status) => {
		expect(isRetryable(classifyStatus(status), true)).toBe(true);
	});

	it.each([400, 401, 403, 404, 409, 422, 501, 505])('never retries status %i', (status) => {
		expect(isRetryable(classifyStatus(status), true)).toBe(false);
		expect(isRetryable(classifyStatus(status), false)).toBe(false);
	});

	it('repeats a non-idempotent call only when Upflow cannot have acted on it', () => {
		expect(isRetryable(classifyStatus(429), false)).toBe(true);
		expect(isRetryable(classifyConnection('ECONNREFUSED'), false)).toBe(true);
		expect(isRetryable(classifyConnection('EAI_AGAIN'), false)).toBe(true);
		expect(isRetryable(classifyConnection('ECONNRESET'), false)).toBe(false);
		expect(isRetryable(classifyStatus(503), false)).toBe(false);
		expect(isRetryable(classifyConnection('ECONNRESET'), true)).toBe(true);
	});

	it('recognises socket failures by code or message', () => {
		for (const code of ['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN']) {
			expect(connectionCodeOf(code)).toBe(code);
		}
		expect(connectionCodeOf('socket hang up')).toBe('ECONNRESET');
		expect(connectionCodeOf('EACCES')).toBeUndefined();
	});

	it('reads Retry-After as seconds or an HTTP date', () => {
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect(parseRetryAfter('2', now)).toBe(2000);
		expect(parseRetryAfter(['3'], now)).toBe(3000);
		expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
		expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:05 GMT', now)).toBe(0);
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
	});

	it('backs off 1 s, 2 s, 4 s, 8 s with jitter, capped, never below Retry-After', () => {
		const policy = { ...DEFAULT_BACKOFF, maxMs: 8000 };
		expect([0, 1, 2, 3, 4].map((attempt) => backoffDelay(attempt, policy, 1))).toEqual([
			1000, 2000, 4000, 8000, 8000,
		]);
		expect([0, 1, 2].map((attempt) => backoffDelay(attempt, policy, 0))).toEqual([500, 1000, 2000]);
		expect(backoffDelay(0, policy, 0, 2000)).toBe(2000);
	});

	it('reads status, Retry-After and Upflow message from the error n8n throws', () => {
		const thrown = {
			httpCode: '429',
			cause: {
				response: {
					status: 429,
					headers: { 'Retry-After': '7' },
					data: { message: 'Too many requests' },
				},
			},
		};
		expect(failureOf(thrown, 0)).toMatchObject({
			kind: 'rate-limited',
			status: 429,
			retryAfterMs: 7000,
			upflowMessage: 'Too many requests',
		});
		expect(failureOf({ httpCode: 'ECONNRESET', message: 'socket hang up' }, 0)).toMatchObject({
			kind: 'connection',
			code: 'ECONNRESET',
		});
		expect(
			failureOf(
				{
					httpCode: '400',
					cause: { response: { status: 400, data: Buffer.from('{"message":"bad"}') } },
				},
				0,
			),
		).toMatchObject({
			kind: 'client',
			upflowMessage: 'bad',
		});
	});
});
