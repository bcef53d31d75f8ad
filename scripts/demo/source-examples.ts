/**
 * The examples that start where users' data really is: an ERP database in PostgreSQL
 * (examples/postgres-sync.workflow.json, schema in examples/postgres/schema.sql) and an accounting
 * tool's CSV export (examples/csv-import.workflow.json, sample in examples/csv/). Written by
 * `node scripts/demo/write-examples.js` with the other examples (see examples.ts).
 *
 * Besides the Upflow nodes they use only n8n's own nodes: Postgres, Schedule Trigger, Manual
 * Trigger, Code, Read/Write Files from Disk, Extract From File, Edit Fields (Set), If, Filter,
 * Remove Duplicates, Stop and Error, Sticky Note. Test tooling only: never part of the published package.
 */
import { createHash } from 'node:crypto';

import type { WorkflowFile, WorkflowNode } from './examples';

const UPFLOW = 'n8n-nodes-upflow.upflow';
const UPFLOW_CREDENTIAL = { upflowApi: { id: '1', name: 'Upflow account' } };
/** The Postgres credential every Postgres node points at (n8n asks to pick one on import). */
export const POSTGRES_CREDENTIAL = { postgres: { id: '2', name: 'ERP database' } };

/** Where the CSV example reads its file: n8n 2.x reads files only under ~/.n8n-files by default. */
export const CSV_FILE_PATH = '/home/node/.n8n-files/accounting-export.csv';

type Node = Omit<WorkflowNode, 'id'> & {
	onError?: string;
	executeOnce?: boolean;
	alwaysOutputData?: boolean;
};
type Edge = [from: string, to: string, output?: number];

function nodeId(workflow: string, name: string): string {
	const hex = createHash('sha1').update(`${workflow}\n${name}`).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function graph(id: string, name: string, nodes: Node[], edges: Edge[]): WorkflowFile {
	const connections: WorkflowFile['connections'] = {};
	for (const [from, to, output = 0] of edges) {
		if (!nodes.some((n) => n.name === from) || !nodes.some((n) => n.name === to))
			throw new Error(`${id}: edge ${from} -> ${to} names a missing node`);
		const main = (connections[from] ??= { main: [] }).main;
		while (main.length <= output) main.push([]);
		main[output].push({ node: to, type: 'main', index: 0 });
	}
	return {
		id,
		name,
		active: false,
		nodes: nodes.map((node) => ({ id: nodeId(id, node.name), ...node }) as WorkflowNode),
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
		meta: { templateCredsSetupCompleted: false },
	};
}

const at = (x: number, y: number): [number, number] => [x, y];
const json = (field: string) => `={{ $json.${field} }}`;
const byExternalId = (expression: string) => ({
	__rl: true,
	mode: 'externalId',
	value: `={{ ${expression} }}`,
});

function upflow(
	name: string,
	position: [number, number],
	parameters: Record<string, unknown>,
	extra: Partial<Node> = {},
): Node {
	return {
		name,
		type: UPFLOW,
		typeVersion: 1,
		position,
		parameters,
		credentials: UPFLOW_CREDENTIAL,
		...extra,
	};
}

function sticky(
	name: string,
	position: [number, number],
	content: string,
	width: number,
	height: number,
	color = 7,
): Node {
	return {
		name,
		type: 'n8n-nodes-base.stickyNote',
		typeVersion: 1,
		position,
		parameters: { content, width, height, color },
	};
}

// ---------------------------------------------------------------------------------------------
// examples/postgres-sync.workflow.json
// ---------------------------------------------------------------------------------------------

/** The node holding the sync window; the queries read `since` and `until` from it. */
export const PG_WINDOW_NODE = 'Since last sync';
/** Node names the e2e scenario reads (rows read per entity, writes, deletes). */
export const PG_READ_NODES = {
	customers: 'Read changed customers',
	invoices: 'Read changed invoices',
	payments: 'Read changed payments',
	creditNotes: 'Read changed credit notes',
} as const;
export const PG_DELETE_QUERIES = {
	invoices: 'Invoices gone in the ERP',
	creditNotes: 'Credit notes of deleted customers',
	payments: 'Payments of deleted customers',
	customers: 'Customers deleted in the ERP',
} as const;

const WINDOW = `$('${PG_WINDOW_NODE}').first().json`;
/** $1 = since, $2 = until (the sync window), then the page's first and last id. */
const WINDOW_PARAMS = `={{ [${WINDOW}.since, ${WINDOW}.until] }}`;
const PAGE_PARAMS = `={{ [${WINDOW}.since, ${WINDOW}.until, $json.first_id, $json.last_id] }}`;
const PAGES_PARAMS = `={{ [${WINDOW}.since, ${WINDOW}.until, ${WINDOW}.pageSize] }}`;

function postgres(
	name: string,
	position: [number, number],
	query: string,
	queryReplacement: string,
	extra: Partial<Node> = {},
): Node {
	return {
		name,
		type: 'n8n-nodes-base.postgres',
		typeVersion: 2.6,
		position,
		parameters: {
			operation: 'executeQuery',
			query,
			// BIGINT amounts (smallest currency units) as JSON numbers: exact up to 2^53.
			options: { queryReplacement, largeNumbersOutput: 'numbers' },
		},
		credentials: POSTGRES_CREDENTIAL,
		...extra,
	};
}

const CHANGED = `updated_at > $1::timestamptz AND updated_at <= $2::timestamptz`;

/** Pages of at most pageSize rows (id ranges, so a row changing during the run cannot shift a page). */
function pagesQuery(view: string, live: string, what: string): string {
	return `-- Pages of the ${what} changed in the sync window (the first run: all of them), as id ranges.
SELECT min(id) AS first_id, max(id) AS last_id, count(*) AS row_count
FROM (SELECT id, (row_number() OVER (ORDER BY id) - 1) / $3::int AS page
      FROM billing.${view}
      WHERE ${live} AND ${CHANGED}) AS changed
GROUP BY page
ORDER BY page;`;
}

function readQuery(view: string, live: string, columns: string): string {
	return `-- Runs once per page (one input item each).
SELECT ${columns}
FROM billing.${view}
WHERE id BETWEEN $3 AND $4 AND ${live} AND ${CHANGED}
ORDER BY id;`;
}

function goneQuery(view: string, condition: string, what: string): string {
	return `-- ${what} since the last sync. Not on the first run: what was gone
-- before the initial import never reached Upflow.
SELECT external_id
FROM billing.${view}
WHERE ${condition} AND ${CHANGED} AND $1::timestamptz > '-infinity'
ORDER BY id;`;
}

const SYNC_WINDOW_CODE = `// The sync window: every change made in the ERP after the watermark and up to now.
// The watermark lives in this workflow's static data. n8n saves static data for production runs
// (the active workflow's schedule) and for \`n8n execute\`, not for test runs in the editor.
// No watermark yet = the first run: everything is read, that is the initial import.
const state = $getWorkflowStaticData('global');
return [{
  json: {
    since: state.watermark ?? '-infinity',
    until: $input.first().json.until,
    initialImport: !state.watermark,
    // Rows per Postgres query (and per Upflow node run).
    pageSize: 500,
  },
}];
`;

const ADVANCE_WATERMARK_CODE = `// Reached only when every branch above succeeded: an Upflow node that fails stops the
// execution before this node, so the window is read again next hour and Skip Unchanged skips
// what already reached Upflow. The Filter after the Delete nodes lets a "404: already gone" pass.
const window = $('${PG_WINDOW_NODE}').first().json;
const state = $getWorkflowStaticData('global');
const previous = state.watermark ?? null;
state.watermark = window.until;
return [{ json: { previous, watermark: window.until, initialImport: window.initialImport } }];
`;

export function postgresSyncWorkflow(): WorkflowFile {
	const x = (column: number) => 460 + column * 220;
	const row = (index: number) => index * 180;
	const live = 'NOT gone';
	const nodes: Node[] = [
		sticky(
			'About this workflow',
			at(-60, 80),
			[
				'## ERP database (PostgreSQL) -> Upflow',
				'Schema and sample data: `examples/postgres/schema.sql`.',
				'',
				'**First run = initial import** (no watermark yet): every customer, invoice, payment and credit note, page by page.',
				'**Every hour after that**: only rows with `updated_at` after the watermark; voided or deleted invoices and deleted customers are deleted in Upflow.',
				'',
				'Branches run top to bottom (customers before their invoices, invoices before payments and credit notes, deletions last). The watermark moves only when all of them succeeded.',
			].join('\n'),
			400,
			360,
			6,
		),
		{
			name: 'Every hour',
			type: 'n8n-nodes-base.scheduleTrigger',
			typeVersion: 1.2,
			position: at(0, 500),
			parameters: { rule: { interval: [{ field: 'hours', hoursInterval: 1 }] } },
		},
		{
			name: 'Run now',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: at(0, 700),
			parameters: {},
		},
		postgres(
			'Database time',
			at(220, 600),
			`-- "until" of the sync window: the database's clock, to the millisecond.\nSELECT date_trunc('milliseconds', now())::text AS until;`,
			'',
		),
		{
			name: PG_WINDOW_NODE,
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: at(440, 600),
			parameters: { mode: 'runOnceForAllItems', language: 'javaScript', jsCode: SYNC_WINDOW_CODE },
		},

		// 1. Customers, with their full contact list.
		postgres(
			'Customer pages',
			at(x(1), row(0)),
			pagesQuery('upflow_customers', 'deleted_at IS NULL', 'customers'),
			PAGES_PARAMS,
			{ executeOnce: true },
		),
		postgres(
			PG_READ_NODES.customers,
			at(x(2), row(0)),
			readQuery(
				'upflow_customers',
				'deleted_at IS NULL',
				'external_id, name, vat_number, street, zipcode, city, country, currency, contacts',
			),
			PAGE_PARAMS,
		),
		upflow(
			'Create or update customers',
			at(x(3), row(0)),
			{
				resource: 'customer',
				operation: 'upsert',
				externalId: json('external_id'),
				name: json('name'),
				additionalFields: {
					address: {
						value: {
							address: json('street'),
							zipcode: json('zipcode'),
							city: json('city'),
							country: json('country'),
						},
					},
					currency: json('currency'),
					vatNumber: "={{ $json.vat_number ?? '' }}",
					// The FULL contact list (built in the view): Upflow replaces the customer's contacts with it.
					json: '={{ JSON.stringify({ contacts: $json.contacts }) }}',
				},
				skipUnchanged: true,
			},
			{
				notes:
					"Contacts come as the full list from the view: Upflow replaces the customer's contacts with the list it is sent.",
			},
		),

		// 2. Invoices: lines summed in the view, amounts in the currency's smallest unit.
		postgres(
			'Invoice pages',
			at(x(1), row(1)),
			pagesQuery('upflow_invoices', live, 'issued invoices'),
			PAGES_PARAMS,
			{ executeOnce: true },
		),
		postgres(
			PG_READ_NODES.invoices,
			at(x(2), row(1)),
			readQuery(
				'upflow_invoices',
				live,
				'external_id, number, customer_external_id, issued_at, due_date, currency, net_amount, gross_amount, title',
			),
			PAGE_PARAMS,
		),
		upflow('Create or update invoices', at(x(3), row(1)), {
			resource: 'invoice',
			operation: 'upsert',
			amountsIn: 'cents',
			externalId: json('external_id'),
			customId: json('number'),
			customer: byExternalId('$json.customer_external_id'),
			issuedAt: json('issued_at'),
			dueDate: json('due_date'),
			currency: json('currency'),
			grossAmount: json('gross_amount'),
			netAmount: json('net_amount'),
			additionalFields: { name: "={{ $json.title ?? '' }}" },
			skipUnchanged: true,
		}),

		// 3. Payments, each applied to its invoice.
		postgres(
			'Payment pages',
			at(x(1), row(2)),
			pagesQuery('upflow_payments', live, 'payments'),
			PAGES_PARAMS,
			{ executeOnce: true },
		),
		postgres(
			PG_READ_NODES.payments,
			at(x(2), row(2)),
			readQuery(
				'upflow_payments',
				live,
				'external_id, customer_external_id, amount, currency, validated_at, method, invoice_external_id',
			),
			PAGE_PARAMS,
		),
		upflow('Create or update payments', at(x(3), row(2)), {
			resource: 'payment',
			operation: 'upsert',
			amountsIn: 'cents',
			externalId: json('external_id'),
			customer: byExternalId('$json.customer_external_id'),
			amount: json('amount'),
			currency: json('currency'),
			validatedAt: json('validated_at'),
			additionalFields: {
				instrument: json('method'),
				linkedInvoices: {
					link: [{ externalId: json('invoice_external_id'), linkedAmount: json('amount') }],
				},
			},
			skipUnchanged: true,
		}),

		// 4. Credit notes: gross (with tax) and net.
		postgres(
			'Credit note pages',
			at(x(1), row(3)),
			pagesQuery('upflow_credit_notes', live, 'credit notes'),
			PAGES_PARAMS,
			{ executeOnce: true },
		),
		postgres(
			PG_READ_NODES.creditNotes,
			at(x(2), row(3)),
			readQuery(
				'upflow_credit_notes',
				live,
				'external_id, number, customer_external_id, issued_at, currency, amount, net_amount, invoice_external_id, reason',
			),
			PAGE_PARAMS,
		),
		upflow('Create or update credit notes', at(x(3), row(3)), {
			resource: 'creditNote',
			operation: 'upsert',
			amountsIn: 'cents',
			externalId: json('external_id'),
			customId: json('number'),
			customer: byExternalId('$json.customer_external_id'),
			issuedAt: json('issued_at'),
			currency: json('currency'),
			amount: json('amount'),
			netAmount: json('net_amount'),
			additionalFields: {
				name: "={{ $json.reason ?? '' }}",
				linkedInvoices: {
					link: [{ externalId: json('invoice_external_id'), linkedAmount: json('amount') }],
				},
			},
			skipUnchanged: true,
		}),

		// 5. Deletions, children before their customer: Upflow deletes only empty customers.
		postgres(
			PG_DELETE_QUERIES.invoices,
			at(x(1), row(4)),
			goneQuery(
				'upflow_invoices',
				'gone',
				'Invoices voided or deleted in the ERP, or of a deleted customer,',
			),
			WINDOW_PARAMS,
			{ executeOnce: true },
		),
		upflow(
			'Delete invoices',
			at(x(2), row(4)),
			{ resource: 'invoice', operation: 'delete', invoice: byExternalId('$json.external_id') },
			{ onError: 'continueErrorOutput' },
		),
		postgres(
			PG_DELETE_QUERIES.creditNotes,
			at(x(1), row(5)),
			goneQuery('upflow_credit_notes', 'gone', 'Credit notes of customers deleted in the ERP'),
			WINDOW_PARAMS,
			{ executeOnce: true },
		),
		upflow(
			'Delete credit notes',
			at(x(2), row(5)),
			{
				resource: 'creditNote',
				operation: 'delete',
				creditNote: byExternalId('$json.external_id'),
			},
			{ onError: 'continueErrorOutput' },
		),
		postgres(
			PG_DELETE_QUERIES.payments,
			at(x(1), row(6)),
			goneQuery('upflow_payments', 'gone', 'Payments of customers deleted in the ERP'),
			WINDOW_PARAMS,
			{ executeOnce: true },
		),
		upflow(
			'Delete payments',
			at(x(2), row(6)),
			{ resource: 'payment', operation: 'delete', payment: byExternalId('$json.external_id') },
			{ onError: 'continueErrorOutput' },
		),
		postgres(
			PG_DELETE_QUERIES.customers,
			at(x(1), row(7)),
			goneQuery('upflow_customers', 'deleted_at IS NOT NULL', 'Customers deleted in the ERP'),
			WINDOW_PARAMS,
			{ executeOnce: true },
		),
		upflow(
			'Delete customers',
			at(x(2), row(7)),
			{ resource: 'customer', operation: 'delete', customer: byExternalId('$json.external_id') },
			{ onError: 'continueErrorOutput' },
		),
		{
			name: 'Not already gone',
			type: 'n8n-nodes-base.filter',
			typeVersion: 2.2,
			position: at(x(3), row(5) + 90),
			parameters: {
				conditions: {
					options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
					conditions: [
						{
							id: 'b1f0c2d4-0000-4000-a000-000000000404',
							leftValue: "={{ String($json.error ?? '') }}",
							rightValue: '(404)',
							operator: { type: 'string', operation: 'notContains' },
						},
					],
					combinator: 'and',
				},
				options: {},
			},
			notes:
				'A 404 on a delete means the record is not in Upflow (never sent, or deleted by an earlier run that failed later): done. Anything else stops the run.',
		},
		{
			name: 'Stop: a deletion failed',
			type: 'n8n-nodes-base.stopAndError',
			typeVersion: 1,
			position: at(x(4), row(5) + 90),
			parameters: {
				errorMessage:
					"={{ 'Upflow refused a deletion: ' + $json.error + ' The watermark stays where it was; the next run tries again.' }}",
			},
		},

		// 6. Everything above succeeded: move the watermark.
		{
			name: 'Advance watermark',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: at(x(1), row(8)),
			parameters: {
				mode: 'runOnceForAllItems',
				language: 'javaScript',
				jsCode: ADVANCE_WATERMARK_CODE,
			},
		},
	];
	const edges: Edge[] = [
		['Every hour', 'Database time'],
		['Run now', 'Database time'],
		['Database time', PG_WINDOW_NODE],
		// Fan-out: with execution order v1, n8n runs these branches one after the other, top to bottom.
		[PG_WINDOW_NODE, 'Customer pages'],
		[PG_WINDOW_NODE, 'Invoice pages'],
		[PG_WINDOW_NODE, 'Payment pages'],
		[PG_WINDOW_NODE, 'Credit note pages'],
		[PG_WINDOW_NODE, PG_DELETE_QUERIES.invoices],
		[PG_WINDOW_NODE, PG_DELETE_QUERIES.creditNotes],
		[PG_WINDOW_NODE, PG_DELETE_QUERIES.payments],
		[PG_WINDOW_NODE, PG_DELETE_QUERIES.customers],
		[PG_WINDOW_NODE, 'Advance watermark'],
		['Customer pages', PG_READ_NODES.customers],
		[PG_READ_NODES.customers, 'Create or update customers'],
		['Invoice pages', PG_READ_NODES.invoices],
		[PG_READ_NODES.invoices, 'Create or update invoices'],
		['Payment pages', PG_READ_NODES.payments],
		[PG_READ_NODES.payments, 'Create or update payments'],
		['Credit note pages', PG_READ_NODES.creditNotes],
		[PG_READ_NODES.creditNotes, 'Create or update credit notes'],
		[PG_DELETE_QUERIES.invoices, 'Delete invoices'],
		[PG_DELETE_QUERIES.creditNotes, 'Delete credit notes'],
		[PG_DELETE_QUERIES.payments, 'Delete payments'],
		[PG_DELETE_QUERIES.customers, 'Delete customers'],
		['Delete invoices', 'Not already gone', 1],
		['Delete credit notes', 'Not already gone', 1],
		['Delete payments', 'Not already gone', 1],
		['Delete customers', 'Not already gone', 1],
		['Not already gone', 'Stop: a deletion failed'],
	];
	return graph(
		'UpflowPgSync0001',
		'Upflow: ERP database (PostgreSQL) -> Upflow, initial import then hourly sync',
		nodes,
		edges,
	);
}

// ---------------------------------------------------------------------------------------------
// examples/csv-import.workflow.json
// ---------------------------------------------------------------------------------------------

export const CSV_NODES = {
	read: 'Read accounting export',
	parse: 'Parse CSV (semicolons)',
	normalise: 'Normalise columns',
	check: 'Check rows',
	valid: 'Row is valid?',
	customers: 'Create or update customers',
	invoices: 'Create or update invoices',
	payments: 'Create or update payments',
	rejected: 'Rejected rows',
} as const;

const RAW = `$('${CSV_NODES.parse}').item.json`;

/**
 * "1.234,56 €", "12 345,60 €", "-80,00 $" -> "1234.56" (decimal text, converted exactly by the Upflow
 * node); anything else -> '' (the row is rejected with the reason). A space in "12 345" may be a
 * no-break space (\s covers it).
 */
function amountExpression(column: string): string {
	return `={{ (text => /^-?(\\d{1,3}([.\\s]\\d{3})+|\\d+)(,\\d+)?$/.test(text) ? text.replace(/[.\\s]/g, '').replace(',', '.') : '')(String($json['${column}'] ?? '').replace(/[€£$]/g, '').trim()) }}`;
}

function dateExpression(column: string): string {
	return `={{ DateTime.fromFormat(String($json['${column}'] ?? '').trim(), 'dd/MM/yyyy').toISODate() ?? '' }}`;
}

let assignmentSeq = 0;
function assignment(name: string, value: string, type = 'string') {
	assignmentSeq++;
	return {
		id: `a${String(assignmentSeq).padStart(7, '0')}-0000-4000-a000-000000000000`,
		name,
		value,
		type,
	};
}

function setNode(
	name: string,
	position: [number, number],
	fields: ReturnType<typeof assignment>[],
	includeOtherFields: boolean,
	extra: Partial<Node> = {},
): Node {
	return {
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position,
		parameters: {
			assignments: { assignments: fields },
			...(includeOtherFields ? { includeOtherFields: true } : {}),
			options: {},
		},
		...extra,
	};
}

function condition(
	id: string,
	leftValue: string,
	operator: Record<string, unknown>,
	rightValue: unknown = '',
) {
	return { id, leftValue, rightValue, operator };
}

function conditions(list: ReturnType<typeof condition>[]) {
	return {
		options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
		conditions: list,
		combinator: 'and',
	};
}

export function csvImportWorkflow(): WorkflowFile {
	assignmentSeq = 0;
	const reasons = [
		`!['invoice', 'payment'].includes($json.type) && 'Type "' + ${RAW}.Type + '" is neither Invoice nor Payment'`,
		`!$json.documentNumber && 'no Document number'`,
		`!$json.customerNumber && 'no Account'`,
		`!/^[A-Z]{3}$/.test($json.currency) && 'Currency "' + ${RAW}.Currency + '" is not an ISO 4217 code'`,
		`!$json.issuedAt && 'Date "' + ${RAW}.Date + '" is not a date as dd/mm/yyyy'`,
		`!$json.total && 'Total "' + ${RAW}.Total + '" is not an amount like 1.234,56'`,
		`$json.type === 'invoice' && !$json.dueDate && 'Due date "' + ${RAW}['Due date'] + '" is not a date as dd/mm/yyyy'`,
		`$json.type === 'invoice' && !$json.net && 'Net "' + ${RAW}.Net + '" is not an amount like 1.234,56'`,
		`$json.type === 'payment' && !$json.matchedTo && 'a payment needs the invoice it is matched to'`,
	];
	const nodes: Node[] = [
		sticky(
			'About this workflow',
			at(-300, -300),
			[
				'## Accounting export (CSV) -> Upflow',
				'Sample file: `examples/csv/accounting-export.csv` (semicolons, decimal commas, thousands separators, dd/mm/yyyy dates, currency symbols).',
				'',
				'n8n 2.x reads files only under `~/.n8n-files` (setting `N8N_RESTRICT_FILE_ACCESS_TO`): put the export there.',
				'',
				'Rows that cannot be read, and rows Upflow refuses, end in **Rejected rows** with their line number in the file and the reason; the others are imported.',
			].join('\n'),
			420,
			300,
			6,
		),
		{
			name: 'Import the export',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: at(0, 200),
			parameters: {},
		},
		{
			name: CSV_NODES.read,
			type: 'n8n-nodes-base.readWriteFile',
			typeVersion: 1,
			position: at(220, 200),
			parameters: { operation: 'read', fileSelector: CSV_FILE_PATH, options: {} },
		},
		{
			name: CSV_NODES.parse,
			type: 'n8n-nodes-base.extractFromFile',
			typeVersion: 1,
			position: at(440, 200),
			parameters: {
				operation: 'csv',
				binaryPropertyName: 'data',
				options: { delimiter: ';', headerRow: true },
			},
		},
		setNode(
			CSV_NODES.normalise,
			at(660, 200),
			[
				// The line in the file: the header is line 1.
				assignment('row', '={{ $itemIndex + 2 }}', 'number'),
				assignment('type', "={{ String($json.Type ?? '').trim().toLowerCase() }}"),
				assignment('documentNumber', "={{ String($json.Document ?? '').trim() }}"),
				assignment('customerNumber', "={{ String($json.Account ?? '').trim() }}"),
				assignment('customerName', "={{ String($json['Account name'] ?? '').trim() }}"),
				assignment('currency', "={{ String($json.Currency ?? '').trim().toUpperCase() }}"),
				assignment('issuedAt', dateExpression('Date')),
				assignment('dueDate', dateExpression('Due date')),
				assignment('net', amountExpression('Net')),
				assignment('total', amountExpression('Total')),
				assignment('matchedTo', "={{ String($json['Matched to'] ?? '').trim() }}"),
			],
			false,
		),
		setNode(
			CSV_NODES.check,
			at(880, 200),
			[assignment('reason', `={{ [\n  ${reasons.join(',\n  ')},\n].filter(Boolean).join('; ') }}`)],
			true,
		),
		{
			name: CSV_NODES.valid,
			type: 'n8n-nodes-base.if',
			typeVersion: 2.2,
			position: at(1100, 200),
			parameters: {
				conditions: conditions([
					condition('c0000001-0000-4000-a000-000000000000', '={{ $json.reason }}', {
						type: 'string',
						operation: 'empty',
						singleValue: true,
					}),
				]),
				options: {},
			},
		},
		// Valid rows: customers first, then invoices, then payments (branches run top to bottom).
		{
			name: 'One row per customer',
			type: 'n8n-nodes-base.removeDuplicates',
			typeVersion: 2,
			position: at(1340, 0),
			parameters: {
				operation: 'removeDuplicateInputItems',
				compare: 'selectedFields',
				fieldsToCompare: 'customerNumber',
				options: {},
			},
		},
		upflow(CSV_NODES.customers, at(1560, 0), {
			resource: 'customer',
			operation: 'upsert',
			externalId: json('customerNumber'),
			name: json('customerName'),
			additionalFields: { currency: json('currency') },
		}),
		{
			name: 'Invoices',
			type: 'n8n-nodes-base.filter',
			typeVersion: 2.2,
			position: at(1340, 200),
			parameters: {
				conditions: conditions([
					condition(
						'c0000002-0000-4000-a000-000000000000',
						'={{ $json.type }}',
						{ type: 'string', operation: 'equals' },
						'invoice',
					),
				]),
				options: {},
			},
		},
		upflow(
			CSV_NODES.invoices,
			at(1560, 200),
			{
				resource: 'invoice',
				operation: 'upsert',
				amountsIn: 'decimal',
				externalId: json('documentNumber'),
				customId: json('documentNumber'),
				customer: byExternalId('$json.customerNumber'),
				issuedAt: json('issuedAt'),
				dueDate: json('dueDate'),
				currency: json('currency'),
				grossAmount: json('total'),
				netAmount: json('net'),
			},
			{ onError: 'continueErrorOutput' },
		),
		{
			name: 'Payments',
			type: 'n8n-nodes-base.filter',
			typeVersion: 2.2,
			position: at(1340, 400),
			parameters: {
				conditions: conditions([
					condition(
						'c0000003-0000-4000-a000-000000000000',
						'={{ $json.type }}',
						{ type: 'string', operation: 'equals' },
						'payment',
					),
				]),
				options: {},
			},
		},
		upflow(
			CSV_NODES.payments,
			at(1560, 400),
			{
				resource: 'payment',
				operation: 'upsert',
				amountsIn: 'decimal',
				externalId: json('documentNumber'),
				customer: byExternalId('$json.customerNumber'),
				amount: json('total'),
				currency: json('currency'),
				validatedAt: json('issuedAt'),
				additionalFields: {
					linkedInvoices: {
						link: [{ externalId: json('matchedTo'), linkedAmount: json('total') }],
					},
				},
			},
			{ onError: 'continueErrorOutput' },
		),
		// Rows that could not be read, and rows Upflow refused (their error output).
		setNode(
			CSV_NODES.rejected,
			at(1820, 600),
			[
				// Through the items' lineage: rows refused by Upflow come out of its error output with the error only.
				assignment('row', `={{ $('${CSV_NODES.normalise}').item.json.row }}`, 'number'),
				assignment('document', `={{ $('${CSV_NODES.normalise}').item.json.documentNumber }}`),
				assignment('reason', "={{ $json.reason || ('Upflow refused it: ' + $json.error) }}"),
			],
			false,
			{
				notes:
					'Line number in the file and the reason. Send them back to accounting (an email, a Slack message, a sheet).',
			},
		),
	];
	const edges: Edge[] = [
		['Import the export', CSV_NODES.read],
		[CSV_NODES.read, CSV_NODES.parse],
		[CSV_NODES.parse, CSV_NODES.normalise],
		[CSV_NODES.normalise, CSV_NODES.check],
		[CSV_NODES.check, CSV_NODES.valid],
		[CSV_NODES.valid, 'One row per customer'],
		[CSV_NODES.valid, 'Invoices'],
		[CSV_NODES.valid, 'Payments'],
		[CSV_NODES.valid, CSV_NODES.rejected, 1],
		['One row per customer', CSV_NODES.customers],
		['Invoices', CSV_NODES.invoices],
		['Payments', CSV_NODES.payments],
		[CSV_NODES.invoices, CSV_NODES.rejected, 1],
		[CSV_NODES.payments, CSV_NODES.rejected, 1],
	];
	return graph(
		'UpflowCsvImport1',
		'Upflow: accounting export (CSV) -> customers, invoices, payments',
		nodes,
		edges,
	);
}
