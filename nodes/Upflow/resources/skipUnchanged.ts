import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { stableStringify } from '../shared/hash';

/**
 * "Skip Unchanged": what the Upflow nodes of a workflow last sent, per organization and record, kept
 * in the workflow's static data (shared by its Upflow nodes, so a Delete node makes the Create or
 * Update node send the record again) as compact fingerprints (not copies): per record a 7-character hash of its External ID
 * and an 8-character hash of the normalized body, packed into one string per resource, i.e. 15
 * bytes a record. A hash collision on the key can only cause an extra send, never a wrong skip
 * (that would need the 48-bit body hash to collide as well).
 *
 * State advances only for writes Upflow accepted, and is saved with the execution (n8n does not
 * save static data of manual runs).
 */
const KEY_CHARS = 7;
const FINGERPRINT_CHARS = 8;
const ENTRY_CHARS = KEY_CHARS + FINGERPRINT_CHARS;

function digest(text: string, chars: number): string {
	return createHash('sha256').update(text).digest('base64').slice(0, chars);
}

export function fingerprintOf(body: IDataObject): string {
	return digest(stableStringify(body), FINGERPRINT_CHARS);
}

export class SentRecords {
	private readonly byResource = new Map<string, Map<string, string>>();

	private changed = new Set<string>();

	constructor(
		private readonly staticData: IDataObject,
		/** The organization (a hash, see transport/connection): one key pair's records are not another's. */
		private readonly organizationKey: string,
	) {}

	private slot(resource: string): string {
		return `upflowSent:${this.organizationKey}:${resource}`;
	}

	private table(resource: string): Map<string, string> {
		let table = this.byResource.get(resource);
		if (!table) {
			table = new Map();
			const packed = this.staticData[this.slot(resource)];
			if (typeof packed === 'string') {
				for (let at = 0; at + ENTRY_CHARS <= packed.length; at += ENTRY_CHARS) {
					table.set(
						packed.slice(at, at + KEY_CHARS),
						packed.slice(at + KEY_CHARS, at + ENTRY_CHARS),
					);
				}
			}
			this.byResource.set(resource, table);
		}
		return table;
	}

	isUnchanged(resource: string, externalId: string, fingerprint: string): boolean {
		return this.table(resource).get(digest(externalId, KEY_CHARS)) === fingerprint;
	}

	remember(resource: string, externalId: string, fingerprint: string): void {
		this.table(resource).set(digest(externalId, KEY_CHARS), fingerprint);
		this.changed.add(resource);
	}

	/** The record was deleted through the node: the next Create or Update must send it again. */
	forget(resource: string, externalId: string): void {
		if (this.table(resource).delete(digest(externalId, KEY_CHARS))) this.changed.add(resource);
	}

	/** Writes the changed tables back into the static data (n8n saves it with the execution). */
	save(): void {
		for (const resource of this.changed) {
			let packed = '';
			for (const [key, fingerprint] of this.table(resource)) packed += key + fingerprint;
			this.staticData[this.slot(resource)] = packed;
		}
		this.changed = new Set();
	}
}
