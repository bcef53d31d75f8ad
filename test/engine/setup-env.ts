/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test setup run by Jest in Node: it sets n8n-core's environment */
/**
 * Environment for n8n-core, set BEFORE n8n-core is first imported (harness.ts imports this file
 * first). n8n-core's config classes read these variables when the DI container builds them.
 *
 * - N8N_USER_FOLDER: InstanceSettings writes `<folder>/.n8n/config` (an encryption key) on first
 *   use; keep that in a temp folder (removed when the process exits), not in the home directory.
 * - N8N_DEFAULT_BINARY_DATA_MODE=default: binary data stays in memory (base64 in the item), so
 *   nothing is written to disk and tests can read it back without a storage path.
 * - N8N_LOG_LEVEL=silent: n8n's logger (and its ErrorReporter, which logs every node error with
 *   its stack) is noisy in tests; run with N8N_LOG_LEVEL=debug to see it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

if (!process.env.N8N_USER_FOLDER) {
	const folder = mkdtempSync(path.join(tmpdir(), 'upflow-engine-'));
	process.env.N8N_USER_FOLDER = folder;
	// Jest re-evaluates this module per test file; the folder is created (and removed) once per process.
	process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
}
process.env.N8N_ENCRYPTION_KEY ??= 'upflow-engine-tests-only';
process.env.N8N_DEFAULT_BINARY_DATA_MODE ??= 'default';
process.env.N8N_LOG_LEVEL ??= 'silent';
process.env.N8N_DIAGNOSTICS_ENABLED ??= 'false';
