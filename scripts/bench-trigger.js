#!/usr/bin/env node
// Runs scripts/bench-trigger.ts without a build step of its own (the node under test is the BUILT
// package: run `npm run build` first). Test tooling only: never part of the published package.
'use strict';

require('./ts-register');
require('./bench-trigger.ts');
