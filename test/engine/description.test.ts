/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- test code run by Jest in Node, not by n8n: it reads and writes the snapshot files */
/**
 * The published parameters of both nodes, frozen. A saved workflow stores parameter names and
 * values; renaming a parameter, changing its type, default, options or display conditions breaks
 * it silently. This test compares the BUILT nodes' descriptions (what n8n loads) with the stored
 * snapshot in test/fixtures/descriptions/. A refactor must leave it unchanged; a deliberate change
 * to published parameters is regenerated with `UPDATE_DESCRIPTIONS=1 npx jest description` and
 * shows in review as a diff of that file (a breaking one becomes node version 2, see README).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeType } from 'n8n-workflow';

const root = path.resolve(__dirname, '../..');
const snapshots = path.join(root, 'test/fixtures/descriptions');

async function load(file: string, exported: string): Promise<INodeType> {
	const built = path.join(root, 'dist/nodes/Upflow', file);
	if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build first`);
	const Node = ((await import(built)) as Record<string, new () => INodeType>)[exported];
	return new Node();
}

/** The description as n8n stores and shows it, plus the method names parameters refer to. */
function published(node: INodeType): unknown {
	return JSON.parse(
		JSON.stringify({
			description: node.description,
			methods: Object.fromEntries(
				Object.entries(node.methods ?? {}).map(([kind, methods]) => [
					kind,
					Object.keys(methods as object).sort(),
				]),
			),
		}),
	);
}

describe.each([
	['Upflow.node.js', 'Upflow', 'upflow.json'],
	['UpflowTrigger.node.js', 'UpflowTrigger', 'upflowTrigger.json'],
])('%s description', (file, exported, snapshot) => {
	it('matches the stored snapshot of its published parameters', async () => {
		const actual = published(await load(file, exported));
		const stored = path.join(snapshots, snapshot);
		if (process.env.UPDATE_DESCRIPTIONS === '1' || !existsSync(stored)) {
			if (process.env.UPDATE_DESCRIPTIONS !== '1')
				throw new Error(`${stored} is missing: run with UPDATE_DESCRIPTIONS=1`);
			writeFileSync(stored, JSON.stringify(actual, null, '\t') + '\n');
		}
		try {
			expect(actual).toEqual(JSON.parse(readFileSync(stored, 'utf8')));
		} catch (error) {
			throw new Error(
				`The published parameters no longer match ${path.relative(root, stored)}. A deliberate, compatible change (a new option or optional parameter): refresh it with UPDATE_DESCRIPTIONS=1 npx jest test/engine/description and review its diff; a rename or removal needs node version 2.\n\n${(error as Error).message}`,
			);
		}
	});
});
