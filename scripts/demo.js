#!/usr/bin/env node
// `npm run demo` (builds first): the initial import of examples/initial-import.workflow.json through
// n8n-core with the built package, against the local Upflow emulator; see scripts/demo.ts.
// Test tooling only: runs the TypeScript sources through ./ts-register.
require('./ts-register');
require('./demo.ts');
