/**
 * Pure value parsers behind every Upflow write schema: this module holds what they share (ValueError,
 * attempt, describeValue); the parsers live by kind in amounts.ts, codes.ts, dates.ts, references.ts,
 * text.ts and json.ts.
 *
 * Each parser takes what an n8n parameter or expression can produce (strings, numbers, booleans,
 * Date and luxon DateTime objects, plain objects) and either returns the value Upflow takes or
 * throws a `ValueError` whose message reads "what is wrong; how to fix it". The zod layer
 * (`blocks.ts`) turns that error into a zod issue at the field's path, and `validate.ts` prefixes
 * it with `[item N] field.path: `.
 *
 * Runtime rules of n8n's community-package scanner: imports only zod, luxon and relative files; no
 * process, timers, console or globals.
 */
import { z } from 'zod';

export type AmountMode = 'cents' | 'decimal';

/** A path below the field being parsed, e.g. `['value', 1, 'label']` inside a custom field. */
export type SubPath = Array<string | number>;

/** A refused value: the message says what is wrong, then "; ", then how to fix it. */
export class ValueError extends Error {
	override readonly name = 'ValueError';
	readonly path: SubPath;

	constructor(message: string, path: SubPath = []) {
		super(message);
		this.path = path;
	}

	/** The zod issue for this error, relative to the field being parsed (fatal: later refinements are skipped). */
	toIssue(): z.IssueData {
		return { code: z.ZodIssueCode.custom, message: this.message, path: this.path, fatal: true };
	}

	/** The same error one level deeper (used by parsers that parse lists and nested objects). */
	under(...prefix: SubPath): ValueError {
		return new ValueError(this.message, [...prefix, ...this.path]);
	}
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ValueError };

/**
 * Runs a parser and returns its value or its ValueError; any other error (a bug) propagates.
 * (Errors are re-thrown outside the catch clause: n8n's scanner forbids re-throwing raw errors
 * from inside one, in helpers as in nodes.)
 */
export function attempt<T>(parse: () => T): Parsed<T> {
	let failure: unknown;
	try {
		return { ok: true, value: parse() };
	} catch (error) {
		failure = error;
	}
	if (failure instanceof ValueError) return { ok: false, error: failure };
	throw failure;
}

/** Runs a parser whose errors belong one level deeper (`prefix`) than the value it parses. */
export function within<T>(prefix: SubPath, parse: () => T): T {
	const outcome = attempt(parse);
	if (!outcome.ok) throw outcome.error.under(...prefix);
	return outcome.value;
}

/** A short, safe rendering of a received value for messages ("1 234,56" stays quoted). */
export function describeValue(value: unknown): string {
	if (typeof value === 'string') {
		const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
		return JSON.stringify(shown);
	}
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (typeof value === 'bigint') return `${value}n`;
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (Array.isArray(value)) return 'a list';
	if (value instanceof Date) return 'a Date';
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}
