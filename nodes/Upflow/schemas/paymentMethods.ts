/**
 * A customer's payment methods (contract v2, ref):
 *   { card, check, achDebit, sepaDebit, goCardless: {enabled},
 *     wireTransfer: {enabled, bankAccount: {id}, bankAccounts: [{id}]} }
 * The node's fields say per method Enable / Disable / leave it as it is; a method left as it is
 * is not sent. The API shape itself (from an expression) is accepted as is, key by key.
 *   [assumed] a method not sent keeps its setting in Upflow
 *   [assumed] bankAccount is the wire transfer's default account, bankAccounts all of them
 */
import { ValueError, describeValue } from './values';
import { toBoolean } from './text';

const PAYMENT_METHODS = [
	'card',
	'check',
	'achDebit',
	'sepaDebit',
	'goCardless',
	'wireTransfer',
] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** What the node's Payment Methods field holds: a choice per method, and the wire transfer's bank accounts. */
export const KEEP = 'keep';

type Toggle = { enabled: boolean };
export type PaymentMethodsBody = Partial<Record<Exclude<PaymentMethod, 'wireTransfer'>, Toggle>> & {
	wireTransfer?: Toggle & { bankAccount?: { id: string }; bankAccounts?: Array<{ id: string }> };
};

function toggle(value: unknown, method: string): Toggle | undefined {
	if (value === undefined || value === null || value === '' || value === KEEP) return undefined;
	if (value === 'enable') return { enabled: true };
	if (value === 'disable') return { enabled: false };
	if (typeof value === 'object' && !Array.isArray(value) && 'enabled' in value)
		return { enabled: toBoolean((value as { enabled: unknown }).enabled) };
	if (typeof value === 'boolean') return { enabled: value };
	throw new ValueError(
		`${method}: ${describeValue(value)} is not a choice; choose Enable, Disable or Leave As Is`,
	);
}

function bankAccountIds(value: unknown): string[] {
	if (value === undefined || value === null || value === '') return [];
	const list = Array.isArray(value) ? value : String(value).split(',');
	return list
		.map((entry) =>
			(typeof entry === 'object' && entry !== null
				? String((entry as { id?: unknown }).id ?? '')
				: String(entry)
			).trim(),
		)
		.filter((id) => id !== '');
}

export function toPaymentMethods(input: unknown): PaymentMethodsBody | undefined {
	if (typeof input !== 'object' || input === null || Array.isArray(input)) {
		throw new ValueError(`must be an object of payment methods, not ${describeValue(input)}`);
	}
	const fields = input as Record<string, unknown>;
	const known = new Set<string>([...PAYMENT_METHODS, 'wireTransferBankAccounts']);
	const unknown = Object.keys(fields).filter((key) => !known.has(key));
	if (unknown.length)
		throw new ValueError(
			`has ${unknown.join(', ')}, which is not a payment method; use ${PAYMENT_METHODS.join(', ')}`,
		);
	const out: PaymentMethodsBody = {};
	for (const method of PAYMENT_METHODS) {
		if (method === 'wireTransfer') continue;
		const value = toggle(fields[method], method);
		if (value) out[method] = value;
	}
	const wire = fields.wireTransfer;
	const wireToggle = toggle(wire, 'wireTransfer');
	const apiAccounts =
		typeof wire === 'object' && wire !== null ? (wire as Record<string, unknown>) : {};
	const ids = [
		...bankAccountIds(apiAccounts.bankAccount ? [apiAccounts.bankAccount] : []),
		...bankAccountIds(apiAccounts.bankAccounts),
		...bankAccountIds(fields.wireTransferBankAccounts),
	].filter((id, index, all) => all.indexOf(id) === index);
	if (ids.length && wireToggle?.enabled === false) {
		throw new ValueError(
			'wireTransfer: bank accounts are given but the wire transfer is disabled; enable it or remove the bank accounts',
		);
	}
	if (wireToggle || ids.length) {
		out.wireTransfer = {
			enabled: wireToggle?.enabled ?? true,
			...(ids.length
				? { bankAccount: { id: ids[0] }, bankAccounts: ids.map((id) => ({ id })) }
				: {}),
		};
	}
	return Object.keys(out).length ? out : undefined;
}
