'use strict';
/**
 * A throw-away PostgreSQL for the `postgres` scenario: Debian's package (installed with apt-get when
 * missing), a fresh cluster (initdb) in a temporary folder, listening on 127.0.0.1 only on a free
 * port, run as a non-root user (PostgreSQL refuses root: the `postgres` user Debian's package
 * creates, through runuser). Stopped and its folder removed by `stop()`, and also when the run
 * fails, times out or is interrupted (its process group goes with procs.js, the folder with the
 * process' exit).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { run, startProcess, freePort } = require('./procs');
const { aptInstall } = require('./system');
const { until } = require('./util');

const SUPERUSER = 'upflow_e2e';

/** The newest /usr/lib/postgresql/<major>/bin with initdb and postgres in it (Debian's layout). */
function findBinDir() {
	const root = '/usr/lib/postgresql';
	if (process.env.E2E_PG_BINDIR) return process.env.E2E_PG_BINDIR;
	if (!fs.existsSync(root)) return undefined;
	const majors = fs
		.readdirSync(root)
		.filter((d) => /^\d+$/.test(d))
		.sort((a, b) => Number(b) - Number(a));
	for (const m of majors) {
		const bin = path.join(root, m, 'bin');
		if (fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'postgres')))
			return bin;
	}
	return undefined;
}

async function ensureBinDir(logFile) {
	let bin = findBinDir();
	if (bin) return bin;
	await aptInstall(['postgresql'], logFile);
	bin = findBinDir();
	if (!bin)
		throw new Error(
			'PostgreSQL is still missing after apt-get install postgresql (no /usr/lib/postgresql/<major>/bin/initdb)',
		);
	return bin;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** How to run a PostgreSQL server binary: as ourselves, or (as root) as the `postgres` user. */
function asServerUser(cmd, args) {
	if (!isRoot()) return { cmd, args };
	return { cmd: 'runuser', args: ['-u', 'postgres', '--', cmd, ...args] };
}

function uidOf(user) {
	const line = fs
		.readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((l) => l.startsWith(`${user}:`));
	if (!line) return undefined;
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

class Postgres {
	constructor({ bin, dir, port, password, proc }) {
		this.bin = bin;
		/** The temporary folder: the socket lives here, the cluster in data/; stop() removes it. */
		this.dir = dir;
		this.port = port;
		this.host = '127.0.0.1';
		this.user = SUPERUSER;
		this.password = password;
		this.database = 'erp';
		this.proc = proc;
	}

	get version() {
		return this.versionText ?? '';
	}

	/** psql through the Unix socket in the data folder (trust), the statements on stdin. */
	async psql(sql, { database = this.database, logFile, timeoutMs = 120_000, raw = false } = {}) {
		const args = [
			'-X',
			'-q',
			'-v',
			'ON_ERROR_STOP=1',
			'-h',
			this.dir,
			'-p',
			String(this.port),
			'-U',
			SUPERUSER,
			'-d',
			database,
		];
		// Unaligned, tuples only: the value as it is.
		if (raw) args.push('-A', '-t');
		const r = await run('psql', path.join(this.bin, 'psql'), args, {
			input: sql,
			timeoutMs,
			logFile,
			env: { ...process.env, PGCONNECT_TIMEOUT: '10' },
		});
		return r.stdout;
	}

	/** One query's rows as JSON objects. */
	async rows(query) {
		const sql = `SELECT coalesce(json_agg(q), '[]'::json) FROM (${query}) q;`;
		let out = '';
		for (let attempt = 1; attempt <= 2 && !out.trim(); attempt++)
			out = await this.psql(sql, { raw: true });
		if (!out.trim()) throw new Error(`psql printed nothing for: ${query}`);
		return JSON.parse(out);
	}

	/** The n8n `postgres` credential for this server (TCP, password, no SSL). */
	credential({ id, name }) {
		return {
			id,
			name,
			type: 'postgres',
			data: {
				host: this.host,
				port: this.port,
				database: this.database,
				user: this.user,
				password: this.password,
				ssl: 'disable',
				allowUnauthorizedCerts: false,
				maxConnections: 20,
				sshTunnel: false,
			},
		};
	}

	async stop() {
		if (this.stopped) return;
		this.stopped = true;
		const { cmd, args } = asServerUser(path.join(this.bin, 'pg_ctl'), [
			'stop',
			'-D',
			this.dataDir,
			'-m',
			'fast',
			'-w',
			'-t',
			'20',
		]);
		await run('pg_ctl stop', cmd, args, { check: false, timeoutMs: 30_000 }).catch(() => {});
		await this.proc.stop(5000);
		fs.rmSync(this.dir, { recursive: true, force: true });
	}
}

/**
 * initdb + postgres on 127.0.0.1:<free port>, database `erp` created. `logDir` receives initdb's and
 * the server's output.
 */
async function startPostgres(logDir) {
	const bin = await ensureBinDir(path.join(logDir, 'apt-postgresql.log'));
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upflow-e2e-pg-'));
	// Removed however the run ends (the server's process group is killed first by run.js' exit handler).
	process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
	const owner = isRoot() ? uidOf('postgres') : undefined;
	if (isRoot() && !owner)
		throw new Error(
			"running as root, but there is no `postgres` user to run PostgreSQL as (Debian's postgresql package creates it)",
		);
	const password = `pw-${Math.random().toString(36).slice(2)}`;
	const pwfile = path.join(dir, 'pwfile');
	const data = path.join(dir, 'data');
	fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
	if (owner) {
		fs.chownSync(dir, owner.uid, owner.gid);
		fs.chownSync(pwfile, owner.uid, owner.gid);
	}
	const initdb = asServerUser(path.join(bin, 'initdb'), [
		'-D',
		data,
		'-U',
		SUPERUSER,
		`--pwfile=${pwfile}`,
		'--auth-local=trust',
		'--auth-host=scram-sha-256',
		'-E',
		'UTF8',
		'--locale=C',
		'--no-sync',
	]);
	await run('initdb', initdb.cmd, initdb.args, {
		timeoutMs: 120_000,
		logFile: path.join(logDir, 'postgres-initdb.log'),
	});
	fs.rmSync(pwfile, { force: true });
	const port = await freePort();
	const server = asServerUser(path.join(bin, 'postgres'), [
		'-D',
		data,
		'-p',
		String(port),
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		`unix_socket_directories=${dir}`,
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
		'-c',
		'max_connections=50',
		'-c',
		'shared_buffers=32MB',
	]);
	const proc = startProcess('postgres', server.cmd, server.args, {
		logFile: path.join(logDir, 'postgres.log'),
	});
	const pg = new Postgres({ bin, dir, port, password, proc });
	pg.dataDir = data;
	await proc.waitFor(/database system is ready to accept connections/, 60_000, 'ready message');
	await until(
		async () =>
			(
				await run(
					'pg_isready',
					path.join(bin, 'pg_isready'),
					['-h', '127.0.0.1', '-p', String(port)],
					{ check: false, timeoutMs: 10_000 },
				)
			).code === 0,
		{
			timeoutMs: 30_000,
			what: 'PostgreSQL to accept TCP connections',
		},
	);
	await pg.psql(`CREATE DATABASE ${pg.database};`, { database: 'postgres' });
	pg.versionText = (await pg.psql('SHOW server_version;', { raw: true })).trim();
	return pg;
}

module.exports = { startPostgres, findBinDir };
