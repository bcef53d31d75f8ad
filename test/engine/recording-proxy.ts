/* eslint-disable @n8n/community-nodes/no-restricted-imports -- a test HTTP proxy run by Node, not n8n */
/**
 * A tiny reverse proxy for engine tests: forwards every request to `target` unchanged and records
 * what arrived (method, URL, headers). The emulator's own log holds no headers (by design it never
 * stores the key), so tests that must see the X-Api-Key / X-Api-Secret headers on the wire point
 * the credential at this proxy instead of at the emulator.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
	method: string;
	/** Path + query string as received. */
	url: string;
	headers: http.IncomingHttpHeaders;
	/** Status the target answered (0 if the target could not be reached). */
	status: number;
}

export interface RecordingProxy {
	/** `http://127.0.0.1:<port>`: use as the credential's base URL. */
	url: string;
	requests: RecordedRequest[];
	close(): Promise<void>;
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
	const targetUrl = new URL(target);
	const requests: RecordedRequest[] = [];
	const server = http.createServer((req, res) => {
		const record: RecordedRequest = {
			method: req.method ?? '',
			url: req.url ?? '',
			headers: { ...req.headers },
			status: 0,
		};
		requests.push(record);
		const upstream = http.request(
			{
				host: targetUrl.hostname,
				port: targetUrl.port,
				method: req.method,
				path: req.url,
				headers: { ...req.headers, host: targetUrl.host },
			},
			(upstreamRes) => {
				record.status = upstreamRes.statusCode ?? 0;
				res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
				upstreamRes.pipe(res);
			},
		);
		upstream.on('error', () => {
			if (!res.headersSent) res.writeHead(502);
			res.end();
		});
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: async () =>
			await new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
