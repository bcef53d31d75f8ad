/**
 * Shared helpers for the Upflow action node's engine tests (test/engine/node-*.test.ts): run the
 * BUILT node through n8n-core against an in-process emulator, and call its list-search /
 * load-options methods through n8n-core's own LoadOptionsContext (what the editor's dropdowns use).
 */
import { LoadOptionsContext } from 'n8n-core';
import { Workflow, deepCopy } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
	INodeParameterResourceLocator,
} from 'n8n-workflow';

import type { Emulator, RequestLogEntry } from '../emulator';
import {
	HarnessCredentialsHelper,
	HarnessNodeTypes,
	createAdditionalData,
	fullNodeType,
	loadPackage,
	runNode,
	upflowCredentials,
} from './harness';
import type { HarnessInputItem, NodeRunResult, RunNodeOptions } from './harness';

/** Resource locator values, as the editor stores them. */
export const byId = (value: string): INodeParameterResourceLocator => ({
	__rl: true,
	mode: 'id',
	value,
});
export const byExternalId = (value: string): INodeParameterResourceLocator => ({
	__rl: true,
	mode: 'externalId',
	value,
});
export const fromList = (value: string): INodeParameterResourceLocator => ({
	__rl: true,
	mode: 'list',
	value,
});

export interface UpflowRunOptions
	extends Partial<Omit<RunNodeOptions, 'type' | 'parameters' | 'items'>> {
	items?: HarnessInputItem[];
}

/** Runs the Upflow action node (type `upflow`) with these parameters against the emulator. */
export async function runUpflow(
	emulator: Emulator,
	parameters: INodeParameters,
	options: UpflowRunOptions = {},
): Promise<NodeRunResult> {
	return await runNode({
		type: 'upflow',
		credentials: upflowCredentials(emulator),
		...options,
		parameters,
	});
}

/** Like runUpflow, but fails the test with the node's own error message when the run failed. */
export async function runUpflowOk(
	emulator: Emulator,
	parameters: INodeParameters,
	options: UpflowRunOptions = {},
): Promise<INodeExecutionData[]> {
	const result = await runUpflow(emulator, parameters, options);
	if (result.error) {
		throw new Error(
			`The node failed: ${result.error.message}${result.error.description ? ` -- ${String(result.error.description)}` : ''}`,
		);
	}
	expect(result.run.status).toBe('success');
	return result.items;
}

/**
 * An organization's scheduler starts with one request in flight and grows with time spent working
 * (slow start, transport/limiter.ts), and each execution's first request goes alone (first contact,
 * transport/request.ts). A test that needs two requests to overlap grows it first: one execution
 * of slow reads of `customerExternalId`, about 7 s. Leaves the emulator without latency.
 */
export async function warmScheduler(emulator: Emulator, customerExternalId: string): Promise<void> {
	// One more in flight per 6 s that work waits on the cap (RAMP_WINDOWS): the first read goes
	// alone (first contact), the others wait from 0.7 s; the tenth is answered at 7 s, two waiting.
	emulator.setLatency(700);
	try {
		await runUpflowOk(
			emulator,
			{ resource: 'customer', operation: 'get', customer: byExternalId(customerExternalId) },
			{ items: Array.from({ length: 12 }, () => ({})) },
		);
	} finally {
		emulator.setLatency(0);
	}
}

/** The json of each output item. */
export const jsonOf = (items: INodeExecutionData[]): IDataObject[] =>
	items.map((item) => item.json);

/** Requests of the log matching a method and a path (exact string, or a RegExp). */
export function requests(
	emulator: Emulator,
	method: string,
	path: string | RegExp,
): RequestLogEntry[] {
	return emulator
		.log()
		.filter(
			(entry) =>
				entry.method === method &&
				(typeof path === 'string' ? entry.path === path : path.test(entry.path)),
		);
}

/** Every write (anything but GET) that reached the emulator. */
export function writes(emulator: Emulator): RequestLogEntry[] {
	return emulator.log().filter((entry) => entry.method !== 'GET');
}

/** Bytes of a stored PDF, read back from the emulator through its signed pdfUrl (as a user would). */
export async function storedPdf(pdfUrl: string | null | undefined): Promise<Buffer> {
	if (!pdfUrl) throw new Error('The record has no pdfUrl: no PDF is stored');
	const response = await fetch(pdfUrl);
	if (!response.ok) throw new Error(`GET pdfUrl answered ${response.status}`);
	return Buffer.from(await response.arrayBuffer());
}

/** A small PDF-looking file with non-ASCII / binary bytes so any text decoding would corrupt it. */
export function samplePdf(label: string): Buffer {
	return Buffer.concat([
		Buffer.from(`%PDF-1.4\n% ${label}\n`),
		Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0d, 0x0a, 0xe2, 0x82, 0xac]),
		Buffer.from('\n%%EOF\n'),
	]);
}

// ---------------------------------------------------------------------------------------------
// list-search / load-options, the way n8n's DynamicNodeParametersService calls them
// ---------------------------------------------------------------------------------------------

async function loadOptionsContext(
	credentials: ICredentialDataDecryptedObject,
	parameters: INodeParameters,
	path: string,
): Promise<{ context: LoadOptionsContext; nodeType: INodeType }> {
	const pkg = await loadPackage();
	const nodeTypes = new HarnessNodeTypes(pkg.nodeTypes);
	const type = fullNodeType('upflow');
	const nodeType = nodeTypes.getByNameAndVersion(type, 1);
	const node: INode = {
		id: 'load-options-node',
		name: 'Upflow',
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { upflowApi: { id: 'harness-credential', name: 'Upflow account' } },
	};
	// DynamicNodeParametersService builds a one-node workflow around the node being edited.
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const credentialsHelper = new HarnessCredentialsHelper(pkg.credentialTypes, {
		'harness-credential': deepCopy(credentials),
	});
	const additionalData = createAdditionalData({ credentialsHelper, workflowId: workflow.id });
	additionalData.currentNodeParameters = parameters;
	const context = new LoadOptionsContext(
		workflow,
		workflow.getNode(node.name)!,
		additionalData,
		path,
	);
	return { context, nodeType };
}

/** Calls a `loadOptions` method of the built node (a dropdown's options). */
export async function loadOptions(
	emulator: Emulator,
	method: string,
	parameters: INodeParameters = {},
): Promise<INodePropertyOptions[]> {
	const { context, nodeType } = await loadOptionsContext(
		upflowCredentials(emulator),
		parameters,
		method,
	);
	const fn = nodeType.methods?.loadOptions?.[method];
	if (!fn) throw new Error(`The node has no loadOptions method "${method}"`);
	return await fn.call(context);
}

/** Calls a `listSearch` method of the built node (a resource locator's "From List"). */
export async function listSearch(
	emulator: Emulator,
	method: string,
	filter?: string,
	paginationToken?: string,
	parameters: INodeParameters = {},
): Promise<INodeListSearchResult> {
	const { context, nodeType } = await loadOptionsContext(
		upflowCredentials(emulator),
		parameters,
		method,
	);
	const fn = nodeType.methods?.listSearch?.[method];
	if (!fn) throw new Error(`The node has no listSearch method "${method}"`);
	return await fn.call(context, filter, paginationToken);
}
