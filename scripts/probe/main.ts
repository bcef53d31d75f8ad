/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- a command-line probe run by Node, not n8n: it reads flags and environment and writes its report */
/**
 * `npm run probe`: checks the contract home (test/contract/upflow.ts) against an Upflow API and
 * prints which facts hold; its flags are USAGE below (--help). Test tooling only (runs TypeScript
 * through scripts/run.js); never part of the published package.
 */
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs as parseFlags } from 'node:util';

import { systemClock } from '../../nodes/Upflow/transport/clock';
import type { Clock } from '../../nodes/Upflow/transport/clock';
import { SANDBOX_HOST, resolveBaseUrl } from '../../nodes/Upflow/transport/connection';
import { DEMO_API_KEY, DEMO_API_SECRET, startEmulator } from '../../test/emulator';
import type { Emulator, StartOptions } from '../../test/emulator';
import { bodies, checked } from './bodies';
import { evaluate } from './facts';
import { MAX_REQUESTS, PER_SECOND } from './http';
import { WRITE_SET, runProbe } from './probe';
import { RATE_LIMIT_BUDGET, RATE_LIMIT_WINDOW_MS } from './rateLimit';
import type { TargetKind } from './probe';
import { ISSUES_URL, buildReport, redactAll, renderText } from './report';

export const USAGE = `Usage: npm run probe -- [--sandbox | --base-url URL] [--write] [--rate-limit] [--yes] [--json FILE]

Checks every fact of the project's contract home (test/contract/upflow.ts) that a request can settle
and prints, for each, confirmed / contradicted (observed: ...) / not tested (why), with the change to
make in test/contract/upflow.ts for each contradiction.

  (no target)      probe a local emulator started for the run (read-only)
  --sandbox        probe Upflow's sandbox (${SANDBOX_HOST}/v1)
  --base-url URL   probe another host (the /v1 suffix is added when missing)
                   Both read the key pair from UPFLOW_API_KEY and UPFLOW_API_SECRET; neither is
                   ever printed or written.
  --write          (sandbox / base URL only) also create a small uniquely named set (customer, two
                   contacts, invoice + PDF, credit note, payment, refund, portal link), read it back,
                   then delete it in reverse order; asks first unless --yes
  --rate-limit     also, last, provoke the organization's rate limit once and measure it: whether a
                   429 carries Retry-After and rate-limit headers, and whether a refused request
                   takes a slot of the window. Spends about a minute of the organization's budget
                   (up to ${RATE_LIMIT_BUDGET} reads, the window full for a minute): other tools on the
                   organization get 429s meanwhile; asks first unless --yes
  --yes            do not ask before --write or --rate-limit
  --json FILE      also write the report as JSON (attach it to an issue: ${ISSUES_URL})

At most ${MAX_REQUESTS} requests, at most ${PER_SECOND} a second, one at a time, with the node's retry rules;
stops at the first 401. Exit code: 0 all tested facts confirmed, 1 contradictions or records left
undeleted, 2 usage error, 3 the key pair was refused (401).`;

export interface MainIo {
	env: Record<string, string | undefined>;
	out: (text: string) => void;
	err: (text: string) => void;
	/** Asks before --write; default: a yes/no question on the terminal. */
	confirm: (question: string) => Promise<boolean>;
	clock: Clock;
	/** Tests only: a faster rate against their own emulator. */
	perSecond: number;
	/** Options for the emulator of a run without target (tests switch its behaviour). */
	emulator: StartOptions;
	/** --rate-limit: the organization's window (Upflow's minute; tests use a shorter one). */
	rateLimitWindowMs: number;
}

const OPTIONS = {
	sandbox: { type: 'boolean' },
	'base-url': { type: 'string' },
	write: { type: 'boolean' },
	'rate-limit': { type: 'boolean' },
	yes: { type: 'boolean', short: 'y' },
	json: { type: 'string' },
	help: { type: 'boolean', short: 'h' },
} as const;

export function parseArgs(argv: readonly string[]) {
	const { values } = parseFlags({ args: [...argv], options: OPTIONS, strict: true });
	const { sandbox, 'base-url': baseUrl, json } = values;
	for (const [flag, value] of [
		['--base-url', baseUrl],
		['--json', json],
	])
		if (value === '') throw new Error(`${flag} needs a value`);
	if (sandbox && baseUrl) throw new Error('--sandbox and --base-url exclude each other');
	const target: TargetKind = sandbox ? 'sandbox' : baseUrl ? 'base-url' : 'emulator';
	if (values.write && target === 'emulator')
		throw new Error(
			'--write runs only against --sandbox or --base-url (the local emulator run is read-only)',
		);
	return { ...values, target, baseUrl, rateLimit: values['rate-limit'] };
}

async function askOnTerminal(question: string): Promise<boolean> {
	if (!process.stdin.isTTY) return false;
	const rl = createInterface({ input: process.stdin, output: process.stderr });
	try {
		return /^y(es)?$/i.test((await rl.question(question)).trim());
	} finally {
		rl.close();
	}
}

/** A few records of every kind, so the emulator run has lists to read; each body is the contract's. */
export async function seedEmulator(emu: Emulator, clock: Clock): Promise<string[]> {
	const warnings: string[] = [];
	const org = emu.org();
	const make = bodies('seed', clock.now());
	const attempt = (what: string, fn: () => void) => {
		try {
			fn();
		} catch (error) {
			warnings.push(
				`the emulator refused the contract's ${what} body: ${(error as Error).message}`,
			);
		}
	};
	const customer = { externalId: 'seed customer' };
	const customerBody = {
		...customer,
		name: 'Seed customer',
		contacts: [make.contact('a'), make.contact('b')],
	};
	attempt('customer.upsert', () =>
		org.upsert('customers', checked('customer.upsert', customerBody)),
	);
	for (const tag of ['invoice-1', 'invoice-2'])
		attempt('invoice.upsert', () => org.upsert('invoices', make.invoice(customer, tag)));
	attempt('creditNote.upsert', () =>
		org.upsert('creditNotes', make.creditNote(customer, undefined)),
	);
	// Payments a few milliseconds apart: their createdAt tells the list's order.
	for (const tag of ['payment-1', 'payment-2', 'payment-3']) {
		attempt('payment.upsert', () => org.upsert('payments', make.payment(customer, undefined, tag)));
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
	attempt('refund.upsert', () =>
		org.upsert('refunds', make.refund(customer, undefined, undefined)),
	);
	const field = { name: 'Seed segment', entityType: 'CUSTOMER', dataType: 'TEXT' };
	attempt('customField.create', () => org.createCustomField(checked('customField.create', field)));
	return warnings;
}

export async function main(argv: readonly string[], io: Partial<MainIo> = {}): Promise<number> {
	const env = io.env ?? process.env;
	const clock = io.clock ?? systemClock;
	let secrets: string[] = [];
	// Every line goes through the redaction, whatever it says.
	const out = (text: string) =>
		(io.out ?? ((t: string) => process.stdout.write(`${t}\n`)))(redactAll(text, secrets));
	const err = (text: string) =>
		(io.err ?? ((t: string) => process.stderr.write(`${t}\n`)))(redactAll(text, secrets));

	const fail = (message: string) => {
		err(`probe: ${message}`);
		return 2;
	};

	let args: ReturnType<typeof parseArgs>;
	try {
		args = parseArgs(argv);
	} catch (error) {
		return fail(`${(error as Error).message}\n\n${USAGE}`);
	}
	if (args.help) {
		out(USAGE);
		return 0;
	}

	const names = ['UPFLOW_API_KEY', 'UPFLOW_API_SECRET'];
	const [apiKey, apiSecret] =
		args.target === 'emulator'
			? [DEMO_API_KEY, DEMO_API_SECRET]
			: names.map((name) => (env[name] ?? '').trim());
	secrets = [apiKey, apiSecret];
	let emu: Emulator | undefined;
	let baseUrl: string;
	const warnings: string[] = [];
	if (args.target === 'emulator') {
		emu = await startEmulator({ port: 0, ...io.emulator });
		warnings.push(...(await seedEmulator(emu, clock)));
		baseUrl = emu.baseUrl;
	} else {
		if (!apiKey || !apiSecret)
			return fail(
				'set UPFLOW_API_KEY and UPFLOW_API_SECRET (Upflow > Settings > API) in the environment first.',
			);
		// A header cannot carry spaces or line breaks, and the error fetch would throw quotes the value.
		const bad = names.filter((_, i) => !/^[\x21-\x7e]+$/.test(secrets[i]));
		if (bad.length)
			return fail(
				`${bad.join(' and ')} hold characters an HTTP header cannot carry (a space, a line break, a non-ASCII letter?): copy the value again.`,
			);
		try {
			baseUrl = resolveBaseUrl(args.target === 'sandbox' ? 'sandbox' : 'custom', args.baseUrl);
		} catch (error) {
			return fail((error as Error).message);
		}
	}

	try {
		const go = async (question: string) =>
			args.yes || (await (io.confirm ?? askOnTerminal)(question));
		let confirmed =
			!args.write ||
			(await go(
				`--write creates ${WRITE_SET.join('; ')} in the organization at ${baseUrl}, reads them back and deletes them. Go on? [y/N] `,
			));
		if (confirmed && args.rateLimit) {
			err(
				`probe: --rate-limit spends about a minute of the organization's budget at ${baseUrl}: up to ${RATE_LIMIT_BUDGET} reads until Upflow answers 429, then the window stays full for a minute (other tools on this organization get 429s meanwhile).`,
			);
			confirmed = await go('Provoke the rate limit now? [y/N] ');
		}
		if (!confirmed) return fail('not confirmed (answer y, or pass --yes); nothing was sent.');
		for (const w of warnings) err(`probe: ${w}`);
		err(
			`probe: ${args.target} ${baseUrl}, ${args.write ? 'write' : 'read-only'}: at most ${MAX_REQUESTS} requests, ${io.perSecond ?? PER_SECOND} a second ...`,
		);
		const obs = await runProbe({
			target: args.target,
			baseUrl,
			apiKey,
			apiSecret,
			write: Boolean(args.write),
			clock,
			perSecond: io.perSecond,
			progress: (line) => err(`  ${line}`),
			rateLimit: args.rateLimit
				? { windowMs: io.rateLimitWindowMs ?? RATE_LIMIT_WINDOW_MS }
				: undefined,
		});
		if (warnings.length) obs.recorded.emulatorSeed = warnings;
		const report = buildReport(obs, evaluate(obs));
		out(renderText(report));
		if (args.json) {
			writeFileSync(args.json, `${redactAll(JSON.stringify(report, null, 2), secrets)}\n`);
			err(`probe: report written to ${args.json}`);
		}
		if (report.stopped?.why === 'unauthorized') return 3;
		return report.summary.contradicted > 0 || report.notDeleted.length > 0 ? 1 : 0;
	} finally {
		await emu?.close();
	}
}
