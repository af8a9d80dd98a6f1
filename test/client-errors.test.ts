import {test} from 'node:test';
import assert from 'node:assert/strict';
import {inspect} from 'node:util';
import {BitbucketClient} from '../source/core/bitbucket/client.js';
import {RequestBudget} from '../source/core/bitbucket/budget.js';
import {RequestLog} from '../source/core/bitbucket/request-log.js';
import {BbError, type BbErrorKind} from '../source/core/errors.js';
import {sendError, sendJson, startLoopbackServer} from './helpers/loopback-server.js';
import {fastRetry} from './helpers/fast-retry.js';

const EMAIL = 'admin@acme.test';
const TOKEN = 'demo-admin-token';
const BASIC = Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64');

/** The BbError a call fails with (the test fails when it succeeds or throws something else). */
async function failureOf(promise: Promise<unknown>): Promise<BbError> {
	try {
		await promise;
	} catch (error) {
		assert.ok(error instanceof BbError, String(error));
		return error;
	}
	assert.fail('expected a failure');
}

interface Case {
	path: string;
	kind: BbErrorKind;
	respond: Parameters<typeof sendError>;
	check?: (error: BbError) => void;
}

test('every HTTP failure becomes the right BbError kind with an actionable message, and no secret leaks anywhere', async t => {
	const cases: Case[] = [];
	const add = (path: string, kind: BbErrorKind, status: number, message: string, detail?: unknown, check?: (error: BbError) => void) => {
		cases.push({path, kind, respond: [undefined as never, status, message, detail], check});
	};
	add('/2.0/user', 'auth', 401, `Token ${TOKEN} is invalid`, undefined, error => {
		assert.match(error.message, /email and API token \(401\)/);
		assert.match(error.message, /Atlassian account email, not your username/);
		assert.match(error.hint ?? '', /bbaccess login/);
	});
	add('/2.0/workspaces/acme/permissions', 'missing-scope', 403, 'Your credentials lack one or more required privilege scopes.', {granted: ['read:user:bitbucket'], required: ['read:workspace:bitbucket']}, error => {
		assert.deepEqual(error.requiredScopes, ['read:workspace:bitbucket']);
		assert.deepEqual(error.grantedScopes, ['read:user:bitbucket']);
		assert.match(error.message, /read:workspace:bitbucket/);
	});
	add('/2.0/scoped-in-message', 'missing-scope', 403, 'Your credentials lack one or more required privilege scopes (required: admin:project:bitbucket)', undefined, error => {
		assert.deepEqual(error.requiredScopes, ['admin:project:bitbucket']);
	});
	add('/2.0/workspaces/acme-labs/projects/X/permissions-config/users', 'not-admin', 403, 'You do not have admin access', undefined, error => {
		assert.match(error.message, /admin/);
		assert.match(error.message, /GET \/2\.0\/workspaces\/acme-labs\/projects\/X\/permissions-config\/users/);
	});
	add('/1.0/groups/acme/devs/members/x', 'forbidden', 403, 'Group membership is managed in Atlassian Administration (admin.atlassian.com)', undefined, error => {
		assert.match(error.message, /managed in Atlassian Administration/);
	});
	add('/2.0/repositories/acme/gone', 'not-found', 404, 'Repository acme/gone not found');
	add('/2.0/workspaces', 'removed', 410, 'CHANGE-2770 - Functionality has been deprecated', undefined, error => assert.match(error.message, /CHANGE-2770/));
	add('/2.0/limited', 'rate-limited', 429, 'Rate limit for this resource has been exceeded', undefined, error => {
		assert.match(error.message, /used \d+ of about 1,000 requests/);
	});
	add('/2.0/bad', 'bad-request', 400, 'invalid permission: superuser', undefined, error => assert.match(error.message, /invalid permission: superuser/));
	add('/1.0/groups/acme/devs/members/dup', 'conflict', 409, 'Conflict/Duplicate');
	add('/2.0/broken', 'server', 503, 'Service Unavailable');

	const server = await startLoopbackServer((request, response) => {
		const found = cases.find(item => request.rawPath.split('?')[0] === item.path);
		if (request.rawPath.startsWith('/2.0/malformed')) {
			response.writeHead(200, {'content-type': 'application/json'});
			response.end(`{"secret": "${TOKEN.slice(0, 3)}`);
			return;
		}
		if (!found) return sendJson(response, 200, {});
		const [, status, message, detail] = found.respond;
		sendError(response, status, message, detail);
	});
	t.after(() => server.close());
	const log = new RequestLog();
	const budget = new RequestBudget();
	const client = new BitbucketClient({apiUrl: server.url, email: EMAIL, token: TOKEN, requestLog: log, budget, retry: {...fastRetry(), rateLimitPauseMs: 0}, maxAttempts: 2});
	t.after(() => client.close());

	const errors: BbError[] = [];
	for (const item of cases) {
		const error = await client.get(item.path).then(
			() => assert.fail(`${item.path} should fail`),
			(failure: unknown) => failure,
		);
		assert.ok(error instanceof BbError, `${item.path}: ${String(error)}`);
		assert.equal(error.kind, item.kind, `${item.path}: ${error.message}`);
		assert.equal(error.endpoint, `GET ${item.path}`);
		item.check?.(error);
		errors.push(error);
	}
	const malformed = await failureOf(client.get('/2.0/malformed'));
	assert.equal(malformed.kind, 'malformed');
	assert.match(malformed.message, /GET \/2\.0\/malformed/);
	errors.push(malformed);

	// Network: a port with nothing listening (closed right after it was opened).
	const closed = await startLoopbackServer(() => undefined);
	await closed.close();
	const offline = new BitbucketClient({apiUrl: closed.url, email: EMAIL, token: TOKEN, requestLog: log, retry: fastRetry()});
	t.after(() => offline.close());
	const network = await failureOf(offline.get('/2.0/user'));
	assert.equal(network.kind, 'network');
	assert.match(network.message, /127\.0\.0\.1:\d+/);
	assert.match(network.message, /ECONNREFUSED/);
	errors.push(network);

	const kinds = new Set(errors.map(error => error.kind));
	for (const kind of ['auth', 'missing-scope', 'not-admin', 'forbidden', 'not-found', 'removed', 'rate-limited', 'bad-request', 'conflict', 'server', 'network', 'malformed']) {
		assert.ok(kinds.has(kind as BbErrorKind), `kind ${kind} was forced`);
	}
	const surfaces = [
		...errors.flatMap(error => [error.message, error.describe(), JSON.stringify(error), inspect(error, {depth: 5}), String(error.stack)]),
		JSON.stringify(log.entries()),
		inspect(client, {depth: 5}),
		JSON.stringify(client),
	];
	for (const text of surfaces) {
		assert.ok(!text.includes(TOKEN), `token leaked in: ${text.slice(0, 200)}`);
		assert.ok(!text.includes(BASIC), `authorization leaked in: ${text.slice(0, 200)}`);
		assert.doesNotMatch(text, /authorization/i);
	}
});

test('a next link to another origin is refused (credentials never leave the API host)', async t => {
	const server = await startLoopbackServer((_request, response) => sendJson(response, 200, {values: [1], next: 'http://127.0.0.2:9/2.0/x?page=2'}));
	t.after(() => server.close());
	const client = new BitbucketClient({apiUrl: server.url, email: EMAIL, token: TOKEN, retry: fastRetry()});
	t.after(() => client.close());
	await assert.rejects(client.getAll('/2.0/x'), (error: unknown) => error instanceof BbError && error.kind === 'malformed' && /another host/.test(error.message));
	assert.equal(server.requests.length, 1);
});

test('plain http to a non-loopback API URL is refused before any request', () => {
	assert.throws(
		() => new BitbucketClient({apiUrl: 'http://api.bitbucket.org', email: EMAIL, token: TOKEN}),
		(error: unknown) => error instanceof BbError && error.kind === 'usage' && /https/.test(error.message),
	);
});

test('a Retry-After beyond the limit is not waited out: rate-limited with the wait', async t => {
	const server = await startLoopbackServer((_request, response) => sendError(response, 429, 'Rate limit for this resource has been exceeded', undefined, {'retry-after': '3600'}));
	t.after(() => server.close());
	const retry = fastRetry();
	const client = new BitbucketClient({apiUrl: server.url, email: EMAIL, token: TOKEN, retry});
	t.after(() => client.close());
	const error = await failureOf(client.get('/2.0/user'));
	assert.equal(error.kind, 'rate-limited');
	assert.equal(error.retryAfterMs, 3_600_000);
	assert.match(error.message, /wait 3600 s/);
	assert.equal(server.requests.length, 1);
});

test('a 429 pauses every request of the client, not only the one that got it', async t => {
	let limited = true;
	const server = await startLoopbackServer((_request, response) => {
		if (limited) {
			limited = false;
			sendError(response, 429, 'Rate limit', undefined, {'retry-after': '2'});
		} else sendJson(response, 200, {ok: true});
	});
	t.after(() => server.close());
	const retry = fastRetry();
	const client = new BitbucketClient({apiUrl: server.url, email: EMAIL, token: TOKEN, retry, concurrency: 1});
	t.after(() => client.close());
	await client.get('/2.0/a');
	await client.get('/2.0/b');
	// The second request waited for the rest of the Retry-After window before it was sent.
	assert.ok(retry.delays.filter(delay => delay > 1000).length >= 2, `delays ${retry.delays.join(',')}`);
});

test('after a final 429 the client stops sending for a while instead of burning the budget', async t => {
	const server = await startLoopbackServer((_request, response) => sendError(response, 429, 'Rate limit for this resource has been exceeded'));
	t.after(() => server.close());
	const client = new BitbucketClient({apiUrl: server.url, email: EMAIL, token: TOKEN, retry: {...fastRetry(), rateLimitPauseMs: 60_000}, maxAttempts: 3, concurrency: 2});
	t.after(() => client.close());
	const results = await Promise.allSettled(Array.from({length: 10}, (_, index) => client.get(`/2.0/r${index}`)));
	for (const result of results) {
		assert.ok(result.status === 'rejected' && result.reason instanceof BbError && result.reason.kind === 'rate-limited', String(result.status === 'rejected' ? result.reason : 'ok'));
	}
	// At most maxAttempts × concurrency 429s in a row, plus what was already in flight.
	assert.ok(server.requests.length <= 8, `only the first requests were sent (${server.requests.length})`);
	const notSent = results.filter(result => result.status === 'rejected' && /^Not sent/.test((result.reason as BbError).message));
	assert.ok(notSent.length >= 2, `${notSent.length} failed without being sent`);
	assert.equal(client.requestsSent, server.requests.length);
});
