// n8n's community-package scanner, run offline on local folders. `analyzePackage` of
// @n8n/scan-community-package (pinned as a dev dependency) is the analysis n8n runs on a published
// package: its rule sets, inline eslint-disable comments ignored. Only the download is left out.
//
//   node test/package/scan-package.mjs source <package root> tarball <unpacked tarball> ...
//
// prints a JSON array, one `{ leg, dir, passed, message, details }` per pair (details: ESLint's
// stylish report). Used by test/package/tarball.test.ts; an ES module because the scanner is one.
import path from 'node:path';

import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const LEGS = {
	// What the scanner lints in the source checkout its provenance points at.
	source: SOURCE_FILE_PATTERNS,
	// What it lints in the downloaded tarball (analyzePackageByName in scanner.mjs).
	tarball: ['**/*.js', 'package.json'],
};

const args = process.argv.slice(2);
const results = [];
for (let i = 0; i < args.length; i += 2) {
	const [leg, dir] = [args[i], args[i + 1]];
	if (!LEGS[leg] || !dir) {
		process.stderr.write(`usage: scan-package.mjs (source|tarball) <dir> ...; got ${leg} ${dir}\n`);
		process.exit(2);
	}
	const { passed, message, details } = await analyzePackage(path.resolve(dir), LEGS[leg]);
	results.push({ leg, dir, passed, message, details });
}
process.stdout.write(`${JSON.stringify(results)}\n`);
