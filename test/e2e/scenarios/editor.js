'use strict';
/**
 * The editor in a real browser: Debian's Chromium driven by playwright-core against `n8n start`.
 * Signs in as the owner, opens a workflow, adds the Upflow node from the node panel, picks
 * Invoice > Create or Update, checks that its parameters render, opens the credential dialog, and
 * looks at the trigger's events. Screenshots go to docs/screenshots/.
 */
const fs = require('node:fs');
const path = require('node:path');
const { REPO, Skip, Check, expect, sleep } = require('../lib/util');
const { OWNER } = require('../lib/n8n');
const emulator = require('../lib/emulator');
const { ensureBinary } = require('../lib/system');
const { example, prepare } = require('../lib/workflows');

const SHOTS = path.join(REPO, 'docs', 'screenshots');

function loadPlaywright() {
	try {
		return require('playwright-core');
	} catch {
		throw new Skip('playwright-core is not installed (it is a devDependency: run npm ci)');
	}
}

const editor = {
	key: 'editor',
	title:
		'The editor in Chromium: node panel, Invoice > Create or Update, credential dialog, trigger events',
	async run(ctx) {
		const { chromium } = loadPlaywright();
		// Debian's chromium (installed when missing); E2E_CHROMIUM points at another Chromium or Chrome.
		const executablePath = await ensureBinary(
			[process.env.E2E_CHROMIUM, '/usr/bin/chromium'],
			'chromium',
			ctx.n8n.logFile('apt'),
		);
		const n8n = ctx.n8n;
		fs.mkdirSync(SHOTS, { recursive: true });

		// An organization for the credential test the dialog runs.
		const org = emulator.addOrganization(ctx.emu, `${ctx.tag}-editor`);
		// The workflow to open: a Manual Trigger to add the Upflow node after.
		const wf = await n8n.api('POST', '/workflows', {
			name: 'Upflow in the editor (e2e)',
			nodes: [
				{
					id: 'e1',
					name: 'When clicking ‘Execute workflow’',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		});

		const browser = await chromium.launch({
			executablePath,
			headless: true,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				'--disable-dev-shm-usage',
			],
			timeout: 60_000,
		});
		const shots = [];
		const shot = async (page, name, locator) => {
			const file = path.join(SHOTS, `${name}.png`);
			if (locator) await locator.screenshot({ path: file, animations: 'disabled' });
			else await page.screenshot({ path: file, animations: 'disabled' });
			shots.push(path.relative(REPO, file));
		};
		const page = await browser.newPage({
			viewport: { width: 1440, height: 900 },
			deviceScaleFactor: 1,
		});
		page.setDefaultTimeout(30_000);
		// Only the n8n under test is reached: no request leaves 127.0.0.1.
		await page.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
		const pageErrors = [];
		page.on('pageerror', (e) => pageErrors.push(e.message));
		try {
			// 1. Sign in as the owner.
			await page.goto(`${n8n.url}/signin`, { waitUntil: 'domcontentloaded' });
			await page
				.locator('input[name="emailOrLdapLoginId"], input[name="email"]')
				.first()
				.fill(OWNER.email);
			await page.locator('input[name="password"]').fill(OWNER.password);
			await page
				.locator('[data-test-id="form-submit-button"], button[type="submit"]')
				.first()
				.click();
			await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 60_000 });
			ctx.note(`signed in as ${OWNER.email}`);

			// 2. Open the workflow, then the node panel from the + after its trigger, and search.
			await page.goto(`${n8n.url}/workflow/${wf.id}`, { waitUntil: 'domcontentloaded' });
			await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
			const creator = page.locator('[data-test-id="node-creator"]');
			await openNodeCreator(page);
			await creator
				.locator(
					'input[data-test-id="node-creator-search-bar"], [data-test-id="node-creator-search-bar"] input',
				)
				.first()
				.fill('Upflow');
			const item = creator
				.locator('[data-test-id="item-iterator-item"]')
				.filter({
					has: page.locator('[data-test-id="node-creator-item-name"]', { hasText: /^Upflow$/ }),
				})
				.first();
			await item.waitFor({ timeout: 20_000 }).catch(() => {
				throw new Check('the Upflow node is missing from the node panel (search "Upflow")');
			});
			await sleep(500);
			await shot(page, 'node-panel-search');
			await item.click();

			// 3. The node's actions, grouped by resource: pick Invoice > Create or Update.
			const action = creator
				.locator('[data-test-id="item-iterator-item"]')
				.filter({
					has: page.locator('[data-test-id="node-creator-item-name"]', {
						hasText: /^Create or update invoice$/,
					}),
				})
				.first();
			await action.waitFor({ timeout: 20_000 }).catch(() => {
				throw new Check(
					'the Upflow node shows no "Create or update invoice" action in the node panel',
				);
			});
			const panelText = await creator.innerText();
			const actions = Number(panelText.match(/Actions \((\d+)\)/)?.[1] ?? 0);
			const triggers = Number(panelText.match(/Triggers \((\d+)\)/)?.[1] ?? 0);
			const sections = [...panelText.matchAll(/^([A-Z][A-Z ]+) ACTIONS$/gm)].map((m) =>
				m[1].toLowerCase(),
			);
			expect(actions > 0, 'the node panel lists no Upflow actions');
			await action.scrollIntoViewIfNeeded();
			await shot(page, 'node-panel-actions');
			ctx.note(
				`node panel: "Upflow" found; ${actions} actions grouped by resource (${sections.join(', ')}), ${triggers} triggers`,
			);

			// 4. The trigger's events, in the same panel.
			if (ctx.pkg.hasTrigger) {
				await creator.getByText(/^Actions \(\d+\)$/).click();
				await creator.getByText(/^Triggers \(\d+\)$/).click();
				const events = (
					await creator.locator('[data-test-id="node-creator-item-name"]').allInnerTexts()
				)
					.map((t) => t.trim())
					.filter((t) => /^On /.test(t));
				for (const e of ['On new invoice', 'On invoice paid', 'On new customer'])
					if (!events.includes(e))
						throw new Check(
							`the Upflow Trigger's events in the node panel lack "${e}" (seen: ${events.join(', ')})`,
						);
				await shot(page, 'trigger-events');
				ctx.note(`trigger events: ${events.length} (${events.join(', ')})`);
				await creator.getByText(/^Triggers \(\d+\)$/).click();
				await creator.getByText(/^Actions \(\d+\)$/).click();
				await action.waitFor();
			} else ctx.note('the package has no Upflow Trigger: no screenshot of its events');
			await action.scrollIntoViewIfNeeded();
			await action.click();

			// 5. The node's parameters render: Resource, Operation and the invoice fields.
			const ndv = page.locator('[data-test-id="ndv"]');
			await ndv.waitFor({ timeout: 30_000 });
			await ndv.locator('[data-test-id="node-parameters"]').waitFor();
			const labels = (
				await ndv
					.locator('[data-test-id="node-parameters"] [data-test-id="input-label"]')
					.allInnerTexts()
			)
				.map((t) => t.trim().split('\n')[0])
				.filter(Boolean);
			const want = [
				'Resource',
				'Operation',
				'Amounts In',
				'External ID',
				'Invoice Number',
				'Customer',
				'Issued At',
				'Due Date',
				'Currency',
				'Gross Amount',
				'Net Amount',
				'Skip Unchanged',
			];
			const missing = want.filter((w) => !labels.includes(w));
			if (missing.length)
				throw new Check(
					`the Upflow node's parameters did not render: ${missing.join(', ')} missing (labels seen: ${labels.join(', ')})`,
				);
			const resource = await ndv
				.locator('[data-test-id="parameter-input-resource"] input')
				.inputValue();
			const operation = await ndv
				.locator('[data-test-id="parameter-input-operation"] input')
				.inputValue();
			expect(
				resource === 'Invoice' && operation === 'Create or Update',
				`Resource / Operation show "${resource}" / "${operation}", expected Invoice / Create or Update`,
			);
			await shot(page, 'node-invoice-create-or-update');
			ctx.note(
				`node opened on Resource "${resource}", Operation "${operation}"; parameters rendered: ${labels.slice(0, 14).join(', ')}`,
			);

			// 6. The credential dialog, filled for the emulator, saved, and tested by n8n.
			// With no Upflow credential yet n8n offers "Connect to Upflow"; otherwise it preselects one
			// and the dropdown has "Create new credential".
			const empty = ndv.locator('[data-test-id="node-credentials-empty-state"]');
			if (await empty.isVisible().catch(() => false)) await empty.click();
			else {
				await ndv.locator('[data-test-id="node-credentials-select"]').first().click();
				await page.locator('[data-test-id="node-credentials-select-item-new"]').click();
			}
			const modal = page.locator('[data-test-id="editCredential-modal"]');
			await modal.waitFor({ timeout: 20_000 });
			await modal.locator('[data-test-id="parameter-input-apiKey"]').waitFor({ timeout: 20_000 });
			const credLabels = (await modal.locator('label.n8n-input-label').allInnerTexts()).map((t) =>
				t
					.trim()
					.split('\n')[0]
					.replace(/\s*\*$/, ''),
			);
			for (const w of [
				'API Key',
				'API Secret',
				'Environment',
				'Requests per Minute',
				'Max Concurrent Requests',
			])
				if (!credLabels.includes(w))
					throw new Check(
						`the credential form has no "${w}" field (seen: ${credLabels.join(', ')})`,
					);
			await modal.locator('[data-test-id="parameter-input-apiKey"] input').fill(org.apiKey);
			await modal.locator('[data-test-id="parameter-input-apiSecret"] input').fill(org.apiSecret);
			await modal.locator('[data-test-id="parameter-input-environment"]').click();
			await page.getByRole('option').filter({ hasText: 'Custom Host' }).first().click();
			await modal.locator('[data-test-id="parameter-input-baseUrl"] input').fill(ctx.emu.baseUrl);
			await modal.locator('[data-test-id="parameter-input-baseUrl"] input').blur();
			await shot(page, 'credential-form');
			const before = ctx.emu.log(org.apiKey).length;
			await modal.locator('[data-test-id="credential-save-button"]').click();
			// n8n tests the credential on save: a good one closes the dialog (or shows the success banner).
			await Promise.race([
				modal.waitFor({ state: 'hidden', timeout: 30_000 }),
				modal
					.locator('[data-test-id="credentials-config-container-test-success"]')
					.waitFor({ timeout: 30_000 }),
			]).catch(() => {});
			const test = ctx.emu
				.log(org.apiKey)
				.slice(before)
				.filter((e) => e.path === '/v1/customers' && e.method === 'GET');
			expect(
				test.length > 0 && test.every((e) => e.status === 200),
				`n8n's credential test did not reach the emulator with a 200 (requests: ${test.map((e) => e.status).join(', ') || 'none'})`,
			);
			const selected = await ndv
				.locator('[data-test-id="node-credentials-select"] input')
				.first()
				.inputValue()
				.catch(() => '');
			ctx.note(
				`credential dialog: ${credLabels.filter(Boolean).join(', ')}; saved as "${selected || '?'}", n8n's credential test answered 200 by the emulator`,
			);
			// 7. The Postgres example as a user imports it: the whole canvas, zoomed to fit.
			await screenshotPostgresExample(ctx, page, shot, org);
			if (pageErrors.length)
				ctx.note(`page errors seen (not failing): ${pageErrors.slice(0, 3).join(' | ')}`);
			ctx.note(`screenshots: ${shots.join(', ')}`);
		} catch (e) {
			await page.screenshot({ path: path.join(ctx.runDir, 'editor-failure.png') }).catch(() => {});
			if (e instanceof Check)
				e.message += ` (page at failure: ${path.relative(REPO, path.join(ctx.runDir, 'editor-failure.png'))})`;
			throw e;
		} finally {
			await browser.close().catch(() => {});
		}
	},
};

/**
 * examples/postgres-sync.workflow.json created through the public API (its credentials: the
 * emulator organization and a Postgres credential, so no node shows a missing-credential warning),
 * opened in the editor and zoomed to fit: docs/screenshots/postgres-sync-workflow.png.
 */
async function screenshotPostgresExample(ctx, page, shot, org) {
	const ex = example('postgres-sync');
	if (!ex) throw new Check('examples/postgres-sync.workflow.json is missing');
	const n8n = ctx.n8n;
	const upflowCred = emulator.credentialFor(ctx.emu, org, {
		id: undefined,
		name: 'Upflow account',
	});
	const upflow = await n8n.api('POST', '/credentials', {
		name: upflowCred.name,
		type: upflowCred.type,
		data: upflowCred.data,
	});
	const pg = await n8n.api('POST', '/credentials', {
		name: 'ERP database',
		type: 'postgres',
		data: {
			host: '127.0.0.1',
			database: 'erp',
			user: 'n8n',
			password: 'not-used',
			port: 5432,
			ssl: 'disable',
			allowUnauthorizedCerts: false,
			sshTunnel: false,
		},
	});
	const { workflow } = prepare(ex.workflow, {
		id: ex.workflow.id,
		credential: { id: upflow.id, name: upflow.name },
		namePrefix: '',
	});
	for (const node of workflow.nodes)
		if (node.type === 'n8n-nodes-base.postgres')
			node.credentials = { postgres: { id: pg.id, name: pg.name } };
	const created = await n8n.api('POST', '/workflows', {
		name: workflow.name,
		nodes: workflow.nodes,
		connections: workflow.connections,
		settings: workflow.settings,
	});
	await page.setViewportSize({ width: 1920, height: 1080 });
	await page.goto(`${n8n.url}/workflow/${created.id}`, { waitUntil: 'domcontentloaded' });
	const nodes = page.locator('[data-test-id="canvas-node"]');
	await nodes.first().waitFor({ timeout: 60_000 });
	const fit = page.locator('[data-test-id="zoom-to-fit"]');
	if (await fit.isVisible().catch(() => false)) await fit.click();
	else await page.keyboard.press('1');
	await sleep(1500);
	const count = await nodes.count();
	const expected = workflow.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote').length;
	expect(
		count >= expected,
		`the Postgres example shows ${count} nodes on the canvas, the file has ${expected}`,
	);
	const warnings = await page
		.locator('[data-test-id="canvas-node"] [data-test-id="node-issues"]')
		.count();
	await shot(page, 'postgres-sync-workflow');
	ctx.note(
		`examples/postgres-sync.workflow.json opened in the editor: ${count} nodes on the canvas${warnings ? `, ${warnings} with issues` : ', none with issues'}`,
	);
}

/** The node panel, as a user opens it: the + after the last node, or the canvas' + button. */
async function openNodeCreator(page) {
	const creator = page.locator('[data-test-id="node-creator"]');
	if (await creator.isVisible().catch(() => false)) return;
	for (const sel of [
		'[data-test-id="canvas-handle-plus"]',
		'[data-test-id="canvas-plus-button"]',
		'[data-test-id="node-creator-plus-button"]',
	]) {
		const el = page.locator(sel).first();
		if (await el.isVisible().catch(() => false)) {
			// The canvas re-renders while it settles: a click may miss; the Tab key is the fallback.
			await el.click({ timeout: 10_000 }).catch(() => {});
			if (
				await creator
					.waitFor({ timeout: 5000 })
					.then(() => true)
					.catch(() => false)
			)
				return;
		}
	}
	await page.keyboard.press('Tab');
	await creator.waitFor({ timeout: 10_000 });
}

module.exports = { editor };
