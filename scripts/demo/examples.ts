/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- tooling run by Node, not n8n: it writes the example workflow files */
/**
 * The example workflows in examples/, built from one place so the seven Code nodes of the initial
 * import carry the very same source generator (scripts/demo/source-rows.js) and node ids and
 * positions stay stable. `node scripts/demo/write-examples.js` writes the files; the demo runs the
 * file on disk, exactly as a user would import it.
 *
 * Test tooling only: never part of the published package.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { csvImportWorkflow, postgresSyncWorkflow } from './source-examples';

export const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', 'examples');
const SOURCE_ROWS_FILE = path.join(__dirname, 'source-rows.js');

export const UPFLOW_NODE_TYPE = 'n8n-nodes-upflow.upflow';
export const UPFLOW_TRIGGER_TYPE = 'n8n-nodes-upflow.upflowTrigger';
export const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';
export const CODE_TYPE = 'n8n-nodes-base.code';
export const SCHEDULE_TRIGGER_TYPE = 'n8n-nodes-base.scheduleTrigger';
export const NOOP_TYPE = 'n8n-nodes-base.noOp';

/** The credential every Upflow node of the examples points at (n8n asks to pick one on import). */
export const UPFLOW_CREDENTIAL = { upflowApi: { id: '1', name: 'Upflow account' } };

/** Node names of the initial import, in execution order: [source Code node, Upflow node, entity]. */
export const IMPORT_STEPS = [
	{ code: 'Customers (CSV export)', upflow: 'Import customers', entity: 'customers' },
	{ code: 'Invoices', upflow: 'Import invoices', entity: 'invoices' },
	{ code: 'Payments', upflow: 'Import payments', entity: 'payments' },
	{ code: 'Credit notes', upflow: 'Import credit notes', entity: 'creditNotes' },
	{ code: 'Refunds', upflow: 'Import refunds', entity: 'refunds' },
	{ code: 'Payments matched later', upflow: 'Import unmatched payments', entity: 'latePayments' },
	{ code: 'Reconciliations', upflow: 'Match payments to invoices', entity: 'reconciliations' },
	{ code: 'Contact changes', upflow: 'Update contacts', entity: 'contactUpdates' },
	{ code: 'Contacts who left', upflow: 'Remove contacts', entity: 'contactRemovals' },
] as const;
export type ImportEntity = (typeof IMPORT_STEPS)[number]['entity'];

export const IMPORT_TRIGGER_NAME = 'Run import';

/** The line of source-rows.js the demo rewrites for `--scale N`. */
export const SCALE_LINE = /^const SCALE = \d+;/m;

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	notes?: string;
	notesInFlow?: boolean;
}

export interface WorkflowFile {
	id: string;
	name: string;
	active: boolean;
	nodes: WorkflowNode[];
	connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: 'main'; index: number }>> }
	>;
	settings: { executionOrder: 'v1' };
	pinData: Record<string, never>;
	meta: { templateCredsSetupCompleted: boolean };
}

/** A stable UUID-shaped node id from the workflow and node names. */
function nodeId(workflow: string, name: string): string {
	const hex = createHash('sha1').update(`${workflow}\n${name}`).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Nodes in a left-to-right chain, each connected to the next. */
function chain(
	id: string,
	name: string,
	nodes: Array<Omit<WorkflowNode, 'id' | 'position'>>,
): WorkflowFile {
	const placed = nodes.map((node, index) => ({
		id: nodeId(id, node.name),
		...node,
		position: [index * 240, 0] as [number, number],
	}));
	const connections: WorkflowFile['connections'] = {};
	for (let index = 0; index < placed.length - 1; index++) {
		connections[placed[index].name] = {
			main: [[{ node: placed[index + 1].name, type: 'main', index: 0 }]],
		};
	}
	return {
		id,
		name,
		active: false,
		nodes: placed,
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
		meta: { templateCredsSetupCompleted: false },
	};
}

function code(name: string, jsCode: string, notes?: string): Omit<WorkflowNode, 'id' | 'position'> {
	return {
		name,
		type: CODE_TYPE,
		typeVersion: 2,
		parameters: { mode: 'runOnceForAllItems', language: 'javaScript', jsCode },
		...(notes && { notes }),
	};
}

function upflow(
	name: string,
	parameters: Record<string, unknown>,
	notes?: string,
): Omit<WorkflowNode, 'id' | 'position'> {
	return {
		name,
		type: UPFLOW_NODE_TYPE,
		typeVersion: 1,
		parameters,
		credentials: UPFLOW_CREDENTIAL,
		...(notes && { notes }),
	};
}

const byExternalId = (expression: string) => ({
	__rl: true,
	mode: 'externalId',
	value: `={{ ${expression} }}`,
});
const json = (field: string) => `={{ $json.${field} }}`;

// ---------------------------------------------------------------------------------------------
// examples/initial-import.workflow.json
// ---------------------------------------------------------------------------------------------

function sourceCode(entity: ImportEntity, what: string): string {
	const generator = readFileSync(SOURCE_ROWS_FILE, 'utf8').trimEnd();
	return [
		generator,
		'',
		`// This node emits the ${what}. It ignores its input (the previous Upflow node's output) and`,
		'// regenerates the whole source from the same seed, so references to customers and invoices match.',
		`return generateSource().${entity}.map((row) => ({ json: row }));`,
		'',
	].join('\n');
}

export function initialImportWorkflow(): WorkflowFile {
	return chain(
		'UpflowDemoImport',
		'Upflow: initial import (customers, invoices, payments, credit note, refund, a payment matched later)',
		[
			{ name: IMPORT_TRIGGER_NAME, type: MANUAL_TRIGGER_TYPE, typeVersion: 1, parameters: {} },
			code(
				'Customers (CSV export)',
				sourceCode(
					'customers',
					'customers, one row each with two contacts (CSV-like flat columns)',
				),
				'Stands for your source: replace the Code nodes with a CSV file, a database query or an HTTP Request to your billing tool.',
			),
			upflow(
				'Import customers',
				{
					resource: 'customer',
					operation: 'upsert',
					externalId: json('externalId'),
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
						contacts: {
							contact: [
								{
									externalId: json('billingContactId'),
									firstName: json('billingFirstName'),
									lastName: json('billingLastName'),
									email: json('billingEmail'),
									phone: json('billingPhone'),
									isMain: true,
								},
								{
									externalId: json('payablesContactId'),
									firstName: json('payablesFirstName'),
									lastName: json('payablesLastName'),
									email: json('payablesEmail'),
									isMain: false,
								},
							],
						},
						currency: json('currency'),
						vatNumber: json('vatNumber'),
					},
				},
				"Create or Update by External ID: re-running the import updates the same customers. The contacts list replaces the customer's contacts in Upflow.",
			),
			code('Invoices', sourceCode('invoices', 'invoices (three per customer)')),
			upflow('Import invoices', {
				resource: 'invoice',
				operation: 'upsert',
				amountsIn: 'decimal',
				externalId: json('externalId'),
				customId: json('number'),
				customer: byExternalId('$json.customerExternalId'),
				issuedAt: json('issuedAt'),
				dueDate: json('dueDate'),
				currency: json('currency'),
				grossAmount: json('grossAmount'),
				netAmount: json('netAmount'),
				additionalFields: { name: json('description') },
			}),
			code(
				'Payments',
				sourceCode('payments', 'payments, each applied to one invoice (in full or in part)'),
			),
			upflow('Import payments', {
				resource: 'payment',
				operation: 'upsert',
				amountsIn: 'decimal',
				externalId: json('externalId'),
				customer: byExternalId('$json.customerExternalId'),
				amount: json('amount'),
				currency: json('currency'),
				validatedAt: json('validatedAt'),
				additionalFields: {
					instrument: json('instrument'),
					linkedInvoices: {
						link: [{ externalId: json('invoiceExternalId'), linkedAmount: json('appliedAmount') }],
					},
				},
			}),
			code(
				'Credit notes',
				sourceCode('creditNotes', 'credit notes (one: a 10% gesture on a paid invoice)'),
			),
			upflow('Import credit notes', {
				resource: 'creditNote',
				operation: 'upsert',
				amountsIn: 'decimal',
				externalId: json('externalId'),
				customId: json('number'),
				customer: byExternalId('$json.customerExternalId'),
				issuedAt: json('issuedAt'),
				currency: json('currency'),
				amount: json('grossAmount'),
				netAmount: json('netAmount'),
				additionalFields: {
					dueDate: json('dueDate'),
					linkedInvoices: {
						link: [{ externalId: json('invoiceExternalId'), linkedAmount: json('appliedAmount') }],
					},
				},
			}),
			code(
				'Refunds',
				sourceCode('refunds', 'refunds (one: the credit note paid back to the customer)'),
			),
			upflow('Import refunds', {
				resource: 'refund',
				operation: 'upsert',
				amountsIn: 'decimal',
				externalId: json('externalId'),
				customer: byExternalId('$json.customerExternalId'),
				amount: json('amount'),
				currency: json('currency'),
				refundedAt: json('validatedAt'),
				additionalFields: {
					linkedCreditNotes: {
						link: [
							{ externalId: json('creditNoteExternalId'), linkedAmount: json('refundedAmount') },
						],
					},
				},
			}),
			code(
				'Payments matched later',
				sourceCode('latePayments', 'payments received without remittance advice (one)'),
			),
			upflow(
				'Import unmatched payments',
				{
					resource: 'payment',
					operation: 'upsert',
					amountsIn: 'decimal',
					externalId: json('externalId'),
					customer: byExternalId('$json.customerExternalId'),
					amount: json('amount'),
					currency: json('currency'),
					validatedAt: json('validatedAt'),
					additionalFields: { instrument: json('instrument') },
				},
				'No Linked Invoices: the payment arrived without saying what it pays. It is matched in the next steps.',
			),
			code(
				'Reconciliations',
				sourceCode(
					'reconciliations',
					'reconciliations: which invoices the unmatched payments pay, found later',
				),
			),
			upflow(
				'Match payments to invoices',
				{
					resource: 'reconciliation',
					operation: 'link',
					amountsIn: 'decimal',
					externalId: json('externalId'),
					invoices: {
						item: [
							{ externalId: json('firstInvoiceExternalId'), amountLinked: json('firstAmount') },
							{ externalId: json('secondInvoiceExternalId'), amountLinked: json('secondAmount') },
						],
					},
					payments: {
						item: [{ externalId: json('paymentExternalId'), amountLinked: json('paymentAmount') }],
					},
					options: { customer: byExternalId('$json.customerExternalId') },
				},
				'Reconciliation > Link: the payment pays two invoices, matched after the fact. Sending the same External ID again replaces the match; Unlink undoes it.',
			),
			code('Contact changes', sourceCode('contactUpdates', 'contacts whose phone number changed')),
			upflow(
				'Update contacts',
				{
					resource: 'contact',
					operation: 'update',
					customer: byExternalId('$json.customerExternalId'),
					contact: byExternalId('$json.externalId'),
					updateFields: { phone: json('phone') },
				},
				'A contact is addressed under its customer: pick both.',
			),
			code('Contacts who left', sourceCode('contactRemovals', 'contacts who left their company')),
			upflow('Remove contacts', {
				resource: 'contact',
				operation: 'delete',
				customer: byExternalId('$json.customerExternalId'),
				contact: byExternalId('$json.externalId'),
			}),
		],
	);
}

// ---------------------------------------------------------------------------------------------
// examples/live-sync.workflow.json
// ---------------------------------------------------------------------------------------------

const LIVE_SYNC_SOURCE = `// Stands for your billing tool: the customers changed since the last run, each with its new or
// changed invoices. Replace this node with a database query or an HTTP Request (for example rows
// with updated_at later than the previous run). Amounts here are integer cents.
return [
  {
    externalId: 'CUST-0001',
    name: 'Northwind Logistics SAS',
    currency: 'EUR',
    invoices: [
      { externalId: 'inv-019001', number: 'INV-2025-9001', issuedAt: '2025-06-02', dueDate: '2025-07-02', currency: 'EUR', net: 125000, gross: 150000 },
    ],
  },
  {
    externalId: 'CUST-0101',
    name: 'Willowbrook Ceramics SARL',
    currency: 'EUR',
    invoices: [
      { externalId: 'inv-019002', number: 'INV-2025-9002', issuedAt: '2025-06-03', dueDate: '2025-07-03', currency: 'EUR', net: 48000, gross: 57600 },
      { externalId: 'inv-019003', number: 'INV-2025-9003', issuedAt: '2025-06-04', dueDate: '2025-07-04', currency: 'EUR', net: 9990, gross: 11988 },
    ],
  },
  {
    externalId: 'CUST-0102',
    name: 'Yellowstone Outfitters Inc.',
    currency: 'USD',
    invoices: [
      { externalId: 'inv-019004', number: 'INV-2025-9004', issuedAt: '2025-06-05', dueDate: '2025-06-20', currency: 'USD', net: 310000, gross: 310000 },
    ],
  },
].map((row) => ({ json: row }));
`;

const LIVE_SYNC_INVOICES = `// One item per invoice of the changed customers, taken from the source node (the Upflow node before
// this one outputs the customers as Upflow stored them, not the source rows).
return $('Changed in billing tool').all().flatMap((item) =>
  item.json.invoices.map((invoice) => ({ json: { ...invoice, customerExternalId: item.json.externalId } })),
);
`;

export function liveSyncWorkflow(): WorkflowFile {
	return chain('UpflowLiveSync01', 'Upflow: live sync of changed customers and invoices (hourly)', [
		{
			name: 'Every hour',
			type: SCHEDULE_TRIGGER_TYPE,
			typeVersion: 1.2,
			parameters: { rule: { interval: [{ field: 'hours', hoursInterval: 1 }] } },
		},
		code('Changed in billing tool', LIVE_SYNC_SOURCE),
		upflow(
			'Create or update customers',
			{
				resource: 'customer',
				operation: 'upsert',
				externalId: json('externalId'),
				name: json('name'),
				additionalFields: { currency: json('currency') },
				skipUnchanged: true,
			},
			"Keyed by External ID; Skip Unchanged sends only customers whose data changed since the last run. No Contacts field here: a contacts list replaces all of the customer's contacts in Upflow.",
		),
		code('Invoices of those customers', LIVE_SYNC_INVOICES),
		upflow('Create or update invoices', {
			resource: 'invoice',
			operation: 'upsert',
			amountsIn: 'cents',
			externalId: json('externalId'),
			customId: json('number'),
			customer: byExternalId('$json.customerExternalId'),
			issuedAt: json('issuedAt'),
			dueDate: json('dueDate'),
			currency: json('currency'),
			grossAmount: json('gross'),
			netAmount: json('net'),
			skipUnchanged: true,
		}),
	]);
}

// ---------------------------------------------------------------------------------------------
// examples/invoice-pdf.workflow.json
// ---------------------------------------------------------------------------------------------

const PDF_SOURCE = `// Stands for your billing tool: one invoice to push to Upflow with its PDF.
return [
  {
    json: {
      customerExternalId: 'CUST-0201',
      customerName: 'Amberline Studios Ltd',
      invoiceExternalId: 'inv-029001',
      number: 'INV-2025-PDF1',
      issuedAt: '2025-06-10',
      dueDate: '2025-07-10',
      currency: 'GBP',
      net: '1000.00',
      gross: '1200.00',
    },
  },
];
`;

const PDF_RENDER = `// Renders a one-page PDF per invoice into the binary field "data". In your flow the PDF would
// come from your billing tool instead: an HTTP Request node (Response Format: File) or
// "Read/Write Files from Disk" put it in a binary field the same way.
function pdfOf(lines) {
  const text = lines
    .map((line, i) => 'BT /F1 14 Tf 72 ' + (720 - i * 22) + ' Td (' + line.replace(/[()\\\\]/g, '\\\\$&') + ') Tj ET')
    .join('\\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    '<< /Length ' + text.length + ' >>\\nstream\\n' + text + '\\nendstream',
  ];
  let pdf = '%PDF-1.4\\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += (i + 1) + ' 0 obj\\n' + body + '\\nendobj\\n';
  });
  const xref = pdf.length;
  pdf += 'xref\\n0 ' + (objects.length + 1) + '\\n0000000000 65535 f \\n';
  pdf += offsets.map((offset) => String(offset).padStart(10, '0') + ' 00000 n \\n').join('');
  pdf += 'trailer\\n<< /Size ' + (objects.length + 1) + ' /Root 1 0 R >>\\nstartxref\\n' + xref + '\\n%%EOF\\n';
  return pdf;
}
const toBase64 = (text) => (typeof Buffer !== 'undefined' ? Buffer.from(text, 'latin1').toString('base64') : btoa(text));

return $input.all().map((item) => {
  const invoice = item.json;
  const pdf = pdfOf([
    'Invoice ' + invoice.customId,
    'Issued ' + String(invoice.issuedAt).slice(0, 10) + ', due ' + String(invoice.dueDate).slice(0, 10),
    'Total ' + (invoice.grossAmount / 100).toFixed(2) + ' ' + invoice.currency,
  ]);
  return {
    json: { invoiceExternalId: invoice.externalId, number: invoice.customId },
    binary: {
      data: { data: toBase64(pdf), mimeType: 'application/pdf', fileName: invoice.customId + '.pdf', fileExtension: 'pdf' },
    },
  };
});
`;

export function invoicePdfWorkflow(): WorkflowFile {
	const source = 'Invoice from billing tool';
	const from = (field: string) => `={{ $('${source}').item.json.${field} }}`;
	return chain('UpflowInvoicePdf', 'Upflow: invoice with its PDF (upload, then download)', [
		{ name: 'Run', type: MANUAL_TRIGGER_TYPE, typeVersion: 1, parameters: {} },
		code(source, PDF_SOURCE),
		upflow('Create or update customer', {
			resource: 'customer',
			operation: 'upsert',
			externalId: json('customerExternalId'),
			name: json('customerName'),
			additionalFields: { currency: json('currency') },
		}),
		upflow('Create or update invoice', {
			resource: 'invoice',
			operation: 'upsert',
			amountsIn: 'decimal',
			externalId: from('invoiceExternalId'),
			customId: from('number'),
			customer: { __rl: true, mode: 'externalId', value: from('customerExternalId') },
			issuedAt: from('issuedAt'),
			dueDate: from('dueDate'),
			currency: from('currency'),
			grossAmount: from('gross'),
			netAmount: from('net'),
		}),
		code('Render invoice PDF', PDF_RENDER),
		upflow(
			'Upload PDF',
			{
				resource: 'invoice',
				operation: 'uploadPdf',
				invoice: byExternalId('$json.invoiceExternalId'),
				binaryPropertyName: 'data',
			},
			'Sends the file in the binary field "data" as the invoice PDF (multipart; retried safely).',
		),
		upflow(
			'Download PDF',
			{
				resource: 'invoice',
				operation: 'downloadPdf',
				invoice: byExternalId('$json.invoice.externalId'),
				binaryPropertyName: 'data',
			},
			'Reads the invoice and fetches its signed, short-lived pdfUrl into the binary field "data".',
		),
	]);
}

// ---------------------------------------------------------------------------------------------
// examples/trigger-paid-invoices.workflow.json
// ---------------------------------------------------------------------------------------------

export function triggerPaidInvoicesWorkflow(): WorkflowFile {
	return chain('UpflowPaidTrig01', 'Upflow: react to paid invoices', [
		{
			name: 'When an invoice is paid',
			type: UPFLOW_TRIGGER_TYPE,
			typeVersion: 1,
			// `event` as in nodes/Upflow/UpflowTrigger.node.ts (trigger/events.ts: invoicePaid); pollTimes is
			// the parameter n8n adds to every polling trigger. Max Requests per Poll stays at its default.
			parameters: {
				pollTimes: { item: [{ mode: 'everyX', value: 5, unit: 'minutes' }] },
				event: 'invoicePaid',
			},
			credentials: UPFLOW_CREDENTIAL,
		},
		{
			name: 'Paid invoice (your flow here)',
			type: NOOP_TYPE,
			typeVersion: 1,
			parameters: {},
			notes:
				'Replace with what should happen: a Slack message, a CRM update, a thank-you email ...',
		},
	]);
}

// ---------------------------------------------------------------------------------------------
// examples/customer-replied.workflow.json
// ---------------------------------------------------------------------------------------------

const REPLY_TICKET = `// Stands for your helpdesk: one ticket per reply, with what the team needs to answer it.
// Replace this node with Zendesk, Freshdesk, Slack, Microsoft Teams or an email node.
const reply = $('When a customer replies').item.json;
const customer = $input.item.json;
const main = (customer.contacts || []).find((contact) => contact.isMain) || (customer.contacts || [])[0] || {};
return {
  json: {
    subject: 'Reply from ' + customer.name + (reply.carryingInvoice ? ' about invoice ' + reply.carryingInvoice.customId : ''),
    customer: customer.name,
    customerExternalId: customer.externalId,
    contactEmail: main.email || null,
    actionId: reply.id,
    receivedAt: reply.createdAt,
    upflowUrl: customer.directUrl,
  },
};
`;

export function customerRepliedWorkflow(): WorkflowFile {
	return chain('UpflowReplied001', 'Upflow: open a ticket when a customer replies to a reminder', [
		{
			name: 'When a customer replies',
			type: UPFLOW_TRIGGER_TYPE,
			typeVersion: 1,
			// `event` as in nodes/Upflow/trigger/events.ts (customerReplied): actions whose source is REPLY.
			parameters: {
				pollTimes: { item: [{ mode: 'everyX', value: 5, unit: 'minutes' }] },
				event: 'customerReplied',
			},
			credentials: UPFLOW_CREDENTIAL,
		},
		upflow(
			'Get the customer',
			{
				resource: 'customer',
				operation: 'get',
				customer: { __rl: true, mode: 'id', value: '={{ $json.customer.id }}' },
				simplify: false,
			},
			'The reply names its customer by Upflow ID; read it for its name, contacts and Upflow link.',
		),
		{
			...code('Ticket (your flow here)', REPLY_TICKET),
			parameters: { mode: 'runOnceForEachItem', language: 'javaScript', jsCode: REPLY_TICKET },
			notes: 'Replace with what should happen: a helpdesk ticket, a Slack message, a CRM note ...',
		},
	]);
}

export const EXAMPLE_FILES: Record<string, () => WorkflowFile> = {
	'customer-replied.workflow.json': customerRepliedWorkflow,
	'initial-import.workflow.json': initialImportWorkflow,
	'live-sync.workflow.json': liveSyncWorkflow,
	'invoice-pdf.workflow.json': invoicePdfWorkflow,
	'trigger-paid-invoices.workflow.json': triggerPaidInvoicesWorkflow,
	'postgres-sync.workflow.json': postgresSyncWorkflow,
	'csv-import.workflow.json': csvImportWorkflow,
};

export function serialize(workflow: WorkflowFile): string {
	return `${JSON.stringify(workflow, null, '\t')}\n`;
}

/** Writes every example file; answers the files that changed. */
export function writeExamples(dir = EXAMPLES_DIR): string[] {
	const changed: string[] = [];
	for (const [file, build] of Object.entries(EXAMPLE_FILES)) {
		const target = path.join(dir, file);
		const text = serialize(build());
		let current = '';
		try {
			current = readFileSync(target, 'utf8');
		} catch {
			// new file
		}
		if (current !== text) {
			writeFileSync(target, text);
			changed.push(file);
		}
	}
	return changed;
}
