'use strict';
/**
 * Scenarios run with the n8n CLI (`import:credentials`, `import:workflow`, `execute`), each
 * against its own emulator organization: the initial import, the live sync run twice with Skip
 * Unchanged, an invoice PDF upload + download, and a newcomer's wrong Base URL (a closed port, a
 * wrong path) answered in seconds with the URL named.
 */
const fs = require('node:fs');
const path = require('node:path');
const { Check, expect } = require('../lib/util');
const { nodeItems } = require('../lib/n8n');
const emulator = require('../lib/emulator');
const { example, prepare, upflowNodes, addManualStart } = require('../lib/workflows');
const { expectSuccessfulRun, compareUpserts, parentOf } = require('../lib/checks');
const {
	IMPORT_STEPS,
	analyseLog,
	checkImport,
	importItems,
} = require('../../support/importChecks.ts');
const { freePort } = require('../lib/procs');

/**
 * An organization + credential for one scenario in one n8n, imported through the CLI (with `extra`
 * credentials), and the example ready to import on it.
 */
async function setUp(ctx, key, exampleName, extra = []) {
	const ex = example(exampleName);
	if (!ex) throw new Check(`examples/${exampleName}.workflow.json is missing`);
	const org = emulator.addOrganization(ctx.emu, `${ctx.tag}-${key}`);
	const credential = emulator.credentialFor(ctx.emu, org, {
		id: credentialId(ctx.tag, key),
		name: `Upflow emulator (${key})`,
	});
	await ctx.n8n.importCredentials([credential, ...extra]);
	const { workflow, patches } = prepare(ex.workflow, { id: ex.workflow.id, credential });
	return { ex, org, credential, workflow, patches };
}

/** n8n ids are 16 alphanumeric characters. */
function credentialId(tag, key) {
	return `E2e${tag}${key}`
		.replace(/[^A-Za-z0-9]/g, '')
		.padEnd(16, '0')
		.slice(0, 16);
}

const initialImport = {
	key: 'import',
	title: 'Initial import (examples/initial-import.workflow.json)',
	async run(ctx) {
		const { ex, org, credential, workflow, patches } = await setUp(ctx, 'import', 'initial-import');
		ctx.note(`workflow: ${ex.file}; patched: ${patches.join('; ')}`);
		await ctx.n8n.importWorkflow(workflow);
		const started = Date.now();
		const result = await ctx.n8n.execute(workflow.id);
		const seconds = (Date.now() - started) / 1000;
		expectSuccessfulRun(result, workflow, 'initial import');
		// The demo's checks (one home: test/support/importChecks.ts), on what this n8n produced.
		const state = ctx.emu.dump(org.apiKey);
		const { rows, outputs } = importItems(
			(node) => result.resultData.runData[node]?.[0]?.data?.main?.[0],
		);
		const checks = checkImport({
			rows,
			outputs,
			dump: state,
			log: analyseLog(ctx.emu.log(org.apiKey)),
			limits: {
				requestsPerMinute: emulator.LIMITS.requestsPerWindow,
				credentialConcurrency: credential.data.maxConcurrency,
				upflowConcurrency: emulator.LIMITS.concurrency,
			},
		});
		const failed = checks.filter((check) => !check.ok);
		expect(failed.length === 0, failed.map((c) => `${c.name}: ${c.detail}`).join('\n'));
		ctx.note(
			`${checks.length} checks passed (those of npm run demo): source rows ${IMPORT_STEPS.map((s) => `${s.entity} ${rows[s.entity].length}`).join(', ')}`,
		);
		const limits = emulator.limitsReport(ctx.emu.log(org.apiKey));
		ctx.note(
			`n8n execute: ${seconds.toFixed(1)} s, ${limits.requests} requests (${limits.writes} writes applied, ${limits.http429} x 429, ${limits.errors5xx} x 5xx), peak ${limits.peakPerMinute}/min, max ${limits.maxInFlight} in flight`,
		);
		ctx.emulatorState(state);
	},
};

const liveSync = {
	key: 'sync',
	title: 'Live sync run twice with Skip Unchanged (examples/live-sync.workflow.json)',
	async run(ctx) {
		const { ex, org, workflow, patches } = await setUp(ctx, 'sync', 'live-sync');
		const upserts = upflowNodes(workflow, (p) => p.operation === 'upsert');
		expect(upserts.length > 0, 'the live sync has no Create or Update node');
		const unset = upserts.filter((n) => n.parameters.skipUnchanged !== true);
		for (const n of unset) n.parameters.skipUnchanged = true;
		if (unset.length)
			patches.push(
				`Skip Unchanged turned on in ${unset.map((n) => `"${n.name}"`).join(', ')} (the example leaves it off)`,
			);
		const manual = addManualStart(workflow);
		if (manual) patches.push(manual);
		ctx.note(`workflow: ${ex.file}; patched: ${patches.join('; ')}`);
		await ctx.n8n.importWorkflow(workflow);

		// Run 1: everything is new, everything is sent.
		const first = await ctx.n8n.execute(workflow.id);
		expectSuccessfulRun(first, workflow, 'sync run 1');
		const afterFirst = ctx.emu.dump(org.apiKey);
		for (const line of compareUpserts(workflow, first.resultData, afterFirst))
			ctx.note(`run 1: ${line}`);
		const writes1 = emulator.writesIn(ctx.emu.log(org.apiKey)).length;
		let items = 0;
		for (const n of upserts) {
			const out = nodeItems(first.resultData, n.name);
			items += out.length;
			const skipped = out.filter((o) => o.skipped);
			expect(
				skipped.length === 0,
				`run 1: "${n.name}" skipped ${skipped.length} items on the first run`,
			);
		}
		expect(writes1 === items, `run 1: ${items} items, ${writes1} writes applied in the emulator`);
		ctx.note(`run 1: ${items} items sent, ${writes1} writes applied`);

		// Run 2: the same source rows: every item skipped, not one write reaches Upflow.
		ctx.emu.clearLog();
		const second = await ctx.n8n.execute(workflow.id);
		expectSuccessfulRun(second, workflow, 'sync run 2');
		const log2 = ctx.emu.log(org.apiKey);
		const writes2 = emulator.writesIn(log2);
		let skipped2 = 0;
		let items2 = 0;
		for (const n of upserts) {
			const out = nodeItems(second.resultData, n.name);
			items2 += out.length;
			const skipped = out.filter((o) => o.skipped === true);
			skipped2 += skipped.length;
			expect(
				skipped.length === out.length,
				`run 2: "${n.name}" skipped ${skipped.length} of ${out.length} unchanged items (Skip Unchanged did not remember run 1: is the node's static data saved for CLI executions?)`,
			);
		}
		expect(
			writes2.length === 0,
			`run 2: ${writes2.length} writes reached the emulator, expected 0: ${writes2
				.slice(0, 3)
				.map((e) => `${e.method} ${e.path}`)
				.join(', ')}`,
		);
		const afterSecond = ctx.emu.dump(org.apiKey);
		expect(
			JSON.stringify(afterSecond) === JSON.stringify(afterFirst),
			'run 2 changed the emulator state',
		);
		ctx.note(
			`run 2: ${skipped2} of ${items2} items skipped, ${writes2.length} writes, ${log2.length} requests in all; state unchanged`,
		);
		ctx.emulatorState(afterSecond);
	},
};

const invoicePdf = {
	key: 'pdf',
	title: 'Invoice PDF upload + download (examples/invoice-pdf.workflow.json)',
	async run(ctx) {
		const { ex, org, workflow, patches } = await setUp(ctx, 'pdf', 'invoice-pdf');
		ctx.note(`workflow: ${ex.file}; patched: ${patches.join('; ')}`);
		await ctx.n8n.importWorkflow(workflow);
		const result = await ctx.n8n.execute(workflow.id);
		expectSuccessfulRun(result, workflow, 'invoice PDF');
		const rd = result.resultData;
		const upload = upflowNodes(workflow, (p) => p.operation === 'uploadPdf')[0];
		const download = upflowNodes(workflow, (p) => p.operation === 'downloadPdf')[0];
		expect(upload && download, 'the example needs an Upload PDF and a Download PDF node');
		const uploaded = nodeItems(rd, upload.name);
		expect(
			uploaded.length === 1 && uploaded[0].uploaded === true,
			`"${upload.name}" output: ${JSON.stringify(uploaded)}`,
		);

		// The bytes: what the workflow rendered, what the emulator stored, what came back down.
		const rendered = binaryOf(ctx, rd, parentOf(workflow, upload.name));
		const downloadedItem = rd.runData[download.name][0].data.main[0][0];
		const downloaded = binaryOf(ctx, rd, download.name);
		const state = ctx.emu.dump(org.apiKey);
		const invoice = state.invoices.find((i) => i.externalId === downloadedItem.json.externalId);
		expect(invoice, `invoice ${downloadedItem.json.externalId} is not in the emulator`);
		const stored = ctx.emu.org(org.apiKey).pdfOf('invoices', invoice.id);
		expect(
			stored && stored.length > 0,
			`the emulator has no PDF for invoice ${invoice.externalId}`,
		);
		expect(
			uploaded[0].bytes === stored.length,
			`"${upload.name}" says ${uploaded[0].bytes} bytes, the emulator stored ${stored.length}`,
		);
		expect(
			rendered.equals(stored),
			'the PDF stored in the emulator differs from the one the workflow uploaded',
		);
		expect(
			downloaded.equals(stored),
			'the downloaded PDF differs from the one stored in the emulator',
		);
		expect(stored.subarray(0, 5).toString() === '%PDF-', 'the stored file is not a PDF');
		const meta = downloadedItem.binary.data;
		expect(meta.mimeType === 'application/pdf', `downloaded mime type ${meta.mimeType}`);
		ctx.note(
			`uploaded ${uploaded[0].bytes} bytes to invoice ${invoice.externalId} (${invoice.customId}); the emulator stored the same bytes; "${download.name}" returned ${downloaded.length} identical bytes as ${meta.fileName} (${meta.mimeType})`,
		);
		ctx.emulatorState(state);
	},
};

/** Within this, a wrong Base URL is named (the default credential retries transient failures 120 s). */
const WRONG_URL_SECONDS = 15;

const wrongBaseUrl = {
	key: 'baseurl',
	title:
		'A wrong Base URL (a closed port, a wrong path) with the default credential: named within seconds',
	async run(ctx) {
		const closedPort = await freePort(); // free now: nothing listens there
		const cases = [
			{
				key: 'closed',
				baseUrl: `http://127.0.0.1:${closedPort}`,
				says: `Could not connect to Upflow at http://127.0.0.1:${closedPort}/v1 for item 0: the connection was refused (ECONNREFUSED); check the Base URL and the Environment of the Upflow API credential`,
			},
			{
				key: 'wrongpath',
				baseUrl: `${ctx.emu.url}/upflow`,
				says: `There is no Upflow API at ${ctx.emu.url}/upflow/v1 for item 0: POST /customers answered 404 (Not Found); check the Base URL and the Environment of the Upflow API credential`,
			},
		];
		const org = emulator.addOrganization(ctx.emu, `${ctx.tag}-baseurl`);
		for (const c of cases) {
			const credential = emulator.credentialFor(ctx.emu, org, {
				id: credentialId(ctx.tag, `url${c.key}`),
				name: `Upflow, wrong Base URL (${c.key})`,
			});
			credential.data.baseUrl = c.baseUrl;
			await ctx.n8n.importCredentials([credential]);
			const upsert = 'Create or update customer';
			const workflow = {
				id: credentialId(ctx.tag, `wf${c.key}`),
				name: `[e2e] wrong Base URL (${c.key})`,
				active: false,
				nodes: [
					{
						id: 'run',
						name: 'Run',
						type: 'n8n-nodes-base.manualTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
					},
					{
						id: 'upsert',
						name: upsert,
						type: 'n8n-nodes-upflow.upflow',
						typeVersion: 1,
						position: [220, 0],
						parameters: {
							resource: 'customer',
							operation: 'upsert',
							externalId: 'C-42',
							name: 'Acme',
						},
						credentials: { upflowApi: { id: credential.id, name: credential.name } },
					},
				],
				connections: { Run: { main: [[{ node: upsert, type: 'main', index: 0 }]] } },
				settings: { executionOrder: 'v1' },
			};
			await ctx.n8n.importWorkflow(workflow);
			const result = await ctx.n8n.execute(workflow.id);
			const error = result.resultData?.error;
			expect(error, `${c.key}: the workflow did not fail (exit code ${result.code})`);
			expect(
				error.message === c.says,
				`${c.key}: the error says "${error.message}", expected "${c.says}"`,
			);
			const seconds = (result.resultData.runData[upsert]?.[0]?.executionTime ?? Infinity) / 1000;
			expect(
				seconds < WRONG_URL_SECONDS,
				`${c.key}: the node took ${seconds} s to fail (at most ${WRONG_URL_SECONDS} s)`,
			);
			ctx.note(
				`Base URL ${c.baseUrl}, default credential (Max Retry Time 120 s): "${upsert}" failed after ${seconds.toFixed(1)} s: ${error.message}`,
			);
		}
		const sent = ctx.emu.log(org.apiKey).map((e) => `${e.status} ${e.method} ${e.path}`);
		expect(
			sent.join() === '404 POST /upflow/v1/customers',
			`the emulator received ${sent.join(', ') || 'nothing'}; expected the one POST under the wrong path`,
		);
	},
};

/**
 * The bytes of the first item's binary field `data` of a node's run: inline base64 (memory mode) or
 * the file n8n wrote (filesystem mode, `filesystem-v2:<path>` under `.n8n/binaryData`).
 */
function binaryOf(ctx, resultData, nodeName, field = 'data') {
	const item = resultData.runData[nodeName]?.[0]?.data?.main?.[0]?.[0];
	const bin = item?.binary?.[field];
	if (!bin) throw new Check(`"${nodeName}" has no binary field "${field}"`);
	if (bin.id) {
		const [mode, rel] = bin.id.split(/:(.*)/s);
		// n8n 1.x keeps files in .n8n/binaryData, 2.x in .n8n/storage.
		const candidates = ['binaryData', 'storage'].map((dir) =>
			path.join(ctx.n8n.userFolder, '.n8n', dir, rel),
		);
		const file = candidates.find((f) => fs.existsSync(f));
		if (!file)
			throw new Check(
				`"${nodeName}": binary data ${bin.id} (${mode}) not found at ${candidates.join(' or ')}`,
			);
		return fs.readFileSync(file);
	}
	return Buffer.from(bin.data, 'base64');
}

module.exports = { initialImport, liveSync, invoicePdf, wrongBaseUrl, credentialId, setUp };
