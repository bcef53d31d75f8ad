'use strict';
/**
 * The Upflow emulator (test/emulator), in this process so the scenarios can read its state and
 * request log directly. One organization per scenario and n8n version, so each check sees only
 * what that scenario did.
 */
require('../../../scripts/run');
const { acceptedEntries, busiestWindow, startEmulator } = require('../../emulator/index.ts');

const LIMITS = { requestsPerWindow: 600, windowMs: 60_000, concurrency: 10 };

async function start() {
	// No default organization: each scenario adds its own.
	// E2E_VERBOSE=1 prints every request the emulator answers (bodies cut at 300 characters).
	const onRequest = process.env.E2E_VERBOSE
		? (e) =>
				console.log(
					`    [emulator] ${e.method} ${e.path} -> ${e.status}${e.fault ? ` [${e.fault}]` : ''} ${e.body === undefined ? '' : JSON.stringify(e.body).slice(0, 300)}`,
				)
		: undefined;
	const emu = await startEmulator({
		port: 0,
		organizations: [],
		faults: { rate: 0, seed: 1, latencyMs: 20, jitterMs: 0 },
		onRequest,
	});
	return emu;
}

/**
 * A new organization with Upflow's real limits; returns its key pair. `switches`: the emulator's
 * limit switches (countRefused, retryAfter, rateLimitHeaders; test/emulator/types.ts).
 */
function addOrganization(emu, name, switches = {}) {
	const org = { apiKey: `e2e-key-${name}`, apiSecret: `e2e-secret-${name}` };
	emu.addOrganization({ ...org, ...LIMITS, ...switches });
	return org;
}

/** The `upflowApi` credential pointing n8n at this emulator organization. */
function credentialFor(emu, org, { id, name, sharedByProcesses = 1 }) {
	return {
		id,
		name,
		type: 'upflowApi',
		data: {
			apiKey: org.apiKey,
			apiSecret: org.apiSecret,
			environment: 'custom',
			baseUrl: emu.baseUrl,
			requestsPerMinute: 600,
			maxConcurrency: 5,
			sharedByProcesses,
			retryBudgetSeconds: 120,
			// n8n's own field on credentials with an `authenticate` block (its default). n8n 1.x's
			// public API refuses the credential without it ("requires property allowedDomains").
			allowedHttpRequestDomains: 'all',
		},
	};
}

/** One line: what the organization holds. */
function summary(state) {
	const n = (k) => state[k].length;
	return `customers ${n('customers')}, contacts ${n('contacts')}, invoices ${n('invoices')}, payments ${n('payments')}, credit notes ${n('creditNotes')}, refunds ${n('refunds')}, PDFs ${Object.keys(state.pdfs).length}`;
}

/** The writes the emulator applied (not refused, not reads). */
function writesIn(log) {
	return log.filter((e) => e.method !== 'GET' && e.applied);
}

/** externalIds that appear more than once in a collection (must be none). */
function duplicates(records) {
	const seen = new Map();
	for (const r of records)
		if (r.externalId) seen.set(r.externalId, (seen.get(r.externalId) ?? 0) + 1);
	return [...seen].filter(([, c]) => c > 1).map(([id]) => id);
}

/**
 * What the request log says about the limits: accepted requests (not answered 429 by the limiter),
 * the most accepted in any sliding window, the most in flight, and the 429s n8n received.
 */
function limitsReport(log) {
	const accepted = acceptedEntries(log);
	const peak = busiestWindow(log, LIMITS.windowMs);
	const maxInFlight = accepted.reduce((m, e) => Math.max(m, e.inFlight), 0);
	const rejected = log.length - accepted.length;
	const http429 = log.filter((e) => e.status === 429).length;
	const errors5xx = log.filter((e) => e.status >= 500).length;
	const writes = writesIn(accepted).length;
	return {
		requests: log.length,
		accepted: accepted.length,
		rejected,
		http429,
		errors5xx,
		writes,
		peakPerMinute: peak,
		maxInFlight,
	};
}

module.exports = {
	start,
	addOrganization,
	credentialFor,
	summary,
	duplicates,
	limitsReport,
	writesIn,
	LIMITS,
};
