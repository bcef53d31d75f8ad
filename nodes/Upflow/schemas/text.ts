/** Text, email, booleans, enums and integers. Parsers throw ValueError (values.ts) with "what is wrong; how to fix it". */
import { ValueError, describeValue } from './values';

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
	else if (typeof input === 'number' && options.numbersAsText && Number.isFinite(input))
		text = String(input);
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

const EMAIL =
	/^(?!\.)(?!.*\.\.)[A-Z0-9_'+\-.!#$%&*/=?^`{|}~]*[A-Z0-9_+-]@([A-Z0-9][A-Z0-9-]*\.)+[A-Z]{2,}$/i;

/** A trimmed email address (at most 254 characters). */
export function toEmail(input: unknown): string {
	const text = toText(input, { max: 254 });
	if (EMAIL.test(text)) return text;
	const bracketed = /<([^<>\s]+@[^<>\s]+)>/.exec(text);
	if (bracketed && EMAIL.test(bracketed[1])) {
		throw new ValueError(
			`${describeValue(text)} is not a bare email address; send ${JSON.stringify(bracketed[1])}`,
		);
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
	const key = input
		.trim()
		.toUpperCase()
		.replace(/[\s-]+/g, '_');
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

/** One DNS label of a host name. */
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';

const HOST_SOURCE = new RegExp(
	'^(?:(?:https?|wss?):\\/\\/)?(?:\\*\\.)?' +
		`(?:localhost|(?:${LABEL})(?:\\.${LABEL})*)` +
		'(?::(?:\\d{1,5}|\\*))?' +
		'(?:\\/[^\\s;,\'"]*)?$',
	'i',
);

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
