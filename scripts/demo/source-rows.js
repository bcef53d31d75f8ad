// Stands for your billing tool's CSV export: customers, invoices, payments, one credit note and one
// refund, generated from a fixed seed. Every Code node of this workflow carries this same generator
// and emits one entity, so the rows (and the references between them) are the same in each node.
// Replace these Code nodes with your own source: a CSV file, a database query, an HTTP Request.
// (In the n8n-nodes-upflow repository this text lives in scripts/demo/source-rows.js.)
const SCALE = 1; // 1 = 60 customers, 180 invoices, 120 payments (plus 1 credit note, 1 refund, 1 payment matched later)
const SEED = 20250106;

function generateSource() {
	// mulberry32: a tiny seeded PRNG, so every run and every Code node produce the same rows.
	let state = SEED >>> 0;
	const random = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const between = (min, max) => min + Math.floor(random() * (max - min + 1));
	const pick = (list) => list[Math.floor(random() * list.length)];
	const pad = (n, width) => String(n).padStart(width, '0');
	const digits = (count) => Array.from({ length: count }, () => between(0, 9)).join('');
	// Amounts leave the billing tool as decimal text with two decimals ("1234.56"), built from
	// integer cents so no floating-point rounding ever happens here.
	const decimal = (cents) => `${Math.floor(cents / 100)}.${pad(cents % 100, 2)}`;
	const day = (offset) => new Date(Date.UTC(2025, 0, 6 + offset)).toISOString().slice(0, 10);
	const addDays = (date, days) =>
		new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);
	const slug = (text) =>
		text
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '');

	const brands = [
		'Northwind',
		'Bluefin',
		'Copperleaf',
		'Driftwood',
		'Evergreen',
		'Foxglove',
		'Granite',
		'Harbor',
		'Ironbark',
		'Juniper',
		'Kestrel',
		'Lumen',
		'Meridian',
		'Nimbus',
		'Oakridge',
		'Pinecrest',
		'Quartz',
		'Redwood',
		'Saltmarsh',
		'Tidewater',
	];
	const trades = [
		'Logistics',
		'Robotics',
		'Foods',
		'Studios',
		'Textiles',
		'Analytics',
		'Builders',
		'Energy',
		'Labs',
		'Pharma',
		'Marine',
		'Software',
	];
	const regions = [
		{
			country: 'FR',
			currency: 'EUR',
			legal: 'SAS',
			city: 'Lyon',
			zipcode: '69002',
			street: 'rue de la République',
			phone: '+33 4 72',
			vat: 'FR',
			taxPercent: 20,
		},
		{
			country: 'DE',
			currency: 'EUR',
			legal: 'GmbH',
			city: 'Hamburg',
			zipcode: '20095',
			street: 'Mönckebergstraße',
			phone: '+49 40',
			vat: 'DE',
			taxPercent: 19,
		},
		{
			country: 'GB',
			currency: 'GBP',
			legal: 'Ltd',
			city: 'Leeds',
			zipcode: 'LS1 4DY',
			street: 'Park Row',
			phone: '+44 113',
			vat: 'GB',
			taxPercent: 20,
		},
		{
			country: 'US',
			currency: 'USD',
			legal: 'Inc.',
			city: 'Austin',
			zipcode: '78701',
			street: 'Congress Avenue',
			phone: '+1 512',
			vat: '',
			taxPercent: 0,
		},
	];
	const firstNames = [
		'Camille',
		'Lukas',
		'Olivia',
		'Mateo',
		'Sofia',
		'Noah',
		'Emma',
		'Louis',
		'Mia',
		'Jonas',
		'Ava',
		'Hugo',
	];
	const lastNames = [
		'Martin',
		'Schmidt',
		'Smith',
		'Garcia',
		'Dubois',
		'Müller',
		'Brown',
		'Rossi',
		'Moreau',
		'Fischer',
		'Taylor',
		'Lopez',
	];
	const services = [
		'Subscription',
		'Support plan',
		'Consulting days',
		'Hardware lease',
		'Maintenance',
		'Training',
	];
	const instruments = ['WIRE_TRANSFER', 'WIRE_TRANSFER', 'CARD', 'DIRECT_DEBIT', 'CHECK'];

	const customers = [];
	const customerCount = 60 * SCALE;
	for (let i = 0; i < customerCount; i++) {
		const region = regions[i % regions.length];
		const brand = brands[i % brands.length];
		const trade = trades[Math.floor(i / brands.length) % trades.length];
		const round = Math.floor(i / (brands.length * trades.length));
		const name = `${brand} ${trade}${round > 0 ? ` ${round + 1}` : ''} ${region.legal}`;
		const domain = `${slug(`${brand} ${trade}${round > 0 ? ` ${round + 1}` : ''}`)}.example`;
		const billing = { first: pick(firstNames), last: pick(lastNames) };
		const payables = { first: pick(firstNames), last: pick(lastNames) };
		const id = `CUST-${pad(i + 1, 4)}`;
		customers.push({
			externalId: id,
			name,
			vatNumber: region.vat ? `${region.vat}${digits(region.vat === 'FR' ? 11 : 9)}` : '',
			currency: region.currency,
			street: `${between(1, 180)} ${region.street}`,
			zipcode: region.zipcode,
			city: region.city,
			country: region.country,
			billingContactId: `${id}-billing`,
			billingFirstName: billing.first,
			billingLastName: billing.last,
			billingEmail: `billing@${domain}`,
			billingPhone: `${region.phone} ${digits(3)} ${digits(4)}`,
			payablesContactId: `${id}-payables`,
			payablesFirstName: payables.first,
			payablesLastName: payables.last,
			payablesEmail: `accounts.payable@${domain}`,
		});
	}

	// Three invoices per customer, in the customer's currency; gross = net + the region's tax.
	const invoices = [];
	const grossCentsOf = [];
	for (let k = 0; k < customerCount * 3; k++) {
		const customer = customers[k % customerCount];
		const region = regions[(k % customerCount) % regions.length];
		const netCents = between(8000, 480000);
		const grossCents = netCents + Math.round((netCents * region.taxPercent) / 100);
		const issuedAt = day(between(0, 120));
		grossCentsOf.push(grossCents);
		invoices.push({
			externalId: `inv-${pad(10001 + k, 6)}`,
			number: `INV-2025-${pad(k + 1, 4)}`,
			customerExternalId: customer.externalId,
			description: `${pick(services)} ${issuedAt.slice(0, 7)}`,
			issuedAt,
			dueDate: addDays(issuedAt, 30),
			currency: customer.currency,
			netAmount: decimal(netCents),
			grossAmount: decimal(grossCents),
		});
	}

	// Payments: a shuffled 100 of every 180 invoices are paid in full, the next 20 in part.
	const order = invoices.map((_, index) => index);
	for (let i = order.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[order[i], order[j]] = [order[j], order[i]];
	}
	const payments = [];
	const fullyPaid = 100 * SCALE;
	const partlyPaid = 20 * SCALE;
	for (let p = 0; p < fullyPaid + partlyPaid; p++) {
		const invoice = invoices[order[p]];
		const grossCents = grossCentsOf[order[p]];
		const cents = p < fullyPaid ? grossCents : Math.round((grossCents * between(30, 70)) / 100);
		payments.push({
			externalId: `pay-${pad(20001 + p, 6)}`,
			customerExternalId: invoice.customerExternalId,
			amount: decimal(cents),
			currency: invoice.currency,
			validatedAt: addDays(invoice.issuedAt, between(3, 40)),
			instrument: pick(instruments),
			invoiceExternalId: invoice.externalId,
			appliedAmount: decimal(cents),
		});
	}

	// A 10% commercial gesture on an invoice that was already paid in full: a credit note linked
	// to it, refunded to the customer (the refund is linked to the credit note).
	const paidInvoice = invoices[order[0]];
	const gestureCents = Math.round(grossCentsOf[order[0]] / 10);
	const gestureNetCents = Math.round(
		(gestureCents * Number(paidInvoice.netAmount)) / Number(paidInvoice.grossAmount),
	);
	const creditNotes = [
		{
			externalId: 'cn-030001',
			number: 'CN-2025-0001',
			customerExternalId: paidInvoice.customerExternalId,
			issuedAt: addDays(payments[0].validatedAt, 5),
			dueDate: addDays(payments[0].validatedAt, 35),
			currency: paidInvoice.currency,
			grossAmount: decimal(gestureCents),
			netAmount: decimal(gestureNetCents),
			invoiceExternalId: paidInvoice.externalId,
			appliedAmount: decimal(gestureCents),
		},
	];
	const refunds = [
		{
			externalId: 'ref-040001',
			customerExternalId: paidInvoice.customerExternalId,
			amount: decimal(gestureCents),
			currency: paidInvoice.currency,
			validatedAt: addDays(creditNotes[0].issuedAt, 2),
			creditNoteExternalId: creditNotes[0].externalId,
			refundedAmount: decimal(gestureCents),
		},
	];

	// A payment that arrives without saying what it pays (no remittance advice): recorded first, on
	// the customer alone, then matched to two open invoices of that customer with a reconciliation.
	const open = order
		.slice(fullyPaid + partlyPaid)
		.map((index) => ({ invoice: invoices[index], cents: grossCentsOf[index] }));
	const latePayments = [];
	const reconciliations = [];
	for (const candidate of open) {
		const pair = open
			.filter((other) => other.invoice.customerExternalId === candidate.invoice.customerExternalId)
			.slice(0, 2);
		if (pair.length < 2) continue;
		const cents = pair[0].cents + pair[1].cents;
		const lastIssued = pair.map((p) => p.invoice.issuedAt).sort()[1];
		latePayments.push({
			externalId: 'pay-029001',
			customerExternalId: candidate.invoice.customerExternalId,
			amount: decimal(cents),
			currency: candidate.invoice.currency,
			validatedAt: addDays(lastIssued, 20),
			instrument: 'WIRE_TRANSFER',
		});
		reconciliations.push({
			externalId: 'rec-050001',
			customerExternalId: candidate.invoice.customerExternalId,
			paymentExternalId: 'pay-029001',
			paymentAmount: decimal(cents),
			firstInvoiceExternalId: pair[0].invoice.externalId,
			firstAmount: decimal(pair[0].cents),
			secondInvoiceExternalId: pair[1].invoice.externalId,
			secondAmount: decimal(pair[1].cents),
		});
		break;
	}

	// After the import the source changes: two payables contacts get a new phone number, and one
	// leaves (removed from Upflow). Contacts are addressed under their customer.
	const contactUpdates = customers.slice(0, 2).map((customer, index) => ({
		externalId: customer.payablesContactId,
		customerExternalId: customer.externalId,
		phone: `+33 1 40 00 00 0${index}`,
	}));
	const contactRemovals = customers.slice(2, 3).map((customer) => ({
		externalId: customer.payablesContactId,
		customerExternalId: customer.externalId,
	}));

	return {
		customers,
		invoices,
		payments,
		creditNotes,
		refunds,
		latePayments,
		reconciliations,
		contactUpdates,
		contactRemovals,
	};
}
