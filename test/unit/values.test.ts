/* eslint-disable @n8n/community-nodes/require-node-api-error -- test code run by Jest in Node, not by n8n */
import { DateTime } from 'luxon';

import {
	ISO_3166_ALPHA2,
	ISO_4217_CODES,
	WITHDRAWN_CURRENCIES,
	minorUnitDigits,
} from '../../nodes/Upflow/schemas/iso';
import { type AmountMode, ValueError, describeValue } from '../../nodes/Upflow/schemas/values';
import { formatCents, toCents } from '../../nodes/Upflow/schemas/amounts';
import { referenceKey, toReference } from '../../nodes/Upflow/schemas/references';
import {
	toBoolean,
	toEmail,
	toEnum,
	toFrameAncestors,
	toPositiveInteger,
	toText,
} from '../../nodes/Upflow/schemas/text';
import { countryHint, toCountry, toCurrency } from '../../nodes/Upflow/schemas/codes';
import { toCustomFieldValue, toJsonObject } from '../../nodes/Upflow/schemas/json';
import { toIsoDate } from '../../nodes/Upflow/schemas/dates';

/** The ValueError a call throws (fails the test when it does not throw one). */
function refusal(fn: () => unknown): ValueError {
	try {
		fn();
	} catch (error) {
		if (error instanceof ValueError) return error;
		throw error;
	}
	throw new Error('expected a ValueError, got a value');
}

describe('toCents, decimal mode', () => {
	it.each<[unknown, number]>([
		[19.99, 1999],
		['19.99', 1999],
		['0.07', 7],
		[0.07, 7],
		['1234.56', 123456],
		[1234.56, 123456],
		['1234.5', 123450],
		['1234', 123400],
		[1234, 123400],
		[0, 0],
		['0', 0],
		['0.00', 0],
		['-0', 0],
		[-0, 0],
		['  12.30  ', 1230],
		['+7', 700],
		['007.5', 750],
		[0.1, 10],
		[0.2, 20],
		[0.3, 30],
		[1.1, 110],
		[4.35, 435],
		[8.2, 820],
		[1.15, 115],
		[16.1, 1610],
		[1e20 / 1e20, 100],
		[9999999999999.99, 999999999999999],
		[12345678901234, 1234567890123400],
		['90071992547409.91', 9007199254740991],
		[12n, 1200],
	])('%p -> %p cents', (input, cents) => {
		const result = toCents(input, 'decimal');
		expect(result).toBe(cents);
		expect(Object.is(result, -0)).toBe(false);
	});

	it('converts two-decimal numbers exactly (no float error): all up to 1000.00, a spread up to 9999999999999.99', () => {
		const check = (i: number) => {
			const asNumber = i / 100;
			const asString = `${Math.floor(i / 100)}.${String(i % 100).padStart(2, '0')}`;
			if (toCents(asNumber, 'decimal') !== i || toCents(asString, 'decimal') !== i) {
				throw new Error(`wrong cents for ${asString}`);
			}
		};
		for (let i = 0; i <= 100_000; i++) check(i);
		// Deterministic spread over the whole range a number can hold exactly (< 1e13 units).
		for (let k = 1, i = 7; k <= 20_000; k++, i = (i * 48_271 + 12_345) % 999_999_999_999_999)
			check(i);
	});

	it.each<[string, unknown, RegExp]>([
		[
			'0.1 + 0.2 (float noise)',
			0.1 + 0.2,
			/^0\.30000000000000004 has 17 decimal places, the mark of floating-point arithmetic .*; round it to 2 decimals/,
		],
		[
			'1.005 (100.5 cents)',
			1.005,
			/^1\.005 has 3 decimal places, but amounts in this currency have at most 2 \(ISO 4217\); round it/,
		],
		[
			'"1.005"',
			'1.005',
			/^"1\.005" has 3 decimal places.*if the dot separates thousands write "1005"/,
		],
		['"12.345"', '12.345', /has 3 decimal places/],
		['"1.500" (German thousands)', '1.500', /if the dot separates thousands write "1500"/],
		['"0.001"', '0.001', /has 3 decimal places/],
		['"1234.5678"', '1234.5678', /^"1234\.5678" has 4 decimal places/],
		['1e21', 1e21, /^1e\+21 is too large/],
		['1e-7', 1e-7, /decimal places/],
		['NaN', Number.NaN, /^NaN is not a finite number; send an amount such as 1234\.56$/],
		['Infinity', Number.POSITIVE_INFINITY, /^Infinity is not a finite number/],
		['-Infinity', Number.NEGATIVE_INFINITY, /is not a finite number/],
		[
			'"1 234,56"',
			'1 234,56',
			/^"1 234,56" is not a plain number .*; write it as "1234\.56" with a dot as the decimal separator$/,
		],
		['"12,50"', '12,50', /; write it as "12\.50"/],
		['"1,234.56"', '1,234.56', /; write it as "1234\.56"/],
		['"1.234,56"', '1.234,56', /; write it as "1234\.56"/],
		['"1\'234.56" (Swiss)', "1'234.56", /; write it as "1234\.56"/],
		['"1 234" (no-break space)', '1\u00a0234', /; write it as "1234"$/],
		['"1,234" (ambiguous)', '1,234', /; write it as "1234" if the separator marks thousands$/],
		['"1.234.567"', '1.234.567', /; write it as "1234567"/],
		[
			'"€12.50"',
			'€12.50',
			/^"€12\.50" contains "€", which is not part of a number; send "12\.50" and put the currency in the Currency field$/,
		],
		['"12.50 EUR"', '12.50 EUR', /contains "EUR".*send "12\.50"/],
		['"$1,200.00"', '$1,200.00', /contains "\$".*send "1200\.00"/],
		['empty string', '', /^is empty; send an amount such as 1234\.56$/],
		['blank string', '   ', /^is empty/],
		['"abc"', 'abc', /^"abc" is not a number/],
		['"1e5"', '1e5', /exponent notation; write the number out in full/],
		['".5"', '.5', /^"\.5" is not a complete number; write it as "0\.5"$/],
		['"12."', '12.', /is not a complete number; write it as "12"$/],
		['"1-2"', '1-2', /is not a plain number/],
		['a boolean', true, /^must be a number or a numeric string, not true;/],
		['null', null, /^must be a number or a numeric string, not null;/],
		['an object', { amount: 1 }, /not an object/],
		['a list', [1], /not a list/],
		[
			'a number past 15 significant digits',
			90071992547409.91,
			/^90071992547409\.9 has too many digits to be exact as a number; send it as text/,
		],
		['2**53 cents + 1 as text', '90071992547409.92', /too large/],
		['a huge string', '123456789012345678901234567890', /too large/],
	])('refuses %s', (_name, input, message) => {
		expect(refusal(() => toCents(input, 'decimal')).message).toMatch(message);
	});
});

describe("toCents, decimal mode by the currency's ISO 4217 exponent", () => {
	it.each<[string, number, unknown, number]>([
		['JPY', 0, '1234', 1234],
		['JPY', 0, 1234, 1234],
		['EUR', 2, '1234.5', 123450],
		['KWD', 3, '1.234', 1234],
		['KWD', 3, '12.5', 12500],
		['CLF', 4, '0.0001', 1],
	])('%s (%i decimals) %p -> %p', (_currency, digits, input, units) => {
		expect(toCents(input, 'decimal', { digits })).toBe(units);
	});

	it('refuses more decimals than the currency has, naming the currency', () => {
		expect(refusal(() => toCents('12.5', 'decimal', { digits: 0, currency: 'JPY' })).message).toBe(
			'"12.5" has 1 decimal place, but JPY has no decimal places (ISO 4217); send a whole number of JPY',
		);
		expect(
			refusal(() => toCents('1.2345', 'decimal', { digits: 3, currency: 'KWD' })).message,
		).toBe(
			'"1.2345" has 4 decimal places, but KWD has 3 (ISO 4217); round it to 3 decimals before sending',
		);
		expect(refusal(() => toCents('1.500', 'decimal', { currency: 'EUR' })).message).toMatch(
			/^"1\.500" has 3 decimal places, but EUR has 2 \(ISO 4217\); if the dot separates thousands write "1500"/,
		);
		// Without a currency (none given yet), the message still says how many decimals are allowed.
		expect(refusal(() => toCents('1.2345', 'decimal', { digits: 3 })).message).toMatch(
			/has 4 decimal places, but amounts in this currency have at most 3/,
		);
	});

	it('knows the exponents', () => {
		expect(['EUR', 'USD', 'JPY', 'KWD', 'TND', 'CLF', 'xof', 'XPF'].map(minorUnitDigits)).toEqual([
			2, 2, 0, 3, 3, 4, 0, 0,
		]);
		expect(formatCents(1234, 0)).toBe('1234');
		expect(formatCents(1234, 3)).toBe('1.234');
	});
});

describe('toCents, cents mode', () => {
	it.each<[unknown, number]>([
		[1234, 1234],
		['1234', 1234],
		[' 1234 ', 1234],
		['0', 0],
		[0, 0],
		['+5', 5],
		[Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
		[String(Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER],
		[1999n, 1999],
		[1e3, 1000],
	])('%p -> %p', (input, cents) => {
		expect(toCents(input, 'cents')).toBe(cents);
	});

	it.each<[string, unknown, RegExp]>([
		[
			'12.5',
			12.5,
			/^12\.5 is not a whole number of the currency's smallest unit; with Amounts In "Smallest Unit \(Integer\)" send whole numbers \(12\.50 EUR is 1250\), or switch Amounts In to "Decimal Amount"$/,
		],
		['"12.50"', '12.50', /is not a whole number of the currency's smallest unit/],
		['0.1 + 0.2', 0.1 + 0.2, /is not a whole number of the currency's smallest unit/],
		[
			'2**53',
			2 ** 53,
			/^9007199254740992 is too large; amounts must be at most 9007199254740991 cents/,
		],
		['"9007199254740993"', '9007199254740993', /too large/],
		['-2**53', -(2 ** 53), /too large/],
		['1e21', 1e21, /too large/],
		['NaN', Number.NaN, /^NaN is not a finite number; send an amount such as 123456$/],
		['"1 234,56"', '1 234,56', /; write it as "123456" \(in cents\)$/],
		['"12,50"', '12,50', /; write it as "1250" \(in cents\)$/],
		['"€12"', '€12', /contains "€".*send "1200"/],
		['empty', '', /^is empty; send an amount such as 123456$/],
		['boolean', false, /must be a number or a numeric string, not false/],
	])('refuses %s', (_name, input, message) => {
		expect(refusal(() => toCents(input, 'cents')).message).toMatch(message);
	});
});

describe('toCents, negative amounts', () => {
	it.each<[AmountMode, unknown, number]>([
		['decimal', '-5', -500],
		['decimal', -5, -500],
		['decimal', '-12.5', -1250],
		['decimal', '-0.07', -7],
		['cents', '-5', -5],
		['cents', -5, -5],
	])('%s %p is %p cents when negatives are allowed', (mode, input, cents) => {
		expect(toCents(input, mode, { allowNegative: true })).toBe(cents);
	});

	it.each<[AmountMode, unknown]>([
		['decimal', '-5'],
		['decimal', -5],
		['decimal', '-12.5'],
		['decimal', '-0.01'],
		['cents', '-5'],
		['cents', -1],
	])('%s %p is refused by default', (mode, input) => {
		expect(refusal(() => toCents(input, mode)).message).toMatch(
			/ is negative; send zero or a positive amount$/,
		);
	});

	it('uses the caller hint for negatives', () => {
		expect(
			refusal(() => toCents('-5', 'decimal', { negativeHint: 'use a credit note' })).message,
		).toBe('"-5" is negative; use a credit note');
	});

	it('still refuses bad negatives when negatives are allowed', () => {
		expect(refusal(() => toCents('-1.005', 'decimal', { allowNegative: true })).message).toMatch(
			/3 decimal places/,
		);
		expect(refusal(() => toCents(-(2 ** 53), 'cents', { allowNegative: true })).message).toMatch(
			/too large/,
		);
	});
});

describe('formatCents', () => {
	it.each<[number, string]>([
		[0, '0.00'],
		[7, '0.07'],
		[1999, '19.99'],
		[-5, '-0.05'],
		[123456, '1234.56'],
	])('%p -> %p', (cents, text) => expect(formatCents(cents)).toBe(text));
});

describe('toCurrency', () => {
	it.each<[unknown, string]>([
		['EUR', 'EUR'],
		['eur', 'EUR'],
		[' usd ', 'USD'],
		['gbp', 'GBP'],
		['JPY', 'JPY'],
		['chf', 'CHF'],
		['XCG', 'XCG'],
		['ZWG', 'ZWG'],
		['SLE', 'SLE'],
		['XOF', 'XOF'],
		['XAF', 'XAF'],
		['xpf', 'XPF'],
		['XCD', 'XCD'],
	])('%p -> %p', (input, code) => expect(toCurrency(input)).toBe(code));

	it.each<[string, RegExp]>([
		['XXX', /code for "no currency"/],
		['XTS', /reserved for testing/],
		['XAU', /gold/],
		['XAG', /silver/],
		['XPT', /platinum/],
		['XPD', /palladium/],
		['XDR', /special drawing right/],
		['XBA', /bond markets/],
		['XBB', /bond markets/],
		['XBC', /bond markets/],
		['XBD', /bond markets/],
		['XSU', /SUCRE/],
		['xua', /African Development Bank/],
	])('refuses %p, which is no money one can invoice in, naming the code', (input, what) => {
		const message = refusal(() => toCurrency(input)).message;
		expect(message).toMatch(
			new RegExp(
				`^"${input}" is ISO 4217's code for .*; use the currency of the amounts, such as EUR, USD or GBP$`,
			),
		);
		expect(message).toMatch(what);
	});

	it.each<[unknown, string]>([
		['EURO', '"EURO" is not an ISO 4217 code; use EUR'],
		['€', '"€" is not an ISO 4217 code; use EUR'],
		['$', '"$" is not an ISO 4217 code; use USD (or CAD, AUD, ...)'],
		['HRK', '"HRK" was withdrawn from ISO 4217 (2023); use EUR'],
		['ANG', '"ANG" was withdrawn from ISO 4217 (2025); use XCG'],
		[
			'ABC',
			'"ABC" is not an ISO 4217 currency code; use a three-letter code such as EUR, USD or GBP',
		],
		[
			'EU',
			'"EU" is not an ISO 4217 currency code; use a three-letter code such as EUR, USD or GBP',
		],
		['', 'is empty; use a three-letter ISO 4217 code such as EUR, USD or GBP'],
		[978, 'must be a three-letter ISO 4217 code, not 978; use a code such as EUR, USD or GBP'],
		[null, 'must be a three-letter ISO 4217 code, not null; use a code such as EUR, USD or GBP'],
	])('refuses %p', (input, message) =>
		expect(refusal(() => toCurrency(input)).message).toBe(message),
	);

	it('embeds the active ISO 4217 list', () => {
		expect(ISO_4217_CODES.size).toBe(177);
		for (const code of ISO_4217_CODES) expect(code).toMatch(/^[A-Z]{3}$/);
		for (const code of Object.keys(WITHDRAWN_CURRENCIES))
			expect(ISO_4217_CODES.has(code)).toBe(false);
		// Every currency ICU knows as tender is on the list, except the withdrawn ones.
		const intl = Intl as unknown as { supportedValuesOf(key: 'currency'): string[] };
		const icu = intl
			.supportedValuesOf('currency')
			.filter((code) => !(code in WITHDRAWN_CURRENCIES));
		expect(icu.filter((code) => !ISO_4217_CODES.has(code))).toEqual([]);
	});
});

describe('toCountry and countryHint', () => {
	// Upflow takes free text (its reference sends "France"): names and codes pass as written.
	it.each<[unknown, string]>([
		['FR', 'FR'],
		[' France ', 'France'],
		['Deutschland', 'Deutschland'],
		['ZZ', 'ZZ'],
	])('%p -> %p', (input, text) => expect(toCountry(input)).toBe(text));

	it('refuses what is not text', () => {
		expect(refusal(() => toCountry(33)).message).toBe(
			'must be text, not 33; send a country name or code such as "France" or "FR"',
		);
	});

	it.each<[string, string | undefined]>([
		['FR', undefined],
		['fr', undefined],
		['France', undefined],
		['germany', undefined],
		['UK', 'country "UK" looks like a mixed-up code; the ISO 3166 code is GB'],
		[
			'Frnace',
			'country "Frnace" is neither an ISO 3166 code nor an English country name; Upflow stores it as given',
		],
	])('hint for %p', (input, hint) => expect(countryHint(input)).toBe(hint));

	it('embeds the 249 ISO 3166-1 alpha-2 codes', () => {
		expect(ISO_3166_ALPHA2.size).toBe(249);
		const names = new Intl.DisplayNames(['en'], { type: 'region' });
		for (const code of ISO_3166_ALPHA2) expect(names.of(code)).not.toBe(code);
	});
});

describe('toIsoDate', () => {
	const paris = DateTime.fromISO('2024-03-04T10:30:00', { zone: 'Europe/Paris' });

	it.each<[string, unknown, string]>([
		['date only', '2024-03-04', '2024-03-04T00:00:00.000Z'],
		['leap day', '2024-02-29', '2024-02-29T00:00:00.000Z'],
		['Z', '2024-03-04T10:30:00Z', '2024-03-04T10:30:00.000Z'],
		['lower-case z', '2024-03-04t10:30:00z', '2024-03-04T10:30:00.000Z'],
		['milliseconds', '2024-03-04T10:30:00.123Z', '2024-03-04T10:30:00.123Z'],
		['microseconds truncated', '2024-03-04T10:30:00.123987Z', '2024-03-04T10:30:00.123Z'],
		['one fraction digit', '2024-03-04T10:30:00.5Z', '2024-03-04T10:30:00.500Z'],
		['no seconds', '2024-03-04T10:30Z', '2024-03-04T10:30:00.000Z'],
		['+02:00', '2024-03-04T10:30:00+02:00', '2024-03-04T08:30:00.000Z'],
		['-05:00', '2024-03-04T22:30:00-05:00', '2024-03-05T03:30:00.000Z'],
		['+0530', '2024-03-04T10:30:00+0530', '2024-03-04T05:00:00.000Z'],
		['+01', '2024-01-01T00:30:00+01', '2023-12-31T23:30:00.000Z'],
		['space separator', '2024-03-04 10:30:00Z', '2024-03-04T10:30:00.000Z'],
		['surrounding spaces', '  2024-03-04  ', '2024-03-04T00:00:00.000Z'],
		['n8n date picker (midnight, no zone)', '2024-03-04T00:00:00', '2024-03-04T00:00:00.000Z'],
		['Date', new Date(Date.UTC(2024, 2, 4, 10, 30)), '2024-03-04T10:30:00.000Z'],
		['luxon DateTime in Paris', paris, '2024-03-04T09:30:00.000Z'],
		[
			'luxon DateTime in UTC',
			DateTime.fromISO('2024-07-01T00:00:00Z', { zone: 'utc' }),
			'2024-07-01T00:00:00.000Z',
		],
		[
			'luxon-like object (other luxon copy)',
			{
				isLuxonDateTime: true,
				isValid: true,
				toISO: () => 'x',
				toMillis: () => Date.UTC(2024, 0, 2),
			},
			'2024-01-02T00:00:00.000Z',
		],
		[
			'object with toISO only',
			{ toISO: () => '2024-01-02T03:04:05+01:00' },
			'2024-01-02T02:04:05.000Z',
		],
	])('%s', (_name, input, iso) => expect(toIsoDate(input)).toBe(iso));

	it('reads zone-less date-times in the given time zone', () => {
		expect(toIsoDate('2024-03-04T10:30:00', { timezone: 'Europe/Paris' })).toBe(
			'2024-03-04T09:30:00.000Z',
		);
		expect(toIsoDate('2024-07-04T10:30:00', { timezone: 'Europe/Paris' })).toBe(
			'2024-07-04T08:30:00.000Z',
		);
		expect(toIsoDate('2024-03-04T10:30:00', { timezone: 'America/New_York' })).toBe(
			'2024-03-04T15:30:00.000Z',
		);
		// An explicit offset wins over the time zone.
		expect(toIsoDate('2024-03-04T10:30:00Z', { timezone: 'Europe/Paris' })).toBe(
			'2024-03-04T10:30:00.000Z',
		);
	});

	it.each<[string, unknown, RegExp]>([
		[
			'impossible day',
			'2024-02-30',
			/^"2024-02-30" is not a real date \(February 2024 has 29 days\); check the day$/,
		],
		['not a leap year', '2023-02-29', /February 2023 has 28 days/],
		['century not leap', '1900-02-29', /February 1900 has 28 days/],
		['day 31 in April', '2024-04-31', /April 2024 has 30 days/],
		[
			'month 13',
			'2024-13-01',
			/^"2024-13-01" is not a real date \(there is no month 13\); check the month$/,
		],
		['month 00', '2024-00-10', /there is no month 00/],
		['day 00', '2024-01-00', /is not a real date/],
		[
			'hour 25',
			'2024-03-04T25:00:00Z',
			/has an impossible time \(25:00:00\); hours go from 00 to 23/,
		],
		['minute 60', '2024-03-04T10:60Z', /impossible time/],
		['offset +25:00', '2024-03-04T10:00:00+25:00', /impossible UTC offset/],
		[
			'US/EU slashes',
			'03/04/2024',
			/^"03\/04\/2024" is not an accepted date format \(is it day\/month or month\/day\?\); use a date such as 2024-03-04, a date-time with its zone such as 2024-03-04T10:30:00Z or 2024-03-04T10:30:00\+02:00, or an n8n date value$/,
		],
		['dotted', '04.03.2024', /day\/month or month\/day/],
		[
			'words',
			'March 4, 2024',
			/^"March 4, 2024" is not an accepted date format; use a date such as 2024-03-04/,
		],
		['no padding', '2024-3-4', /is not an accepted date format/],
		['compact', '20240304', /^"20240304" is a compact date; write it with dashes: "2024-03-04"$/],
		[
			'seconds timestamp',
			1709548200,
			/^1709548200 is a bare number, which is ambiguous \(seconds or milliseconds since 1970\?\); send an ISO 8601 date/,
		],
		['milliseconds timestamp', 1709548200000, /bare number/],
		['timestamp as text', '1709548200', /bare number/],
		[
			'zone-less date-time',
			'2024-03-04T10:30:00',
			/^"2024-03-04T10:30:00" has no time zone; add Z for UTC or an offset such as \+02:00 \(e\.g\. 2024-03-04T10:30:00Z\), or send a date only$/,
		],
		[
			'unknown time zone option',
			'2024-03-04T10:30:00',
			/cannot be read in the time zone "Mars\/Base"/,
		],
		['empty', '', /^is empty; use a date such as/],
		['invalid Date', new Date('nope'), /^is an invalid Date;/],
		['invalid luxon', DateTime.fromISO('garbage'), /^is an invalid date value \(unparsable/],
		['year 0024', '0024-03-04', /falls in the year 24; use a date between the years 1000 and 9999/],
		['boolean', true, /^must be a date, not true;/],
		['object', { date: '2024-03-04' }, /^must be a date, not an object;/],
		[
			'luxon flag without methods',
			{ isLuxonDateTime: true },
			/^an object is not a usable date value;/,
		],
	])('refuses %s', (name, input, message) => {
		const options = name === 'unknown time zone option' ? { timezone: 'Mars/Base' } : {};
		expect(refusal(() => toIsoDate(input, options)).message).toMatch(message);
	});
});

describe('toReference', () => {
	const uuid = '3f2b8c1e-9d4a-4c1b-8f2e-1a2b3c4d5e6f';

	it.each<[string, unknown, object]>([
		['locator by id', { __rl: true, mode: 'id', value: uuid }, { id: uuid }],
		[
			'locator from list',
			{ __rl: true, mode: 'list', value: uuid, cachedResultName: 'ACME' },
			{ id: uuid },
		],
		[
			'locator by external id',
			{ __rl: true, mode: 'externalId', value: 'C-42' },
			{ externalId: 'C-42' },
		],
		[
			'locator by external id, trimmed',
			{ mode: 'externalId', value: '  C-42 ' },
			{ externalId: 'C-42' },
		],
		[
			'locator by external id with the prefix',
			{ mode: 'externalId', value: 'external:C-42' },
			{ externalId: 'C-42' },
		],
		[
			'locator by id holding external:',
			{ mode: 'id', value: 'external:C-42' },
			{ externalId: 'C-42' },
		],
		['locator by id, not a UUID', { mode: 'id', value: '12345' }, { id: '12345' }],
		['locator with a number', { mode: 'externalId', value: 42 }, { externalId: '42' }],
		['plain UUID string', uuid, { id: uuid }],
		['plain string', 'C-42', { externalId: 'C-42' }],
		['plain external: string', 'external:C-42', { externalId: 'C-42' }],
		['plain number', 42, { externalId: '42' }],
		['{ id }', { id: uuid }, { id: uuid }],
		['{ externalId }', { externalId: 'C-42' }, { externalId: 'C-42' }],
		['whole record: id wins', { id: uuid, externalId: 'C-42', name: 'ACME' }, { id: uuid }],
		['{ id: "", externalId }', { id: '', externalId: 'C-42' }, { externalId: 'C-42' }],
	])('%s', (_name, input, ref) => expect(toReference(input, { entity: 'customer' })).toEqual(ref));

	it('reads plain strings as told', () => {
		expect(toReference('abc', { plainString: 'id' })).toEqual({ id: 'abc' });
		expect(toReference(uuid, { plainString: 'externalId' })).toEqual({ externalId: uuid });
	});

	it.each<[string, unknown, string]>([
		[
			'empty locator',
			{ mode: 'id', value: '' },
			'is empty; pick the customer from the list or enter its ID or external ID',
		],
		[
			'blank string',
			'  ',
			'is empty; pick the customer from the list or enter its ID or external ID',
		],
		[
			'url mode',
			{ mode: 'url', value: 'https://x' },
			'uses the mode "url", which is not supported here; choose From List, By ID or By External ID',
		],
		[
			'no id',
			{ name: 'ACME' },
			'has neither id nor externalId; reference the customer as {"id": "..."} or {"externalId": "..."}',
		],
		[
			'boolean',
			true,
			'must reference a customer, not true; pick the customer from the list or enter its ID or external ID',
		],
		[
			'list',
			['a'],
			'must reference a customer, not a list; pick the customer from the list or enter its ID or external ID',
		],
		[
			'object value',
			{ mode: 'id', value: { id: 1 } },
			"must be the customer's ID as text, not an object; pick the customer from the list or enter its ID or external ID",
		],
		[
			'too long',
			'x'.repeat(256),
			'is 256 characters long, more than the 255 an ID may have; check the value',
		],
		[
			'bare prefix',
			'external:',
			'is empty; pick the customer from the list or enter its ID or external ID',
		],
	])('refuses %s', (_name, input, message) => {
		expect(refusal(() => toReference(input, { entity: 'customer' })).message).toBe(message);
	});

	it('keys references for duplicate detection', () => {
		expect(referenceKey({ id: 'a' })).toBe('id:a');
		expect(referenceKey({ externalId: 'a' })).toBe('externalId:a');
	});
});

describe('small parsers', () => {
	it('toText trims, limits by characters and turns numbers into text only when asked', () => {
		expect(toText('  hi  ', { max: 5 })).toBe('hi');
		expect(toText('😀'.repeat(5), { max: 5 })).toBe('😀'.repeat(5));
		expect(toText(42, { max: 5, numbersAsText: true })).toBe('42');
		expect(refusal(() => toText('abcdef', { max: 5 })).message).toBe(
			'is 6 characters long, more than the 5 allowed; shorten it',
		);
		expect(refusal(() => toText(42, { max: 5 })).message).toBe(
			'must be text, not 42; send a string',
		);
		expect(refusal(() => toText(42, { max: 5, numberHint: 'keep the zero' })).message).toBe(
			'must be text, not the number 42; keep the zero',
		);
		expect(refusal(() => toText({}, { max: 5 })).message).toBe(
			'must be text, not an object; send a string',
		);
	});

	it.each<[unknown, string | RegExp]>([
		['ann@example.com', 'ann@example.com'],
		[' Ann.Lee+ar@mail.example.co.uk ', 'Ann.Lee+ar@mail.example.co.uk'],
		["o'hara@example.ie", "o'hara@example.ie"],
		['ann@', /^"ann@" is not a valid email address; write it like name@example\.com$/],
		['ann@example', /not a valid email address/],
		['ann example.com', /not a valid email address/],
		['ann..lee@example.com', /not a valid email address/],
		[
			'Ann <ann@example.com>',
			/^"Ann <ann@example\.com>" is not a bare email address; send "ann@example\.com"$/,
		],
		[`${'a'.repeat(250)}@example.com`, /more than the 254 allowed/],
	])('toEmail %p', (input, expected) => {
		if (typeof expected === 'string') expect(toEmail(input)).toBe(expected);
		else expect(refusal(() => toEmail(input)).message).toMatch(expected);
	});

	it('toBoolean', () => {
		expect(toBoolean(true)).toBe(true);
		expect(toBoolean(' FALSE ')).toBe(false);
		expect(toBoolean('true')).toBe(true);
		expect(refusal(() => toBoolean('yes')).message).toBe(
			'must be true or false, not "yes"; send a boolean',
		);
		expect(refusal(() => toBoolean(1)).message).toBe(
			'must be true or false, not 1; send a boolean',
		);
	});

	it('toEnum normalises case, spaces and dashes', () => {
		const values = ['WIRE_TRANSFER', 'CARD'] as const;
		expect(toEnum('wire transfer', values, 'payment instrument')).toBe('WIRE_TRANSFER');
		expect(toEnum('Wire-Transfer', values, 'payment instrument')).toBe('WIRE_TRANSFER');
		expect(toEnum(' card ', values, 'payment instrument')).toBe('CARD');
		expect(refusal(() => toEnum('PAYPAL', values, 'payment instrument')).message).toBe(
			'"PAYPAL" is not a payment instrument; use one of WIRE_TRANSFER, CARD',
		);
		expect(refusal(() => toEnum(3, values, 'payment instrument')).message).toBe(
			'must be one of WIRE_TRANSFER, CARD, not 3; pick a payment instrument',
		);
	});

	it('toPositiveInteger', () => {
		expect(toPositiveInteger(3600, '3600')).toBe(3600);
		expect(toPositiveInteger(' 86400 ', '3600')).toBe(86400);
		for (const bad of [0, -1, 1.5, '1.5', 'abc', Number.NaN, 2 ** 53, true]) {
			expect(refusal(() => toPositiveInteger(bad, '3600 (one hour)')).message).toMatch(
				/^must be a whole number greater than 0, not .*; e\.g\. 3600 \(one hour\)$/,
			);
		}
	});

	it('toFrameAncestors', () => {
		expect(toFrameAncestors(' app.example.com   https://*.example.org:8443 ')).toBe(
			'app.example.com https://*.example.org:8443',
		);
		expect(toFrameAncestors(['a.example.com', 'b.example.com c.example.com'])).toBe(
			'a.example.com b.example.com c.example.com',
		);
		expect(toFrameAncestors('localhost:5678')).toBe('localhost:5678');
		expect(refusal(() => toFrameAncestors('a.com,b.com')).message).toMatch(
			/contains a comma or semicolon; separate hosts with spaces/,
		);
		expect(refusal(() => toFrameAncestors('*')).message).toMatch(
			/would let any site embed the portal/,
		);
		expect(refusal(() => toFrameAncestors('https:')).message).toMatch(
			/would let any site embed the portal/,
		);
		expect(refusal(() => toFrameAncestors('not a_host!')).message).toMatch(
			/^"a_host!" is not a host/,
		);
		expect(refusal(() => toFrameAncestors(42)).message).toMatch(
			/must be hosts separated by spaces/,
		);
	});

	it('describeValue', () => {
		expect(describeValue('x'.repeat(100))).toBe(JSON.stringify(`${'x'.repeat(57)}...`));
		expect(describeValue(undefined)).toBe('nothing');
		expect(describeValue(new Date(0))).toBe('a Date');
		expect(describeValue(() => 1)).toBe('a function');
	});
});

describe('toJsonObject', () => {
	it.each<[string, unknown, object]>([
		[
			'object',
			{ note: 'x', n: 1, nested: { ok: true, list: [1, null] } },
			{ note: 'x', n: 1, nested: { ok: true, list: [1, null] } },
		],
		['JSON text', '{"note": "x", "n": 1}', { note: 'x', n: 1 }],
		['blank text', '  ', {}],
		['empty object text', '{}', {}],
		[
			'dates become ISO strings',
			{ at: new Date(Date.UTC(2024, 0, 2)) },
			{ at: '2024-01-02T00:00:00.000Z' },
		],
		['undefined values are dropped', { a: 1, b: undefined }, { a: 1 }],
		['null prototype', Object.assign(Object.create(null) as object, { a: 1 }), { a: 1 }],
	])('%s', (_name, input, output) => expect(toJsonObject(input)).toEqual(output));

	it.each<[string, unknown, RegExp, Array<string | number>]>([
		[
			'broken JSON',
			'{"note": }',
			/^is not valid JSON \(.+\); write a JSON object such as \{"field": "value"\} with double quotes$/,
			[],
		],
		['single quotes', "{'a': 1}", /^is not valid JSON/, []],
		[
			'JSON list',
			'[1, 2]',
			/^must be a JSON object, not a list; write it as \{"field": "value"\}$/,
			[],
		],
		['JSON string', '"text"', /^must be a JSON object, not "text"/, []],
		['number', 5, /^must be a JSON object, not 5/, []],
		['NaN inside', { a: { b: Number.NaN } }, /^is NaN, which JSON cannot carry/, ['a', 'b']],
		['function inside', { a: [1, () => 1] }, /which JSON cannot carry/, ['a', 1]],
		['class instance inside', { a: new Map() }, /not plain JSON/, ['a']],
		['__proto__ key', '{"__proto__": {"x": 1}}', /reserved key "__proto__"/, ['__proto__']],
	])('refuses %s', (_name, input, message, path) => {
		const error = refusal(() => toJsonObject(input));
		expect(error.message).toMatch(message);
		expect(error.path).toEqual(path);
	});

	it('refuses cycles', () => {
		const a: Record<string, unknown> = {};
		a.self = a;
		expect(refusal(() => toJsonObject(a)).message).toMatch(/refers to itself/);
	});
});

describe('toCustomFieldValue', () => {
	it.each<[unknown, unknown]>([
		['  Gold  ', 'Gold'],
		[42, 42],
		[0, 0],
		[false, false],
		[{ label: 'One' }, { label: 'One' }],
		[{ label: 'one', extra: 1 }, { label: 'one' }],
		[
			[{ label: 'One' }, { label: 'Two' }],
			[{ label: 'One' }, { label: 'Two' }],
		],
		[
			['One', 'Two'],
			[{ label: 'One' }, { label: 'Two' }],
		],
		[
			[{ label: 'A' }, { label: 7 }],
			[{ label: 'A' }, { label: '7' }],
		],
		[[], []],
		[new Date(Date.UTC(2024, 0, 2)), '2024-01-02T00:00:00.000Z'],
	])('%p -> %p', (input, output) => expect(toCustomFieldValue(input)).toEqual(output));

	it.each<[unknown, RegExp, Array<string | number>]>([
		[Number.POSITIVE_INFINITY, /^is Infinity; send text, a number/, []],
		[
			{ name: 'x' },
			/^is an object, which is not a custom field value; send text, a number, true\/false, \{"label": "\.\.\."\} for a SELECT field or \[\{"label": "\.\.\."\}\] for a MULTI_SELECT field$/,
			[],
		],
		[{ label: '' }, /^is empty; give the option label \(labels are case-sensitive\)$/, ['label']],
		[[{ label: 'A' }, { label: '  ' }], /^is empty; give the option label/, [1, 'label']],
		[[{ label: 'A' }, { label: { x: 1 } }], /^must be text, not an object/, [1, 'label']],
		[[{ label: 'A' }, true], /^must be text, not true/, [1]],
		['x'.repeat(1001), /more than the 1000 allowed/, []],
	])('refuses %p', (input, message, path) => {
		const error = refusal(() => toCustomFieldValue(input));
		expect(error.message).toMatch(message);
		expect(error.path).toEqual(path);
	});
});
