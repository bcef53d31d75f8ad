/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- a command-line demo run by Node, not n8n: it reads files and flags and prints its report */
/**
 * `npm run demo`: the initial import of examples/initial-import.workflow.json, run by n8n's real
 * engine (n8n-core WorkflowExecute, through test/engine/harness.ts) with the BUILT package against
 * the local Upflow emulator (Upflow's limits, a little latency, a few injected faults). Prints what
 * was imported, how long it took, the request rate against the ceiling, retries and failures, then
 * checks all of it against the emulator's state and request log; exits 1 on any mismatch.
 *
 *   npm run demo -- [--scale N] [--fault-rate 0.03] [--seed 7] [--latency 30] [--jitter 10]
 *                      [--concurrency 5] [--workflow path.json]
 *
 * Test tooling only: never part of the published package.
 */
import path from 'node:path';

import { DEMO_API_KEY, DEMO_API_SECRET, startEmulator, type Emulator } from '../test/emulator';
import {
	REPO_ROOT,
	runWorkflow,
	upflowCredentials,
	type HarnessNode,
	type WorkflowRunResult,
} from '../test/engine/harness';
import {
	IMPORT_STEPS,
	analyseLog,
	centsOf,
	checkImport,
	importItems,
} from '../test/support/importChecks';
import { CODE_TYPE, readWorkflow, type WorkflowFile } from '../test/support/workflows';
import { registerStandIns } from './demo/stand-ins';

const UPFLOW_RATE_PER_MINUTE = 600;
const UPFLOW_CONCURRENCY = 10;

interface Options {
	workflow: string;
	scale: number;
	faultRate: number;
	seed: number;
	latencyMs: number;
	jitterMs: number;
	concurrency: number;
}

function parseOptions(argv: string[]): Options {
	const options: Options = {
		workflow: path.join(REPO_ROOT, 'examples', 'initial-import.workflow.json'),
		scale: 1,
		faultRate: 0.03,
		seed: 7,
		latencyMs: 30,
		jitterMs: 10,
		concurrency: 5,
	};
	const numeric: Record<string, keyof Options> = {
		'--scale': 'scale',
		'--fault-rate': 'faultRate',
		'--seed': 'seed',
		'--latency': 'latencyMs',
		'--jitter': 'jitterMs',
		'--concurrency': 'concurrency',
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2);
		const value = inline ?? argv[++i];
		if (flag === '--workflow') {
			options.workflow = path.resolve(value);
		} else if (flag in numeric) {
			const n = Number(value);
			if (!Number.isFinite(n) || n < 0)
				throw new Error(`${flag} needs a number >= 0 (got ${value})`);
			(options[numeric[flag]] as number) = n;
		} else {
			throw new Error(
				`unknown option ${argv[i]} (known: --scale, --fault-rate, --seed, --latency, --jitter, --concurrency, --workflow)`,
			);
		}
	}
	if (!Number.isInteger(options.scale) || options.scale < 1 || options.scale > 20)
		throw new Error('--scale must be an integer from 1 to 20');
	if (options.faultRate > 0.5) throw new Error('--fault-rate must be at most 0.5');
	if (
		!Number.isInteger(options.concurrency) ||
		options.concurrency < 1 ||
		options.concurrency > UPFLOW_CONCURRENCY
	) {
		throw new Error(`--concurrency must be an integer from 1 to ${UPFLOW_CONCURRENCY}`);
	}
	return options;
}

/** The line of the Code nodes' source generator that --scale rewrites. */
const SCALE_LINE = /^const SCALE = \d+;/m;

/** The workflow file, with `const SCALE = N;` rewritten in every Code node for --scale. */
function loadWorkflow(file: string, scale: number): WorkflowFile {
	const workflow = readWorkflow(file);
	if (scale !== 1) {
		for (const node of workflow.nodes.filter((candidate) => candidate.type === CODE_TYPE)) {
			const code = String(node.parameters.jsCode ?? '');
			if (!SCALE_LINE.test(code))
				throw new Error(`--scale: Code node "${node.name}" has no "const SCALE = 1;" line`);
			node.parameters.jsCode = code.replace(SCALE_LINE, `const SCALE = ${scale};`);
		}
	}
	return workflow;
}

const formatCount = (n: number) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
/** 12345678 -> "123,456.78" */
function formatCents(cents: number): string {
	const whole = formatCount(Math.floor(Math.abs(cents) / 100));
	return `${cents < 0 ? '-' : ''}${whole}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;
}
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const percent = (part: number, whole: number) => `${Math.round((part / whole) * 100)}%`;
const pad = (text: string | number, width: number) => String(text).padStart(width);

export async function main(argv: string[]): Promise<number> {
	const options = parseOptions(argv);
	const workflow = loadWorkflow(options.workflow, options.scale);
	const relative = path.relative(process.cwd(), options.workflow) || options.workflow;

	const emulator: Emulator = await startEmulator({
		port: 0,
		organizations: [
			{
				apiKey: DEMO_API_KEY,
				apiSecret: DEMO_API_SECRET,
				requestsPerWindow: UPFLOW_RATE_PER_MINUTE,
				windowMs: 60_000,
				concurrency: UPFLOW_CONCURRENCY,
			},
		],
		faults: {
			rate: options.faultRate,
			seed: options.seed,
			latencyMs: options.latencyMs,
			jitterMs: options.jitterMs,
		},
	});
	try {
		const credentials = upflowCredentials(emulator, {
			requestsPerMinute: UPFLOW_RATE_PER_MINUTE,
			maxConcurrency: options.concurrency,
			retryBudgetSeconds: 120,
		});

		console.log('Upflow initial import demo');
		console.log(`  workflow   ${relative} ("${workflow.name}", ${workflow.nodes.length} nodes)`);
		console.log(
			'  engine     n8n-core WorkflowExecute; Manual Trigger and Code run as stand-ins (n8n-nodes-base is not',
		);
		console.log(
			"             installed); the Upflow nodes are the built package (dist/), loaded by n8n's PackageDirectoryLoader",
		);
		console.log(
			`  Upflow     local emulator ${emulator.baseUrl}: ${UPFLOW_RATE_PER_MINUTE} requests/minute (any 60 s window), ${UPFLOW_CONCURRENCY} in flight;`,
		);
		console.log(
			`             latency ${options.latencyMs} ms +/- ${options.jitterMs} ms; ${Math.round(options.faultRate * 1000) / 10}% injected faults (500/502/503/504, dropped connections; seed ${options.seed})`,
		);
		console.log(
			`  credential ${UPFLOW_RATE_PER_MINUTE} requests/minute, ${options.concurrency} concurrent requests, retries for up to 120 s`,
		);
		console.log('');
		console.log('Running the workflow ...');

		registerStandIns();
		const started = Date.now();
		let result: WorkflowRunResult;
		try {
			result = await runWorkflow({
				nodes: workflow.nodes as unknown as HarnessNode[],
				connections: workflow.connections,
				credentials: { upflowApi: credentials },
				settings: workflow.settings,
			});
		} catch (error) {
			console.error(
				`The engine could not run the workflow: ${(error as Error).stack ?? String(error)}`,
			);
			return 1;
		}
		const elapsedMs = Date.now() - started;

		const { rows, outputs } = importItems((node) => result.output(node));
		const executionError = result.error
			? `${String((result.error as { node?: { name?: string } }).node?.name ?? 'a node')}: ${result.error.message}` +
				(result.error.description && result.error.description !== result.error.message
					? ` (${String(result.error.description)})`
					: '')
			: undefined;
		const dump = emulator.dump(DEMO_API_KEY);
		const log = analyseLog(emulator.log(DEMO_API_KEY));
		const failedItems = Object.values(outputs)
			.flat()
			.filter((item) => item.error || item.json.error).length;

		// ---- what was imported ----------------------------------------------------------------
		console.log('');
		console.log('Imported (counted in the emulator)');
		const paidInFull = dump.invoices.filter((invoice) => invoice.state === 'PAID').length;
		const partlyPaid = dump.invoices.filter(
			(invoice) => invoice.payments.length > 0 && invoice.amountOutstanding > 0,
		).length;
		const unpaid = dump.invoices.filter(
			(invoice) => invoice.payments.length === 0 && invoice.amountOutstanding > 0,
		).length;
		const byCurrency = (pairs: Array<[string, number]>) => {
			const totals = new Map<string, number>();
			for (const [currency, cents] of pairs)
				totals.set(currency, (totals.get(currency) ?? 0) + cents);
			return (
				[...totals]
					.sort()
					.map(([currency, cents]) => `${currency} ${formatCents(cents)}`)
					.join(', ') || 'nothing'
			);
		};
		const note = dump.creditNotes[0];
		const refund = dump.refunds[0];
		const firstInvoice = rows.invoices[0];
		console.log(
			`  customers     ${pad(dump.customers.length, 5)}   with ${dump.contacts.length} contacts (a main billing contact and accounts payable each)`,
		);
		console.log(
			`  invoices      ${pad(dump.invoices.length, 5)}   ${byCurrency(dump.invoices.map((invoice) => [invoice.currency, invoice.grossAmount]))} gross`,
		);
		console.log(
			`  payments      ${pad(dump.payments.length, 5)}   ${byCurrency(dump.payments.map((payment) => [payment.currency, payment.amount]))}, each applied to its invoice (one matched later, below)`,
		);
		console.log(
			`                        -> invoices: ${paidInFull} paid, ${partlyPaid} partly paid, ${unpaid} unpaid`,
		);
		if (note) {
			console.log(
				`  credit notes  ${pad(dump.creditNotes.length, 5)}   ${note.customId} ${note.currency} ${formatCents(note.grossAmount)} gross, ${formatCents(note.netAmount)} net, on ${note.linkedInvoices.map((link) => link.invoice.externalId).join(', ')}`,
			);
		} else console.log(`  credit notes  ${pad(0, 5)}`);
		if (refund) {
			console.log(
				`  refunds       ${pad(dump.refunds.length, 5)}   ${refund.externalId} ${refund.currency} ${formatCents(refund.amount)} validated ${refund.validatedAt.slice(0, 10)}, of ${refund.linkedCreditNotes.map((link) => link.creditNote.externalId).join(', ')}`,
			);
		} else console.log(`  refunds       ${pad(0, 5)}`);
		const reconciliation = dump.reconciliations[0];
		if (reconciliation) {
			const matched = dump.payments.find(
				(payment) => payment.id === reconciliation.payments[0]?.id,
			);
			console.log(
				`  reconciled    ${pad(dump.reconciliations.length, 5)}   ${reconciliation.externalId}: payment ${matched?.externalId ?? '?'} (${matched?.currency ?? ''} ${formatCents(matched?.amount ?? 0)}, imported unmatched) -> ` +
					reconciliation.invoices
						.map((item) => `${String(item.externalId)} ${formatCents(item.amountLinked)}`)
						.join(' + ') +
					`; invoices now ${reconciliation.invoices.map((item) => dump.invoices.find((invoice) => invoice.id === item.id)?.state ?? '?').join(', ')}`,
			);
		} else console.log(`  reconciled    ${pad(0, 5)}`);
		if (firstInvoice) {
			const stored = dump.invoices.find(
				(invoice) => invoice.externalId === firstInvoice.externalId,
			);
			console.log(
				`  amounts       decimal in the source, cents in Upflow, exactly: "${String(firstInvoice.grossAmount)}" -> ${stored?.grossAmount ?? '?'} (expected ${centsOf(firstInvoice.grossAmount)})`,
			);
		}

		// ---- how it ran -----------------------------------------------------------------------
		const records = IMPORT_STEPS.reduce((sum, step) => sum + rows[step.entity].length, 0);
		const faultText = Object.entries(log.faults)
			.sort()
			.map(([kind, count]) => `${count} x ${kind}`)
			.join(', ');
		const failedAttempts = log.attempts - log.succeeded;
		console.log('');
		console.log('Run');
		console.log(
			`  time          ${seconds(elapsedMs)} for the whole workflow; Upflow traffic ${seconds(log.spanMs)} (first request to last answer)`,
		);
		console.log(
			`  requests      ${formatCount(log.attempts)} sent for ${formatCount(records)} records (${formatCount(log.succeeded)} answered 2xx)`,
		);
		console.log(
			`  rate          busiest 60 s window: ${formatCount(log.busiestWindow)} requests = ${percent(log.busiestWindow, UPFLOW_RATE_PER_MINUTE)} of the ${UPFLOW_RATE_PER_MINUTE}/minute ceiling` +
				(log.spanMs < 60_000
					? ` (the run is shorter than a minute: ${formatCount(log.attempts)} requests in ${seconds(log.spanMs)})`
					: ''),
		);
		if (log.spanMs < 60_000 && log.busiestWindow < UPFLOW_RATE_PER_MINUTE) {
			console.log(
				'                Upflow counts any 60 s window, so a batch under 600 requests goes at full concurrency;',
			);
			console.log(
				'                `npm run demo -- --scale 3` imports ~1,080 records to watch the node hold the ceiling',
			);
		}
		console.log(
			`  in flight     at most ${log.peakInFlight} at once (credential: ${options.concurrency}, Upflow: ${UPFLOW_CONCURRENCY}); 429 rate-limited answers: ${log.rateLimited}`,
		);
		console.log(
			`  retries       ${failedAttempts} failed attempts${faultText ? ` (${faultText}${log.rateLimited ? `, ${log.rateLimited} x 429` : ''})` : ''}, ` +
				`${log.recovered} followed by a successful repeat of the same call`,
		);
		console.log(
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
				credentialConcurrency: options.concurrency,
				upflowConcurrency: UPFLOW_CONCURRENCY,
			},
			executionError,
		});
		console.log('');
		console.log(
			"Checks (workflow output and this printout against the emulator's state and request log)",
		);
		for (const check of checks) {
			console.log(
				`  ${check.ok ? 'ok  ' : 'FAIL'}  ${check.name}${check.detail ? `\n          ${check.detail}` : ''}`,
			);
		}
		const failed = checks.filter((check) => !check.ok).length + (failedItems > 0 ? 1 : 0);
		console.log('');
		if (failed === 0) {
			console.log(
				`PASS: ${formatCount(records)} records imported through n8n in ${seconds(elapsedMs)}, all ${checks.length} checks passed.`,
			);
			return 0;
		}
		console.log(
			`FAIL: ${checks.filter((check) => !check.ok).length} of ${checks.length} checks failed${failedItems ? `, ${failedItems} failed items` : ''}.`,
		);
		return 1;
	} finally {
		await emulator.close();
	}
}
