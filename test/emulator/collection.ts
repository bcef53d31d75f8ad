/**
 * In-memory tables for the store: records by id and by externalId, kept in creation order, and a
 * multi-map for the reverse indexes (customer -> invoices, invoice -> payments ...). Built to hold
 * 100,000+ records and serve pages of them without scanning per request.
 */
import type { RefInput } from './validation';

export interface Keyed {
	id: string;
	externalId: string | null;
}

export class Collection<T extends Keyed> {
	private readonly byId = new Map<string, T>();
	private readonly byExternalId = new Map<string, T>();
	/** Snapshot of the records in creation order; rebuilt lazily after an insert or a delete. */
	private ordered: T[] | null = null;

	get size(): number {
		return this.byId.size;
	}

	all(): readonly T[] {
		return (this.ordered ??= [...this.byId.values()]);
	}

	get(id: string): T | undefined {
		return this.byId.get(id);
	}

	getByExternalId(externalId: string): T | undefined {
		return this.byExternalId.get(externalId);
	}

	/** `{id}` wins; when both are given they must name the same record. */
	find(ref: RefInput): T | undefined {
		const byId = ref.id !== undefined ? this.byId.get(ref.id) : undefined;
		if (ref.id !== undefined && ref.externalId !== undefined)
			return byId && byId.externalId === ref.externalId ? byId : undefined;
		return ref.id !== undefined ? byId : this.byExternalId.get(ref.externalId as string);
	}

	/** A path segment, already URL-decoded: a UUID or `external:<externalId>`. */
	findByPathId(segment: string): T | undefined {
		return segment.startsWith('external:')
			? this.byExternalId.get(segment.slice('external:'.length))
			: this.byId.get(segment);
	}

	add(record: T): void {
		this.byId.set(record.id, record);
		if (record.externalId !== null) this.byExternalId.set(record.externalId, record);
		this.ordered = null;
	}

	/** Call after changing `record.externalId` in place. */
	rekey(record: T, previousExternalId: string | null): void {
		if (previousExternalId !== null && this.byExternalId.get(previousExternalId) === record)
			this.byExternalId.delete(previousExternalId);
		if (record.externalId !== null) this.byExternalId.set(record.externalId, record);
	}

	delete(record: T): void {
		this.byId.delete(record.id);
		if (record.externalId !== null && this.byExternalId.get(record.externalId) === record)
			this.byExternalId.delete(record.externalId);
		this.ordered = null;
	}
}

/** key -> set of ids, for reverse lookups. */
export class MultiIndex {
	private readonly map = new Map<string, Set<string>>();

	add(key: string, id: string): void {
		let set = this.map.get(key);
		if (!set) this.map.set(key, (set = new Set()));
		set.add(id);
	}

	remove(key: string, id: string): void {
		const set = this.map.get(key);
		if (!set) return;
		set.delete(id);
		if (set.size === 0) this.map.delete(key);
	}

	get(key: string): ReadonlySet<string> {
		return this.map.get(key) ?? EMPTY;
	}

	count(key: string): number {
		return this.map.get(key)?.size ?? 0;
	}
}

const EMPTY: ReadonlySet<string> = new Set();
