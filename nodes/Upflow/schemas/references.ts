/** References to Upflow records: {id} or {externalId}. Parsers throw ValueError (values.ts) with "what is wrong; how to fix it". */
import type { UpflowRef } from '../shared/ref';

import { ValueError, describeValue } from './values';

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
		typeof raw === 'number' && Number.isFinite(raw)
			? String(raw)
			: typeof raw === 'string'
				? raw.trim()
				: null;
	if (text === null) {
		throw new ValueError(
			`must be the ${entity}'s ${kind} as text, not ${describeValue(raw)}; pick the ${entity} from ` +
				'the list or enter its ID or external ID',
		);
	}
	if (!text) {
		throw new ValueError(
			`is empty; pick the ${entity} from the list or enter its ID or external ID`,
		);
	}
	if (text.length > MAX_ID_LENGTH) {
		throw new ValueError(
			`is ${text.length} characters long, more than the ${MAX_ID_LENGTH} an ${kind} may have; check the value`,
		);
	}
	return text;
}

function refFromString(
	text: string,
	reading: 'auto' | 'id' | 'externalId',
	entity: string,
): UpflowRef {
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
			if (mode === 'id' || mode === 'list')
				return refFromString(refText(obj.value, entity, 'ID'), 'id', entity);
			if (mode === 'externalId') {
				const text = refText(obj.value, entity, 'external ID');
				return {
					externalId: text.startsWith(EXTERNAL_PREFIX) ? text.slice(EXTERNAL_PREFIX.length) : text,
				};
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
