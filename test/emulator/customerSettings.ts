/**
 * What a customer carries beside its record in store.ts: its accounting reference, its payment
 * methods (a wire transfer names the organization's bank accounts) and its account managers
 * (GET / POST /v1/customers/{id}/account-managers). Checked against the contract home first.
 */
import { checkBody } from '../contract/check';
import { writeCall } from '../contract/upflow';
import type { WriteCall } from '../contract/upflow';
import type { CustomerRec, Organization } from './store';
import { ApiError, refusal, type CustomerExtrasView, type UserView } from './types';

type Ref = { id?: string; externalId?: string };

/** The keys of the customer write call kept here (the rest is store.ts's). */
export const SETTING_KEYS = ['accountingRef', 'paymentMethods'] as const;

export class CustomerSettings {
	private readonly settings = new Map<string, CustomerExtrasView>();
	private readonly managers = new Map<string, Set<string>>();

	constructor(private readonly org: Organization) {}

	/** Checks the settings in a customer write (POST or PUT) before anything changes; answers what to keep. */
	of(body: unknown): Partial<CustomerExtrasView> {
		if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
		const picked: Record<string, unknown> = {};
		for (const key of SETTING_KEYS)
			if ((body as Record<string, unknown>)[key] !== undefined)
				picked[key] = (body as Record<string, unknown>)[key];
		if (Object.keys(picked).length === 0) return {};
		const full = writeCall('customer.upsert');
		const call: WriteCall = {
			...full,
			body: Object.fromEntries(SETTING_KEYS.map((k) => [k, { ...full.body![k], required: false }])),
		};
		const problems = checkBody(call, picked);
		if (problems.length) throw refusal(problems);
		const wire = (picked.paymentMethods as Record<string, Record<string, unknown>> | undefined)
			?.wireTransfer;
		if (wire) {
			const refs = [
				...(wire.bankAccount ? [wire.bankAccount] : []),
				...((wire.bankAccounts as unknown[]) ?? []),
			] as Ref[];
			refs.forEach((ref) => {
				if (!this.org.bankAccounts.some((b) => b.id === ref.id))
					throw new ApiError(
						400,
						`paymentMethods.wireTransfer: bank account ${JSON.stringify(ref)} is not a bank account of this organization (see GET /v1/bank_accounts)`,
					);
			});
		}
		return picked as Partial<CustomerExtrasView>;
	}

	/** Stores checked settings: paymentMethods merge method by method, accountingRef replaces. */
	apply(customerId: string, extras: Partial<CustomerExtrasView>): void {
		if (Object.keys(extras).length === 0) return;
		const current = this.settings.get(customerId) ?? { accountingRef: null, paymentMethods: null };
		if (extras.accountingRef !== undefined) current.accountingRef = extras.accountingRef;
		if (extras.paymentMethods !== undefined)
			current.paymentMethods =
				extras.paymentMethods === null
					? null
					: { ...(current.paymentMethods ?? {}), ...structuredClone(extras.paymentMethods) };
		this.settings.set(customerId, current);
	}

	read(customerId: string): CustomerExtrasView {
		const e = this.settings.get(customerId);
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
		if (problems.length) throw refusal(problems);
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
}
