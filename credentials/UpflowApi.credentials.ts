import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * One key pair = one Upflow organization. The limits live here, beside the key, because they are
 * the organization's: every node using this credential shares one limiter (see transport/limiter).
 */
export class UpflowApi implements ICredentialType {
	name = 'upflowApi';

	displayName = 'Upflow API';

	icon: Icon = {
		light: 'file:../nodes/Upflow/upflow.svg',
		dark: 'file:../nodes/Upflow/upflow.dark.svg',
	};

	documentationUrl = 'https://github.com/upflow-n8n/n8n-nodes-upflow#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'In Upflow: Settings > API. One key pair belongs to one organization.',
		},
		{
			displayName: 'API Secret',
			name: 'apiSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Shown once in Upflow when the key pair is created',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production', description: 'https://api.upflow.io/v1' },
				{ name: 'Sandbox', value: 'sandbox', description: 'https://api.sandbox.upflow.io/v1' },
				{ name: 'Custom Host', value: 'custom', description: 'A proxy or a local Upflow emulator' },
			],
			default: 'production',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://upflow-proxy.example.com',
			description: 'The host, with or without the trailing /v1: both work',
			hint:
				'With its scheme, e.g. https://upflow-proxy.example.com. If Test answers ECONNREFUSED (nothing ' +
				'listens there), ENOTFOUND (no such host) or ERR_INVALID_URL (no https://), this URL is wrong.',
			displayOptions: { show: { environment: ['custom'] } },
			required: true,
		},
		{
			displayName: 'Requests per Minute',
			name: 'requestsPerMinute',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 600,
			description:
				"The organization's rate limit (Upflow's default is 600). Lower it to leave room for " +
				'other tools that use the same Upflow organization.',
		},
		{
			displayName: 'Max Concurrent Requests',
			name: 'maxConcurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 10 },
			default: 5,
			description:
				'Requests in flight at once for this organization. Upflow allows 10 and recommends 5 for imports.',
		},
		{
			displayName: 'Processes Sharing This Key',
			name: 'sharedByProcesses',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: 1,
			description:
				'How many n8n processes use this Upflow organization at once: in queue mode, the ' +
				'number of workers (plus the main instance if it runs executions). Each process starts ' +
				'at its share of the limits above and adapts to what Upflow answers; one that finds the ' +
				'organization idle takes more. Leave 1 for a single n8n instance.',
		},
		{
			displayName: 'Max Retry Time (Seconds)',
			name: 'retryBudgetSeconds',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 3600 },
			default: 120,
			description:
				'How long one request may keep retrying after connection errors, 429 and 5xx answers ' +
				'(backoff 1 s, 2 s, 4 s ... up to 30 s). 0 turns retries off.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-Api-Key': '={{$credentials.apiKey}}',
				'X-Api-Secret': '={{$credentials.apiSecret}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			// Same rule as resolveBaseUrl in nodes/Upflow/transport/connection.ts: strip trailing slashes and /v1, then add /v1 once.
			baseURL:
				'={{ ($credentials.environment === "sandbox" ? "https://api.sandbox.upflow.io" : $credentials.environment ' +
				'=== "custom" ? String($credentials.baseUrl).trim().replace(/\\/+$/, "").replace(/\\/v1$/, ' +
				'"") : "https://api.upflow.io") + "/v1" }}',
			url: '/customers',
			qs: { offset: 0, limit: 1 },
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Upflow rejected the API key or secret. Copy both again from Upflow > Settings > ' +
						'API and check that the Environment matches the key (a sandbox key does not work ' +
						'in production).',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'There is no Upflow API at this Base URL: GET /v1/customers answered 404 (Not Found). ' +
						'Check the Environment and, for a Custom Host, the Base URL: the host alone with ' +
						'its scheme (for example https://upflow-proxy.example.com), with or without /v1.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Upflow rejected the API key or secret for this organization. Check that the key pair is active in Upflow > Settings > API.',
				},
			},
		],
	};
}
