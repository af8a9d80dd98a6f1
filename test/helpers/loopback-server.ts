import http from 'node:http';
import type {AddressInfo} from 'node:net';

export interface RecordedRequest {
	method: string;
	/** The request target exactly as sent (path and query, undecoded). */
	rawPath: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}

export type LoopbackHandler = (request: RecordedRequest, response: http.ServerResponse, index: number) => void | Promise<void>;

export interface LoopbackServer {
	url: string;
	requests: RecordedRequest[];
	close(): Promise<void>;
}

/** A tiny HTTP server on 127.0.0.1 that records every request (raw path, headers, body). */
export async function startLoopbackServer(handler: LoopbackHandler): Promise<LoopbackServer> {
	const requests: RecordedRequest[] = [];
	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', chunk => chunks.push(chunk as Buffer));
		request.on('end', () => {
			const recorded: RecordedRequest = {method: request.method ?? '', rawPath: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8')};
			requests.push(recorded);
			void Promise.resolve(handler(recorded, response, requests.length - 1)).catch(() => response.destroy());
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: () => new Promise<void>(resolve => {
			server.closeAllConnections();
			server.close(() => resolve());
		}),
	};
}

export function sendJson(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const text = JSON.stringify(body);
	response.writeHead(status, {'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers});
	response.end(text);
}

export function sendError(response: http.ServerResponse, status: number, message: string, detail?: unknown, headers: Record<string, string> = {}): void {
	sendJson(response, status, {type: 'error', error: detail === undefined ? {message} : {message, detail}}, headers);
}
