/**
 * Issue 12's endpoints (contract v2): reconcile, actions, bank accounts, account managers and
 * custom field delete. Registered in routes.ts; the state lives in more.ts. Write bodies are
 * checked against the contract home (test/contract) by more.ts, never more kindly.
 */
// routes.ts imports this module for its table; these are functions, read only when a request comes.
import { jsonBody, ok, written, type HandlerResult, type RequestContext } from './routes';
import type { CustomerRec } from './store';
import { ApiError } from './types';
import { parsePaging } from './validation';

interface MoreRoute {
	method: string;
	pattern: string[];
	handler: (ctx: RequestContext, params: string[]) => HandlerResult;
}

function page<T>(all: readonly T[], ctx: RequestContext, cap: number) {
	const { offset, limit } = parsePaging(ctx.query, cap);
	return ok({ offset, limit, total: all.length, items: all.slice(offset, offset + limit) });
}

function customer(ctx: RequestContext, segment: string): CustomerRec {
	const rec = ctx.org.customers.findByPathId(segment);
	if (!rec) throw new ApiError(404, `Customer ${segment} not found`);
	return rec;
}

export const MORE_ROUTES: MoreRoute[] = [
	{
		method: 'POST',
		pattern: ['reconcile'],
		handler: (ctx) => {
			const { view } = ctx.org.more.reconcile(jsonBody(ctx));
			return written(view, 200);
		},
	},
	// Query parameters (type, state ...) are ignored, as the real API ignores filters it does not document.
	{
		method: 'GET',
		pattern: ['actions'],
		handler: (ctx) => page(ctx.org.more.actionList(), ctx, 500),
	},
	{
		method: 'GET',
		pattern: ['actions', ':id'],
		handler: (ctx, [id]) => ok(ctx.org.more.action(id)),
	},
	{
		method: 'GET',
		pattern: ['bank_accounts'],
		handler: (ctx) => page(ctx.org.more.bankAccountList(), ctx, 500),
	},
	{
		method: 'GET',
		pattern: ['customers', ':id', 'account-managers'],
		handler: (ctx, [id]) => ok({ items: ctx.org.more.accountManagersOf(customer(ctx, id)) }),
	},
	{
		method: 'POST',
		pattern: ['customers', ':id', 'account-managers'],
		handler: (ctx, [id]) =>
			written({ items: ctx.org.more.addAccountManager(customer(ctx, id), jsonBody(ctx)) }, 200),
	},
	{
		method: 'DELETE',
		pattern: ['custom_fields', ':id'],
		handler: (ctx, [id]) => {
			ctx.org.more.deleteCustomField(id);
			return written(undefined, 204);
		},
	},
];
