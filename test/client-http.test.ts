import {test} from 'node:test';
import assert from 'node:assert/strict';
import {BitbucketClient, apiPath} from '../source/core/bitbucket/client.js';
import {RequestLog} from '../source/core/bitbucket/request-log.js';
import {listGroups, getRepository, getProjectUserPermission} from '../source/core/bitbucket/api.js';
import {BbError} from '../source/core/errors.js';
import {sendError, sendJson, startLoopbackServer} from './helpers/loopback-server.js';
import {fastRetry} from './helpers/fast-retry.js';

const EMAIL = 'admin@acme.test';
const TOKEN = 'demo-admin-token';

function client(url: string, extra: Partial<ConstructorParameters<typeof BitbucketClient>[0]> = {}) {
	return new BitbucketClient({apiUrl: url, email: EMAIL, token: TOKEN, retry: fastRetry(), ...extra});
}

test('sends Basic auth with the account email and token, and asks for JSON', async t => {
	const server = await startLoopbackServer((_request, response) => sendJson(response, 200, {uuid: '{u1}'}));
	t.after(() => server.close());
	const api = client(server.url);
	t.after(() => api.close());
	const user = await api.get<{uuid: string}>('/2.0/user');
	assert.equal(user.uuid, '{u1}');
	const header = server.requests[0]!.headers.authorization;
	assert.equal(header, `Basic ${Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64')}`);
	assert.equal(server.requests[0]!.headers.accept, 'application/json');
	assert.equal(api.requestsSent, 1);
});

test('every interpolated path segment is encoded; slugs cannot change the path', async t => {
	const server = await startLoopbackServer((request, response) => sendJson(response, 200, request.rawPath.startsWith('/1.0/') ? [] : {slug: 'x', permission: 'read'}));
	t.after(() => server.close());
	const api = client(server.url);
	t.after(() => api.close());
	await getRepository(api, 'acme', '../x');
	await getRepository(api, 'acme', 'a/b');
	await listGroups(api, 'a?b#c');
	await getProjectUserPermission(api, 'acme', 'PRJ', '{1234-abcd}');
	assert.deepEqual(server.requests.map(request => request.rawPath), [
		'/2.0/repositories/acme/..%2Fx',
		'/2.0/repositories/acme/a%2Fb',
		'/1.0/groups/a%3Fb%23c',
		'/2.0/workspaces/acme/projects/PRJ/permissions-config/users/%7B1234-abcd%7D',
	]);
	assert.throws(() => apiPath`/2.0/repositories/acme/${'..'}`, (error: unknown) => error instanceof BbError && error.kind === 'usage');
	assert.throws(() => apiPath`/2.0/repositories/${''}`, (error: unknown) => error instanceof BbError && error.kind === 'usage');
});

test('query values are encoded (BBQL with braces and quotes)', async t => {
	const server = await startLoopbackServer((_request, response) => sendJson(response, 200, {values: []}));
	t.after(() => server.close());
	const api = client(server.url);
	t.after(() => api.close());
	await api.getAll('/2.0/repositories/acme', {q: 'project.uuid="{p-1}"'});
	const url = new URL(server.requests[0]!.rawPath, server.url);
	assert.equal(url.searchParams.get('q'), 'project.uuid="{p-1}"');
	assert.equal(url.searchParams.get('pagelen'), '100');
	assert.doesNotMatch(server.requests[0]!.rawPath, /[{}"]/);
});

test('retries 429/5xx with backoff and honours Retry-After', async t => {
	const statuses = [503, 429, 502, 200];
	const server = await startLoopbackServer((_request, response, index) => {
		const status = statuses[index] ?? 200;
		if (status === 200) sendJson(response, 200, {ok: true});
		else if (status === 429) sendError(response, 429, 'Rate limit for this resource has been exceeded', undefined, {'retry-after': '3'});
		else sendError(response, status, 'boom');
	});
	t.after(() => server.close());
	const retry = fastRetry();
	const api = new BitbucketClient({apiUrl: server.url, email: EMAIL, token: TOKEN, retry});
	t.after(() => api.close());
	const result = await api.get<{ok: boolean}>('/2.0/user');
	assert.equal(result.ok, true);
	assert.equal(server.requests.length, 4);
	assert.equal(api.requestsSent, 4);
	// attempt 1 backoff: 0.5 × 250; then Retry-After 3 s; then 0.5 × 1000 (attempt 3).
	assert.ok(retry.delays.includes(125), `delays ${retry.delays.join(',')}`);
	assert.ok(retry.delays.includes(3000), `delays ${retry.delays.join(',')}`);
	assert.ok(retry.delays.includes(500), `delays ${retry.delays.join(',')}`);
});

test('gives up after maxAttempts with the right kind', async t => {
	const server = await startLoopbackServer((_request, response) => sendError(response, 500, 'internal'));
	t.after(() => server.close());
	const api = client(server.url, {maxAttempts: 3});
	t.after(() => api.close());
	await assert.rejects(api.get('/2.0/user'), (error: unknown) => error instanceof BbError && error.kind === 'server' && error.status === 500 && /GET \/2\.0\/user/.test(error.message));
	assert.equal(server.requests.length, 3);
});

test('PUT and DELETE are retried too (idempotent), with a JSON body', async t => {
	const server = await startLoopbackServer((request, response, index) => {
		if (index % 2 === 0) sendError(response, 503, 'busy');
		else if (request.method === 'DELETE') {
			response.writeHead(204);
			response.end();
		} else sendJson(response, 200, {permission: 'write'});
	});
	t.after(() => server.close());
	const api = client(server.url);
	t.after(() => api.close());
	const put = await api.put<{permission: string}>('/2.0/x', {permission: 'write'});
	assert.equal(put.permission, 'write');
	await api.delete('/2.0/x');
	assert.deepEqual(server.requests.map(request => request.method), ['PUT', 'PUT', 'DELETE', 'DELETE']);
	assert.equal(server.requests[1]!.body, '{"permission":"write"}');
	assert.equal(server.requests[1]!.headers['content-type'], 'application/json');
});

test('a connection reset is retried', async t => {
	const server = await startLoopbackServer((_request, response, index) => {
		if (index === 0) response.socket?.destroy();
		else sendJson(response, 200, {ok: 1});
	});
	t.after(() => server.close());
	const api = client(server.url);
	t.after(() => api.close());
	assert.deepEqual(await api.get('/2.0/user'), {ok: 1});
	assert.equal(server.requests.length, 2);
});

test('a truncated body is retried like a reset; when it stays broken it is a malformed error naming the endpoint', async t => {
	const server = await startLoopbackServer((_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'});
		response.end('{"values": [1, 2');
	});
	t.after(() => server.close());
	const log = new RequestLog();
	const api = client(server.url, {maxAttempts: 3, requestLog: log});
	t.after(() => api.close());
	await assert.rejects(api.getAll('/2.0/workspaces/acme/projects'), (error: unknown) =>
		error instanceof BbError && error.kind === 'malformed' && error.message.includes('GET /2.0/workspaces/acme/projects') && /Bitbucket sent a response that is not valid JSON/.test(error.message));
	assert.equal(server.requests.length, 3, 'the same attempt limit as a reset connection');
	assert.equal(api.requestsSent, 3, 'every attempt is counted');
});

test('a GET whose body was cut off once succeeds on the retry; a PUT is not re-sent for a bad answer', async t => {
	const server = await startLoopbackServer((request, response, index) => {
		response.writeHead(200, {'content-type': 'application/json'});
		if (request.method === 'PUT') response.end('{"permission": "wr');
		else response.end(index === 0 ? '{"uuid": "{u' : '{"uuid": "{u1}"}');
	});
	t.after(() => server.close());
	const api = client(server.url);
	t.after(() => api.close());
	assert.deepEqual(await api.get('/2.0/user'), {uuid: '{u1}'});
	assert.equal(server.requests.length, 2);
	await assert.rejects(api.put('/2.0/x', {permission: 'write'}), (error: unknown) => error instanceof BbError && error.kind === 'malformed');
	assert.equal(server.requests.length, 3, 'the PUT was sent once');
});

test('a GET answered 200 with an empty body is cut off too: retried, then malformed', async t => {
	const server = await startLoopbackServer((_request, response, index) => {
		response.writeHead(200, {'content-type': 'application/json'});
		response.end(index === 0 ? '' : '{"pagelen": 100, "values": [{"key": "PLAT"}]}');
	});
	t.after(() => server.close());
	const api = client(server.url, {maxAttempts: 3});
	t.after(() => api.close());
	assert.deepEqual(await api.getAll('/2.0/workspaces/acme/projects'), [{key: 'PLAT'}]);
	assert.equal(server.requests.length, 2, 'the empty answer was retried');

	const empty = await startLoopbackServer((_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'});
		response.end();
	});
	t.after(() => empty.close());
	const broken = client(empty.url, {maxAttempts: 3});
	t.after(() => broken.close());
	await assert.rejects(listGroups(broken, 'acme'), (error: unknown) => error instanceof BbError && error.kind === 'malformed' && /empty response for GET \/1\.0\/groups\/acme/.test(error.message));
	assert.equal(empty.requests.length, 3, 'the same attempt limit as a cut-off body');
});

test('a page without values is malformed', async t => {
	const server = await startLoopbackServer((_request, response) => sendJson(response, 200, {items: []}));
	t.after(() => server.close());
	const api = client(server.url);
	t.after(() => api.close());
	await assert.rejects(api.getAll('/2.0/workspaces/acme/members'), (error: unknown) => error instanceof BbError && error.kind === 'malformed' && /'values'/.test(error.message));
});

test('the request log keeps method, path, page, status, size; never other query values', async t => {
	const server = await startLoopbackServer((request, response) => {
		const page = Number(new URL(request.rawPath, 'http://x').searchParams.get('page') ?? '1');
		sendJson(response, 200, {values: [page], next: page < 2 ? `${server.url}/2.0/r?q=secret-value&page=${page + 1}` : undefined});
	});
	t.after(() => server.close());
	const log = new RequestLog();
	const api = client(server.url, {requestLog: log});
	t.after(() => api.close());
	await api.getAll('/2.0/r', {q: 'secret-value'});
	const entries = log.entries();
	assert.deepEqual(entries.map(entry => entry.path), ['/2.0/r', '/2.0/r?page=2']);
	assert.ok(entries.every(entry => entry.method === 'GET' && entry.status === 200 && entry.bytes > 0 && entry.attempt === 1));
	assert.doesNotMatch(JSON.stringify(entries), /secret-value/);
});

test('a redirect is not followed (credentials stay with the API host)', async t => {
	const server = await startLoopbackServer((_request, response) => {
		response.writeHead(302, {location: 'http://127.0.0.2:9/steal'});
		response.end();
	});
	t.after(() => server.close());
	const api = client(server.url);
	t.after(() => api.close());
	await assert.rejects(api.get('/2.0/user'), (error: unknown) => error instanceof BbError && error.kind === 'malformed' && /redirect \(302\)/.test(error.message));
	assert.equal(server.requests.length, 1);
});
