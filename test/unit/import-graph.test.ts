/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code run by Jest in Node, not by n8n: it reads the sources */
/**
 * The house's data path, checked on the sources: a module imports only from its own layer or the
 * layers below it, so data never flows back up.
 *
 *   Upflow.node.ts / UpflowTrigger.node.ts
 *     -> executor/ (the one loop; the only caller of inLane)     methods/ (list searches, dropdowns)
 *       -> resources/ operations, fields, entity index modules
 *         -> entity facts (resources/api.ts, resources/<entity>/api.ts)   schemas (resources/<entity>/schema.ts, schemas/)
 *           -> transport/ -> shared/
 *   trigger/ -> entity facts + transport + shared (never UI, zod or the action node's operations)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../nodes/Upflow');

type Layer =
	| 'node'
	| 'executor'
	| 'methods'
	| 'operations'
	| 'facts'
	| 'schema'
	| 'trigger'
	| 'transport'
	| 'shared';

/** What each layer may import (besides itself). */
const ALLOWED: Record<Layer, Layer[]> = {
	node: ['executor', 'methods', 'operations', 'facts', 'schema', 'trigger', 'transport', 'shared'],
	executor: ['operations', 'facts', 'schema', 'transport', 'shared'],
	methods: ['operations', 'facts', 'schema', 'transport', 'shared'],
	operations: ['facts', 'schema', 'transport', 'shared'],
	facts: ['transport', 'shared'],
	schema: ['shared'],
	trigger: ['facts', 'transport', 'shared'],
	transport: ['shared'],
	shared: [],
};

/** Packages a layer may not use: entity facts and the trigger stay free of zod. */
const FORBIDDEN_PACKAGES: Partial<Record<Layer, string[]>> = {
	facts: ['zod'],
	trigger: ['zod'],
	transport: ['zod'],
	shared: ['zod'],
};

function layerOf(file: string): Layer {
	const rel = path.relative(ROOT, file).split(path.sep).join('/');
	if (/^[^/]+\.node\.ts$/.test(rel)) return 'node';
	const [top] = rel.split('/');
	if (top === 'executor') return 'executor';
	if (top === 'methods') return 'methods';
	if (top === 'trigger') return 'trigger';
	if (top === 'transport') return 'transport';
	if (top === 'shared') return 'shared';
	if (top === 'schemas') return 'schema';
	if (top === 'resources') {
		if (rel === 'resources/api.ts' || /^resources\/[^/]+\/api\.ts$/.test(rel)) return 'facts';
		if (/^resources\/[^/]+\/schema\.ts$/.test(rel)) return 'schema';
		return 'operations';
	}
	throw new Error(`No layer for ${rel}: add its folder to test/unit/import-graph.test.ts`);
}

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name);
		if (statSync(full).isDirectory()) return sources(full);
		return full.endsWith('.ts') ? [full] : [];
	});
}

function resolveImport(from: string, specifier: string): string {
	const base = path.resolve(path.dirname(from), specifier);
	for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) {
		try {
			if (statSync(candidate).isFile()) return candidate;
		} catch {
			// try the next form
		}
	}
	throw new Error(`${path.relative(ROOT, from)}: cannot resolve ${specifier}`);
}

function importsOf(source: string): string[] {
	return [...source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/g)].map(
		(match) => match[1],
	);
}

/** Every import that breaks the data path, as `file (layer) -> target (layer)`. */
function violations(files: string[]): string[] {
	const found: string[] = [];
	for (const file of files) {
		const layer = layerOf(file);
		const rel = path.relative(ROOT, file);
		for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
			if (!specifier.startsWith('.')) {
				if (FORBIDDEN_PACKAGES[layer]?.includes(specifier))
					found.push(`${rel} (${layer}) imports ${specifier}`);
				continue;
			}
			const target = resolveImport(file, specifier);
			const targetLayer = layerOf(target);
			if (targetLayer !== layer && !ALLOWED[layer].includes(targetLayer)) {
				found.push(`${rel} (${layer}) -> ${path.relative(ROOT, target)} (${targetLayer})`);
			}
		}
	}
	return found;
}

/**
 * Import circles, each as `a.ts -> b.ts -> a.ts` (type-only imports count: a circle of types is
 * still two modules that cannot be read one without the other).
 */
function circles(files: string[]): string[] {
	const edges = new Map(
		files.map((file) => [
			file,
			importsOf(readFileSync(file, 'utf8'))
				.filter((specifier) => specifier.startsWith('.'))
				.map((specifier) => resolveImport(file, specifier)),
		]),
	);
	const found = new Set<string>();
	const done = new Set<string>();
	const walk = (file: string, trail: string[]) => {
		const at = trail.indexOf(file);
		if (at >= 0) {
			const loop = trail.slice(at);
			// One report per circle, whichever module it was entered by.
			const first = loop.indexOf([...loop].sort()[0]);
			const rotated = [...loop.slice(first), ...loop.slice(0, first)];
			found.add([...rotated, rotated[0]].map((f) => path.relative(ROOT, f)).join(' -> '));
			return;
		}
		if (done.has(file)) return;
		for (const target of edges.get(file) ?? []) walk(target, [...trail, file]);
		done.add(file);
	};
	for (const file of files) walk(file, []);
	return [...found].sort();
}

/** Modules that take a customer lane; only the executor may (transport/ implements lanes). */
function laneTakers(files: string[]): string[] {
	return files
		.filter((file) => !['executor', 'transport'].includes(layerOf(file)))
		.filter((file) => /\binLane\s*\(/.test(readFileSync(file, 'utf8')))
		.map((file) => path.relative(ROOT, file));
}

describe('import graph of nodes/Upflow', () => {
	const files = sources(ROOT);

	it('imports only along the data path (executor -> operations -> entity facts / schemas -> transport; trigger -> entity facts + transport)', () => {
		expect(violations(files)).toEqual([]);
	});

	it('has no import circle (move what both modules need into one of them, or below both)', () => {
		expect(circles(files)).toEqual([]);
	});

	it('takes lanes in the executor only', () => {
		expect(laneTakers(files)).toEqual([]);
	});

	it('knows the layer of every module (the check covers the whole node)', () => {
		expect(files.length).toBeGreaterThan(40);
		for (const file of files) expect(() => layerOf(file)).not.toThrow();
	});
});
