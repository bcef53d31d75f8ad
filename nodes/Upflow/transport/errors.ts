import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { PRODUCTION_HOST, SANDBOX_HOST, redact } from './connection';
import type { Failure } from './retry';

/** Why a call ended in an error, beyond the failure itself. */
export type FailureKind =
	/** Upflow said no (4xx other than 429): retrying would fail the same way. */
	| 'refused'
	/** Transient failures went on past the retry budget. */
	| 'exhausted'
	/** A non-idempotent call may have reached Upflow; repeating it could duplicate it. */
	| 'not-repeated'
	/** The organization has not answered in this execution and its host cannot be connected to. */
	| 'unreachable';

export interface CallDescription {
	method: string;
	path: string;
	itemIndex?: number;
	/** 0: not sent, because the execution's first request could not connect. */
	attempts: number;
	waitedMs: number;
	/** The credential's base URL (ends in /v1): named when it is the likely mistake. */
	baseUrl: string;
}

const STATUS_HINTS: Record<number, string> = {
	400: 'Upflow did not accept a value it was sent. Fix the field named above in the input item or the node parameters.',
	401: 'The API key or secret is wrong, revoked, or belongs to another environment. Update the Upflow API credential (Upflow > Settings > API).',
	403: 'This key pair may not do this. Check its permissions in Upflow > Settings > API.',
	404: 'No such record in this organization. Check the ID or External ID and the Environment of the credential; to create a record use Create or Update.',
	409: 'The record is in a state that forbids this, for example a customer that still has invoices or payments cannot be deleted. Remove what depends on it first.',
};

const CHECK_CREDENTIAL = 'check the Base URL and the Environment of the Upflow API credential';

const BASE_URL_ADVICE = `The credential's Environment chooses the host: Production is ${PRODUCTION_HOST}/v1, Sandbox ${SANDBOX_HOST}/v1; for a Custom Host, Base URL is the host alone with its scheme (for example https://upflow-proxy.example.com), with or without /v1.`;

/** Why no connection could be made, by the code n8n's HTTP client gives. */
const CONNECT_FAILURES: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ENOTFOUND: 'the host name does not resolve',
	EAI_AGAIN: 'the host name could not be resolved',
	ERR_INVALID_URL: 'it is not a valid URL',
	EPROTO: 'the TLS handshake failed',
};

function couldNotConnectBecause(failure: Failure): string {
	const code = failure.code ?? 'no code';
	const why =
		CONNECT_FAILURES[code] ?? failure.upflowMessage?.split('\n')[0] ?? 'the connection failed';
	return `${why} (${code})`;
}

/** A path with one segment is a collection every organization has (`/customers`), not one record. */
function isCollection(path: string): boolean {
	return /^\/[^/]+$/.test(path);
}

function whatFailed(failure: Failure): string {
	if (failure.kind === 'connection')
		return `the connection failed (${failure.code ?? 'no code given'})`;
	if (failure.kind === 'rate-limited') return 'Upflow answered 429 (rate limited)';
	return `Upflow answered ${failure.status ?? 'with no status'}`;
}

function describe(
	failure: Failure,
	outcome: FailureKind,
	call: CallDescription,
): { message: string; description: string } {
	const forItem = call.itemIndex === undefined ? '' : ` for item ${call.itemIndex}`;
	const request = `${call.method} ${call.path}`;
	const seconds = Math.round(call.waitedMs / 1000);
	if (outcome === 'unreachable') {
		const tried =
			call.attempts === 0
				? `${request} was not sent: this execution's first request to the organization could not connect.`
				: `${request} was this execution's first request to the organization, and no connection could be made (${call.attempts} ${call.attempts === 1 ? 'attempt' : 'attempts'} over ${seconds} s).`;
		return {
			message: `Could not connect to Upflow at ${call.baseUrl}${forItem}: ${couldNotConnectBecause(failure)}; ${CHECK_CREDENTIAL}`,
			description: `${tried} ${BASE_URL_ADVICE} If this credential worked before, Upflow or the network may be down: run it again later.`,
		};
	}
	if (outcome === 'refused' && failure.status === 404 && isCollection(call.path)) {
		const said = failure.upflowMessage ? ` (the server said: ${failure.upflowMessage})` : '';
		return {
			message: `There is no Upflow API at ${call.baseUrl}${forItem}: ${request} answered 404 (Not Found); ${CHECK_CREDENTIAL}`,
			description: `${call.path} is a collection every Upflow organization has, so a 404 there means the request did not reach Upflow's API${said}. ${BASE_URL_ADVICE} Not retried: the same request would fail the same way.`,
		};
	}
	if (outcome === 'refused') {
		const status = failure.status ?? 0;
		const hint =
			STATUS_HINTS[status] ?? 'Check the values sent; Upflow says above what it could not accept.';
		return {
			message: `Upflow refused the request${forItem} (${status}): ${failure.upflowMessage ?? 'no reason given'}`,
			description: `${request} answered ${status}. ${hint} Not retried: the same request would fail the same way.`,
		};
	}
	if (outcome === 'not-repeated') {
		return {
			message: `The request${forItem} may have reached Upflow, but ${whatFailed(failure)}: check in Upflow whether it was applied before running it again`,
			description: `${request} was not repeated, because repeating it could create a duplicate.`,
		};
	}
	if (failure.kind === 'rate-limited') {
		return {
			message: `Upflow kept rate-limiting the request${forItem} (429) for ${seconds} s`,
			description: `${request} was tried ${call.attempts} times. Another workflow or tool is probably using the same organization's limits: lower 'Requests per Minute' in the Upflow API credential, or run this later.`,
		};
	}
	return {
		message: `Upflow could not be reached${forItem}: ${whatFailed(failure)} on ${call.attempts} attempts over ${seconds} s; run it again later`,
		description: `${request} got no usable answer on any attempt. Upflow may be down or the network interrupted: run the workflow again later (writes by External ID are safe to repeat), or raise 'Max Retry Time' in the Upflow API credential.`,
	};
}

/**
 * The only way the transport reports an HTTP failure. It is built from a plain, sanitized object,
 * never from the error n8n threw (that one carries the request's headers, including the secret).
 */
export function upflowApiError(
	node: INode,
	failure: Failure,
	outcome: FailureKind,
	call: CallDescription,
	secrets: readonly string[],
): NodeApiError {
	const { message, description } = describe(failure, outcome, call);
	const clean = (text: string) => redact(text, secrets);
	const response: JsonObject = {
		message: clean(message),
		...(failure.status !== undefined ? { httpCode: String(failure.status) } : {}),
		...(failure.code !== undefined ? { code: failure.code } : {}),
		...(failure.upflowMessage !== undefined ? { upflowMessage: clean(failure.upflowMessage) } : {}),
	};
	const error = new NodeApiError(node, response, {
		message: clean(message),
		description: clean(description),
		httpCode: failure.status !== undefined ? String(failure.status) : failure.code,
		itemIndex: call.itemIndex,
		failure: failureCause(failure, outcome, call),
	});
	// NodeApiError swaps a message that names a socket code (ECONNREFUSED ...) for n8n's generic one,
	// which names no item and, for a call that may have been applied, invites a blind retry.
	error.message = clean(message);
	return error;
}

function failureCause(
	failure: Failure,
	outcome: FailureKind,
	call: CallDescription,
): NodeApiError['failure'] {
	if (outcome === 'unreachable' || (failure.status === 404 && isCollection(call.path)))
		return { cause: 'configuration-invalid' };
	if (failure.kind === 'rate-limited')
		return { cause: 'rate-limited', retryAfterMs: failure.retryAfterMs };
	if (failure.kind === 'server' || failure.kind === 'connection')
		return { cause: 'temporarily-unavailable' };
	if (failure.status === 401 || failure.status === 403) return { cause: 'credential-invalid' };
	return undefined;
}
