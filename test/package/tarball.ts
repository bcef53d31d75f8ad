/* eslint-disable @n8n/community-nodes/no-restricted-imports -- tooling run by Node, not n8n: it reads the packed files */
/**
 * What the published tarball holds, checked on the file list of `npm pack` and on the unpacked
 * files: test/package/tarball.test.ts (in `npm test`) and the end-to-end run before it installs the
 * tarball into n8n (test/e2e/lib/install.js).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * What n8n loads (the compiled nodes and credential, their codex files and icons) and what a user
 * reads; npm adds package.json, its "main" file, README and LICENSE itself. Anything else (tests, scripts, docs,
 * screenshots, source maps, TypeScript) is a file the package must not ship.
 */
const SHIPPED = [
	/^package\.json$/,
	// package.json's "main": n8n loads the "n8n" section, this only keeps `require()` of the package harmless.
	/^index\.js$/,
	/^README\.md$/,
	/^LICENSE$/,
	/^CHANGELOG\.md$/,
	/^dist\/(nodes|credentials)\/.+\.(js|json|svg)$/,
];

/**
 * The modules packed code may load besides its own files. The host provides them: n8n-workflow,
 * zod and luxon resolve from a package in `.n8n/nodes` on n8n 2.41.1 and 1.123.81 alike, crypto is
 * Node's. Stricter than the scanner, which also lets lodash, moment and p-limit through: none of
 * them is used here, and p-limit does not resolve on n8n 1.x.
 */
export const RUNTIME_MODULES = ['n8n-workflow', 'zod', 'luxon', 'crypto', 'node:crypto'];

export interface N8nSection {
	nodes?: string[];
	credentials?: string[];
}

/**
 * What is wrong with a tarball's file list (paths relative to the package root), one line each:
 * files it must not ship, `n8n` entries of package.json it lacks, nodes without a codex file or
 * an icon beside them.
 */
export function tarballProblems(files: string[], n8n: N8nSection): string[] {
	const problems: string[] = [];
	const shipped = new Set(files);
	for (const file of files) {
		if (!SHIPPED.some((pattern) => pattern.test(file)))
			problems.push(`${file}: not something n8n loads or a user reads; keep it out of "files"`);
	}
	for (const entry of [...(n8n.nodes ?? []), ...(n8n.credentials ?? [])]) {
		if (!shipped.has(entry))
			problems.push(`${entry}: listed in package.json's "n8n" section but not in the tarball`);
	}
	for (const node of n8n.nodes ?? []) {
		const codex = node.replace(/\.js$/, '.json');
		if (!shipped.has(codex)) problems.push(`${codex}: the codex file of ${node} is missing`);
		const dir = path.posix.dirname(node);
		if (!files.some((file) => path.posix.dirname(file) === dir && file.endsWith('.svg')))
			problems.push(`${dir}/: no icon (.svg) beside ${node}`);
	}
	return problems;
}

/**
 * Every module a packed JavaScript file loads (require, import, export from, import()) that is
 * neither relative nor in RUNTIME_MODULES, as `file: loads 'module'`. `dir` is the unpacked package.
 */
export function runtimeImportProblems(dir: string, files: string[]): string[] {
	const problems: string[] = [];
	for (const file of files.filter((name) => /\.(c|m)?js$/.test(name))) {
		const source = readFileSync(path.join(dir, file), 'utf8');
		const { importedFiles } = ts.preProcessFile(source, true, true);
		for (const { fileName: specifier } of importedFiles) {
			if (specifier.startsWith('./') || specifier.startsWith('../')) continue;
			if (!RUNTIME_MODULES.includes(specifier))
				problems.push(`${file}: loads '${specifier}', which n8n does not provide`);
		}
	}
	return problems;
}
