/**
 * Bad input through the Upflow node (built package, n8n-core, emulator over HTTP).
 *
 * Every case is ONE input item with ONE thing wrong, placed after `before` valid items, so the
 * error must name the right item (`[item N]`) and the field path. Every parameter is an expression
 * on `$json` (as in a real import flow), so valid and bad items share one node configuration; where
 * the wrong value cannot travel as JSON (NaN, 0.1 + 0.2 ...) the expression itself computes it for
 * the bad item only (`pick()`).
 *
 * Refused before any request: the node plans (validates) every item before sending anything, so
 * without Continue On Fail the emulator's log stays EMPTY, valid items included. The cases marked
 * `reaches` are the ones only Upflow can judge (a reference to a record that does not exist): they
 * are sent, refused with a 4xx, and the error names the item.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../emulator';
import { itemWithBinary, runNode, upflowCredentials, type HarnessInputItem } from './harness';

let emulator: Emulator;

const pdf = Buffer.from('%PDF-1.4\n% bad-input test\n%%EOF\n');

beforeAll(async () => {
	emulator = await startEmulator({ port: 0 });
	const org = emulator.org();
	org.upsert('customers', { externalId: 'cust-1', name: 'Customer One' });
	// seed-inv-0..2 of cust-1, 12000+ cents each: targets for links and PDF uploads.
	org.seedInvoices(3, { customerExternalId: 'cust-1', prefix: 'seed-inv-' });
});

afterAll(async () => await emulator?.close());

beforeEach(() => {
	emulator.setFaults(undefined);
	emulator.clearLog();
});

// ---- operations: every parameter from $json ------------------------------------------------------

/** A resource locator whose value comes from `$json[field]`. */
const byExternalId = (field: string) => ({
	__rl: true,
	mode: 'externalId',
	value: `={{ $json.${field} }}`,
});

/** An expression that gives the bad item (`$json.bad`) `bad` and every other item `good`. */
const pick = (good: string, bad: string) => `={{ $json.bad ? (${bad}) : (${good}) }}`;

interface Operation {
	parameters: INodeParameters;
	/** A valid item; `tag` makes its ids unique. */
	valid(tag: string): IDataObject;
	/** Items may need binary data (Upload PDF). */
	wrap?(json: IDataObject): HarnessInputItem;
}

const customerUpsert: Operation = {
	parameters: {
		resource: 'customer',
		operation: 'upsert',
		externalId: '={{ $json.externalId }}',
		name: '={{ $json.name }}',
		additionalFields: { json: '={{ $json.extra }}', currency: '={{ $json.currency }}' },
	},
	valid: (tag) => ({ externalId: `cust-${tag}`, name: `Customer ${tag}` }),
};

/** Customer upsert with a contacts list (two rows) and an address. */
const customerWithContacts: Operation = {
	parameters: {
		...customerUpsert.parameters,
		additionalFields: {
			contacts: {
				contact: [
					{ email: '={{ $json.email }}', firstName: 'Ada' },
					{ email: '={{ $json.email2 }}', firstName: 'Bob' },
				],
			},
			address: { value: { city: 'Paris', country: '={{ $json.country }}' } },
			customFields: { field: [{ id: '={{ $json.cfId }}', value: 'North' }] },
		},
	},
	valid: (tag) => ({
		...customerUpsert.valid(tag),
		email: `ada-${tag}@example.com`,
		email2: `bob-${tag}@example.com`,
		country: 'FR',
		cfId: 'cf-region',
	}),
};

const invoiceUpsert: Operation = {
	parameters: {
		resource: 'invoice',
		operation: 'upsert',
		amountsIn: '={{ $json.amountsIn || "cents" }}',
		externalId: '={{ $json.externalId }}',
		customId: '={{ $json.customId }}',
		customer: byExternalId('customer'),
		issuedAt: '={{ $json.issuedAt }}',
		dueDate: '={{ $json.dueDate }}',
		currency: '={{ $json.currency }}',
		grossAmount: '={{ $json.gross }}',
		netAmount: '={{ $json.net }}',
		additionalFields: { json: '={{ $json.extra }}' },
	},
	valid: (tag) => ({
		externalId: `inv-${tag}`,
		customId: `INV-${tag}`,
		customer: 'cust-1',
		issuedAt: '2024-03-01',
		dueDate: '2024-04-01',
		currency: 'EUR',
		gross: 1250,
		net: 1000,
	}),
};

const linkRows = [
	{ externalId: '={{ $json.inv1 }}', linkedAmount: '={{ $json.l1 }}' },
	{ externalId: '={{ $json.inv2 }}', linkedAmount: '={{ $json.l2 }}' },
];

const paymentUpsert: Operation = {
	parameters: {
		resource: 'payment',
		operation: 'upsert',
		amountsIn: 'cents',
		externalId: '={{ $json.externalId }}',
		customer: byExternalId('customer'),
		amount: '={{ $json.amount }}',
		currency: 'EUR',
		validatedAt: '={{ $json.validatedAt }}',
		additionalFields: {
			linkedInvoices: { link: linkRows },
			instrument: '={{ $json.instrument || "WIRE_TRANSFER" }}',
		},
	},
	valid: (tag) => ({
		externalId: `pay-${tag}`,
		customer: 'cust-1',
		amount: 5000,
		validatedAt: '2024-03-05',
		inv1: 'seed-inv-0',
		l1: 2000,
		inv2: 'seed-inv-1',
		l2: 2000,
	}),
};

const creditNoteUpsert: Operation = {
	parameters: {
		resource: 'creditNote',
		operation: 'upsert',
		amountsIn: 'decimal',
		externalId: '={{ $json.externalId }}',
		customId: '={{ $json.externalId }}',
		customer: byExternalId('customer'),
		issuedAt: '2024-03-10',
		currency: 'EUR',
		amount: '={{ $json.amount }}',
		netAmount: '10.00',
	},
	valid: (tag) => ({ externalId: `cn-${tag}`, customer: 'cust-1', amount: '12.00' }),
};

const refundUpsert: Operation = {
	parameters: {
		resource: 'refund',
		operation: 'upsert',
		amountsIn: 'decimal',
		externalId: '={{ $json.externalId }}',
		customer: byExternalId('customer'),
		amount: '={{ $json.amount }}',
		currency: 'EUR',
		refundedAt: '2024-03-12',
	},
	valid: (tag) => ({ externalId: `ref-${tag}`, customer: 'cust-1', amount: '5.00' }),
};

const contactCreate: Operation = {
	parameters: {
		resource: 'contact',
		operation: 'create',
		customer: byExternalId('customer'),
		email: '={{ $json.email }}',
		additionalFields: {},
	},
	valid: (tag) => ({ customer: 'cust-1', email: `contact-${tag}@example.com` }),
};

const portalUrl: Operation = {
	parameters: {
		resource: 'customer',
		operation: 'generatePortalUrl',
		customer: byExternalId('customer'),
		expiresIn: '={{ $json.expiresIn }}',
		frameAncestors: '={{ $json.frameAncestors }}',
	},
	valid: () => ({
		customer: 'cust-1',
		expiresIn: 3600,
		frameAncestors: 'app.example.com https://*.example.org',
	}),
};

const customFieldCreate: Operation = {
	parameters: {
		resource: 'customField',
		operation: 'create',
		name: '={{ $json.name }}',
		entityType: 'CUSTOMER',
		dataType: '={{ $json.dataType }}',
	},
	valid: (tag) => ({ name: `Field ${tag}`, dataType: 'TEXT' }),
};

const invoiceUploadPdf: Operation = {
	parameters: {
		resource: 'invoice',
		operation: 'uploadPdf',
		invoice: byExternalId('invoice'),
		binaryPropertyName: '={{ $json.property || "data" }}',
	},
	valid: () => ({ invoice: 'seed-inv-0' }),
	wrap: (json) =>
		itemWithBinary(json, {
			data: { data: pdf, fileName: 'invoice.pdf', mimeType: 'application/pdf' },
		}),
};

const locatorOf = (resource: string, operation: string, name: string, mode: string): Operation => ({
	parameters: { resource, operation, [name]: { __rl: true, mode, value: '={{ $json.ref }}' } },
	valid: () => ({ ref: 'seed-inv-0' }),
});

// ---- the cases -------------------------------------------------------------------------------

interface BadInputCase {
	name: string;
	op: Operation;
	/** What is wrong in the bad item's JSON (merged over a valid item, plus `bad: true`). */
	bad: IDataObject;
	/** Parameter overrides (usually a `pick()` expression). */
	parameters?: INodeParameters;
	/** Valid items before the bad one: the bad one is item `before`. */
	before: number;
	/** The field path named after `[item N] `. */
	path: string;
	/** What the message must also say. */
	says: RegExp;
	/** Only Upflow can tell: sent, refused with a 4xx. */
	reaches?: true;
	/** The bad item has no binary data even though the operation's items do. */
	noBinary?: true;
}

const long = (n: number) => 'x'.repeat(n);

const cases: BadInputCase[] = [
	// required values and references
	{
		name: 'invoice without externalId',
		op: invoiceUpsert,
		bad: { externalId: '' },
		before: 2,
		path: 'externalId',
		says: /is required/,
	},
	{
		name: 'customer without externalId',
		op: customerUpsert,
		bad: { externalId: '   ' },
		before: 0,
		path: 'externalId',
		says: /is required/,
	},
	{
		name: 'customer with an empty name',
		op: customerUpsert,
		bad: { name: '' },
		before: 1,
		path: 'name',
		says: /is required/,
	},
	{
		name: 'invoice with an empty customer locator',
		op: invoiceUpsert,
		bad: { customer: '' },
		before: 3,
		path: 'customer',
		says: /is required/,
	},
	{
		name: 'invoice for an unknown customer (Upflow refuses it)',
		op: invoiceUpsert,
		bad: { customer: 'nobody-like-this' },
		before: 2,
		path: 'customer',
		says: /nobody-like-this/,
		reaches: true,
	},
	{
		name: 'payment linking an unknown invoice (Upflow refuses it)',
		op: paymentUpsert,
		bad: { inv2: 'no-such-invoice' },
		before: 1,
		path: 'linkedInvoices',
		says: /no-such-invoice/,
		reaches: true,
	},
	{
		name: 'payment link with neither id nor external id',
		op: paymentUpsert,
		bad: { inv1: '' },
		before: 0,
		path: 'linkedInvoices[0].invoice',
		says: /is required/,
	},
	{
		name: 'invoice get with an empty locator (By ID)',
		op: locatorOf('invoice', 'get', 'invoice', 'id'),
		bad: { ref: '' },
		before: 1,
		path: 'invoice',
		says: /is empty; pick the invoice from the list/,
	},
	{
		name: 'customer delete with an empty locator (From List)',
		op: locatorOf('customer', 'delete', 'customer', 'list'),
		bad: { ref: '  ' },
		before: 0,
		path: 'customer',
		says: /is empty; pick the customer from the list/,
	},
	{
		name: 'contact create with an empty customer locator',
		op: contactCreate,
		bad: { customer: '' },
		before: 2,
		path: 'customer',
		says: /is empty; pick the customer from the list/,
	},
	// amounts
	{
		name: 'float amount {{ 0.1 + 0.2 }} (decimal)',
		op: invoiceUpsert,
		bad: { amountsIn: 'decimal', net: '0.10' },
		parameters: { grossAmount: pick('$json.gross', '0.1 + 0.2') },
		before: 1,
		path: 'grossAmount',
		says: /0\.30000000000000004 .*floating-point/,
	},
	{
		name: 'amount with three decimals (decimal)',
		op: invoiceUpsert,
		bad: { amountsIn: 'decimal', gross: '12.345', net: '10' },
		before: 0,
		path: 'grossAmount',
		says: /3 decimal places/,
	},
	{
		name: 'amount with three decimals as a number (decimal)',
		op: invoiceUpsert,
		bad: { amountsIn: 'decimal', gross: 20, net: 10.125 },
		before: 2,
		path: 'netAmount',
		says: /3 decimal places/,
	},
	{
		name: '"1 234,56" in decimal mode',
		op: invoiceUpsert,
		bad: { amountsIn: 'decimal', gross: '1 234,56', net: '1000' },
		before: 1,
		path: 'grossAmount',
		says: /not a plain number.*"1234\.56"/,
	},
	{
		name: 'a decimal string in cents mode',
		op: invoiceUpsert,
		bad: { gross: '12.50', net: 1000 },
		before: 0,
		path: 'grossAmount',
		says: /not a whole number of the currency's smallest unit/,
	},
	{
		name: 'a decimal number in cents mode',
		op: invoiceUpsert,
		bad: { gross: 1250, net: 999.5 },
		before: 3,
		path: 'netAmount',
		says: /not a whole number of the currency's smallest unit/,
	},
	{
		name: 'negative invoice amount',
		op: invoiceUpsert,
		bad: { gross: -1250, net: -1000 },
		before: 1,
		path: 'grossAmount',
		says: /negative.*credit note/,
	},
	{
		name: 'negative payment amount',
		op: paymentUpsert,
		bad: { amount: -5000, l1: 0, l2: 0 },
		before: 2,
		path: 'amount',
		says: /negative.*refund/,
	},
	{
		name: 'negative linked amount',
		op: paymentUpsert,
		bad: { l1: -100 },
		before: 0,
		path: 'linkedInvoices[0].linkedAmount',
		says: /negative/,
	},
	{
		name: 'negative refund amount',
		op: refundUpsert,
		bad: { amount: '-5.00' },
		before: 1,
		path: 'amount',
		says: /negative/,
	},
	{
		name: 'NaN amount',
		op: invoiceUpsert,
		bad: {},
		parameters: { grossAmount: pick('$json.gross', 'NaN') },
		before: 2,
		path: 'grossAmount',
		says: /NaN is not a finite number/,
	},
	{
		name: 'Infinity amount',
		op: invoiceUpsert,
		bad: {},
		parameters: { grossAmount: pick('$json.gross', '1 / 0') },
		before: 0,
		path: 'grossAmount',
		says: /Infinity is not a finite number/,
	},
	{
		name: 'empty amount',
		op: invoiceUpsert,
		bad: { net: '' },
		before: 1,
		path: 'netAmount',
		says: /is required/,
	},
	{
		name: 'amount that is not a number',
		op: creditNoteUpsert,
		bad: { amount: 'twelve' },
		before: 0,
		path: 'grossAmount',
		says: /not a number/,
	},
	{
		name: 'amount with a currency sign',
		op: creditNoteUpsert,
		bad: { amount: '€12.00' },
		before: 2,
		path: 'grossAmount',
		says: /"€".*Currency field/,
	},
	{
		name: 'amount in exponent notation',
		op: creditNoteUpsert,
		bad: { amount: '1e3' },
		before: 1,
		path: 'grossAmount',
		says: /exponent notation/,
	},
	{
		name: 'cents above the safe integer range (text)',
		op: invoiceUpsert,
		bad: { gross: '9007199254740993', net: 1 },
		before: 0,
		path: 'grossAmount',
		says: /too large/,
	},
	{
		name: 'cents above the safe integer range (number)',
		op: invoiceUpsert,
		bad: {},
		parameters: { grossAmount: pick('$json.gross', '2 ** 60') },
		before: 1,
		path: 'grossAmount',
		says: /too large/,
	},
	{
		name: 'decimal above the safe integer range',
		op: invoiceUpsert,
		bad: { amountsIn: 'decimal', gross: '90071992547409.93', net: '1' },
		before: 2,
		path: 'grossAmount',
		says: /too large/,
	},
	// cross-field checks
	{
		name: 'netAmount more than grossAmount',
		op: invoiceUpsert,
		bad: { gross: 1000, net: 1250 },
		before: 1,
		path: 'netAmount',
		says: /more than grossAmount/,
	},
	{
		name: 'dueDate before issuedAt',
		op: invoiceUpsert,
		bad: { issuedAt: '2024-03-10', dueDate: '2024-03-09' },
		before: 2,
		path: 'dueDate',
		says: /before issuedAt/,
	},
	{
		name: 'linked amounts summing over the payment amount',
		op: paymentUpsert,
		bad: { l1: 3000, l2: 2001 },
		before: 1,
		path: 'linkedInvoices',
		says: /add up to 5001 \(smallest unit\), more than amount \(5000 \(smallest unit\)\)/,
	},
	{
		name: 'the same invoice linked twice',
		op: paymentUpsert,
		bad: { inv2: 'seed-inv-0' },
		before: 0,
		path: 'linkedInvoices[1].invoice',
		says: /links the same record/,
	},
	// currencies
	{
		name: 'currency "EURO"',
		op: invoiceUpsert,
		bad: { currency: 'EURO' },
		before: 0,
		path: 'currency',
		says: /not an ISO 4217 code; use EUR/,
	},
	{
		name: 'currency "€"',
		op: invoiceUpsert,
		bad: { currency: '€' },
		before: 1,
		path: 'currency',
		says: /use EUR/,
	},
	{
		name: 'currency "XYZ"',
		op: invoiceUpsert,
		bad: { currency: 'XYZ' },
		before: 2,
		path: 'currency',
		says: /not an ISO 4217 currency code/,
	},
	{
		name: 'currency "eu"',
		op: invoiceUpsert,
		bad: { currency: 'eu' },
		before: 3,
		path: 'currency',
		says: /not an ISO 4217/,
	},
	{
		name: 'currency "XXX" (ISO 4217\'s "no currency")',
		op: invoiceUpsert,
		bad: { currency: 'XXX' },
		before: 1,
		path: 'currency',
		says: /"XXX" is ISO 4217's code for "no currency"/,
	},
	{
		name: 'currency "XTS" (testing)',
		op: invoiceUpsert,
		bad: { currency: 'XTS' },
		before: 0,
		path: 'currency',
		says: /"XTS" is ISO 4217's code for .*testing/,
	},
	{
		name: 'currency "XAU" (gold)',
		op: invoiceUpsert,
		bad: { currency: 'XAU' },
		before: 2,
		path: 'currency',
		says: /"XAU" is ISO 4217's code for gold/,
	},
	{
		name: 'customer currency "XDR"',
		op: customerUpsert,
		bad: { currency: 'XDR' },
		before: 0,
		path: 'currency',
		says: /"XDR" is ISO 4217's code for .*special drawing right/,
	},
	{
		name: 'decimals in JPY (decimal)',
		op: invoiceUpsert,
		bad: { amountsIn: 'decimal', currency: 'JPY', gross: '1250.5', net: '1000' },
		before: 1,
		path: 'grossAmount',
		says: /"1250\.5" has 1 decimal place, but JPY has no decimal places/,
	},
	{
		name: 'four decimals in KWD (decimal)',
		op: invoiceUpsert,
		bad: { amountsIn: 'decimal', currency: 'KWD', gross: '12.5', net: '10.1234' },
		before: 0,
		path: 'netAmount',
		says: /"10\.1234" has 4 decimal places, but KWD has 3/,
	},
	{
		name: 'customer currency "FRF" (withdrawn)',
		op: customerUpsert,
		bad: { currency: 'FRF' },
		before: 1,
		path: 'currency',
		says: /withdrawn.*EUR/,
	},
	// dates
	{
		name: 'date "03/04/2024"',
		op: invoiceUpsert,
		bad: { issuedAt: '03/04/2024' },
		before: 0,
		path: 'issuedAt',
		says: /day\/month or month\/day/,
	},
	{
		name: 'date "2024-02-30"',
		op: invoiceUpsert,
		bad: { dueDate: '2024-02-30', issuedAt: '2024-02-01' },
		before: 1,
		path: 'dueDate',
		says: /February 2024 has 29 days/,
	},
	{
		name: 'date "yesterday"',
		op: paymentUpsert,
		bad: { validatedAt: 'yesterday' },
		before: 2,
		path: 'validatedAt',
		says: /not an accepted date format/,
	},
	{
		name: 'date as a number',
		op: invoiceUpsert,
		bad: { issuedAt: 1709251200 },
		before: 1,
		path: 'issuedAt',
		says: /bare number/,
	},
	{
		name: 'date-time with an impossible time',
		op: invoiceUpsert,
		bad: { issuedAt: '2024-03-01T25:00:00Z' },
		before: 0,
		path: 'issuedAt',
		says: /impossible time/,
	},
	{
		name: 'compact date "20240301"',
		op: paymentUpsert,
		bad: { validatedAt: '20240301' },
		before: 1,
		path: 'validatedAt',
		says: /compact date; write it with dashes: "2024-03-01"/,
	},
	// oversized strings
	{
		name: 'externalId longer than 255',
		op: invoiceUpsert,
		bad: { externalId: long(256) },
		before: 1,
		path: 'externalId',
		says: /256 characters long, more than the 255/,
	},
	{
		name: 'customer name longer than 255',
		op: customerUpsert,
		bad: { name: long(300) },
		before: 2,
		path: 'name',
		says: /300 characters long/,
	},
	{
		name: 'customer reference longer than 255',
		op: invoiceUpsert,
		bad: { customer: long(256) },
		before: 0,
		path: 'customer',
		says: /256 characters long/,
	},
	// contacts and customer sub-fields
	{
		name: 'bad email on a customer contact',
		op: customerWithContacts,
		bad: { email: 'ada@' },
		before: 1,
		path: 'contacts[0].email',
		says: /not a valid email address/,
	},
	{
		name: 'email with a display name on a customer contact',
		op: customerWithContacts,
		bad: { email2: 'Bob <bob@example.com>' },
		before: 0,
		path: 'contacts[1].email',
		says: /send "bob@example\.com"/,
	},
	{
		name: 'the same email on two contacts',
		op: customerWithContacts,
		bad: { email2: 'ADA-x@example.com', email: 'ada-x@example.com' },
		before: 2,
		path: 'contacts[1].email',
		says: /repeats the email of contacts\[0\]/,
	},
	{
		name: 'bad email on Contact > Create',
		op: contactCreate,
		bad: { email: 'not-an-email' },
		before: 1,
		path: 'email',
		says: /not a valid email address/,
	},
	{
		name: 'custom field value without a field',
		op: customerWithContacts,
		bad: { cfId: '' },
		before: 0,
		path: 'customFields[0].id',
		says: /is required/,
	},
	// Additional Fields (JSON)
	{
		name: 'Additional Fields (JSON) not JSON',
		op: invoiceUpsert,
		bad: { extra: "{ name: 'x' }" },
		before: 1,
		path: 'additionalFields',
		says: /not valid JSON/,
	},
	{
		name: 'Additional Fields (JSON) a JSON array',
		op: invoiceUpsert,
		bad: { extra: '[{"name": "x"}]' },
		before: 0,
		path: 'additionalFields',
		says: /must be a JSON object, not a list/,
	},
	{
		name: 'Additional Fields (JSON) a JSON string',
		op: customerUpsert,
		bad: { extra: '"just text"' },
		before: 2,
		path: 'additionalFields',
		says: /must be a JSON object, not "just text"/,
	},
	{
		name: 'Additional Fields (JSON) an array value',
		op: customerUpsert,
		bad: { extra: [1, 2] },
		before: 1,
		path: 'additionalFields',
		says: /must be a JSON object, not a list/,
	},
	// binary, portal, custom field, enums
	{
		name: 'Upload PDF without binary data',
		op: invoiceUploadPdf,
		bad: {},
		noBinary: true,
		before: 2,
		path: "'data'",
		says: /binary file 'data', but none was found/,
	},
	{
		name: 'Upload PDF naming a missing binary field',
		op: invoiceUploadPdf,
		bad: { property: 'attachment' },
		before: 0,
		path: "'attachment'",
		says: /no binary field 'attachment'/,
	},
	{
		name: 'portal expiresIn 0',
		op: portalUrl,
		bad: { expiresIn: 0 },
		before: 1,
		path: 'expiresIn',
		says: /whole number greater than 0, not 0/,
	},
	{
		name: 'portal expiresIn -1',
		op: portalUrl,
		bad: { expiresIn: -1 },
		before: 0,
		path: 'expiresIn',
		says: /greater than 0, not -1/,
	},
	{
		name: 'portal expiresIn 1.5',
		op: portalUrl,
		bad: { expiresIn: 1.5 },
		before: 2,
		path: 'expiresIn',
		says: /whole number greater than 0, not 1\.5/,
	},
	{
		name: 'portal frameAncestors "*"',
		op: portalUrl,
		bad: { frameAncestors: '*' },
		before: 1,
		path: 'frameAncestors',
		says: /any site/,
	},
	{
		name: 'portal frameAncestors separated by commas',
		op: portalUrl,
		bad: { frameAncestors: 'a.example.com,b.example.com' },
		before: 0,
		path: 'frameAncestors',
		says: /comma or semicolon/,
	},
	{
		name: 'portal frameAncestors not a host',
		op: portalUrl,
		bad: { frameAncestors: 'app.example.com javascript:alert(1)' },
		before: 1,
		path: 'frameAncestors',
		says: /is not a host/,
	},
	{
		name: 'custom field with an unknown dataType',
		op: customFieldCreate,
		bad: { dataType: 'COLOR' },
		before: 1,
		path: 'dataType',
		says: /"COLOR" is not a custom field data type/,
	},
	{
		name: 'custom field without a name',
		op: customFieldCreate,
		bad: { name: '' },
		before: 0,
		path: 'name',
		says: /is required/,
	},
	{
		name: 'payment instrument unknown',
		op: paymentUpsert,
		bad: { instrument: 'BITCOIN' },
		before: 1,
		path: 'instrument',
		says: /not a payment instrument/,
	},
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function itemsFor(testCase: BadInputCase, slug: string): HarnessInputItem[] {
	const { op } = testCase;
	const items: HarnessInputItem[] = [];
	for (let k = 0; k < testCase.before; k++) {
		const json = op.valid(`${slug}-ok${k}`);
		items.push(op.wrap ? op.wrap(json) : json);
	}
	const badJson = { ...op.valid(`${slug}-bad`), ...testCase.bad, bad: true };
	items.push(op.wrap && !testCase.noBinary ? op.wrap(badJson) : badJson);
	return items;
}

describe('bad input is refused with the item index and the field path', () => {
	it('has at least 40 cases, most of them refused before any request', () => {
		expect(cases.length).toBeGreaterThanOrEqual(40);
		expect(cases.filter((testCase) => !testCase.reaches).length).toBeGreaterThanOrEqual(40);
		expect(cases.some((testCase) => testCase.before > 0)).toBe(true);
		expect(new Set(cases.map((testCase) => testCase.name)).size).toBe(cases.length);
	});

	it.each(cases.map((testCase, index) => [testCase.name, testCase, index] as const))(
		'%s',
		async (_name, testCase, index) => {
			const slug = `c${index}`;
			const before = emulator.dump();
			const result = await runNode({
				type: 'upflow',
				parameters: { ...testCase.op.parameters, ...testCase.parameters },
				credentials: upflowCredentials(emulator),
				items: itemsFor(testCase, slug),
			});

			const itemIndex = testCase.before;
			expect(result.run.status).toBe('error');
			expect(result.items).toEqual([]);
			const message = String(result.error?.message);
			const log = emulator.log();

			if (!testCase.reaches) {
				if (testCase.path.startsWith("'")) {
					// n8n's own binary check: "... 'data' ... [item N]".
					expect(message).toContain(`[item ${itemIndex}]`);
					expect(message).toContain(testCase.path);
				} else {
					expect(message).toMatch(
						new RegExp(`^\\[item ${itemIndex}\\] ${escape(testCase.path)}: `),
					);
				}
				expect(message).toMatch(testCase.says);
				expect(result.error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex } });
				// Refused before ANY request: not one for the bad item, and none for the valid items before it.
				expect(log).toEqual([]);
				expect(emulator.dump()).toEqual(before);
				return;
			}

			// Only Upflow can know the record does not exist: the request is sent once, refused with a
			// 4xx, not retried, and the error names the item and what Upflow said.
			expect(message).toMatch(new RegExp(`item ${itemIndex} \\(4\\d\\d\\)`));
			expect(message).toMatch(testCase.says);
			expect(message).toContain(testCase.path);
			expect(result.error).toMatchObject({ name: 'NodeApiError', context: { itemIndex } });
			const forBad = log.filter(
				(entry) =>
					(entry.body as IDataObject | undefined)?.externalId ===
					String(testCase.op.valid(`${slug}-bad`).externalId),
			);
			expect(forBad).toHaveLength(1);
			expect(forBad[0].status).toBeGreaterThanOrEqual(400);
			expect(forBad[0].status).toBeLessThan(500);
			expect(forBad[0].applied).toBe(false);
			// The valid items before it (same customer lane, so sent first) landed.
			for (let k = 0; k < testCase.before; k++) {
				const externalId = String(testCase.op.valid(`${slug}-ok${k}`).externalId);
				expect(
					log
						.filter((entry) => (entry.body as IDataObject | undefined)?.externalId === externalId)
						.map((entry) => entry.status),
				).toEqual([201]);
			}
		},
	);
});

describe('a batch mixing valid and invalid items', () => {
	const good = (k: number): IDataObject => invoiceUpsert.valid(`mix-${k}`);
	/** 0 ok, 1 float, 2 ok, 3 bad currency, 4 unknown customer (reaches Upflow), 5 ok, 6 bad date, 7 missing externalId. */
	const batch = (): IDataObject[] => [
		good(0),
		{ ...good(1), amountsIn: 'decimal', floatGross: true, net: '0.10' },
		good(2),
		{ ...good(3), currency: 'EURO' },
		{ ...good(4), customer: 'ghost-customer' },
		good(5),
		{ ...good(6), issuedAt: '2024-02-30' },
		{ ...good(7), externalId: '' },
	];
	const parameters = {
		...invoiceUpsert.parameters,
		grossAmount: '={{ $json.floatGross ? 0.1 + 0.2 : $json.gross }}',
	};

	it('with Continue On Fail: the valid items land, the invalid come out as error items in input order', async () => {
		const result = await runNode({
			type: 'upflow',
			parameters,
			credentials: upflowCredentials(emulator),
			items: batch(),
			continueOnFail: true,
		});

		expect(result.error).toBeUndefined();
		expect(result.run.status).toBe('success');
		expect(result.items.map((item) => item.pairedItem)).toEqual(
			[0, 1, 2, 3, 4, 5, 6, 7].map((item) => ({ item })),
		);
		const valid = [0, 2, 5];
		for (const k of valid) {
			expect(result.items[k].error).toBeUndefined();
			expect(result.items[k].json).toMatchObject({
				externalId: `inv-mix-${k}`,
				grossAmount: 1250,
				netAmount: 1000,
				currency: 'EUR',
			});
		}
		const expected: Record<number, RegExp> = {
			1: /^\[item 1\] grossAmount: 0\.30000000000000004 /,
			3: /^\[item 3\] currency: "EURO" is not an ISO 4217 code/,
			4: /^Upflow refused the request for item 4 \(400\): customer .*ghost-customer/,
			6: /^\[item 6\] issuedAt: "2024-02-30" is not a real date/,
			7: /^\[item 7\] externalId: is required/,
		};
		for (const [k, pattern] of Object.entries(expected)) {
			const item = result.items[Number(k)];
			expect(item.json.error).toMatch(pattern);
			expect(item.error?.message).toMatch(pattern);
		}

		// The emulator's state: exactly the valid items, as sent.
		const invoices = emulator
			.dump()
			.invoices.filter((invoice) => invoice.externalId.startsWith('inv-mix-'));
		expect(invoices.map((invoice) => invoice.externalId).sort()).toEqual([
			'inv-mix-0',
			'inv-mix-2',
			'inv-mix-5',
		]);
		expect(
			invoices.every(
				(invoice) => invoice.grossAmount === 1250 && invoice.customer.externalId === 'cust-1',
			),
		).toBe(true);
		// The request log: the valid ones and the unknown customer (only Upflow can refuse it), nothing for the rest.
		// (Sorted: the unknown customer has its own lane, so it may run beside cust-1's items.)
		const sent = emulator
			.log()
			.map((entry) => [String((entry.body as IDataObject).externalId), entry.status]);
		expect(sent.sort()).toEqual([
			['inv-mix-0', 201],
			['inv-mix-2', 201],
			['inv-mix-4', 400],
			['inv-mix-5', 201],
		]);
	});

	it('without Continue On Fail: the first bad item fails the node and nothing is sent', async () => {
		const before = emulator.dump();
		const items = batch().map((item, k) => ({
			...item,
			externalId: item.externalId === '' ? '' : `inv-nocof-${k}`,
		}));
		const result = await runNode({
			type: 'upflow',
			parameters,
			credentials: upflowCredentials(emulator),
			items,
		});

		expect(result.run.status).toBe('error');
		expect(result.items).toEqual([]);
		expect(result.error?.message).toMatch(/^\[item 1\] grossAmount: 0\.30000000000000004 /);
		expect(emulator.log()).toEqual([]);
		expect(emulator.dump()).toEqual(before);
	});
});

describe('currencies whose code starts with X', () => {
	it('XOF, XAF, XPF and XCD are money: invoices in them go through, converted with their decimal places', async () => {
		const rows = [
			{ currency: 'XOF', gross: '15000', units: 15000 },
			{ currency: 'XAF', gross: '2500', units: 2500 },
			{ currency: 'xpf', gross: '990', units: 990 },
			{ currency: 'XCD', gross: '12.50', units: 1250 },
		];
		const result = await runNode({
			type: 'upflow',
			parameters: invoiceUpsert.parameters,
			credentials: upflowCredentials(emulator),
			items: rows.map((row) => ({
				...invoiceUpsert.valid(`x-${row.currency}`),
				amountsIn: 'decimal',
				currency: row.currency,
				gross: row.gross,
				net: row.gross,
			})),
		});

		expect(result.error).toBeUndefined();
		const stored = emulator
			.dump()
			.invoices.filter((invoice) => String(invoice.externalId).startsWith('inv-x-'))
			.map((invoice) => [invoice.currency, invoice.grossAmount]);
		expect(stored.sort()).toEqual(
			rows.map((row) => [row.currency.toUpperCase(), row.units]).sort(),
		);
	});
});
