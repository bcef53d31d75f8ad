/* eslint-disable @n8n/community-nodes/require-node-api-error -- test code run by Jest in Node, not by n8n */
import { DateTime } from 'luxon';
import { z } from 'zod';

import { creditNoteUpsertSchema } from '../../nodes/Upflow/resources/creditNote/schema';
import { customFieldCreateSchema } from '../../nodes/Upflow/resources/customField/schema';
import {
	contactCreateSchema,
	contactUpdateSchema,
	customerUpdateSchema,
	customerUpsertSchema,
	portalRequestSchema,
} from '../../nodes/Upflow/resources/customer/schema';
import {
	invoiceUpdateSchema,
	invoiceUpsertSchema,
} from '../../nodes/Upflow/resources/invoice/schema';
import {
	PAYMENT_INSTRUMENTS,
	paymentUpsertSchema,
} from '../../nodes/Upflow/resources/payment/schema';
import { refundUpsertSchema } from '../../nodes/Upflow/resources/refund/schema';
import { type SchemaOptions, formatPath } from '../../nodes/Upflow/schemas/fields';
import {
	MAX_DESCRIPTION_LINES,
	UpflowInputError,
	validateItem,
} from '../../nodes/Upflow/schemas/validate';

const decimal: SchemaOptions = { amountMode: 'decimal' };
const cents: SchemaOptions = { amountMode: 'cents' };
const UUID = '3f2b8c1e-9d4a-4c1b-8f2e-1a2b3c4d5e6f';
const USER = '0b7d2a4e-1c3f-4e5a-9b8c-7d6e5f4a3b2c';

/** The UpflowInputError a validation throws (fails the test when it passes). */
function refusal(schema: z.ZodTypeAny, input: unknown, itemIndex = 0): UpflowInputError {
	try {
		validateItem(schema, input, itemIndex);
	} catch (error) {
		if (error instanceof UpflowInputError) return error;
		throw error;
	}
	throw new Error(`expected a refusal of ${JSON.stringify(input)}`);
}

const customerRef = (value: string) => ({ __rl: true, mode: 'externalId', value });

const validCustomer = { externalId: 'C-1', name: 'ACME' };
const validContact = { email: 'ann@acme.example' };
const validInvoice = {
	externalId: 'INV-1',
	customId: 'F-2024-001',
	customer: customerRef('C-1'),
	issuedAt: '2024-03-04',
	dueDate: '2024-04-03',
	currency: 'EUR',
	grossAmount: '120.00',
	netAmount: '100.00',
};
const validCreditNote = {
	externalId: 'CN-1',
	customId: 'AV-001',
	customer: customerRef('C-1'),
	issuedAt: '2024-03-10',
	currency: 'EUR',
	grossAmount: '50.00',
	netAmount: '50.00',
};
const validPayment = {
	externalId: 'P-1',
	customer: customerRef('C-1'),
	amount: '120.00',
	currency: 'EUR',
	validatedAt: '2024-03-20T09:00:00Z',
};
const validRefund = {
	externalId: 'R-1',
	customer: customerRef('C-1'),
	amount: '20.00',
	currency: 'EUR',
	validatedAt: '2024-03-25',
};
const validCustomField = { name: 'Segment', dataType: 'SELECT' };

describe('happy paths', () => {
	it('customer upsert: every modelled field', () => {
		const body = validateItem(
			customerUpsertSchema(),
			{
				externalId: 42,
				name: '  ACME Corp  ',
				vatNumber: 'FR40303265045',
				parent: { __rl: true, mode: 'externalId', value: 'GROUP-1' },
				currency: 'eur',
				address: {
					address: '1 rue de la Paix',
					zipcode: '75002',
					city: 'Paris',
					state: '',
					country: 'France',
				},
				dunningPlanId: 'plan-1',
				accountManagerId: USER,
				contacts: [
					{
						email: 'ann@acme.example',
						firstName: 'Ann',
						lastName: 'Lee',
						phone: '+33 1 23 45 67 89',
						position: 'ACCOUNTING',
						isMain: 'true',
						externalId: 'CT-1',
					},
					{ email: 'bob@acme.example', isMain: false },
				],
				customFields: [
					{ id: 'cf-tier', value: { label: 'Gold' } },
					{ externalId: 'cf-tags', value: [{ label: 'One' }, { label: 'Two' }] },
					{ id: 'cf-score', externalId: 'score', value: 7 },
					{ id: 'cf-vip', value: false },
				],
				unknownKey: 'dropped',
			},
			0,
		);
		expect(body).toEqual({
			externalId: '42',
			name: 'ACME Corp',
			vatNumber: 'FR40303265045',
			parent: { externalId: 'GROUP-1' },
			currency: 'EUR',
			address: { address: '1 rue de la Paix', zipcode: '75002', city: 'Paris', country: 'France' },
			dunningPlanId: 'plan-1',
			accountManagerId: USER,
			contacts: [
				{
					email: 'ann@acme.example',
					firstName: 'Ann',
					lastName: 'Lee',
					phone: '+33 1 23 45 67 89',
					position: 'ACCOUNTING',
					isMain: true,
					externalId: 'CT-1',
				},
				{ email: 'bob@acme.example', isMain: false },
			],
			customFields: [
				{ id: 'cf-tier', value: { label: 'Gold' } },
				{ externalId: 'cf-tags', value: [{ label: 'One' }, { label: 'Two' }] },
				{ id: 'cf-score', externalId: 'score', value: 7 },
				{ id: 'cf-vip', value: false },
			],
		});
		expect(JSON.parse(JSON.stringify(body))).toEqual(body);
	});

	it('customer upsert: blanks (and an all-blank address) are left out, an empty contact list is kept (it removes all contacts)', () => {
		const body = validateItem(
			customerUpsertSchema(),
			{
				...validCustomer,
				vatNumber: '',
				parent: { mode: 'externalId', value: '' },
				currency: null,
				address: { city: '' },
				contacts: [],
				customFields: '',
			},
			0,
		);
		expect(body).toEqual({ externalId: 'C-1', name: 'ACME', contacts: [] });
		expect(Object.keys(body)).toEqual(['externalId', 'name', 'contacts']);
	});

	it('customer upsert: accountManagerId as an id, a user object or a locator, sent as the id', () => {
		expect(
			validateItem(customerUpsertSchema(), { ...validCustomer, accountManagerId: USER }, 0)
				.accountManagerId,
		).toBe(USER);
		expect(
			validateItem(customerUpsertSchema(), { ...validCustomer, accountManagerId: { id: USER } }, 0)
				.accountManagerId,
		).toBe(USER);
		expect(
			validateItem(
				customerUpsertSchema(),
				{ ...validCustomer, accountManagerId: { mode: 'list', value: USER } },
				0,
			).accountManagerId,
		).toBe(USER);
	});

	it('customer update: partial body, null unassigns the dunning plan', () => {
		expect(validateItem(customerUpdateSchema(), { dunningPlanId: null }, 0)).toEqual({
			dunningPlanId: null,
		});
		expect(
			validateItem(customerUpdateSchema(), { dunningPlanId: '', name: 'New name' }, 0),
		).toEqual({ name: 'New name' });
		expect(validateItem(customerUpdateSchema(), { accountManagerId: USER }, 0)).toEqual({
			accountManagerId: USER,
		});
	});

	it('contact create and update', () => {
		expect(
			validateItem(
				contactCreateSchema(),
				{ ...validContact, firstName: 'Ann', isMain: true, position: '' },
				0,
			),
		).toEqual({
			email: 'ann@acme.example',
			firstName: 'Ann',
			isMain: true,
		});
		expect(validateItem(contactUpdateSchema(), { phone: '+33 6 00 00 00 00' }, 0)).toEqual({
			phone: '+33 6 00 00 00 00',
		});
	});

	it('invoice upsert in decimal mode', () => {
		const body = validateItem(
			invoiceUpsertSchema(decimal),
			{
				...validInvoice,
				customer: { __rl: true, mode: 'list', value: UUID, cachedResultName: 'ACME' },
				issuedAt: DateTime.fromISO('2024-03-04T10:00:00', { zone: 'Europe/Paris' }),
				dueDate: '2024-04-03T00:00:00',
				currency: ' eur ',
				grossAmount: 1234.56,
				netAmount: '1028.80',
				name: 'March services',
				customFields: [{ id: 'cf-po', value: 'PO-77' }],
			},
			0,
		);
		expect(body).toEqual({
			externalId: 'INV-1',
			customId: 'F-2024-001',
			customer: { id: UUID },
			issuedAt: '2024-03-04T09:00:00.000Z',
			dueDate: '2024-04-03T00:00:00.000Z',
			currency: 'EUR',
			grossAmount: 123456,
			netAmount: 102880,
			name: 'March services',
			customFields: [{ id: 'cf-po', value: 'PO-77' }],
		});
	});

	it('invoice upsert in cents mode, same due and issue date', () => {
		const body = validateItem(
			invoiceUpsertSchema(cents),
			{ ...validInvoice, dueDate: '2024-03-04', grossAmount: 12000, netAmount: '10000' },
			0,
		);
		expect(body).toMatchObject({
			grossAmount: 12000,
			netAmount: 10000,
			dueDate: '2024-03-04T00:00:00.000Z',
		});
	});

	it('invoice update: only what is given', () => {
		expect(
			validateItem(
				invoiceUpdateSchema(decimal),
				{ dueDate: '2024-05-01', netAmount: '', name: 'Renamed' },
				0,
			),
		).toEqual({
			dueDate: '2024-05-01T00:00:00.000Z',
			name: 'Renamed',
		});
	});

	it('credit note with linked invoices adding up to its amount', () => {
		const body = validateItem(
			creditNoteUpsertSchema(decimal),
			{
				...validCreditNote,
				linkedInvoices: [
					{ invoice: { externalId: 'INV-1' }, linkedAmount: '30.00' },
					{ invoice: { __rl: true, mode: 'id', value: UUID }, linkedAmount: 20 },
				],
			},
			0,
		);
		expect(body).toEqual({
			externalId: 'CN-1',
			customId: 'AV-001',
			customer: { externalId: 'C-1' },
			issuedAt: '2024-03-10T00:00:00.000Z',
			currency: 'EUR',
			grossAmount: 5000,
			netAmount: 5000,
			linkedInvoices: [
				{ invoice: { externalId: 'INV-1' }, linkedAmount: 3000 },
				{ invoice: { id: UUID }, linkedAmount: 2000 },
			],
		});
	});

	it('payment with instrument and linked invoices', () => {
		const body = validateItem(
			paymentUpsertSchema(decimal),
			{
				...validPayment,
				instrument: 'wire transfer',
				linkedInvoices: [
					{ invoice: 'INV-1', linkedAmount: '100' },
					{ invoice: 'INV-2', linkedAmount: '20.00' },
				],
			},
			0,
		);
		expect(body).toEqual({
			externalId: 'P-1',
			customer: { externalId: 'C-1' },
			amount: 12000,
			currency: 'EUR',
			validatedAt: '2024-03-20T09:00:00.000Z',
			instrument: 'WIRE_TRANSFER',
			linkedInvoices: [
				{ invoice: { externalId: 'INV-1' }, linkedAmount: 10000 },
				{ invoice: { externalId: 'INV-2' }, linkedAmount: 2000 },
			],
		});
		expect(PAYMENT_INSTRUMENTS).toEqual([
			'WIRE_TRANSFER',
			'DIRECT_DEBIT',
			'CARD',
			'CASH',
			'CHECK',
			'UNKNOWN',
		]);
	});

	it('payment on the customer alone (generic credit entry)', () => {
		expect(validateItem(paymentUpsertSchema(cents), { ...validPayment, amount: 500 }, 0)).toEqual({
			externalId: 'P-1',
			customer: { externalId: 'C-1' },
			amount: 500,
			currency: 'EUR',
			validatedAt: '2024-03-20T09:00:00.000Z',
		});
	});

	it('refund linked to a payment and a credit note', () => {
		const body = validateItem(
			refundUpsertSchema(decimal),
			{
				...validRefund,
				linkedPayments: [{ payment: 'P-1', linkedAmount: '20' }],
				linkedCreditNotes: [{ creditNote: { externalId: 'CN-1' }, linkedAmount: '20.00' }],
			},
			0,
		);
		expect(body).toEqual({
			externalId: 'R-1',
			customer: { externalId: 'C-1' },
			amount: 2000,
			currency: 'EUR',
			validatedAt: '2024-03-25T00:00:00.000Z',
			linkedPayments: [{ payment: { externalId: 'P-1' }, linkedAmount: 2000 }],
			linkedCreditNotes: [{ creditNote: { externalId: 'CN-1' }, linkedAmount: 2000 }],
		});
	});

	it('custom field create: CUSTOMER by default, enums normalised', () => {
		expect(
			validateItem(customFieldCreateSchema(), { name: 'Segment', dataType: 'multi select' }, 0),
		).toEqual({
			name: 'Segment',
			entityType: 'CUSTOMER',
			dataType: 'MULTI_SELECT',
		});
		expect(
			validateItem(
				customFieldCreateSchema(),
				{ name: 'PO', entityType: 'credit_note', dataType: 'text', externalId: 'po' },
				0,
			),
		).toEqual({
			name: 'PO',
			entityType: 'CREDIT_NOTE',
			dataType: 'TEXT',
			externalId: 'po',
		});
	});

	it('portal request: one day by default, hosts joined by spaces', () => {
		expect(validateItem(portalRequestSchema(), {}, 0)).toEqual({ expiresIn: 86400 });
		expect(validateItem(portalRequestSchema(), { expiresIn: '', frameAncestors: '' }, 0)).toEqual({
			expiresIn: 86400,
		});
		expect(
			validateItem(
				portalRequestSchema(),
				{ expiresIn: '3600', frameAncestors: ['app.example.com', 'https://*.example.org'] },
				0,
			),
		).toEqual({
			expiresIn: 3600,
			frameAncestors: 'app.example.com https://*.example.org',
		});
	});
});

describe('Additional Fields', () => {
	it('merges keys the node does not model last', () => {
		expect(
			validateItem(
				customerUpsertSchema(),
				{ ...validCustomer, additionalFields: { poNumber: '411ACME', extra: { a: [1] } } },
				0,
			),
		).toEqual({
			externalId: 'C-1',
			name: 'ACME',
			poNumber: '411ACME',
			extra: { a: [1] },
		});
	});

	it.each<[string, () => z.ZodTypeAny, Record<string, unknown>, string]>([
		['customer', () => customerUpsertSchema(), validCustomer, 'externalId'],
		['customer', () => customerUpsertSchema(), validCustomer, 'name'],
		['invoice', () => invoiceUpsertSchema(decimal), validInvoice, 'customer'],
		['invoice', () => invoiceUpsertSchema(decimal), validInvoice, 'grossAmount'],
		['credit note', () => creditNoteUpsertSchema(decimal), validCreditNote, 'grossAmount'],
		['refund', () => refundUpsertSchema(decimal), validRefund, 'validatedAt'],
	])(
		'refuses a key set both in its field and in the JSON: %s %s',
		(_entity, schema, input, key) => {
			const error = (() => {
				try {
					validateItem(schema(), { ...input, additionalFields: { [key]: 'other' } }, 3);
				} catch (e) {
					return e as UpflowInputError;
				}
				throw new Error('expected a refusal');
			})();
			expect(error).toBeInstanceOf(UpflowInputError);
			expect(error.message).toContain(
				`[item 3] additionalFields.${key}: sets "${key}", which its own field sets too; keep one`,
			);
		},
	);

	it('checks a modelled key given only in the JSON exactly like its field', () => {
		const withoutGross: Record<string, unknown> = { ...validInvoice };
		delete withoutGross.grossAmount;
		expect(() =>
			validateItem(
				invoiceUpsertSchema(decimal),
				{ ...withoutGross, additionalFields: '{"grossAmount": "12.345"}' },
				0,
			),
		).toThrow(/\[item 0\] grossAmount: "12\.345" has 3 decimal places/);
		expect(
			validateItem(
				invoiceUpsertSchema(decimal),
				{ ...withoutGross, additionalFields: { grossAmount: '130.00' } },
				0,
			),
		).toMatchObject({ grossAmount: 13000 });
		// A contact list built upstream as JSON: validated like the Contacts field.
		expect(
			validateItem(
				customerUpsertSchema(),
				{
					...validCustomer,
					additionalFields: { contacts: [{ email: 'a@b.example', isMain: 'true' }] },
				},
				0,
			),
		).toEqual({
			...validCustomer,
			contacts: [{ email: 'a@b.example', isMain: true }],
		});
		expect(() =>
			validateItem(
				customerUpsertSchema(),
				{ ...validCustomer, additionalFields: { contacts: [{ firstName: 'No email' }] } },
				0,
			),
		).toThrow(/contacts\[0\]\.email: is required/);
	});

	it('takes JSON text, and blank text as nothing', () => {
		expect(
			validateItem(
				invoiceUpsertSchema(decimal),
				{ ...validInvoice, additionalFields: '{"poNumber": "PO-1"}' },
				0,
			),
		).toMatchObject({ poNumber: 'PO-1', grossAmount: 12000 });
		expect(
			validateItem(paymentUpsertSchema(decimal), { ...validPayment, additionalFields: '  ' }, 0),
		).not.toHaveProperty('additionalFields');
	});

	it('counts as a field for updates', () => {
		expect(
			validateItem(customerUpdateSchema(), { additionalFields: { customThing: 1 } }, 0),
		).toEqual({ customThing: 1 });
		expect(
			validateItem(customerUpdateSchema(), { additionalFields: { dunningPlanId: 'plan-x' } }, 0),
		).toEqual({ dunningPlanId: 'plan-x' });
	});

	it('unknown keys are stripped, also inside nested objects and lists', () => {
		const body = validateItem(
			customerUpsertSchema(),
			{
				...validCustomer,
				foo: 1,
				address: { city: 'Paris', planet: 'Earth' },
				contacts: [{ email: 'a@b.example', shoeSize: 42 }],
			},
			0,
		);
		expect(body).toEqual({
			externalId: 'C-1',
			name: 'ACME',
			address: { city: 'Paris' },
			contacts: [{ email: 'a@b.example' }],
		});
	});
});

type Case = [
	name: string,
	schema: () => z.ZodTypeAny,
	input: unknown,
	path: string,
	message: RegExp,
];

const bad: Case[] = [
	// customer
	[
		'customer: missing externalId',
		() => customerUpsertSchema(),
		{ name: 'ACME' },
		'externalId',
		/^is required; give the customer's ID in your system/,
	],
	[
		'customer: blank externalId',
		() => customerUpsertSchema(),
		{ externalId: '  ', name: 'ACME' },
		'externalId',
		/^is required;/,
	],
	[
		'customer: missing name',
		() => customerUpsertSchema(),
		{ externalId: 'C-1' },
		'name',
		/^is required; give the customer's name$/,
	],
	[
		'customer: externalId of 256 characters',
		() => customerUpsertSchema(),
		{ ...validCustomer, externalId: 'x'.repeat(256) },
		'externalId',
		/^is 256 characters long, more than the 255 allowed; shorten it$/,
	],
	[
		'customer: name of 256 characters',
		() => customerUpsertSchema(),
		{ ...validCustomer, name: 'x'.repeat(256) },
		'name',
		/more than the 255 allowed/,
	],
	[
		'customer: name as a number',
		() => customerUpsertSchema(),
		{ ...validCustomer, name: 42 },
		'name',
		/^must be text, not 42; send a string$/,
	],
	[
		'customer: address line of 1001 characters',
		() => customerUpsertSchema(),
		{ ...validCustomer, address: { address: 'x'.repeat(1001) } },
		'address.address',
		/more than the 1000 allowed/,
	],
	[
		'customer: country not text',
		() => customerUpsertSchema(),
		{ ...validCustomer, address: { country: 33 } },
		'address.country',
		/^must be text, not 33/,
	],
	[
		'customer: address not an object',
		() => customerUpsertSchema(),
		{ ...validCustomer, address: 'Paris' },
		'address',
		/^must be an object with address, zipcode, city, state and country/,
	],
	[
		'customer: bad currency',
		() => customerUpsertSchema(),
		{ ...validCustomer, currency: 'EURO' },
		'currency',
		/^"EURO" is not an ISO 4217 code; use EUR$/,
	],
	[
		'customer: parent is itself',
		() => customerUpsertSchema(),
		{ ...validCustomer, parent: customerRef('C-1') },
		'parent',
		/^is the customer itself;/,
	],
	[
		'customer: parent with unsupported mode',
		() => customerUpsertSchema(),
		{ ...validCustomer, parent: { mode: 'url', value: 'x' } },
		'parent',
		/not supported here/,
	],
	[
		'customer: contacts not a list',
		() => customerUpsertSchema(),
		{ ...validCustomer, contacts: { email: 'a@b.example' } },
		'contacts',
		/^must be a list of contacts; send an array/,
	],
	[
		'customer: contact without email',
		() => customerUpsertSchema(),
		{ ...validCustomer, contacts: [{ firstName: 'Ann' }] },
		'contacts[0].email',
		/^is required; give the contact's email address/,
	],
	[
		'customer: contact with bad email',
		() => customerUpsertSchema(),
		{ ...validCustomer, contacts: [validContact, { email: 'bob@' }] },
		'contacts[1].email',
		/^"bob@" is not a valid email address; write it like name@example\.com$/,
	],
	[
		'customer: contact as a string',
		() => customerUpsertSchema(),
		{ ...validCustomer, contacts: ['a@b.example'] },
		'contacts[0]',
		/^must be an object with at least an email/,
	],
	[
		'customer: duplicate contact emails',
		() => customerUpsertSchema(),
		{ ...validCustomer, contacts: [validContact, { email: 'ANN@acme.example' }] },
		'contacts[1].email',
		/^repeats the email of contacts\[0\]; emails are unique in Upflow/,
	],
	[
		'customer: two main contacts',
		() => customerUpsertSchema(),
		{
			...validCustomer,
			contacts: [
				{ email: 'a@b.example', isMain: true },
				{ email: 'c@d.example', isMain: true },
			],
		},
		'contacts[1].isMain',
		/^is true for a second contact \(contacts\[0\] is already the main one\)/,
	],
	[
		'customer: isMain not a boolean',
		() => customerUpsertSchema(),
		{ ...validCustomer, contacts: [{ email: 'a@b.example', isMain: 'yes' }] },
		'contacts[0].isMain',
		/^must be true or false, not "yes"/,
	],
	[
		'customer: phone as a number',
		() => customerUpsertSchema(),
		{ ...validCustomer, contacts: [{ email: 'a@b.example', phone: 33123456789 }] },
		'contacts[0].phone',
		/^must be text, not the number 33123456789; send the phone number as text/,
	],
	[
		'customer: custom field without id',
		() => customerUpsertSchema(),
		{ ...validCustomer, customFields: [{ value: 'x' }] },
		'customFields[0].id',
		/^is required \(or externalId\); pick the custom field/,
	],
	[
		'customer: custom field without value',
		() => customerUpsertSchema(),
		{ ...validCustomer, customFields: [{ id: 'cf' }] },
		'customFields[0].value',
		/^is required; give the value, or remove this custom field/,
	],
	[
		'customer: custom field object value',
		() => customerUpsertSchema(),
		{ ...validCustomer, customFields: [{ id: 'cf', value: { name: 'Gold' } }] },
		'customFields[0].value',
		/which is not a custom field value; send text, a number, true\/false, \{"label": "\.\.\."\} for a SELECT field/,
	],
	[
		'customer: empty multi-select label',
		() => customerUpsertSchema(),
		{ ...validCustomer, customFields: [{ id: 'cf', value: [{ label: 'A' }, { label: '' }] }] },
		'customFields[0].value[1].label',
		/^is empty; give the option label \(labels are case-sensitive\)$/,
	],
	[
		'customer: same custom field twice',
		() => customerUpsertSchema(),
		{
			...validCustomer,
			customFields: [
				{ id: 'cf', value: 1 },
				{ id: 'cf', value: 2 },
			],
		},
		'customFields[1]',
		/^sets the same custom field as customFields\[0\]; keep one value per field$/,
	],
	[
		'customer: accountManagerId without id',
		() => customerUpsertSchema(),
		{ ...validCustomer, accountManagerId: { name: 'Ann' } },
		'accountManagerId',
		/^has no user id/,
	],
	[
		'customer: additionalFields broken JSON',
		() => customerUpsertSchema(),
		{ ...validCustomer, additionalFields: '{"a": 1,}' },
		'additionalFields',
		/^is not valid JSON \(.+\); write a JSON object such as \{"field": "value"\}/,
	],
	[
		'customer: additionalFields a list',
		() => customerUpsertSchema(),
		{ ...validCustomer, additionalFields: '[1]' },
		'additionalFields',
		/^must be a JSON object, not a list/,
	],
	[
		'customer: additionalFields with NaN inside',
		() => customerUpsertSchema(),
		{ ...validCustomer, additionalFields: { meta: { score: Number.NaN } } },
		'additionalFields.meta.score',
		/^is NaN, which JSON cannot carry/,
	],
	[
		'customer update: nothing to update',
		() => customerUpdateSchema(),
		{ name: '', vatNumber: null },
		'input',
		/^has no field to update; set at least one field \(or Additional Fields\)$/,
	],
	[
		'customer update: blank name is nothing, bad email is refused',
		() => customerUpdateSchema(),
		{ contacts: [{ email: 'x' }] },
		'contacts[0].email',
		/not a valid email address/,
	],
	[
		'customer: item not an object',
		() => customerUpsertSchema(),
		'ACME',
		'input',
		/^must be an object of fields;/,
	],
	[
		'customer: item missing',
		() => customerUpsertSchema(),
		undefined,
		'input',
		/^is missing; give the fields of the record$/,
	],
	// contact
	[
		'contact: missing email',
		() => contactCreateSchema(),
		{ firstName: 'Ann' },
		'email',
		/^is required; give the contact's email address/,
	],
	[
		'contact: invalid email',
		() => contactCreateSchema(),
		{ email: 'ann at acme' },
		'email',
		/^"ann at acme" is not a valid email address/,
	],
	[
		'contact: bracketed email',
		() => contactCreateSchema(),
		{ email: 'Ann <ann@acme.example>' },
		'email',
		/send "ann@acme\.example"$/,
	],
	[
		'contact: first name too long',
		() => contactCreateSchema(),
		{ ...validContact, firstName: 'x'.repeat(300) },
		'firstName',
		/is 300 characters long/,
	],
	[
		'contact update: nothing to update',
		() => contactUpdateSchema(),
		{},
		'input',
		/^has no field to update/,
	],
	// invoice
	[
		'invoice: missing externalId',
		() => invoiceUpsertSchema(decimal),
		{ ...validInvoice, externalId: undefined },
		'externalId',
		/^is required; give the invoice's ID in your system/,
	],
	[
		'invoice: missing customId',
		() => invoiceUpsertSchema(decimal),
		{ ...validInvoice, customId: '' },
		'customId',
		/^is required; give the invoice number shown to the customer$/,
	],
	[
		'invoice: empty customer locator',
		() => invoiceUpsertSchema(decimal),
		{ ...validInvoice, customer: customerRef('') },
		'customer',
		/^is required; pick the customer the invoice is for/,
	],
	[
		'invoice: customer as a boolean',
		() => invoiceUpsertSchema(decimal),
		{ ...validInvoice, customer: true },
		'customer',
		/^must reference a customer, not true/,
	],
	[
		'invoice: 0.1 + 0.2',
		() => invoiceUpsertSchema(decimal),
		{ ...validInvoice, grossAmount: 0.1 + 0.2 },
		'grossAmount',
		/^0\.30000000000000004 has 17 decimal places, the mark of floating-point arithmetic/,
	],
	[
		'invoice: three decimals',
		() => invoiceUpsertSchema(decimal),
		{ ...validInvoice, netAmount: '99.999' },
		'netAmount',
		/^"99\.999" has 3 decimal places, but amounts have at most 2/,
	],
	[
		'invoice: 1.005',
		() => invoiceUpsertSchema(decimal),
		{ ...validInvoice, grossAmount: 1.005 },
		'grossAmount',
		/^1\.005 has 3 decimal places/,
	],
	[
		'invoice: "1 234,56"',
		() => invoiceUpsertSchema(decimal),
		{ ...validInvoice, grossAmount: '1 234,56' },
		'grossAmount',
		/write it as "1234\.56"/,
	],
	[
		'invoice: "12,50" in cents mode',
		() => invoiceUpsertSchema(cents),
		{ ...validInvoice, grossAmount: '12,50', netAmount: 1 },
		'grossAmount',
		/write it as "1250" \(in cents\)$/,
	],
	[
		'invoice: decimals in cents mode',
		() => invoiceUpsertSchema(cents),
		{ ...validInvoice, grossAmount: 12.5, netAmount: 1 },
		'grossAmount',
		/is not a whole number of the currency.s smallest unit; with Amounts In "Smallest Unit \(Integer\)"/,
	],
	[
		'invoice: negative amount',
		() => invoiceUpsertSchema(decimal),
		{ ...validInvoice, grossAmount: '-5', netAmount: '-5' },
		'grossAmount',
		/^"-5" is negative; invoice amounts are zero or more: record money owed back to the customer as a credit note$/,
	],
	[
		'invoice: 2**53 cents',
		() => invoiceUpsertSchema(cents),
		{ ...validInvoice, grossAmount: 2 ** 53, netAmount: 1 },
		'grossAmount',
		/too large/,
	],
	[
		'invoice: currency sign',
		() => invoiceUpsertSchema(decimal),
		{ ...validInvoice, grossAmount: '€120' },
		'grossAmount',
		/contains "€".*Currency field/,
	],
	[
		'invoice: missing currency',
		() => invoiceUpsertSchema(decimal),
		{ ...validInvoice, currency: '' },
		'currency',
		/^is required; give the ISO 4217 currency code, e.g\. EUR$/,
	],
	[
		'invoice: unknown currency',
		() => invoiceUpsertSchema(decimal),
		{ ...validInvoice, currency: 'XYZ' },
		'currency',
		/is not an ISO 4217 currency code/,
	],
	[
		'invoice: impossible issue date',
		() => invoiceUpsertSchema(decimal),
		{ ...validInvoice, issuedAt: '2024-02-30' },
		'issuedAt',
		/^"2024-02-30" is not a real date \(February 2024 has 29 days\)/,
	],
	[
		'invoice: US date',
		() => invoiceUpsertSchema(decimal),
		{ ...validInvoice, dueDate: '04/03/2024' },
		'dueDate',
		/is not an accepted date format \(is it day\/month or month\/day\?\)/,
	],
	[
		'invoice: timestamp date',
		() => invoiceUpsertSchema(decimal),
		{ ...validInvoice, issuedAt: 1709510400 },
		'issuedAt',
		/is a bare number, which is ambiguous/,
	],
	[
		'invoice: zone-less date-time',
		() => invoiceUpsertSchema(decimal),
		{ ...validInvoice, issuedAt: '2024-03-04T10:30:00' },
		'issuedAt',
		/has no time zone; add Z for UTC/,
	],
	[
		'invoice: due before issued',
		() => invoiceUpsertSchema(decimal),
		{ ...validInvoice, dueDate: '2024-03-01' },
		'dueDate',
		/^is before issuedAt \(2024-03-01T00:00:00\.000Z < 2024-03-04T00:00:00\.000Z\); set a due date on or after the issue date$/,
	],
	[
		'invoice: net above gross',
		() => invoiceUpsertSchema(decimal),
		{ ...validInvoice, netAmount: '130' },
		'netAmount',
		/^is more than grossAmount \(130\.00 > 120\.00\);/,
	],
	[
		'invoice: net above gross, cents',
		() => invoiceUpsertSchema(cents),
		{ ...validInvoice, grossAmount: 100, netAmount: 101 },
		'netAmount',
		/^is more than grossAmount \(101 \(smallest unit\) > 100 \(smallest unit\)\);/,
	],
	[
		'invoice: name too long',
		() => invoiceUpsertSchema(decimal),
		{ ...validInvoice, name: 'x'.repeat(256) },
		'name',
		/more than the 255 allowed/,
	],
	[
		'invoice: custom fields not a list',
		() => invoiceUpsertSchema(decimal),
		{ ...validInvoice, customFields: { id: 'x', value: 1 } },
		'customFields',
		/^must be a list of custom field values/,
	],
	[
		'invoice: additionalFields not JSON',
		() => invoiceUpsertSchema(decimal),
		{ ...validInvoice, additionalFields: "{'po': 1}" },
		'additionalFields',
		/^is not valid JSON/,
	],
	[
		'invoice update: nothing',
		() => invoiceUpdateSchema(decimal),
		{ name: '', grossAmount: '' },
		'input',
		/^has no field to update/,
	],
	[
		'invoice update: due before issued',
		() => invoiceUpdateSchema(decimal),
		{ issuedAt: '2024-03-04', dueDate: '2024-03-03' },
		'dueDate',
		/^is before issuedAt/,
	],
	[
		'invoice update: bad amount',
		() => invoiceUpdateSchema(decimal),
		{ grossAmount: '12.345' },
		'grossAmount',
		/3 decimal places/,
	],
	// credit note
	[
		'credit note: missing gross amount',
		() => creditNoteUpsertSchema(decimal),
		{ ...validCreditNote, grossAmount: '' },
		'grossAmount',
		/^is required; give the credit note total including tax$/,
	],
	[
		'credit note: missing net amount',
		() => creditNoteUpsertSchema(decimal),
		{ ...validCreditNote, netAmount: undefined },
		'netAmount',
		/^is required; give the credit note total before tax/,
	],
	[
		'credit note: net above gross',
		() => creditNoteUpsertSchema(decimal),
		{ ...validCreditNote, netAmount: '60' },
		'netAmount',
		/^is more than grossAmount \(60\.00 > 50\.00\)/,
	],
	[
		'credit note: negative amount',
		() => creditNoteUpsertSchema(decimal),
		{ ...validCreditNote, grossAmount: -50 },
		'grossAmount',
		/^-50 is negative; a credit note amount is written as a positive number/,
	],
	[
		'credit note: links above amount',
		() => creditNoteUpsertSchema(decimal),
		{
			...validCreditNote,
			linkedInvoices: [
				{ invoice: 'INV-1', linkedAmount: '30' },
				{ invoice: 'INV-2', linkedAmount: '20.01' },
			],
		},
		'linkedInvoices',
		/^linked amounts add up to 50\.01, more than grossAmount \(50\.00\); lower the linked amounts or raise grossAmount$/,
	],
	[
		'credit note: JPY amount with decimals',
		() => creditNoteUpsertSchema({ amountMode: 'decimal', currency: 'JPY' }),
		{ ...validCreditNote, currency: 'JPY', grossAmount: '50.5' },
		'grossAmount',
		/JPY has no decimal places \(ISO 4217\)/,
	],
	[
		'credit note: link without invoice',
		() => creditNoteUpsertSchema(decimal),
		{ ...validCreditNote, linkedInvoices: [{ linkedAmount: '10' }] },
		'linkedInvoices[0].invoice',
		/^is required; pick the invoice this amount applies to$/,
	],
	[
		'credit note: link without amount',
		() => creditNoteUpsertSchema(decimal),
		{ ...validCreditNote, linkedInvoices: [{ invoice: 'INV-1' }] },
		'linkedInvoices[0].linkedAmount',
		/^is required; give the amount applied to this invoice$/,
	],
	[
		'credit note: negative linked amount',
		() => creditNoteUpsertSchema(decimal),
		{ ...validCreditNote, linkedInvoices: [{ invoice: 'INV-1', linkedAmount: '-1' }] },
		'linkedInvoices[0].linkedAmount',
		/is negative; a linked amount is the part applied/,
	],
	[
		'credit note: missing issue date',
		() => creditNoteUpsertSchema(decimal),
		{ ...validCreditNote, issuedAt: null },
		'issuedAt',
		/^is required; give the issue date/,
	],
	// payment
	[
		'payment: unknown instrument',
		() => paymentUpsertSchema(decimal),
		{ ...validPayment, instrument: 'PAYPAL' },
		'instrument',
		/^"PAYPAL" is not a payment instrument; use one of WIRE_TRANSFER, DIRECT_DEBIT, CARD, CASH, CHECK, UNKNOWN$/,
	],
	[
		'payment: missing validatedAt',
		() => paymentUpsertSchema(decimal),
		{ ...validPayment, validatedAt: '' },
		'validatedAt',
		/^is required; give the date the payment was received/,
	],
	[
		'payment: links above amount',
		() => paymentUpsertSchema(decimal),
		{ ...validPayment, linkedInvoices: [{ invoice: 'INV-1', linkedAmount: '120.01' }] },
		'linkedInvoices',
		/^linked amounts add up to 120\.01, more than amount \(120\.00\)/,
	],
	[
		'payment: same invoice twice',
		() => paymentUpsertSchema(decimal),
		{
			...validPayment,
			linkedInvoices: [
				{ invoice: 'INV-1', linkedAmount: '1' },
				{ invoice: { externalId: 'INV-1' }, linkedAmount: '1' },
			],
		},
		'linkedInvoices[1].invoice',
		/^links the same record as linkedInvoices\[0\]\.invoice; merge the two lines/,
	],
	[
		'payment: link line not an object',
		() => paymentUpsertSchema(decimal),
		{ ...validPayment, linkedInvoices: ['INV-1'] },
		'linkedInvoices[0]',
		/^must be an object \{"invoice": \.\.\., "linkedAmount": \.\.\.\}/,
	],
	[
		'payment: negative amount',
		() => paymentUpsertSchema(cents),
		{ ...validPayment, amount: -100 },
		'amount',
		/is negative; a payment amount is zero or more: record money paid back to the customer as a refund$/,
	],
	[
		'payment: external id as object',
		() => paymentUpsertSchema(cents),
		{ ...validPayment, amount: 1, externalId: { id: 1 } },
		'externalId',
		/^must be text, not an object/,
	],
	// refund
	[
		'refund: missing validatedAt',
		() => refundUpsertSchema(decimal),
		{ ...validRefund, validatedAt: undefined },
		'validatedAt',
		/^is required; give the date the refund was made/,
	],
	[
		'refund: payment links above amount',
		() => refundUpsertSchema(decimal),
		{ ...validRefund, linkedPayments: [{ payment: 'P-1', linkedAmount: '25' }] },
		'linkedPayments',
		/add up to 25\.00, more than amount \(20\.00\)/,
	],
	[
		'refund: credit note links above amount',
		() => refundUpsertSchema(decimal),
		{ ...validRefund, linkedCreditNotes: [{ creditNote: 'CN-1', linkedAmount: '25' }] },
		'linkedCreditNotes',
		/add up to 25\.00/,
	],
	[
		'refund: credit note link without credit note',
		() => refundUpsertSchema(decimal),
		{ ...validRefund, linkedCreditNotes: [{ linkedAmount: '5' }] },
		'linkedCreditNotes[0].creditNote',
		/^is required; pick the credit note this amount applies to$/,
	],
	[
		'refund: withdrawn currency',
		() => refundUpsertSchema(decimal),
		{ ...validRefund, currency: 'hrk' },
		'currency',
		/^"hrk" was withdrawn from ISO 4217 \(2023\); use EUR$/,
	],
	// custom field
	[
		'custom field: missing name',
		() => customFieldCreateSchema(),
		{ dataType: 'TEXT' },
		'name',
		/^is required; give the custom field's name/,
	],
	[
		'custom field: missing dataType',
		() => customFieldCreateSchema(),
		{ name: 'x' },
		'dataType',
		/^is required; pick one of TEXT, NUMBER, DATE, BOOLEAN, SELECT, MULTI_SELECT$/,
	],
	[
		'custom field: unknown dataType',
		() => customFieldCreateSchema(),
		{ name: 'x', dataType: 'EMAIL' },
		'dataType',
		/^"EMAIL" is not a custom field data type; use one of TEXT, NUMBER/,
	],
	[
		'custom field: unknown entityType',
		() => customFieldCreateSchema(),
		{ ...validCustomField, entityType: 'REFUND' },
		'entityType',
		/^"REFUND" is not a custom field entity type; use one of CUSTOMER, INVOICE, CREDIT_NOTE, PAYMENT$/,
	],
	// portal
	[
		'portal: expiresIn zero',
		() => portalRequestSchema(),
		{ expiresIn: 0 },
		'expiresIn',
		/^must be a whole number greater than 0, not 0; e\.g\. 86400 \(one day\)/,
	],
	[
		'portal: expiresIn fractional',
		() => portalRequestSchema(),
		{ expiresIn: '1.5' },
		'expiresIn',
		/must be a whole number greater than 0/,
	],
	[
		'portal: hosts with commas',
		() => portalRequestSchema(),
		{ frameAncestors: 'a.example.com,b.example.com' },
		'frameAncestors',
		/separate hosts with spaces/,
	],
	[
		'portal: wildcard',
		() => portalRequestSchema(),
		{ frameAncestors: '*' },
		'frameAncestors',
		/would let any site embed the portal/,
	],
];

describe('refusals', () => {
	it.each(bad)('%s', (_name, schema, input, path, message) => {
		const error = refusal(schema(), input, 7);
		const issue = error.issues.find((candidate) => candidate.path === path);
		if (!issue) throw new Error(`no issue at ${path}; got:\n${error.description}`);
		expect(issue.message).toMatch(message);
		expect(error.description.split('\n')).toContain(`[item 7] ${path}: ${issue.message}`);
	});

	it('has at least 40 cases', () => {
		expect(bad.length).toBeGreaterThanOrEqual(40);
	});
});

describe('UpflowInputError', () => {
	const input = { ...validInvoice, externalId: '', currency: 'euro', grossAmount: 0.1 + 0.2 };

	it('formats one line per issue, the first one as the message', () => {
		const error = refusal(invoiceUpsertSchema(decimal), input, 3);
		expect(error).toBeInstanceOf(Error);
		expect(error).toBeInstanceOf(UpflowInputError);
		expect(error.name).toBe('UpflowInputError');
		expect(error.itemIndex).toBe(3);
		expect(error.issues.map((issue) => issue.path)).toEqual([
			'externalId',
			'currency',
			'grossAmount',
		]);
		expect(error.message).toBe(
			"[item 3] externalId: is required; give the invoice's ID in your system (unique, never changing)",
		);
		expect(error.description).toBe(
			[
				"[item 3] externalId: is required; give the invoice's ID in your system (unique, never changing)",
				'[item 3] currency: "euro" is not an ISO 4217 code; use EUR',
				'[item 3] grossAmount: 0.30000000000000004 has 17 decimal places, the mark of floating-point arithmetic ' +
					'(0.1 + 0.2 gives 0.30000000000000004); round it to 2 decimals before sending, e.g. ' +
					'{{ $json.amount.toFixed(2) }}, or compute in cents',
			].join('\n'),
		);
		for (const line of error.description.split('\n'))
			expect(line).toMatch(/^\[item 3\] [\w.[\]]+: .+; .+$/);
	});

	it('uses 0-based item indexes as given', () => {
		expect(refusal(customerUpsertSchema(), {}, 0).message).toMatch(/^\[item 0\] externalId: /);
	});

	it('reports cross-field problems only once the fields parse', () => {
		const error = refusal(
			invoiceUpsertSchema(decimal),
			{ ...validInvoice, dueDate: '2024-03-01', currency: 'XYZ' },
			0,
		);
		expect(error.issues.map((issue) => issue.path)).toEqual(['currency']);
	});

	it('caps the description, not the issues', () => {
		const contacts = Array.from({ length: 30 }, () => ({ email: 'nope' }));
		const error = refusal(customerUpsertSchema(), { ...validCustomer, contacts }, 1);
		expect(error.issues).toHaveLength(30);
		const lines = error.description.split('\n');
		expect(lines).toHaveLength(MAX_DESCRIPTION_LINES + 1);
		expect(lines[MAX_DESCRIPTION_LINES]).toBe('... and 10 more');
	});

	it('can be built by the node layer for its own checks', () => {
		const error = new UpflowInputError(2, [
			{ path: 'binaryPropertyName', message: 'has no binary data "data"; check the input item' },
		]);
		expect(error.message).toBe(
			'[item 2] binaryPropertyName: has no binary data "data"; check the input item',
		);
		expect(error.description).toBe(error.message);
	});

	it('passes values through untouched when valid', () => {
		expect(validateItem(z.string(), 'x', 0)).toBe('x');
	});

	it("gives zod's own issues readable messages", () => {
		expect(refusal(z.object({ a: z.string() }), { a: 1 }).message).toBe(
			'[item 0] a: must be text, not a number; send text',
		);
		expect(refusal(z.object({ a: z.string() }), {}).message).toBe(
			'[item 0] a: is required; set this field',
		);
		expect(refusal(z.enum(['A', 'B']), 'C').message).toBe(
			'[item 0] input: "C" is not allowed; use one of A, B',
		);
		expect(
			refusal(z.object({ a: z.string().min(2, 'is too short; write more') }), { a: 'x' }).message,
		).toBe('[item 0] a: is too short; write more');
	});
});

describe('formatPath', () => {
	it.each<[Array<string | number>, string]>([
		[[], 'input'],
		[['name'], 'name'],
		[['contacts', 0, 'email'], 'contacts[0].email'],
		[['customFields', 1, 'value', 2, 'label'], 'customFields[1].value[2].label'],
		[[0], '[0]'],
	])('%p -> %p', (path, text) => expect(formatPath(path)).toBe(text));
});
