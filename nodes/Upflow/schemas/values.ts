/**
 * Pure value parsers behind every Upflow write schema.
 *
 * Each parser takes what an n8n parameter or expression can produce (strings, numbers, booleans,
 * Date and luxon DateTime objects, plain objects) and either returns the value Upflow takes or
 * throws a `ValueError` whose message reads "what is wrong; how to fix it". The zod layer
 * (`fields.ts`) turns that error into a zod issue at the field's path, and `validate.ts` prefixes
 * it with `[item N] field.path: `.
 *
 * Runtime rules of n8n's community-package scanner: imports only zod, luxon and relative files; no
 * process, timers, console or globals.
 */
import { DateTime } from 'luxon';

import type { UpflowRef } from '../shared/ref';
import { z } from 'zod';

import {
	COUNTRY_CODE_MIXUPS,
	CURRENCY_SIGNS,
	ISO_3166_ALPHA2,
	ISO_4217_CODES,
	WITHDRAWN_CURRENCIES,
} from './iso';

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
function within<T>(prefix: SubPath, parse: () => T): T {
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

// ---------------------------------------------------------------------------------------------
// Amounts
// ---------------------------------------------------------------------------------------------

const MAX_CENTS = BigInt(Number.MAX_SAFE_INTEGER);
const DECIMAL_AMOUNT = /^([+-])?(\d+)(?:\.(\d+))?$/;
const INTEGER_AMOUNT = /^[+-]?\d+$/;
/** Characters that may appear in a number written for humans: digits, signs, separators, spaces. */
const NUMERIC_CHARS = /[\d\s\u00a0\u202f'’_.,+-]/g;
const NON_NUMERIC_CHARS = /[^\d\s\u00a0\u202f'’_.,+-]/g;

export interface CentsOptions {
	/**
	 * Decimal places of the currency's smallest unit (ISO 4217's exponent: 2 for EUR, 0 for JPY, 3
	 * for KWD); decimal amounts are converted with it. Default 2.
	 */
	digits?: number;
	/** Whether amounts below zero are accepted (default: refused). */
	allowNegative?: boolean;
	/** How to fix a refused negative amount (after "; "). */
	negativeHint?: string;
}

/** Formats an amount in smallest units for messages: 1999 -> "19.99", -5 -> "-0.05"; 1999 JPY (0 digits) -> "1999". */
export function formatCents(cents: number, digits = 2): string {
	const sign = cents < 0 ? '-' : '';
	const abs = Math.abs(cents);
	if (digits === 0) return `${sign}${abs}`;
	const scale = 10 ** digits;
	const units = Math.floor(abs / scale);
	const rest = String(abs % scale).padStart(digits, '0');
	return `${sign}${units}.${rest}`;
}

function unitName(digits: number): string {
	return digits === 2 ? 'cents' : "the currency's smallest unit";
}

function example(mode: AmountMode): string {
	return mode === 'cents' ? '123456' : '1234.56';
}

function tooLarge(shown: string): ValueError {
	return new ValueError(
		`${shown} is too large; amounts must be at most ${Number.MAX_SAFE_INTEGER} cents ` +
			`(${formatCents(Number.MAX_SAFE_INTEGER)}): check the value`,
	);
}

function notFinite(shown: string, mode: AmountMode): ValueError {
	return new ValueError(`${shown} is not a finite number; send an amount such as ${example(mode)}`);
}

function wrongAmountType(shown: string, mode: AmountMode): ValueError {
	return new ValueError(
		`must be a number or a numeric string, not ${shown}; send an amount such as ${example(mode)}`,
	);
}

function emptyAmount(mode: AmountMode): ValueError {
	return new ValueError(`is empty; send an amount such as ${example(mode)}`);
}

/**
 * Guesses what a human-formatted number means ("1 234,56" -> "1234.56", "1,234.5" -> "1234.5").
 * Returns the plain decimal form, whether the guess is ambiguous, or null when there is no guess.
 */
function guessPlainDecimal(text: string): { plain: string; ambiguous: boolean } | null {
	let s = text.replace(/[\s\u00a0\u202f'’_]/g, '');
	let sign = '';
	if (s.startsWith('-') || s.startsWith('+')) {
		sign = s[0] === '-' ? '-' : '';
		s = s.slice(1);
	}
	if (s.startsWith('.') || s.startsWith(',')) s = `0${s}`;
	if (s.endsWith('.') || s.endsWith(',')) s = s.slice(0, -1);
	const lastSep = Math.max(s.lastIndexOf(','), s.lastIndexOf('.'));
	let ambiguous = false;
	if (lastSep >= 0) {
		const decimals = s.length - lastSep - 1;
		if (decimals === 1 || decimals === 2) {
			s = `${s.slice(0, lastSep).replace(/[.,]/g, '')}.${s.slice(lastSep + 1)}`;
		} else {
			ambiguous = decimals === 3;
			s = s.replace(/[.,]/g, '');
		}
	}
	if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
	s = s.replace(/^0+(?=\d)/, '');
	return { plain: `${sign}${s}`, ambiguous };
}

/** Renders a plain decimal guess in the caller's amount mode ("12.50" -> "1250" in cents mode). */
function inMode(plain: string, mode: AmountMode): string {
	if (mode === 'decimal') return plain;
	const m = DECIMAL_AMOUNT.exec(plain);
	if (!m) return plain;
	const cents = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
	return `${m[1] === '-' ? '-' : ''}${cents}`;
}

/** Explains why a string is not a plain amount, with a corrected form when one can be guessed. */
function diagnoseAmountString(text: string, shown: string, mode: AmountMode): ValueError {
	if (/^[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+$/i.test(text)) {
		return new ValueError(
			`${shown} is in exponent notation; write the number out in full, e.g. ${example(mode)}`,
		);
	}
	if (!/\d/.test(text)) {
		return new ValueError(`${shown} is not a number; send an amount such as ${example(mode)}`);
	}
	const foreign = text.replace(NUMERIC_CHARS, '');
	if (foreign) {
		const guess = guessPlainDecimal(text.replace(NON_NUMERIC_CHARS, ''));
		const fix = guess ? `send ${JSON.stringify(inMode(guess.plain, mode))}` : 'send the number only';
		return new ValueError(
			`${shown} contains ${JSON.stringify(foreign)}, which is not part of a number; ${fix} ` +
				'and put the currency in the Currency field',
		);
	}
	const guess = guessPlainDecimal(text);
	if (guess && /^[+-]?(\d+\.|\.\d+)$/.test(text)) {
		return new ValueError(`${shown} is not a complete number; write it as ${JSON.stringify(inMode(guess.plain, mode))}`);
	}
	const what =
		`${shown} is not a plain number (thousands separators, spaces and decimal commas are not ` +
		'accepted, because 1,234 means different things in different countries)';
	if (!guess) {
		return new ValueError(`${what}; write digits with at most one dot for decimals, e.g. ${example(mode)}`);
	}
	const suggestion = JSON.stringify(inMode(guess.plain, mode));
	const unit =
		mode === 'cents' ? ' (in cents)' : guess.plain.includes('.') ? ' with a dot as the decimal separator' : '';
	const caveat = guess.ambiguous ? ' if the separator marks thousands' : '';
	return new ValueError(`${what}; write it as ${suggestion}${unit}${caveat}`);
}

function tooManyDecimals(shown: string, decimals: number, fromNumber: boolean, digits: number): ValueError {
	if (fromNumber && decimals > 4 && digits <= 3) {
		return new ValueError(
			`${shown} has ${decimals} decimal places, the mark of floating-point arithmetic ` +
				`(0.1 + 0.2 gives 0.30000000000000004); round it to ${digits} decimals before sending, ` +
				`e.g. {{ $json.amount.toFixed(${digits}) }}, or compute in ${unitName(digits)}`,
		);
	}
	return new ValueError(
		`${shown} has ${decimals} decimal places, but amounts in this currency have at most ${digits} ` +
			`(ISO 4217); round it to ${digits} decimals before sending`,
	);
}

/** Exact decimal string -> smallest units, by string arithmetic. */
function parseDecimalString(text: string, shown: string, fromNumber: boolean, digits: number): bigint {
	const m = DECIMAL_AMOUNT.exec(text);
	if (!m) throw diagnoseAmountString(text, shown, 'decimal');
	const [, sign, intPart, frac = ''] = m;
	if (frac.length > digits) {
		if (!fromNumber && digits === 2 && frac.length === 3 && intPart.length <= 3) {
			// "1.500" is one and a half to some, one thousand five hundred to others.
			throw new ValueError(
				`${shown} has 3 decimal places, but amounts have at most 2 (cents); if the dot ` +
					`separates thousands write ${JSON.stringify(`${sign === '-' ? '-' : ''}${intPart}${frac}`)}, ` +
					'otherwise round to 2 decimals',
			);
		}
		throw tooManyDecimals(shown, frac.length, fromNumber, digits);
	}
	const cents = BigInt(intPart) * 10n ** BigInt(digits) + BigInt(frac.padEnd(digits, '0') || '0');
	return sign === '-' ? -cents : cents;
}

function decimalInputToCents(input: unknown, shown: string, digits: number): bigint {
	if (typeof input === 'number') {
		if (!Number.isFinite(input)) throw notFinite(shown, 'decimal');
		const text = String(input);
		if (/e/i.test(text)) {
			if (Math.abs(input) >= 1) throw tooLarge(shown);
			const exp = Number(text.split(/e/i)[1]);
			throw tooManyDecimals(shown, -exp, true, digits);
		}
		if (!Number.isInteger(input) && Math.abs(input) >= 1e13) {
			// Beyond 15 significant digits a double no longer holds every 2-decimal value: the
			// number may already differ from what was written.
			throw new ValueError(
				`${shown} has too many digits to be exact as a number; send it as text (e.g. "12345678901234.56") or in cents`,
			);
		}
		return parseDecimalString(text, shown, true, digits);
	}
	if (typeof input === 'bigint') return input * 10n ** BigInt(digits);
	if (typeof input === 'string') {
		const text = input.trim();
		if (!text) throw emptyAmount('decimal');
		return parseDecimalString(text, shown, false, digits);
	}
	throw wrongAmountType(shown, 'decimal');
}

function notWholeCents(shown: string): ValueError {
	return new ValueError(
		`${shown} is not a whole number of the currency's smallest unit; with Amounts In "Smallest Unit (Integer)" ` +
			'send whole numbers (12.50 EUR is 1250), or switch Amounts In to "Decimal Amount"',
	);
}

function centsInputToCents(input: unknown, shown: string): bigint {
	if (typeof input === 'number') {
		if (!Number.isFinite(input)) throw notFinite(shown, 'cents');
		if (!Number.isInteger(input)) throw notWholeCents(shown);
		if (!Number.isSafeInteger(input)) throw tooLarge(shown);
		return BigInt(input);
	}
	if (typeof input === 'bigint') return input;
	if (typeof input === 'string') {
		const text = input.trim();
		if (!text) throw emptyAmount('cents');
		if (INTEGER_AMOUNT.test(text)) return BigInt(text);
		if (DECIMAL_AMOUNT.test(text)) throw notWholeCents(shown);
		throw diagnoseAmountString(text, shown, 'cents');
	}
	throw wrongAmountType(shown, 'cents');
}

/**
 * Converts an amount to an integer in the currency's smallest unit (what Upflow stores), exactly.
 *
 * - `cents` (shown as "Smallest Unit"): integers (number, bigint, or an integer string such as "1234").
 * - `decimal`: 1234.56, "1234.56", "-12.5"; converted with the currency's ISO 4217 exponent
 *   (`digits`: EUR 2, JPY 0, KWD 3) by string arithmetic, never by multiplying floats. A number is
 *   taken by its shortest round-trip rendering (`String(n)`), so 0.1 + 0.2 (0.30000000000000004)
 *   and 1.005 are refused for having more than 2 decimals.
 *
 * Refused: more decimals than the currency has, thousands separators, spaces, decimal commas, currency signs,
 * exponent notation, empty strings, NaN/Infinity, amounts beyond Number.MAX_SAFE_INTEGER cents,
 * and negative amounts unless `allowNegative`.
 */
export function toCents(input: unknown, mode: AmountMode, options: CentsOptions = {}): number {
	const shown = describeValue(input);
	const digits = options.digits ?? 2;
	const cents = mode === 'cents' ? centsInputToCents(input, shown) : decimalInputToCents(input, shown, digits);
	if (cents > MAX_CENTS || cents < -MAX_CENTS) throw tooLarge(shown);
	if (cents < 0n && !options.allowNegative) {
		throw new ValueError(
			`${shown} is negative; ${options.negativeHint ?? 'send zero or a positive amount'}`,
		);
	}
	return Number(cents);
}

// ---------------------------------------------------------------------------------------------
// Currency and country codes
// ---------------------------------------------------------------------------------------------

/** ISO 4217 currency code: trimmed, upper-cased, checked against the embedded active list. */
export function toCurrency(input: unknown): string {
	const shown = describeValue(input);
	if (typeof input !== 'string') {
		throw new ValueError(
			`must be a three-letter ISO 4217 code, not ${shown}; use a code such as EUR, USD or GBP`,
		);
	}
	const code = input.trim().toUpperCase();
	if (!code) throw new ValueError('is empty; use a three-letter ISO 4217 code such as EUR, USD or GBP');
	if (ISO_4217_CODES.has(code)) return code;
	const withdrawn = WITHDRAWN_CURRENCIES[code];
	if (withdrawn) {
		throw new ValueError(
			`${shown} was withdrawn from ISO 4217 (${withdrawn.since}); use ${withdrawn.use}`,
		);
	}
	const sign = CURRENCY_SIGNS[code];
	if (sign) throw new ValueError(`${shown} is not an ISO 4217 code; use ${sign}`);
	throw new ValueError(
		`${shown} is not an ISO 4217 currency code; use a three-letter code such as EUR, USD or GBP`,
	);
}

let countryNames: Map<string, string> | undefined;

/** English country name -> alpha-2 code, built once from Intl (empty when Intl lacks region names). */
function countryCodeForName(name: string): string | undefined {
	if (!countryNames) {
		countryNames = new Map();
		try {
			const names = new Intl.DisplayNames(['en'], { type: 'region' });
			for (const code of ISO_3166_ALPHA2) {
				const label = names.of(code);
				if (label && label !== code) countryNames.set(label.toLowerCase(), code);
			}
		} catch {
			// No ICU region names on this host: messages just go without the suggestion.
		}
	}
	return countryNames.get(name.trim().toLowerCase());
}

/**
 * A country as Upflow takes it: free text (its reference sends "France"; integrations send names or
 * codes). Only a non-text value is refused; whether the text names a country is a hint
 * (`countryHint`), never a refusal.
 */
export function toCountry(input: unknown): string {
	if (typeof input !== 'string') {
		throw new ValueError(`must be text, not ${describeValue(input)}; send a country name or code such as "France" or "FR"`);
	}
	return input.trim();
}

/** Why a country text may be a mistake (neither an ISO 3166 code nor an English country name), or undefined. */
export function countryHint(text: string): string | undefined {
	const code = text.trim().toUpperCase();
	if (ISO_3166_ALPHA2.has(code) || countryCodeForName(text)) return undefined;
	const mixup = COUNTRY_CODE_MIXUPS[code];
	if (mixup) return `country ${JSON.stringify(text)} looks like a mixed-up code; the ISO 3166 code is ${mixup}`;
	return `country ${JSON.stringify(text)} is neither an ISO 3166 code nor an English country name; Upflow stores it as given`;
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

export interface DateOptions {
	/**
	 * IANA time zone (e.g. the workflow's, `this.getTimezone()`) used for date-times written without
	 * an offset, such as those of n8n's date picker ("2024-03-04T10:30:00"). Without it they are refused.
	 */
	timezone?: string;
}

const ACCEPTED_DATES =
	'use a date such as 2024-03-04, a date-time with its zone such as 2024-03-04T10:30:00Z or ' +
	'2024-03-04T10:30:00+02:00, or an n8n date value';

const ISO_DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

const MONTHS = [
	'January', 'February', 'March', 'April', 'May', 'June',
	'July', 'August', 'September', 'October', 'November', 'December',
];

function daysInMonth(year: number, month: number): number {
	const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
	return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Milliseconds since the epoch -> "YYYY-MM-DDTHH:mm:ss.sssZ", for years 1000-9999 only. */
function isoFromMillis(ms: number, shown: string): string {
	const date = new Date(ms);
	if (!Number.isFinite(date.getTime())) {
		throw new ValueError(`${shown} is not a valid date; ${ACCEPTED_DATES}`);
	}
	const year = date.getUTCFullYear();
	if (year < 1000 || year > 9999) {
		throw new ValueError(`${shown} falls in the year ${year}; use a date between the years 1000 and 9999`);
	}
	return date.toISOString();
}

interface LuxonLike {
	isLuxonDateTime?: unknown;
	isValid?: unknown;
	invalidReason?: unknown;
	invalidExplanation?: unknown;
	toISO?: unknown;
	toMillis?: unknown;
}

function isLuxonLike(value: unknown): value is LuxonLike {
	if (typeof value !== 'object' || value === null) return false;
	const v = value as LuxonLike;
	return v.isLuxonDateTime === true || typeof v.toISO === 'function';
}

function fromLuxon(value: LuxonLike, shown: string, options: DateOptions): string {
	if (value.isValid === false) {
		const reason = [value.invalidReason, value.invalidExplanation].filter(Boolean).join(': ');
		throw new ValueError(`is an invalid date value${reason ? ` (${reason})` : ''}; ${ACCEPTED_DATES}`);
	}
	if (typeof value.toMillis === 'function') {
		const ms = (value.toMillis as () => unknown).call(value);
		if (typeof ms === 'number') return isoFromMillis(ms, 'the date value');
	}
	const iso = typeof value.toISO === 'function' ? (value.toISO as () => unknown).call(value) : undefined;
	if (typeof iso === 'string') return toIsoDate(iso, options);
	throw new ValueError(`${shown} is not a usable date value; ${ACCEPTED_DATES}`);
}

/**
 * Date parameter -> ISO 8601 in UTC with milliseconds ("2024-03-04T09:30:00.000Z").
 *
 * Accepted: ISO date-times with Z or an offset (fractions beyond milliseconds are truncated),
 * date-only "YYYY-MM-DD" (-> midnight UTC), Date objects and luxon DateTime objects (n8n's date
 * values, detected by `isLuxonDateTime` / `toISO`, so any luxon copy works). A zone-less date-time
 * at exactly midnight ("2024-03-04T00:00:00", what n8n's date picker gives for a picked day) is
 * taken as that calendar day, like a date-only string; other zone-less date-times are read in
 * `options.timezone` when given, refused otherwise.
 * Refused: numbers and digit strings (seconds or milliseconds?), impossible dates (2024-02-30),
 * other formats ("03/04/2024").
 */
export function toIsoDate(input: unknown, options: DateOptions = {}): string {
	const shown = describeValue(input);
	if (input instanceof Date) {
		if (Number.isNaN(input.getTime())) throw new ValueError(`is an invalid Date; ${ACCEPTED_DATES}`);
		return isoFromMillis(input.getTime(), shown);
	}
	if (isLuxonLike(input)) return fromLuxon(input, shown, options);
	if (typeof input === 'string' && /^\s*\d{8}\s*$/.test(input)) {
		const t = input.trim();
		const dashed = `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}`;
		if (/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(dashed)) {
			throw new ValueError(`${shown} is a compact date; write it with dashes: ${JSON.stringify(dashed)}`);
		}
	}
	if (
		typeof input === 'number' ||
		typeof input === 'bigint' ||
		(typeof input === 'string' && /^\s*\d{5,}\s*$/.test(input))
	) {
		throw new ValueError(
			`${shown} is a bare number, which is ambiguous (seconds or milliseconds since 1970?); ` +
				'send an ISO 8601 date, e.g. {{ DateTime.fromSeconds($json.ts).toISO() }} or ' +
				'{{ DateTime.fromMillis($json.ts).toISO() }}',
		);
	}
	if (typeof input !== 'string') {
		throw new ValueError(`must be a date, not ${shown}; ${ACCEPTED_DATES}`);
	}
	const text = input.trim();
	if (!text) throw new ValueError(`is empty; ${ACCEPTED_DATES}`);

	const m = ISO_DATE_TIME.exec(text);
	if (!m) {
		if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}/.test(text)) {
			throw new ValueError(
				`${shown} is not an accepted date format (is it day/month or month/day?); ${ACCEPTED_DATES}`,
			);
		}
		throw new ValueError(`${shown} is not an accepted date format; ${ACCEPTED_DATES}`);
	}
	const [, y, mo, d, h, mi, s, frac, zone] = m;
	const year = Number(y);
	const month = Number(mo);
	const day = Number(d);
	if (month < 1 || month > 12) {
		throw new ValueError(`${shown} is not a real date (there is no month ${mo}); check the month`);
	}
	const maxDay = daysInMonth(year, month);
	if (day < 1 || day > maxDay) {
		throw new ValueError(
			`${shown} is not a real date (${MONTHS[month - 1]} ${year} has ${maxDay} days); check the day`,
		);
	}
	if (year < 1000) {
		throw new ValueError(`${shown} falls in the year ${year}; use a date between the years 1000 and 9999`);
	}
	if (h === undefined) return `${y}-${mo}-${d}T00:00:00.000Z`;

	const hour = Number(h);
	const minute = Number(mi);
	const second = s === undefined ? 0 : Number(s);
	if (hour > 23 || minute > 59 || second > 59) {
		throw new ValueError(
			`${shown} has an impossible time (${h}:${mi}${s === undefined ? '' : `:${s}`}); ` +
				'hours go from 00 to 23, minutes and seconds from 00 to 59',
		);
	}
	const millisecond = frac === undefined ? 0 : Number(frac.padEnd(3, '0').slice(0, 3));

	if (zone === undefined) {
		// n8n's date picker writes a picked day as "2024-03-04T00:00:00" (no zone): keep it the
		// calendar day it names, like a date-only string, rather than shifting it by a zone.
		if (hour === 0 && minute === 0 && second === 0 && millisecond === 0) return `${y}-${mo}-${d}T00:00:00.000Z`;
		if (!options.timezone) {
			throw new ValueError(
				`${shown} has no time zone; add Z for UTC or an offset such as +02:00 ` +
					`(e.g. ${text}Z), or send a date only`,
			);
		}
		const local = DateTime.fromObject(
			{ year, month, day, hour, minute, second, millisecond },
			{ zone: options.timezone },
		);
		if (!local.isValid) {
			throw new ValueError(
				`${shown} cannot be read in the time zone ${JSON.stringify(options.timezone)} ` +
					`(${local.invalidReason ?? 'invalid'}); add Z or an offset such as +02:00 to the date`,
			);
		}
		return isoFromMillis(local.toMillis(), shown);
	}

	let offsetMinutes = 0;
	if (zone !== 'Z' && zone !== 'z') {
		const digits = zone.slice(1).replace(':', '');
		const oh = Number(digits.slice(0, 2));
		const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
		if (oh > 18 || om > 59) {
			throw new ValueError(`${shown} has an impossible UTC offset (${zone}); use an offset between -18:00 and +18:00`);
		}
		offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
	}
	const utc = new Date(0);
	utc.setUTCFullYear(year, month - 1, day);
	utc.setUTCHours(hour, minute, second, millisecond);
	return isoFromMillis(utc.getTime() - offsetMinutes * 60_000, shown);
}

// ---------------------------------------------------------------------------------------------
// References
// ---------------------------------------------------------------------------------------------

/** How Upflow references a record in a body: by its Upflow id or by the caller's externalId. */

export interface ReferenceOptions {
	/**
	 * How a plain string is read: `auto` (default) takes `external:<x>` as an external id, a UUID as
	 * an Upflow id and anything else as an external id; `id` / `externalId` force one reading.
	 */
	plainString?: 'auto' | 'id' | 'externalId';
	/** What is referenced, for messages ("customer", "invoice" ...). */
	entity?: string;
}

/** Upflow ids are UUIDs ([doc], docs/upflow-api.md); used only to classify plain strings. */
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXTERNAL_PREFIX = 'external:';
const MAX_ID_LENGTH = 255;

function refText(raw: unknown, entity: string, kind: 'ID' | 'external ID'): string {
	const text =
		typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : typeof raw === 'string' ? raw.trim() : null;
	if (text === null) {
		throw new ValueError(
			`must be the ${entity}'s ${kind} as text, not ${describeValue(raw)}; pick the ${entity} from ` +
				'the list or enter its ID or external ID',
		);
	}
	if (!text) {
		throw new ValueError(`is empty; pick the ${entity} from the list or enter its ID or external ID`);
	}
	if (text.length > MAX_ID_LENGTH) {
		throw new ValueError(
			`is ${text.length} characters long, more than the ${MAX_ID_LENGTH} an ${kind} may have; check the value`,
		);
	}
	return text;
}

function refFromString(text: string, reading: 'auto' | 'id' | 'externalId', entity: string): UpflowRef {
	if (text.startsWith(EXTERNAL_PREFIX)) {
		return { externalId: refText(text.slice(EXTERNAL_PREFIX.length), entity, 'external ID') };
	}
	if (reading === 'id' || (reading === 'auto' && UUID_PATTERN.test(text))) return { id: text };
	return { externalId: text };
}

/**
 * A record reference `{ id }` or `{ externalId }` from:
 * - a resource locator value `{ __rl?, mode: 'list' | 'id' | 'externalId', value }` (list -> id);
 * - a reference object `{ id }` / `{ externalId }` (or a whole Upflow record: `id` wins when both
 *   are present);
 * - a plain string or number (see `ReferenceOptions.plainString`).
 */
export function toReference(input: unknown, options: ReferenceOptions = {}): UpflowRef {
	const entity = options.entity ?? 'record';
	const reading = options.plainString ?? 'auto';
	if (typeof input === 'string' || typeof input === 'number') {
		return refFromString(refText(input, entity, 'ID'), reading, entity);
	}
	if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
		const obj = input as Record<string, unknown>;
		if ('mode' in obj && 'value' in obj) {
			const mode = obj.mode;
			if (mode === 'id' || mode === 'list') return refFromString(refText(obj.value, entity, 'ID'), 'id', entity);
			if (mode === 'externalId') {
				const text = refText(obj.value, entity, 'external ID');
				return { externalId: text.startsWith(EXTERNAL_PREFIX) ? text.slice(EXTERNAL_PREFIX.length) : text };
			}
			throw new ValueError(
				`uses the mode ${describeValue(mode)}, which is not supported here; choose From List, By ID or By External ID`,
			);
		}
		if (obj.id !== undefined && obj.id !== null && obj.id !== '') {
			return { id: refText(obj.id, entity, 'ID') };
		}
		if (obj.externalId !== undefined && obj.externalId !== null && obj.externalId !== '') {
			return { externalId: refText(obj.externalId, entity, 'external ID') };
		}
		throw new ValueError(
			`has neither id nor externalId; reference the ${entity} as {"id": "..."} or {"externalId": "..."}`,
		);
	}
	throw new ValueError(
		`must reference a ${entity}, not ${describeValue(input)}; pick the ${entity} from the list or ` +
			'enter its ID or external ID',
	);
}

/** A stable key for spotting the same reference twice in one list. */
export function referenceKey(ref: UpflowRef): string {
	return 'id' in ref ? `id:${ref.id}` : `externalId:${ref.externalId}`;
}

// ---------------------------------------------------------------------------------------------
// Text, email, booleans, enums, integers
// ---------------------------------------------------------------------------------------------

export interface TextOptions {
	/** Maximum length in characters (Unicode code points). */
	max: number;
	/** Whether finite numbers are accepted and turned into text (ids from spreadsheets). */
	numbersAsText?: boolean;
	/** Why numbers are refused, if they are (after "; "). */
	numberHint?: string;
}

/** Trimmed text of at most `max` characters. Empty text is returned as '' (callers decide). */
export function toText(input: unknown, options: TextOptions): string {
	let text: string;
	if (typeof input === 'string') text = input.trim();
	else if (typeof input === 'number' && options.numbersAsText && Number.isFinite(input)) text = String(input);
	else if (typeof input === 'number' && options.numberHint) {
		throw new ValueError(`must be text, not the number ${input}; ${options.numberHint}`);
	} else {
		throw new ValueError(`must be text, not ${describeValue(input)}; send a string`);
	}
	const length = Array.from(text).length;
	if (length > options.max) {
		throw new ValueError(
			`is ${length} characters long, more than the ${options.max} allowed; shorten it`,
		);
	}
	return text;
}

const EMAIL = /^(?!\.)(?!.*\.\.)[A-Z0-9_'+\-.!#$%&*/=?^`{|}~]*[A-Z0-9_+\-]@([A-Z0-9][A-Z0-9-]*\.)+[A-Z]{2,}$/i;

/** A trimmed email address (at most 254 characters). */
export function toEmail(input: unknown): string {
	const text = toText(input, { max: 254 });
	if (EMAIL.test(text)) return text;
	const bracketed = /<([^<>\s]+@[^<>\s]+)>/.exec(text);
	if (bracketed && EMAIL.test(bracketed[1])) {
		throw new ValueError(`${describeValue(text)} is not a bare email address; send ${JSON.stringify(bracketed[1])}`);
	}
	throw new ValueError(
		`${describeValue(text)} is not a valid email address; write it like name@example.com`,
	);
}

/** true / false, also from the strings "true" / "false" (any case). */
export function toBoolean(input: unknown): boolean {
	if (typeof input === 'boolean') return input;
	if (typeof input === 'string') {
		const text = input.trim().toLowerCase();
		if (text === 'true') return true;
		if (text === 'false') return false;
	}
	throw new ValueError(`must be true or false, not ${describeValue(input)}; send a boolean`);
}

/** One of `values`; matching ignores case and treats spaces and dashes as underscores. */
export function toEnum<T extends string>(input: unknown, values: readonly T[], what: string): T {
	const list = values.join(', ');
	if (typeof input !== 'string') {
		throw new ValueError(`must be one of ${list}, not ${describeValue(input)}; pick a ${what}`);
	}
	const key = input.trim().toUpperCase().replace(/[\s-]+/g, '_');
	const found = values.find((v) => v === key);
	if (found) return found;
	throw new ValueError(`${describeValue(input)} is not a ${what}; use one of ${list}`);
}

/** A whole number greater than zero (number or digit string), e.g. seconds. */
export function toPositiveInteger(input: unknown, unitExample: string): number {
	let n: number | undefined;
	if (typeof input === 'number') n = input;
	else if (typeof input === 'string' && /^\s*\+?\d+\s*$/.test(input)) n = Number(input.trim());
	if (n === undefined || !Number.isSafeInteger(n) || n <= 0) {
		throw new ValueError(
			`must be a whole number greater than 0, not ${describeValue(input)}; e.g. ${unitExample}`,
		);
	}
	return n;
}

const HOST_SOURCE =
	/^(?:(?:https?|wss?):\/\/)?(?:\*\.)?(?:localhost|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*)(?::(?:\d{1,5}|\*))?(?:\/[^\s;,'"]*)?$/i;

/**
 * Hosts allowed to embed the customer portal in an iframe (CSP frame-ancestors host sources):
 * a space-separated string or a list of strings -> one space-separated string.
 */
export function toFrameAncestors(input: unknown): string {
	let tokens: string[];
	if (typeof input === 'string') tokens = input.trim().split(/\s+/).filter(Boolean);
	else if (Array.isArray(input) && input.every((t) => typeof t === 'string')) {
		tokens = (input as string[]).flatMap((t) => t.trim().split(/\s+/)).filter(Boolean);
	} else {
		throw new ValueError(
			`must be hosts separated by spaces, not ${describeValue(input)}; e.g. "app.example.com https://*.example.org"`,
		);
	}
	for (const token of tokens) {
		if (token.includes(',') || token.includes(';')) {
			throw new ValueError(
				`${describeValue(token)} contains a comma or semicolon; separate hosts with spaces, e.g. "a.example.com b.example.com"`,
			);
		}
		if (token === '*' || /^[a-z]+:$/i.test(token)) {
			throw new ValueError(
				`${describeValue(token)} would let any site embed the portal; list the hosts that embed it, e.g. "app.example.com"`,
			);
		}
		if (!HOST_SOURCE.test(token)) {
			throw new ValueError(
				`${describeValue(token)} is not a host; write hosts like app.example.com, *.example.com or https://app.example.com:8443`,
			);
		}
	}
	return tokens.join(' ');
}

// ---------------------------------------------------------------------------------------------
// JSON objects (Additional Fields) and custom field values
// ---------------------------------------------------------------------------------------------

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const proto = Object.getPrototypeOf(value) as unknown;
	return proto === Object.prototype || proto === null;
}

function toJsonValue(value: unknown, path: SubPath, seen: Set<object>, options: DateOptions): JsonValue {
	if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
	if (typeof value === 'number') {
		if (Number.isFinite(value)) return value;
		throw new ValueError(`is ${value}, which JSON cannot carry; send a finite number or a string`, path);
	}
	if (value instanceof Date || isLuxonLike(value)) return within(path, () => toIsoDate(value, options));
	if (typeof value === 'object') {
		if (seen.has(value)) throw new ValueError('refers to itself; send plain JSON data', path);
		seen.add(value);
		try {
			if (Array.isArray(value)) return value.map((v, i) => toJsonValue(v, [...path, i], seen, options));
			if (!isPlainObject(value)) {
				throw new ValueError(`is ${describeValue(value)} that is not plain JSON; send plain JSON data`, path);
			}
			const out: JsonObject = {};
			for (const [key, v] of Object.entries(value)) {
				if (key === '__proto__') {
					throw new ValueError('uses the reserved key "__proto__"; rename or remove it', [...path, key]);
				}
				if (v === undefined) continue;
				out[key] = toJsonValue(v, [...path, key], seen, options);
			}
			return out;
		} finally {
			seen.delete(value);
		}
	}
	throw new ValueError(`is ${describeValue(value)}, which JSON cannot carry; remove it or send it as a string`, path);
}

/**
 * A plain JSON object from an object or a JSON string (n8n "JSON" parameters give either).
 * Date and luxon values inside are turned into ISO 8601 strings.
 */
export function toJsonObject(input: unknown, options: DateOptions = {}): JsonObject {
	let value: unknown = input;
	if (typeof input === 'string') {
		const text = input.trim();
		if (!text) return {};
		let reason: string | undefined;
		try {
			value = JSON.parse(text) as unknown;
		} catch (error) {
			reason = error instanceof Error ? error.message : 'syntax error';
		}
		if (reason !== undefined) {
			throw new ValueError(
				`is not valid JSON (${reason}); write a JSON object such as {"field": "value"} with double quotes`,
			);
		}
	}
	if (!isPlainObject(value)) {
		const got = Array.isArray(value) ? 'a list' : describeValue(value);
		throw new ValueError(`must be a JSON object, not ${got}; write it as {"field": "value"}`);
	}
	return toJsonValue(value, [], new Set(), options) as JsonObject;
}

export type SelectLabel = { label: string };
export type CustomFieldValue = string | number | boolean | SelectLabel | SelectLabel[];

const CUSTOM_VALUE_FORMS =
	'send text, a number, true/false, {"label": "..."} for a SELECT field or ' +
	'[{"label": "..."}] for a MULTI_SELECT field';

function toLabel(input: unknown): SelectLabel {
	const raw = isPlainObject(input) ? input.label : input;
	const path: SubPath = isPlainObject(input) ? ['label'] : [];
	const label = within(path, () => toText(raw, { max: 255, numbersAsText: true }));
	if (!label) throw new ValueError('is empty; give the option label (labels are case-sensitive)', path);
	return { label };
}

/**
 * A custom field value: text (<= 1000 characters), a finite number, a boolean, a date (sent as an
 * ISO string), `{label}` for SELECT, `[{label}]` (or a list of strings) for MULTI_SELECT.
 * Labels are case-sensitive in Upflow and are kept as given (trimmed).
 */
export function toCustomFieldValue(input: unknown, options: DateOptions = {}): CustomFieldValue {
	if (typeof input === 'string') return toText(input, { max: 1000 });
	if (typeof input === 'boolean') return input;
	if (typeof input === 'number') {
		if (Number.isFinite(input)) return input;
		throw new ValueError(`is ${input}; ${CUSTOM_VALUE_FORMS}`);
	}
	if (input instanceof Date || isLuxonLike(input)) return toIsoDate(input, options);
	if (Array.isArray(input)) {
		return input.map((item, i) => within([i], () => toLabel(item)));
	}
	if (isPlainObject(input) && 'label' in input) return toLabel(input);
	throw new ValueError(`is ${describeValue(input)}, which is not a custom field value; ${CUSTOM_VALUE_FORMS}`);
}
