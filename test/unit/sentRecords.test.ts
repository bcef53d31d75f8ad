import type { IDataObject } from 'n8n-workflow';

import { SentRecords, fingerprintOf } from '../../nodes/Upflow/resources/skipUnchanged';
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
});
