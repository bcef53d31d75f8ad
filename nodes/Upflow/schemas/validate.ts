/**
 * Turning a schema's verdict on one n8n item into the parsed body or one clear error.
 *
 * Message format, one line per issue: `[item N] field.path: what is wrong; how to fix`
 * (N is 0-based, like n8n's own "[item 0]"). The error's `message` is the first line, its
 * `description` holds every line. The node layer wraps it in a NodeOperationError.
 */
import { z } from 'zod';

import { formatPath } from './blocks';
import { fastParse } from './fastParse';

export interface UpflowInputIssue {
	/** "customer", "contacts[0].email", "input" for the item as a whole. */
	path: string;
	/** "what is wrong; how to fix". */
	message: string;
}

/** Lines shown in `description` before "... and N more" (the `issues` array keeps them all). */
export const MAX_DESCRIPTION_LINES = 20;

export class UpflowInputError extends Error {
	override readonly name = 'UpflowInputError';
	readonly itemIndex: number;
	readonly issues: UpflowInputIssue[];
	readonly description: string;

	constructor(itemIndex: number, issues: UpflowInputIssue[]) {
		const lines = issues.map((issue) => `[item ${itemIndex}] ${issue.path}: ${issue.message}`);
		if (lines.length === 0)
			lines.push(`[item ${itemIndex}] input: is not valid; check the item's fields`);
		super(lines[0]);
		this.itemIndex = itemIndex;
		this.issues = issues;
		const shown = lines.slice(0, MAX_DESCRIPTION_LINES);
		if (lines.length > shown.length) shown.push(`... and ${lines.length - shown.length} more`);
		this.description = shown.join('\n');
	}
}

function expected(type: string): string {
	switch (type) {
		case 'string':
			return 'text';
		case 'number':
			return 'a number';
		case 'boolean':
			return 'true or false';
		case 'array':
			return 'a list';
		case 'object':
			return 'an object';
		default:
			return type;
	}
}

/**
 * Messages for issues that zod raises itself (the parsers write their own). Applied to every
 * parse made by `validateItem`.
 */
const upflowErrorMap: z.ZodErrorMap = (issue, ctx) => {
	// A contextual map outranks the schemas' own messages (invalid_type_error ...): keep those.
	if (ctx.defaultError !== z.defaultErrorMap(issue, { data: ctx.data, defaultError: '' }).message) {
		return { message: ctx.defaultError };
	}
	switch (issue.code) {
		case z.ZodIssueCode.invalid_type:
			if (issue.received === 'undefined') return { message: 'is required; set this field' };
			return {
				message: `must be ${expected(issue.expected)}, not ${expected(issue.received)}; send ${expected(issue.expected)}`,
			};
		case z.ZodIssueCode.invalid_enum_value:
			return {
				message: `${JSON.stringify(issue.received)} is not allowed; use one of ${issue.options.join(', ')}`,
			};
		case z.ZodIssueCode.unrecognized_keys:
			return {
				message: `has unknown fields ${issue.keys.join(', ')}; remove them or put them in Additional Fields`,
			};
		default:
			return { message: `${ctx.defaultError}; check the value` };
	}
};

/** zod issues -> path/message pairs, without duplicates, in the order zod found them. */
function toInputIssues(error: z.ZodError): UpflowInputIssue[] {
	const seen = new Set<string>();
	const out: UpflowInputIssue[] = [];
	for (const issue of error.issues) {
		const entry = { path: formatPath(issue.path), message: issue.message };
		const key = `${entry.path}\u0000${entry.message}`;
		if (!seen.has(key)) {
			seen.add(key);
			out.push(entry);
		}
	}
	return out;
}

/**
 * Parses one item's input with `schema`: returns the body to send, or throws UpflowInputError.
 * Parsers that throw anything but a ValueError (bugs) propagate unchanged.
 */
export function validateItem<S extends z.ZodTypeAny>(
	schema: S,
	input: unknown,
	itemIndex: number,
): z.output<S> {
	// An accepted item skips zod's per-parse machinery; a refused one is parsed by zod for its messages.
	const accepted = fastParse(schema, input);
	if (accepted) return accepted.value as z.output<S>;
	const result = schema.safeParse(input, { errorMap: upflowErrorMap });
	if (result.success) return result.data as z.output<S>;
	throw new UpflowInputError(itemIndex, toInputIssues(result.error));
}
