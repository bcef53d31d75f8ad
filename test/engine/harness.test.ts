/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code run by Jest in Node, not by n8n */
/**
 * The harness itself, against the emulator over HTTP: the package loads through n8n's loader,
 * createExecuteContext makes real authenticated requests, runNode moves binary data through
 * n8n-core's BinaryDataService, runPoll carries static data in and out. The node types here are
 * test-only stand-ins (the package's nodes come later); they use only what real nodes use.
 */
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { DEMO_API_KEY, DEMO_API_SECRET, startEmulator, type Emulator } from '../emulator';
import {
	binaryBuffer,
	createExecuteContext,
	itemWithBinary,
	loadPackage,
	registerNodeType,
	runNode,
	runPoll,
	upflowCredentials,
} from './harness';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy';

let emulator: Emulator;
let proxy: RecordingProxy;

beforeAll(async () => {
	emulator = await startEmulator({ port: 0 });
	proxy = await startRecordingProxy(emulator.url);
});

afterAll(async () => {
	await proxy?.close();
	await emulator?.close();
});

beforeEach(() => {
	emulator.clearLog();
	proxy.requests.length = 0;
});

// ---- test-only node types ----------------------------------------------------------------------

const description = (
	name: string,
	extra: Partial<INodeTypeDescription> = {},
): INodeTypeDescription => ({
	displayName: name,
	name,
	group: ['transform'],
	version: 1,
	description: 'Harness self-test node',
	defaults: { name },
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: 'upflowApi', required: true }],
	properties: [],
	...extra,
});

/** A signed URL Upflow handed out authorizes itself: fetched without the credential. */
async function downloadSigned(context: IExecuteFunctions, url: string): Promise<ArrayBuffer> {
	return (await context.helpers.httpRequest({ url, encoding: 'arraybuffer' })) as ArrayBuffer;
}

/** Uploads each item's binary `data` as the PDF of invoice `externalId`, then downloads it again. */
class PdfRoundTrip implements INodeType {
	description = description('pdfRoundTrip');

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const { baseUrl } = await this.getCredentials<{ baseUrl: string }>('upflowApi');
		const api = `${baseUrl}/v1`;
		const output: INodeExecutionData[] = [];
		for (const [i, item] of this.getInputData().entries()) {
			try {
				this.helpers.assertBinaryData(i, 'data');
				const pdf = await this.helpers.getBinaryDataBuffer(i, 'data');
				const id = `external:${encodeURIComponent(String(item.json.externalId))}`;
				await this.helpers.httpRequestWithAuthentication.call(this, 'upflowApi', {
					method: 'POST',
					url: `${api}/invoices/${id}/pdf`,
					body: { data: pdf.toString('base64') },
					json: true,
				});
				const invoice = (await this.helpers.httpRequestWithAuthentication.call(this, 'upflowApi', {
					url: `${api}/invoices/${id}`,
					json: true,
				})) as { id: string; pdfUrl: string };
				const downloaded = await downloadSigned(this, invoice.pdfUrl);
				const binary = await this.helpers.prepareBinaryData(
					Buffer.from(downloaded),
					'invoice.pdf',
					'application/pdf',
				);
				output.push({
					json: { invoiceId: invoice.id },
					binary: { data: binary },
					pairedItem: { item: i },
				});
			} catch (error) {
				if (this.continueOnFail()) {
					output.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
			}
		}
		return [output];
	}
}

/** Emits customers it has not seen; the first poll records a baseline and emits nothing. */
class CustomerPoll implements INodeType {
	description = description('customerPoll', { group: ['trigger'], polling: true, inputs: [] });

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const { baseUrl } = await this.getCredentials<{ baseUrl: string }>('upflowApi');
		const state = this.getWorkflowStaticData('node');
		const page = (await this.helpers.httpRequestWithAuthentication.call(this, 'upflowApi', {
			url: `${baseUrl}/v1/customers`,
			qs: { offset: 0, limit: 1000 },
			json: true,
		})) as { customers: Array<{ id: string; externalId: string }> };
		if (this.getMode() === 'manual') {
			return page.customers.length
				? [this.helpers.returnJsonArray(page.customers.slice(0, 1))]
				: null;
		}
		const seen = new Set((state.seen as string[] | undefined) ?? []);
		const isBaseline = state.seen === undefined;
		state.seen = page.customers.map((customer) => customer.id);
		const fresh = page.customers.filter((customer) => !seen.has(customer.id));
		return isBaseline || fresh.length === 0 ? null : [this.helpers.returnJsonArray(fresh)];
	}
}

registerNodeType('n8n-nodes-harness.pdfRoundTrip', new PdfRoundTrip());
registerNodeType('n8n-nodes-harness.customerPoll', new CustomerPoll());

// ---- tests -------------------------------------------------------------------------------------

describe('loadPackage', () => {
	it('loads the built credential through n8n-core PackageDirectoryLoader', async () => {
		const pkg = await loadPackage();

		expect(pkg.packageName).toBe('n8n-nodes-upflow');
		const credential = pkg.credentialTypes.upflowApi;
		expect(credential.displayName).toBe('Upflow API');
		expect(credential.authenticate).toMatchObject({ type: 'generic' });
		// n8n rewrites `file:` icons to URLs under the package; the files are resolved from dist/
		expect(credential.iconUrl).toEqual({
			light: 'icons/n8n-nodes-upflow/dist/nodes/Upflow/upflow.svg',
			dark: 'icons/n8n-nodes-upflow/dist/nodes/Upflow/upflow.dark.svg',
		});
		expect(await loadPackage()).toBe(pkg); // cached
	});

	it('loads the package node types under their full names', async () => {
		const pkg = await loadPackage();
		const listed = pkg.loader.packageJson.n8n?.nodes ?? [];

		expect(Object.keys(pkg.nodeTypes)).toHaveLength(listed.length);
		for (const type of Object.keys(pkg.nodeTypes)) expect(type).toMatch(/^n8n-nodes-upflow\.\w+$/);
	});

	it('asks for a build when a listed dist file is missing', async () => {
		const root = mkdtempSync(path.join(tmpdir(), 'unbuilt-package-'));
		writeFileSync(
			path.join(root, 'package.json'),
			JSON.stringify({
				name: 'n8n-nodes-unbuilt',
				n8n: { n8nNodesApiVersion: 1, nodes: ['dist/nodes/X.node.js'] },
			}),
		);
		try {
			await expect(loadPackage(root)).rejects.toThrow(
				/dist\/nodes\/X\.node\.js.*run npm run build first/,
			);
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
	});
});

describe('createExecuteContext', () => {
	it('makes a real authenticated request with both headers', async () => {
		emulator.org().upsert('customers', { externalId: 'harness-c1', name: 'Harness Customer' });
		const ctx = await createExecuteContext(upflowCredentials(proxy));

		const page = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'upflowApi', {
			method: 'GET',
			url: `${proxy.url}/v1/customers`,
			qs: { offset: 0, limit: 10 },
			json: true,
		})) as { total: number; customers: Array<{ externalId: string }> };

		expect(page.customers.map((customer) => customer.externalId)).toContain('harness-c1');
		expect(proxy.requests).toHaveLength(1);
		expect(proxy.requests[0].headers).toMatchObject({
			'x-api-key': DEMO_API_KEY,
			'x-api-secret': DEMO_API_SECRET,
		});
		expect(emulator.log(DEMO_API_KEY)).toMatchObject([
			{ method: 'GET', path: '/v1/customers', query: { offset: '0', limit: '10' }, status: 200 },
		]);
	});

	it('hands the node its credential with the type defaults filled in, as n8n does', async () => {
		const bare = upflowCredentials(emulator);
		delete bare.requestsPerMinute;
		delete bare.maxConcurrency;
		delete bare.retryBudgetSeconds;
		const ctx = await createExecuteContext(bare);

		expect(await ctx.getCredentials('upflowApi', 0)).toEqual({
			...bare,
			requestsPerMinute: 600,
			maxConcurrency: 5,
			retryBudgetSeconds: 120,
			sharedByProcesses: 1,
		});
	});

	it('surfaces a refused key pair as NodeApiError with httpCode 401', async () => {
		const ctx = await createExecuteContext(
			upflowCredentials(emulator, { apiSecret: 'wrong-secret-value' }),
		);

		const error = await ctx.helpers.httpRequestWithAuthentication
			.call(ctx, 'upflowApi', { url: `${emulator.baseUrl}/customers`, json: true })
			.then(
				() => undefined,
				(caught: unknown) => caught,
			);

		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBe('401');
		expect(emulator.log().every((entry) => entry.status === 401)).toBe(true);
	});
});

describe('runNode', () => {
	const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);

	it('moves binary data in and out through n8n-core, with pairedItem', async () => {
		emulator.org().seedInvoices(2, { prefix: 'harness-inv-' });

		const result = await runNode({
			type: 'n8n-nodes-harness.pdfRoundTrip',
			parameters: {},
			credentials: upflowCredentials(emulator),
			items: [
				itemWithBinary(
					{ externalId: 'harness-inv-0' },
					{ data: { data: pdf('first'), fileName: 'a.pdf', mimeType: 'application/pdf' } },
				),
				itemWithBinary(
					{ externalId: 'harness-inv-1' },
					{ data: { data: pdf('second'), fileName: 'b.pdf', mimeType: 'application/pdf' } },
				),
			],
		});

		expect(result.error).toBeUndefined();
		expect(result.run.status).toBe('success');
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.items[0].binary?.data).toMatchObject({
			fileName: 'invoice.pdf',
			mimeType: 'application/pdf',
		});
		expect((await binaryBuffer(result.items[0])).equals(pdf('first'))).toBe(true);
		expect((await binaryBuffer(result.items[1])).equals(pdf('second'))).toBe(true);
		const uploads = emulator.log().filter((entry) => entry.path.endsWith('/pdf'));
		expect(uploads.map((entry) => entry.status)).toEqual([204, 204]);
		// the input node's items reach the node: the harness input node is part of the run
		expect(result.output('Harness Input').map((item) => item.json)).toEqual([
			{ externalId: 'harness-inv-0' },
			{ externalId: 'harness-inv-1' },
		]);
	});

	it('returns the node error as n8n stores it when the node fails', async () => {
		const result = await runNode({
			type: 'n8n-nodes-harness.pdfRoundTrip',
			parameters: {},
			credentials: upflowCredentials(emulator),
			items: [itemWithBinary({ externalId: 'no-such-invoice' }, { data: { data: pdf('x') } })],
		});

		expect(result.items).toEqual([]);
		expect(result.run.status).toBe('error');
		expect(result.error).toMatchObject({ name: 'NodeApiError', httpCode: '404' });
	});

	it('turns failures into error items with continueOnFail', async () => {
		emulator.org().seedInvoices(1, { prefix: 'harness-cof-' });

		const result = await runNode({
			type: 'n8n-nodes-harness.pdfRoundTrip',
			parameters: {},
			credentials: upflowCredentials(emulator),
			continueOnFail: true,
			items: [
				{ externalId: 'harness-cof-0' }, // no binary: assertBinaryData throws
				itemWithBinary({ externalId: 'harness-cof-0' }, { data: { data: pdf('ok') } }),
			],
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(result.items[0].json.error).toEqual(expect.stringContaining('binary'));
		expect(result.items[1].json.invoiceId).toEqual(expect.any(String));
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('runPoll', () => {
	it('carries static data in and out of poll()', async () => {
		const org = emulator.org();
		org.upsert('customers', { externalId: 'poll-a', name: 'Poll A' });
		const common = {
			type: 'n8n-nodes-harness.customerPoll',
			parameters: {},
			credentials: upflowCredentials(emulator),
		};

		const first = await runPoll({ ...common, staticData: {} });
		expect(first.items).toEqual([]);
		expect(first.response).toBeNull();
		expect(first.staticData.seen).toEqual(
			expect.arrayContaining([org.get('customers', { externalId: 'poll-a' })?.id]),
		);

		org.upsert('customers', { externalId: 'poll-b', name: 'Poll B' });
		const second = await runPoll({ ...common, staticData: first.staticData });
		expect(second.items.map((item) => item.json.externalId)).toEqual(['poll-b']);
		expect(second.staticData.seen).toHaveLength((first.staticData.seen as string[]).length + 1);

		const third = await runPoll({ ...common, staticData: second.staticData });
		expect(third.items).toEqual([]);
	});

	it('runs the manual "fetch test event" mode without touching static data', async () => {
		emulator.org().upsert('customers', { externalId: 'poll-manual', name: 'Poll Manual' });
		const staticData = { seen: ['x'] };

		const result = await runPoll({
			type: 'n8n-nodes-harness.customerPoll',
			parameters: {},
			credentials: upflowCredentials(emulator),
			staticData,
			mode: 'manual',
		});

		expect(result.items).toHaveLength(1);
		expect(result.staticData).toEqual({ seen: ['x'] });
		expect(result.context.getMode()).toBe('manual');
	});

	it('throws what the poll threw in trigger mode', async () => {
		const poll = runPoll({
			type: 'n8n-nodes-harness.customerPoll',
			parameters: {},
			credentials: upflowCredentials(emulator, { apiKey: 'wrong' }),
		});

		await expect(poll).rejects.toBeInstanceOf(NodeApiError);
		await expect(poll).rejects.toMatchObject({ httpCode: '401' });
	});
});
