'use strict';
/**
 * Checks that compare what n8n says it did (the execution data) with what the emulator holds.
 * They read the workflow's own parameters: a field set from `={{ $json.column }}` must hold that
 * column's value in Upflow, for every item.
 */
const { Check, expect } = require('./util');
const { tailOf } = require('./procs');
const { nodeItems } = require('./n8n');
const { upflowNodes } = require('./workflows');

const path = require('node:path');

/** The built package's own table of ISO 4217 decimal places, read when first needed: the runner builds dist/ after loading this file. */
function minorUnitDigits(currency) {
	return require(
		path.join(__dirname, '..', '..', '..', 'dist', 'nodes', 'Upflow', 'schemas', 'iso.js'),
	).minorUnitDigits(currency);
}

const COLLECTION = {
	customer: 'customers',
	invoice: 'invoices',
	payment: 'payments',
	creditNote: 'creditNotes',
	refund: 'refunds',
};
/** Parameters kept under their 0.1 names that Upflow stores under its own. */
const RECORD_FIELD = {
	creditNote: { amount: 'grossAmount' },
	refund: { refundedAt: 'validatedAt' },
};
const AMOUNTS = new Set(['grossAmount', 'netAmount', 'amount']);
const DATES = new Set(['issuedAt', 'dueDate', 'validatedAt', 'refundedAt']);

/** The run finished, without a workflow error, and (given the workflow) every node of it ran. */
function expectSuccessfulRun(result, workflow, label) {
	if (!result.run)
		throw new Check(
			`${label}: n8n printed no execution (exit code ${result.code})\n${tailOf(result.output ?? '', 20)}`,
		);
	const error = result.resultData.error;
	if (error)
		throw new Check(
			`${label}: the execution failed in "${error.node?.name ?? '?'}": ${error.message}${error.description ? ` (${error.description})` : ''}`,
		);
	expect(
		result.code === 0,
		`${label}: n8n execute exited with code ${result.code}\n${tailOf(result.output ?? '', 20)}`,
	);
	for (const node of workflow?.nodes ?? []) {
		if (/trigger/i.test(node.type) && !result.resultData.runData[node.name]) continue; // the other start node
		if (node.type === 'n8n-nodes-base.stickyNote') continue;
		expect(result.resultData.runData[node.name], `${label}: node "${node.name}" did not run`);
	}
}

/** The node that feeds `name` (main input 0). */
function parentOf(workflow, name) {
	for (const [from, conn] of Object.entries(workflow.connections))
		for (const outputs of conn.main ?? [])
			for (const c of outputs ?? []) if (c.node === name) return from;
	return undefined;
}

/** `={{ $json.col }}` -> 'col' (undefined for any other expression or a fixed value). */
function jsonColumn(value) {
	const m = typeof value === 'string' && value.match(/^=\{\{\s*\$json\.([A-Za-z0-9_]+)\s*\}\}$/);
	return m ? m[1] : undefined;
}

/** An amount as the workflow gives it, in the currency's smallest unit as Upflow stores it. */
function cents(value, amountsIn, currency = 'EUR') {
	return amountsIn === 'decimal'
		? Math.round(Number(String(value)) * 10 ** minorUnitDigits(String(currency)))
		: Number(value);
}

/**
 * For each Create or Update node: its output has one item per input row, each with the Upflow id;
 * the emulator holds exactly one record per row (by externalId), and each field set from a column
 * holds that column's value. Returns lines describing what was compared.
 */
function compareUpserts(workflow, resultData, state, { skippedOk = false, exact = true } = {}) {
	const lines = [];
	const expected = {};
	const customersById = new Map(state.customers.map((c) => [c.id, c]));
	for (const node of upflowNodes(workflow, (p) => p.operation === 'upsert')) {
		const p = node.parameters;
		const coll = COLLECTION[p.resource];
		const rows = nodeItems(resultData, parentOf(workflow, node.name)) ?? [];
		const out = nodeItems(resultData, node.name) ?? [];
		expect(
			out.length === rows.length,
			`"${node.name}": ${rows.length} items in, ${out.length} out`,
		);
		const failed = out.filter((o) => o.error);
		expect(
			failed.length === 0,
			`"${node.name}": ${failed.length} items failed, first: ${JSON.stringify(failed[0])}`,
		);
		const records = new Map(state[coll].map((r) => [r.externalId, r]));
		let compared = 0;
		const extCol = jsonColumn(p.externalId);
		rows.forEach((row, i) => {
			const ext = extCol ? row[extCol] : out[i].externalId;
			expect(
				out[i].externalId === ext,
				`"${node.name}" item ${i}: output externalId ${out[i].externalId}, expected ${ext}`,
			);
			if (!(skippedOk && out[i].skipped))
				expect(
					typeof out[i].id === 'string' && out[i].id,
					`"${node.name}" item ${i}: no Upflow id in the output`,
				);
			const rec = records.get(ext);
			expect(rec, `"${node.name}": ${coll} ${ext} is not in the emulator`);
			if (out[i].id)
				expect(
					rec.id === out[i].id,
					`"${node.name}" item ${i}: n8n says id ${out[i].id}, the emulator has ${rec.id}`,
				);
			for (const [param, value] of Object.entries(p)) {
				const col = jsonColumn(value);
				if (!col || param === 'externalId' || !(col in row)) continue;
				const want = row[col];
				const field = RECORD_FIELD[p.resource]?.[param] ?? param;
				if (AMOUNTS.has(param))
					expect(
						rec[field] === cents(want, p.amountsIn, rec.currency),
						`${coll} ${ext}.${field}: ${rec[field]} in Upflow, source ${want} (${p.amountsIn})`,
					);
				else if (DATES.has(param))
					expect(
						String(rec[field]).slice(0, 10) === String(want).slice(0, 10),
						`${coll} ${ext}.${field}: ${rec[field]} in Upflow, source ${want}`,
					);
				else if (field in rec)
					expect(
						rec[field] === want,
						`${coll} ${ext}.${field}: ${JSON.stringify(rec[field])} in Upflow, source ${JSON.stringify(want)}`,
					);
				else continue;
				compared++;
			}
			const customerCol = jsonColumn(p.customer?.value);
			if (customerCol && p.customer.mode === 'externalId') {
				const customerId = rec.customerId ?? rec.customer?.id;
				const owner = customersById.get(customerId);
				expect(
					owner && owner.externalId === row[customerCol],
					`${coll} ${ext}: belongs to ${owner?.externalId ?? customerId} in Upflow, source ${row[customerCol]}`,
				);
				compared++;
			}
		});
		const ids = rows.map((r, i) => (extCol ? r[extCol] : out[i].externalId));
		expected[coll] ??= new Set();
		for (const id of ids) expected[coll].add(id);
		lines.push(
			`"${node.name}": ${rows.length} rows -> ${new Set(ids).size} ${coll} in Upflow, ${compared} field values equal to the source`,
		);
	}
	// A fresh organization: nothing more than the rows, and never twice the same externalId.
	for (const [coll, ids] of Object.entries(expected)) {
		const dup = state[coll].length - new Set(state[coll].map((r) => r.externalId)).size;
		expect(dup === 0, `${coll}: ${dup} duplicated externalIds in the emulator`);
		if (exact)
			expect(
				state[coll].length === ids.size,
				`${coll}: the emulator holds ${state[coll].length}, the source has ${ids.size}`,
			);
	}
	return lines;
}

module.exports = { expectSuccessfulRun, compareUpserts, parentOf };
