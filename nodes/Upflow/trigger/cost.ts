/**
 * What a poll costs, in one place: the node's Max Requests per Poll default and its cost notices,
 * the README's sweep formula and scripts/bench-trigger.ts's predictions all come from here.
 */
import type { INodeProperties } from 'n8n-workflow';

import { actionApi } from '../resources/action/api';
import { customerApi } from '../resources/customer/api';
import { invoiceApi } from '../resources/invoice/api';
import { EVENTS } from './events';
import type { EventDefinition } from './events';
import { defaultTuning, strategyOf } from './fingerprintScan';

export const DEFAULT_MAX_REQUESTS_PER_POLL = 20;

/** Records a sweep page moves its pass on by: the page cap less the overlap kept with the next page. */
export function sweepStep(pageCap: number): number {
	return pageCap - defaultTuning(pageCap).overlapNext;
}

/**
 * Polls for one sweep pass over `records`: each poll reads the end of the list once, then
 * `budget - 1` pages, the first of them starting a little before where the previous poll stopped.
 */
export function sweepPollsPerPass(records: number, pageCap: number, budget: number): number {
	const { overlapResume, overlapNext } = defaultTuning(pageCap);
	const perPoll = Math.max(1, budget - 1) * sweepStep(pageCap) - (overlapResume - overlapNext);
	return Math.ceil(records / perPoll);
}

const EXAMPLE_RECORDS = 100_000;
const number = (value: number) => value.toLocaleString('en-US');

const eventsWhere = (test: (event: EventDefinition) => boolean) =>
	EVENTS.filter(test).map((event) => event.name);

const notice = (name: string, text: string, events: string[]): INodeProperties => ({
	displayName: text,
	name,
	type: 'notice',
	default: '',
	displayOptions: { show: { event: events } },
});

const invoicePage = invoiceApi.pageCap;
const actionPage = actionApi.pageCap;
const sweepExample = Math.ceil(
	EXAMPLE_RECORDS / sweepStep(invoicePage) / (DEFAULT_MAX_REQUESTS_PER_POLL - 1),
);

/** One notice per way of reading a list, shown with the events that read it so. */
export const COST_NOTICES: INodeProperties[] = [
	notice(
		'costNotice',
		"Upflow has no change feed: this event re-reads the whole list, 'Max Requests per Poll' pages " +
			`per poll (${invoicePage} invoices or ${number(customerApi.pageCap)} customers a page), ` +
			'resuming where the previous poll stopped. A change is seen within about records / ' +
			`${sweepStep(invoicePage)} / ('Max Requests per Poll' - 1) polls, e.g. ${sweepExample} polls ` +
			`for ${number(EXAMPLE_RECORDS)} invoices at the default.`,
		eventsWhere((event) => event.engine === 'fingerprints' && strategyOf(event) === 'sweep'),
	),
	notice(
		'actionCostNotice',
		'Actions carry createdAt: once the trigger has seen the order Upflow lists them in (first ' +
			`pass), a poll costs 1 request (${actionPage} actions a page) and keeps a cursor, not a ` +
			'copy of the list. If the order cannot be told, every poll re-reads the list: records / ' +
			`${actionPage} requests, 'Max Requests per Poll' at a time.`,
		eventsWhere((event) => event.engine === 'stamps' && event.rule === 'new'),
	),
	notice(
		'actionUpdatedCostNotice',
		'Actions are not listed by updatedAt: every poll re-reads the action list ' +
			`(${actionPage} actions a request, 'Max Requests per Poll' at a time, resuming where it ` +
			"stopped) and compares each action's updatedAt with a cursor. The state stays a cursor " +
			'whatever the number of actions.',
		eventsWhere((event) => event.engine === 'stamps' && event.rule === 'updated'),
	),
];
