import type { IDataObject } from 'n8n-workflow';

/**
 * UI rows `{externalId, id, linkedAmount}` into Upflow's `[{<key>: {externalId}|{id}, linkedAmount}]`.
 * A row with neither id is passed on as is, so validation names it.
 */
export function linksFromUi(rows: unknown, key: string): unknown {
	if (!Array.isArray(rows)) return rows;
	return rows.map((row: IDataObject) => {
		const externalId = String(row.externalId ?? '').trim();
		const id = String(row.id ?? '').trim();
		const ref = externalId ? { externalId } : id ? { id } : undefined;
		return { [key]: ref, linkedAmount: row.linkedAmount };
	});
}
