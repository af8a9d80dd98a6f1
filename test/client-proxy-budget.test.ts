import {test} from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs';
import type {AddressInfo} from 'node:net';
import {BitbucketClient} from '../source/core/bitbucket/client.js';
import {RequestBudget, budgetFile} from '../source/core/bitbucket/budget.js';
import {RequestLog} from '../source/core/bitbucket/request-log.js';
import {sendJson, startLoopbackServer} from './helpers/loopback-server.js';
import {fastRetry} from './helpers/fast-retry.js';

/** A loopback forward proxy: CONNECT tunnels and absolute-form requests; records what it saw. */
async function startProxy(): Promise<{url: string; seen: string[]; close(): Promise<void>}> {
	const seen: string[] = [];
	const server = http.createServer((request, response) => {
		seen.push(`${request.method} ${request.url}`);
		const target = new URL(request.url ?? '');
		const upstream = http.request({host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: request.method, headers: request.headers}, reply => {
			response.writeHead(reply.statusCode ?? 502, reply.headers);
			reply.pipe(response);
		});
		request.pipe(upstream);
	});
	server.on('connect', (request: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
		seen.push(`CONNECT ${request.url}`);
		const [host, port] = (request.url ?? '').split(':');
		const upstream = net.connect(Number(port), host, () => {
			socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.write(head);
			upstream.pipe(socket);
			socket.pipe(upstream);
		});
		upstream.on('error', () => socket.destroy());
		socket.on('error', () => upstream.destroy());
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		seen,
		close: () => new Promise<void>(resolve => {
			server.closeAllConnections();
			server.close(() => resolve());
		}),
	};
}

test('HTTP_PROXY/HTTPS_PROXY are honoured (EnvHttpProxyAgent) unless NO_PROXY excludes the host', async t => {
	const api = await startLoopbackServer((_request, response) => sendJson(response, 200, {uuid: '{me}'}));
	const proxy = await startProxy();
	const saved = {HTTP_PROXY: process.env.HTTP_PROXY, HTTPS_PROXY: process.env.HTTPS_PROXY, NO_PROXY: process.env.NO_PROXY, http_proxy: process.env.http_proxy, https_proxy: process.env.https_proxy, no_proxy: process.env.no_proxy};
	t.after(async () => {
		for (const [key, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[key];
			else process.env[key] = value;
		}
		await api.close();
		await proxy.close();
	});
	for (const key of ['http_proxy', 'https_proxy', 'no_proxy']) delete process.env[key];
	process.env.HTTP_PROXY = proxy.url;
	process.env.HTTPS_PROXY = proxy.url;
	process.env.NO_PROXY = '';
	const proxied = new BitbucketClient({apiUrl: api.url, email: 'admin@acme.test', token: 'demo-admin-token', retry: fastRetry()});
	assert.deepEqual(await proxied.get('/2.0/user'), {uuid: '{me}'});
	await proxied.close();
	const host = new URL(api.url).host;
	assert.ok(proxy.seen.some(line => line.includes(host)), `proxy saw ${proxy.seen.join(', ')}`);
	assert.equal(api.requests.length, 1);
	assert.ok(api.requests[0]!.headers.authorization?.startsWith('Basic '), 'the API host still gets Basic auth');

	proxy.seen.length = 0;
	process.env.NO_PROXY = '127.0.0.1';
	const direct = new BitbucketClient({apiUrl: api.url, email: 'admin@acme.test', token: 'demo-admin-token', retry: fastRetry()});
	await direct.get('/2.0/user');
	await direct.close();
	assert.deepEqual(proxy.seen, []);
	assert.equal(api.requests.length, 2);
});

test('the budget counts requests in a rolling hour, persists per account with mode 0600', () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'bbaccess-budget-'));
	try {
		let now = Date.UTC(2026, 0, 1, 10, 0, 0);
		const file = budgetFile(dir, 'https://api.bitbucket.org', 'Admin@Acme.test');
		assert.equal(file, budgetFile(dir, 'https://api.bitbucket.org', 'admin@acme.test'));
		assert.doesNotMatch(path.basename(file), /acme/i);
		const budget = new RequestBudget({file, limitPerHour: 100, now: () => now});
		budget.record(30);
		now += 30 * 60_000;
		budget.record(20);
		assert.equal(budget.used(), 50);
		assert.equal(budget.remaining(), 50);
		budget.flush();
		const ledgers = readdirSync(dir).filter(name => name.startsWith(path.basename(file)));
		assert.ok(ledgers.length > 0, 'ledger written');
		for (const name of ledgers) assert.equal(statSync(path.join(dir, name)).mode & 0o777, 0o600);

		const reopened = new RequestBudget({file, limitPerHour: 100, now: () => now});
		assert.equal(reopened.used(), 50);
		now += 31 * 60_000; // the first 30 leave the hour
		assert.equal(reopened.used(), 20);
		now += 60 * 60_000;
		assert.equal(reopened.used(), 0);
		assert.equal(reopened.remaining(), 100);

		// Two processes on one account (explorer + `bbaccess sync`): their counts add up in the file.
		const first = new RequestBudget({file, now: () => now});
		const second = new RequestBudget({file, now: () => now});
		first.record(7);
		second.record(5);
		first.flush();
		second.flush();
		assert.equal(second.used(), 12);
		assert.equal(new RequestBudget({file, now: () => now}).used(), 12);
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
});

test('the client records every attempt in the budget and the request log; --debug file is JSON lines, 0600', async t => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'bbaccess-log-'));
	const server = await startLoopbackServer((_request, response, index) => (index === 0 ? sendJson(response, 503, {}) : sendJson(response, 200, {ok: 1})));
	t.after(async () => {
		await server.close();
		rmSync(dir, {recursive: true, force: true});
	});
	const budget = new RequestBudget();
	const log = new RequestLog();
	const file = path.join(dir, 'logs', 'requests.jsonl');
	log.writeTo(file);
	const client = new BitbucketClient({apiUrl: server.url, email: 'admin@acme.test', token: 'demo-admin-token', budget, requestLog: log, retry: fastRetry()});
	await client.get('/2.0/user', {q: 'hidden'});
	await client.close();
	log.close();
	assert.equal(budget.used(), 2);
	assert.equal(client.requestsSent, 2);
	const lines = readFileSync(file, 'utf8').trim().split('\n').map(line => JSON.parse(line) as {status: number; attempt: number; path: string});
	assert.deepEqual(lines.map(line => [line.status, line.attempt, line.path]), [[503, 1, '/2.0/user'], [200, 2, '/2.0/user']]);
	assert.equal(statSync(file).mode & 0o777, 0o600);
	assert.doesNotMatch(readFileSync(file, 'utf8'), /hidden|demo-admin-token/);
});

test('pages after the first are fetched concurrently when page 1 states size and a numbered next', async t => {
	let inFlight = 0;
	let peak = 0;
	const server = await startLoopbackServer(async (request, response) => {
		const url = new URL(request.rawPath, 'http://x');
		const page = Number(url.searchParams.get('page') ?? '1');
		inFlight++;
		peak = Math.max(peak, inFlight);
		await new Promise(resolve => setTimeout(resolve, page === 1 ? 0 : 30));
		inFlight--;
		const values = Array.from({length: page < 5 ? 100 : 20}, (_, index) => (page - 1) * 100 + index);
		sendJson(response, 200, {pagelen: 100, page, size: 420, values, next: page < 5 ? `${server.url}/2.0/big?pagelen=100&page=${page + 1}` : undefined});
	});
	t.after(() => server.close());
	const client = new BitbucketClient({apiUrl: server.url, email: 'admin@acme.test', token: 'demo-admin-token', concurrency: 8, retry: fastRetry()});
	t.after(() => client.close());
	const values = await client.getAll<number>('/2.0/big');
	assert.equal(values.length, 420);
	assert.deepEqual(values.slice(95, 105), [95, 96, 97, 98, 99, 100, 101, 102, 103, 104]);
	assert.equal(values.at(-1), 419);
	assert.equal(server.requests.length, 5);
	assert.ok(peak >= 3, `pages 2–5 should overlap, peak in flight was ${peak}`);
});

test('cursor pagination (no size) follows next verbatim, one page at a time', async t => {
	const server = await startLoopbackServer((request, response) => {
		const cursor = new URL(request.rawPath, 'http://x').searchParams.get('cursor');
		if (!cursor) sendJson(response, 200, {values: ['a'], next: `${server.url}/2.0/c?cursor=opaque%2Bone&pagelen=100`});
		else if (cursor === 'opaque+one') sendJson(response, 200, {values: ['b'], next: `${server.url}/2.0/c?cursor=two`});
		else sendJson(response, 200, {values: ['c']});
	});
	t.after(() => server.close());
	const client = new BitbucketClient({apiUrl: server.url, email: 'admin@acme.test', token: 'demo-admin-token', retry: fastRetry()});
	t.after(() => client.close());
	assert.deepEqual(await client.getAll('/2.0/c'), ['a', 'b', 'c']);
	assert.equal(server.requests[1]!.rawPath, '/2.0/c?cursor=opaque%2Bone&pagelen=100');
});
