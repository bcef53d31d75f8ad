/* eslint-disable @n8n/community-nodes/no-restricted-globals -- a benchmark run by Node, not n8n: it reads its command line */
/** Command-line flags of `npm run bench -- ...`. */
import { CONTENDERS } from './protocol';
import type { ContenderName } from './protocol';

export interface BenchOptions {
	records: number;
	invoicesPerCustomer: number;
	latencyMs: number;
	jitterMs: number;
	scale: number;
	nodeConcurrency: number;
	batchSize: number;
	batchIntervalMs: number;
	contenders: ContenderName[];
	syncRecords: number;
	twoWorkers: boolean;
	/** --scale-out: many node processes on one organization (scaleOut.ts) and one execution of
	 * many items (itemsScale.ts); --items-scale runs only the latter. */
	scaleOut: boolean;
	itemsScaleOnly: boolean;
	/** Node processes of the multi-worker runs. */
	workers: number;
	/** itemsScale: invoices in the one execution. */
	items: number;
	/** itemsScale: write CPU and heap profiles of the measured children into this folder. */
	itemsProfile?: string;
	json?: string;
}

export const USAGE = `npm run bench -- [flags]     (or: node scripts/run.js scripts/bench/main.ts [flags] after npm run build)

Runs the same import (N customers, then N invoices, then N payments linked to them) through five
contenders, each in its own process against its own emulator organization with Upflow's limits
(600 requests per sliding minute x scale, 10 in flight), then a Skip Unchanged re-sync.

  --records N                 records of each kind (default 300: 900 writes)
  --invoices-per-customer K   invoices (and payments) per customer (default 1)
  --latency-ms MS             emulator latency per request (default 50)
  --jitter-ms MS              +- uniform jitter (default 20% of the latency)
  --scale F                   limits x F: emulator requests per window and the credential's
                              Requests per Minute (default 1: Upflow's real limits). A quick run
                              with --scale 10 at 50 ms needs as many requests in flight as the
                              real limits at 500 ms (ceiling per second x latency): read it as such
  --node-concurrency C        the credential's Max Concurrent Requests for upflow-node and
                              raw-undici (default 5, the credential's default)
  --batch-size N              HTTP Request batching: items per batch (default 10)
  --batch-interval-ms MS      HTTP Request batching interval (default 1000 / scale: 10 per second
                              is the real 600/minute, kept in proportion to the scaled ceiling)
  --contenders a,b            subset of ${CONTENDERS.join(', ')}
                              (none: only the Skip Unchanged runs)
  --sync-records N            Skip Unchanged: invoices re-synced (default 1000; 0 = skip)
  --two-workers               instead of the contenders: two node processes importing half the
                              records each at the same time into ONE organization
  --scale-out                 instead of the contenders: the scale-out runs. multiWorker: N node
                              processes on ONE organization that counts refused requests (even
                              load with and without Retry-After, one busy and the others idle),
                              told they share the key with N and left at the default, against one
                              process importing the same records (default --records 700: 2,100
                              writes); then itemsScale (below)
  --workers N                 node processes of the multiWorker runs (default 8)
  --items-scale               only the itemsScale part of --scale-out: ONE execution of --items
                              invoices through Invoice > Create or Update with Skip Unchanged where
                              nothing changed, against the engine's floor for the same items
  --items N                   itemsScale: invoices in that execution (default 100000)
  --items-profile DIR         itemsScale: node --cpu-prof and --heap-prof of the measured children,
                              written to DIR
  --json FILE                 also write the figures as JSON
`;

export function parseArgs(argv: string[]): BenchOptions {
	const values = new Map<string, string>();
	const flags = new Set<string>();
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) throw new Error(`Unexpected argument "${arg}"\n\n${USAGE}`);
		const [name, inline] = arg.slice(2).split('=', 2);
		if (name === 'help') {
			process.stdout.write(USAGE);
			process.exit(0);
		}
		if (name === 'two-workers' || name === 'scale-out' || name === 'items-scale') {
			flags.add(name);
			continue;
		}
		const value = inline ?? argv[++i];
		if (value === undefined) throw new Error(`--${name} needs a value`);
		values.set(name, value);
	}
	// Every flag read below is known: whatever is left unread afterwards is not.
	const unread = new Set(values.keys());
	const read = (name: string) => {
		unread.delete(name);
		return values.get(name);
	};
	const number = (name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) => {
		const raw = read(name);
		if (raw === undefined) return fallback;
		const n = Number(raw);
		if (!Number.isFinite(n) || n < min || n > max)
			throw new Error(`--${name} must be a number from ${min} to ${max} (got "${raw}")`);
		return n;
	};
	const integer = (name: string, fallback: number, min: number, max?: number) =>
		Math.floor(number(name, fallback, min, max));
	const scaleOut = flags.has('scale-out');
	const latencyMs = number('latency-ms', 50, 0);
	const scale = number('scale', 1, 0.01, 100_000 / 600);
	const listed = read('contenders') ?? CONTENDERS.join(',');
	const contenders = listed === 'none' ? [] : listed.split(',').map((c) => c.trim());
	for (const c of contenders)
		if (!(CONTENDERS as readonly string[]).includes(c))
			throw new Error(`Unknown contender "${c}" (known: ${CONTENDERS.join(', ')})`);
	const options: BenchOptions = {
		// Scale-out: 3.5 windows of writes, so a few lost slots move the end by seconds, not a window.
		records: integer('records', scaleOut ? 700 : 300, 1),
		invoicesPerCustomer: integer('invoices-per-customer', 1, 1),
		latencyMs,
		jitterMs: number('jitter-ms', Math.round(latencyMs * 0.2), 0),
		scale,
		nodeConcurrency: integer('node-concurrency', 5, 1, 10),
		batchSize: integer('batch-size', 10, 1),
		batchIntervalMs: number('batch-interval-ms', Math.round(1000 / scale), 0),
		contenders: contenders as ContenderName[],
		syncRecords: integer('sync-records', 1000, 0),
		twoWorkers: flags.has('two-workers'),
		scaleOut: scaleOut || flags.has('items-scale'),
		itemsScaleOnly: flags.has('items-scale'),
		workers: integer('workers', 8, 1, 64),
		items: integer('items', 100_000, 10),
		itemsProfile: read('items-profile'),
		json: read('json'),
	};
	for (const name of unread) throw new Error(`Unknown flag --${name}\n\n${USAGE}`);
	return options;
}
