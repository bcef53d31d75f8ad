'use strict';
/**
 * Every process the e2e run starts goes through here: each one is its own process group, is
 * remembered, and is killed (the whole group) when the run ends, fails, times out or is interrupted.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const { signals } = require('node:os').constants;

const live = new Set();

/** A process group leader we started; `stop()` kills the group (TERM, then KILL after `graceMs`). */
class Proc {
	constructor(name, child, logFile) {
		this.name = name;
		this.child = child;
		this.pid = child.pid;
		this.logFile = logFile;
		this.output = '';
		this.exited = new Promise((resolve) => {
			child.on('exit', (code, signal) => {
				this.code = code;
				this.signal = signal;
				live.delete(this);
				resolve({ code, signal });
			});
		});
		this.listeners = [];
	}

	/** Resolves with the first output line matching `re` (rejects on exit or after `timeoutMs`). */
	waitFor(re, timeoutMs, what = String(re)) {
		return new Promise((resolve, reject) => {
			const m = this.output.match(re);
			if (m) return resolve(m);
			const timer = setTimeout(
				() => done(new Error(`${this.name}: no ${what} after ${timeoutMs / 1000} s${this.tail()}`)),
				timeoutMs,
			);
			const onData = () => {
				const found = this.output.match(re);
				if (found) done(null, found);
			};
			const onExit = () =>
				done(
					new Error(
						`${this.name} exited (code ${this.code}, signal ${this.signal}) before ${what}${this.tail()}`,
					),
				);
			const done = (err, value) => {
				clearTimeout(timer);
				this.listeners = this.listeners.filter((l) => l !== onData);
				this.child.off('exit', onExit);
				if (err) reject(err);
				else resolve(value);
			};
			this.listeners.push(onData);
			this.child.once('exit', onExit);
		});
	}

	tail(lines = 25) {
		const text = this.output.trim().split('\n').slice(-lines).join('\n');
		return text ? `\n--- last lines of ${this.name} ---\n${text}\n---` : '';
	}

	async stop(graceMs = 10_000) {
		if (this.code !== undefined || this.signal !== undefined) return;
		killGroup(this.pid, 'SIGTERM');
		const timer = new Promise((r) => setTimeout(r, graceMs, 'timeout'));
		if ((await Promise.race([this.exited, timer])) === 'timeout') {
			killGroup(this.pid, 'SIGKILL');
			await Promise.race([this.exited, new Promise((r) => setTimeout(r, 2000))]);
		}
		// Children that outlived the leader (n8n's task runners) share its group.
		killGroup(this.pid, 'SIGKILL');
	}
}

function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch {
		/* already gone */
	}
}

/**
 * Starts a long-running process in its own group. Output goes to `logFile` (and `proc.output`,
 * capped at 4 MB).
 */
function startProcess(name, cmd, args, { env, cwd, logFile } = {}) {
	const child = spawn(cmd, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	const proc = new Proc(name, child, logFile);
	const sink = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : null;
	const onChunk = (chunk) => {
		const s = chunk.toString();
		if (proc.output.length < 4 * 1024 * 1024) proc.output += s;
		sink?.write(s);
		for (const l of proc.listeners) l();
	};
	child.stdout.on('data', onChunk);
	child.stderr.on('data', onChunk);
	child.on('exit', () => sink?.end());
	child.on('error', (e) => {
		proc.output += `\n[spawn error] ${e.message}\n`;
	});
	live.add(proc);
	return proc;
}

/**
 * Runs a command to completion (bounded by `timeoutMs`, the whole group killed past it).
 * Resolves { code, stdout, stderr }; rejects only on timeout or when `check` and code != 0.
 */
async function run(
	name,
	cmd,
	args,
	{ env, cwd, timeoutMs = 600_000, check = true, logFile, input } = {},
) {
	const child = spawn(cmd, args, {
		env,
		cwd,
		detached: true,
		stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
	});
	const proc = new Proc(name, child, logFile);
	live.add(proc);
	let stdout = '';
	let stderr = '';
	const sink = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : null;
	child.stdout.on('data', (c) => {
		stdout += c;
		sink?.write(c);
	});
	child.stderr.on('data', (c) => {
		stderr += c;
		sink?.write(c);
	});
	if (input !== undefined) child.stdin.end(input);
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		killGroup(child.pid, 'SIGKILL');
	}, timeoutMs);
	const spawnError = new Promise((resolve) => child.on('error', resolve));
	// 'exit' can come before the last output has been read: wait for the pipes to close too.
	const closed = new Promise((resolve) => child.on('close', resolve));
	const result = await Promise.race([proc.exited, spawnError.then((e) => ({ error: e }))]);
	clearTimeout(timer);
	killGroup(child.pid, 'SIGKILL'); // leftovers of the group (they could hold the pipes open)
	if (!result.error) await Promise.race([closed, new Promise((r) => setTimeout(r, 5000))]);
	sink?.end();
	if (result.error) throw new Error(`${name}: could not start ${cmd}: ${result.error.message}`);
	if (timedOut)
		throw new Error(
			`${name}: timed out after ${Math.round(timeoutMs / 1000)} s\n${tailOf(stdout + stderr)}`,
		);
	const code = result.code ?? 1;
	if (check && code !== 0)
		throw new Error(
			`${name}: exit code ${code}${result.signal ? ` (${result.signal})` : ''}\n${tailOf(stdout + stderr)}`,
		);
	return { code, signal: result.signal, stdout, stderr };
}

function tailOf(text, lines = 30) {
	return text.trim().split('\n').slice(-lines).join('\n');
}

/** Kills every process group still running (called at the end of the run, on failure too). */
async function stopAll() {
	await Promise.all([...live].map((p) => p.stop(5000)));
}

/** Synchronous last resort (process 'exit' handler): SIGKILL every group still known. */
function killAllSync() {
	for (const p of live) killGroup(p.pid, 'SIGKILL');
}

/** A free TCP port on 127.0.0.1: `wanted` when it is free, else any (not reserved: use it right away). */
function freePort(wanted = 0) {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', (error) => (wanted ? resolve(freePort()) : reject(error)));
		srv.listen(wanted, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/**
 * Runs a command's `main(control)`: what it resolves to is the exit code; a failure (its stack
 * printed), Ctrl-C, SIGTERM or `control.exit(code, why)` say why, and every process started here
 * is stopped before the command exits. `control.stopping()` tells whether it is ending.
 */
function runMain(
	main,
	{ name, what, failed = 'failed', signalCode = (signal) => 128 + signals[signal] },
) {
	let stopping = false;
	const control = {
		stopping: () => stopping,
		async exit(code, why) {
			if (stopping) return;
			stopping = true;
			if (why) console.error(`\n${name}: ${why}; stopping ${what}`);
			await stopAll();
			process.exit(code);
		},
	};
	process.on('exit', killAllSync);
	process.on('SIGINT', () => control.exit(signalCode('SIGINT'), 'interrupted'));
	process.on('SIGTERM', () => control.exit(signalCode('SIGTERM'), 'terminated'));
	main(control).then(
		(code) => control.exit(code),
		(error) => {
			console.error(error?.stack ?? error);
			control.exit(1, failed);
		},
	);
	return control;
}

module.exports = { startProcess, run, stopAll, killAllSync, freePort, tailOf, runMain };
