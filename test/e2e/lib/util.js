'use strict';
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..', '..');
const CACHE = path.join(REPO, '.cache');
const T0 = Date.now();

function stamp() {
	const s = (Date.now() - T0) / 1000;
	return `[e2e +${s.toFixed(0).padStart(4)}s]`;
}

function log(...args) {
	console.log(stamp(), ...args);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value; throws `what` after `timeoutMs`. */
async function until(fn, { timeoutMs, intervalMs = 500, what }) {
	const end = Date.now() + timeoutMs;
	let last;
	for (;;) {
		try {
			const v = await fn();
			if (v) return v;
		} catch (e) {
			last = e;
		}
		if (Date.now() > end)
			throw new Error(
				`Timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`,
			);
		await sleep(intervalMs);
	}
}

/** A failed expectation: the scenario fails with this message. */
class Check extends Error {}

/** A scenario that cannot run here (what it needs is not there): reported as skipped, with the reason. */
class Skip extends Error {}

function expect(cond, message) {
	if (!cond) throw new Check(message);
}

function expectEqual(actual, wanted, what) {
	if (actual !== wanted)
		throw new Check(`${what}: expected ${JSON.stringify(wanted)}, got ${JSON.stringify(actual)}`);
}

/** fetch with a timeout; returns { status, headers, json, text }. */
async function http(url, { method = 'GET', headers = {}, body, timeoutMs = 30_000 } = {}) {
	const res = await fetch(url, {
		method,
		headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await res.text();
	let json;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, json, text };
}

module.exports = { REPO, CACHE, log, sleep, until, Check, Skip, expect, expectEqual, http };
