/**
 * The organization's actions (reminders, tasks, customers' replies): what GET /v1/actions and
 * GET /v1/actions/{id} answer. Tests create and change them through the OrgHandle; the API only
 * reads them.
 */
import { randomUUID } from 'node:crypto';

import type { CustomerRec, InvoiceRec, Organization } from './store';
import { ApiError, type ActionView } from './types';

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

export class Actions {
	private readonly records = new Map<string, ActionRec>();
	/** The order GET /actions serves (the real one is unknown): tests try both. */
	order: 'oldest-first' | 'newest-first' = 'oldest-first';

	constructor(
		private readonly org: Organization,
		private readonly now: () => number,
	) {}

	add(seed: ActionSeed = {}): ActionView {
		const at = seed.createdAt ?? new Date(this.now()).toISOString();
		if (Number.isNaN(Date.parse(at)))
			throw new ApiError(400, `createdAt ${JSON.stringify(at)} is not a date`);
		const customer =
			seed.customer !== undefined
				? this.org.findReferenced('customers', seed.customer, 'customer')
				: undefined;
		const invoice =
			seed.invoice !== undefined
				? (this.org.findReferenced('invoices', seed.invoice, 'invoice') as InvoiceRec)
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
		this.records.set(rec.id, rec);
		return this.view(rec);
	}

	/** Changes an action as Upflow does when a task is done or a reminder sent: updatedAt moves forward. */
	update(id: string, patch: ActionPatch): ActionView {
		const rec = this.records.get(id);
		if (!rec) throw new ApiError(404, `Action ${id} not found`);
		Object.assign(
			rec,
			Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
		);
		rec.updatedAt = new Date(Math.max(this.now(), Date.parse(rec.updatedAt) + 1)).toISOString();
		return this.view(rec);
	}

	list(): ActionView[] {
		const all = [...this.records.values()].map((a) => this.view(a));
		return this.order === 'newest-first' ? all.reverse() : all;
	}

	get(id: string): ActionView {
		const rec = this.records.get(id);
		if (!rec) throw new ApiError(404, `Action ${id} not found`);
		return this.view(rec);
	}

	private view(a: ActionRec): ActionView {
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
}
