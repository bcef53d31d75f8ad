/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- the emulator's command line, run by Node, not n8n: flags, signals, its banner */
/**
 * `npm run emulator -- [flags]`: runs the emulator in the foreground until SIGINT/SIGTERM.
 * Prints exactly `Upflow emulator listening on http://127.0.0.1:<port>` when ready (scripts wait
 * for that line). A key pair given on the command line is never printed.
 */
import {
	ALL_FAULT_KINDS,
	DEMO_API_KEY,
	DEMO_API_SECRET,
	LIST_ORDERS,
	startEmulator,
	type FaultKind,
	type StartOptions,
} from './index';
import { checkListOrder } from './order';

const HELP = `Usage: npm run emulator -- [options]

  --port <n>           port on 127.0.0.1 (default 8787; 0 = any free port)
  --api-key <key>      API key of the organization (default: the demo key, printed)
  --api-secret <s>     API secret (give both or neither)
  --rpm <n>            requests per sliding minute (default 600)
  --concurrency <n>    requests in flight at once (default 10)
  --count-refused      a refused request (429) takes a slot in the window like an accepted one
  --no-retry-after     429 answers carry no Retry-After header
  --rate-limit-headers every answer carries X-RateLimit-Limit, -Remaining and -Reset
  --latency-ms <n>     delay before each answer (default 0)
  --jitter-ms <n>      +- uniform jitter on the delay (default 0)
  --fault-rate <r>     probability 0..1 of an injected fault (default 0)
  --fault-kinds <list> comma-separated: ${ALL_FAULT_KINDS.join(',')} (default all)
  --seed <n>           seed of the fault schedule (default 1)
  --list-order <o>     order of every paged list: ${LIST_ORDERS.join(' or ')} (default oldest-first)
  --verbose            print one line per request
  --help               this text`;

const FLAGS = [
	'port',
	'api-key',
	'api-secret',
	'rpm',
	'concurrency',
	'latency-ms',
	'jitter-ms',
	'fault-rate',
	'fault-kinds',
	'seed',
	'list-order',
];

/** Flags without a value: the organization's limit switches (OrganizationOptions). */
const SWITCHES = ['count-refused', 'no-retry-after', 'rate-limit-headers'] as const;
type Switch = (typeof SWITCHES)[number];

export function parseArgs(argv: string[]): {
	values: Record<string, string>;
	switches: Set<Switch>;
	verbose: boolean;
	help: boolean;
} {
	const values: Record<string, string> = {};
	const switches = new Set<Switch>();
	let verbose = false;
	let help = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--verbose') verbose = true;
		else if (arg === '--help' || arg === '-h') help = true;
		else if ((SWITCHES as readonly string[]).includes(arg.slice(2)) && arg.startsWith('--'))
			switches.add(arg.slice(2) as Switch);
		else if (arg.startsWith('--')) {
			const eq = arg.indexOf('=');
			const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
			if (!FLAGS.includes(name)) throw new Error(`Unknown option --${name} (see --help)`);
			const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
			if (value === undefined) throw new Error(`--${name} needs a value`);
			values[name] = value;
		} else throw new Error(`Unexpected argument ${JSON.stringify(arg)} (see --help)`);
	}
	return { values, switches, verbose, help };
}

function number(
	values: Record<string, string>,
	name: string,
	fallback: number,
	check: (n: number) => boolean,
): number {
	if (values[name] === undefined) return fallback;
	const n = Number(values[name]);
	if (!Number.isFinite(n) || !check(n))
		throw new Error(`--${name}: invalid value ${JSON.stringify(values[name])}`);
	return n;
}

function listOrder(value: string | undefined): StartOptions['listOrder'] {
	if (value === undefined) return undefined;
	try {
		return checkListOrder(value);
	} catch {
		throw new Error(
			`--list-order: invalid value ${JSON.stringify(value)} (${LIST_ORDERS.join(' or ')})`,
		);
	}
}

export async function main(argv: string[]): Promise<void> {
	const { values, switches, verbose, help } = parseArgs(argv);
	if (help) {
		console.log(HELP);
		return;
	}
	if ((values['api-key'] === undefined) !== (values['api-secret'] === undefined))
		throw new Error(
			'Give both --api-key and --api-secret, or neither (then the demo pair is used)',
		);
	const demo = values['api-key'] === undefined;
	const int = (n: number) => Number.isInteger(n);
	const kinds = values['fault-kinds']?.split(',').map((k) => k.trim()) as FaultKind[] | undefined;
	const options: StartOptions = {
		port: number(values, 'port', 8787, (n) => int(n) && n >= 0 && n < 65536),
		organizations: [
			{
				apiKey: values['api-key'] ?? DEMO_API_KEY,
				apiSecret: values['api-secret'] ?? DEMO_API_SECRET,
				requestsPerWindow: number(values, 'rpm', 600, (n) => int(n) && n > 0),
				windowMs: 60_000,
				concurrency: number(values, 'concurrency', 10, (n) => int(n) && n > 0),
				countRefused: switches.has('count-refused'),
				retryAfter: !switches.has('no-retry-after'),
				rateLimitHeaders: switches.has('rate-limit-headers'),
			},
		],
		faults: {
			rate: number(values, 'fault-rate', 0, (n) => n >= 0 && n <= 1),
			seed: number(values, 'seed', 1, int),
			kinds,
			latencyMs: number(values, 'latency-ms', 0, (n) => n >= 0),
			jitterMs: number(values, 'jitter-ms', 0, (n) => n >= 0),
		},
		listOrder: listOrder(values['list-order']),
		onRequest: verbose
			? (e) =>
					console.log(
						`${new Date(e.receivedAt).toISOString()} ${e.method} ${e.path} -> ${e.status || 'dropped'}${e.fault ? ` [${e.fault}]` : ''} (${e.respondedAt - e.receivedAt} ms)`,
					)
			: undefined,
	};
	const emulator = await startEmulator(options);
	// Handlers first, then the ready line: whoever waits for that line may signal us at once.
	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		emulator.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	const lines = [`Upflow emulator listening on ${emulator.url}`];
	if (demo)
		lines.push(
			`Base URL:   ${emulator.baseUrl}`,
			`API key:    ${DEMO_API_KEY}`,
			`API secret: ${DEMO_API_SECRET}`,
		);
	process.stdout.write(`${lines.join('\n')}\n`);
}

if (require.main === module) {
	main(process.argv.slice(2)).catch((e: Error) => {
		console.error(`upflow emulator: ${e.message}`);
		process.exit(2);
	});
}
