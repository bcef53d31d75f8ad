/**
 * An Upflow organization in memory for the Upflow Trigger's public poll(): the lists the trigger
 * reads (served oldest or newest first), changed by scripted operations, and a stand-in for n8n's
 * poll context. The operations are plain data, so a scenario recorded once (with the trigger's
 * stored state after each poll) can be replayed later against another version of the trigger:
 * test/fixtures/trigger-state/ holds such recordings (scenarios.ts), and
 * test/unit/trigger-state-compat.test.ts replays them.
 */
import type {
	IDataObject,
	IHttpRequestOptions,
	INodeExecutionData,
	IPollFunctions,
} from 'n8n-workflow';

import { UpflowTrigger } from '../../nodes/Upflow/UpflowTrigger.node';
import { actionApi } from '../../nodes/Upflow/resources/action/api';
import { creditNoteApi } from '../../nodes/Upflow/resources/creditNote/api';
import { customerApi } from '../../nodes/Upflow/resources/customer/api';
import { invoiceApi } from '../../nodes/Upflow/resources/invoice/api';
import { paymentApi } from '../../nodes/Upflow/resources/payment/api';
import { refundApi } from '../../nodes/Upflow/resources/refund/api';

export type ListOrder = 'oldest-first' | 'newest-first';

/** The lists the trigger reads, by path (`/invoices` ...), with their envelope. */
const LISTS = [customerApi, invoiceApi, paymentApi, creditNoteApi, refundApi, actionApi];

export type WorldOp =
	| { op: 'create'; list: string; count: number; fields?: IDataObject }
	| { op: 'update'; list: string; id: string; fields: IDataObject }
	| { op: 'remove'; list: string; id: string };

/** One poll of a recorded scenario: the operations applied before it, and what it did. */
export interface Step {
	ops: WorldOp[];
	/** Ids emitted by this poll, in order. */
	emitted: string[];
	requests: number;
	/** The static data after this poll, for the polls chosen as starting points. */
	state?: IDataObject;
	/** With `state`: what "Fetch Test Event" answers then (it reads the order the state found). */
	sample?: string;
}

/** A scenario of test/fixtures/trigger-state/scenarios.ts as recorded, for one list order. */
export interface Recording {
	event: string;
	order: ListOrder;
	parameters: IDataObject;
	steps: Step[];
	/** What the scenario made happen after activation: each must be emitted once over all steps. */
	expected: string[];
}

const T0 = Date.UTC(2024, 0, 1);

export class TriggerWorld {
	/** Per path, in creation order. */
	private readonly records = new Map<string, IDataObject[]>();

	private serial = 0;

	/** Minutes since T0: every stamped creation or update moves it on by one. */
	private minute = 0;

	requests = 0;

	staticData: IDataObject = {};

	private readonly trigger = new UpflowTrigger();

	constructor(readonly order: ListOrder) {
		for (const list of LISTS) this.records.set(list.path, []);
	}

	list(path: string): IDataObject[] {
		const records = this.records.get(path);
		if (!records) throw new Error(`No list ${path} in the trigger world`);
		return records;
	}

	apply(op: WorldOp): string[] {
		const records = this.list(op.list);
		if (op.op === 'create') {
			return Array.from({ length: op.count }, () => {
				const record = { ...this.make(op.list), ...op.fields };
				records.push(record);
				return record.id as string;
			});
		}
		const index = records.findIndex((record) => record.id === op.id);
		if (index < 0) throw new Error(`No record ${op.id} in ${op.list}`);
		if (op.op === 'remove') records.splice(index, 1);
		else {
			Object.assign(records[index], op.fields);
			if (op.list === actionApi.path) records[index].updatedAt = this.tick();
		}
		return [op.id];
	}

	private tick(): string {
		return new Date(T0 + ++this.minute * 60_000).toISOString();
	}

	private make(path: string): IDataObject {
		const n = this.serial++;
		const id = `${path.slice(1, 4)}-${n}`;
		switch (path) {
			case customerApi.path:
				return {
					id,
					externalId: `ext-${id}`,
					name: `Customer ${n}`,
					currency: 'EUR',
					vatNumber: null,
				};
			case invoiceApi.path:
				return {
					id,
					externalId: `ext-${id}`,
					customId: `F-${n}`,
					customerId: 'cus-0',
					name: `Invoice ${n}`,
					currency: 'EUR',
					grossAmount: 12000,
					netAmount: 10000,
					amountOutstanding: 12000,
					issuedAt: '2024-01-10',
					dueDate: '2099-01-01',
					state: 'DUE',
					pdfUrl: null,
				};
			case paymentApi.path:
				// Payments carry a creation stamp.
				return {
					id,
					externalId: `ext-${id}`,
					amount: 500,
					currency: 'EUR',
					createdAt: this.tick(),
				};
			case actionApi.path: {
				const stamp = this.tick();
				return {
					id,
					name: `Action ${n}`,
					type: n % 2 ? 'EMAIL' : 'TASK',
					source: 'WORKFLOW',
					state: 'TODO',
					createdAt: stamp,
					updatedAt: stamp,
				};
			}
			default:
				return { id, externalId: `ext-${id}`, amount: 500, currency: 'EUR' };
		}
	}

	/** Answers one list request as Upflow does: offset paging, a total, the list's envelope. */
	serve(options: IHttpRequestOptions): IDataObject {
		this.requests++;
		const path = new URL(String(options.url)).pathname.replace(/^\/v1/, '');
		const list = LISTS.find((entity) => entity.path === path);
		if (!list) throw new Error(`The trigger world serves no ${path}`);
		const { offset, limit } = options.qs as { offset: number; limit: number };
		const records = this.list(path);
		const listed = this.order === 'oldest-first' ? records : [...records].reverse();
		return {
			offset,
			limit,
			total: records.length,
			[list.envelope]: listed.slice(offset, offset + limit).map((record) => ({ ...record })),
		};
	}

	/** One poll of the trigger with these parameters, keeping its static data as n8n does. */
	async poll(
		parameters: IDataObject,
		mode: 'trigger' | 'manual' = 'trigger',
	): Promise<{ emitted: string[]; requests: number }> {
		const before = this.requests;
		const context = pollContext({
			parameters,
			staticData: () => this.staticData,
			answer: (request) => this.serve(request),
			extra: { getMode: () => mode },
		});
		const out = await this.trigger.poll.call(context);
		return {
			emitted: (out?.[0] ?? []).map((item) => String(item.json.id)),
			requests: this.requests - before,
		};
	}
}

/**
 * n8n's poll context as the trigger uses it: a parameter not set answers its declared default (as n8n
 * does), list requests go to `answer`, the static data is whatever `staticData` gives at each call.
 */
export function pollContext(options: {
	parameters: IDataObject;
	staticData: () => IDataObject;
	answer: (request: IHttpRequestOptions) => Promise<unknown> | unknown;
	extra?: Partial<IPollFunctions>;
}): IPollFunctions {
	const { parameters } = options;
	const description = new UpflowTrigger().description;
	const context = {
		getNode: () => ({
			id: 'n1',
			name: 'Upflow Trigger',
			type: 'n8n-nodes-upflow.upflowTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		}),
		getMode: () => 'trigger',
		getActivationMode: () => 'activate',
		getNodeParameter: (name: string, fallback?: unknown) =>
			name in parameters
				? parameters[name]
				: (description.properties.find((property) => property.name === name)?.default ?? fallback),
		getWorkflowStaticData: () => options.staticData(),
		getCredentials: async () => ({
			apiKey: 'key-for-tests',
			apiSecret: 'secret-for-tests',
			environment: 'custom',
			baseUrl: 'http://upflow.test',
			// No wait for the rate limit: a replay sends a few thousand requests.
			requestsPerMinute: 100_000,
			maxConcurrency: 10,
			retryBudgetSeconds: 0,
		}),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: IHttpRequestOptions) =>
				await options.answer(request),
			returnJsonArray: (records: IDataObject[]): INodeExecutionData[] =>
				records.map((json) => ({ json })),
		},
		...options.extra,
	};
	return context as unknown as IPollFunctions;
}
