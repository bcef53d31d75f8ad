#!/usr/bin/env node
// `npm run probe`: checks the contract home (test/contract/upflow.ts) against the local emulator, or
// with `-- --sandbox` / `--base-url URL` against Upflow itself (scripts/probe/main.ts; flags: --help).
// Test tooling only: runs the TypeScript sources through ./ts-register, no build needed.
'use strict';

require('./ts-register');

require('./probe/main.ts')
	.main(process.argv.slice(2))
	.then(
		(code) => {
			process.exitCode = code;
		},
		(error) => {
			// Never the request headers: errors here come from the probe's own code or the file system.
			console.error(`probe: ${error.message}`);
			process.exitCode = 2;
		},
	);
