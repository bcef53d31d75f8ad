/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a test: it lists the resource folders on disk */
/**
 * The resource registry (nodes/Upflow/resources/index.ts) holds every resource folder: a folder
 * with an index.ts that is not registered is a resource the node never offers.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { resources } from '../../nodes/Upflow/resources';
import type { ResourceDefinition } from '../../nodes/Upflow/resources/types';

const RESOURCES = path.resolve(__dirname, '../../nodes/Upflow/resources');

function isResource(value: unknown): value is ResourceDefinition {
	const candidate = value as Partial<ResourceDefinition> | null;
	return (
		typeof candidate === 'object' &&
		candidate !== null &&
		typeof candidate.value === 'string' &&
		Array.isArray(candidate.operations)
	);
}

describe('the resource registry', () => {
	it('registers the resource of every folder of nodes/Upflow/resources', async () => {
		const unregistered: string[] = [];
		for (const folder of readdirSync(RESOURCES)) {
			const index = path.join(RESOURCES, folder, 'index.ts');
			if (!existsSync(index)) continue;
			const exported = Object.values((await import(index)) as Record<string, unknown>);
			for (const resource of exported.filter(isResource))
				if (!resources.includes(resource))
					unregistered.push(
						`${resource.value} (nodes/Upflow/resources/${folder}/index.ts) is not registered: add it to \`resources\` in nodes/Upflow/resources/index.ts`,
					);
		}
		expect(unregistered).toEqual([]);
		expect(resources.length).toBeGreaterThanOrEqual(12);
	});
});
