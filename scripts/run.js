#!/usr/bin/env node
// The repository's tooling is TypeScript run without a build step (the node under test is the
// BUILT package: dist/). `node scripts/run.js <file.ts> [flags]` runs a tool: its exported
// `main(argv)` when it has one (a number it returns is the exit code), else the file itself (a
// child process). Required from JavaScript, it only teaches `require` to load .ts files.
// Test tooling only: never part of the published package.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

require.extensions['.ts'] = function compileTs(module, filename) {
	const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
		fileName: filename,
		compilerOptions: {
			module: ts.ModuleKind.CommonJS,
			target: ts.ScriptTarget.ES2021,
			esModuleInterop: true,
			inlineSourceMap: true,
		},
	});
	module._compile(outputText, filename);
};

if (require.main === module) {
	const [file, ...argv] = process.argv.slice(2);
	const name = process.env.npm_lifecycle_event ?? path.basename(file ?? '', '.ts');
	const tool = require(path.resolve(file));
	if (typeof tool.main === 'function')
		Promise.resolve(tool.main(argv)).then(
			(code) => typeof code === 'number' && process.exit(code),
			(error) => {
				// Never request headers: errors here come from the tool's own code or the file system.
				console.error(`${name}: ${error?.message ?? error}`);
				process.exit(2);
			},
		);
}
