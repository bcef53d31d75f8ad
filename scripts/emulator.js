#!/usr/bin/env node
// `npm run emulator -- --port 8787 ...`: the local Upflow emulator (test/emulator) from the command line.
// Test tooling only: runs the TypeScript sources through ./ts-register, no build needed.
require('./ts-register');
const { main } = require('../test/emulator/cli.ts');

main(process.argv.slice(2)).catch((e) => {
	console.error(`upflow emulator: ${e.message}`);
	process.exit(2);
});
