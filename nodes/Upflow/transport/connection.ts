import { createHash } from 'crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const PRODUCTION_HOST = 'https://api.upflow.io';
export const SANDBOX_HOST = 'https://api.sandbox.upflow.io';

/** What the transport needs from the `upflowApi` credential. */
export interface ConnectionSettings {
	/** Always ends in `/v1`, no trailing slash. */
	baseUrl: string;
	requestsPerMinute: number;
	maxConcurrency: number;
	/** n8n processes expected to share the organization (queue-mode workers): the starting share. */
	sharedBy: number;
	retryBudgetMs: number;
	/** Names the organization for the shared limiter: a hash, never the key or the secret. */
	organizationKey: string;
	/** Values that must never appear in an error, an output or a log line. */
	secrets: string[];
}

export class ConnectionSettingsError extends Error {}

/**
 * The same rule as the credential's test request: trailing slashes and one `/v1` are stripped, then
 * `/v1` is added once, so `https://host`, `https://host/` and `https://host/v1/` all work.
 */
export function resolveBaseUrl(environment: unknown, customBaseUrl: unknown): string {
	if (environment === 'sandbox') return `${SANDBOX_HOST}/v1`;
	if (environment !== 'custom') return `${PRODUCTION_HOST}/v1`;
	const host = String(customBaseUrl ?? '')
		.trim()
		.replace(/\/+$/, '')
		.replace(/\/v1$/, '');
	if (!/^https?:\/\/[^\s/]+/i.test(host)) {
		throw new ConnectionSettingsError(
			'The Upflow API credential uses a Custom Host without a valid Base URL. Set Base URL to ' +
				'the host, for example https://upflow-proxy.example.com.',
		);
	}
	return `${host}/v1`;
}

function boundedNumber(value: unknown, fallback: number, min: number, max: number): number {
	const number = typeof value === 'number' ? value : Number(value);
	if (!Number.isFinite(number)) return fallback;
	return Math.min(max, Math.max(min, Math.floor(number)));
}

export function readConnectionSettings(
	credentials: ICredentialDataDecryptedObject,
): ConnectionSettings {
	const apiKey = String(credentials.apiKey ?? '');
	const apiSecret = String(credentials.apiSecret ?? '');
	const baseUrl = resolveBaseUrl(credentials.environment, credentials.baseUrl);
	return {
		baseUrl,
		requestsPerMinute: boundedNumber(credentials.requestsPerMinute, 600, 1, 100_000),
		maxConcurrency: boundedNumber(credentials.maxConcurrency, 5, 1, 10),
		sharedBy: boundedNumber(credentials.sharedByProcesses, 1, 1, 100),
		retryBudgetMs: boundedNumber(credentials.retryBudgetSeconds, 120, 0, 3600) * 1000,
		organizationKey: createHash('sha256')
			.update(`${baseUrl}\n${apiKey}`)
			.digest('hex')
			.slice(0, 16),
		secrets: [apiKey, apiSecret].filter((value) => value.length >= 4),
	};
}

/** Replaces every secret in a text; short values are left alone (they would mangle ordinary words). */
export function redact(text: string, secrets: readonly string[]): string {
	let result = text;
	for (const secret of secrets) result = result.split(secret).join('[redacted]');
	return result;
}
