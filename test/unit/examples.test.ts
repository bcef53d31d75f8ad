/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code run by Jest in Node, not by n8n: it reads the example files */
/**
 * The example workflows users import: written by scripts/demo/examples.ts, and every Upflow node in
 * them names a real resource, operation and parameters of the node.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { nodeProperties, resources } from '../../nodes/Upflow/resources';
import {
	EXAMPLES_DIR,
	EXAMPLE_FILES,
	UPFLOW_NODE_TYPE,
	serialize,
} from '../../scripts/demo/examples';

const properties = nodeProperties();

function parametersOf(resource: string, operation: string): Set<string> {
	const names = properties
		.filter((property) => {
			const show = property.displayOptions?.show;
			return show?.resource?.includes(resource) && show?.operation?.includes(operation);
		})
		.map((property) => property.name);
	return new Set(['resource', 'operation', ...names]);
}

describe.each(Object.entries(EXAMPLE_FILES))('examples/%s', (file, build) => {
	it('is what the generator writes', () => {
		expect(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')).toBe(serialize(build()));
	});

	it('uses only real resources, operations and parameters of the Upflow node', () => {
		const upflowNodes = build().nodes.filter((node) => node.type === UPFLOW_NODE_TYPE);
		for (const node of upflowNodes) {
			const { resource, operation } = node.parameters as { resource: string; operation: string };
			const found = resources
				.find((candidate) => candidate.value === resource)
				?.operations.find((candidate) => candidate.value === operation);
			expect(found).toBeDefined();
			const known = parametersOf(resource, operation);
			expect(Object.keys(node.parameters).filter((name) => !known.has(name))).toEqual([]);
		}
	});
});
