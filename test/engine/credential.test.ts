/**
 * The credential's declarative `test` request, run the way n8n's "Test" button runs it
 * (CredentialsTester -> RoutingNode on a temporary node), against the emulator over HTTP.
 */
import { DEMO_API_KEY, DEMO_API_SECRET, startEmulator, type Emulator } from '../emulator';
import { testCredential, upflowCredentials } from './harness';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy';

const REJECTED = 'Upflow rejected the API key or secret';

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

describe('credential test (n8n "Test" button)', () => {
	it('passes with the demo key pair', async () => {
		const result = await testCredential(upflowCredentials(emulator));

		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const log = emulator.log(DEMO_API_KEY);
		expect(log).toHaveLength(1);
		expect(log[0]).toMatchObject({
			method: 'GET',
			path: '/v1/customers',
			query: { offset: '0', limit: '1' },
			status: 200,
		});
	});

	it.each([
		['a wrong key', { apiKey: 'not-the-key' }],
		['a wrong secret', { apiSecret: 'not-the-secret' }],
		['empty key and secret', { apiKey: '', apiSecret: '' }],
	])('fails with the rule message for %s', async (_, overrides) => {
		const result = await testCredential(upflowCredentials(emulator, overrides));

		expect(result.status).toBe('Error');
		expect(result.message.startsWith(REJECTED)).toBe(true);
		expect(result.message).toContain('Settings > API');
		// n8n-core's httpRequestWithAuthentication repeats a request once after a 401 (its token
		// refresh path runs for every credential type, even one without an expirable field), so
		// the "Test" button sends the request twice: both are refused.
		expect(emulator.log().map((entry) => entry.status)).toEqual([401, 401]);
	});

	it('sends both headers with the values from the credential', async () => {
		const result = await testCredential(upflowCredentials(proxy));

		expect(result.status).toBe('OK');
		expect(proxy.requests).toHaveLength(1);
		const [request] = proxy.requests;
		expect(request.method).toBe('GET');
		expect(request.url).toBe('/v1/customers?offset=0&limit=1');
		expect(request.headers['x-api-key']).toBe(DEMO_API_KEY);
		expect(request.headers['x-api-secret']).toBe(DEMO_API_SECRET);
		expect(request.status).toBe(200);
		// ... and the emulator filed it under the demo organization (its log keeps a hash, not the key)
		expect(emulator.log(DEMO_API_KEY)).toMatchObject([{ path: '/v1/customers', status: 200 }]);
	});

	it.each(['', '/', '/v1', '/v1/', '//', '/v1//'])(
		'reaches /v1/customers with the base URL written as host + "%s"',
		async (suffix) => {
			const result = await testCredential(
				upflowCredentials(emulator, { baseUrl: `${emulator.url}${suffix}` }),
			);

			expect(result.status).toBe('OK');
			expect(emulator.log().map((entry) => `${entry.status} ${entry.path}`)).toEqual([
				'200 /v1/customers',
			]);
		},
	);

	it('tolerates spaces around the base URL', async () => {
		const result = await testCredential(
			upflowCredentials(emulator, { baseUrl: `  ${emulator.baseUrl}/  ` }),
		);

		expect(result.status).toBe('OK');
		expect(emulator.log().map((entry) => entry.path)).toEqual(['/v1/customers']);
	});

	it('reports an unreachable host by its error code, not a stack', async () => {
		const closed = await startEmulator({ port: 0 });
		const url = closed.url;
		await closed.close();

		const result = await testCredential(upflowCredentials({ url }));

		expect(result).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
	});
});
