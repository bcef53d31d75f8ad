/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a test: it finds node files on disk and prints what it covered */
/**
 * The node speaks Upflow's documented API: every write operation of the BUILT node runs in n8n-core
 * with every optional field filled, and each request the emulator receives is checked against the
 * contract home (test/contract/upflow.ts) with its own checker, not through the emulator's code:
 * the path must be a documented call, the body must carry every required field and no unknown one.
 *
 * Each case makes its own records (seed), so one failing case does not fail the others.
 *
 * Parity: every field a user can fill in a write operation reaches the body (a field added to the
 * UI but not to the schema would be stripped silently), every key a documented create or upsert
 * takes has a field, and Invoice > Update re-sends every field the invoice has. Each failure names
 * the file to edit.
 */
import type {
	IDataObject,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { existsSync } from 'node:fs';
import path from 'node:path';

import { checkBody } from '../contract/check';
import { matchWriteCall, writeCall } from '../contract/upflow';
import { startEmulator } from '../emulator';
import type { Emulator, OrgHandle, RequestLogEntry } from '../emulator';
import { itemWithBinary, loadPackage } from './harness';
import type { HarnessInputItem } from './harness';
import { byExternalId, runUpflow, runUpflowOk, samplePdf, writes } from './node-fixtures';

jest.setTimeout(60_000);

interface Case {
	/** `<resource>.<operation>` of the node. */
	operation: string;
	/**
	 * The records the case needs, made directly in the emulator under the case's own external ids:
	 * a case that fails leaves the others alone.
	 */
	seed?: (org: OrgHandle) => void;
	parameters: () => INodeParameters;
	items?: () => HarnessInputItem[];
	/** UI field -> body key, where the node sends a field under Upflow's name. */
	renamed?: Record<string, string>;
}

let emu: Emulator;
const users = () => emu.dump().users;
const plans = () => emu.dump().dunningPlans;
const bankAccounts = () => emu.dump().bankAccounts.map((account) => account.id);
const customFieldId = (name: string) =>
	emu.dump().customFields.find((field) => field.name === name)!.id;

const customer = (org: OrgHandle, externalId: string) =>
	org.upsert('customers', { externalId, name: `Customer ${externalId}` });
const invoice = (org: OrgHandle, externalId: string, customerExternalId: string) =>
	org.upsert('invoices', {
		externalId,
		customId: `N-${externalId}`,
		customer: { externalId: customerExternalId },
		issuedAt: '2024-03-01',
		dueDate: '2024-03-31',
		currency: 'EUR',
		grossAmount: 12000,
		netAmount: 10000,
	});
const creditNote = (org: OrgHandle, externalId: string, customerExternalId: string) =>
	org.upsert('creditNotes', {
		externalId,
		customId: `N-${externalId}`,
		customer: { externalId: customerExternalId },
		issuedAt: '2024-04-02',
		currency: 'EUR',
		grossAmount: 2400,
		netAmount: 2000,
	});
const payment = (org: OrgHandle, externalId: string, customerExternalId: string) =>
	org.upsert('payments', {
		externalId,
		customer: { externalId: customerExternalId },
		amount: 10000,
		currency: 'EUR',
		validatedAt: '2024-04-05',
	});
const field = (org: OrgHandle, name: string, entityType: string, externalId?: string) =>
	org.createCustomField({
		name,
		entityType,
		dataType: 'TEXT',
		...(externalId ? { externalId } : {}),
	});

const CASES: Case[] = [
	{
		operation: 'customField.create',
		items: () => [
			{ name: 'Tier', entityType: 'CUSTOMER', ext: 'cf-tier' },
			{ name: 'Project', entityType: 'INVOICE', ext: 'cf-project' },
			{ name: 'Obsolete', entityType: 'PAYMENT', ext: 'cf-obsolete' },
		],
		parameters: () => ({
			name: '={{ $json.name }}',
			entityType: '={{ $json.entityType }}',
			dataType: 'TEXT',
			additionalFields: { externalId: '={{ $json.ext }}' },
		}),
	},
	{
		operation: 'customer.upsert',
		seed: (org) => {
			customer(org, 'C-upsert-parent');
			field(org, 'Tier (upsert)', 'CUSTOMER');
		},
		parameters: () => ({
			externalId: 'C-upsert',
			name: 'Contract Ltd',
			additionalFields: {
				accountingRef: '411CONTRACT',
				address: {
					value: {
						address: '1 rue de la Paix',
						zipcode: '75002',
						city: 'Paris',
						state: 'IDF',
						country: 'France',
					},
				},
				accountManagerId: users()[0].id,
				paymentMethods: {
					value: {
						achDebit: 'disable',
						card: 'enable',
						check: 'disable',
						goCardless: 'disable',
						sepaDebit: 'enable',
						wireTransfer: 'enable',
						wireTransferBankAccounts: bankAccounts(),
					},
				},
				contacts: {
					contact: [
						{
							email: 'ann@upsert.example',
							firstName: 'Ann',
							lastName: 'Lee',
							phone: '+33 1 23 45 67 89',
							position: 'ACCOUNTING',
							isMain: true,
							externalId: 'K-upsert-ann',
						},
						{ email: 'bob@upsert.example', firstName: 'Bob' },
					],
				},
				currency: 'EUR',
				customFields: { field: [{ id: customFieldId('Tier (upsert)'), value: 'Gold' }] },
				dunningPlanId: plans()[0].id,
				parent: byExternalId('C-upsert-parent'),
				vatNumber: 'FR40303265045',
			},
		}),
	},
	{
		operation: 'customer.update',
		seed: (org) => {
			customer(org, 'C-update');
			customer(org, 'C-update-parent');
			field(org, 'Tier (update)', 'CUSTOMER');
		},
		parameters: () => ({
			customer: byExternalId('C-update'),
			updateFields: {
				accountingRef: '411CONTRACT-2',
				address: {
					value: {
						address: '2 rue de Rivoli',
						zipcode: '75004',
						city: 'Paris',
						state: 'IDF',
						country: 'FR',
					},
				},
				accountManagerId: users()[1].id,
				paymentMethods: {
					value: {
						card: 'disable',
						wireTransfer: 'enable',
						wireTransferBankAccounts: bankAccounts().slice(0, 1),
					},
				},
				contacts: {
					contact: [
						{
							email: 'ann@update.example',
							firstName: 'Ann',
							lastName: 'Lee',
							phone: '+33 1 00 00 00 00',
							position: 'PAYER',
							isMain: true,
							externalId: 'K-update-ann',
						},
					],
				},
				currency: 'EUR',
				customFields: { field: [{ id: customFieldId('Tier (update)'), value: 'Silver' }] },
				dunningPlanId: plans()[1].id,
				name: 'Contract Group Ltd',
				parent: byExternalId('C-update-parent'),
				vatNumber: 'FR40303265046',
			},
		}),
	},
	{
		operation: 'customer.generatePortalUrl',
		seed: (org) => customer(org, 'C-portal'),
		parameters: () => ({
			customer: byExternalId('C-portal'),
			expiresIn: 3600,
			frameAncestors: 'app.example.com',
		}),
	},
	{
		operation: 'customer.assignDunningPlan',
		seed: (org) => customer(org, 'C-plan'),
		parameters: () => ({ customer: byExternalId('C-plan'), dunningPlanId: plans()[0].id }),
	},
	{
		operation: 'contact.create',
		seed: (org) => customer(org, 'C-contact-create'),
		parameters: () => ({
			customer: byExternalId('C-contact-create'),
			email: 'cat@create.example',
			additionalFields: {
				firstName: 'Cat',
				lastName: 'Ng',
				phone: '+44 20 7946 0000',
				position: 'SALES',
				isMain: false,
				externalId: 'K-create',
			},
		}),
	},
	{
		operation: 'contact.update',
		seed: (org) =>
			org.upsert('customers', {
				externalId: 'C-contact-update',
				name: 'Contact update',
				contacts: [{ email: 'cat@update.example', externalId: 'K-update' }],
			}),
		parameters: () => ({
			customer: byExternalId('C-contact-update'),
			contact: byExternalId('K-update'),
			updateFields: {
				email: 'cat.ng@update.example',
				firstName: 'Catherine',
				lastName: 'Ng',
				phone: '+44 20 7946 0001',
				position: 'PURCHASER',
				isMain: false,
				externalId: 'K-update',
			},
		}),
	},
	{
		operation: 'contact.delete',
		seed: (org) =>
			org.upsert('customers', {
				externalId: 'C-contact-delete',
				name: 'Contact delete',
				contacts: [{ email: 'cat@delete.example', externalId: 'K-delete' }],
			}),
		parameters: () => ({
			customer: byExternalId('C-contact-delete'),
			contact: byExternalId('K-delete'),
		}),
	},
	{
		operation: 'invoice.upsert',
		seed: (org) => {
			customer(org, 'C-invoice-upsert');
			field(org, 'Project (upsert)', 'INVOICE');
		},
		parameters: () => invoiceUpsertParameters('I-upsert', 'C-invoice-upsert', 'Project (upsert)'),
	},
	{
		operation: 'invoice.update',
		seed: (org) => {
			customer(org, 'C-invoice-update');
			invoice(org, 'I-update', 'C-invoice-update');
			field(org, 'Project (update)', 'INVOICE');
		},
		parameters: () => ({
			invoice: byExternalId('I-update'),
			amountsIn: 'decimal',
			updateFields: {
				customId: 'F-2024-001b',
				issuedAt: '2024-03-02',
				dueDate: '2024-04-01',
				currency: 'EUR',
				grossAmount: '240.00',
				netAmount: '200.00',
				customFields: { field: [{ id: customFieldId('Project (update)'), value: 'Gemini' }] },
				name: 'March services, corrected',
			},
		}),
	},
	{
		operation: 'invoice.uploadPdf',
		seed: (org) => {
			customer(org, 'C-invoice-pdf');
			invoice(org, 'I-pdf', 'C-invoice-pdf');
		},
		items: () => [
			itemWithBinary(
				{},
				{
					data: {
						data: samplePdf('contract'),
						fileName: 'invoice.pdf',
						mimeType: 'application/pdf',
					},
				},
			),
		],
		parameters: () => ({ invoice: byExternalId('I-pdf'), binaryPropertyName: 'data' }),
	},
	{
		operation: 'creditNote.upsert',
		renamed: { amount: 'grossAmount' },
		seed: (org) => {
			customer(org, 'C-credit-upsert');
			invoice(org, 'I-credit-upsert', 'C-credit-upsert');
		},
		parameters: () => ({
			amountsIn: 'decimal',
			externalId: 'CN-upsert',
			customId: 'AV-2024-001',
			customer: byExternalId('C-credit-upsert'),
			issuedAt: '2024-04-02',
			currency: 'EUR',
			amount: '24.00',
			netAmount: '20.00',
			additionalFields: {
				dueDate: '2024-05-02',
				linkedInvoices: { link: [{ externalId: 'I-credit-upsert', linkedAmount: '24.00' }] },
				name: 'Discount',
			},
		}),
	},
	{
		operation: 'creditNote.uploadPdf',
		seed: (org) => {
			customer(org, 'C-credit-pdf');
			creditNote(org, 'CN-pdf', 'C-credit-pdf');
		},
		items: () => [
			itemWithBinary(
				{},
				{
					data: {
						data: samplePdf('contract'),
						fileName: 'credit.pdf',
						mimeType: 'application/pdf',
					},
				},
			),
		],
		parameters: () => ({ creditNote: byExternalId('CN-pdf'), binaryPropertyName: 'data' }),
	},
	{
		operation: 'payment.upsert',
		seed: (org) => {
			customer(org, 'C-payment-upsert');
			invoice(org, 'I-payment-upsert', 'C-payment-upsert');
		},
		parameters: () => ({
			amountsIn: 'decimal',
			externalId: 'P-upsert',
			customer: byExternalId('C-payment-upsert'),
			amount: '100.00',
			currency: 'EUR',
			validatedAt: '2024-04-05',
			additionalFields: {
				instrument: 'UNKNOWN',
				bankAccountId: bankAccounts()[0],
				linkedInvoices: { link: [{ externalId: 'I-payment-upsert', linkedAmount: '100.00' }] },
			},
		}),
	},
	{
		operation: 'refund.upsert',
		renamed: { refundedAt: 'validatedAt' },
		seed: (org) => {
			customer(org, 'C-refund-upsert');
			payment(org, 'P-refund-upsert', 'C-refund-upsert');
			creditNote(org, 'CN-refund-upsert', 'C-refund-upsert');
		},
		parameters: () => ({
			amountsIn: 'decimal',
			externalId: 'R-upsert',
			customer: byExternalId('C-refund-upsert'),
			amount: '30.00',
			currency: 'EUR',
			refundedAt: '2024-04-10',
			additionalFields: {
				instrument: 'CARD',
				linkedPayments: { link: [{ externalId: 'P-refund-upsert', linkedAmount: '10.00' }] },
				linkedCreditNotes: {
					link: [{ externalId: 'CN-refund-upsert', linkedAmount: '20.00' }],
				},
			},
		}),
	},
	{
		operation: 'reconciliation.link',
		// An invoice and a payment recorded apart, matched afterwards.
		seed: (org) => {
			customer(org, 'C-link');
			org.upsert('invoices', {
				externalId: 'I-link',
				customId: 'F-link',
				customer: { externalId: 'C-link' },
				issuedAt: '2024-01-01',
				dueDate: '2024-01-31',
				currency: 'EUR',
				grossAmount: 5000,
				netAmount: 5000,
			});
			org.upsert('payments', {
				externalId: 'P-link',
				customer: { externalId: 'C-link' },
				amount: 5000,
				currency: 'EUR',
				validatedAt: '2024-02-01',
			});
		},
		parameters: () => ({
			amountsIn: 'decimal',
			externalId: 'REC-link',
			invoices: { item: [{ externalId: 'I-link', amountLinked: '50.00' }] },
			payments: { item: [{ externalId: 'P-link', amountLinked: '50.00' }] },
			options: { customer: byExternalId('C-link') },
		}),
	},
	{
		operation: 'reconciliation.unlink',
		seed: (org) => customer(org, 'C-unlink'),
		parameters: () => ({
			externalId: 'REC-unlink',
			options: { customer: byExternalId('C-unlink') },
		}),
	},
	{
		operation: 'customField.delete',
		seed: (org) => field(org, 'Obsolete (delete)', 'PAYMENT', 'cf-delete'),
		parameters: () => ({ customField: byExternalId('cf-delete') }),
	},
	{
		operation: 'refund.delete',
		seed: (org) => {
			customer(org, 'C-refund-delete');
			org.upsert('refunds', {
				externalId: 'R-delete',
				customer: { externalId: 'C-refund-delete' },
				amount: 1000,
				currency: 'EUR',
				validatedAt: '2024-04-10',
			});
		},
		parameters: () => ({ refund: byExternalId('R-delete') }),
	},
	{
		operation: 'payment.delete',
		seed: (org) => {
			customer(org, 'C-payment-delete');
			payment(org, 'P-delete', 'C-payment-delete');
		},
		parameters: () => ({ payment: byExternalId('P-delete') }),
	},
	{
		operation: 'creditNote.delete',
		seed: (org) => {
			customer(org, 'C-credit-delete');
			creditNote(org, 'CN-delete', 'C-credit-delete');
		},
		parameters: () => ({ creditNote: byExternalId('CN-delete') }),
	},
	{
		operation: 'invoice.delete',
		seed: (org) => {
			customer(org, 'C-invoice-delete');
			invoice(org, 'I-delete', 'C-invoice-delete');
		},
		parameters: () => ({ invoice: byExternalId('I-delete') }),
	},
	{
		operation: 'customer.delete',
		seed: (org) => customer(org, 'C-delete'),
		parameters: () => ({ customer: byExternalId('C-delete') }),
	},
];

/** Invoice > Create or Update with every field filled (the upsert case, and the invoice Update keeps). */
function invoiceUpsertParameters(
	externalId: string,
	customerExternalId: string,
	projectField: string,
): INodeParameters {
	return {
		amountsIn: 'decimal',
		externalId,
		customId: `F-${externalId}`,
		customer: byExternalId(customerExternalId),
		issuedAt: '2024-03-01',
		dueDate: '2024-03-31',
		currency: 'EUR',
		grossAmount: '120.00',
		netAmount: '100.00',
		additionalFields: {
			customFields: { field: [{ id: customFieldId(projectField), value: 'Apollo' }] },
			name: 'March services',
		},
	};
}

/** Operations that only read: everything else must have a case. */
const READS = new Set(['get', 'getAll', 'downloadPdf', 'getAccountManagers']);

/**
 * Keys a documented upsert or create takes that the node deliberately offers no field for (the
 * JSON field still carries them), with why.
 */
const NOT_OFFERED: Record<string, string> = {
	'contact.create:id': "a contact's own Upflow id is assigned by Upflow, never sent by a create",
	'customField.create:values':
		'select values need not be declared: Upflow adds them as records use them (doc)',
};

const CONTRACT = 'test/contract/upflow.ts';
const CONTRACT_TEST = 'test/engine/contract.test.ts';

async function upflowDescription(): Promise<INodeTypeDescription> {
	const { nodeTypes } = await loadPackage();
	return (nodeTypes['n8n-nodes-upflow.upflow'] as INodeType).description;
}

/** What each case filled in and sent, for the parity checks. */
const ran = new Map<string, { parameters: INodeParameters; requests: RequestLogEntry[] }>();

function segmentsOf(path: string): string[] {
	return path
		.replace(/^\/v1\//, '')
		.split('?')[0]
		.split('/')
		.map(decodeURIComponent);
}

/** Every documented-contract departure of one request, as text naming the file that documents it. */
function departures(entry: RequestLogEntry): string[] {
	const call = matchWriteCall(entry.method, segmentsOf(entry.path));
	// The emulator's own gaps (501) name the file to edit: show them first.
	if (entry.status === 501) return [`${entry.method} ${entry.path} answered 501: ${entry.refusal}`];
	if (!call)
		return [
			`${entry.method} ${entry.path} is not a documented Upflow call (${CONTRACT} WRITE_CALLS)`,
		];
	// The log summarises a PDF upload as {pdfBytes}: a multipart form, accepted only with the documented file field.
	const summary = entry.body as { pdfBytes?: number } | undefined;
	if (call.multipartFile && summary?.pdfBytes !== undefined)
		return entry.status === 204 ? [] : [`${call.name}: the upload was refused (${entry.status})`];
	if (entry.body === undefined) return [];
	return checkBody(call, entry.body).map(
		(problem) =>
			`${call.name}: ${problem.message} (the documented body: ${CONTRACT} "${call.name}")`,
	);
}

/** The node file that writes this resource's parameters, or its write schema. */
function nodeFile(resource: string, kind: 'fields' | 'schema'): string {
	const file = `nodes/Upflow/resources/${resource}/${kind}.ts`;
	return existsSync(path.resolve(__dirname, '../..', file))
		? file
		: `the ${kind} that nodes/Upflow/resources/${resource}/index.ts uses`;
}

beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
	emu.org().addBankAccount({ name: 'Main account' });
	emu.org().addBankAccount({ name: 'Second account' });
});
afterAll(async () => await emu.close());

/** Runs one case on its own records; answers the run and the write requests it sent. */
async function runCase(c: Case) {
	c.seed?.(emu.org());
	const parameters = c.parameters();
	emu.clearLog();
	const [resource, op] = c.operation.split('.');
	const result = await runUpflow(
		emu,
		{ resource, operation: op, ...parameters },
		c.items ? { items: c.items() } : {},
	);
	const requests = writes(emu);
	ran.set(c.operation, { parameters, requests });
	return { result, requests };
}

describe('every write operation sends what Upflow documents', () => {
	it('has a case for every write operation of the node', async () => {
		const description = await upflowDescription();
		const operations = description.properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) =>
				(property.options ?? []).map(
					(option) =>
						`${String(property.displayOptions?.show?.resource?.[0])}.${String((option as { value: string }).value)}`,
				),
			)
			.filter((operation) => !READS.has(operation.split('.')[1]));
		const cased = new Set(CASES.map((c) => c.operation));
		const offered = new Set(operations);
		expect([
			...[...offered]
				.filter((operation) => !cased.has(operation))
				.map((operation) => `${operation} has no case: add one to CASES in ${CONTRACT_TEST}`),
			...[...cased]
				.filter((operation) => !offered.has(operation))
				.map(
					(operation) =>
						`${operation} has a case but the node has no such operation: add it to the operations of nodes/Upflow/resources/${operation.split('.')[0]}/index.ts`,
				),
		]).toEqual([]);
	});

	it.each(CASES.map((c) => [c.operation, c] as const))('%s', async (operation, c) => {
		const { result, requests } = await runCase(c);
		// The contract first: a departure is reported as such even when the emulator refused the request.
		expect(requests.flatMap(departures)).toEqual([]);
		expect(result.error?.message).toBeUndefined();
		expect(requests.length).toBeGreaterThan(0);
	});
});

describe('parity: no field is dropped on the way to Upflow', () => {
	/** The fields a user fills in an operation: top level and inside Additional / Update Fields. */
	function uiFields(properties: INodeProperties[], resource: string, operation: string): string[] {
		const META = new Set([
			'resource',
			'operation',
			'amountsIn',
			'skipUnchanged',
			'json',
			'binaryPropertyName',
			'options',
			resource,
		]);
		return properties
			.filter(
				(p) =>
					p.displayOptions?.show?.resource?.includes(resource) &&
					p.displayOptions?.show?.operation?.includes(operation),
			)
			.flatMap((p) =>
				p.name === 'additionalFields' || p.name === 'updateFields'
					? ((p.options ?? []) as INodeProperties[])
					: [p],
			)
			.map((p) => p.name)
			.filter((name) => !META.has(name) && !(resource === 'contact' && name === 'customer'));
	}

	const WRITES = CASES.filter((c) => /\.(upsert|update|create)$/.test(c.operation));

	/** The values a case gave when it ran, top level and inside Additional / Update Fields. */
	function given(operation: string): IDataObject {
		const filled = ran.get(operation)?.parameters as IDataObject | undefined;
		if (!filled) throw new Error(`The case ${operation} did not run: run the whole file`);
		return {
			...filled,
			...((filled.additionalFields ?? filled.updateFields ?? {}) as IDataObject),
		};
	}

	it.each(WRITES.map((c) => [c.operation] as const))(
		'%s: the case fills every field (or the next check proves nothing)',
		async (operation) => {
			const [resource, op] = operation.split('.');
			const values = given(operation);
			const unfilled = uiFields((await upflowDescription()).properties, resource, op).filter(
				(name) => values[name] === undefined,
			);
			expect(
				unfilled.map(
					(name) =>
						`${operation}: the case does not fill "${name}": give it a value in ${CONTRACT_TEST}`,
				),
			).toEqual([]);
		},
	);

	it.each(WRITES.map((c) => [c.operation, c] as const))(
		'%s: every field filled in reaches the body',
		async (operation, c) => {
			const [resource, op] = operation.split('.');
			const values = given(operation);
			const fields = uiFields((await upflowDescription()).properties, resource, op).filter(
				(name) => values[name] !== undefined,
			);
			const bodies = (ran.get(operation)?.requests ?? []).map((entry) => entry.body as IDataObject);
			const keys = new Set(bodies.flatMap((body) => Object.keys(body ?? {})));
			const dropped = fields.filter((name) => !keys.has(c.renamed?.[name] ?? name));
			expect(
				dropped.map(
					(name) =>
						`${operation}: "${name}" was filled in but not sent: add it to the write schema in ${nodeFile(resource, 'schema')} (zod drops keys it does not know)`,
				),
			).toEqual([]);
		},
	);

	it.each(
		CASES.filter((c) => /\.(upsert|create|link)$/.test(c.operation)).map(
			(c) => [c.operation, c] as const,
		),
	)('%s: every key Upflow documents has a field', async (operation, c) => {
		const [resource, op] = operation.split('.');
		const [write] = ran.get(operation)?.requests ?? [];
		expect(write).toBeDefined();
		const call = matchWriteCall(write.method, segmentsOf(write.path))!;
		const offered = new Set(
			uiFields((await upflowDescription()).properties, resource, op).map(
				(name) => c.renamed?.[name] ?? name,
			),
		);
		const missing = Object.keys(call.body ?? {}).filter(
			(key) => !offered.has(key) && !NOT_OFFERED[`${operation}:${key}`],
		);
		expect(
			missing.map(
				(key) =>
					`${call.name} documents "${key}" (${CONTRACT}) but ${operation} has no field for it: add one in ${nodeFile(resource, 'fields')}, or list it in NOT_OFFERED (${CONTRACT_TEST}) with why`,
			),
		).toEqual([]);
	});

	it('Invoice > Update re-sends every field the invoice has, not only the changed ones', async () => {
		customer(emu.org(), 'C-resend');
		field(emu.org(), 'Project (resend)', 'INVOICE');
		await runUpflowOk(emu, {
			resource: 'invoice',
			operation: 'upsert',
			...invoiceUpsertParameters('I-resend', 'C-resend', 'Project (resend)'),
		});
		const before = emu.org().get('invoices', 'external:I-resend') as unknown as IDataObject;
		emu.clearLog();
		await runUpflowOk(emu, {
			resource: 'invoice',
			operation: 'update',
			invoice: byExternalId('I-resend'),
			updateFields: { netAmount: '9000' },
		});
		const [resend] = writes(emu);
		const body = resend.body as IDataObject;
		// customFields are merged per field by Upflow: leaving one out keeps it, so they are not re-sent.
		const kept = Object.keys(writeCall('invoice.upsert').body ?? {}).filter(
			(key) =>
				key !== 'customFields' &&
				(key === 'customer' ? before.customerId : before[key]) !== undefined &&
				(key === 'customer' ? before.customerId : before[key]) !== null,
		);
		expect(
			kept
				.filter((key) => body[key] === undefined)
				.map(
					(key) =>
						`Invoice > Update did not re-send "${key}", which the invoice had: Update re-sends the keys of the upsert schema (INVOICE_UPSERT_KEYS, nodes/Upflow/resources/invoice/schema.ts) as Upflow reads them back; a key read back under another name needs a line in nodes/Upflow/resources/invoice/update.operation.ts (resendOf)`,
				),
		).toEqual([]);
		expect(kept.length).toBeGreaterThan(8);
	});
});

/** Write operations whose items may run at once, with why. */
const NO_LANE: Record<string, string> = {
	'customer.generatePortalUrl':
		'nothing is written in Upflow: each call mints a link, none is stored',
};

describe("lanes: two items for the same record are never sent at once (Upflow's rule)", () => {
	beforeAll(() => emu.setFaults({ rate: 0, latencyMs: 150 }));
	afterAll(() => emu.setFaults(undefined));

	const overlap = (a: RequestLogEntry, b: RequestLogEntry) =>
		a.receivedAt < b.respondedAt && b.receivedAt < a.respondedAt;
	const same = (a: RequestLogEntry, b: RequestLogEntry) =>
		a.method === b.method && a.path === b.path && JSON.stringify(a.body) === JSON.stringify(b.body);

	it.each(CASES.filter((c) => !NO_LANE[c.operation]).map((c) => [c.operation, c] as const))(
		'%s',
		async (operation, c) => {
			const parameters = ran.get(operation)?.parameters;
			if (!parameters) throw new Error(`The case ${operation} did not run: run the whole file`);
			emu.clearLog();
			const [resource, op] = operation.split('.');
			const items = c.items ? c.items() : [{}];
			// The same item twice: whatever the second one answers, it must wait for the first.
			await runUpflow(
				emu,
				{ resource, operation: op, ...parameters },
				{ items: [...items, ...items] },
			);
			const sentTwice = writes(emu).filter((entry, i, all) =>
				all.some((other, j) => j !== i && same(entry, other) && overlap(entry, other)),
			);
			expect(
				sentTwice.length
					? [
							`${operation}: two items for the same record were sent at once (${sentTwice[0].method} ${sentTwice[0].path}): its plan must declare the lane its writes take (\`lane\`, or \`locate\` when only Upflow knows the customer), where nodes/Upflow/resources/${resource}/index.ts builds the operation; or list it in NO_LANE (${CONTRACT_TEST}) with why`,
						]
					: [],
			).toEqual([]);
		},
	);
});

afterAll(() => {
	// Every write operation the contract test covered, for the log of a CI run.
	process.stdout.write(
		`contract test covered ${ran.size} write operations: ${[...ran.keys()].join(', ')}\n`,
	);
});
