/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a test: it reads the node's api.ts files from disk */
/**
 * Each list fact lives twice on purpose, and this test keeps the two equal for EVERY list: the
 * node's nodes/Upflow/resources/<entity>/api.ts say what the node sends and where it reads the rows;
 * test/contract/upflow.ts (LIST_CALLS) records Upflow's documented API, as data for the emulator and
 * the probe. Path, envelope and page cap must match. A list fact is any export of an api.ts that
 * has a `resource`, a `path` and an `envelope`, so a new list is compared without being registered
 * here.
 */
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';

import type { ListApi } from '../../nodes/Upflow/resources/api';
import { LIST_CALLS } from '../contract/upflow';
import type { ListCall } from '../contract/upflow';

const RESOURCES = path.resolve(__dirname, '../../nodes/Upflow/resources');
const CONTRACT = 'test/contract/upflow.ts LIST_CALLS';

interface NodeList {
	/** The api.ts it is written in, from the repository root. */
	file: string;
	list: ListApi;
}

function isList(value: unknown): value is ListApi {
	const candidate = value as Partial<ListApi> | null;
	return (
		typeof candidate === 'object' &&
		candidate !== null &&
		typeof candidate.resource === 'string' &&
		typeof candidate.path === 'string' &&
		typeof candidate.envelope === 'string'
	);
}

/** Every list fact exported by nodes/Upflow/resources/<entity>/api.ts. */
async function nodeLists(): Promise<NodeList[]> {
	const found: NodeList[] = [];
	for (const entity of readdirSync(RESOURCES)) {
		const file = path.join(RESOURCES, entity, 'api.ts');
		if (!existsSync(file)) continue;
		const exported = (await import(file)) as Record<string, unknown>;
		for (const value of Object.values(exported))
			if (isList(value))
				found.push({ file: `nodes/Upflow/resources/${entity}/api.ts`, list: value });
	}
	return found;
}

/** The path pattern the contract writes: a parent's id is `{<parent>Id}`. */
function pathPattern(list: ListApi): string {
	return list.parent
		? `${pathPattern(list.parent)}/{${list.parent.resource}Id}${list.path}`
		: list.path;
}

/** Every way the node's lists and the contract's differ, each naming both files. */
export function listFactDepartures(
	lists: readonly NodeList[],
	calls: readonly ListCall[],
): string[] {
	const departures: string[] = [];
	const compared = new Set<string>();
	for (const { file, list } of lists) {
		const name = `${list.resource}s`;
		const call = calls.find((candidate) => candidate.name === name);
		if (!call) {
			departures.push(
				`${list.resource} (${file}) has no list "${name}" in ${CONTRACT}: record Upflow's documented list there`,
			);
			continue;
		}
		compared.add(name);
		const differ = (what: string, node: unknown, contract: unknown) => {
			if (node !== contract)
				departures.push(
					`${list.resource}: ${what} is ${JSON.stringify(node)} in ${file} but ${JSON.stringify(contract)} in ${CONTRACT} "${name}": make them equal (npm run probe settles which is true)`,
				);
		};
		differ('the path', pathPattern(list), call.path);
		differ('the envelope', list.envelope, call.envelope);
		differ('the page cap', list.pageCap, call.paged ? call.pageCap : undefined);
	}
	for (const call of calls)
		if (!compared.has(call.name))
			departures.push(
				`the list "${call.name}" of ${CONTRACT} has no list fact in nodes/Upflow/resources/*/api.ts: add one (with resource "${call.name.replace(/s$/, '')}") where the node reads it`,
			);
	return departures;
}

describe('list facts: the node and the contract say the same', () => {
	let lists: NodeList[];
	beforeAll(async () => {
		lists = await nodeLists();
	});

	it('finds the node lists (the scan covers every api.ts)', () => {
		expect(lists.length).toBeGreaterThanOrEqual(12);
	});

	it('path, envelope and page cap are equal for every list', () => {
		expect(listFactDepartures(lists, LIST_CALLS)).toEqual([]);
	});

	it('reports a list whose envelope, page cap or path changed on one side', () => {
		const changed = LIST_CALLS.map((call) =>
			call.name === 'creditNotes'
				? { ...call, envelope: 'data', pageCap: 100, path: '/creditnotes' }
				: call,
		);
		const creditNotes = listFactDepartures(lists, changed).filter((departure) =>
			departure.startsWith('creditNote:'),
		);
		expect(creditNotes).toEqual([
			expect.stringMatching(/^creditNote: the path is "\/credit_notes" in .*creditNote\/api\.ts/),
			expect.stringMatching(/^creditNote: the envelope is "items" .* but "data"/),
			expect.stringMatching(/^creditNote: the page cap is 500 .* but 100/),
		]);
	});
});
