// Lint config of n8n-nodes-upflow. `node scripts/lint.js` (npm run lint) is the entry point; plain
// `npx eslint .` uses this file too, but only the script also lints the JavaScript `npm pack` ships.
//
// Runtime code (package.json, nodes/, credentials/, and the published JS) gets the rule sets of n8n's
// community-package scanner, which match `n8n-node lint`:
//   - @n8n/scan-community-package 0.32.0, scanner/scanner.mjs `buildScanConfig()`:
//     `@n8n/eslint-plugin-community-nodes` configs.recommended on every linted file + `no-console`,
//     `eslint-plugin-n8n-nodes-base` configs.community on package.json, configs.credentials on
//     credentials/**/*.ts, configs.nodes on nodes/**/*.ts (each with the same rules turned off),
//     @typescript-eslint/parser for .ts and .json. Source leg: `package.json` +
//     `{nodes,credentials}/**/*.{js,ts,json}`; tarball leg: `**/*.js` + `package.json`;
//     `allowInlineConfig: false`.
//   - @n8n/node-cli 0.48.3, dist/configs/eslint.js `createConfig()`: the same two plugin configs for
//     the same paths (it also adds @eslint/js, typescript-eslint and import-x recommended sets, which
//     the scanner does not run and which are not dev dependencies here).
// One deliberate difference, below: a stricter runtime import allowlist (never weaker). Test and tooling code (DEV_CODE) gets
// the community rules minus the runtime-only ones (NOT_FOR_DEV_CODE).
import tsParser from '@typescript-eslint/parser';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

const community = n8nCommunityNodesPlugin.configs.recommended;

/** What the scanner's source leg lints (scanner.mjs SOURCE_FILE_PATTERNS). */
export const RUNTIME_SOURCES = [
	'package.json',
	'nodes/**/*.{js,ts,json}',
	'credentials/**/*.{js,ts,json}',
];
/** What the scanner's tarball leg lints, relative to the unpacked package (plus .cjs/.mjs: n8n loads those too). */
export const PACKED_FILES = ['**/*.{js,cjs,mjs}', 'package.json'];
/** Repo code that never ships: tests, tooling, root config files. */
export const DEV_CODE = [
	'test/**/*.{ts,js}',
	'scripts/**/*.{ts,js,mjs,cjs}',
	'gulpfile.js',
	'jest.config.js',
	'eslint.config.mjs',
];

/**
 * Project rule on top of the scanner (never weaker): the scanner's `no-restricted-imports` lets every
 * devDependency through (n8n-core, undici, jest ... would pass), but only these resolve inside n8n
 * (shared/n8n/conventions.md). `p-limit` is left out on purpose: it does not resolve in n8n 1.x.
 * Type-only imports are erased by tsc and are allowed.
 */
const RUNTIME_MODULES = [
	'n8n-workflow',
	'lodash',
	'luxon',
	'moment',
	'zod',
	'crypto',
	'node:crypto',
];
// esquery regex literals cannot contain "/", hence \u002F.
const NOT_ALLOWED = `/^(?!(?:${RUNTIME_MODULES.join('|')})(?:\\u002F|$)|\\.)/`;
const importMessage = `Runtime code may import only ${RUNTIME_MODULES.join(', ')} and relative files (conventions.md).`;
const runtimeImportRule = [
	'error',
	...[
		`ImportDeclaration[importKind!='type'][source.value=${NOT_ALLOWED}]`,
		`ExportNamedDeclaration[exportKind!='type'][source.value=${NOT_ALLOWED}]`,
		`ExportAllDeclaration[source.value=${NOT_ALLOWED}]`,
		`ImportExpression[source.value=${NOT_ALLOWED}]`,
		`CallExpression[callee.name='require'][arguments.0.value=${NOT_ALLOWED}]`,
	].map((selector) => ({ selector, message: importMessage })),
];

/**
 * The scanner's rule sets with the community rules applied to `files` (the scanner applies them to
 * every file it lints; scoping them lets test code sit in the same config). The n8n-nodes-base sets
 * are keyed by path exactly as in the scanner/node-cli.
 */
export function runtimeConfig(files) {
	return [
		{
			name: 'upflow/plugins-and-parsers',
			plugins: { ...community.plugins, 'n8n-nodes-base': n8nNodesBase },
			linterOptions: { noInlineConfig: true },
		},
		{
			name: 'upflow/ts-json-parser',
			files: ['**/*.ts', '**/*.json'],
			languageOptions: { parser: tsParser },
		},
		{
			name: 'upflow/runtime: community-nodes recommended + no-console',
			files,
			ignores: community.ignores,
			rules: {
				...community.rules,
				'no-console': 'error',
				'no-restricted-syntax': runtimeImportRule,
			},
		},
		{
			name: 'upflow/package.json: n8n-nodes-base community',
			files: ['package.json'],
			rules: n8nNodesBase.configs.community.rules,
		},
		{
			name: 'upflow/credentials: n8n-nodes-base credentials',
			files: ['credentials/**/*.ts'],
			rules: {
				...n8nNodesBase.configs.credentials.rules,
				// Off in both scanner and node-cli: not valid for community nodes / covered by
				// @n8n/community-nodes/credential-password-field.
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
				'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
			},
		},
		{
			name: 'upflow/nodes: n8n-nodes-base nodes',
			files: ['nodes/**/*.ts'],
			rules: {
				...n8nNodesBase.configs.nodes.rules,
				// Off in both scanner and node-cli.
				'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
				'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
			},
		},
	];
}

/**
 * Rules of the community set that do not apply to code that runs in Node rather than in n8n, or that
 * is never published. Tests and tooling use process, timers, fs, console, child_process, undici and
 * n8n-core, rethrow plain errors and mock the (deprecated) request helpers; the engine harness defines
 * test-only node classes that need no icon, usableAsTool or webhook lifecycle. What stays on for them:
 * no-hardcoded-secrets (as a warning: tests carry fake keys), no-builder-hint-leakage, the rules keyed
 * to *.node.ts / *.credentials.ts / package.json file names (none in test/ today), and parsing itself:
 * a file that does not parse is a fatal error.
 */
const NOT_FOR_DEV_CODE = [
	// runtime-only restrictions
	'@n8n/community-nodes/no-restricted-globals',
	'@n8n/community-nodes/no-restricted-imports',
	'@n8n/community-nodes/no-http-request-with-manual-auth',
	'@n8n/community-nodes/no-dangerous-functions',
	'@n8n/community-nodes/no-deprecated-workflow-functions',
	'@n8n/community-nodes/require-node-api-error',
	// shape of published node / credential classes (they match any class implementing INodeType /
	// ICredentialType, whatever the file name)
	'@n8n/community-nodes/node-usable-as-tool',
	'@n8n/community-nodes/node-connection-type-literal',
	'@n8n/community-nodes/no-unsafe-connection-type-cast',
	'@n8n/community-nodes/no-silent-error-swallowing',
	'@n8n/community-nodes/webhook-lifecycle-complete',
	'@n8n/community-nodes/credential-password-field',
	'@n8n/community-nodes/credential-unnecessary-password',
	'@n8n/community-nodes/credential-documentation-url',
];

const devCodeConfig = [
	{
		name: 'upflow/dev code: community-nodes without runtime-only restrictions',
		files: DEV_CODE,
		rules: {
			...community.rules,
			...Object.fromEntries(NOT_FOR_DEV_CODE.map((rule) => [rule, 'off'])),
			'@n8n/community-nodes/no-hardcoded-secrets': 'warn',
		},
	},
	{
		name: 'upflow/dev code: CommonJS scripts',
		files: ['test/**/*.js', 'scripts/**/*.{js,cjs}', 'gulpfile.js', 'jest.config.js'],
		languageOptions: { sourceType: 'commonjs' },
	},
];

export default [
	{
		name: 'upflow/ignores',
		ignores: ['dist/**', 'coverage/**', '.cache/**', '.e2e/**', 'test/fixtures/**'],
	},
	...runtimeConfig(RUNTIME_SOURCES),
	...devCodeConfig,
];
