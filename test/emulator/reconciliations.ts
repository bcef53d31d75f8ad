/* eslint-disable @n8n/community-nodes/require-node-api-error -- the emulator, a test server run by Node, not n8n: it answers with its own HTTP errors */
/**
 * The organization's reconciliations (POST /v1/reconcile): links between records that already
 * exist. The body is checked against the contract home (test/contract) first, then against the
 * state, before anything is changed.
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
import type {
	AnyRec,
	CreditNoteRec,
	InvoiceRec,
	Organization,
	PaymentRec,
	RefundRec,
} from './store';
import { ApiError, refusal, type ReconciledItemView, type ReconciliationView } from './types';

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

export class Reconciliations {
	private readonly records = new Map<string, ReconciliationRec>();

	constructor(private readonly org: Organization) {}

	reconcile(body: unknown): { created: boolean; view: ReconciliationView } {
		const problems = checkBody(writeCall('reconciliation.link'), body);
		if (problems.length) throw refusal(problems);
		const input = body as { externalId: string } & Record<
			Side,
			Array<Ref & { customId?: string; amountLinked: number }>
		>;
		const previous = this.records.get(input.externalId);
		const empty = SIDES.every((side) => input[side].length === 0);
		if (empty) {
			// Undo: the links go; an unknown externalId is already undone.
			if (previous) {
				this.unwrite(previous.links);
				this.records.delete(input.externalId);
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
				const rec = this.org.findReferenced(side, item, path);
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
		this.records.set(input.externalId, { view, links });
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

	list(): ReconciliationView[] {
		return [...this.records.values()].map((r) => structuredClone(r.view));
	}
}

/** A record's own amount: payments and refunds `amount`; invoices and credit notes their gross amount. */
function amountOf(rec: AnyRec): number {
	const r = rec as unknown as { grossAmount?: number; amount?: number };
	return typeof r.grossAmount === 'number' ? r.grossAmount : (r.amount ?? 0);
}
