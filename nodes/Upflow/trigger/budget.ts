/**
 * What one poll may spend: at most `maxRequests` list requests, and (when n8n gives a poll time
 * budget) stop early enough to return before the engine abandons the tick.
 */

/** Share of n8n's poll time budget kept in reserve for the last answer and the hand-off. */
const TIME_RESERVE_SHARE = 0.2;

export class PollBudget {
	requests = 0;

	private slowestMs = 0;

	private readonly startedAt: number;

	constructor(
		readonly maxRequests: number,
		/** n8n's `getPollBudgetMs()`, when the host offers it. */
		private readonly timeBudgetMs: number | undefined,
		private readonly now: () => number,
	) {
		this.startedAt = now();
	}

	/** Whether one more request may start now. */
	allows(): boolean {
		if (this.requests >= this.maxRequests) return false;
		if (this.timeBudgetMs === undefined || !Number.isFinite(this.timeBudgetMs)) return true;
		const elapsed = this.now() - this.startedAt;
		const reserve = Math.max(2 * this.slowestMs, this.timeBudgetMs * TIME_RESERVE_SHARE);
		return elapsed + reserve < this.timeBudgetMs;
	}

	async spend<T>(send: () => Promise<T>): Promise<T> {
		this.requests++;
		const started = this.now();
		try {
			return await send();
		} finally {
			this.slowestMs = Math.max(this.slowestMs, this.now() - started);
		}
	}
}
