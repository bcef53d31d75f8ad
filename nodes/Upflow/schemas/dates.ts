/**
 * Dates and date-times: what n8n parameters and expressions produce, to ISO 8601 UTC. Parsers throw
 * ValueError (values.ts) with "what is wrong; how to fix it".
 */
import { DateTime } from 'luxon';

import { ValueError, describeValue } from './values';

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
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December',
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
		throw new ValueError(
			`${shown} falls in the year ${year}; use a date between the years 1000 and 9999`,
		);
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

export function isLuxonLike(value: unknown): value is LuxonLike {
	if (typeof value !== 'object' || value === null) return false;
	const v = value as LuxonLike;
	return v.isLuxonDateTime === true || typeof v.toISO === 'function';
}

function fromLuxon(value: LuxonLike, shown: string, options: DateOptions): string {
	if (value.isValid === false) {
		const reason = [value.invalidReason, value.invalidExplanation].filter(Boolean).join(': ');
		throw new ValueError(
			`is an invalid date value${reason ? ` (${reason})` : ''}; ${ACCEPTED_DATES}`,
		);
	}
	if (typeof value.toMillis === 'function') {
		const ms = (value.toMillis as () => unknown).call(value);
		if (typeof ms === 'number') return isoFromMillis(ms, 'the date value');
	}
	const iso =
		typeof value.toISO === 'function' ? (value.toISO as () => unknown).call(value) : undefined;
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
		if (Number.isNaN(input.getTime()))
			throw new ValueError(`is an invalid Date; ${ACCEPTED_DATES}`);
		return isoFromMillis(input.getTime(), shown);
	}
	if (isLuxonLike(input)) return fromLuxon(input, shown, options);
	if (typeof input === 'string' && /^\s*\d{8}\s*$/.test(input)) {
		const t = input.trim();
		const dashed = `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}`;
		if (/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(dashed)) {
			throw new ValueError(
				`${shown} is a compact date; write it with dashes: ${JSON.stringify(dashed)}`,
			);
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
		throw new ValueError(
			`${shown} falls in the year ${year}; use a date between the years 1000 and 9999`,
		);
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
		if (hour === 0 && minute === 0 && second === 0 && millisecond === 0)
			return `${y}-${mo}-${d}T00:00:00.000Z`;
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
			throw new ValueError(
				`${shown} has an impossible UTC offset (${zone}); use an offset between -18:00 and +18:00`,
			);
		}
		offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
	}
	const utc = new Date(0);
	utc.setUTCFullYear(year, month - 1, day);
	utc.setUTCHours(hour, minute, second, millisecond);
	return isoFromMillis(utc.getTime() - offsetMinutes * 60_000, shown);
}
