import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {NO_CREDENTIALS_MESSAGE, openConfig, resolveApiUrl, validateEmail, validateToken} from '../source/core/credentials/index.js';
import {createSession} from '../source/core/session.js';
import {BbError} from '../source/core/errors.js';
import {appPaths} from '../source/core/paths.js';
import type {RunningEmulator} from '../source/emulator/index.js';
import {ADMIN, startCredentialsEmulator, tempXdg} from './helpers/credentials-fixtures.js';

let emulator: RunningEmulator;

before(async () => {
	emulator = await startCredentialsEmulator();
});

after(async () => {
	await emulator.stop();
});

function isBb(kind: string, pattern?: RegExp) {
	return (error: unknown) => {
		assert.ok(error instanceof BbError, `expected a BbError, got ${String(error)}`);
		assert.equal(error.kind, kind, error.message);
		if (pattern) assert.match(error.message, pattern);
		return true;
	};
}

function filesUnder(dir: string): string[] {
	let entries: string[];
	try {
		entries = readdirSync(dir);
	} catch {
		return [];
	}
	return entries.flatMap(name => {
		const full = path.join(dir, name);
		return statSync(full).isDirectory() ? filesUnder(full) : [full];
	});
}

test('environment credentials: a working client, source "environment", the --workspace filter, and no token in any file', async () => {
	const xdg = tempXdg();
	const env = {...xdg.env, BITBUCKET_EMAIL: ADMIN.email, BITBUCKET_API_TOKEN: ` ${ADMIN.token}\n`};
	const session = await createSession({env, apiUrl: emulator.url, workspaces: ['acme', 'acme'], debug: true});
	try {
		assert.deepEqual(session.credentials, {email: ADMIN.email, apiUrl: emulator.url, source: 'environment'});
		assert.deepEqual(session.workspaces, ['acme']);
		assert.equal(session.readOnly, false);
		const user = await session.client.get<{display_name: string}>('/2.0/user');
		assert.equal(typeof user.display_name, 'string');
		assert.equal(session.requestLog.entries().length, 1);
	} finally {
		await session.close();
	}
	const files = filesUnder(xdg.root);
	assert.ok(files.length > 0, 'the debug log and budget ledger were written');
	for (const file of files) assert.ok(!readFileSync(file, 'utf8').includes(ADMIN.token), `${file} holds the token`);
});

test('the session client rewrites 401s on every request method the Bitbucket client has', async () => {
	const {BitbucketClient} = await import('../source/core/bitbucket/client.js');
	const xdg = tempXdg();
	const session = await createSession({env: {...xdg.env, BITBUCKET_EMAIL: ADMIN.email, BITBUCKET_API_TOKEN: ADMIN.token}, apiUrl: emulator.url});
	try {
		const methods = Object.getOwnPropertyNames(BitbucketClient.prototype).filter(name => {
			const descriptor = Object.getOwnPropertyDescriptor(BitbucketClient.prototype, name);
			return name !== 'constructor' && name !== 'close' && typeof descriptor?.value === 'function';
		});
		const wrapped = Object.getOwnPropertyNames(Object.getPrototypeOf(session.client) as object);
		assert.ok(methods.length >= 5, `found ${methods.join(', ')}`);
		for (const method of methods) assert.ok(wrapped.includes(method), `SessionClient must wrap ${method} (source/core/session.ts)`);
	} finally {
		await session.close();
	}
});

test('one credential variable without the other is a clear config error', async () => {
	const xdg = tempXdg();
	await assert.rejects(createSession({env: {...xdg.env, BITBUCKET_EMAIL: ADMIN.email}}), isBb('config', /BITBUCKET_API_TOKEN is not/));
	await assert.rejects(createSession({env: {...xdg.env, BITBUCKET_API_TOKEN: ADMIN.token}}), isBb('config', /BITBUCKET_EMAIL is not/));
	await assert.rejects(createSession({env: {...xdg.env, BITBUCKET_EMAIL: 'alexm', BITBUCKET_API_TOKEN: ADMIN.token}}), isBb('config', /BITBUCKET_EMAIL: .*username/));
});

test('no credentials at all: the exact "run bbaccess login" message', async () => {
	const xdg = tempXdg();
	await assert.rejects(createSession({env: xdg.env}), (error: unknown) => {
		assert.ok(error instanceof BbError);
		assert.equal(error.kind, 'config');
		assert.equal(error.message, NO_CREDENTIALS_MESSAGE);
		return true;
	});
});

test('a 401 during use says the token expired or was revoked and how to fix it for the credential source', async () => {
	const xdg = tempXdg();
	const env = {...xdg.env, BITBUCKET_EMAIL: ADMIN.email, BITBUCKET_API_TOKEN: 'revoked-token-value'};
	const session = await createSession({env, apiUrl: emulator.url});
	try {
		await assert.rejects(session.client.get('/2.0/user'), (error: unknown) => {
			assert.ok(error instanceof BbError);
			assert.equal(error.kind, 'auth');
			assert.match(error.message, /expired or been revoked/);
			assert.match(error.hint ?? '', /BITBUCKET_API_TOKEN/);
			assert.ok(!error.message.includes('revoked-token-value') && !(error.hint ?? '').includes('revoked-token-value'));
			return true;
		});
		await assert.rejects(session.client.getAll('/2.0/user/workspaces'), isBb('auth', /expired or been revoked/));
	} finally {
		await session.close();
	}
});

test('API URL order: --api-url, then BBACCESS_API_URL, then the config, then api.bitbucket.org; bad values name their origin', () => {
	assert.equal(resolveApiUrl('http://127.0.0.1:9/', {BBACCESS_API_URL: 'http://127.0.0.1:8'}, {apiUrl: 'http://127.0.0.1:7'}), 'http://127.0.0.1:9');
	assert.equal(resolveApiUrl(undefined, {BBACCESS_API_URL: 'http://127.0.0.1:8'}, {apiUrl: 'http://127.0.0.1:7'}), 'http://127.0.0.1:8');
	assert.equal(resolveApiUrl(undefined, {}, {apiUrl: 'http://127.0.0.1:7'}), 'http://127.0.0.1:7');
	assert.equal(resolveApiUrl(undefined, {}, {}), 'https://api.bitbucket.org');
	assert.throws(() => resolveApiUrl('http://example.com', {}, {}), isBb('usage', /--api-url: refusing plain http/));
	assert.throws(() => resolveApiUrl(undefined, {BBACCESS_API_URL: 'nonsense'}, {}), isBb('usage', /BBACCESS_API_URL/));
});

test('a broken config file is a config error naming the file and the problem', async () => {
	const cases: Array<[string, RegExp]> = [
		['{not json', /not valid JSON/],
		['{"token": "abc"}', /unknown setting 'token'/],
		['{"accounts": {"https://api.bitbucket.org": {"email": "alexm"}}}', /email.*must be an email address/],
		['{"concurrency": 0}', /concurrency/],
	];
	for (const [text, problem] of cases) {
		const xdg = tempXdg();
		const paths = appPaths(xdg.env);
		mkdirSync(paths.configDir, {recursive: true});
		writeFileSync(paths.configFile, text);
		await assert.rejects(createSession({env: xdg.env}), (error: unknown) => {
			assert.ok(error instanceof BbError);
			assert.equal(error.kind, 'config');
			assert.ok(error.message.includes(paths.configFile), error.message);
			assert.match(error.message, problem);
			assert.doesNotMatch(error.message, /\n\s+at /);
			return true;
		});
	}
});

test('the config keeps one login per API URL and never a token', () => {
	const xdg = tempXdg();
	const paths = appPaths(xdg.env);
	const config = openConfig(paths);
	config.setAccount('https://api.bitbucket.org', {email: 'a@example.com', workspaces: ['x']});
	config.setAccount('http://127.0.0.1:1', {email: 'b@example.com', readOnly: true});
	assert.equal(config.read().apiUrl, 'http://127.0.0.1:1');
	assert.equal(openConfig(paths).account('https://api.bitbucket.org')?.email, 'a@example.com');
	assert.equal(config.removeAccount('http://127.0.0.1:1')?.email, 'b@example.com');
	assert.equal(config.read().apiUrl, undefined);
	assert.equal(statSync(paths.configFile).mode & 0o077, 0, 'config file is private (0600)');
	assert.throws(() => config.write({...config.read(), concurrency: 1000}), isBb('config', /concurrency/));
});

test('typed input: email and token checks say exactly what is wrong', () => {
	assert.throws(() => validateEmail('   '), isBb('usage', /Enter the email/));
	assert.throws(() => validateEmail('alexm'), isBb('usage', /looks like a Bitbucket username.*email address of your Atlassian account/));
	assert.throws(() => validateEmail('a@b@c'), isBb('usage', /not a valid email/));
	assert.equal(validateEmail('  admin@acme.test '), 'admin@acme.test');
	assert.throws(() => validateToken(' \n '), isBb('usage', /Paste the API token/));
	assert.throws(() => validateToken('abc def ghi jkl'), isBb('usage', /contains spaces/));
	assert.throws(() => validateToken('short'), isBb('usage', /too short/));
	assert.equal(validateToken('  ATATT3x-abc_def=123\r\n'), 'ATATT3x-abc_def=123');
	assert.equal(validateToken('ATATT3x-abc\ndef-123\n'), 'ATATT3x-abcdef-123', 'a wrapped paste is joined');
});
