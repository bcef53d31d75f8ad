/**
 * The order in which the emulator lists records. Upflow's default list order is not established
 * (contract: "Sort"): one live client saw payments newest first, nothing public shows oldest first.
 * Every paged list endpoint goes through `orderedSlice`, so one switch changes them all.
 */
export type ListOrder = 'oldest-first' | 'newest-first';

export const LIST_ORDERS: readonly ListOrder[] = ['oldest-first', 'newest-first'];

export function checkListOrder(order: unknown): ListOrder {
	if (order === 'oldest-first' || order === 'newest-first') return order;
	throw new RangeError(
		`listOrder must be one of ${LIST_ORDERS.join(', ')}, not ${JSON.stringify(order)}`,
	);
}

/**
 * Rows [offset, offset + limit) of `all` (held in creation order) as listed in `order`, without
 * copying the whole table.
 */
export function orderedSlice<T>(
	all: readonly T[],
	offset: number,
	limit: number,
	order: ListOrder,
): T[] {
	if (order === 'oldest-first') return all.slice(offset, offset + limit);
	const end = Math.max(0, all.length - offset);
	return all.slice(Math.max(0, end - limit), end).reverse();
}
