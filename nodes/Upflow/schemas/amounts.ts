/** Amounts: integers in the currency's smallest unit, from cents or decimal input. Parsers throw ValueError (values.ts) with "what is wrong; how to fix it". */
import { ValueError, describeValue } from './values';
import type { AmountMode } from './values';

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
	/** The currency's code, named in messages about decimal places. */
	currency?: string;
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
		const fix = guess
			? `send ${JSON.stringify(inMode(guess.plain, mode))}`
			: 'send the number only';
		return new ValueError(
			`${shown} contains ${JSON.stringify(foreign)}, which is not part of a number; ${fix} ` +
				'and put the currency in the Currency field',
		);
	}
	const guess = guessPlainDecimal(text);
	if (guess && /^[+-]?(\d+\.|\.\d+)$/.test(text)) {
		return new ValueError(
			`${shown} is not a complete number; write it as ${JSON.stringify(inMode(guess.plain, mode))}`,
		);
	}
	const what =
		`${shown} is not a plain number (thousands separators, spaces and decimal commas are not ` +
		'accepted, because 1,234 means different things in different countries)';
	if (!guess) {
		return new ValueError(
			`${what}; write digits with at most one dot for decimals, e.g. ${example(mode)}`,
		);
	}
	const suggestion = JSON.stringify(inMode(guess.plain, mode));
	const unit =
		mode === 'cents'
			? ' (in cents)'
			: guess.plain.includes('.')
				? ' with a dot as the decimal separator'
				: '';
	const caveat = guess.ambiguous ? ' if the separator marks thousands' : '';
	return new ValueError(`${what}; write it as ${suggestion}${unit}${caveat}`);
}

function decimalPlaces(count: number): string {
	return `${count} decimal ${count === 1 ? 'place' : 'places'}`;
}

/** "JPY has no decimal places", "KWD has 3"; without a currency, "amounts in this currency have at most 2". */
function allowedDecimals(digits: number, currency: string | undefined): string {
	if (!currency) return `amounts in this currency have at most ${digits}`;
	return digits === 0 ? `${currency} has no decimal places` : `${currency} has ${digits}`;
}

function tooManyDecimals(
	shown: string,
	decimals: number,
	fromNumber: boolean,
	digits: number,
	currency: string | undefined,
): ValueError {
	if (fromNumber && decimals > 4 && digits <= 3) {
		return new ValueError(
			`${shown} has ${decimalPlaces(decimals)}, the mark of floating-point arithmetic ` +
				`(0.1 + 0.2 gives 0.30000000000000004); round it to ${digits} decimals before sending, ` +
				`e.g. {{ $json.amount.toFixed(${digits}) }}, or compute in ${unitName(digits)}`,
		);
	}
	const fix =
		digits === 0 && currency
			? `send a whole number of ${currency}`
			: `round it to ${digits} decimals before sending`;
	return new ValueError(
		`${shown} has ${decimalPlaces(decimals)}, but ${allowedDecimals(digits, currency)} (ISO 4217); ${fix}`,
	);
}

/** Exact decimal string -> smallest units, by string arithmetic. */
function parseDecimalString(
	text: string,
	shown: string,
	fromNumber: boolean,
	digits: number,
	currency: string | undefined,
): bigint {
	const m = DECIMAL_AMOUNT.exec(text);
	if (!m) throw diagnoseAmountString(text, shown, 'decimal');
	const [, sign, intPart, frac = ''] = m;
	if (frac.length > digits) {
		if (!fromNumber && digits === 2 && frac.length === 3 && intPart.length <= 3) {
			// "1.500" is one and a half to some, one thousand five hundred to others.
			const allowed = currency ? `${currency} has 2 (ISO 4217)` : 'amounts have at most 2 (cents)';
			throw new ValueError(
				`${shown} has 3 decimal places, but ${allowed}; if the dot ` +
					`separates thousands write ${JSON.stringify(`${sign === '-' ? '-' : ''}${intPart}${frac}`)}, ` +
					'otherwise round to 2 decimals',
			);
		}
		throw tooManyDecimals(shown, frac.length, fromNumber, digits, currency);
	}
	const cents = BigInt(intPart) * 10n ** BigInt(digits) + BigInt(frac.padEnd(digits, '0') || '0');
	return sign === '-' ? -cents : cents;
}

function decimalInputToCents(
	input: unknown,
	shown: string,
	digits: number,
	currency: string | undefined,
): bigint {
	if (typeof input === 'number') {
		if (!Number.isFinite(input)) throw notFinite(shown, 'decimal');
		const text = String(input);
		if (/e/i.test(text)) {
			if (Math.abs(input) >= 1) throw tooLarge(shown);
			const exp = Number(text.split(/e/i)[1]);
			throw tooManyDecimals(shown, -exp, true, digits, currency);
		}
		if (!Number.isInteger(input) && Math.abs(input) >= 1e13) {
			// Beyond 15 significant digits a double no longer holds every 2-decimal value: the
			// number may already differ from what was written.
			throw new ValueError(
				`${shown} has too many digits to be exact as a number; send it as text (e.g. "12345678901234.56") or in cents`,
			);
		}
		return parseDecimalString(text, shown, true, digits, currency);
	}
	if (typeof input === 'bigint') return input * 10n ** BigInt(digits);
	if (typeof input === 'string') {
		const text = input.trim();
		if (!text) throw emptyAmount('decimal');
		return parseDecimalString(text, shown, false, digits, currency);
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
	const cents =
		mode === 'cents'
			? centsInputToCents(input, shown)
			: decimalInputToCents(input, shown, digits, options.currency);
	if (cents > MAX_CENTS || cents < -MAX_CENTS) throw tooLarge(shown);
	if (cents < 0n && !options.allowNegative) {
		throw new ValueError(
			`${shown} is negative; ${options.negativeHint ?? 'send zero or a positive amount'}`,
		);
	}
	return Number(cents);
}
