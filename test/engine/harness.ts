/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- the test harness around n8n-core, run by Jest in Node, not by n8n */
/**
 * Engine test harness: runs the BUILT package (package.json `n8n` section -> dist/) inside
 * n8n-core's real execution classes, the way an n8n instance does.
 *
 *   loadPackage()            PackageDirectoryLoader on the repo root -> node + credential types
 *   testCredential(data)     the credential's declarative `test`, exactly as n8n's CredentialsTester
 *   runWorkflow(...)         WorkflowExecute over any workflow (nodes + connections)
 *   runNode(...)             one package node fed by a harness input node; returns its output
 *   runPoll(...)             a trigger's poll() through PollContext (+ PollTriggerExecutor)
 *   createExecuteContext()   a real ExecuteContext whose node has the credential attached
 *   upflowCredentials(emu)   credential data pointing at a local emulator (demo key pair)
 *   itemWithBinary(), binaryBuffer()   binary input items / the bytes of an output item
 *   registerNodeType()       a test-only node type next to the package's
 *
 * Engine behaviour worth knowing when writing assertions:
 *   - run data errors are n8n's stored copies ({ ...error, message, stack }), not Error instances;
 *   - httpRequestWithAuthentication sends a request a second time after a 401 (n8n-core's
 *     credential refresh path), so a refused key pair shows up twice in the emulator log;
 *   - prepareBinaryData(buffer) without a MIME type makes n8n-core `import('file-type')`, which
 *     fails under jest (no --experimental-vm-modules): nodes and tests should pass one.
 *
 * Everything n8n-core pulls from its DI container (InstanceSettings, BinaryDataService, Logger,
 * ErrorReporter, OutboundHttp ...) is built once by `ensureEngine()`; binary data runs in n8n's
 * in-memory mode (see setup-env.ts). Test-only code: never shipped.
 */
// Must come first: sets N8N_USER_FOLDER & co. before n8n-core reads its configuration.
import './setup-env';

import { Container } from '@n8n/di';
import {
	BinaryDataService,
	ExecuteContext,
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	PackageDirectoryLoader,
	PollContext,
	PollTriggerExecutor,
	RoutingNode,
	WorkflowExecute,
} from 'n8n-core';
import {
	createRunExecutionData,
	Expression,
	ICredentialsHelper,
	NodeConnectionTypes,
	NodeHelpers,
	UnexpectedError,
	Workflow,
	deepCopy,
	isExpression,
} from 'n8n-workflow';
import type {
	ExecutionBaseError,
	IBinaryData,
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialsDecrypted,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IConnections,
	IDataObject,
	IExecuteData,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IRequestOptionsSimplified,
	IRun,
	IRunData,
	IRunExecutionData,
	ITaskDataConnections,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { DEMO_API_KEY, DEMO_API_SECRET } from '../emulator';

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const PACKAGE_NAME = 'n8n-nodes-upflow';
export const CREDENTIAL_TYPE = 'upflowApi';

/** Type names of the harness's own test-only nodes (never part of the package). */
export const HARNESS_INPUT_TYPE = 'n8n-nodes-harness.input';
export const HARNESS_CREDENTIAL_NODE_TYPE = 'n8n-nodes-harness.credentialHolder';
/** n8n runs a credential's own `test` request on a temporary NoOp node of this type. */
const NOOP_TYPE = 'n8n-nodes-base.noOp';

/** Node names used by runNode() and runPoll(). */
export const INPUT_NODE_NAME = 'Harness Input';
export const NODE_UNDER_TEST = 'Node Under Test';

/** Base URL of the fake n8n instance (what webhook/form/waiting URLs are built from). */
const INSTANCE_URL = 'http://localhost:5678';

// ---------------------------------------------------------------------------------------------
// Engine setup (DI container, expression engine, binary data) -- once per process
// ---------------------------------------------------------------------------------------------

let engineReady: Promise<void> | undefined;

/** Builds n8n-core's container services once. Every public entry point awaits it. */
export async function ensureEngine(): Promise<void> {
	engineReady ??= (async () => {
		// isolated-vm is not built on Node 20 (installed with scripts ignored): use the legacy
		// expression engine, which is also n8n-workflow's default.
		Expression.setExpressionEngine('legacy');
		// BinaryDataService: mode comes from N8N_DEFAULT_BINARY_DATA_MODE=default (setup-env.ts).
		// init() registers the filesystem managers; in mode "default" no manager matches, so
		// prepareBinaryData keeps the bytes in the item (base64 in `data`, no id): memory mode.
		await Container.get(BinaryDataService).init();
	})();
	await engineReady;
}

// ---------------------------------------------------------------------------------------------
// Loading the built package
// ---------------------------------------------------------------------------------------------

export interface LoadedPackage {
	packageName: string;
	/** Full type name (`n8n-nodes-upflow.upflow`) -> node type as loaded by n8n. */
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	/** Credential name (`upflowApi`) -> credential type as loaded by n8n. */
	credentialTypes: Record<string, ICredentialType>;
	/** The loader itself (known/types/nodesByCredential ...), for checks on what n8n would see. */
	loader: PackageDirectoryLoader;
}

const packageCache = new Map<string, Promise<LoadedPackage>>();

/**
 * Loads the BUILT package the way n8n loads a community package: PackageDirectoryLoader on the
 * repo root reads package.json's `n8n` section and requires the listed dist/ files. Cached.
 * (`root` is for the harness's own tests; everything else uses the repo.)
 */
export async function loadPackage(root: string = REPO_ROOT): Promise<LoadedPackage> {
	let loading = packageCache.get(root);
	if (!loading) {
		loading = readPackage(root);
		packageCache.set(root, loading);
	}
	try {
		return await loading;
	} catch (error) {
		packageCache.delete(root); // let a later call retry after a build
		throw error;
	}
}

async function readPackage(root: string): Promise<LoadedPackage> {
	await ensureEngine();
	const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	const listed = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	const missing = listed.filter((file) => !existsSync(path.join(root, file)));
	if (!existsSync(path.join(root, 'dist')) || missing.length > 0) {
		throw new Error(
			`The built package is missing (${missing.join(', ') || 'dist/'}): run npm run build first ` +
				'(or npx tsc -p tsconfig.json).',
		);
	}
	const loader = new PackageDirectoryLoader(root);
	await loader.loadAll();
	const nodeTypes: LoadedPackage['nodeTypes'] = {};
	for (const [name, { type }] of Object.entries(loader.nodeTypes)) {
		nodeTypes[`${loader.packageName}.${name}`] = type;
	}
	const credentialTypes: LoadedPackage['credentialTypes'] = {};
	for (const [name, { type }] of Object.entries(loader.credentialTypes)) {
		credentialTypes[name] = type;
	}
	return { packageName: loader.packageName, nodeTypes, credentialTypes, loader };
}

/** `upflow` -> `n8n-nodes-upflow.upflow`; full names (containing a dot) are kept. */
export function fullNodeType(type: string): string {
	return type.includes('.') ? type : `${PACKAGE_NAME}.${type}`;
}

// ---------------------------------------------------------------------------------------------
// Credentials
// ---------------------------------------------------------------------------------------------

export interface EmulatorLike {
	url: string;
}

/** The fields of the `upflowApi` credential. */
export interface UpflowCredentialData {
	apiKey: string;
	apiSecret: string;
	environment: 'production' | 'sandbox' | 'custom';
	baseUrl: string;
	requestsPerMinute: number;
	maxConcurrency: number;
	retryBudgetSeconds: number;
	sharedByProcesses?: number;
}

/**
 * Credential data for a local server (`environment: custom`, `baseUrl: emulator.url`), with the
 * emulator's demo key pair and the credential's default limits unless overridden.
 */
export function upflowCredentials(
	emulator: EmulatorLike,
	overrides: Partial<UpflowCredentialData> = {},
): ICredentialDataDecryptedObject {
	return {
		apiKey: DEMO_API_KEY,
		apiSecret: DEMO_API_SECRET,
		environment: 'custom',
		baseUrl: emulator.url,
		requestsPerMinute: 600,
		maxConcurrency: 5,
		retryBudgetSeconds: 120,
		...overrides,
	};
}

/**
 * Credential data as n8n hands it to a node: the type's defaults added and fields that are not
 * displayed dropped (e.g. `baseUrl` unless environment is custom) -- CredentialsHelper's
 * applyDefaultsAndOverwrites does the same with NodeHelpers.getNodeParameters.
 */
export function applyCredentialDefaults(
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
): ICredentialDataDecryptedObject {
	const withDefaults = NodeHelpers.getNodeParameters(
		credentialType.properties,
		data as INodeParameters,
		true,
		false,
		null,
		null,
	);
	return (withDefaults ?? {}) as ICredentialDataDecryptedObject;
}

/**
 * ICredentialsHelper holding test credentials in memory. Lookup order for a node's credential:
 * by credential id (`node.credentials[type].id`), then by credential type name.
 * `authenticate` applies the credential type's generic `authenticate` block itself, resolving
 * `={{$credentials.x}}` with the workflow's expression engine as n8n's CredentialsHelper does.
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly credentialTypes: Record<string, ICredentialType>,
		private readonly credentials: Record<string, ICredentialDataDecryptedObject> = {},
	) {
		super();
	}

	setCredentials(key: string, data: ICredentialDataDecryptedObject): void {
		this.credentials[key] = data;
	}

	private typeByName(name: string): ICredentialType {
		const type = this.credentialTypes[name];
		if (!type) throw new UnexpectedError(`Unknown credential type "${name}" (not in the package)`);
		return type;
	}

	getParentTypes(name: string): string[] {
		const parents = this.credentialTypes[name]?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.typeByName(type).properties;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const stored =
			(nodeCredentials?.id ? this.credentials[nodeCredentials.id] : undefined) ??
			this.credentials[type];
		if (!stored) {
			throw new UnexpectedError(
				`The harness has no test credentials for "${type}" (id ${nodeCredentials?.id ?? 'none'})`,
			);
		}
		const data = deepCopy(stored);
		if (raw) return data;
		let decrypted = applyCredentialDefaults(this.typeByName(type), data);
		// Expressions inside credential fields are resolved like n8n does (rare in tests).
		if (expressionResolveValues && Object.values(decrypted).some((v) => isExpression(v))) {
			const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } =
				expressionResolveValues;
			decrypted = workflow.expression.getParameterValue(
				decrypted as INodeParameters,
				runExecutionData,
				runIndex,
				itemIndex,
				node.name,
				connectionInputData,
				mode,
				{},
				executeData,
				false,
				decrypted,
			) as ICredentialDataDecryptedObject;
		}
		return decrypted;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.typeByName(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate?.type === 'generic') {
			if (!workflow || !node) {
				throw new UnexpectedError(
					'Workflow and node are required for declarative credential authentication',
				);
			}
			const resolve = (value: string): string => {
				if (!isExpression(value)) return value;
				const resolved = workflow.expression.getSimpleParameterValue(
					node,
					value,
					'internal',
					{ $credentials: credentials },
					undefined,
					'',
				);
				return resolved ? String(resolved) : '';
			};
			const target = requestOptions as unknown as Record<
				string,
				Record<string, unknown> | undefined
			>;
			for (const [outerKey, entries] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(entries as Record<string, string>)) {
					target[outerKey] ??= {};
					target[outerKey]![resolve(key)] = resolve(value);
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	/**
	 * Nothing to refresh for an API-key credential. Defining the method matters though: like n8n's
	 * own CredentialsHelper it makes httpRequestWithAuthentication repeat a request once after a
	 * 401 (its token-refresh path), so a refused key pair reaches the server twice, as in n8n.
	 */
	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new UnexpectedError('The harness does not store encrypted credentials');
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}
}

// ---------------------------------------------------------------------------------------------
// Node types: the package's + the harness's test-only nodes
// ---------------------------------------------------------------------------------------------

/** Items handed to the harness input node, keyed by a per-run id (the node's `key` parameter). */
const pendingInputs = new Map<string, HarnessInputItem[]>();

/** A binary property of an input item: the bytes plus file name and MIME type. */
export interface HarnessBinaryInput {
	data: Buffer;
	fileName?: string;
	/** Default `application/octet-stream` (see HarnessInput.execute). */
	mimeType?: string;
}

/**
 * An input item: plain JSON, or `{ json, binary }` where each binary property is given as bytes
 * (the input node stores them through `helpers.prepareBinaryData`, like a Read File node).
 * Build the second form with `itemWithBinary()`.
 */
export type HarnessInputItem =
	| IDataObject
	| { json: IDataObject; binary: Record<string, HarnessBinaryInput> };

const WITH_BINARY = Symbol('harness item with binary');

/** An input item carrying binary properties, e.g. `itemWithBinary({ invoiceId }, { data: { data: pdf, fileName: 'a.pdf', mimeType: 'application/pdf' } })`. */
export function itemWithBinary(
	json: IDataObject,
	binary: Record<string, HarnessBinaryInput>,
): HarnessInputItem {
	return Object.assign({ json, binary }, { [WITH_BINARY]: true });
}

function isBinaryInput(
	item: HarnessInputItem,
): item is { json: IDataObject; binary: Record<string, HarnessBinaryInput> } {
	return (item as Record<symbol, unknown>)[WITH_BINARY] === true;
}

/** Test-only node that emits the items registered under its `key` parameter. */
class HarnessInput implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Input',
		name: HARNESS_INPUT_TYPE,
		group: ['input'],
		version: 1,
		description: 'Emits the test items given to the harness',
		usableAsTool: true, // n8n's lint asks every node class to say; nothing here uses it
		defaults: { name: INPUT_NODE_NAME },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Key', name: 'key', type: 'string', default: '' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const key = this.getNodeParameter('key', 0) as string;
		const items = pendingInputs.get(key) ?? [];
		const output: INodeExecutionData[] = [];
		for (const item of items) {
			if (!isBinaryInput(item)) {
				output.push({ json: deepCopy(item), pairedItem: { item: 0 } });
				continue;
			}
			const binary: Record<string, IBinaryData> = {};
			for (const [property, file] of Object.entries(item.binary)) {
				// Without a MIME type n8n-core sniffs one with `await import('file-type')`, an ES module
				// that jest cannot import without --experimental-vm-modules: default it instead.
				const mimeType = file.mimeType ?? 'application/octet-stream';
				binary[property] = await this.helpers.prepareBinaryData(file.data, file.fileName, mimeType);
			}
			output.push({ json: deepCopy(item.json), binary, pairedItem: { item: 0 } });
		}
		return [output];
	}
}

/** Test-only node that only declares the package's credentials (for createExecuteContext). */
function credentialHolderType(credentialNames: string[]): INodeType {
	return {
		description: {
			displayName: 'Harness Credential Holder',
			name: HARNESS_CREDENTIAL_NODE_TYPE,
			group: ['transform'],
			version: 1,
			description: 'Holds a credential so a test can make authenticated requests',
			defaults: { name: 'Credential Holder' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: credentialNames.map((name) => ({ name, required: true })),
			properties: [],
		},
	};
}

/** INodeTypes over a plain map (what n8n's NodeTypes service does over its loaders). */
export class HarnessNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType | IVersionedNodeType>) {}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types[nodeType] ?? this.types[fullNodeType(nodeType)];
		if (!type) {
			throw new UnexpectedError(
				`Unknown node type "${nodeType}". Known: ${Object.keys(this.types).join(', ')}. ` +
					'Is the node listed in package.json n8n.nodes and built?',
			);
		}
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries(Object.keys(this.types).map((name) => [name, {}]));
	}
}

/** Node types a test registered with registerNodeType(). */
const extraNodeTypes: Record<string, INodeType | IVersionedNodeType> = {};

/**
 * Makes a test-only node type available to runWorkflow/runNode/runPoll (e.g. a stand-in node to
 * exercise the harness itself). `type` must be a full name (`n8n-nodes-harness.x`).
 */
export function registerNodeType(type: string, nodeType: INodeType | IVersionedNodeType): void {
	if (!type.includes('.'))
		throw new UnexpectedError('registerNodeType needs a full type name (package.node)');
	extraNodeTypes[type] = nodeType;
}

async function harnessNodeTypes(): Promise<HarnessNodeTypes> {
	const pkg = await loadPackage();
	return new HarnessNodeTypes({
		...pkg.nodeTypes,
		...extraNodeTypes,
		[HARNESS_INPUT_TYPE]: new HarnessInput(),
		[HARNESS_CREDENTIAL_NODE_TYPE]: credentialHolderType(Object.keys(pkg.credentialTypes)),
	});
}

/** Latest version of a node type (what the editor puts on a new node). */
function latestVersion(type: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in type) return type.currentVersion;
	const { version } = type.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

// ---------------------------------------------------------------------------------------------
// additionalData
// ---------------------------------------------------------------------------------------------

export interface AdditionalDataOptions {
	credentialsHelper: ICredentialsHelper;
	hooks?: ExecutionLifecycleHooks;
	executionId?: string;
	workflowId?: string;
}

/**
 * IWorkflowExecuteAdditionalData as n8n's WorkflowExecuteAdditionalData.getBase builds it, with
 * the fields n8n-core probes set explicitly (a mock there breaks n8n-core in odd ways).
 */
export function createAdditionalData(
	options: AdditionalDataOptions,
): IWorkflowExecuteAdditionalData {
	const notAvailable = (what: string) => async (): Promise<never> => {
		throw new UnexpectedError(`${what} is not available in the engine test harness`);
	};
	return {
		credentialsHelper: options.credentialsHelper,
		hooks: options.hooks,
		executionId: options.executionId ?? randomUUID(),
		workflowId: options.workflowId,
		userId: 'harness-user',
		projectId: 'harness-project',
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${INSTANCE_URL}/rest`,
		instanceBaseUrl: `${INSTANCE_URL}/`,
		formBaseUrl: `${INSTANCE_URL}/form`,
		formWaitingBaseUrl: `${INSTANCE_URL}/form-waiting`,
		formTestBaseUrl: `${INSTANCE_URL}/form-test`,
		webhookBaseUrl: `${INSTANCE_URL}/webhook`,
		webhookWaitingBaseUrl: `${INSTANCE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${INSTANCE_URL}/webhook-test`,
		mcpBaseUrl: `${INSTANCE_URL}/mcp`,
		mcpTestBaseUrl: `${INSTANCE_URL}/mcp-test`,
		externalSecretsProxy: new ExternalSecretsProxy(),
		executeWorkflow: notAvailable('executeWorkflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: notAvailable('startRunnerTask (Code node task runner)'),
		logAiEvent: () => {},
		// Probed by n8n-core; must be absent, not mocks.
		encryptedRunnerIdentity: undefined,
		ssrfBridge: undefined,
		evalLlmMockHandler: undefined,
		parentCallbackManager: undefined,
	};
}

// ---------------------------------------------------------------------------------------------
// Credential test (n8n's CredentialsTester, declarative `test` request branch)
// ---------------------------------------------------------------------------------------------

/** What n8n's "Test" button shows: `{ status: 'OK', message: 'Connection successful!' }` or an error. */
export async function testCredential(
	data: ICredentialDataDecryptedObject,
	credentialType: string = CREDENTIAL_TYPE,
): Promise<INodeCredentialTestResult> {
	const pkg = await loadPackage();
	const type = pkg.credentialTypes[credentialType];
	if (!type) throw new UnexpectedError(`Unknown credential type "${credentialType}"`);
	if (!type.test)
		return { status: 'Error', message: 'No testing function found for this credential.' };
	const testRequest = type.test;

	const credentialsDecrypted: ICredentialsDecrypted = {
		id: 'harness-credential',
		name: `${type.displayName} (test)`,
		type: credentialType,
		data: applyCredentialDefaults(type, deepCopy(data)),
	};

	// n8n runs the request on a temporary NoOp node whose only property routes the test request.
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: NOOP_TYPE,
		typeVersion: 1,
		position: [0, 0],
		credentials: {
			[credentialType]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name },
		},
	};
	const nodeTypeCopy: INodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: NOOP_TYPE,
			group: ['organization'],
			version: 1,
			description: 'No Operation',
			defaults: { name: 'No Operation, do nothing' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: credentialType, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new HarnessNodeTypes({ [NOOP_TYPE]: nodeTypeCopy }),
	});
	const credentialsHelper = new HarnessCredentialsHelper(pkg.credentialTypes);
	const additionalData = createAdditionalData({ credentialsHelper });
	const inputData: ITaskDataConnections = { main: [[{ json: {} }]] };
	const runExecutionData: IRunExecutionData = createRunExecutionData({ executionData: null });
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		runExecutionData,
		0,
		[],
		inputData,
		executeData,
		[],
	);
	const routingNode = new RoutingNode(context, nodeTypeCopy, credentialsDecrypted);

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await routingNode.runNode();
	} catch (caught) {
		// Same mapping as CredentialsTester.testCredentials.
		const error = caught as {
			message?: unknown;
			cause?: { response?: { status: number; statusText?: string }; code?: string };
		};
		if (error.cause?.response) {
			const statusCode = error.cause.response.status;
			const statusMessage = error.cause.response.statusText;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return {
					status: 'Error',
					message: statusMessage || `Received HTTP status code: ${statusCode}`,
				};
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: String(error.message) };
	}

	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const body = response?.[0]?.[0]?.json as IDataObject | undefined;
			const value = rule.properties.key
				.split('.')
				.reduce<unknown>((obj, key) => (obj as IDataObject | undefined)?.[key], body);
			if (value === rule.properties.value)
				return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

// ---------------------------------------------------------------------------------------------
// Workflows
// ---------------------------------------------------------------------------------------------

/** A workflow node; id, position and typeVersion may be left out; `type` may be short (`upflow`). */
export type HarnessNode = Omit<INode, 'id' | 'position' | 'typeVersion' | 'parameters'> &
	Partial<Pick<INode, 'id' | 'position' | 'typeVersion' | 'parameters'>>;

export interface RunWorkflowOptions {
	nodes: HarnessNode[];
	connections: IConnections;
	/**
	 * Test credentials, keyed by credential id (as in `node.credentials[type].id`) or by
	 * credential type name (`upflowApi`) for every node using that type.
	 */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Node the execution starts at; default: the first node with no incoming main connection. */
	startNode?: string;
	/** Items the start node receives; default `[{ json: {} }]`. */
	startItems?: INodeExecutionData[];
	mode?: WorkflowExecuteMode;
	staticData?: IDataObject;
	settings?: IWorkflowSettings;
}

export interface WorkflowRunResult {
	run: IRun;
	runData: IRunData;
	/** Execution-level error (the node error that stopped the workflow), if any. */
	error?: ExecutionBaseError;
	/** Output items of a node: output `outputIndex` of its last run (or `runIndex`). */
	output(nodeName: string, outputIndex?: number, runIndex?: number): INodeExecutionData[];
	/**
	 * Error recorded on a node's last run (when it failed and did not continue). Like everything
	 * in run data this is what n8n stores: a plain copy `{ ...error, message, stack }` of the thrown
	 * error (name, description, httpCode, context ... kept; the prototype is not).
	 */
	errorOf(nodeName: string): ExecutionBaseError | undefined;
	/** The workflow's static data after the run. */
	staticData: IDataObject;
	/** Node names in the order they finished (one entry per node run). */
	executionOrder: string[];
	credentialsHelper: HarnessCredentialsHelper;
}

function normalizeNodes(nodes: HarnessNode[], nodeTypes: HarnessNodeTypes): INode[] {
	return nodes.map((node, index) => {
		const type = nodeTypes.getByName(node.type);
		return {
			...node,
			id: node.id ?? randomUUID(),
			type: fullNodeType(node.type),
			typeVersion: node.typeVersion ?? latestVersion(type),
			position: node.position ?? [index * 200, 0],
			parameters: node.parameters ?? {},
		};
	});
}

/** Executes a workflow with n8n-core's WorkflowExecute and waits for `workflowExecuteAfter`. */
export async function runWorkflow(options: RunWorkflowOptions): Promise<WorkflowRunResult> {
	const pkg = await loadPackage();
	const nodeTypes = await harnessNodeTypes();
	const nodes = normalizeNodes(options.nodes, nodeTypes);
	const mode = options.mode ?? 'manual';
	const workflow = new Workflow({
		id: 'harness-workflow',
		name: 'Harness workflow',
		nodes,
		connections: options.connections,
		active: false,
		nodeTypes,
		staticData: options.staticData ? deepCopy(options.staticData) : undefined,
		settings: { executionOrder: 'v1', ...options.settings },
	});

	const startName =
		options.startNode ??
		nodes.find(
			(node) => !workflow.connectionsByDestinationNode[node.name]?.main?.some((c) => c?.length),
		)?.name;
	const startNode = startName ? workflow.getNode(startName) : null;
	if (!startNode) throw new UnexpectedError('The workflow has no start node');

	const credentialsHelper = new HarnessCredentialsHelper(
		pkg.credentialTypes,
		deepCopy(options.credentials ?? {}),
	);
	const executionId = randomUUID();
	const hooks = new ExecutionLifecycleHooks(mode, executionId, {
		id: workflow.id,
		name: 'Harness workflow',
		active: false,
		activeVersionId: null,
		isArchived: false,
		nodes,
		connections: options.connections,
		settings: workflow.settings,
		createdAt: new Date(),
		updatedAt: new Date(),
	});
	const executionOrder: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		executionOrder.push(nodeName);
	});
	const additionalData = createAdditionalData({
		credentialsHelper,
		hooks,
		executionId,
		workflowId: workflow.id,
	});

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: startNode, data: { main: [options.startItems ?? [{ json: {} }]] }, source: null },
			],
		},
	});
	const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
	// Resolves after the `workflowExecuteAfter` hooks ran, with the same IRun they received.
	const run: IRun = await workflowExecute.processRunExecutionData(workflow);
	const runData = run.data.resultData.runData;

	const lastRun = (nodeName: string, runIndex?: number) => {
		const runs = runData[nodeName] ?? [];
		return runs[runIndex ?? runs.length - 1];
	};
	return {
		run,
		runData,
		error: run.data.resultData.error,
		output: (nodeName, outputIndex = 0, runIndex) =>
			lastRun(nodeName, runIndex)?.data?.main?.[outputIndex] ?? [],
		errorOf: (nodeName) => lastRun(nodeName)?.error,
		staticData: workflow.staticData,
		executionOrder,
		credentialsHelper,
	};
}

export interface RunNodeOptions {
	/** Node type: `upflow`, `upflowTrigger` or a full name. */
	type: string;
	parameters: INodeParameters;
	/** Input items (plain JSON, or `itemWithBinary(...)`); default one empty item. */
	items?: HarnessInputItem[];
	/** Credential data for the node (upflowApi unless `credentialType` says otherwise). */
	credentials?: ICredentialDataDecryptedObject;
	credentialType?: string;
	/** The node setting "On Error: Continue" (regular output). */
	continueOnFail?: boolean;
	/** Other node settings: retryOnFail, maxTries, waitBetweenTries, alwaysOutputData ... */
	settings?: Partial<
		Pick<
			INode,
			| 'retryOnFail'
			| 'maxTries'
			| 'waitBetweenTries'
			| 'alwaysOutputData'
			| 'executeOnce'
			| 'onError'
		>
	>;
	typeVersion?: number;
	mode?: WorkflowExecuteMode;
}

export interface NodeRunResult extends WorkflowRunResult {
	/** Main output 0 of the node under test (json, binary, pairedItem, error per item). */
	items: INodeExecutionData[];
	/** Every main output of the node under test. */
	outputs: INodeExecutionData[][];
	/** The node under test's error when it failed (see errorOf), else the execution's error. */
	error?: ExecutionBaseError;
}

/** Runs one node fed by the harness input node: `Harness Input -> Node Under Test`. */
export async function runNode(options: RunNodeOptions): Promise<NodeRunResult> {
	const key = randomUUID();
	pendingInputs.set(key, options.items ?? [{}]);
	const credentialType = options.credentialType ?? CREDENTIAL_TYPE;
	try {
		const result = await runWorkflow({
			mode: options.mode,
			nodes: [
				{ name: INPUT_NODE_NAME, type: HARNESS_INPUT_TYPE, parameters: { key } },
				{
					name: NODE_UNDER_TEST,
					type: fullNodeType(options.type),
					typeVersion: options.typeVersion,
					parameters: options.parameters,
					...(options.credentials && {
						credentials: { [credentialType]: { id: 'harness-credential', name: 'Upflow account' } },
					}),
					...(options.continueOnFail && { onError: 'continueRegularOutput' as const }),
					...options.settings,
				},
			],
			connections: {
				[INPUT_NODE_NAME]: {
					main: [[{ node: NODE_UNDER_TEST, type: NodeConnectionTypes.Main, index: 0 }]],
				},
			},
			credentials: options.credentials ? { 'harness-credential': options.credentials } : {},
		});
		const runs = result.runData[NODE_UNDER_TEST] ?? [];
		const outputs = (runs[runs.length - 1]?.data?.main ?? []).map((items) => items ?? []);
		return {
			...result,
			items: outputs[0] ?? [],
			outputs,
			error: result.errorOf(NODE_UNDER_TEST) ?? result.error,
		};
	} finally {
		pendingInputs.delete(key);
	}
}

/** The bytes of a binary property of an output item (memory mode or a stored id alike). */
export async function binaryBuffer(item: INodeExecutionData, property = 'data'): Promise<Buffer> {
	const binary = item.binary?.[property];
	if (!binary) throw new UnexpectedError(`The item has no binary property "${property}"`);
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

// ---------------------------------------------------------------------------------------------
// Polling triggers
// ---------------------------------------------------------------------------------------------

export interface RunPollOptions {
	/** Default `upflowTrigger`. */
	type?: string;
	parameters: INodeParameters;
	credentials: ICredentialDataDecryptedObject;
	credentialType?: string;
	/** The node's static data before the poll (`getWorkflowStaticData('node')`); default {}. */
	staticData?: IDataObject;
	/**
	 * `trigger`: a scheduled poll of an active workflow (PollTriggerExecutor, activation mode
	 * `activate`); `manual`: the editor's "Fetch Test Event" (PollContext in manual mode).
	 */
	mode?: 'trigger' | 'manual';
	/** Node name (static data is stored under `node:<name>`); default "Upflow Trigger". */
	nodeName?: string;
	/** What `this.getPollBudgetMs()` answers (n8n-core's default: 5 minutes). */
	pollBudgetMs?: number;
}

export interface PollResult {
	/** What the poll emitted (first output), [] when it returned null. */
	items: INodeExecutionData[];
	/** poll()'s raw return value (null when nothing new). */
	response: INodeExecutionData[][] | null;
	/** The node static data object after the poll (JSON copy, as n8n would persist it). */
	staticData: IDataObject;
	/** The PollContext the poll ran with. */
	context: PollContext;
}

/** Runs a trigger node's `poll()` through n8n-core's PollContext. */
export async function runPoll(options: RunPollOptions): Promise<PollResult> {
	const pkg = await loadPackage();
	const nodeTypes = await harnessNodeTypes();
	const credentialType = options.credentialType ?? CREDENTIAL_TYPE;
	const [node] = normalizeNodes(
		[
			{
				name: options.nodeName ?? 'Upflow Trigger',
				type: fullNodeType(options.type ?? 'upflowTrigger'),
				parameters: options.parameters,
				credentials: { [credentialType]: { id: 'harness-credential', name: 'Upflow account' } },
			},
		],
		nodeTypes,
	);
	const workflow = new Workflow({
		id: 'harness-poll-workflow',
		name: 'Harness poll workflow',
		nodes: [node],
		connections: {},
		active: options.mode !== 'manual',
		nodeTypes,
		staticData: { [`node:${node.name}`]: deepCopy(options.staticData ?? {}) },
		settings: { executionOrder: 'v1' },
	});
	const credentialsHelper = new HarnessCredentialsHelper(pkg.credentialTypes, {
		'harness-credential': deepCopy(options.credentials),
	});
	const additionalData = createAdditionalData({ credentialsHelper, workflowId: workflow.id });
	const nodeStaticData = () => workflow.getStaticData('node', node);
	const pollBudget =
		options.pollBudgetMs === undefined ? undefined : () => options.pollBudgetMs as number;

	let response: INodeExecutionData[][] | null = null;
	let context: PollContext;
	if (options.mode === 'manual') {
		// WorkflowExecute.executePollNode: a manual run calls poll() directly.
		context = new PollContext(
			workflow,
			node,
			additionalData,
			'manual',
			'manual',
			undefined,
			undefined,
			undefined,
			undefined,
			undefined,
			pollBudget,
		);
		const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		if (!nodeType.poll) throw new UnexpectedError(`Node type "${node.type}" has no poll() method`);
		response = await nodeType.poll.call(context);
	} else {
		// An active workflow's scheduled poll: PollTriggerExecutor -> TriggersAndPollers.runPollFunction,
		// emitted data goes to __emit, errors to __emitError.
		let emitted: INodeExecutionData[][] | null = null;
		let emittedError: Error | undefined;
		context = new PollContext(
			workflow,
			node,
			additionalData,
			'trigger',
			'activate',
			(data) => {
				emitted = data;
			},
			(error) => {
				emittedError = error;
			},
			undefined,
			undefined,
			undefined,
			pollBudget,
		);
		const poll = Container.get(PollTriggerExecutor).create(workflow, node, context, () => true);
		await poll(false);
		if (emittedError) throw emittedError;
		response = emitted;
	}
	return {
		items: response?.[0] ?? [],
		response,
		staticData: JSON.parse(JSON.stringify(nodeStaticData())) as IDataObject,
		context,
	};
}

// ---------------------------------------------------------------------------------------------
// A real ExecuteContext for transport tests
// ---------------------------------------------------------------------------------------------

export interface ExecuteContextOptions {
	credentialType?: string;
	/** Input items of the context (`getInputData()`); default one empty item. */
	items?: INodeExecutionData[];
	mode?: WorkflowExecuteMode;
}

/**
 * A real n8n-core ExecuteContext for a one-node workflow whose node has the credential attached,
 * so `ctx.helpers.httpRequestWithAuthentication.call(ctx, 'upflowApi', options)` goes through
 * n8n's credential lookup, the credential's `authenticate` block and n8n's HTTP client.
 */
export async function createExecuteContext(
	credentials: ICredentialDataDecryptedObject,
	options: ExecuteContextOptions = {},
): Promise<ExecuteContext & { credentialsHelper: HarnessCredentialsHelper }> {
	const pkg = await loadPackage();
	const nodeTypes = await harnessNodeTypes();
	const credentialType = options.credentialType ?? CREDENTIAL_TYPE;
	const [node] = normalizeNodes(
		[
			{
				name: 'Credential Holder',
				type: HARNESS_CREDENTIAL_NODE_TYPE,
				credentials: { [credentialType]: { id: 'harness-credential', name: 'Upflow account' } },
			},
		],
		nodeTypes,
	);
	const workflow = new Workflow({
		id: 'harness-context-workflow',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});
	const credentialsHelper = new HarnessCredentialsHelper(pkg.credentialTypes, {
		'harness-credential': deepCopy(credentials),
	});
	const additionalData = createAdditionalData({ credentialsHelper, workflowId: workflow.id });
	const items = options.items ?? [{ json: {} }];
	const inputData: ITaskDataConnections = { main: [items] };
	const executeData: IExecuteData = { node, data: inputData, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		options.mode ?? 'manual',
		createRunExecutionData(),
		0,
		items,
		inputData,
		executeData,
		[],
	);
	return Object.assign(context, { credentialsHelper });
}
