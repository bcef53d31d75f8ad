/**
 * The `envelopes` switch: answers one or more collections' lists under another key than the usual
 * one (e.g. `{ creditNotes: 'data' }`), so tests can show that a client or the probe notices an
 * envelope it did not expect. Collections are named as in the contract home (LIST_CALLS of
 * test/contract/upflow.ts). Applied to the finished answer, after the route built it.
 */
import { LIST_CALLS } from '../contract/upflow';

/** Contract list name -> the key its rows are answered under. */
export type EnvelopeOverrides = Readonly<Record<string, string>>;

export function checkEnvelopes(envelopes: EnvelopeOverrides | undefined): void {
	for (const [name, key] of Object.entries(envelopes ?? {})) {
		if (!LIST_CALLS.some((call) => call.name === name))
			throw new RangeError(
				`envelopes: no list named ${name} (known: ${LIST_CALLS.map((call) => call.name).join(', ')})`,
			);
		if (typeof key !== 'string' || key === '')
			throw new RangeError(`envelopes.${name} must be a non-empty key`);
	}
}

/** The contract name of the list a GET on these path segments (after /v1) reads, if any. */
export function listNameOf(method: string, segments: readonly string[]): string | undefined {
	if (method !== 'GET') return undefined;
	return LIST_CALLS.find((call) => {
		const pattern = call.path.split('/').filter(Boolean);
		return (
			pattern.length === segments.length &&
			pattern.every((p, i) => p.startsWith('{') || p === segments[i])
		);
	})?.name;
}

/** The list answer with its rows moved under the overriding key (a bare array is wrapped). */
export function withEnvelope(body: unknown, key: string): unknown {
	if (Array.isArray(body)) return { [key]: body };
	if (!body || typeof body !== 'object') return body;
	const entries = Object.entries(body as Record<string, unknown>);
	const rowsKey = entries.find(([, value]) => Array.isArray(value))?.[0];
	if (rowsKey === undefined) return body;
	return Object.fromEntries(entries.map(([k, v]) => (k === rowsKey ? [key, v] : [k, v])));
}
