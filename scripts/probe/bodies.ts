/**
 * The bodies the probe writes (and the emulator is seeded with), each checked against the contract
 * home's documented body before it is sent: a body the contract itself would refuse is a bug here,
 * not an answer from Upflow.
 */
import { checkBody } from '../../test/contract/check';
import { writeCall } from '../../test/contract/upflow';

export type Ref = { id: string } | { externalId: string };

/** A PDF small enough to read in a hex dump: one empty page. */
export const TINY_PDF =
	'%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';

const day = (offsetDays: number, now: number) =>
	new Date(now + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** Throws when `body` is not what the contract documents for `name`. */
export function checked<T>(name: string, body: T): T {
	const problems = checkBody(writeCall(name), body);
	if (problems.length)
		throw new Error(
			`probe bug: the ${name} body departs from test/contract/upflow.ts: ${problems.map((p) => p.message).join('; ')}`,
		);
	return body;
}

export function bodies(prefix: string, now: number) {
	const today = day(0, now);
	const transaction = (tag: string, amount: number) => ({
		externalId: `${prefix}-${tag}`,
		amount,
		currency: 'EUR',
		validatedAt: today,
		instrument: 'WIRE_TRANSFER',
	});
	return {
		customer: (name: string, externalId: string) =>
			checked('customer.upsert', { externalId, name }),
		contact: (tag: string) =>
			checked('contact.create', {
				externalId: `${prefix}-contact-${tag}`,
				email: `${prefix}-${tag}@example.com`,
				firstName: 'Probe',
				lastName: tag.toUpperCase(),
			}),
		invoice: (customer: Ref, tag = 'invoice') =>
			checked('invoice.upsert', {
				externalId: `${prefix}-${tag}`,
				customId: `${prefix}-${tag}`.toUpperCase(),
				issuedAt: today,
				// Due in two months: nothing is overdue, so no reminder can go out before the probe deletes it.
				dueDate: day(60, now),
				currency: 'EUR',
				grossAmount: 1200,
				netAmount: 1000,
				customer,
			}),
		pdf: () => checked('invoice.pdf', { data: Buffer.from(TINY_PDF).toString('base64') }),
		creditNote: (customer: Ref, invoice: Ref | undefined, tag = 'credit-note') =>
			checked('creditNote.upsert', {
				externalId: `${prefix}-${tag}`,
				customId: `${prefix}-${tag}`.toUpperCase(),
				issuedAt: today,
				currency: 'EUR',
				grossAmount: 120,
				netAmount: 100,
				customer,
				...(invoice ? { linkedInvoices: [{ invoice, linkedAmount: 120 }] } : {}),
			}),
		payment: (customer: Ref, invoice: Ref | undefined, tag = 'payment') =>
			checked('payment.upsert', {
				...transaction(tag, 500),
				customer,
				...(invoice ? { linkedInvoices: [{ invoice, linkedAmount: 500 }] } : {}),
			}),
		refund: (
			customer: Ref,
			payment: Ref | undefined,
			creditNote: Ref | undefined,
			tag = 'refund',
		) =>
			checked('refund.upsert', {
				...transaction(tag, 150),
				customer,
				...(payment ? { linkedPayments: [{ payment, linkedAmount: 100 }] } : {}),
				...(creditNote ? { linkedCreditNotes: [{ creditNote, linkedAmount: 50 }] } : {}),
			}),
		/** Without records: the four lists empty, which undoes the reconciliation of that externalId. */
		reconciliation: (invoice?: Ref, payment?: Ref, amountLinked = 0) =>
			checked('reconciliation.link', {
				externalId: `${prefix}-reconciliation`,
				invoices: invoice ? [{ ...invoice, amountLinked }] : [],
				creditNotes: [],
				payments: payment ? [{ ...payment, amountLinked }] : [],
				refunds: [],
			}),
		customField: () =>
			checked('customField.create', {
				name: `${prefix} custom field`,
				entityType: 'CUSTOMER',
				dataType: 'TEXT',
			}),
		portal: () => checked('customer.portal', { expiresIn: 300 }),
		contactUpdate: () => checked('contact.update', { firstName: 'Probe (updated)' }),
	};
}
