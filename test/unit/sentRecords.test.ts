import type { IDataObject } from 'n8n-workflow';

import { customerUpsertSchema } from '../../nodes/Upflow/resources/customer/schema';
import { invoiceUpsertSchema } from '../../nodes/Upflow/resources/invoice/schema';
import { SentRecords, fingerprintOf } from '../../nodes/Upflow/resources/skipUnchanged';
import { validateItem } from '../../nodes/Upflow/schemas/validate';
import { stableStringify } from '../../nodes/Upflow/shared/hash';

describe('Skip Unchanged fingerprints', () => {
	it('hash the same content the same whatever the key order', () => {
		expect(stableStringify({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe(
			'{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}',
		);
		expect(fingerprintOf({ name: 'Acme', externalId: 'C-1' })).toBe(
			fingerprintOf({ externalId: 'C-1', name: 'Acme' }),
		);
		expect(fingerprintOf({ name: 'Acme', externalId: 'C-1' })).not.toBe(
			fingerprintOf({ externalId: 'C-1', name: 'Acme Inc' }),
		);
	});

	it('survive a save and a reload, per organization and resource, at 15 bytes a record', () => {
		const staticData = {};
		const first = new SentRecords(staticData, 'org-a');
		for (let i = 0; i < 1000; i++) first.remember('customer', `C-${i}`, fingerprintOf({ i }));
		first.save();
		const bytes = JSON.stringify(staticData).length;
		expect(bytes / 1000).toBeLessThanOrEqual(16);

		const reloadedData = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		const reloaded = new SentRecords(reloadedData, 'org-a');
		expect(reloaded.isUnchanged('customer', 'C-7', fingerprintOf({ i: 7 }))).toBe(true);
		expect(reloaded.isUnchanged('customer', 'C-7', fingerprintOf({ i: 8 }))).toBe(false);
		expect(reloaded.isUnchanged('invoice', 'C-7', fingerprintOf({ i: 7 }))).toBe(false);
		expect(
			new SentRecords(staticData, 'org-b').isUnchanged('customer', 'C-7', fingerprintOf({ i: 7 })),
		).toBe(false);

		reloaded.forget('customer', 'C-7');
		reloaded.save();
		expect(
			new SentRecords(reloadedData, 'org-a').isUnchanged(
				'customer',
				'C-7',
				fingerprintOf({ i: 7 }),
			),
		).toBe(false);
	});

	it('read the state version 0.2.0 wrote: what it sent is still unchanged (active workflows hold it)', () => {
		// The static data 0.2.0 left after sending these three records (organization key 0123...).
		const written = {
			'upflowSent:0123456789abcdef:invoice': 'LguEZRrekzc4y0aKApKIxH9mFRsdh9',
			'upflowSent:0123456789abcdef:customer': 'B+mpaWVzn954iiN',
		};
		const customer = { __rl: true, mode: 'externalId', value: 'C-1' };
		const invoices = [
			{
				externalId: 'I-1',
				customId: 'INV-1',
				customer,
				issuedAt: '2024-03-04',
				dueDate: '2024-04-03',
				currency: 'EUR',
				grossAmount: '120.00',
				netAmount: '100.00',
				customFields: [],
				name: '',
				additionalFields: {},
			},
			{
				externalId: 'I-2',
				customId: 'INV-2',
				customer,
				issuedAt: '2024-03-04T10:00:00+02:00',
				dueDate: '2024-04-03',
				currency: 'jpy',
				grossAmount: 1200,
				netAmount: '1000',
				name: 'March',
				additionalFields: '{"purchaseOrder":"PO-7"}',
			},
		];
		const invoiceFingerprint = (input: IDataObject, currency: string) =>
			fingerprintOf(
				validateItem(
					invoiceUpsertSchema({ amountMode: 'decimal', currency }),
					input,
					0,
				) as IDataObject,
			);
		const sent = new SentRecords(
			JSON.parse(JSON.stringify(written)) as IDataObject,
			'0123456789abcdef',
		);
		expect(sent.isUnchanged('invoice', 'I-1', invoiceFingerprint(invoices[0], 'EUR'))).toBe(true);
		expect(sent.isUnchanged('invoice', 'I-2', invoiceFingerprint(invoices[1], 'JPY'))).toBe(true);
		const acme = { externalId: 'C-1', name: ' ACME ', address: { city: 'Paris', zipcode: '' } };
		const contacts = [{ email: 'ann@acme.example', isMain: true }];
		const customerFingerprint = fingerprintOf(
			validateItem(customerUpsertSchema(), { ...acme, contacts }, 0) as IDataObject,
		);
		expect(sent.isUnchanged('customer', 'C-1', customerFingerprint)).toBe(true);
		// And a change is still seen.
		expect(
			sent.isUnchanged(
				'invoice',
				'I-1',
				invoiceFingerprint({ ...invoices[0], netAmount: '99.00' }, 'EUR'),
			),
		).toBe(false);
	});
});
