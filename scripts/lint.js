#!/usr/bin/env node
// `npm run lint` (after `npm run build`): n8n's scanner rule sets over package.json, nodes/,
// credentials/ and the JavaScript `npm pack` would publish, plus the repo's test/tooling code.
// Inline eslint-disable comments are ignored. Exit code 1 on any error; warnings only print.
'use strict';

const { runLint } = require('./lint-core');

runLint().then(
	(code) => {
		process.exitCode = code;
	},
	(error) => {
		console.error(error);
		process.exitCode = 2;
	},
);
