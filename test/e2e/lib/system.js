'use strict';
/** Debian packages the e2e run needs (redis-server, chromium): installed with apt-get when missing. */
const fs = require('node:fs');
const { run } = require('./procs');
const { log } = require('./util');

let updated = false;

/** apt-get install (as root, or through sudo on CI machines that are not root). */
async function aptInstall(packages, logFile) {
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const root = typeof process.getuid === 'function' && process.getuid() === 0;
	const cmd = root ? 'apt-get' : 'sudo';
	const pre = root ? [] : ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get'];
	log(`installing ${packages.join(' ')} (apt-get)`);
	if (!updated) {
		await run('apt-get update', cmd, [...pre, 'update'], { env, timeoutMs: 300_000, logFile });
		updated = true;
	}
	await run(
		`apt-get install ${packages.join(' ')}`,
		cmd,
		[...pre, 'install', '-y', '--no-install-recommends', ...packages],
		{ env, timeoutMs: 600_000, logFile },
	);
}

/** The first existing path of `candidates`; installs `aptPackage` when none exists. */
async function ensureBinary(candidates, aptPackage, logFile) {
	const found = candidates.filter(Boolean).find((p) => fs.existsSync(p));
	if (found) return found;
	await aptInstall([aptPackage], logFile);
	const after = candidates.filter(Boolean).find((p) => fs.existsSync(p));
	if (!after)
		throw new Error(
			`${candidates.filter(Boolean).join(' / ')} still missing after apt-get install ${aptPackage}`,
		);
	return after;
}

module.exports = { aptInstall, ensureBinary };
