/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- a command-line demo run by Node, not n8n: it reads files and flags and prints its report */
/**
 * `npm run demo`: the initial import of examples/initial-import.workflow.json, run by n8n's real
 * engine (n8n-core WorkflowExecute, through test/engine/harness.ts) with the BUILT package against
 * the local Upflow emulator (Upflow's limits, a little latency, a few injected faults). Prints what
 * was imported, how long it took, the request rate against the ceiling, retries and failures, then
 * checks all of it against the emulator's state and request log; exits 1 on any mismatch.
 *
 *   npm run demo -- [--scale N] [--fault-rate 0.03] [--seed 7] [--latency 30] [--jitter 10]
 *                      [--concurrency 5]
 *
 * Test tooling only: never part of the published package.
 */
import path from 'node:path';

import { startEmulator } from '../test/emulator';
import { runWorkflow, upflowCredentials, type HarnessNode } from '../test/engine/harness';
import { analyseLog, centsOf, checkImport, importItems } from '../test/support/importChecks';
import { CODE_TYPE, EXAMPLES_DIR, readWorkflow } from '../test/support/workflows';
import { registerStandIns } from './demo/stand-ins';

const UPFLOW_RATE_PER_MINUTE = 600;
const UPFLOW_CONCURRENCY = 10;
const WORKFLOW_FILE = path.join(EXAMPLES_DIR, 'initial-import.workflow.json');

/** Each flag and the option it sets, with its default. */
const FLAGS = {
	'--scale': ['scale', 1],
	'--fault-rate': ['rate', 0.03],
	'--seed': ['seed', 7],
	'--latency': ['latencyMs', 30],
	'--jitter': ['jitterMs', 10],
	'--concurrency': ['concurrency', 5],
} as const;
type Options = Record<(typeof FLAGS)[keyof typeof FLAGS][0], number>;

function parseOptions(argv: string[]): Options {
	const options = Object.fromEntries(Object.values(FLAGS)) as Options;
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2);
		if (!(flag in FLAGS))
			throw new Error(`unknown option ${argv[i]} (known: ${Object.keys(FLAGS).join(', ')})`);
		const value = inline ?? argv[++i];
		const n = Number(value);
		if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a number >= 0 (got ${value})`);
		options[FLAGS[flag as keyof typeof FLAGS][0]] = n;
	}
	const integer = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;
	if (!integer(options.scale, 20)) throw new Error('--scale must be an integer from 1 to 20');
	if (options.rate > 0.5) throw new Error('--fault-rate must be at most 0.5');
	if (!integer(options.concurrency, UPFLOW_CONCURRENCY))
		throw new Error(`--concurrency must be an integer from 1 to ${UPFLOW_CONCURRENCY}`);
	return options;
}

/** The line of the Code nodes' source generator that --scale rewrites. */
const SCALE_LINE = /^const SCALE = \d+;/m;

/** The workflow file, with `const SCALE = N;` rewritten in every Code node for --scale. */
function loadWorkflow(scale: number) {
	const workflow = readWorkflow(WORKFLOW_FILE);
	for (const node of workflow.nodes.filter((candidate) => candidate.type === CODE_TYPE)) {
		const code = String(node.parameters.jsCode ?? '');
		if (!SCALE_LINE.test(code))
			throw new Error(`--scale: Code node "${node.name}" has no "const SCALE = 1;" line`);
		node.parameters.jsCode = code.replace(SCALE_LINE, `const SCALE = ${scale};`);
	}
	return workflow;
}

const formatCount = (n: number) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
/** 12345678 -> "123,456.78" (amounts here are never negative) */
const formatCents = (cents: number) =>
	`${formatCount(Math.floor(cents / 100))}.${String(cents % 100).padStart(2, '0')}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const percent = (part: number, whole: number) => `${Math.round((part / whole) * 100)}%`;
const pad = (text: string | number, width: number) => String(text).padStart(width);
const say = (...lines: string[]) => console.log(lines.join('\n'));
/** "EUR 1,234.56, GBP 78.90" from [currency, cents] pairs. */
function byCurrency(pairs: Array<[string, number]>): string {
	const totals = new Map<string, number>();
	for (const [currency, cents] of pairs) totals.set(currency, (totals.get(currency) ?? 0) + cents);
	const text = [...totals].sort().map(([currency, cents]) => `${currency} ${formatCents(cents)}`);
	return text.join(', ') || 'nothing';
}

export async function main(argv: string[]): Promise<number> {
	const { scale, concurrency, ...faults } = parseOptions(argv);
	const workflow = loadWorkflow(scale);
	// Its default organization is the demo key pair with Upflow's limits (600 a minute, 10 in flight).
	const emulator = await startEmulator({ port: 0, faults });
	try {
		say(
			'Upflow initial import demo',
			`  workflow   ${path.relative(process.cwd(), WORKFLOW_FILE)} ("${workflow.name}", ${workflow.nodes.length} nodes)`,
			'  engine     n8n-core WorkflowExecute; Manual Trigger and Code run as stand-ins (n8n-nodes-base is not',
			"             installed); the Upflow nodes are the built package (dist/), loaded by n8n's PackageDirectoryLoader",
			`  Upflow     local emulator ${emulator.baseUrl}: ${UPFLOW_RATE_PER_MINUTE} requests/minute (any 60 s window), ${UPFLOW_CONCURRENCY} in flight;`,
			`             latency ${faults.latencyMs} ms +/- ${faults.jitterMs} ms; ${Math.round(faults.rate * 1000) / 10}% injected faults (500/502/503/504, dropped connections; seed ${faults.seed})`,
			`  credential ${UPFLOW_RATE_PER_MINUTE} requests/minute, ${concurrency} concurrent requests, retries for up to 120 s`,
			'',
			'Running the workflow ...',
		);

		registerStandIns();
		const started = Date.now();
		const result = await runWorkflow({
			nodes: workflow.nodes as unknown as HarnessNode[],
			connections: workflow.connections,
			credentials: {
				upflowApi: upflowCredentials(emulator, {
					requestsPerMinute: UPFLOW_RATE_PER_MINUTE,
					maxConcurrency: concurrency,
					retryBudgetSeconds: 120,
				}),
			},
			settings: workflow.settings,
		}).catch((error: Error) => error);
		if (result instanceof Error) {
			console.error(`The engine could not run the workflow: ${result.stack ?? String(result)}`);
			return 1;
		}
		const elapsedMs = Date.now() - started;

		const { rows, outputs } = importItems((node) => result.output(node));
		const error = result.error;
		const executionError = error
			? `${String((error as { node?: { name?: string } }).node?.name ?? 'a node')}: ${error.message}` +
				(error.description && error.description !== error.message
					? ` (${String(error.description)})`
					: '')
			: undefined;
		const dump = emulator.dump();
		const log = analyseLog(emulator.log());
		const failedItems = Object.values(outputs)
			.flat()
			.filter((item) => item.error || item.json.error).length;

		// ---- what was imported ----------------------------------------------------------------
		const invoicesWhere = (test: (invoice: (typeof dump.invoices)[number]) => boolean) =>
			dump.invoices.filter(test).length;
		const note = dump.creditNotes[0];
		const refund = dump.refunds[0];
		const reconciliation = dump.reconciliations[0];
		const matched = dump.payments.find((payment) => payment.id === reconciliation?.payments[0]?.id);
		const firstInvoice = rows.invoices[0];
		const stored = dump.invoices.find((invoice) => invoice.externalId === firstInvoice?.externalId);
		say(
			'',
			'Imported (counted in the emulator)',
			`  customers     ${pad(dump.customers.length, 5)}   with ${dump.contacts.length} contacts (a main billing contact and accounts payable each)`,
			`  invoices      ${pad(dump.invoices.length, 5)}   ${byCurrency(dump.invoices.map((invoice) => [invoice.currency, invoice.grossAmount]))} gross`,
			`  payments      ${pad(dump.payments.length, 5)}   ${byCurrency(dump.payments.map((payment) => [payment.currency, payment.amount]))}, each applied to its invoice (one matched later, below)`,
			`                        -> invoices: ${invoicesWhere((invoice) => invoice.state === 'PAID')} paid, ` +
				`${invoicesWhere((invoice) => invoice.payments.length > 0 && invoice.amountOutstanding > 0)} partly paid, ` +
				`${invoicesWhere((invoice) => invoice.payments.length === 0 && invoice.amountOutstanding > 0)} unpaid`,
			`  credit notes  ${pad(dump.creditNotes.length, 5)}` +
				(note
					? `   ${note.customId} ${note.currency} ${formatCents(note.grossAmount)} gross, ${formatCents(note.netAmount)} net, on ${note.linkedInvoices.map((link) => link.invoice.externalId).join(', ')}`
					: ''),
			`  refunds       ${pad(dump.refunds.length, 5)}` +
				(refund
					? `   ${refund.externalId} ${refund.currency} ${formatCents(refund.amount)} validated ${refund.validatedAt.slice(0, 10)}, of ${refund.linkedCreditNotes.map((link) => link.creditNote.externalId).join(', ')}`
					: ''),
			`  reconciled    ${pad(dump.reconciliations.length, 5)}` +
				(reconciliation
					? `   ${reconciliation.externalId}: payment ${matched?.externalId ?? '?'} (${matched?.currency ?? ''} ${formatCents(matched?.amount ?? 0)}, imported unmatched) -> ` +
						reconciliation.invoices
							.map((item) => `${String(item.externalId)} ${formatCents(item.amountLinked)}`)
							.join(' + ') +
						`; invoices now ${reconciliation.invoices.map((item) => dump.invoices.find((invoice) => invoice.id === item.id)?.state ?? '?').join(', ')}`
					: ''),
		);
		if (firstInvoice)
			say(
				`  amounts       decimal in the source, cents in Upflow, exactly: "${String(firstInvoice.grossAmount)}" -> ${stored?.grossAmount ?? '?'} (expected ${centsOf(firstInvoice.grossAmount)})`,
			);

		// ---- how it ran -----------------------------------------------------------------------
		const records = Object.values(rows).flat().length;
		const faultText = Object.entries(log.faults)
			.sort()
			.map(([kind, count]) => `${count} x ${kind}`)
			.join(', ');
		const shortRun = log.spanMs < 60_000;
		say(
			'',
			'Run',
			`  time          ${seconds(elapsedMs)} for the whole workflow; Upflow traffic ${seconds(log.spanMs)} (first request to last answer)`,
			`  requests      ${formatCount(log.attempts)} sent for ${formatCount(records)} records (${formatCount(log.succeeded)} answered 2xx)`,
			`  rate          busiest 60 s window: ${formatCount(log.busiestWindow)} requests = ${percent(log.busiestWindow, UPFLOW_RATE_PER_MINUTE)} of the ${UPFLOW_RATE_PER_MINUTE}/minute ceiling` +
				(shortRun
					? ` (the run is shorter than a minute: ${formatCount(log.attempts)} requests in ${seconds(log.spanMs)})`
					: ''),
			...(shortRun && log.busiestWindow < UPFLOW_RATE_PER_MINUTE
				? [
						'                Upflow counts any 60 s window, so a batch under 600 requests goes at full concurrency;',
						'                `npm run demo -- --scale 3` imports ~1,080 records to watch the node hold the ceiling',
					]
				: []),
			`  in flight     at most ${log.peakInFlight} at once (credential: ${concurrency}, Upflow: ${UPFLOW_CONCURRENCY}); 429 rate-limited answers: ${log.rateLimited}`,
			`  retries       ${log.attempts - log.succeeded} failed attempts${faultText ? ` (${faultText}${log.rateLimited ? `, ${log.rateLimited} x 429` : ''})` : ''}, ` +
				`${log.recovered} followed by a successful repeat of the same call`,
			`  failures      ${failedItems} failed items, ${log.unrecovered.length} unrecovered requests, ${log.refused.length} refused by Upflow${executionError ? `; execution error: ${executionError}` : ''}`,
		);

		// ---- checks ---------------------------------------------------------------------------
		const checks = checkImport({
			rows,
			outputs,
			dump,
			log,
			limits: {
				requestsPerMinute: UPFLOW_RATE_PER_MINUTE,
				credentialConcurrency: concurrency,
				upflowConcurrency: UPFLOW_CONCURRENCY,
			},
			executionError,
		});
		const failedChecks = checks.filter((check) => !check.ok).length;
		say(
			'',
			"Checks (workflow output and this printout against the emulator's state and request log)",
			...checks.map(
				(check) =>
					`  ${check.ok ? 'ok  ' : 'FAIL'}  ${check.name}${check.detail ? `\n          ${check.detail}` : ''}`,
			),
			'',
		);
		if (failedChecks === 0 && failedItems === 0) {
			say(
				`PASS: ${formatCount(records)} records imported through n8n in ${seconds(elapsedMs)}, all ${checks.length} checks passed.`,
			);
			return 0;
		}
		say(
			`FAIL: ${failedChecks} of ${checks.length} checks failed${failedItems ? `, ${failedItems} failed items` : ''}.`,
		);
		return 1;
	} finally {
		await emulator.close();
	}
}
