/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- test code run by Jest in Node, not by n8n: it runs npm pack, tar and the scanner */
/**
 * The tarball users install, as n8n's verification sees it: `npm pack` of the built package
 * (`npm test` builds first), unpacked the way the scanner unpacks a download. Each check also runs
 * on a broken copy, to show it can fail.
 */
import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { runtimeImportProblems, tarballProblems, type N8nSection } from './tarball';

const ROOT = path.resolve(__dirname, '../..');
const n8n = (
	JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { n8n: N8nSection }
).n8n;

let work: string;
let unpacked: string;
let files: string[];

beforeAll(() => {
	work = mkdtempSync(path.join(os.tmpdir(), 'upflow-tarball-'));
	const stdout = execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const [pack] = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{
		filename: string;
		files: Array<{ path: string }>;
	}>;
	files = pack.files.map((file) => file.path);
	unpacked = path.join(work, 'package');
	mkdirSync(unpacked);
	execFileSync('tar', [
		'-xzf',
		path.join(work, pack.filename),
		'-C',
		unpacked,
		'--strip-components=1',
	]);
}, 120_000);

afterAll(() => {
	if (work) rmSync(work, { recursive: true, force: true });
});

/** A copy of package.json and `file` from `from`, in the work folder, with `code` appended to `file`. */
function brokenCopy(from: string, name: string, file: string, code: string): string {
	const to = path.join(work, name);
	for (const entry of ['package.json', file]) {
		mkdirSync(path.dirname(path.join(to, entry)), { recursive: true });
		cpSync(path.join(from, entry), path.join(to, entry));
	}
	appendFileSync(path.join(to, file), code);
	return to;
}

describe('what npm pack publishes', () => {
	it('holds dist/nodes and dist/credentials (JS, codex, icons), README, LICENSE and CHANGELOG, with every n8n entry', () => {
		expect(tarballProblems(files, n8n)).toEqual([]);
		expect(files).toEqual(
			expect.arrayContaining([
				...(n8n.nodes ?? []),
				...(n8n.credentials ?? []),
				'dist/nodes/Upflow/Upflow.node.json',
				'dist/nodes/Upflow/UpflowTrigger.node.json',
				'README.md',
				'LICENSE',
				'CHANGELOG.md',
			]),
		);
	});

	it('fails a tarball without the trigger and its codex, with a screenshot, a source map and a test', () => {
		const broken = [
			...files.filter((file) => !file.startsWith('dist/nodes/Upflow/UpflowTrigger.node.')),
			'docs/screenshots/trigger-events.png',
			'dist/nodes/Upflow/Upflow.node.js.map',
			'test/unit/values.test.ts',
		];
		expect(tarballProblems(broken, n8n)).toEqual([
			'docs/screenshots/trigger-events.png: not something n8n loads or a user reads; keep it out of "files"',
			'dist/nodes/Upflow/Upflow.node.js.map: not something n8n loads or a user reads; keep it out of "files"',
			'test/unit/values.test.ts: not something n8n loads or a user reads; keep it out of "files"',
			`dist/nodes/Upflow/UpflowTrigger.node.js: listed in package.json's "n8n" section but not in the tarball`,
			'dist/nodes/Upflow/UpflowTrigger.node.json: the codex file of dist/nodes/Upflow/UpflowTrigger.node.js is missing',
		]);
	});
});

describe('modules the packed code loads', () => {
	it('are only relative files, n8n-workflow, zod, luxon and crypto', () => {
		expect(runtimeImportProblems(unpacked, files)).toEqual([]);
	});

	it('fails packed code that loads lodash, undici or p-limit', () => {
		const file = 'dist/nodes/Upflow/transport/request.js';
		const broken = brokenCopy(
			unpacked,
			'imports',
			file,
			'\nconst { chunk } = require("lodash");\nvoid import("undici");\nexport * from "p-limit";\n',
		);
		expect(runtimeImportProblems(broken, [file])).toEqual([
			"dist/nodes/Upflow/transport/request.js: loads 'lodash', which n8n does not provide",
			"dist/nodes/Upflow/transport/request.js: loads 'undici', which n8n does not provide",
			"dist/nodes/Upflow/transport/request.js: loads 'p-limit', which n8n does not provide",
		]);
	});
});

interface ScanResult {
	leg: 'source' | 'tarball';
	dir: string;
	passed: boolean;
	message?: string;
	details?: string;
}

describe("n8n's scanner (@n8n/scan-community-package), offline", () => {
	let results: ScanResult[];
	const result = (leg: string, dir: string) => {
		const found = results.find((r) => r.leg === leg && r.dir === dir);
		if (!found) throw new Error(`no ${leg} scan of ${dir}`);
		return found;
	};
	let brokenSource: string;
	let brokenTarball: string;

	beforeAll(async () => {
		// Each broken copy holds package.json and the one file broken: the scan of the rest is above.
		brokenSource = brokenCopy(
			ROOT,
			'broken-source',
			'nodes/Upflow/transport/clock.ts',
			'\nexport const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));\n',
		);
		brokenTarball = brokenCopy(
			unpacked,
			'broken-tarball',
			'dist/nodes/Upflow/Upflow.node.js',
			'\nconsole.log(process.env.UPFLOW_API_SECRET);\n',
		);
		// One process for the four scans (ESLint and the TypeScript parser load once). The scanner
		// makes a temporary folder when it loads: kept inside the work folder. Jest's NODE_ENV=test
		// stays out: under it eslint-plugin-n8n-nodes-base names every linted file Test.node.ts.
		const tmp = path.join(work, 'tmp');
		mkdirSync(tmp);
		const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
		delete env.NODE_ENV;
		const { stdout } = await promisify(execFile)(
			process.execPath,
			[
				path.join(__dirname, 'scan-package.mjs'),
				...['source', ROOT, 'tarball', unpacked],
				...['source', brokenSource, 'tarball', brokenTarball],
			],
			{ cwd: ROOT, env, maxBuffer: 16 * 1024 * 1024 },
		);
		results = JSON.parse(stdout) as ScanResult[];
	}, 300_000);

	it('passes the source: package.json, nodes/ and credentials/', () => {
		// No message: a folder with nothing to lint passes too, with 'No files found to analyze'.
		expect(result('source', ROOT)).toEqual(expect.objectContaining({ passed: true }));
		expect(result('source', ROOT).message).toBeUndefined();
	});

	it('passes the tarball: its JavaScript and package.json', () => {
		expect(result('tarball', unpacked)).toEqual(expect.objectContaining({ passed: true }));
		expect(result('tarball', unpacked).message).toBeUndefined();
	});

	it('fails a source that waits with setTimeout', () => {
		const scan = result('source', brokenSource);
		expect(scan).toMatchObject({ passed: false, message: 'ESLint violations found' });
		expect(scan.details).toMatch(
			/clock\.ts[\s\S]*setTimeout[\s\S]*@n8n\/community-nodes\/no-restricted-globals/,
		);
	});

	it('fails a tarball whose JavaScript reads process.env and logs', () => {
		const scan = result('tarball', brokenTarball);
		expect(scan).toMatchObject({ passed: false, message: 'ESLint violations found' });
		expect(scan.details).toMatch(/Upflow\.node\.js/);
		expect(scan.details).toMatch(/@n8n\/community-nodes\/no-restricted-globals/);
		expect(scan.details).toMatch(/no-console/);
	});
});
