import {BbError} from '../errors.js';
import {formatCount} from '../text/numbers.js';

/** Budget state quoted in rate-limit errors. */
export interface BudgetState {
	used: number;
	limit: number;
}

interface ErrorEnvelope {
	message?: string;
	detail?: unknown;
}

/** Read Bitbucket's `{"type":"error","error":{"message","detail"}}` envelope; tolerate anything else. */
export function parseErrorEnvelope(body: string): ErrorEnvelope {
	try {
		const parsed = JSON.parse(body) as {error?: {message?: unknown; detail?: unknown}} | null;
		const error = parsed?.error;
		if (error && typeof error === 'object') {
			return {message: typeof error.message === 'string' ? error.message : undefined, detail: error.detail};
		}
	} catch {
		// Not JSON: fall through.
	}
	return {};
}

function stringList(value: unknown): string[] | undefined {
	if (!Array.isArray(value)) return undefined;
	const items = value.filter((item): item is string => typeof item === 'string');
	return items.length > 0 ? items : undefined;
}

function scopesFromMessage(message: string | undefined): string[] | undefined {
	const match = message?.match(/required:\s*([\w:, -]+)/i);
	if (!match?.[1]) return undefined;
	const scopes = match[1].split(/[\s,]+/).filter(scope => /^[\w-]+:[\w-]+(:[\w-]+)?$/.test(scope));
	return scopes.length > 0 ? scopes : undefined;
}

const CENTRALLY_MANAGED = /atlassian admin|admin\.atlassian\.com|centrali[sz]ed|organi[sz]ation admin|managed (in|by|from)/i;

function withServerMessage(text: string, server: string | undefined): string {
	return server ? `${text}: ${server}` : text;
}

/**
 * Translate an HTTP error status into the one error model. `endpoint` is "METHOD /path" (never the
 * query or headers). The server's message is kept where it helps the admin act.
 */
export function errorFromStatus(status: number, body: string, endpoint: string, budget?: BudgetState, retryAfterMs?: number): BbError {
	const {message: server, detail} = parseErrorEnvelope(body);
	const detailObject = detail && typeof detail === 'object' ? (detail as {required?: unknown; granted?: unknown}) : undefined;
	const options = {status, endpoint};
	switch (true) {
		case status === 401:
			return new BbError(
				'auth',
				'Bitbucket rejected the email and API token (401): check the email and token; API tokens need your Atlassian account email, not your username',
				{...options, hint: 'Run `bbaccess login` to store a working email and API token.'},
			);
		case status === 403: {
			const required = stringList(detailObject?.required) ?? scopesFromMessage(server);
			if (required) {
				return new BbError('missing-scope', `The API token lacks the scope${required.length > 1 ? 's' : ''} ${required.join(', ')} needed for ${endpoint} (403)`, {
					...options,
					requiredScopes: required,
					grantedScopes: stringList(detailObject?.granted),
					hint: `Create an API token that includes ${required.join(', ')} and run \`bbaccess login\`.`,
				});
			}
			if (server && CENTRALLY_MANAGED.test(server)) {
				return new BbError('forbidden', withServerMessage(`Bitbucket refused ${endpoint} (403)`, server), options);
			}
			return new BbError('not-admin', withServerMessage(`Not allowed: ${endpoint} needs admin rights (403)`, server), options);
		}
		case status === 404:
			return new BbError('not-found', withServerMessage(`Not found or not visible to this account: ${endpoint} (404)`, server), options);
		case status === 405:
			return new BbError('forbidden', withServerMessage(`Bitbucket does not allow ${endpoint} (405); it may be managed in Atlassian Administration`, server), options);
		case status === 410:
			return new BbError('removed', withServerMessage(`Bitbucket removed ${endpoint} (410)`, server), options);
		case status === 429: {
			const state = budget ? `; this account used ${formatCount(budget.used)} of about ${formatCount(budget.limit)} requests in the last hour` : '';
			const wait = retryAfterMs ? ` Bitbucket asks to wait ${Math.ceil(retryAfterMs / 1000)} s.` : '';
			return new BbError('rate-limited', `Bitbucket rate limit reached (429) on ${endpoint}${state}.${wait}`, {
				...options,
				retryAfterMs,
				hint: 'Wait a few minutes and retry; sync only the workspaces you need with --workspace.',
			});
		}
		case status === 400:
			return new BbError('bad-request', withServerMessage(`Bitbucket rejected ${endpoint} as invalid (400)`, server), options);
		case status === 409:
			return new BbError('conflict', withServerMessage(`Conflict on ${endpoint} (409)`, server), options);
		case status >= 500:
			return new BbError('server', withServerMessage(`Bitbucket failed on ${endpoint} (${status}); try again later`, server), options);
		case status >= 300 && status < 400:
			return new BbError('malformed', `${endpoint} answered with a redirect (${status}); bbaccess does not follow redirects with credentials: check the API URL`, options);
		default:
			return new BbError('bad-request', withServerMessage(`Unexpected HTTP ${status} from ${endpoint}`, server), options);
	}
}

/** A failure below HTTP (refused, reset, DNS, TLS, timeout), naming the host and the code. */
export function networkError(error: unknown, host: string, endpoint: string): BbError {
	const code = errorCode(error) ?? 'unknown error';
	const text = error instanceof Error && error.message && !error.message.includes(code) ? ` (${error.message})` : '';
	return new BbError('network', `Could not reach ${host} for ${endpoint}: ${code}${text}`, {
		endpoint,
		hint: 'Check the network connection, proxy settings (HTTPS_PROXY/NO_PROXY) and the API URL.',
	});
}

export function errorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const code = (current as {code?: unknown}).code;
		if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
		if (typeof code === 'string') {
			const inner = (current as {cause?: unknown}).cause;
			const innerCode = inner && typeof inner === 'object' ? (inner as {code?: unknown}).code : undefined;
			return typeof innerCode === 'string' ? innerCode : code;
		}
		current = (current as {cause?: unknown}).cause;
	}
	return undefined;
}

const RETRYABLE_NETWORK = new Set([
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'ECONNABORTED',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
	'UND_ERR_CLOSED',
]);

/** Connection resets and timeouts are retried; refused connections and DNS failures are reported at once. */
export function isRetryableNetworkError(error: unknown): boolean {
	const code = errorCode(error);
	if (code && RETRYABLE_NETWORK.has(code)) return true;
	return error instanceof Error && /other side closed|terminated|socket hang up/i.test(error.message);
}

export const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/** Retry-After as milliseconds (seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (!text) return undefined;
	if (/^\s*\d+(\.\d+)?\s*$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
