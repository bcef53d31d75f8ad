/**
 * schemas/fastParse.ts: validateItem's path for accepted items gives exactly what zod gives (values,
 * keys kept with undefined, key order), refuses whatever zod refuses (zod then writes the
 * messages), and covers every write schema of the package, so no schema quietly falls back to zod
 * for every item.
 */
import { z } from 'zod';
import type { ZodTypeAny } from 'zod';

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
import { paymentUpsertSchema } from '../../nodes/Upflow/resources/payment/schema';
import {
	reconciliationLinkSchema,
	reconciliationUnlinkSchema,
} from '../../nodes/Upflow/resources/reconciliation/schema';
import { refundUpsertSchema } from '../../nodes/Upflow/resources/refund/schema';
import { canFastParse, fastParse } from '../../nodes/Upflow/schemas/fastParse';
import type { SchemaOptions } from '../../nodes/Upflow/schemas/blocks';
import { UpflowInputError, validateItem } from '../../nodes/Upflow/schemas/validate';

const decimal: SchemaOptions = { amountMode: 'decimal', timezone: 'Europe/Paris' };
const cents: SchemaOptions = { amountMode: 'cents' };
const jpy: SchemaOptions = { amountMode: 'decimal', currency: 'JPY' };
const UUID = '3f2b8c1e-9d4a-4c1b-8f2e-1a2b3c4d5e6f';
const customerRef = (value: string) => ({ __rl: true, mode: 'externalId', value });

const invoice = {
	externalId: 'INV-1',
	customId: 'F-2024-001',
	customer: customerRef('C-1'),
	issuedAt: '2024-03-04',
	dueDate: '2024-04-03T10:30:00',
	currency: 'EUR',
	grossAmount: '120.00',
	netAmount: '100.00',
};
const payment = {
	externalId: 'P-1',
	customer: customerRef('C-1'),
	amount: '120.00',
	currency: 'EUR',
	validatedAt: '2024-03-20T09:00:00Z',
};

/** Every write schema, with inputs zod accepts and inputs it refuses. */
const CASES: Array<[string, () => ZodTypeAny, unknown[]]> = [
	[
		'invoice upsert',
		() => invoiceUpsertSchema(decimal),
		[
			invoice,
			{ ...invoice, grossAmount: 12000, netAmount: '10000', dueDate: '' },
			{ ...invoice, name: '  March  ', additionalFields: '{"purchaseOrder": "PO-7"}' },
			{ ...invoice, customFields: [{ id: 'cf-1', value: 'x' }], unknown: 'dropped' },
			{ ...invoice, customFields: [], name: '', additionalFields: {} },
			// A modelled key given in the JSON is moved into the input, then checked as its field.
			{ ...invoice, name: undefined, additionalFields: { name: 'From JSON', extra: 1 } },
			{ ...invoice, customer: 'external:C-9', currency: ' eur ' },
			{ ...invoice, grossAmount: '1 234,56' },
			{ ...invoice, dueDate: '2024-03-01' },
			{ ...invoice, netAmount: '130.00' },
			{ ...invoice, externalId: '' },
			{ ...invoice, customFields: 'not a list' },
			{
				...invoice,
				customFields: [
					{ id: 'cf-1', value: 'a' },
					{ id: 'cf-1', value: 'b' },
				],
			},
			{ ...invoice, name: 'Field', additionalFields: { name: 'JSON too' } },
			'not an object',
			null,
			[invoice],
			new Date(),
		],
	],
	[
		'invoice upsert, cents and JPY',
		() => invoiceUpsertSchema(jpy),
		[
			{ ...invoice, dueDate: '2024-04-03', currency: 'JPY', grossAmount: '1200', netAmount: 1000 },
			{ ...invoice, currency: 'JPY', grossAmount: '12.5' },
		],
	],
	[
		'invoice update',
		() => invoiceUpdateSchema(cents),
		[{ name: 'Renamed' }, { grossAmount: 500, netAmount: 400, dueDate: '2024-05-01' }, {}],
	],
	[
		'customer upsert',
		() => customerUpsertSchema(),
		[
			{
				externalId: 42,
				name: '  ACME Corp  ',
				vatNumber: 'FR40303265045',
				parent: { __rl: true, mode: 'externalId', value: 'GROUP-1' },
				currency: 'eur',
				address: { address: '1 rue de la Paix', zipcode: '75002', city: 'Paris', state: '' },
				dunningPlanId: null,
				contacts: [
					{ email: 'ann@acme.example', firstName: 'Ann', isMain: 'true', externalId: 'CT-1' },
					{ email: 'bob@acme.example', isMain: false },
				],
				customFields: [
					{ id: 'cf-tier', value: { label: 'Gold' } },
					{ externalId: 'cf-tags', value: [{ label: 'One' }, { label: 'Two' }] },
				],
				paymentMethods: { card: { enabled: true } },
			},
			{ externalId: 'C-1', name: 'ACME', address: { city: '', zipcode: '' } },
			{ externalId: 'C-1', name: 'ACME', contacts: [{ email: 'ann@acme' }] },
			{
				externalId: 'C-1',
				name: 'ACME',
				contacts: [
					{ email: 'a@acme.example', isMain: true },
					{ email: 'b@acme.example', isMain: true },
				],
			},
			{ externalId: 'C-1', name: 'ACME', address: 'not an object' },
		],
	],
	[
		'customer update',
		() => customerUpdateSchema(),
		[{ name: 'New name' }, { dunningPlanId: null }, {}],
	],
	[
		'contact create and update',
		() => contactCreateSchema(),
		[{ email: 'ann@acme.example', phone: '+33 1 23 45 67 89' }, { email: 'nope' }],
	],
	['contact update', () => contactUpdateSchema(), [{ firstName: 'Ann' }, {}]],
	[
		'credit note',
		() => creditNoteUpsertSchema(decimal),
		[
			{
				...invoice,
				externalId: 'CN-1',
				grossAmount: '50.00',
				netAmount: '50.00',
				linkedInvoices: [
					{ invoice: { externalId: 'INV-1' }, linkedAmount: '30.00' },
					{ invoice: { __rl: true, mode: 'id', value: UUID }, linkedAmount: 20 },
				],
			},
			{ ...invoice, linkedInvoices: [{ invoice: 'INV-1', linkedAmount: '500' }] },
		],
	],
	[
		'payment',
		() => paymentUpsertSchema(decimal),
		[
			{
				...payment,
				instrument: 'wire transfer',
				linkedInvoices: [
					{ invoice: 'INV-1', linkedAmount: '100' },
					{ invoice: 'INV-2', linkedAmount: '20.00' },
				],
			},
			{ ...payment, instrument: 'PAYPAL' },
		],
	],
	[
		'refund',
		() => refundUpsertSchema(decimal),
		[
			{
				...payment,
				amount: '20.00',
				linkedPayments: [{ payment: 'P-1', linkedAmount: '20' }],
				linkedCreditNotes: [{ creditNote: { externalId: 'CN-1' }, linkedAmount: '20.00' }],
			},
			{ ...payment, linkedPayments: [{ payment: 'P-1', linkedAmount: '-1' }] },
		],
	],
	[
		'reconciliation link',
		() => reconciliationLinkSchema(decimal),
		[
			{
				externalId: 'rec-1',
				invoices: [
					{ ref: { externalId: 'inv-1' }, amountLinked: '100.50' },
					{ ref: { id: 'b7c1' }, amountLinked: 20 },
				],
				payments: [{ ref: { externalId: 'pay-1' }, amountLinked: '120.50' }],
			},
			{ externalId: 'rec-1', invoices: [{ amountLinked: '1' }] },
		],
	],
	['reconciliation unlink', () => reconciliationUnlinkSchema(), [{ externalId: 'rec-1' }, {}]],
	[
		'custom field',
		() => customFieldCreateSchema(),
		[{ name: 'Segment', dataType: 'select', entity: 'invoice' }, { name: '' }],
	],
	[
		'portal request',
		() => portalRequestSchema(),
		[{}, { expiresIn: '3600', frameAncestors: ['app.example.com'] }, { expiresIn: 0 }],
	],
];

/** The fast path answers exactly what zod answers: the same output, or a refusal. */
function expectSameAsZod(schema: ZodTypeAny, input: unknown): boolean {
	const byZod = schema.safeParse(input);
	const fast = fastParse(schema, input);
	if (!byZod.success) {
		expect(fast).toBeUndefined();
		return false;
	}
	expect(fast).toBeDefined();
	expect(fast!.value).toStrictEqual(byZod.data);
	// Key order too (it is the order of the JSON sent to Upflow).
	expect(JSON.stringify(fast!.value)).toBe(JSON.stringify(byZod.data));
	return true;
}

describe('write schemas', () => {
	it.each(CASES)('%s: every schema runs on the fast path', (_name, build) => {
		expect(canFastParse(build())).toBe(true);
	});

	it.each(CASES)('%s: accepted as by zod, refused as by zod', (_name, build, inputs) => {
		const schema = build();
		const accepted = inputs.map((input) => expectSameAsZod(schema, input));
		// The corpus has both kinds, so both branches are checked for each schema.
		expect(new Set(accepted)).toEqual(new Set([true, false]));
	});

	it('a refused item gets zod messages through validateItem', () => {
		let error: unknown;
		try {
			validateItem(invoiceUpsertSchema(decimal), { ...invoice, grossAmount: '1 234,56' }, 3);
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(UpflowInputError);
		expect((error as UpflowInputError).message).toMatch(/^\[item 3\] grossAmount: "1 234,56"/);
	});
});

describe("zod's rules, on small schemas", () => {
	const field = z.unknown().transform((value) => (value === '' ? undefined : value));

	it.each([
		['strip: unknown keys dropped, keys given as undefined kept', z.object({ a: field, b: field })],
		[
			'passthrough: unknown keys kept after the shape, undefined ones dropped',
			z.object({ a: field }).passthrough(),
		],
		['strict: unknown keys refused', z.object({ a: field }).strict()],
	])('%s', (_name, schema) => {
		const inherited = Object.assign(Object.create({ inherited: 1 }) as object, { a: 'x' });
		for (const input of [
			{ a: 'x', b: '', c: 1, d: undefined },
			{ c: 1, a: 'x' },
			{ a: '' },
			{},
			JSON.parse('{"__proto__": {"polluted": true}, "a": "x"}') as unknown,
			inherited,
			new Map([['a', 'x']]),
			{ then: () => {}, catch: () => {} },
		])
			expectSameAsZod(schema, input);
	});

	it('arrays: each element parsed, lengths checked', () => {
		const schema = z.array(field).min(1).max(2).optional();
		for (const input of [undefined, [], ['x'], ['x', ''], ['x', 'y', 'z'], 'x', [undefined]])
			expectSameAsZod(schema, input);
		expectSameAsZod(z.array(field).length(2), ['x', 'y']);
		expectSameAsZod(z.array(field).length(2), ['x']);
	});

	it('an issue anywhere refuses the item, fatal or not', () => {
		const refined = z.object({ a: field }).superRefine((value, ctx) => {
			if (value.a === 'bad') ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'bad' });
		});
		const transformed = z.object({
			a: z.unknown().transform((value, ctx) => {
				if (value === 'bad') ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'bad' });
				return value;
			}),
		});
		for (const schema of [
			refined,
			transformed,
			refined.transform((value) => ({ ...value, done: true })),
		]) {
			expectSameAsZod(schema, { a: 'good' });
			expectSameAsZod(schema, { a: 'bad' });
		}
		const preprocessed = z.preprocess((value, ctx) => {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'no' });
			return value;
		}, field);
		expectSameAsZod(preprocessed, 'x');
	});

	it('a schema with types it does not know is left to zod', () => {
		const schema = z.object({ a: z.string() });
		expect(canFastParse(schema)).toBe(false);
		expect(fastParse(schema, { a: 'x' })).toBeUndefined();
		expect(validateItem(schema, { a: 'x' }, 0)).toEqual({ a: 'x' });
	});
});
