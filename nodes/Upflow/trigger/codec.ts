/**
 * Packs fixed-width entries (an id fingerprint and a small value) into a base64url string: the only
 * per-record cost of the trigger's state. An entry of `chars` characters holds 6 * chars bits:
 * the id fingerprint in the high bits, the value in the low `valueBits` bits. JSON keeps these
 * characters as they are, so one entry costs exactly `chars` bytes of static data.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;
const CODES = Array.from(ALPHABET, (ch) => ch.charCodeAt(0));

export interface Layout {
	/** Characters per entry (6 bits each; at most 8, so an entry stays exact in a JS number). */
	chars: number;
	/** Low bits holding the value; the id fingerprint has the other 6 * chars - valueBits. */
	valueBits: number;
}

export function idBitsOf(layout: Layout): number {
	return 6 * layout.chars - layout.valueBits;
}

export interface Entries {
	ids: number[];
	vals: number[];
}

export function encodeEntries(entries: Entries, layout: Layout): string {
	const { chars, valueBits } = layout;
	const scale = 2 ** valueBits;
	const codes = new Array<number>(entries.ids.length * chars);
	for (let e = 0; e < entries.ids.length; e++) {
		let x = entries.ids[e] * scale + entries.vals[e];
		for (let c = chars - 1; c >= 0; c--) {
			codes[e * chars + c] = CODES[x % 64];
			x = Math.floor(x / 64);
		}
	}
	let text = '';
	for (let start = 0; start < codes.length; start += 8192) {
		text += String.fromCharCode(...codes.slice(start, start + 8192));
	}
	return text;
}

/** Undefined when the text is not a whole number of valid entries (a damaged state). */
export function decodeEntries(text: string, layout: Layout): Entries | undefined {
	const { chars, valueBits } = layout;
	if (text.length % chars !== 0) return undefined;
	const scale = 2 ** valueBits;
	const count = text.length / chars;
	const ids = new Array<number>(count);
	const vals = new Array<number>(count);
	for (let e = 0; e < count; e++) {
		let x = 0;
		for (let c = 0; c < chars; c++) {
			const code = text.charCodeAt(e * chars + c);
			const digit = code < 128 ? DIGIT[code] : -1;
			if (digit < 0) return undefined;
			x = x * 64 + digit;
		}
		vals[e] = x % scale;
		ids[e] = Math.floor(x / scale);
	}
	return { ids, vals };
}
