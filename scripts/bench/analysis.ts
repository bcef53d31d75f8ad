/** What the emulator saw: figures from its request log and its state, never from what a client says. */
import { maxInSlidingWindow } from '../../test/emulator';
import type { OrganizationState, RequestLogEntry } from '../../test/emulator';
import { customerRows, invoiceRows, paymentRows } from './dataset';
import type { DatasetSpec } from './dataset';

export const WINDOW_MS = 60_000;

/** Answered by the API: not refused with 429 or 401. */
export const accepted = (entries: RequestLogEntry[]) =>
	entries.filter((e) => e.status !== 429 && e.status !== 401);

/** Nothing missing, duplicated or wrong. */
export const intact = (state: StateCheck) =>
	state.missing === 0 && state.duplicated === 0 && state.wrong === 0;

/** The figures of a run from the requests the emulator logged for it. */
export function logFigures(entries: RequestLogEntry[], ceilingPerMinute: number) {
	const answered = accepted(entries);
	const first = Math.min(...entries.map((e) => e.receivedAt));
	const last = Math.max(...entries.map((e) => e.respondedAt));
	const busyMs = entries.length ? Math.max(1, last - first) : 0;
	const acceptedPerMinute = busyMs ? (answered.length * 60_000) / busyMs : 0;
	const maxPerWindow = maxInSlidingWindow(
		answered.map((e) => e.receivedAt),
		WINDOW_MS,
	);
	// A run longer than the window is measured by its busiest window: the sliding window lets a
	// burst through at the start, so the average over the whole span would overstate it. A shorter
	// run never fills a window and is measured by its average rate.
	const achievedPerMinute =
		busyMs >= WINDOW_MS ? (maxPerWindow * 60_000) / WINDOW_MS : acceptedPerMinute;
	return {
		requests: entries.length,
		/** Answered by the API (not refused with 429 or 401). */
		accepted: answered.length,
		http429: entries.filter((e) => e.status === 429).length,
		/** From the first request's arrival to the last answer, ms. */
		busyMs,
		acceptedPerMinute,
		/** Achieved requests per minute vs the ceiling (600 x scale), %. */
		percentOfCeiling: (achievedPerMinute / ceilingPerMinute) * 100,
		/** Most accepted requests in any sliding window (t - 60 s, t], by arrival. */
		maxPerWindow,
		/** Most accepted requests in flight at once (the emulator's own count). */
		maxInFlight: answered.reduce((m, e) => Math.max(m, e.inFlight), 0),
		/** Accepted requests answered 2xx. */
		ok: answered.filter((e) => e.status >= 200 && e.status < 300).length,
	};
}

/** Where a stage's time went, from the log entries that arrived between its start and its end. */
export function stageTiming(
	entries: RequestLogEntry[],
	stage: { stage: string; startedAt: number; endedAt: number },
) {
	// A stage awaits all its answers: a request answered after its end belongs to the next stage.
	const inStage = entries.filter(
		(e) => e.receivedAt >= stage.startedAt && e.respondedAt <= stage.endedAt,
	);
	const answered = accepted(inStage);
	// No request at all: the whole stage counts as before the first one.
	const first = inStage.length ? Math.min(...inStage.map((e) => e.receivedAt)) : stage.endedAt;
	const last = inStage.length ? Math.max(...inStage.map((e) => e.respondedAt)) : stage.endedAt;
	const busy = answered.reduce((sum, e) => sum + (e.respondedAt - e.receivedAt), 0);
	return {
		stage: stage.stage,
		wallMs: stage.endedAt - stage.startedAt,
		/** From the stage's start in the client to the first request reaching the emulator (planning). */
		beforeFirstMs: first - stage.startedAt,
		/** First arrival to last answer. */
		sendingMs: last - first,
		/** Last answer to the stage's end in the client (collecting outputs). */
		afterLastMs: stage.endedAt - last,
		/** Accepted requests in flight on average over the sending span (sum of their durations / span). */
		meanInFlight: last > first ? busy / (last - first) : 0,
		/** Mean time an accepted request spent in the emulator (latency + handling). */
		meanServerMs: answered.length ? busy / answered.length : 0,
		requests: inStage.length,
	};
}

export interface StateCheck {
	/** Source records with no record of that externalId in the emulator. */
	missing: number;
	/** Extra copies: records sharing an externalId beyond the first. */
	duplicated: number;
	/** Present once, but not what the source says (amount, customer, link). */
	wrong: number;
	expected: number;
}

/** Compares the emulator's dump with the source records of `spec`. */
export function checkState(state: OrganizationState, spec: DatasetSpec): StateCheck {
	const check: StateCheck = { missing: 0, duplicated: 0, wrong: 0, expected: 0 };
	const compare = <T extends { externalId: string | null }>(
		stored: T[],
		source: Array<{ externalId: string; body: Record<string, unknown> }>,
		same: (record: T, body: Record<string, unknown>) => boolean,
	) => {
		const byId = new Map<string, T[]>();
		for (const record of stored) {
			const list = byId.get(String(record.externalId)) ?? [];
			list.push(record);
			byId.set(String(record.externalId), list);
		}
		for (const row of source) {
			check.expected++;
			const found = byId.get(row.externalId) ?? [];
			if (found.length === 0) check.missing++;
			else if (!same(found[0], row.body)) check.wrong++;
			if (found.length > 1) check.duplicated += found.length - 1;
		}
	};
	compare(state.customers, customerRows(spec), (c, body) => c.name === body.name);
	compare(
		state.invoices,
		invoiceRows(spec),
		(inv, body) =>
			inv.grossAmount === body.grossAmount &&
			inv.netAmount === body.netAmount &&
			inv.customer.externalId === (body.customer as { externalId: string }).externalId,
	);
	compare(state.payments, paymentRows(spec), (p, body) => {
		const link = (
			body.linkedInvoices as Array<{ invoice: { externalId: string }; linkedAmount: number }>
		)[0];
		return (
			p.amount === body.amount &&
			p.customer.externalId === (body.customer as { externalId: string }).externalId &&
			p.linkedInvoices.length === 1 &&
			p.linkedInvoices[0].invoice.externalId === link.invoice.externalId &&
			p.linkedInvoices[0].linkedAmount === link.linkedAmount
		);
	});
	return check;
}
