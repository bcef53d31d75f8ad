/**
 * One organization's in-memory state: the entities, their references, and the read shapes the API
 * answers. Every write goes through `upsert` / `update` / `remove` here, both from HTTP and from
 * tests (the `OrgHandle`), so the invariants (references exist, unique e-mails, reverse indexes)
 * hold whichever way the state was changed.
 *
 * A write is validated completely before anything is mutated: a 4xx never leaves half a write.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Collection, MultiIndex } from './collection';
import {
	ApiError,
	type ActionView,
	type Address,
	type BankAccountView,
	type ContactPositionView,
	type ContactView,
	type CreditNoteView,
	type CustomerView,
	type CustomFieldDataType,
	type CustomFieldEntityType,
	type CustomFieldValueView,
	type CustomFieldView,
	type DunningPlanView,
	type EntityKind,
	type InvoiceView,
	type OrganizationState,
	type PaymentView,
	type RefundView,
	type UserView,
} from './types';
import {
	customFieldValue,
	parseContact,
	parseCreditNote,
	parseCustomer,
	parseCustomFieldCreate,
	parseInvoice,
	parsePayment,
	parseRefund,
	type ContactInput,
	type CustomFieldInput,
	type LinkInput,
	type Mode,
	type RefInput,
} from './validation';
import { MoreState, type ActionPatch, type ActionSeed } from './more';

/** What the store needs from the server around it. */
export interface StoreContext {
	now(): number;
	/** Signed, expiring download URL of a stored PDF. */
	pdfUrl(kind: PdfKind, id: string): string;
	/** Base of the links the API hands out (directUrl, portal); known once the server listens. */
	appUrl(): string;
}
export type PdfKind = 'invoices' | 'credit_notes';

interface Link {
	targetId: string;
	amount: number;
}
export interface CustomerRec {
	id: string;
	externalId: string;
	name: string;
	vatNumber: string | null;
	parentId: string | null;
	currency: string | null;
	address: Address | null;
	dunningPlanId: string | null;
	accountManagerId: string | null;
	customFields: Map<string, unknown>;
}
export interface ContactRec {
	id: string;
	externalId: string | null;
	customerId: string;
	firstName: string | null;
	lastName: string | null;
	email: string;
	phone: string | null;
	position: string | null;
	isMain: boolean;
}
export interface InvoiceRec {
	id: string;
	externalId: string;
	customId: string;
	customerId: string;
	name: string | null;
	issuedAt: string;
	dueDate: string;
	netAmount: number;
	grossAmount: number;
	currency: string;
	dunningPlanId: string | null;
	customFields: Map<string, unknown>;
	pdf: Buffer | null;
}
export interface CreditNoteRec {
	id: string;
	externalId: string;
	customId: string;
	customerId: string;
	name: string | null;
	issuedAt: string | null;
	dueDate: string | null;
	grossAmount: number;
	netAmount: number;
	currency: string;
	links: Link[];
	pdf: Buffer | null;
}
export interface PaymentRec {
	id: string;
	externalId: string;
	customerId: string;
	amount: number;
	currency: string;
	validatedAt: string;
	createdAt: string;
	instrument: string | null;
	bankAccountId: string | null;
	links: Link[];
}
export interface RefundRec {
	id: string;
	externalId: string;
	customerId: string;
	amount: number;
	currency: string;
	validatedAt: string;
	createdAt: string;
	instrument: string | null;
	paymentLinks: Link[];
	creditNoteLinks: Link[];
}
export interface CustomFieldRec {
	id: string;
	externalId: string | null;
	name: string;
	entityType: CustomFieldEntityType;
	dataType: CustomFieldDataType;
	values: string[];
}

export interface ViewOf {
	customers: CustomerView;
	invoices: InvoiceView;
	creditNotes: CreditNoteView;
	payments: PaymentView;
	refunds: RefundView;
}

/** A record reference for the in-process handle: `uuid`, `external:<id>` (not encoded) or an object. */
export type RecordRef = string | RefInput;

/**
 * Direct access to one organization's state for tests: no HTTP, no request log, no limits.
 * Writes are validated like the API's (they throw `ApiError`), so the state stays consistent.
 */
export interface OrgHandle {
	/** Short hash of the API key, as in the request log. */
	readonly org: string;
	upsert<K extends EntityKind>(kind: K, body: object): ViewOf[K];
	/** Partial update (shallow merge, like PUT /customers/{id}) of any entity. */
	update<K extends EntityKind>(kind: K, ref: RecordRef, patch: object): ViewOf[K];
	/** Removes a record without the API's 409 checks; a customer takes its records with it. */
	remove(kind: EntityKind | 'contacts', ref: RecordRef): boolean;
	get<K extends EntityKind>(kind: K, ref: RecordRef): ViewOf[K] | undefined;
	list<K extends EntityKind>(kind: K): Array<ViewOf[K]>;
	count(kind: EntityKind | 'contacts' | 'customFields'): number;
	createCustomField(body: object): CustomFieldView;
	setPdf(kind: 'invoices' | 'creditNotes', ref: RecordRef, bytes: Buffer | null): void;
	/** Creates `count` invoices fast (and their customer when missing); answers how many were made. */
	seedInvoices(count: number, opts?: SeedInvoicesOptions): number;
	readonly dunningPlans: readonly DunningPlanView[];
	readonly users: readonly UserView[];
	readonly contactPositions: readonly ContactPositionView[];
	// Issue 12 (more.ts): actions, bank accounts; what GET /v1/actions and /v1/bank_accounts answer.
	/** An action (reminder, task, reply), created now unless `createdAt` says otherwise. */
	addAction(seed?: ActionSeed): ActionView;
	/** Changes an action; its updatedAt moves forward. */
	updateAction(id: string, patch: ActionPatch): ActionView;
	addBankAccount(seed?: Partial<Omit<BankAccountView, 'id'>>): BankAccountView;
	/** The order GET /v1/actions serves (Upflow's is unknown). */
	setActionOrder(order: 'oldest-first' | 'newest-first'): void;
}

export interface SeedInvoicesOptions {
	/** externalId of the customer (created when missing); default 'seed-customer'. */
	customerExternalId?: string;
	/** Invoice externalIds are `${prefix}${i}`; default 'seed-inv-'. */
	prefix?: string;
	/** Index of the first invoice (default 0). */
	start?: number;
	/** Overrides per invoice, merged onto the default body. */
	make?: (i: number) => Record<string, unknown>;
}

const PARSERS = {
	customers: parseCustomer,
	invoices: parseInvoice,
	creditNotes: parseCreditNote,
	payments: parsePayment,
	refunds: parseRefund,
};

export type AnyRec = CustomerRec | InvoiceRec | CreditNoteRec | PaymentRec | RefundRec;

export function keyHash(apiKey: string): string {
	return createHash('sha256').update(apiKey).digest('hex').slice(0, 12);
}

const show = (ref: RefInput) => JSON.stringify(ref);

export class Organization implements OrgHandle {
	readonly customers = new Collection<CustomerRec>();
	readonly contacts = new Collection<ContactRec>();
	readonly invoices = new Collection<InvoiceRec>();
	readonly creditNotes = new Collection<CreditNoteRec>();
	readonly payments = new Collection<PaymentRec>();
	readonly refunds = new Collection<RefundRec>();
	readonly customFields = new Collection<CustomFieldRec>();
	readonly dunningPlans: DunningPlanView[];
	readonly users: UserView[];
	readonly contactPositions: ContactPositionView[];

	/** Reverse indexes, kept in step by index()/unindex(). */
	private readonly ix = {
		contactsByCustomer: new MultiIndex(),
		childrenByParent: new MultiIndex(),
		invoicesByCustomer: new MultiIndex(),
		creditNotesByCustomer: new MultiIndex(),
		paymentsByCustomer: new MultiIndex(),
		refundsByCustomer: new MultiIndex(),
		paymentsByInvoice: new MultiIndex(),
		creditNotesByInvoice: new MultiIndex(),
		refundsByPayment: new MultiIndex(),
		refundsByCreditNote: new MultiIndex(),
	};
	/** lower-cased e-mail -> contact id: e-mails are unique in the organization. */
	private readonly contactsByEmail = new Map<string, string>();

	/** Issue 12's state (more.ts). */
	readonly more: MoreState;

	constructor(
		readonly org: string,
		private readonly ctx: StoreContext,
	) {
		this.more = new MoreState(this, () => this.ctx.now());
		// Seed data every organization has (plans, users and positions are made in the app only).
		this.dunningPlans = [
			{ id: randomUUID(), name: 'Standard', mode: 'AUTOMATIC', entity: 'CUSTOMER' },
			{ id: randomUUID(), name: 'Key accounts', mode: 'MANUAL', entity: 'CUSTOMER' },
		];
		this.users = [
			{
				id: randomUUID(),
				firstName: 'Alice',
				lastName: 'Martin',
				email: 'alice.martin@example.com',
				position: 'CFO',
			},
			{
				id: randomUUID(),
				firstName: 'Bruno',
				lastName: 'Dupont',
				email: 'bruno.dupont@example.com',
				position: 'Credit manager',
			},
			{
				id: randomUUID(),
				firstName: 'Chloé',
				lastName: 'Bernard',
				email: 'chloe.bernard@example.com',
				position: 'Accountant',
			},
		];
		this.contactPositions = ['ACCOUNTING', 'PAYER', 'PURCHASER', 'SALES'].map((name) => ({
			id: randomUUID(),
			name,
		}));
	}

	// ---- generic entry points (HTTP handlers and the test handle) ---------------------------

	collection(kind: EntityKind): Collection<AnyRec> {
		return this[kind] as Collection<AnyRec>;
	}

	/** POST upsert keyed by externalId: `created` tells 201 from 200. */
	upsertRecord<K extends EntityKind>(
		kind: K,
		body: unknown,
	): { created: boolean; view: ViewOf[K] } {
		const input = PARSERS[kind](body, 'full');
		const extras = kind === 'customers' ? this.more.customerExtrasOf(body) : {};
		const existing = this.collection(kind).getByExternalId(input.externalId as string);
		const rec = this.apply(kind, existing ?? null, input, 'full');
		this.more.applyCustomerExtras(rec.id, extras);
		return { created: !existing, view: this.view(kind, rec) };
	}

	/** Partial update of an existing record (PUT /customers/{id}, and the test handle). */
	updateRecord<K extends EntityKind>(kind: K, rec: AnyRec, body: unknown): ViewOf[K] {
		const input = PARSERS[kind](body, 'partial');
		const extras = kind === 'customers' ? this.more.customerExtrasOf(body) : {};
		const applied = this.apply(kind, rec, input, 'partial');
		this.more.applyCustomerExtras(applied.id, extras);
		return this.view(kind, applied);
	}

	/** DELETE as the API does it: a customer must be empty (409 otherwise). */
	deleteRecord(kind: EntityKind, rec: AnyRec): void {
		if (kind === 'customers') {
			const c = rec as CustomerRec;
			const counts = {
				invoices: this.ix.invoicesByCustomer.count(c.id),
				'credit notes': this.ix.creditNotesByCustomer.count(c.id),
				payments: this.ix.paymentsByCustomer.count(c.id),
				refunds: this.ix.refundsByCustomer.count(c.id),
				'child customers': this.ix.childrenByParent.count(c.id),
			};
			const held = Object.entries(counts).filter(([, n]) => n > 0);
			if (held.length)
				throw new ApiError(
					409,
					`Customer ${c.externalId} is not empty (${held.map(([k, n]) => `${k}: ${n}`).join(', ')}): only empty customers can be deleted`,
				);
		}
		this.destroy(kind, rec);
	}

	view<K extends EntityKind>(kind: K, rec: AnyRec): ViewOf[K] {
		switch (kind) {
			case 'customers':
				return this.customerView(rec as CustomerRec) as ViewOf[K];
			case 'invoices':
				return this.invoiceView(rec as InvoiceRec) as ViewOf[K];
			case 'creditNotes':
				return this.creditNoteView(rec as CreditNoteRec) as ViewOf[K];
			case 'payments':
				return this.paymentView(rec as PaymentRec) as ViewOf[K];
			default:
				return this.refundView(rec as RefundRec) as ViewOf[K];
		}
	}

	private apply(kind: EntityKind, rec: AnyRec | null, input: object, mode: Mode): AnyRec {
		switch (kind) {
			case 'customers':
				return this.applyCustomer(rec as CustomerRec | null, input, mode);
			case 'invoices':
				return this.applyInvoice(rec as InvoiceRec | null, input);
			case 'creditNotes':
				return this.applyCreditNote(rec as CreditNoteRec | null, input);
			case 'payments':
				return this.applyPayment(rec as PaymentRec | null, input);
			default:
				return this.applyRefund(rec as RefundRec | null, input);
		}
	}

	// ---- OrgHandle ---------------------------------------------------------------------------

	upsert<K extends EntityKind>(kind: K, body: object): ViewOf[K] {
		return this.upsertRecord(kind, body).view;
	}

	update<K extends EntityKind>(kind: K, ref: RecordRef, patch: object): ViewOf[K] {
		return this.updateRecord(kind, this.mustFind(kind, ref), patch);
	}

	remove(kind: EntityKind | 'contacts', ref: RecordRef): boolean {
		if (kind === 'contacts') {
			const c = typeof ref === 'string' ? this.contacts.findByPathId(ref) : this.contacts.find(ref);
			if (c) this.deleteContact(c);
			return !!c;
		}
		const rec = this.find(kind, ref);
		if (!rec) return false;
		if (kind === 'customers') {
			// Forced removal: take the customer's records with it, orphan its children.
			const id = rec.id;
			for (const [k, index] of [
				['refunds', this.ix.refundsByCustomer],
				['payments', this.ix.paymentsByCustomer],
				['creditNotes', this.ix.creditNotesByCustomer],
				['invoices', this.ix.invoicesByCustomer],
			] as const)
				for (const childId of [...index.get(id)])
					this.destroy(k, this.collection(k).get(childId) as AnyRec);
			for (const childId of [...this.ix.childrenByParent.get(id)]) {
				const child = this.customers.get(childId) as CustomerRec;
				this.unindex('customers', child);
				child.parentId = null;
				this.index('customers', child);
			}
		}
		this.destroy(kind, rec);
		return true;
	}

	addAction(seed?: ActionSeed): ActionView {
		return this.more.addAction(seed);
	}

	updateAction(id: string, patch: ActionPatch): ActionView {
		return this.more.updateAction(id, patch);
	}

	addBankAccount(seed?: Partial<Omit<BankAccountView, 'id'>>): BankAccountView {
		return this.more.addBankAccount(seed);
	}

	setActionOrder(order: 'oldest-first' | 'newest-first'): void {
		this.more.actionOrder = order;
	}

	/** Changes a record's links in place with the reverse indexes kept right (reconciliations, more.ts). */
	relink(kind: EntityKind, rec: AnyRec, mutate: () => void): void {
		this.unindex(kind, rec);
		mutate();
		this.index(kind, rec);
	}

	get<K extends EntityKind>(kind: K, ref: RecordRef): ViewOf[K] | undefined {
		const rec = this.find(kind, ref);
		return rec ? this.view(kind, rec) : undefined;
	}

	list<K extends EntityKind>(kind: K): Array<ViewOf[K]> {
		return this.collection(kind)
			.all()
			.map((r) => this.view(kind, r));
	}

	count(kind: EntityKind | 'contacts' | 'customFields'): number {
		return (this[kind] as Collection<{ id: string; externalId: string | null }>).size;
	}

	setPdf(kind: 'invoices' | 'creditNotes', ref: RecordRef, bytes: Buffer | null): void {
		(this.mustFind(kind, ref) as InvoiceRec | CreditNoteRec).pdf = bytes;
	}

	seedInvoices(count: number, opts: SeedInvoicesOptions = {}): number {
		const customerExternalId = opts.customerExternalId ?? 'seed-customer';
		if (!this.customers.getByExternalId(customerExternalId))
			this.upsert('customers', {
				externalId: customerExternalId,
				name: `Customer ${customerExternalId}`,
			});
		const prefix = opts.prefix ?? 'seed-inv-';
		const start = opts.start ?? 0;
		for (let i = start; i < start + count; i++) {
			const day = String((i % 28) + 1).padStart(2, '0');
			// Same validation as POST /invoices, minus building the read shape nobody looks at.
			const input = parseInvoice(
				{
					externalId: `${prefix}${i}`,
					customId: `INV-${i}`,
					customer: { externalId: customerExternalId },
					issuedAt: `2024-01-${day}`,
					dueDate: `2024-02-${day}`,
					currency: 'EUR',
					grossAmount: 12000 + (i % 1000),
					netAmount: 10000 + (i % 1000),
					...(opts.make?.(i) ?? {}),
				},
				'full',
			);
			this.applyInvoice(this.invoices.getByExternalId(input.externalId as string) ?? null, input);
		}
		return count;
	}

	find(kind: EntityKind, ref: RecordRef): AnyRec | undefined {
		const col = this.collection(kind);
		return typeof ref === 'string' ? col.findByPathId(ref) : col.find(ref);
	}

	private mustFind(kind: EntityKind, ref: RecordRef): AnyRec {
		const rec = this.find(kind, ref);
		if (!rec)
			throw new ApiError(404, `No ${kind} record ${typeof ref === 'string' ? ref : show(ref)}`);
		return rec;
	}

	// ---- customers and contacts ---------------------------------------------------------------

	private applyCustomer(
		rec: CustomerRec | null,
		input: ReturnType<typeof parseCustomer>,
		mode: Mode,
	): CustomerRec {
		// 1. check everything (no mutation yet)
		if (
			mode === 'partial' &&
			input.externalId !== undefined &&
			input.externalId !== rec?.externalId
		) {
			const other = this.customers.getByExternalId(input.externalId);
			if (other)
				throw new ApiError(409, `Another customer already has externalId ${input.externalId}`);
		}
		let parentId: string | null | undefined;
		if (input.parent !== undefined) {
			parentId =
				input.parent === null ? null : this.resolve(this.customers, input.parent, 'parent').id;
			// A customer cannot be its own ancestor.
			for (let p = parentId; p !== null && rec; p = (this.customers.get(p) as CustomerRec).parentId)
				if (p === rec.id)
					throw new ApiError(
						400,
						`parent ${show(input.parent as RefInput)} would make a cycle of parents`,
					);
		}
		if (input.dunningPlanId) this.checkDunningPlan(input.dunningPlanId, 'dunningPlanId');
		if (input.accountManagerId && !this.users.some((u) => u.id === input.accountManagerId))
			throw new ApiError(
				400,
				`accountManagerId ${JSON.stringify(input.accountManagerId)} is not a user of this organization`,
			);
		const fields = input.customFields
			? this.resolveCustomFields(input.customFields, 'CUSTOMER')
			: [];
		const contactPlan = input.contacts ? this.planContacts(rec, input.contacts) : null;

		// 2. apply
		const c: CustomerRec =
			rec ??
			({
				id: randomUUID(),
				externalId: input.externalId as string,
				name: input.name as string,
				vatNumber: null,
				parentId: null,
				currency: null,
				address: null,
				dunningPlanId: null,
				accountManagerId: null,
				customFields: new Map(),
			} satisfies CustomerRec);
		if (rec) this.unindex('customers', c);
		const previousExternalId = c.externalId;
		if (input.externalId !== undefined) c.externalId = input.externalId;
		if (input.name !== undefined) c.name = input.name;
		if (input.vatNumber !== undefined) c.vatNumber = input.vatNumber;
		if (parentId !== undefined) c.parentId = parentId;
		if (input.currency !== undefined) c.currency = input.currency;
		if (input.address !== undefined) c.address = input.address;
		if (input.dunningPlanId !== undefined) c.dunningPlanId = input.dunningPlanId;
		if (input.accountManagerId !== undefined) c.accountManagerId = input.accountManagerId;
		this.applyCustomFields(c.customFields, fields);
		if (rec) this.customers.rekey(c, previousExternalId);
		else this.customers.add(c);
		this.index('customers', c);
		if (contactPlan) this.applyContactPlan(c, contactPlan);
		return c;
	}

	/**
	 * `customer.contacts` is the FULL list: each entry matches an existing contact of this customer
	 * by externalId, else by e-mail; entries that match nothing are created; existing contacts that
	 * no entry matches are removed.
	 */
	private planContacts(customer: CustomerRec | null, inputs: ContactInput[]) {
		const mine = customer
			? [...this.ix.contactsByCustomer.get(customer.id)].map(
					(id) => this.contacts.get(id) as ContactRec,
				)
			: [];
		const matched = new Set<string>();
		const emails = new Map<string, number>();
		return inputs.map((input, i) => {
			const path = `contacts[${i}]`;
			this.checkPosition(input.position, `${path}.position`);
			const email = (input.email as string).toLowerCase();
			const dup = emails.get(email);
			if (dup !== undefined)
				throw new ApiError(400, `${path}.email repeats contacts[${dup}].email (${input.email})`);
			emails.set(email, i);
			let existing: ContactRec | undefined;
			if (input.externalId) {
				const byExt = this.contacts.getByExternalId(input.externalId);
				if (byExt && byExt.customerId !== customer?.id)
					throw new ApiError(
						409,
						`${path}.externalId ${input.externalId} is already used by a contact of another customer`,
					);
				if (byExt && matched.has(byExt.id))
					throw new ApiError(400, `${path} names the same contact as an earlier entry of contacts`);
				existing = byExt;
			} else {
				existing = mine.find((c) => !matched.has(c.id) && c.email.toLowerCase() === email);
			}
			if (existing) matched.add(existing.id);
			const owner = this.contactsByEmail.get(email);
			if (owner !== undefined) {
				const other = this.contacts.get(owner) as ContactRec;
				if (other.customerId !== customer?.id)
					throw new ApiError(
						409,
						`${path}.email ${input.email} is already used by a contact of another customer`,
					);
			}
			return { existing, input };
		});
	}

	private applyContactPlan(
		customer: CustomerRec,
		plan: Array<{ existing?: ContactRec; input: ContactInput }>,
	) {
		const keep = new Set(plan.map((p) => p.existing?.id).filter(Boolean));
		for (const id of [...this.ix.contactsByCustomer.get(customer.id)])
			if (!keep.has(id)) this.deleteContact(this.contacts.get(id) as ContactRec);
		for (const { existing, input } of plan) this.writeContact(customer, existing ?? null, input);
	}

	private writeContact(
		customer: CustomerRec,
		rec: ContactRec | null,
		input: ContactInput,
	): ContactRec {
		const c: ContactRec = rec ?? {
			id: randomUUID(),
			externalId: null,
			customerId: customer.id,
			firstName: null,
			lastName: null,
			email: input.email as string,
			phone: null,
			position: null,
			isMain: false,
		};
		// Only drop the e-mail mapping when it is still ours (two contacts may swap e-mails in one write).
		if (rec && this.contactsByEmail.get(rec.email.toLowerCase()) === rec.id)
			this.contactsByEmail.delete(rec.email.toLowerCase());
		const previousExternalId = c.externalId;
		for (const k of [
			'externalId',
			'firstName',
			'lastName',
			'email',
			'phone',
			'position',
			'isMain',
		] as const)
			if (input[k] !== undefined) (c as unknown as Record<string, unknown>)[k] = input[k];
		if (rec) this.contacts.rekey(c, previousExternalId);
		else {
			this.contacts.add(c);
			this.ix.contactsByCustomer.add(customer.id, c.id);
		}
		this.contactsByEmail.set(c.email.toLowerCase(), c.id);
		return c;
	}

	/** POST /customers/{id}/contacts: one contact or an array; an externalId already on this customer updates it. */
	addContacts(
		customer: CustomerRec,
		body: unknown,
	): { created: boolean; view: ContactView | ContactView[] } {
		const many = Array.isArray(body);
		const inputs = (many ? (body as unknown[]) : [body]).map((b, i) =>
			parseContact(b, 'full', many ? `[${i}].` : ''),
		);
		// Check the whole batch against the organization first, then write.
		const seen = new Map<string, number>();
		const plan = inputs.map((input, i) => {
			const path = many ? `[${i}]` : 'contact';
			this.checkPosition(input.position, `${path}.position`);
			const existing = input.externalId
				? this.contacts.getByExternalId(input.externalId)
				: undefined;
			if (existing && existing.customerId !== customer.id)
				throw new ApiError(
					409,
					`${path}.externalId ${input.externalId} is already used by a contact of another customer`,
				);
			const email = (input.email as string).toLowerCase();
			if (seen.has(email))
				throw new ApiError(
					400,
					`${path}.email repeats [${seen.get(email)}].email (${input.email})`,
				);
			seen.set(email, i);
			const owner = this.contactsByEmail.get(email);
			if (owner !== undefined && owner !== existing?.id)
				throw new ApiError(409, `${path}.email ${input.email} is already used by another contact`);
			return { existing, input };
		});
		const views = plan.map(({ existing, input }) =>
			this.contactView(this.writeContact(customer, existing ?? null, input)),
		);
		const created = plan.some((p) => !p.existing);
		return { created, view: many ? views : views[0] };
	}

	updateContact(rec: ContactRec, body: unknown): ContactView {
		const input = parseContact(body, 'partial');
		this.checkPosition(input.position, 'position');
		if (input.email !== undefined) {
			const owner = this.contactsByEmail.get(input.email.toLowerCase());
			if (owner !== undefined && owner !== rec.id)
				throw new ApiError(409, `email ${input.email} is already used by another contact`);
		}
		if (input.externalId) {
			const other = this.contacts.getByExternalId(input.externalId);
			if (other && other !== rec)
				throw new ApiError(
					409,
					`externalId ${input.externalId} is already used by another contact`,
				);
		}
		return this.contactView(
			this.writeContact(this.customers.get(rec.customerId) as CustomerRec, rec, input),
		);
	}

	deleteContact(rec: ContactRec): void {
		this.contacts.delete(rec);
		this.ix.contactsByCustomer.remove(rec.customerId, rec.id);
		if (this.contactsByEmail.get(rec.email.toLowerCase()) === rec.id)
			this.contactsByEmail.delete(rec.email.toLowerCase());
	}

	contactsOf(customer: CustomerRec): ContactView[] {
		return [...this.ix.contactsByCustomer.get(customer.id)].map((id) =>
			this.contactView(this.contacts.get(id) as ContactRec),
		);
	}

	private checkPosition(position: string | null | undefined, path: string) {
		if (position && !this.contactPositions.some((p) => p.name === position))
			throw new ApiError(
				400,
				`${path} ${JSON.stringify(position)} is not a contact position of this organization (${this.contactPositions
					.map((p) => p.name)
					.join(', ')}); positions are created in the Upflow app`,
			);
	}

	// ---- invoices, credit notes, payments, refunds ----------------------------------------------

	private applyInvoice(rec: InvoiceRec | null, input: ReturnType<typeof parseInvoice>): InvoiceRec {
		const customer = input.customer
			? this.resolve(this.customers, input.customer, 'customer')
			: undefined;
		const fields = input.customFields
			? this.resolveCustomFields(input.customFields, 'INVOICE')
			: [];
		this.checkExternalIdChange(this.invoices, rec, input.externalId, 'invoice');

		const inv: InvoiceRec = rec ?? {
			id: randomUUID(),
			externalId: input.externalId as string,
			customId: input.customId as string,
			customerId: (customer as CustomerRec).id,
			name: null,
			issuedAt: input.issuedAt as string,
			dueDate: input.dueDate as string,
			netAmount: input.netAmount as number,
			grossAmount: input.grossAmount as number,
			currency: input.currency as string,
			dunningPlanId: null,
			customFields: new Map(),
			pdf: null,
		};
		return this.write('invoices', rec, inv, () => {
			assign(inv, input, [
				'externalId',
				'customId',
				'name',
				'issuedAt',
				'dueDate',
				'netAmount',
				'grossAmount',
				'currency',
			]);
			if (customer) inv.customerId = customer.id;
			this.applyCustomFields(inv.customFields, fields);
		});
	}

	private applyCreditNote(
		rec: CreditNoteRec | null,
		input: ReturnType<typeof parseCreditNote>,
	): CreditNoteRec {
		const customer = input.customer
			? this.resolve(this.customers, input.customer, 'customer')
			: this.customers.get(rec?.customerId as string);
		const amount = input.grossAmount ?? (rec as CreditNoteRec).grossAmount;
		const links = this.resolveLinks(
			input.linkedInvoices ?? existingLinks(rec?.links),
			this.invoices,
			{
				customerId: (customer as CustomerRec).id,
				amount,
				path: 'linkedInvoices',
				target: 'invoice',
				targetAmount: (i) => i.grossAmount,
			},
		);
		this.checkExternalIdChange(this.creditNotes, rec, input.externalId, 'credit note');

		const cn: CreditNoteRec = rec ?? {
			id: randomUUID(),
			externalId: input.externalId as string,
			customId: input.customId as string,
			customerId: (customer as CustomerRec).id,
			name: null,
			issuedAt: null,
			dueDate: null,
			grossAmount: amount,
			netAmount: input.netAmount as number,
			currency: input.currency as string,
			links: [],
			pdf: null,
		};
		return this.write('creditNotes', rec, cn, () => {
			assign(cn, input, [
				'externalId',
				'customId',
				'name',
				'issuedAt',
				'dueDate',
				'grossAmount',
				'netAmount',
				'currency',
			]);
			cn.customerId = (customer as CustomerRec).id;
			cn.links = links;
		});
	}

	private applyPayment(rec: PaymentRec | null, input: ReturnType<typeof parsePayment>): PaymentRec {
		const customer = input.customer
			? this.resolve(this.customers, input.customer, 'customer')
			: this.customers.get(rec?.customerId as string);
		const amount = input.amount ?? (rec as PaymentRec).amount;
		const links = this.resolveLinks(
			input.linkedInvoices ?? existingLinks(rec?.links),
			this.invoices,
			{
				customerId: (customer as CustomerRec).id,
				amount,
				path: 'linkedInvoices',
				target: 'invoice',
				targetAmount: (i) => i.grossAmount,
			},
		);
		this.checkExternalIdChange(this.payments, rec, input.externalId, 'payment');

		const p: PaymentRec = rec ?? {
			id: randomUUID(),
			externalId: input.externalId as string,
			customerId: (customer as CustomerRec).id,
			amount,
			currency: input.currency as string,
			validatedAt: input.validatedAt as string,
			createdAt: new Date(this.ctx.now()).toISOString(),
			instrument: null,
			bankAccountId: null,
			links: [],
		};
		return this.write('payments', rec, p, () => {
			assign(p, input, [
				'externalId',
				'amount',
				'currency',
				'validatedAt',
				'instrument',
				'bankAccountId',
			]);
			p.customerId = (customer as CustomerRec).id;
			p.links = links;
		});
	}

	private applyRefund(rec: RefundRec | null, input: ReturnType<typeof parseRefund>): RefundRec {
		const customer = input.customer
			? this.resolve(this.customers, input.customer, 'customer')
			: this.customers.get(rec?.customerId as string);
		const customerId = (customer as CustomerRec).id;
		const amount = input.amount ?? (rec as RefundRec).amount;
		const paymentLinks = this.resolveLinks(
			input.linkedPayments ?? existingLinks(rec?.paymentLinks),
			this.payments,
			{
				customerId,
				amount,
				path: 'linkedPayments',
				target: 'payment',
				targetAmount: (p) => p.amount,
			},
		);
		const creditNoteLinks = this.resolveLinks(
			input.linkedCreditNotes ?? existingLinks(rec?.creditNoteLinks),
			this.creditNotes,
			{
				customerId,
				amount: amount - sum(paymentLinks),
				path: 'linkedCreditNotes',
				target: 'creditNote',
				targetAmount: (c) => c.grossAmount,
			},
		);
		this.checkExternalIdChange(this.refunds, rec, input.externalId, 'refund');

		const r: RefundRec = rec ?? {
			id: randomUUID(),
			externalId: input.externalId as string,
			customerId,
			amount,
			currency: input.currency as string,
			validatedAt: input.validatedAt as string,
			createdAt: new Date(this.ctx.now()).toISOString(),
			instrument: null,
			paymentLinks: [],
			creditNoteLinks: [],
		};
		return this.write('refunds', rec, r, () => {
			assign(r, input, ['externalId', 'amount', 'currency', 'validatedAt', 'instrument']);
			r.customerId = customerId;
			r.paymentLinks = paymentLinks;
			r.creditNoteLinks = creditNoteLinks;
		});
	}

	/** Mutates a (new or existing) record between unindex and index, so the indexes stay right. */
	private write<T extends AnyRec>(
		kind: EntityKind,
		existing: T | null,
		rec: T,
		mutate: () => void,
	): T {
		const col = this.collection(kind);
		if (existing) this.unindex(kind, existing);
		const previousExternalId = rec.externalId;
		mutate();
		if (existing) col.rekey(rec, previousExternalId);
		else col.add(rec);
		this.index(kind, rec);
		return rec;
	}

	private checkExternalIdChange(
		col: Collection<AnyRec>,
		rec: AnyRec | null,
		externalId: string | undefined,
		what: string,
	) {
		if (
			rec &&
			externalId !== undefined &&
			externalId !== rec.externalId &&
			col.getByExternalId(externalId)
		)
			throw new ApiError(409, `Another ${what} already has externalId ${externalId}`);
	}

	private resolveLinks<T extends { id: string; externalId: string | null; customerId: string }>(
		links: LinkInput[],
		col: Collection<T>,
		o: {
			customerId: string;
			amount: number;
			path: string;
			target: string;
			targetAmount: (t: T) => number;
		},
	): Link[] {
		const seen = new Set<string>();
		const out = links.map((l, i) => {
			const path = `${o.path}[${i}].${o.target}`;
			const t = this.resolve(col, l.ref, path);
			if (t.customerId !== o.customerId)
				throw new ApiError(400, `${path} ${show(l.ref)} belongs to another customer`);
			if (seen.has(t.id)) throw new ApiError(400, `${path} ${show(l.ref)} is linked twice`);
			seen.add(t.id);
			if (l.linkedAmount > o.targetAmount(t))
				throw new ApiError(
					400,
					`${o.path}[${i}].linkedAmount ${l.linkedAmount} is more than the ${o.target}'s amount ${o.targetAmount(t)}`,
				);
			return { targetId: t.id, amount: l.linkedAmount };
		});
		const total = sum(out);
		if (total > o.amount)
			throw new ApiError(
				400,
				`${o.path}: the linked amounts (${total}) exceed the amount (${o.amount})`,
			);
		return out;
	}

	/** Removes a record and every link that points at it (a payment stays, unapplied, when its invoice goes). */
	private destroy(kind: EntityKind, rec: AnyRec): void {
		this.unindex(kind, rec);
		this.collection(kind).delete(rec);
		const unlink = (
			sourceKind: EntityKind,
			index: MultiIndex,
			pick: (r: AnyRec) => Link[],
			set: (r: AnyRec, l: Link[]) => void,
		) => {
			for (const sourceId of [...index.get(rec.id)]) {
				const source = this.collection(sourceKind).get(sourceId) as AnyRec;
				this.unindex(sourceKind, source);
				set(
					source,
					pick(source).filter((l) => l.targetId !== rec.id),
				);
				this.index(sourceKind, source);
			}
		};
		if (kind === 'invoices') {
			unlink(
				'payments',
				this.ix.paymentsByInvoice,
				(r) => (r as PaymentRec).links,
				(r, l) => ((r as PaymentRec).links = l),
			);
			unlink(
				'creditNotes',
				this.ix.creditNotesByInvoice,
				(r) => (r as CreditNoteRec).links,
				(r, l) => ((r as CreditNoteRec).links = l),
			);
		} else if (kind === 'payments') {
			unlink(
				'refunds',
				this.ix.refundsByPayment,
				(r) => (r as RefundRec).paymentLinks,
				(r, l) => ((r as RefundRec).paymentLinks = l),
			);
		} else if (kind === 'creditNotes') {
			unlink(
				'refunds',
				this.ix.refundsByCreditNote,
				(r) => (r as RefundRec).creditNoteLinks,
				(r, l) => ((r as RefundRec).creditNoteLinks = l),
			);
		} else if (kind === 'customers') {
			for (const id of [...this.ix.contactsByCustomer.get(rec.id)])
				this.deleteContact(this.contacts.get(id) as ContactRec);
		}
	}

	private index(kind: EntityKind, rec: AnyRec, remove = false): void {
		const op = (ix: MultiIndex, key: string) =>
			remove ? ix.remove(key, rec.id) : ix.add(key, rec.id);
		switch (kind) {
			case 'customers': {
				const c = rec as CustomerRec;
				if (c.parentId) op(this.ix.childrenByParent, c.parentId);
				break;
			}
			case 'invoices':
				op(this.ix.invoicesByCustomer, (rec as InvoiceRec).customerId);
				break;
			case 'creditNotes':
				op(this.ix.creditNotesByCustomer, (rec as CreditNoteRec).customerId);
				for (const l of (rec as CreditNoteRec).links) op(this.ix.creditNotesByInvoice, l.targetId);
				break;
			case 'payments':
				op(this.ix.paymentsByCustomer, (rec as PaymentRec).customerId);
				for (const l of (rec as PaymentRec).links) op(this.ix.paymentsByInvoice, l.targetId);
				break;
			case 'refunds':
				op(this.ix.refundsByCustomer, (rec as RefundRec).customerId);
				for (const l of (rec as RefundRec).paymentLinks) op(this.ix.refundsByPayment, l.targetId);
				for (const l of (rec as RefundRec).creditNoteLinks)
					op(this.ix.refundsByCreditNote, l.targetId);
				break;
		}
	}

	private unindex(kind: EntityKind, rec: AnyRec): void {
		this.index(kind, rec, true);
	}

	// ---- references ------------------------------------------------------------------------------

	private resolve<T extends { id: string; externalId: string | null }>(
		col: Collection<T>,
		ref: RefInput,
		path: string,
	): T {
		const found = col.find(ref);
		if (!found) throw new ApiError(400, `${path} ${show(ref)} does not exist in this organization`);
		return found;
	}

	private checkDunningPlan(id: string, path: string) {
		if (!this.dunningPlans.some((p) => p.id === id))
			throw new ApiError(
				400,
				`${path} ${JSON.stringify(id)} is not a dunning plan of this organization (see GET /v1/dunning_plans)`,
			);
	}

	// ---- custom fields ---------------------------------------------------------------------------

	createCustomField(body: object): CustomFieldView {
		const input = parseCustomFieldCreate(body);
		if (input.externalId !== null && this.customFields.getByExternalId(input.externalId))
			throw new ApiError(409, `A custom field with externalId ${input.externalId} already exists`);
		if (
			this.customFields
				.all()
				.some((f) => f.entityType === input.entityType && f.name === input.name)
		)
			throw new ApiError(
				409,
				`A ${input.entityType} custom field named ${JSON.stringify(input.name)} already exists`,
			);
		const rec: CustomFieldRec = { id: randomUUID(), ...input, values: [...new Set(input.values)] };
		this.customFields.add(rec);
		return customFieldView(rec);
	}

	private resolveCustomFields(inputs: CustomFieldInput[], entityType: CustomFieldEntityType) {
		const seen = new Set<string>();
		return inputs.map((input) => {
			const field = this.customFields.find(input.ref);
			if (!field)
				throw new ApiError(
					400,
					`${input.path} names no custom field of this organization: ${show(input.ref)}`,
				);
			if (field.entityType !== entityType)
				throw new ApiError(
					400,
					`${input.path} is a ${field.entityType} custom field, not a ${entityType} one`,
				);
			if (seen.has(field.id))
				throw new ApiError(400, `${input.path} repeats custom field ${field.name}`);
			seen.add(field.id);
			return { field, value: customFieldValue(field.dataType, input.value, input.path) };
		});
	}

	/** Per-field merge: the fields listed are set (null clears one), the others are kept. */
	private applyCustomFields(
		values: Map<string, unknown>,
		resolved: Array<{ field: CustomFieldRec; value: unknown }>,
	) {
		for (const { field, value } of resolved) {
			if (value === null) values.delete(field.id);
			else values.set(field.id, value);
			// New select labels join the field's values (labels are case-sensitive).
			const labels =
				field.dataType === 'SELECT' && value
					? [(value as { label: string }).label]
					: field.dataType === 'MULTI_SELECT' && value
						? (value as Array<{ label: string }>).map((v) => v.label)
						: [];
			for (const label of labels) if (!field.values.includes(label)) field.values.push(label);
		}
	}

	/** The one filter the real API honours: `customFieldData_<id>.eq=<value>`. */
	customersWithField(fieldId: string, expected: string): readonly CustomerRec[] {
		const field = this.customFields.get(fieldId);
		if (!field || field.entityType !== 'CUSTOMER')
			throw new ApiError(400, `customFieldData_${fieldId}: no CUSTOMER custom field has this id`);
		const matches = (v: unknown): boolean => {
			switch (field.dataType) {
				case 'SELECT':
					return (v as { label: string }).label === expected;
				case 'MULTI_SELECT':
					return (v as Array<{ label: string }>).some((x) => x.label === expected);
				case 'NUMBER':
					return expected.trim() !== '' && Number(expected) === v;
				case 'DATE':
					return v === expected || v === customFieldDate(expected);
				default:
					return String(v) === expected;
			}
		};
		return this.customers
			.all()
			.filter((c) => c.customFields.has(field.id) && matches(c.customFields.get(field.id)));
	}

	// ---- read shapes -----------------------------------------------------------------------------

	customerView(c: CustomerRec): CustomerView {
		const parent = c.parentId ? (this.customers.get(c.parentId) as CustomerRec) : null;
		let balance = 0;
		let due = 0;
		for (const id of this.ix.invoicesByCustomer.get(c.id)) {
			const inv = this.invoices.get(id) as InvoiceRec;
			balance += inv.grossAmount;
			if (this.amountOutstanding(inv) > 0) due++;
		}
		for (const id of this.ix.paymentsByCustomer.get(c.id))
			balance -= (this.payments.get(id) as PaymentRec).amount;
		for (const id of this.ix.creditNotesByCustomer.get(c.id))
			balance -= (this.creditNotes.get(id) as CreditNoteRec).grossAmount;
		for (const id of this.ix.refundsByCustomer.get(c.id))
			balance += (this.refunds.get(id) as RefundRec).amount;
		return {
			id: c.id,
			externalId: c.externalId,
			name: c.name,
			vatNumber: c.vatNumber,
			parent: parent ? { id: parent.id, externalId: parent.externalId } : null,
			currency: c.currency,
			address: c.address ? { ...c.address } : null,
			dunningPlanId: c.dunningPlanId,
			accountManagerId: c.accountManagerId,
			contacts: this.contactsOf(c),
			customFields: this.customFieldValues(c.customFields),
			...this.more.customerExtras(c.id),
			balance,
			countInvoicesDue: due,
			directUrl: `${this.ctx.appUrl()}/customers/${c.id}`,
		};
	}

	contactView(c: ContactRec): ContactView {
		return {
			id: c.id,
			externalId: c.externalId,
			customerId: c.customerId,
			firstName: c.firstName,
			lastName: c.lastName,
			email: c.email,
			phone: c.phone,
			position: c.position,
			isMain: c.isMain,
		};
	}

	/**
	 * grossAmount - linked payments - linked credit notes + what was refunded of those, never below 0.
	 * A refund of a payment (or credit note) undoes its links in link order.
	 */
	private amountOutstanding(inv: InvoiceRec): number {
		let covered = 0;
		for (const id of this.ix.paymentsByInvoice.get(inv.id))
			covered += this.linkedNet(
				this.payments.get(id) as PaymentRec,
				inv.id,
				this.ix.refundsByPayment,
				'paymentLinks',
			);
		for (const id of this.ix.creditNotesByInvoice.get(inv.id))
			covered += this.linkedNet(
				this.creditNotes.get(id) as CreditNoteRec,
				inv.id,
				this.ix.refundsByCreditNote,
				'creditNoteLinks',
			);
		return Math.max(0, inv.grossAmount - covered);
	}

	private linkedNet(
		source: PaymentRec | CreditNoteRec,
		invoiceId: string,
		refundIndex: MultiIndex,
		side: 'paymentLinks' | 'creditNoteLinks',
	) {
		let refunded = 0;
		for (const rid of refundIndex.get(source.id))
			for (const l of (this.refunds.get(rid) as RefundRec)[side])
				if (l.targetId === source.id) refunded += l.amount;
		let remaining = Math.min(
			refunded,
			'grossAmount' in source ? source.grossAmount : source.amount,
		);
		for (const l of source.links) {
			const undone = Math.min(l.amount, remaining);
			remaining -= undone;
			if (l.targetId === invoiceId) return l.amount - undone;
		}
		return 0;
	}

	invoiceView(inv: InvoiceRec): InvoiceView {
		const customer = this.customers.get(inv.customerId) as CustomerRec;
		const outstanding = this.amountOutstanding(inv);
		const state =
			outstanding === 0 ? 'PAID' : Date.parse(inv.dueDate) < this.ctx.now() ? 'OVERDUE' : 'DUE';
		return {
			id: inv.id,
			externalId: inv.externalId,
			customId: inv.customId,
			customerId: inv.customerId,
			customer: { id: customer.id, externalId: customer.externalId },
			name: inv.name,
			source: 'API',
			issuedAt: inv.issuedAt,
			dueDate: inv.dueDate,
			netAmount: inv.netAmount,
			grossAmount: inv.grossAmount,
			amountOutstanding: outstanding,
			currency: inv.currency,
			dunningPlanId: inv.dunningPlanId ?? customer.dunningPlanId,
			state,
			pdfUrl: inv.pdf ? this.ctx.pdfUrl('invoices', inv.id) : null,
			payments: [...this.ix.paymentsByInvoice.get(inv.id)].map((pid) => {
				const p = this.payments.get(pid) as PaymentRec;
				const link = p.links.find((l) => l.targetId === inv.id) as Link;
				return {
					id: p.id,
					externalId: p.externalId,
					linkedAmount: link.amount,
					validatedAt: p.validatedAt,
				};
			}),
			customFields: this.customFieldValues(inv.customFields),
		};
	}

	creditNoteView(cn: CreditNoteRec): CreditNoteView {
		return {
			id: cn.id,
			externalId: cn.externalId,
			customId: cn.customId,
			customerId: cn.customerId,
			customer: this.customerRef(cn.customerId),
			name: cn.name,
			issuedAt: cn.issuedAt,
			dueDate: cn.dueDate,
			grossAmount: cn.grossAmount,
			netAmount: cn.netAmount,
			currency: cn.currency,
			pdfUrl: cn.pdf ? this.ctx.pdfUrl('credit_notes', cn.id) : null,
			linkedInvoices: cn.links.map((l) => ({
				linkedAmount: l.amount,
				invoice: this.ref(this.invoices, l.targetId),
			})),
		};
	}

	paymentView(p: PaymentRec): PaymentView {
		return {
			id: p.id,
			externalId: p.externalId,
			amount: p.amount,
			currency: p.currency,
			validatedAt: p.validatedAt,
			createdAt: p.createdAt,
			instrument: p.instrument,
			bankAccountId: p.bankAccountId,
			type: 'ACCOUNT',
			customer: this.customerRef(p.customerId),
			amountLinked: sum(p.links),
			linkedInvoices: p.links.map((l) => ({
				linkedAmount: l.amount,
				invoice: this.ref(this.invoices, l.targetId),
			})),
		};
	}

	refundView(r: RefundRec): RefundView {
		return {
			id: r.id,
			externalId: r.externalId,
			amount: r.amount,
			currency: r.currency,
			validatedAt: r.validatedAt,
			createdAt: r.createdAt,
			instrument: r.instrument,
			customer: this.customerRef(r.customerId),
			amountLinked: sum(r.paymentLinks) + sum(r.creditNoteLinks),
			// Upflow reads a refund's payments back as linkedTransactions (written as linkedPayments).
			linkedTransactions: r.paymentLinks.map((l) => ({
				linkedAmount: l.amount,
				payment: this.ref(this.payments, l.targetId),
			})),
			linkedCreditNotes: r.creditNoteLinks.map((l) => ({
				linkedAmount: l.amount,
				creditNote: this.ref(this.creditNotes, l.targetId),
			})),
		};
	}

	customFieldList(): CustomFieldView[] {
		return this.customFields.all().map(customFieldView);
	}

	private customerRef(id: string) {
		const c = this.customers.get(id) as CustomerRec;
		return { id: c.id, externalId: c.externalId, companyName: c.name };
	}

	private ref(col: Collection<{ id: string; externalId: string | null }>, id: string) {
		const r = col.get(id) as { id: string; externalId: string | null };
		return { id: r.id, externalId: r.externalId };
	}

	private customFieldValues(values: Map<string, unknown>): CustomFieldValueView[] {
		const out: CustomFieldValueView[] = [];
		for (const [id, value] of values) {
			const f = this.customFields.get(id) as CustomFieldRec;
			out.push({
				id: f.id,
				externalId: f.externalId,
				name: f.name,
				dataType: f.dataType,
				value: structuredClone(value),
			});
		}
		return out;
	}

	dump(): OrganizationState {
		const pdfs: Record<string, number> = {};
		for (const r of [...this.invoices.all(), ...this.creditNotes.all()])
			if (r.pdf) pdfs[r.id] = r.pdf.length;
		return {
			customers: this.list('customers'),
			contacts: this.contacts.all().map((c) => this.contactView(c)),
			invoices: this.list('invoices'),
			creditNotes: this.list('creditNotes'),
			payments: this.list('payments'),
			refunds: this.list('refunds'),
			customFields: this.customFieldList(),
			dunningPlans: this.dunningPlans.map((p) => ({ ...p })),
			users: this.users.map((u) => ({ ...u })),
			contactPositions: this.contactPositions.map((p) => ({ ...p })),
			pdfs,
			...this.more.dump(),
		};
	}

	/** Finds the invoice or credit note a signed file URL points at. */
	pdfOf(kind: PdfKind, id: string): Buffer | null {
		const rec = kind === 'invoices' ? this.invoices.get(id) : this.creditNotes.get(id);
		return rec?.pdf ?? null;
	}
}

// ---- small helpers ---------------------------------------------------------------------------

function customFieldView(f: CustomFieldRec): CustomFieldView {
	return {
		id: f.id,
		externalId: f.externalId,
		name: f.name,
		entityType: f.entityType,
		dataType: f.dataType,
		values: f.values.map((label) => ({ label })),
	};
}

function customFieldDate(text: string): unknown {
	try {
		return customFieldValue('DATE', text, 'filter');
	} catch {
		return undefined;
	}
}

function existingLinks(links: Link[] | undefined): LinkInput[] {
	return (links ?? []).map((l) => ({ ref: { id: l.targetId }, linkedAmount: l.amount }));
}

function sum(links: Link[]): number {
	return links.reduce((s, l) => s + l.amount, 0);
}

function assign<T extends object>(target: T, input: object, keys: Array<keyof T & string>) {
	for (const k of keys) {
		const v = (input as Record<string, unknown>)[k];
		if (v !== undefined) (target as Record<string, unknown>)[k] = v;
	}
}
