#!/usr/bin/env node
// `node scripts/demo/write-examples.js`: (re)writes examples/*.workflow.json from scripts/demo/examples.ts
// (the initial import's Code nodes embed scripts/demo/source-rows.js). Test tooling only.
require('../ts-register');
const { writeExamples, EXAMPLES_DIR } = require('./examples.ts');

const changed = writeExamples();
console.log(
	changed.length ? `wrote ${changed.join(', ')} in ${EXAMPLES_DIR}` : 'examples are up to date',
);
