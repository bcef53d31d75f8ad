#!/usr/bin/env node
// `npm run bench`: the import benchmark (scripts/bench/main.ts; flags: --help). The node under test is
// the BUILT package (npm run bench builds first). Test tooling only: runs TypeScript through
// ./ts-register, never part of the published package. With --child it is one contender's process.
'use strict';

require('./ts-register');

if (process.argv[2] === '--child') {
	require('./bench/child.ts');
} else {
	require('./bench/main.ts')
		.main(process.argv.slice(2))
		.catch((error) => {
			console.error(`bench: ${error.message}`);
			process.exit(1);
		});
}
