'use strict';
/**
 * The examples that start from real sources, run with the n8n CLI against the emulator:
 *
 *  - `postgres`: examples/postgres-sync.workflow.json against a throw-away PostgreSQL loaded with
 *    examples/postgres/schema.sql. Run 1 (no watermark) is the initial import; then the ERP changes
 *    (an invoice updated, a payment received, a customer deleted, an invoice voided) and run 2 must
 *    send exactly those changes; run 3 fails on a payment Upflow refuses (the watermark stays), run 4
 *    reads that window again after the fix (Skip Unchanged skips what run 3 sent), run 5 (nothing
 *    changed) sends nothing. After each successful run the emulator's state is compared with the
 *    database, record by record.
 *  - `csv`: examples/csv-import.workflow.json on examples/csv/accounting-export.csv: the readable
 *    rows land, the two bad ones come out of "Rejected rows" with their line and reason.
 */
const fs = require('node:fs');
const path = require('node:path');
const { REPO, Check, expect } = require('../lib/util');
const { nodeItems } = require('../lib/n8n');
const emulator = require('../lib/emulator');
const { example } = require('../lib/workflows');
const { expectSuccessfulRun } = require('../lib/checks');
const { startPostgres } = require('../lib/postgres');
const { credentialId, setUp } = require('./cli');

const COLLECTIONS = ['customers', 'invoices', 'payments', 'creditNotes'];

/** Every item a node output, over all its runs (a node fed by several branches runs more than once). */
function allItems(resultData, nodeName, output = 0) {
	return (resultData?.runData?.[nodeName] ?? []).flatMap((r) =>
		(r.data?.main?.[output] ?? []).map((i) => i.json),
	);
}

/** "POST /v1/invoices INV-1" / "DELETE /v1/invoices/external:INV-2": what a write did, for the printout. */
function describeWrite(e) {
	if (e.method === 'POST')
		return `upsert ${e.path.replace(/^\/v1\//, '')} ${e.body?.externalId ?? '?'}`;
	return `${e.method.toLowerCase()} ${decodeURIComponent(e.path.replace(/^\/v1\//, '').replace('/external:', ' '))}`;
}

// ---- postgres ---------------------------------------------------------------------------------

/** The database as Upflow should hold it (the views of schema.sql, rows not gone). */
async function expectedFromDatabase(pg) {
	const customers = await pg.rows(
		'SELECT external_id, name, vat_number, city, currency, contacts FROM billing.upflow_customers WHERE deleted_at IS NULL ORDER BY id',
	);
	const invoices = await pg.rows(
		'SELECT external_id, number, customer_external_id, issued_at, due_date, currency, net_amount, gross_amount FROM billing.upflow_invoices WHERE NOT gone ORDER BY id',
	);
	const payments = await pg.rows(
		'SELECT external_id, customer_external_id, amount, currency, validated_at, invoice_external_id FROM billing.upflow_payments WHERE NOT gone ORDER BY id',
	);
	const creditNotes = await pg.rows(
		'SELECT external_id, number, customer_external_id, currency, amount, net_amount, invoice_external_id FROM billing.upflow_credit_notes WHERE NOT gone ORDER BY id',
	);
	return { customers, invoices, payments, creditNotes };
}

/**
 * Record by record: the emulator holds exactly the database's live rows (by External ID), with the
 * same amounts (smallest units), currencies, dates, customers, links and contacts. Returns the
 * number of values compared and notes about what could not be compared.
 */
function compareWithDatabase(state, db) {
	const notes = [];
	let compared = 0;
	const customersById = new Map(state.customers.map((c) => [c.id, c]));
	const customerOf = (rec) => customersById.get(rec.customerId ?? rec.customer?.id)?.externalId;
	const eq = (actual, wanted, what) => {
		expect(
			actual === wanted,
			`${what}: Upflow has ${JSON.stringify(actual)}, the database ${JSON.stringify(wanted)}`,
		);
		compared++;
	};
	for (const coll of COLLECTIONS) {
		const have = new Map(state[coll].map((r) => [r.externalId, r]));
		const want = db[coll];
		const missing = want.filter((r) => !have.has(r.external_id)).map((r) => r.external_id);
		const extra = [...have.keys()].filter((id) => !want.some((r) => r.external_id === id));
		expect(
			missing.length === 0,
			`${coll} in the database but not in Upflow: ${missing.join(', ')}`,
		);
		expect(
			extra.length === 0,
			`${coll} in Upflow but not (or no longer) in the database: ${extra.join(', ')}`,
		);
		expect(
			state[coll].length === want.length,
			`${coll}: ${state[coll].length} in Upflow, ${want.length} in the database`,
		);
	}
	for (const row of db.customers) {
		const c = state.customers.find((r) => r.externalId === row.external_id);
		eq(c.name, row.name, `customer ${row.external_id} name`);
		eq(c.currency, row.currency, `customer ${row.external_id} currency`);
		eq(c.vatNumber ?? null, row.vat_number, `customer ${row.external_id} VAT number`);
		eq(c.address?.city ?? null, row.city, `customer ${row.external_id} city`);
		const emails = (list) =>
			list
				.map((k) => k.email)
				.sort()
				.join(', ');
		eq(emails(c.contacts), emails(row.contacts), `customer ${row.external_id} contacts`);
		eq(
			c.contacts
				.filter((k) => k.isMain)
				.map((k) => k.email)
				.join(),
			row.contacts
				.filter((k) => k.isMain)
				.map((k) => k.email)
				.join(),
			`customer ${row.external_id} main contact`,
		);
	}
	for (const row of db.invoices) {
		const i = state.invoices.find((r) => r.externalId === row.external_id);
		eq(i.customId, row.number, `invoice ${row.external_id} number`);
		eq(customerOf(i), row.customer_external_id, `invoice ${row.external_id} customer`);
		eq(i.currency, row.currency, `invoice ${row.external_id} currency`);
		eq(
			i.grossAmount,
			Number(row.gross_amount),
			`invoice ${row.external_id} gross amount (smallest unit of ${row.currency})`,
		);
		eq(i.netAmount, Number(row.net_amount), `invoice ${row.external_id} net amount`);
		eq(String(i.issuedAt).slice(0, 10), row.issued_at, `invoice ${row.external_id} issued at`);
		eq(String(i.dueDate).slice(0, 10), row.due_date, `invoice ${row.external_id} due date`);
	}
	for (const row of db.payments) {
		const p = state.payments.find((r) => r.externalId === row.external_id);
		eq(customerOf(p), row.customer_external_id, `payment ${row.external_id} customer`);
		eq(
			p.amount,
			Number(row.amount),
			`payment ${row.external_id} amount (smallest unit of ${row.currency})`,
		);
		eq(p.currency, row.currency, `payment ${row.external_id} currency`);
		eq(
			String(p.validatedAt).slice(0, 10),
			row.validated_at,
			`payment ${row.external_id} validated at`,
		);
		eq(
			p.linkedInvoices.map((l) => l.invoice.externalId).join(),
			row.invoice_external_id ?? '',
			`payment ${row.external_id} linked invoice`,
		);
	}
	for (const row of db.creditNotes) {
		const n = state.creditNotes.find((r) => r.externalId === row.external_id);
		eq(n.customId, row.number, `credit note ${row.external_id} number`);
		eq(customerOf(n), row.customer_external_id, `credit note ${row.external_id} customer`);
		eq(n.grossAmount, Number(row.amount), `credit note ${row.external_id} gross amount`);
		eq(n.netAmount, Number(row.net_amount), `credit note ${row.external_id} net amount`);
		eq(n.currency, row.currency, `credit note ${row.external_id} currency`);
		eq(
			n.linkedInvoices.map((l) => l.invoice.externalId).join(),
			row.invoice_external_id ?? '',
			`credit note ${row.external_id} linked invoice`,
		);
	}
	return { compared, notes };
}

/** Nodes of examples/postgres-sync.workflow.json the checks read (missing ones fail the scenario). */
const PG_NODES = {
	window: 'Since last sync',
	read: {
		customers: 'Read changed customers',
		invoices: 'Read changed invoices',
		payments: 'Read changed payments',
		creditNotes: 'Read changed credit notes',
	},
	gone: {
		invoices: 'Invoices gone in the ERP',
		creditNotes: 'Credit notes of deleted customers',
		payments: 'Payments of deleted customers',
		customers: 'Customers deleted in the ERP',
	},
};
/** Nodes of examples/csv-import.workflow.json the checks read. */
const CSV_NODES = {
	read: 'Read accounting export',
	parse: 'Parse CSV (semicolons)',
	rejected: 'Rejected rows',
};

/** The example has every node the checks read: a renamed node fails here, not as "0 rows". */
function expectNodes(workflow, names, file) {
	const missing = names.filter((name) => !workflow.nodes.some((n) => n.name === name));
	expect(missing.length === 0, `${file} has no node ${missing.map((n) => `"${n}"`).join(', ')}`);
}

function rowsRead(resultData) {
	const count = (nodes) =>
		Object.fromEntries(
			Object.entries(nodes).map(([coll, node]) => [coll, allItems(resultData, node).length]),
		);
	return { read: count(PG_NODES.read), gone: count(PG_NODES.gone) };
}

const fmt = (counts) => COLLECTIONS.map((c) => `${c} ${counts[c] ?? 0}`).join(', ');

/** What changes in the ERP between the first and the second sync (and what Upflow must receive). */
const ERP_CHANGES = {
	sql: `SET search_path = billing;
-- 1. An invoice updated: one more line (the trigger moves its updated_at).
INSERT INTO invoice_lines (invoice_id, description, quantity, unit_price, tax_rate)
SELECT id, 'Travel expenses', 1, 180.00, 20 FROM invoices WHERE number = 'INV-2026-0005';
-- 2. A payment received, paying an open invoice in full.
INSERT INTO payments (reference, customer_id, invoice_id, amount, currency, received_on, method)
SELECT 'PAY-2026-NEW-0008', i.customer_id, i.id, v.gross_amount / power(10::numeric, c.exponent), i.currency, DATE '2026-03-02', 'WIRE_TRANSFER'
FROM invoices i JOIN upflow_invoices v ON v.id = i.id JOIN currencies c ON c.code = i.currency WHERE i.number = 'INV-2026-0008';
-- 3. A customer deleted (soft delete): its invoice must go from Upflow, then the customer.
UPDATE customers SET deleted_at = now() WHERE code = 'CUST-1013';
-- 4. An invoice voided.
UPDATE invoices SET status = 'void' WHERE number = 'INV-2026-0012';
`,
	described:
		'invoice INV-2026-0005 updated (a line added), payment PAY-2026-NEW-0008 received, customer CUST-1013 deleted (its invoice INV-2026-0037), invoice INV-2026-0012 voided',
	expectedWrites: [
		'upsert invoices INV-2026-0005',
		'upsert payments PAY-2026-NEW-0008',
		'delete invoices INV-2026-0012',
		'delete invoices INV-2026-0037',
		'delete customers CUST-1013',
	],
};

/** A change Upflow refuses (run 3 fails), and its fix (run 4). */
const FAILING_CHANGE = {
	sql: `SET search_path = billing;
INSERT INTO invoice_lines (invoice_id, description, quantity, unit_price, tax_rate)
SELECT id, 'Rush delivery', 1, 75.00, 20 FROM invoices WHERE number = 'INV-2026-0006';
-- Typed with one zero too many: more than the invoice it pays.
INSERT INTO payments (reference, customer_id, invoice_id, amount, currency, received_on, method)
SELECT 'PAY-2026-NEW-0009', i.customer_id, i.id, 10 * v.gross_amount / power(10::numeric, c.exponent), i.currency, DATE '2026-03-03', 'WIRE_TRANSFER'
FROM invoices i JOIN upflow_invoices v ON v.id = i.id JOIN currencies c ON c.code = i.currency WHERE i.number = 'INV-2026-0009';
`,
	described:
		'invoice INV-2026-0006 updated (a line added), payment PAY-2026-NEW-0009 typed at ten times its invoice INV-2026-0009',
	fix: `SET search_path = billing;
UPDATE payments p SET amount = v.gross_amount / power(10::numeric, c.exponent)
FROM upflow_invoices v, currencies c WHERE p.reference = 'PAY-2026-NEW-0009' AND v.id = p.invoice_id AND c.code = p.currency;
`,
	fixed: 'payment PAY-2026-NEW-0009 corrected to the amount of its invoice',
};

const postgres = {
	key: 'postgres',
	title:
		'ERP database in PostgreSQL: initial import, then a sync of exactly what changed (examples/postgres-sync.workflow.json)',
	async run(ctx) {
		const ex = example('postgres-sync');
		if (!ex) throw new Check('examples/postgres-sync.workflow.json is missing');
		const schema = path.join(REPO, 'examples', 'postgres', 'schema.sql');
		const pg = await startPostgres(ctx.n8n.logDir);
		try {
			ctx.note(
				`PostgreSQL ${pg.version} (Debian's package) on 127.0.0.1:${pg.port}, throw-away cluster in ${pg.dir}`,
			);
			await pg.psql(fs.readFileSync(schema, 'utf8'), { logFile: ctx.n8n.logFile('psql-schema') });
			const pgCredential = pg.credential({
				id: credentialId(ctx.tag, 'pgerp'),
				name: 'ERP database (e2e)',
			});
			const { org, workflow, patches } = await setUp(ctx, 'postgres', 'postgres-sync', [
				pgCredential,
			]);
			let pgNodes = 0;
			for (const node of workflow.nodes)
				if (node.type === 'n8n-nodes-base.postgres') {
					node.credentials = { postgres: { id: pgCredential.id, name: pgCredential.name } };
					pgNodes++;
				}
			patches.push(`credential of ${pgNodes} Postgres node(s) -> "${pgCredential.name}"`);
			// Small pages, so the import really reads page by page (the example says 500).
			expectNodes(
				workflow,
				[PG_NODES.window, ...Object.values(PG_NODES.read), ...Object.values(PG_NODES.gone)],
				ex.file,
			);
			const window = workflow.nodes.find((n) => n.name === PG_NODES.window);
			const before = window.parameters.jsCode;
			window.parameters.jsCode = before.replace(/pageSize: \d+/, 'pageSize: 10');
			expect(window.parameters.jsCode !== before, `"${window.name}" has no pageSize to patch`);
			patches.push('pageSize 500 -> 10 (several pages per table)');
			ctx.note(`workflow: ${ex.file}; patched: ${patches.join('; ')}`);
			await ctx.n8n.importWorkflow(workflow);

			const runOnce = async (label) => {
				ctx.emu.clearLog();
				const t = Date.now();
				const result = await ctx.n8n.execute(workflow.id);
				const seconds = (Date.now() - t) / 1000;
				expectSuccessfulRun(result, undefined, label);
				const log = ctx.emu.log(org.apiKey);
				const writes = emulator.writesIn(log);
				const { read, gone } = rowsRead(result.resultData);
				const pages = ['Customer pages', 'Invoice pages', 'Payment pages', 'Credit note pages'].map(
					(n) => allItems(result.resultData, n).length,
				);
				const watermark = nodeItems(result.resultData, 'Advance watermark')?.[0];
				expect(watermark?.watermark, `${label}: "Advance watermark" did not run`);
				const state = ctx.emu.dump(org.apiKey);
				const db = await expectedFromDatabase(pg);
				const { compared, notes } = compareWithDatabase(state, db);
				const limits = emulator.limitsReport(log);
				expect(
					limits.peakPerMinute <= emulator.LIMITS.requestsPerWindow &&
						limits.maxInFlight <= emulator.LIMITS.concurrency,
					`${label}: limits exceeded: ${JSON.stringify(limits)}`,
				);
				ctx.note(
					`${label}: n8n execute ${seconds.toFixed(1)} s; rows read: ${fmt(read)} (pages: ${pages.join('/')}); gone in the ERP: ${fmt(gone)}`,
				);
				ctx.note(
					`${label}: ${log.length} requests to Upflow, ${writes.length} writes applied (${writes.filter((e) => e.method === 'POST').length} upserts, ${writes.filter((e) => e.method === 'DELETE').length} deletes), ${limits.http429} x 429; watermark ${watermark.previous ?? '(none)'} -> ${watermark.watermark}`,
				);
				ctx.note(
					`${label}: Upflow matches the database: ${fmt(Object.fromEntries(COLLECTIONS.map((c) => [c, db[c].length])))}, ${compared} values equal${notes.length ? `; ${notes.join('; ')}` : ''}`,
				);
				return { result, writes, read, gone, state };
			};

			// Run 1: no watermark yet = the initial import.
			const first = await runOnce('run 1 (initial import)');
			const live = await expectedFromDatabase(pg);
			for (const c of COLLECTIONS)
				expect(
					first.read[c] === live[c].length,
					`run 1: read ${first.read[c]} ${c}, the database has ${live[c].length}`,
				);
			const upserts = first.writes.filter((e) => e.method === 'POST').length;
			const rows = COLLECTIONS.reduce((n, c) => n + live[c].length, 0);
			expect(
				upserts === rows && first.writes.length === rows,
				`run 1: ${first.writes.length} writes for ${rows} rows`,
			);

			// The ERP changes.
			await pg.psql(ERP_CHANGES.sql, { logFile: ctx.n8n.logFile('psql-changes') });
			ctx.note(`changes in the ERP: ${ERP_CHANGES.described}`);

			// Run 2: exactly those changes, nothing else.
			const second = await runOnce('run 2 (sync)');
			const sent = second.writes.map(describeWrite).sort();
			const wanted = [...ERP_CHANGES.expectedWrites].sort();
			expect(
				JSON.stringify(sent) === JSON.stringify(wanted),
				`run 2 sent ${sent.length} writes, expected exactly the ${wanted.length} changes.\n  sent:     ${sent.join(', ')}\n  expected: ${wanted.join(', ')}`,
			);
			expect(
				second.read.customers === 0 &&
					second.read.invoices === 1 &&
					second.read.payments === 1 &&
					second.read.creditNotes === 0,
				`run 2 read ${fmt(second.read)}; expected only the changed invoice and the new payment`,
			);
			for (const gone of ['INV-2026-0012', 'INV-2026-0037'])
				expect(
					!second.state.invoices.some((i) => i.externalId === gone),
					`run 2: invoice ${gone} is still in Upflow`,
				);
			expect(
				!second.state.customers.some((c) => c.externalId === 'CUST-1013'),
				'run 2: customer CUST-1013 is still in Upflow',
			);
			ctx.note(`run 2 sent exactly the ${sent.length} changes: ${sent.join(', ')}`);

			// Run 3: a sync that fails half-way. An invoice changes (sent), then a payment Upflow refuses
			// (applied to its invoice for more than the invoice's amount): the execution fails before
			// "Advance watermark", so the watermark stays.
			await pg.psql(FAILING_CHANGE.sql, { logFile: ctx.n8n.logFile('psql-failing-change') });
			ctx.note(`changes in the ERP: ${FAILING_CHANGE.described}`);
			ctx.emu.clearLog();
			const failed = await ctx.n8n.execute(workflow.id);
			const failedWrites = emulator.writesIn(ctx.emu.log(org.apiKey)).map(describeWrite);
			const failure = failed.resultData?.error;
			expect(
				failure && failed.code !== 0,
				`run 3 should fail on the refused payment; it ${failure ? 'failed without exit code' : 'succeeded'}`,
			);
			expect(
				failure.node?.name === 'Create or update payments',
				`run 3 failed in "${failure.node?.name}", expected "Create or update payments": ${failure.message}`,
			);
			expect(
				!failed.resultData.runData['Advance watermark'],
				'run 3 failed, but "Advance watermark" ran',
			);
			expect(
				JSON.stringify(failedWrites) === JSON.stringify(['upsert invoices INV-2026-0006']),
				`run 3 applied ${failedWrites.join(', ') || 'nothing'}; expected only the invoice`,
			);
			ctx.note(
				`run 3 (fails): "${failure.node.name}": ${failure.message.slice(0, 160)}; applied before the failure: ${failedWrites.join(', ')}; "Advance watermark" did not run`,
			);

			// The ERP fixes the payment. Run 4 reads the same window again: the invoice that already
			// reached Upflow is skipped (Skip Unchanged), the fixed payment is sent.
			await pg.psql(FAILING_CHANGE.fix, { logFile: ctx.n8n.logFile('psql-fix') });
			ctx.note(`fixed in the ERP: ${FAILING_CHANGE.fixed}`);
			const fourth = await runOnce('run 4 (after the failure)');
			const sent4 = fourth.writes.map(describeWrite);
			const invoiceOut = allItems(fourth.result.resultData, 'Create or update invoices');
			expect(
				fourth.read.invoices === 1 && fourth.read.payments === 1,
				`run 4 read ${fmt(fourth.read)}; expected the window of run 3 again (1 invoice, 1 payment)`,
			);
			expect(
				invoiceOut.length === 1 && invoiceOut[0].skipped === true,
				`run 4: invoice INV-2026-0006 was sent again instead of skipped: ${JSON.stringify(invoiceOut[0]).slice(0, 200)}`,
			);
			expect(
				JSON.stringify(sent4) === JSON.stringify(['upsert payments PAY-2026-NEW-0009']),
				`run 4 sent ${sent4.join(', ') || 'nothing'}; expected only the fixed payment`,
			);
			ctx.note(
				`run 4 read run 3's window again: INV-2026-0006 skipped (unchanged since run 3 sent it), sent: ${sent4.join(', ')}`,
			);

			// Run 5: nothing changed, nothing read, nothing sent.
			const last = await runOnce('run 5 (nothing changed)');
			const read5 = COLLECTIONS.reduce((n, c) => n + last.read[c] + last.gone[c], 0);
			expect(
				read5 === 0 && last.writes.length === 0,
				`run 5: read ${read5} rows, sent ${last.writes.length} writes; expected none`,
			);
			ctx.emulatorState(last.state);
		} finally {
			await pg.stop();
		}
	},
};

// ---- csv --------------------------------------------------------------------------------------

const EXPONENT = { EUR: 2, GBP: 2, USD: 2, JPY: 0, KWD: 3 };

/** The sample file read independently of the workflow: what Upflow must hold, and the bad lines. */
function expectedFromCsv(text) {
	const [header, ...lines] = text
		.replace(/^\uFEFF/, '')
		.trimEnd()
		.split(/\r?\n/);
	const cols = header.split(';');
	const amount = (raw, currency) => {
		const s = String(raw ?? '')
			.replace(/[€£$]/g, '')
			.trim();
		if (!/^-?(\d{1,3}([.\s]\d{3})+|\d+)(,\d+)?$/.test(s)) return undefined;
		const [int, frac = ''] = s.replace(/[.\s]/g, '').split(',');
		const e = EXPONENT[currency];
		return (
			Number(int) * 10 ** e + Math.sign(Number(int) || 1) * Number((frac + '000').slice(0, e) || 0)
		);
	};
	const date = (raw) => {
		const m = String(raw ?? '')
			.trim()
			.match(/^(\d{2})\/(\d{2})\/(\d{4})$/);
		if (!m) return undefined;
		const iso = `${m[3]}-${m[2]}-${m[1]}`;
		const d = new Date(`${iso}T00:00:00Z`);
		return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : undefined;
	};
	const out = { customers: new Map(), invoices: [], payments: [], bad: [], refused: [] };
	lines.forEach((line, i) => {
		const r = Object.fromEntries(line.split(';').map((v, k) => [cols[k], v]));
		const row = i + 2;
		const type = r.Type.trim().toLowerCase();
		const rec = {
			row,
			externalId: r.Document.trim(),
			customer: r.Account.trim(),
			currency: r.Currency.trim(),
			date: date(r.Date),
			total: amount(r.Total, r.Currency.trim()),
		};
		if (type === 'invoice')
			Object.assign(rec, { due: date(r['Due date']), net: amount(r.Net, r.Currency.trim()) });
		else rec.matchedTo = r['Matched to'].trim();
		const ok =
			rec.date &&
			rec.total !== undefined &&
			(type !== 'invoice' || (rec.due && rec.net !== undefined));
		if (!ok) return out.bad.push(rec);
		out.customers.set(rec.customer, { name: r['Account name'].trim(), currency: rec.currency });
		(type === 'invoice' ? out.invoices : out.payments).push(rec);
	});
	// Readable, but matched to an invoice Upflow does not have: Upflow refuses it (the node's error output).
	const known = new Set(out.invoices.map((i) => i.externalId));
	out.refused = out.payments.filter((p) => !known.has(p.matchedTo));
	out.payments = out.payments.filter((p) => known.has(p.matchedTo));
	return out;
}

const csv = {
	key: 'csv',
	title:
		'Accounting export (CSV): normalised, imported, bad rows on the error branch (examples/csv-import.workflow.json)',
	async run(ctx) {
		const ex = example('csv-import');
		if (!ex) throw new Check('examples/csv-import.workflow.json is missing');
		const sample = path.join(REPO, 'examples', 'csv', 'accounting-export.csv');
		const text = fs.readFileSync(sample, 'utf8');
		// n8n 2.x reads files only under N8N_RESTRICT_FILE_ACCESS_TO (default ~/.n8n-files).
		const file = ctx.n8n.copyIntoFiles(sample);
		const filesDir = path.dirname(file);
		const { org, workflow, patches } = await setUp(ctx, 'csv', 'csv-import');
		expectNodes(workflow, Object.values(CSV_NODES), ex.file);
		const reader = workflow.nodes.find((n) => n.name === CSV_NODES.read);
		patches.push(
			`"${reader.name}" reads <user folder>/n8n-files/accounting-export.csv (the example: ${reader.parameters.fileSelector}), allowed by N8N_RESTRICT_FILE_ACCESS_TO`,
		);
		reader.parameters.fileSelector = file;
		ctx.note(`workflow: ${ex.file}; patched: ${patches.join('; ')}`);
		await ctx.n8n.importWorkflow(workflow);

		const t = Date.now();
		const result = await ctx.n8n.execute(workflow.id, {
			env: { N8N_RESTRICT_FILE_ACCESS_TO: filesDir },
		});
		const seconds = (Date.now() - t) / 1000;
		expectSuccessfulRun(result, undefined, 'CSV import');
		const rd = result.resultData;
		const want = expectedFromCsv(text);
		const parsed = allItems(rd, CSV_NODES.parse);
		const rejected = allItems(rd, CSV_NODES.rejected);
		const log = ctx.emu.log(org.apiKey);
		const writes = emulator.writesIn(log);
		const state = ctx.emu.dump(org.apiKey);

		expect(
			parsed.length === text.trimEnd().split('\n').length - 1,
			`"${CSV_NODES.parse}" read ${parsed.length} rows`,
		);
		const badRows = rejected.map((r) => r.row).sort((a, b) => a - b);
		const wantBad = [...want.bad, ...want.refused].map((b) => b.row).sort((a, b) => a - b);
		expect(
			JSON.stringify(badRows) === JSON.stringify(wantBad),
			`rejected rows ${badRows.join(', ')}, expected lines ${wantBad.join(', ')}`,
		);
		for (const r of want.refused) {
			const out = rejected.find((x) => x.row === r.row);
			expect(
				/^Upflow refused it/.test(out.reason),
				`line ${r.row} should be refused by Upflow (error output), got: ${out.reason}`,
			);
		}
		for (const r of rejected)
			expect(
				typeof r.reason === 'string' && r.reason.length > 10,
				`rejected line ${r.row} has no reason: ${JSON.stringify(r)}`,
			);

		// What landed equals the file, value by value (amounts in the currency's smallest unit).
		let compared = 0;
		const eq = (actual, wanted, what) => {
			expect(
				actual === wanted,
				`${what}: Upflow has ${JSON.stringify(actual)}, the file says ${JSON.stringify(wanted)}`,
			);
			compared++;
		};
		expect(
			state.customers.length === want.customers.size,
			`customers: ${state.customers.length} in Upflow, ${want.customers.size} in the file's readable rows`,
		);
		for (const [ext, c] of want.customers) {
			const rec = state.customers.find((r) => r.externalId === ext);
			expect(rec, `customer ${ext} is not in Upflow`);
			eq(rec.name, c.name, `customer ${ext} name`);
		}
		const customerOf = (rec) =>
			state.customers.find((c) => c.id === (rec.customerId ?? rec.customer?.id))?.externalId;
		expect(
			state.invoices.length === want.invoices.length,
			`invoices: ${state.invoices.length} in Upflow, ${want.invoices.length} readable in the file`,
		);
		for (const w of want.invoices) {
			const rec = state.invoices.find((r) => r.externalId === w.externalId);
			expect(rec, `invoice ${w.externalId} (line ${w.row}) is not in Upflow`);
			eq(rec.grossAmount, w.total, `invoice ${w.externalId} gross`);
			eq(rec.netAmount, w.net, `invoice ${w.externalId} net`);
			eq(rec.currency, w.currency, `invoice ${w.externalId} currency`);
			eq(String(rec.issuedAt).slice(0, 10), w.date, `invoice ${w.externalId} issued at`);
			eq(String(rec.dueDate).slice(0, 10), w.due, `invoice ${w.externalId} due date`);
			eq(customerOf(rec), w.customer, `invoice ${w.externalId} customer`);
		}
		expect(
			state.payments.length === want.payments.length,
			`payments: ${state.payments.length} in Upflow, ${want.payments.length} readable in the file`,
		);
		for (const w of want.payments) {
			const rec = state.payments.find((r) => r.externalId === w.externalId);
			expect(rec, `payment ${w.externalId} (line ${w.row}) is not in Upflow`);
			eq(rec.amount, w.total, `payment ${w.externalId} amount`);
			eq(String(rec.validatedAt).slice(0, 10), w.date, `payment ${w.externalId} date`);
			eq(
				rec.linkedInvoices.map((l) => l.invoice.externalId).join(),
				w.matchedTo,
				`payment ${w.externalId} matched invoice`,
			);
		}
		const landed = want.customers.size + want.invoices.length + want.payments.length;
		expect(writes.length === landed, `${writes.length} writes for ${landed} records`);
		ctx.note(
			`n8n execute ${seconds.toFixed(1)} s; rows read: ${parsed.length} (${want.bad.length} unreadable, ${want.refused.length} refused by Upflow, ${rejected.length} in "${CSV_NODES.rejected}"); ${log.length} requests to Upflow, ${writes.length} writes applied`,
		);
		ctx.note(
			`Upflow matches the file: customers ${want.customers.size}, invoices ${want.invoices.length}, payments ${want.payments.length}, ${compared} values equal (amounts from "1.234,56 €" to the smallest unit)`,
		);
		for (const r of [...rejected].sort((a, b) => a.row - b.row))
			ctx.note(`rejected line ${r.row} (${r.document}): ${r.reason}`);
		ctx.emulatorState(state);
	},
};

module.exports = { postgres, csv };
