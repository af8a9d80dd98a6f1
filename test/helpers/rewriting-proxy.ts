/**
 * A loopback proxy in front of an emulator that can rewrite answers: tests use it to send a response
 * Bitbucket might send but the emulator never does (list items without their fields, server text with
 * escape sequences). The Host header is passed through, so `next` links point back at the proxy.
 */
import http from 'node:http';
import type {AddressInfo} from 'node:net';

/** Return a new body for a GET of `path` (without the query), or undefined to pass it through. */
export type Rewrite = (path: string, body: unknown) => unknown;

export interface RewritingProxy {
	url: string;
	rewrite: Rewrite | undefined;
	/** Return text to send verbatim (e.g. cut-off JSON) for a GET of `path`, or undefined. */
	raw: ((path: string) => string | undefined) | undefined;
	/** Return an HTTP status to answer a PUT/DELETE of `path` with (sent nowhere: nothing changes), or undefined to pass it on. */
	failWrite: ((method: string, path: string) => number | undefined) | undefined;
	/** Milliseconds to hold the answer to a request of `path` before sending it (0 or undefined: at once). */
	delay: ((method: string, path: string) => number | undefined) | undefined;
	close(): Promise<void>;
}

export async function startRewritingProxy(target: string): Promise<RewritingProxy> {
	const upstream = new URL(target);
	const proxy: RewritingProxy = {url: '', rewrite: undefined, raw: undefined, failWrite: undefined, delay: undefined, close: async () => undefined};
	const server = http.createServer((request, response) => {
		const failed = request.method === 'PUT' || request.method === 'DELETE' ? proxy.failWrite?.(request.method, new URL(request.url ?? '/', 'http://proxy.invalid').pathname) : undefined;
		if (failed !== undefined) {
			request.resume();
			response.writeHead(failed, {'content-type': 'application/json'});
			response.end(JSON.stringify({type: 'error', error: {message: `Injected failure (${failed})`}}));
			return;
		}
		const forwarded = http.request(
			{host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers},
			answer => {
				const chunks: Buffer[] = [];
				answer.on('data', (chunk: Buffer) => chunks.push(chunk));
				answer.on('end', () => {
					let text = Buffer.concat(chunks).toString('utf8');
					const path = new URL(request.url ?? '/', 'http://proxy.invalid').pathname;
					const raw = request.method === 'GET' && answer.statusCode === 200 ? proxy.raw?.(path) : undefined;
					if (raw !== undefined) text = raw;
					else if (proxy.rewrite && request.method === 'GET' && answer.statusCode === 200) {
						try {
							const replaced = proxy.rewrite(path, JSON.parse(text));
							if (replaced !== undefined) text = JSON.stringify(replaced);
						} catch {
							// Not JSON: passed through as it came.
						}
					}
					const headers = {...answer.headers, 'content-length': String(Buffer.byteLength(text))};
					const send = () => {
						response.writeHead(answer.statusCode ?? 502, headers);
						response.end(text);
					};
					const wait = proxy.delay?.(request.method ?? 'GET', path) ?? 0;
					if (wait > 0) setTimeout(send, wait);
					else send();
				});
			},
		);
		forwarded.on('error', () => response.destroy());
		request.pipe(forwarded);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	proxy.close = () =>
		new Promise<void>(resolve => {
			server.closeAllConnections();
			server.close(() => resolve());
		});
	return proxy;
}
