/** Unit tests need only sources; engine and package tests need `npm run build` first (npm test does it). */
const tsJest = [
	'ts-jest',
	{ tsconfig: '<rootDir>/test/tsconfig.json', diagnostics: { warnOnly: false } },
];
const common = { testEnvironment: 'node', transform: { '^.+\\.ts$': tsJest } };
module.exports = {
	// Engine tests run real HTTP and n8n's engine; CI machines have 2 cores.
	testTimeout: 60_000,
	projects: [
		{ ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
		{ ...common, displayName: 'engine', testMatch: ['<rootDir>/test/engine/**/*.test.ts'] },
		{ ...common, displayName: 'package', testMatch: ['<rootDir>/test/package/**/*.test.ts'] },
	],
};
