/** Currency (ISO 4217) and country (ISO 3166) codes. Parsers throw ValueError (values.ts) with "what is wrong; how to fix it". */
import {
	COUNTRY_CODE_MIXUPS,
	CURRENCY_SIGNS,
	ISO_3166_ALPHA2,
	ISO_4217_CODES,
	NON_CURRENCY_CODES,
	WITHDRAWN_CURRENCIES,
} from './iso';
import { ValueError, describeValue } from './values';

/** ISO 4217 currency code: trimmed, upper-cased, checked against the embedded active list; codes that are no money (XXX, XAU ...) refused. */
export function toCurrency(input: unknown): string {
	const shown = describeValue(input);
	if (typeof input !== 'string') {
		throw new ValueError(
			`must be a three-letter ISO 4217 code, not ${shown}; use a code such as EUR, USD or GBP`,
		);
	}
	const code = input.trim().toUpperCase();
	if (!code)
		throw new ValueError('is empty; use a three-letter ISO 4217 code such as EUR, USD or GBP');
	const notMoney = NON_CURRENCY_CODES[code];
	if (notMoney) {
		throw new ValueError(
			`${shown} is ISO 4217's code for ${notMoney}, not money one can invoice in; use the currency of the amounts, such as EUR, USD or GBP`,
		);
	}
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
		throw new ValueError(
			`must be text, not ${describeValue(input)}; send a country name or code such as "France" or "FR"`,
		);
	}
	return input.trim();
}

/** Why a country text may be a mistake (neither an ISO 3166 code nor an English country name), or undefined. */
export function countryHint(text: string): string | undefined {
	const code = text.trim().toUpperCase();
	if (ISO_3166_ALPHA2.has(code) || countryCodeForName(text)) return undefined;
	const mixup = COUNTRY_CODE_MIXUPS[code];
	if (mixup)
		return `country ${JSON.stringify(text)} looks like a mixed-up code; the ISO 3166 code is ${mixup}`;
	return `country ${JSON.stringify(text)} is neither an ISO 3166 code nor an English country name; Upflow stores it as given`;
}
