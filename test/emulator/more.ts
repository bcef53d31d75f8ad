/* eslint-disable @n8n/community-nodes/require-node-api-error -- the emulator, a test server run by Node, not n8n: it answers with its own HTTP errors */
/**
 * Issue 12's part of an organization's state, kept apart from store.ts: actions (reminders, tasks,
 * replies), bank accounts, reconciliations (POST /v1/reconcile), customers' account managers, and
 * the customer fields `accountingRef` / `paymentMethods`. Writes are checked against the contract
 * home (test/contract) first, then against the state, before anything is changed.
 *
 * Reconciliation semantics (the reference shows the body only; the rest is ASSUMED, and strict):
 * - every item must exist and belong to one customer; each `amountLinked` is more than 0;
 * - the two sides balance: invoices + refunds = payments + credit notes;
 * - payments and credit notes are applied to the invoices in list order, what is left of them to
 *   the refunds; the links land on the records (payment.linkedInvoices, invoice.amountOutstanding);
 * - no invoice is linked for more than it has outstanding, no payment for more than its amount;
 * - the same externalId again replaces the previous links; with four empty lists it undoes them.
 */
import { randomUUID } from 'node:crypto';

import { checkBody } from '../contract/check';
import { writeCall } from '../contract/upflow';
import type { WriteCall } from '../contract/upflow';
import type {
	AnyRec,
	CreditNoteRec,
	CustomerRec,
	InvoiceRec,
	Organization,
	PaymentRec,
	RefundRec,
} from './store';
import {
	ApiError,
	type ActionView,
	type BankAccountView,
	type CustomerExtrasView,
	type EntityKind,
	type ReconciledItemView,
	type ReconciliationView,
	type UserView,
} from './types';

/** What a test gives to create an action (OrgHandle.addAction). */
export interface ActionSeed {
	name?: string;
	type?: string;
	state?: string;
	source?: string;
	/** A customer: `external:<id>`, an Upflow id, or `{externalId}` / `{id}`. */
	customer?: string | { id?: string; externalId?: string };
	/** The invoice the action is about (same forms). */
	invoice?: string | { id?: string; externalId?: string };
	dueDate?: string | null;
	/** Default: the emulator's clock. */
	createdAt?: string;
}

export type ActionPatch = Partial<
	Pick<ActionView, 'name' | 'state' | 'type' | 'source' | 'dueDate'>
>;

interface ActionRec {
	id: string;
	name: string;
	type: string;
	state: string;
	source: string;
	createdAt: string;
	updatedAt: string;
	dueDate: string | null;
	customerId: string | null;
	invoiceId: string | null;
}

type Side = 'invoices' | 'creditNotes' | 'payments' | 'refunds';
const SIDES: readonly Side[] = ['invoices', 'creditNotes', 'payments', 'refunds'];

/** One link a reconciliation wrote: on `source` (a payment, credit note or refund), to `targetId`. */
interface WrittenLink {
	source: 'payments' | 'creditNotes' | 'refunds';
	sourceId: string;
	/** Refunds link to payments or credit notes. */
	slot: 'links' | 'paymentLinks' | 'creditNoteLinks';
	targetId: string;
	amount: number;
}

interface ReconciliationRec {
	view: ReconciliationView;
	links: WrittenLink[];
}

type Ref = { id?: string; externalId?: string };

function badRequest(problems: { message: string }[]): ApiError {
	return new ApiError(400, problems.map((p) => p.message).join('; '));
}

/** The part of the customer write call that this file keeps (the rest is store.ts's). */
const CUSTOMER_EXTRA_KEYS = ['accountingRef', 'paymentMethods'] as const;

export class MoreState {
	private readonly actions = new Map<string, ActionRec>();
	private readonly bankAccounts: BankAccountView[];
	private readonly reconciliations = new Map<string, ReconciliationRec>();
	private readonly extras = new Map<string, CustomerExtrasView>();
	private readonly managers = new Map<string, Set<string>>();
	/** The order GET /actions serves (the real one is unknown): tests try both. */
	actionOrder: 'oldest-first' | 'newest-first' = 'oldest-first';

	constructor(
		private readonly org: Organization,
		private readonly now: () => number,
	) {
		this.bankAccounts = [
			{
				id: randomUUID(),
				name: 'Main account',
				currency: 'EUR',
				iban: 'FR76 3000 6000 0112 3456 7890 189',
				bic: 'AGRIFRPP',
			},
			{
				id: randomUUID(),
				name: 'US account',
				currency: 'USD',
				iban: 'US00 0000 0000 0000 0000 0000 000',
				bic: null,
			},
		];
	}

	// ---- bank accounts -------------------------------------------------------------------------

	bankAccountList(): BankAccountView[] {
		return this.bankAccounts.map((b) => ({ ...b }));
	}

	addBankAccount(seed: Partial<Omit<BankAccountView, 'id'>> = {}): BankAccountView {
		const account: BankAccountView = {
			id: randomUUID(),
			name: seed.name ?? `Account ${this.bankAccounts.length + 1}`,
			currency: seed.currency ?? 'EUR',
			iban:
				seed.iban ??
				`FR76 0000 0000 0000 0000 0000 ${String(this.bankAccounts.length).padStart(3, '0')}`,
			bic: seed.bic ?? null,
		};
		this.bankAccounts.push(account);
		return { ...account };
	}

	// ---- actions -------------------------------------------------------------------------------

	addAction(seed: ActionSeed = {}): ActionView {
		const at = seed.createdAt ?? new Date(this.now()).toISOString();
		if (Number.isNaN(Date.parse(at)))
			throw new ApiError(400, `createdAt ${JSON.stringify(at)} is not a date`);
		const customer =
			seed.customer !== undefined ? this.findIn('customers', seed.customer, 'customer') : undefined;
		const invoice =
			seed.invoice !== undefined
				? (this.findIn('invoices', seed.invoice, 'invoice') as InvoiceRec)
				: undefined;
		const rec: ActionRec = {
			id: randomUUID(),
			name: seed.name ?? 'Reminder',
			type: seed.type ?? 'EMAIL',
			state: seed.state ?? 'TODO',
			source: seed.source ?? 'WORKFLOW',
			createdAt: at,
			updatedAt: at,
			dueDate: seed.dueDate ?? null,
			customerId: customer?.id ?? invoice?.customerId ?? null,
			invoiceId: invoice?.id ?? null,
		};
		this.actions.set(rec.id, rec);
		return this.actionView(rec);
	}

	/** Changes an action as Upflow does when a task is done or a reminder sent: updatedAt moves forward. */
	updateAction(id: string, patch: ActionPatch): ActionView {
		const rec = this.actions.get(id);
		if (!rec) throw new ApiError(404, `Action ${id} not found`);
		Object.assign(
			rec,
			Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
		);
		rec.updatedAt = new Date(Math.max(this.now(), Date.parse(rec.updatedAt) + 1)).toISOString();
		return this.actionView(rec);
	}

	actionList(): ActionView[] {
		const all = [...this.actions.values()].map((a) => this.actionView(a));
		return this.actionOrder === 'newest-first' ? all.reverse() : all;
	}

	action(id: string): ActionView {
		const rec = this.actions.get(id);
		if (!rec) throw new ApiError(404, `Action ${id} not found`);
		return this.actionView(rec);
	}

	private actionView(a: ActionRec): ActionView {
		const customer = a.customerId
			? (this.org.customers.get(a.customerId) as CustomerRec | undefined)
			: undefined;
		const invoice = a.invoiceId
			? (this.org.invoices.get(a.invoiceId) as InvoiceRec | undefined)
			: undefined;
		const planId = customer?.dunningPlanId ?? null;
		const plan = planId ? this.org.dunningPlans.find((p) => p.id === planId) : undefined;
		return {
			id: a.id,
			name: a.name,
			type: a.type,
			state: a.state,
			source: a.source,
			createdAt: a.createdAt,
			updatedAt: a.updatedAt,
			dueDate: a.dueDate,
			dunningPlan: plan ? { id: plan.id, name: plan.name } : null,
			customer: customer ? { id: customer.id, companyName: customer.name } : null,
			carryingInvoice: invoice
				? { id: invoice.id, customId: invoice.customId, externalId: invoice.externalId }
				: null,
			assignedTo: [],
		};
	}

	// ---- customers: accountingRef, paymentMethods, account managers -------------------------------

	/** Checks the extras of a customer write (POST or PUT) before anything changes; answers what to keep. */
	customerExtrasOf(body: unknown): Partial<CustomerExtrasView> {
		if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
		const picked: Record<string, unknown> = {};
		for (const key of CUSTOMER_EXTRA_KEYS)
			if ((body as Record<string, unknown>)[key] !== undefined)
				picked[key] = (body as Record<string, unknown>)[key];
		if (Object.keys(picked).length === 0) return {};
		const full = writeCall('customer.upsert');
		const call: WriteCall = {
			...full,
			body: Object.fromEntries(
				CUSTOMER_EXTRA_KEYS.map((k) => [k, { ...full.body![k], required: false }]),
			),
		};
		const problems = checkBody(call, picked);
		if (problems.length) throw badRequest(problems);
		const wire = (picked.paymentMethods as Record<string, Record<string, unknown>> | undefined)
			?.wireTransfer;
		if (wire) {
			const refs = [
				...(wire.bankAccount ? [wire.bankAccount] : []),
				...((wire.bankAccounts as unknown[]) ?? []),
			] as Ref[];
			refs.forEach((ref) => {
				if (!this.bankAccounts.some((b) => b.id === ref.id))
					throw new ApiError(
						400,
						`paymentMethods.wireTransfer: bank account ${JSON.stringify(ref)} is not a bank account of this organization (see GET /v1/bank_accounts)`,
					);
			});
		}
		return picked as Partial<CustomerExtrasView>;
	}

	/** Stores checked extras: paymentMethods merge method by method, accountingRef replaces. */
	applyCustomerExtras(customerId: string, extras: Partial<CustomerExtrasView>): void {
		if (Object.keys(extras).length === 0) return;
		const current = this.extras.get(customerId) ?? { accountingRef: null, paymentMethods: null };
		if (extras.accountingRef !== undefined) current.accountingRef = extras.accountingRef;
		if (extras.paymentMethods !== undefined)
			current.paymentMethods =
				extras.paymentMethods === null
					? null
					: { ...(current.paymentMethods ?? {}), ...structuredClone(extras.paymentMethods) };
		this.extras.set(customerId, current);
	}

	customerExtras(customerId: string): CustomerExtrasView {
		const e = this.extras.get(customerId);
		return {
			accountingRef: e?.accountingRef ?? null,
			paymentMethods: e?.paymentMethods ? structuredClone(e.paymentMethods) : null,
		};
	}

	accountManagersOf(customer: CustomerRec): Array<Omit<UserView, 'position'>> {
		const ids = new Set<string>([
			...(customer.accountManagerId ? [customer.accountManagerId] : []),
			...(this.managers.get(customer.id) ?? []),
		]);
		return this.org.users
			.filter((u) => ids.has(u.id))
			.map(({ id, firstName, lastName, email }) => ({ id, firstName, lastName, email }));
	}

	addAccountManager(customer: CustomerRec, body: unknown): Array<Omit<UserView, 'position'>> {
		const problems = checkBody(writeCall('customer.addAccountManager'), body);
		if (problems.length) throw badRequest(problems);
		const userId = (body as { userId: string }).userId;
		if (!this.org.users.some((u) => u.id === userId))
			throw new ApiError(
				400,
				`userId ${JSON.stringify(userId)} is not a user of this organization`,
			);
		const set = this.managers.get(customer.id) ?? new Set<string>();
		set.add(userId);
		this.managers.set(customer.id, set);
		return this.accountManagersOf(customer);
	}

	// ---- custom fields --------------------------------------------------------------------------

	/** DELETE /custom_fields/{id}: the definition goes, and its values with it. */
	deleteCustomField(segment: string): void {
		const field = this.org.customFields.findByPathId(segment);
		if (!field) throw new ApiError(404, `Custom field ${segment} not found`);
		// Only customers and invoices carry values: the reference documents no customFields on the others' bodies.
		for (const kind of ['customers', 'invoices'] as const)
			for (const rec of this.org.collection(kind).all())
				(rec as { customFields: Map<string, unknown> }).customFields.delete(field.id);
		this.org.customFields.delete(field);
	}

	// ---- reconciliations ------------------------------------------------------------------------

	reconcile(body: unknown): { created: boolean; view: ReconciliationView } {
		const problems = checkBody(writeCall('reconciliation.link'), body);
		if (problems.length) throw badRequest(problems);
		const input = body as { externalId: string } & Record<
			Side,
			Array<Ref & { customId?: string; amountLinked: number }>
		>;
		const previous = this.reconciliations.get(input.externalId);
		const empty = SIDES.every((side) => input[side].length === 0);
		if (empty) {
			// Undo: the links go; an unknown externalId is already undone.
			if (previous) {
				this.unwrite(previous.links);
				this.reconciliations.delete(input.externalId);
			}
			return {
				created: false,
				view: {
					id: previous?.view.id ?? randomUUID(),
					externalId: input.externalId,
					customerId: previous?.view.customerId ?? '',
					invoices: [],
					creditNotes: [],
					payments: [],
					refunds: [],
				},
			};
		}
		// Resolve and check everything before changing anything.
		const resolved = {} as Record<
			Side,
			Array<{ rec: AnyRec; amount: number; item: ReconciledItemView }>
		>;
		const customers = new Set<string>();
		for (const side of SIDES) {
			const seen = new Set<string>();
			resolved[side] = input[side].map((item, i) => {
				const path = `${side}[${i}]`;
				const rec = this.findIn(side, item, path);
				if (seen.has(rec.id))
					throw new ApiError(400, `${path} ${JSON.stringify(item)} is listed twice`);
				seen.add(rec.id);
				if (item.amountLinked <= 0)
					throw new ApiError(400, `${path}.amountLinked must be more than 0`);
				if (
					item.customId !== undefined &&
					side !== 'payments' &&
					side !== 'refunds' &&
					(rec as InvoiceRec).customId !== item.customId
				)
					throw new ApiError(
						400,
						`${path}.customId ${JSON.stringify(item.customId)} is not the customId of ${JSON.stringify(item.externalId ?? item.id)}`,
					);
				customers.add((rec as { customerId: string }).customerId);
				return {
					rec,
					amount: item.amountLinked,
					item: {
						id: rec.id,
						externalId: rec.externalId,
						...(item.customId ? { customId: item.customId } : {}),
						amountLinked: item.amountLinked,
					},
				};
			});
		}
		if (customers.size > 1)
			throw new ApiError(
				400,
				'A reconciliation links the records of one customer; these belong to several',
			);
		const total = (side: Side) => resolved[side].reduce((s, r) => s + r.amount, 0);
		const debit = total('invoices') + total('refunds');
		const credit = total('payments') + total('creditNotes');
		if (debit !== credit)
			throw new ApiError(
				400,
				`The reconciliation does not balance: invoices + refunds = ${debit}, payments + credit notes = ${credit}`,
			);
		// Allocate: payments, then credit notes, to the invoices in order; what is left to the refunds.
		const credits = [
			...resolved.payments.map((r) => ({ ...r, source: 'payments' as const })),
			...resolved.creditNotes.map((r) => ({ ...r, source: 'creditNotes' as const })),
		].map((c) => ({ ...c, left: c.amount }));
		const links: WrittenLink[] = [];
		const take = (
			need: number,
			push: (credit: (typeof credits)[number], amount: number) => void,
		) => {
			for (const c of credits) {
				if (need === 0) break;
				const amount = Math.min(need, c.left);
				if (amount === 0) continue;
				c.left -= amount;
				need -= amount;
				push(c, amount);
			}
		};
		for (const inv of resolved.invoices)
			take(inv.amount, (c, amount) =>
				links.push({
					source: c.source,
					sourceId: c.rec.id,
					slot: 'links',
					targetId: inv.rec.id,
					amount,
				}),
			);
		for (const refund of resolved.refunds)
			take(refund.amount, (c, amount) =>
				links.push({
					source: 'refunds',
					sourceId: refund.rec.id,
					slot: c.source === 'payments' ? 'paymentLinks' : 'creditNoteLinks',
					targetId: c.rec.id,
					amount,
				}),
			);
		// Replace: undo the previous links, then check the new ones against what is left.
		if (previous) this.unwrite(previous.links);
		try {
			this.checkRoom(resolved);
		} catch (error) {
			if (previous) this.write(previous.links);
			throw error;
		}
		this.write(links);
		const view: ReconciliationView = {
			id: previous?.view.id ?? randomUUID(),
			externalId: input.externalId,
			customerId: [...customers][0],
			invoices: resolved.invoices.map((r) => r.item),
			creditNotes: resolved.creditNotes.map((r) => r.item),
			payments: resolved.payments.map((r) => r.item),
			refunds: resolved.refunds.map((r) => r.item),
		};
		this.reconciliations.set(input.externalId, { view, links });
		return { created: !previous, view: structuredClone(view) };
	}

	/** No invoice linked past what it has outstanding, no payment / credit note / refund past its amount. */
	private checkRoom(resolved: Record<Side, Array<{ rec: AnyRec; amount: number }>>): void {
		resolved.invoices.forEach(({ rec, amount }, i) => {
			const outstanding = this.org.view('invoices', rec).amountOutstanding;
			if (amount > outstanding)
				throw new ApiError(
					400,
					`invoices[${i}].amountLinked ${amount} is more than the invoice's amount outstanding ${outstanding}`,
				);
		});
		const used = (rec: AnyRec, slots: Array<'links' | 'paymentLinks' | 'creditNoteLinks'>) =>
			slots.reduce(
				(s, slot) =>
					s +
					((rec as unknown as Record<string, Array<{ amount: number }>>)[slot] ?? []).reduce(
						(t, l) => t + l.amount,
						0,
					),
				0,
			);
		for (const side of ['payments', 'creditNotes', 'refunds'] as const) {
			resolved[side].forEach(({ rec, amount }, i) => {
				const slots =
					side === 'refunds'
						? (['paymentLinks', 'creditNoteLinks'] as const)
						: (['links'] as const);
				const own = amountOf(rec);
				const already = used(rec, [...slots]);
				if (already + amount > own)
					throw new ApiError(
						400,
						`${side}[${i}].amountLinked ${amount} is more than what is left of it (${own - already} of ${own})`,
					);
			});
		}
	}

	private write(links: WrittenLink[]): void {
		this.applyLinks(links, +1);
	}

	private unwrite(links: WrittenLink[]): void {
		this.applyLinks(links, -1);
	}

	/** Adds (or takes back) amounts on the records' own links, one link per source and target. */
	private applyLinks(links: WrittenLink[], sign: 1 | -1): void {
		for (const l of links) {
			const rec = this.org.collection(l.source).get(l.sourceId) as
				| PaymentRec
				| CreditNoteRec
				| RefundRec
				| undefined;
			if (!rec) continue; // deleted since: its links went with it
			this.org.relink(l.source, rec, () => {
				const list = (
					rec as unknown as Record<string, Array<{ targetId: string; amount: number }>>
				)[l.slot];
				const existing = list.find((x) => x.targetId === l.targetId);
				if (existing) existing.amount += sign * l.amount;
				else if (sign > 0) list.push({ targetId: l.targetId, amount: l.amount });
				const kept = list.filter((x) => x.amount > 0);
				list.splice(0, list.length, ...kept);
			});
		}
	}

	reconciliationList(): ReconciliationView[] {
		return [...this.reconciliations.values()].map((r) => structuredClone(r.view));
	}

	// ---- helpers --------------------------------------------------------------------------------

	private findIn(kind: EntityKind, ref: string | Ref, path: string): AnyRec {
		const found =
			typeof ref === 'string'
				? this.org.collection(kind).findByPathId(ref)
				: this.org.collection(kind).find(ref as never);
		if (!found)
			throw new ApiError(400, `${path} ${JSON.stringify(ref)} does not exist in this organization`);
		return found;
	}

	dump() {
		return {
			actions: this.actionList(),
			bankAccounts: this.bankAccountList(),
			reconciliations: this.reconciliationList(),
		};
	}
}

/** A record's own amount: payments and refunds `amount`; invoices and credit notes their gross amount. */
function amountOf(rec: AnyRec): number {
	const r = rec as unknown as { grossAmount?: number; amount?: number };
	return typeof r.grossAmount === 'number' ? r.grossAmount : (r.amount ?? 0);
}
