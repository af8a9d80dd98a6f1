import {EnvHttpProxyAgent, request, type Dispatcher} from 'undici';

/**
 * The only place that touches undici. One keep-alive dispatcher per client; HTTPS_PROXY,
 * HTTP_PROXY and NO_PROXY are honoured through undici's EnvHttpProxyAgent. TLS verification is
 * left at undici's defaults (always on).
 */
export function createDispatcher(connections: number): Dispatcher {
	return new EnvHttpProxyAgent({
		connections,
		keepAliveTimeout: 30_000,
		keepAliveMaxTimeout: 120_000,
		headersTimeout: 60_000,
		bodyTimeout: 60_000,
	});
}

export interface RawResponse {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
	bytes: number;
}

export interface RawRequest {
	url: string;
	method: 'GET' | 'PUT' | 'DELETE';
	headers: Record<string, string>;
	body?: string;
	signal?: AbortSignal;
}

/** One attempt: send, read the whole body. Throws undici/network errors unchanged (the client translates them). */
export async function sendOnce(dispatcher: Dispatcher, raw: RawRequest): Promise<RawResponse> {
	const response = await request(raw.url, {
		dispatcher,
		method: raw.method,
		headers: raw.headers,
		body: raw.body,
		signal: raw.signal,
	});
	const buffer = Buffer.from(await response.body.arrayBuffer());
	return {status: response.statusCode, headers: response.headers, body: buffer.toString('utf8'), bytes: buffer.byteLength};
}
