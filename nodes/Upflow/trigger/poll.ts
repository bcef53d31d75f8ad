/**
 * The trigger's one poll path, from n8n's poll() to the event's engine and back:
 *
 *   the event and its settings (parameters) -> the list's page source (transport)
 *   -> manual mode ("Fetch Test Event"): the engine's sample, nothing stored
 *   -> otherwise: stored state -> engine.poll (fingerprintScan.ts or stampScan.ts, on a working
 *      copy) -> the next state stored only when the poll returns its records.
 *
 * `runPoll` is the same poll without an n8n context: the unit tests run it.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { listEndpoint } from '../resources/api';
import { systemClock } from '../transport/clock';
import { fetchPage } from '../transport/paginate';
import { UpflowClient } from '../transport/request';
import { DEFAULT_MAX_REQUESTS_PER_POLL } from './cost';
import { PollBudget } from './engine';
import type { Engine, FetchPage, PollOutput } from './engine';
import { eventDefinition } from './events';
import type { EngineName, EventDefinition, EventSettings } from './events';
import { fingerprintEngine } from './fingerprintScan';
import type { Tuning } from './fingerprintScan';
import { stampEngine } from './stampScan';
import { configKey, storedProgress } from './state';

const ENGINES: Record<EngineName, Engine> = {
	fingerprints: fingerprintEngine,
	stamps: stampEngine,
};

export async function pollTrigger(context: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const event = eventDefinition(context.getNodeParameter('event') as string);
	if (!event) {
		throw new NodeOperationError(
			context.getNode(),
			'Unknown event: choose one of the events in the Event list.',
		);
	}
	const settings = settingsOf(context, event);
	const client = await UpflowClient.fromContext(context);
	const endpoint = listEndpoint(event.list);
	const fetch: FetchPage = async (offset, limit) =>
		await fetchPage(client, endpoint, offset, limit);
	const stored = context.getWorkflowStaticData('node');
	const returned = (records: IDataObject[]) =>
		records.length > 0 ? [context.helpers.returnJsonArray(records)] : null;

	if (context.getMode() === 'manual') {
		const record = await ENGINES[event.engine].sample({
			event,
			settings,
			fetch,
			pageCap: event.list.pageCap,
			now: systemClock.now(),
			order: storedProgress(stored).order,
		});
		return returned(record ? [record] : []);
	}

	const revisionAtStart = stored.r;
	const result = await runPoll(stored, {
		event,
		settings,
		organizationKey: client.settings.organizationKey,
		fetch,
		maxRequests: maxRequestsOf(context),
		timeBudgetMs: pollBudgetMs(context),
		now: () => systemClock.now(),
	});
	const current = context.getWorkflowStaticData('node');
	// Stored only now that the whole poll succeeded. If an overlapping poll stored its state
	// meanwhile, keep that one: what this poll emits may come again, never less.
	if (current.r === revisionAtStart) replaceContents(current, result.next);
	return returned(result.emitted);
}

export interface PollInput {
	event: EventDefinition;
	settings: EventSettings;
	/** Names the organization (a hash, never the key): another organization means a new baseline. */
	organizationKey: string;
	fetch: FetchPage;
	maxRequests: number;
	/** n8n's poll time budget, when the host gives one. */
	timeBudgetMs?: number;
	now: () => number;
	/** Tests only: a page cap other than the list's, and the fingerprint engine's tuning. */
	pageCap?: number;
	tuning?: Tuning;
}

/** One poll from the stored state (only read) to the state to store. */
export async function runPoll(stored: IDataObject, input: PollInput): Promise<PollOutput> {
	const { event } = input;
	return await ENGINES[event.engine].poll(stored, {
		...input,
		config: configOf(event, input.settings, input.organizationKey),
		budget: new PollBudget(input.maxRequests, input.timeBudgetMs, input.now),
		pageCap: input.pageCap ?? event.list.pageCap,
	});
}

/** Another event, other settings or another organization: another configuration, a new baseline. */
export function configOf(
	event: EventDefinition,
	settings: EventSettings,
	organizationKey: string,
): string {
	// The settings part each engine has always stored (test/fixtures/trigger-state).
	const chosen = event.engine === 'stamps' ? settings.actionType : [...settings.fields].sort();
	return configKey([event.name, chosen, organizationKey]);
}

function settingsOf(context: IPollFunctions, event: EventDefinition): EventSettings {
	const settings: EventSettings = { fields: [], actionType: '' };
	if (event.engine === 'stamps' && event.byType)
		settings.actionType = String(context.getNodeParameter('actionType', '') ?? '').trim();
	if (!('watch' in event)) return settings;
	const chosen = context.getNodeParameter(event.watch.parameter, []) as string[];
	settings.fields = (Array.isArray(chosen) ? chosen : []).filter((value) =>
		event.watch.catalog.some((field) => field.value === value),
	);
	if (settings.fields.length === 0) {
		throw new NodeOperationError(context.getNode(), 'No field to watch', {
			description: `Choose at least one field in Fields to Watch: a change to one of them fires ${event.displayName}.`,
		});
	}
	return settings;
}

function maxRequestsOf(context: IPollFunctions): number {
	const value = Number(
		context.getNodeParameter('maxRequestsPerPoll', DEFAULT_MAX_REQUESTS_PER_POLL),
	);
	return Math.max(1, Math.floor(value || DEFAULT_MAX_REQUESTS_PER_POLL));
}

/** n8n 2.38+ tells how long a poll may run; older hosts do not (feature-detected). */
function pollBudgetMs(context: IPollFunctions): number | undefined {
	const getter = (context as Partial<Pick<IPollFunctions, 'getPollBudgetMs'>>).getPollBudgetMs;
	if (typeof getter !== 'function') return undefined;
	const budget = getter.call(context);
	return typeof budget === 'number' && budget > 0 ? budget : undefined;
}

/** Swaps the contents of the static data object in one synchronous step (n8n keeps the object). */
function replaceContents(target: IDataObject, source: IDataObject): void {
	for (const key of Object.keys(target)) if (!(key in source)) delete target[key];
	Object.assign(target, source);
}
