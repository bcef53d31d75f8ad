// The lint behind `npm run lint` (scripts/lint.js) and test/unit/lint.test.ts. Rule sets: eslint.config.mjs.
// Three legs, like n8n's scanner (@n8n/scan-community-package scanner.mjs) plus the repo's own code:
//   sources  package.json, nodes/, credentials/     runtime rule sets (eslint.config.mjs default export)
//   dev code test/, scripts/, root config files      same config, runtime-only restrictions off
//   packed   every .js file `npm pack` would ship    runtime rule sets, linted in a copy laid out like
//            (+ its package.json), as the scanner      the unpacked tarball, as the scanner does
// Inline eslint-disable comments are not honoured anywhere: eslint.config.mjs sets
// linterOptions.noInlineConfig, so ESLint ignores them and warns that each one has no effect.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { pathToFileURL } = require('node:url');
const { ESLint } = require('eslint');

const ROOT = path.resolve(__dirname, '..');
const CONFIG_FILE = path.join(ROOT, 'eslint.config.mjs');

/** eslint.config.mjs is ESM (the community plugin is ESM-only); CommonJS reaches it with import(). */
function loadConfig() {
	return import(pathToFileURL(CONFIG_FILE).href);
}

/** The runtime rule sets applied to the given files whatever their path (used by the unit test). */
async function runtimeEslint(cwd = ROOT) {
	const { runtimeConfig } = await loadConfig();
	return new ESLint({
		cwd,
		overrideConfigFile: true,
		overrideConfig: runtimeConfig(['**/*.{ts,js,cjs,mjs}', 'package.json']),
		errorOnUnmatchedPattern: false,
	});
}

/** Lints files as n8n runtime code (what nodes/ and credentials/ get), whatever folder they sit in. */
async function lintRuntimeFiles(files, { cwd = ROOT } = {}) {
	const eslint = await runtimeEslint(cwd);
	return eslint.lintFiles(files.map((file) => path.resolve(cwd, file)));
}

/** Same, for source text; `filePath` decides the parser (.ts: TypeScript) and the file-name rules. */
async function lintRuntimeText(code, filePath, { cwd = ROOT } = {}) {
	const eslint = await runtimeEslint(cwd);
	return eslint.lintText(code, { filePath: path.resolve(cwd, filePath) });
}

/** Source text linted with eslint.config.mjs as if it sat at `filePath` (which need not exist). */
async function lintRepoText(code, filePath, { cwd = ROOT } = {}) {
	const eslint = new ESLint({ cwd, overrideConfigFile: CONFIG_FILE });
	return eslint.lintText(code, { filePath: path.resolve(cwd, filePath) });
}

/** package.json, nodes/, credentials/ and the dev code, with eslint.config.mjs as `npx eslint` would. */
async function lintRepoSources(cwd = ROOT) {
	const { RUNTIME_SOURCES, DEV_CODE } = await loadConfig();
	const eslint = new ESLint({
		cwd,
		overrideConfigFile: CONFIG_FILE,
		errorOnUnmatchedPattern: false, // no nodes yet, no tests yet: fine
	});
	const results = await eslint.lintFiles([...RUNTIME_SOURCES, ...DEV_CODE]);
	const isRuntime = (result) =>
		/^(package\.json$|nodes\/|credentials\/)/.test(
			path.relative(cwd, result.filePath).split(path.sep).join('/'),
		);
	return {
		sources: results.filter(isRuntime),
		devCode: results.filter((result) => !isRuntime(result)),
	};
}

/** The files `npm pack` would put in the tarball (paths relative to the package root). */
function packedFileList(cwd = ROOT) {
	const stdout = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		maxBuffer: 64 * 1024 * 1024,
	});
	const [pack] = JSON.parse(stdout.slice(stdout.indexOf('[')));
	return pack.files.map((file) => file.path.split(path.sep).join('/'));
}

/**
 * The scanner's tarball leg: it unpacks the published tarball and lints `**\/*.js` + package.json
 * there with the runtime rule sets. Here the files `npm pack --dry-run` lists are copied into a
 * temporary folder laid out like that tarball (so rules that look for package.json, icons or
 * sibling files see what n8n users get) and linted there. Also fails when an entry of package.json's
 * `n8n` section would not be in the tarball (dist/ not built, or a wrong path).
 */
async function lintPacked(cwd = ROOT) {
	const files = packedFileList(cwd);
	const results = [];
	const pkg = JSON.parse(fs.readFileSync(path.join(cwd, 'package.json'), 'utf8'));
	const shipped = new Set(files);
	const missing = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])].filter(
		(entry) => !shipped.has(entry),
	);

	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upflow-pack-'));
	try {
		for (const file of files) {
			const target = path.join(dir, file);
			fs.mkdirSync(path.dirname(target), { recursive: true });
			fs.copyFileSync(path.join(cwd, file), target);
		}
		const { runtimeConfig, PACKED_FILES } = await loadConfig();
		const eslint = new ESLint({
			cwd: dir,
			overrideConfigFile: true,
			overrideConfig: runtimeConfig(PACKED_FILES),
			errorOnUnmatchedPattern: false,
		});
		const toLint = files.filter((file) => /\.(c|m)?js$/.test(file) || file === 'package.json');
		const linted = await eslint.lintFiles(toLint.map((file) => path.join(dir, file)));
		for (const result of linted) {
			result.filePath = `[npm pack] ${path.relative(dir, result.filePath).split(path.sep).join('/')}`;
			if (result.filePath === '[npm pack] package.json') {
				for (const entry of missing) {
					result.messages.push({
						ruleId: 'upflow/packed-entries',
						severity: 2,
						message: `n8n entry "${entry}" is not in what npm pack would publish (run \`npm run build\` first, or fix the path).`,
						line: 1,
						column: 1,
					});
					result.errorCount += 1;
				}
			}
			results.push(result);
		}
		return { results, packedFiles: files, lintedCount: toLint.length };
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

function count(results) {
	return results.reduce(
		(sum, result) => ({
			files: sum.files + 1,
			errors: sum.errors + result.errorCount,
			warnings: sum.warnings + result.warningCount,
		}),
		{ files: 0, errors: 0, warnings: 0 },
	);
}

/** Runs every leg, prints the problems (stylish) and a summary; resolves to the exit code. */
async function runLint({ cwd = ROOT, log = (line) => process.stdout.write(`${line}\n`) } = {}) {
	const { sources, devCode } = await lintRepoSources(cwd);
	const packed = await lintPacked(cwd);
	const all = [...sources, ...devCode, ...packed.results];

	const formatter = await new ESLint({ cwd }).loadFormatter('stylish');
	const output = await formatter.format(all);
	if (output.trim()) log(output.trimEnd());

	for (const [label, results] of [
		['sources (package.json, nodes/, credentials/)', sources],
		['dev code (test/, scripts/, config)', devCode],
		[`packed JS (npm pack: ${packed.packedFiles.length} files)`, packed.results],
	]) {
		const c = count(results);
		log(`  ${label}: ${c.files} files, ${c.errors} errors, ${c.warnings} warnings`);
	}
	const total = count(all);
	log(`lint: ${total.files} files, ${total.errors} errors, ${total.warnings} warnings`);
	return total.errors > 0 ? 1 : 0;
}

module.exports = {
	ROOT,
	lintRuntimeFiles,
	lintRuntimeText,
	lintRepoText,
	lintRepoSources,
	lintPacked,
	packedFileList,
	runLint,
};
