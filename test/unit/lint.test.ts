/**
 * `npm run lint` must be able to fail. The fixtures under test/fixtures/lint/ are linted as n8n
 * runtime code through scripts/lint-core.js, the module scripts/lint.js runs, with the config of
 * eslint.config.mjs.
 *
 * The lint runs in a child Node process: the community rules plugin and eslint.config.mjs are ES
 * modules, which Jest's CommonJS runtime cannot import without --experimental-vm-modules.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = 'test/fixtures/lint';
const RESTRICTED_GLOBALS = '@n8n/community-nodes/no-restricted-globals';

interface Problem {
	ruleId: string | null;
	severity: number;
	line: number;
	message: string;
}
interface Linted {
	errorCount: number;
	warningCount: number;
	messages: Problem[];
}
interface Report {
	runtime: Record<string, Linted>;
	repoText: Record<string, Linted>;
}

const TIMER_SOURCE =
	'export const later = (run: () => void): void => {\n\tsetTimeout(run, 10);\n};\n';

/** One child process for every case: starting ESLint and the TypeScript parser costs ~1-2 s. */
async function lintInChild(): Promise<Report> {
	const script = `
const path = require('node:path');
const core = require(${JSON.stringify(path.join(ROOT, 'scripts', 'lint-core.js'))});
const slim = (r) => ({
	errorCount: r.errorCount,
	warningCount: r.warningCount,
	messages: r.messages.map(({ ruleId, severity, line, message }) => ({ ruleId, severity, line, message })),
});
(async () => {
	const runtime = {};
	for (const r of await core.lintRuntimeFiles(${JSON.stringify([
		`${FIXTURES}/timer-with-disable-comment.ts`,
		`${FIXTURES}/reads-env.ts`,
		`${FIXTURES}/clean.ts`,
	])})) {
		runtime[path.basename(r.filePath)] = slim(r);
	}
	const repoText = {};
	for (const filePath of ['nodes/Upflow/transport/lintProbe.ts', 'test/unit/lintProbe.ts']) {
		const [r] = await core.lintRepoText(${JSON.stringify(TIMER_SOURCE)}, filePath);
		repoText[filePath] = slim(r);
	}
	process.stdout.write(JSON.stringify({ runtime, repoText }));
})().catch((error) => {
	console.error(error);
	process.exit(1);
});`;
	const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
		cwd: ROOT,
		maxBuffer: 16 * 1024 * 1024,
	});
	return JSON.parse(stdout) as Report;
}

const rules = (linted: Linted, severity: number) =>
	linted.messages.filter((m) => m.severity === severity).map((m) => m.ruleId);

describe('lint as n8n runtime code', () => {
	let report: Report;

	beforeAll(async () => {
		report = await lintInChild();
	}, 30_000);

	it('still reports setTimeout when an eslint-disable comment tries to silence it', () => {
		const linted = report.runtime['timer-with-disable-comment.ts'];
		expect(rules(linted, 2)).toEqual([RESTRICTED_GLOBALS]);
		expect(linted.messages.find((m) => m.severity === 2)?.message).toMatch(/setTimeout/);
		// ESLint says the directive was ignored (noInlineConfig) instead of applying it.
		expect(linted.messages.find((m) => m.severity === 1)?.message).toMatch(
			/has no effect.*noInlineConfig/,
		);
	});

	it('reports process.env', () => {
		const linted = report.runtime['reads-env.ts'];
		expect(linted.errorCount).toBe(1);
		expect(rules(linted, 2)).toEqual([RESTRICTED_GLOBALS]);
		expect(linted.messages[0]?.message).toMatch(/'process'/);
	});

	it('passes a clean file', () => {
		expect(report.runtime['clean.ts']).toEqual({ errorCount: 0, warningCount: 0, messages: [] });
	});

	it('keys the restriction to the path in the repo config: nodes/ fails, test/ may use timers', () => {
		expect(rules(report.repoText['nodes/Upflow/transport/lintProbe.ts'], 2)).toEqual([
			RESTRICTED_GLOBALS,
		]);
		expect(report.repoText['test/unit/lintProbe.ts'].errorCount).toBe(0);
	});
});
