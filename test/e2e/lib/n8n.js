'use strict';
/**
 * One n8n user folder (its own SQLite database and `.n8n/nodes`) of one installed n8n line, and
 * what the scenarios do with it: the CLI (import, execute), `n8n start`, `n8n worker`, the REST and
 * public APIs. Every process is started through procs.js, so it is killed at the end of the run.
 */
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { run, startProcess, freePort } = require('./procs');
const { nodeEnv, nodeBinary, n8nBin } = require('./install');
const { http, until } = require('./util');

const OWNER = {
	email: 'e2e-owner@example.com',
	firstName: 'Etoe',
	lastName: 'Owner',
	password: 'E2e-Passw0rd!',
};
// One per run: every n8n process of the run (main, workers, CLI) shares the user folders' key.
const ENCRYPTION_KEY = randomBytes(24).toString('hex');

class N8nInstance {
	/**
	 * @param line  an entry of install.LINES
	 * @param userFolder  N8N_USER_FOLDER (n8n keeps `.n8n/` inside it)
	 * @param logDir  where each command's output is written
	 */
	constructor(line, userFolder, logDir) {
		this.line = line;
		this.version = line.version;
		this.userFolder = userFolder;
		this.logDir = logDir;
		this.seq = 0;
		/** Set for every n8n process of this instance (npm run dev: its kept key, the CSV's folder). */
		this.baseEnv = {};
		fs.mkdirSync(userFolder, { recursive: true });
		fs.mkdirSync(logDir, { recursive: true });
	}

	get label() {
		return `n8n ${this.version} (Node ${this.line.node === 24 ? '24' : process.versions.node.split('.')[0]})`;
	}

	env(extra = {}) {
		const env = {
			...nodeEnv(this.line),
			N8N_USER_FOLDER: this.userFolder,
			DB_TYPE: 'sqlite',
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_AI_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			// The default `vm` engine sometimes segfaults at exit on this Node build; 1.x's isolated-vm does not load on Node 20.
			N8N_EXPRESSION_ENGINE: 'legacy',
			N8N_LOG_LEVEL: 'info',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			GENERIC_TIMEZONE: 'UTC',
			...this.baseEnv,
			...extra,
		};
		// n8n 2.x's outbound calls: the MCP registry at start, the verified community nodes list.
		// 1.x has no such module.
		if (this.line.node === 24) {
			env.N8N_DISABLED_MODULES = 'mcp-registry';
			env.N8N_VERIFIED_PACKAGES_ENABLED = 'false';
		}
		for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
		return env;
	}

	logFile(name) {
		return path.join(this.logDir, `${String(++this.seq).padStart(2, '0')}-${name}.log`);
	}

	/** Runs an n8n CLI command to completion. */
	async cli(args, { timeoutMs = 180_000, check = true, env = {} } = {}) {
		const brokerPort = await freePort();
		return await run(`n8n ${args[0]}`, nodeBinary(this.line), [n8nBin(this.line), ...args], {
			env: this.env({ N8N_RUNNERS_BROKER_PORT: String(brokerPort), ...env }),
			timeoutMs,
			check,
			logFile: this.logFile(args[0].replace(/[^a-z0-9]+/gi, '-')),
		});
	}

	/**
	 * Copies `file` into <user folder>/n8n-files, where n8n 2.x may read files once
	 * N8N_RESTRICT_FILE_ACCESS_TO names it; answers the copy's real path (n8n compares real paths,
	 * and .cache may be a link).
	 */
	copyIntoFiles(file) {
		const dir = path.join(this.userFolder, 'n8n-files');
		fs.mkdirSync(dir, { recursive: true });
		const copy = path.join(fs.realpathSync(dir), path.basename(file));
		fs.copyFileSync(file, copy);
		return copy;
	}

	async importCredentials(credentials) {
		const file = path.join(this.userFolder, `credentials-${++this.seq}.json`);
		fs.writeFileSync(file, JSON.stringify(credentials, null, 2));
		await this.cli(['import:credentials', `--input=${file}`]);
	}

	async importWorkflow(workflow) {
		const file = path.join(this.userFolder, `workflow-${workflow.id}.json`);
		fs.writeFileSync(file, JSON.stringify(workflow, null, 2));
		await this.cli(['import:workflow', `--input=${file}`]);
	}

	/**
	 * `n8n execute --id=ID --rawOutput` with JSON logs; returns { code, run, resultData, lastNode,
	 * error } where `run` is the execution object n8n printed (null when it printed none).
	 */
	async execute(workflowId, { timeoutMs = 300_000, env = {} } = {}) {
		const { code, stdout, stderr } = await this.cli(
			['execute', `--id=${workflowId}`, '--rawOutput'],
			{
				timeoutMs,
				check: false,
				env: { N8N_LOG_FORMAT: 'json', ...env },
			},
		);
		const runData = parseExecuteOutput(stdout);
		return { code, run: runData, resultData: runData?.data?.resultData, output: stdout + stderr };
	}

	// ---- the server -------------------------------------------------------------------------------

	/** `n8n start` on 127.0.0.1 (`port`, or a free one); resolves once /healthz/readiness and /rest/settings answer 200. */
	async start({ env = {}, name = 'start', port } = {}) {
		this.port = port ?? (await freePort());
		this.url = `http://127.0.0.1:${this.port}`;
		const brokerPort = await freePort();
		this.server = startProcess(
			`n8n start (${this.version})`,
			nodeBinary(this.line),
			[n8nBin(this.line), 'start'],
			{
				env: this.env({
					N8N_PORT: String(this.port),
					N8N_RUNNERS_BROKER_PORT: String(brokerPort),
					WEBHOOK_URL: `${this.url}/`,
					N8N_EDITOR_BASE_URL: `${this.url}/`,
					QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
					...env,
				}),
				logFile: this.logFile(name),
			},
		);
		await until(
			async () => {
				if (this.server.code !== undefined)
					throw new Error(`n8n start exited (code ${this.server.code})${this.server.tail()}`);
				const a = await http(`${this.url}/healthz/readiness`, { timeoutMs: 3000 });
				const b = await http(`${this.url}/rest/settings`, { timeoutMs: 3000 });
				return a.status === 200 && b.status === 200;
			},
			{
				timeoutMs: 120_000,
				intervalMs: 1000,
				what: `n8n ${this.version} to be ready on ${this.url}`,
			},
		).catch((e) => {
			throw new Error(`${e.message}${this.server.tail()}`);
		});
		this.cookie = undefined;
		return this.url;
	}

	async stop() {
		if (this.server) await this.server.stop(15_000);
		this.server = undefined;
		this.cookie = undefined;
	}

	/** `n8n worker` sharing this user folder (queue mode). */
	async startWorker(name, env) {
		const brokerPort = await freePort();
		const healthPort = await freePort();
		const proc = startProcess(
			`n8n worker ${name} (${this.version})`,
			nodeBinary(this.line),
			[n8nBin(this.line), 'worker', '--concurrency=5'],
			{
				env: this.env({
					N8N_RUNNERS_BROKER_PORT: String(brokerPort),
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(healthPort),
					N8N_PORT: String(healthPort),
					...env,
				}),
				logFile: this.logFile(`worker-${name}`),
			},
		);
		proc.healthUrl = `http://127.0.0.1:${healthPort}/healthz`;
		await until(
			async () => {
				if (proc.code !== undefined)
					throw new Error(`worker exited (code ${proc.code})${proc.tail()}`);
				return (await http(proc.healthUrl, { timeoutMs: 3000 })).status === 200;
			},
			{ timeoutMs: 120_000, intervalMs: 1000, what: `worker ${name} to be ready` },
		).catch((e) => {
			throw new Error(`${e.message}${proc.tail()}`);
		});
		return proc;
	}

	// ---- REST (the editor's API) and the public API ---------------------------------------------

	async rest(method, route, body, { ok = true } = {}) {
		const headers = { 'browser-id': 'n8n-nodes-upflow-e2e' };
		if (this.cookie) headers.cookie = this.cookie;
		const res = await http(`${this.url}/rest${route}`, { method, headers, body });
		const setCookie = res.headers.get('set-cookie');
		const auth = setCookie && setCookie.match(/n8n-auth=[^;]+/);
		if (auth) this.cookie = auth[0];
		if (ok && (res.status < 200 || res.status >= 300))
			throw new Error(`${method} /rest${route}: HTTP ${res.status} ${res.text.slice(0, 500)}`);
		return res;
	}

	/** The owner account: set up once per database, then logged in (the session cookie is kept). */
	async ensureOwner() {
		const settings = (await this.rest('GET', '/settings')).json?.data ?? {};
		const needsSetup = settings.userManagement?.showSetupOnFirstLoad;
		if (needsSetup) await this.rest('POST', '/owner/setup', OWNER);
		let res = await this.rest(
			'POST',
			'/login',
			{ emailOrLdapLoginId: OWNER.email, password: OWNER.password },
			{ ok: false },
		);
		if (res.status >= 400)
			res = await this.rest(
				'POST',
				'/login',
				{ email: OWNER.email, password: OWNER.password },
				{ ok: false },
			);
		if (res.status >= 400)
			throw new Error(`Login as the owner failed: HTTP ${res.status} ${res.text.slice(0, 300)}`);
		return OWNER;
	}

	/** An API key for the public API, with every scope the owner may grant. */
	async apiKey() {
		if (this._apiKey) return this._apiKey;
		const scopes = await this.rest('GET', '/api-keys/scopes', undefined, { ok: false });
		const body = { label: `e2e ${Date.now()}`, expiresAt: null };
		if (scopes.status === 200) body.scopes = scopes.json.data;
		const res = await this.rest('POST', '/api-keys', body);
		this._apiKey = res.json.data.rawApiKey ?? res.json.data.apiKey;
		return this._apiKey;
	}

	async api(method, route, body, { ok = true } = {}) {
		const res = await http(`${this.url}/api/v1${route}`, {
			method,
			headers: { 'X-N8N-API-KEY': await this.apiKey() },
			body,
		});
		if (ok && (res.status < 200 || res.status >= 300))
			throw new Error(`${method} /api/v1${route}: HTTP ${res.status} ${res.text.slice(0, 500)}`);
		return res.json;
	}

	/** Every execution of a workflow, with data, through the public API (follows the cursor). */
	async executions(workflowId, { includeData = true } = {}) {
		const all = [];
		let cursor;
		do {
			const qs = new URLSearchParams({
				workflowId,
				includeData: String(includeData),
				limit: '100',
			});
			if (cursor) qs.set('cursor', cursor);
			const page = await this.api('GET', `/executions?${qs}`);
			all.push(...page.data);
			cursor = page.nextCursor;
		} while (cursor);
		return all;
	}
}

/**
 * `n8n execute --rawOutput` with N8N_LOG_FORMAT=json: every stdout line is JSON; the run is the
 * line whose `message` parses to an object with data.resultData (older lines may be plain text).
 */
function parseExecuteOutput(stdout) {
	const lines = stdout.split('\n');
	for (const line of lines.reverse()) {
		const t = line.trim();
		if (!t.startsWith('{')) continue;
		let obj;
		try {
			obj = JSON.parse(t);
		} catch {
			continue;
		}
		for (const candidate of [
			obj,
			typeof obj.message === 'string' ? tryJson(obj.message) : obj.message,
		]) {
			if (candidate && typeof candidate === 'object' && candidate.data?.resultData)
				return candidate;
		}
	}
	// Some versions print the raw JSON over several lines: find the outermost object.
	const start = stdout.indexOf('{\n');
	if (start >= 0) {
		const candidate = tryJson(stdout.slice(start, stdout.lastIndexOf('}') + 1));
		if (candidate?.data?.resultData) return candidate;
	}
	return null;
}

function tryJson(s) {
	try {
		return JSON.parse(s);
	} catch {
		return undefined;
	}
}

/** The output items (json) of a node's first run, main output 0. */
function nodeItems(resultData, nodeName, { run = 0, output = 0 } = {}) {
	const runs = resultData?.runData?.[nodeName];
	if (!runs || !runs[run]) return undefined;
	return (runs[run].data?.main?.[output] ?? []).map((i) => i.json);
}

module.exports = { N8nInstance, parseExecuteOutput, nodeItems, OWNER };
