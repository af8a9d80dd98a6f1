import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {verifyAndCount, verifyCredentials, type VerifyResult} from '../source/core/credentials/index.js';
import {budgetFile, RequestBudget} from '../source/core/bitbucket/budget.js';
import {appPaths} from '../source/core/paths.js';
import {BbError} from '../source/core/errors.js';
import type {RunningEmulator} from '../source/emulator/index.js';
import {ADMIN, closedPortUrl, LONER, NO_REPO_READ, READER, startCredentialsEmulator, tempXdg} from './helpers/credentials-fixtures.js';

let emulator: RunningEmulator;

before(async () => {
	emulator = await startCredentialsEmulator();
});

after(async () => {
	await emulator.stop();
});

function statusOf(result: VerifyResult, scope: string): string | undefined {
	return result.scopes.find(check => check.scope === scope)?.status;
}

test('the demo admin: every read and admin scope ok, change scopes "needed for grant/revoke", workspaces with admin flags', async () => {
	const result = await verifyCredentials({apiUrl: emulator.url, ...ADMIN});
	assert.equal(result.account?.email, ADMIN.email);
	assert.ok(result.account?.uuid.startsWith('{'));
	for (const scope of ['read:user', 'read:workspace', 'read:project', 'read:repository', 'admin:workspace', 'admin:project', 'admin:repository']) {
		assert.equal(statusOf(result, `${scope}:bitbucket`), 'ok', scope);
	}
	for (const scope of ['write:permission:bitbucket', 'delete:permission:bitbucket']) {
		const check = result.scopes.find(item => item.scope === scope)!;
		assert.equal(check.status, 'unknown');
		assert.match(check.note ?? '', /needed for grant\/revoke/);
	}
	assert.deepEqual(result.missingReadScopes, []);
	assert.equal(result.readOnlyReason, undefined);
	assert.deepEqual(
		result.workspaces.map(workspace => [workspace.slug, workspace.administrator]),
		[
			['acme', true],
			['acme-labs', false],
		],
	);
	assert.ok(result.requests <= 7, `at most 7 probes, made ${result.requests}`);
});

test('the demo reader: admin and change scopes MISSING (learned from the granted list), read-only reason names them', async () => {
	const result = await verifyCredentials({apiUrl: emulator.url, ...READER});
	assert.deepEqual(result.missingReadScopes, []);
	for (const scope of ['admin:workspace', 'admin:project', 'admin:repository', 'write:permission', 'delete:permission']) {
		assert.equal(statusOf(result, `${scope}:bitbucket`), 'missing', scope);
	}
	assert.match(result.readOnlyReason ?? '', /admin:workspace:bitbucket/);
	assert.match(result.readOnlyReason ?? '', /write:permission:bitbucket/);
	assert.ok(result.workspaces.every(workspace => !workspace.administrator));
});

test('a token without read:repository: that read scope is reported missing (and blocks)', async () => {
	const result = await verifyCredentials({apiUrl: emulator.url, ...NO_REPO_READ});
	assert.deepEqual(result.missingReadScopes, ['read:repository:bitbucket']);
	assert.equal(statusOf(result, 'read:project:bitbucket'), 'ok');
	assert.equal(statusOf(result, 'read:repository:bitbucket'), 'missing');
});

test('an account in no workspace: verification succeeds with an empty workspace list', async () => {
	const result = await verifyCredentials({apiUrl: emulator.url, ...LONER});
	assert.equal(result.account?.email, LONER.email);
	assert.deepEqual(result.workspaces, []);
	assert.equal(statusOf(result, 'read:repository:bitbucket'), 'unknown');
});

test('a wrong token, and a nickname instead of the email, are BbError auth (401)', async () => {
	for (const credentials of [
		{email: ADMIN.email, token: 'not-the-right-token'},
		{email: 'alexm', token: ADMIN.token},
	]) {
		await assert.rejects(
			verifyCredentials({apiUrl: emulator.url, ...credentials}),
			(error: unknown) => error instanceof BbError && error.kind === 'auth' && error.status === 401,
		);
	}
});

test('nothing listening: BbError network naming the host, no scope guesses', async () => {
	const url = await closedPortUrl();
	await assert.rejects(verifyCredentials({apiUrl: url, ...ADMIN}), (error: unknown) => {
		assert.ok(error instanceof BbError);
		assert.equal(error.kind, 'network');
		assert.match(error.message, /127\.0\.0\.1/);
		return true;
	});
});

test('verifyAndCount records its requests in the account ledger that sessions share (and nothing secret)', async () => {
	const paths = appPaths(tempXdg().env);
	const result = await verifyAndCount({apiUrl: emulator.url, ...ADMIN, paths});
	const file = budgetFile(paths.cacheDir, emulator.url, ADMIN.email);
	assert.equal(result.requests, 7);
	assert.equal(new RequestBudget({file}).used(), 7);
	const ledger = readdirSync(paths.cacheDir).filter(name => name.startsWith(path.basename(file))).map(name => readFileSync(path.join(paths.cacheDir, name), 'utf8')).join('');
	assert.ok(ledger.length > 0);
	assert.ok(!ledger.includes(ADMIN.token));
	assert.ok(!ledger.includes(ADMIN.email));
});
