/**
 * The real OS keychain (Secret Service on Linux). Runs when one is reachable; skipped with the reason
 * when none is, unless BBACCESS_REQUIRE_KEYCHAIN=1 (CI), where an unreachable keychain fails.
 * Locally: export XDG_DATA_HOME=$(mktemp -d); dbus-run-session -- bash -c 'printf %s pw |
 *   gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; node scripts/run-tests.mjs test/keychain-roundtrip.test.ts'
 */
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {keychainAccount, keychainStatus, openConfig, removeCredentials} from '../source/core/credentials/index.js';
import {createSession} from '../source/core/session.js';
import {appPaths} from '../source/core/paths.js';
import type {RunningEmulator} from '../source/emulator/index.js';
import {ADMIN, READER, startCredentialsEmulator, tempXdg} from './helpers/credentials-fixtures.js';
import {runCli, type CliResult} from './helpers/run-cli.js';

let emulator: RunningEmulator;
let keychainProblem: string | undefined;

before(async () => {
	emulator = await startCredentialsEmulator();
	const status = await keychainStatus();
	keychainProblem = status.reachable ? undefined : status.problem;
});

after(async () => {
	await emulator.stop();
});

/** Skip (or, with BBACCESS_REQUIRE_KEYCHAIN=1, fail) when no keychain is reachable. Returns true to go on. */
function needsKeychain(t: {skip(message: string): void}): boolean {
	if (keychainProblem === undefined) return true;
	if (process.env.BBACCESS_REQUIRE_KEYCHAIN === '1') assert.fail(`BBACCESS_REQUIRE_KEYCHAIN=1 but no keychain is reachable: ${keychainProblem}`);
	t.skip(`no OS keychain reachable (${keychainProblem}); see the header of this file to start one`);
	return false;
}

function filesUnder(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir).flatMap(name => {
		const full = path.join(dir, name);
		return statSync(full).isDirectory() ? filesUnder(full) : [full];
	});
}

function assertNoSecret(token: string, root: string, outputs: CliResult[]): void {
	for (const file of filesUnder(root)) assert.ok(!readFileSync(file, 'utf8').includes(token), `${file} contains the token`);
	for (const output of outputs) {
		assert.ok(!output.stdout.includes(token), `stdout contains the token:\n${output.stdout}`);
		assert.ok(!output.stderr.includes(token), `stderr contains the token:\n${output.stderr}`);
	}
}

interface InfoJson {
	account: {email: string; source: string} | null;
	keychain: {reachable: boolean; tokenSaved: boolean; problem?: string};
	savedLogins: Array<{apiUrl: string; email: string; tokenSaved: boolean}>;
	apiUrl: string;
	readOnly: boolean;
}

test('login stores the token in the keychain, a fresh process finds it (info, sync), logout removes it; the token is in no file or output', async t => {
	if (!needsKeychain(t)) return;
	const xdg = tempXdg();
	const env = {...process.env, ...xdg.env, BITBUCKET_EMAIL: '', BITBUCKET_API_TOKEN: '', BBACCESS_API_URL: ''};
	const outputs: CliResult[] = [];
	const login = await runCli(['login', '--api-url', emulator.url, '--make-default', '--email', ADMIN.email, '--token-stdin', '--workspace', 'acme'], {env, input: `${ADMIN.token}\n`});
	outputs.push(login);
	assert.equal(login.status, 0, login.stderr);
	assert.match(login.stdout, new RegExp(`account "${keychainAccount(ADMIN.email, emulator.url).replace(/[.]/g, '\\.')}"`));
	assert.match(login.stdout, /Workspaces: acme\n/);

	// A fresh process reads the saved login; a sync with --debug writes the snapshot cache and a request log.
	const [info, sync] = await Promise.all([runCli(['info', '--json'], {env}), runCli(['sync', '--debug'], {env})]);
	outputs.push(info, sync);
	assert.equal(sync.status, 0, sync.stderr);
	assert.ok(filesUnder(xdg.root).some(file => file.includes(`${path.sep}logs${path.sep}`)), 'sync --debug wrote a request log');
	assert.equal(info.status, 0, info.stderr);
	const report = JSON.parse(info.stdout) as InfoJson;
	assert.equal(report.apiUrl, emulator.url, 'the login became the default service');
	assert.deepEqual(report.account, {email: ADMIN.email, source: 'keychain'});
	assert.deepEqual(report.keychain, {reachable: true, tokenSaved: true});
	assert.deepEqual(report.savedLogins, [{apiUrl: emulator.url, email: ADMIN.email, tokenSaved: true}]);
	assert.ok(!info.stdout.includes(ADMIN.token));

	const session = await createSession({env: xdg.env});
	try {
		assert.equal(session.credentials.source, 'keychain');
		assert.deepEqual(session.workspaces, ['acme']);
		const user = await session.client.get<{display_name?: string}>('/2.0/user');
		assert.ok(user.display_name);
	} finally {
		await session.close();
	}

	const refused = await runCli(['logout'], {env});
	outputs.push(refused);
	assert.equal(refused.status, 3, 'outside a TTY logout needs --yes');
	assert.match(refused.stderr, /add --yes/);
	assert.ok((await keychainStatus()).accounts.includes(keychainAccount(ADMIN.email, emulator.url)), 'still saved after the refusal');

	const logout = await runCli(['logout', '--yes'], {env});
	outputs.push(logout);
	assert.equal(logout.status, 0, logout.stderr);
	assert.match(logout.stdout, /token removed from the OS keychain/);
	assert.ok(!(await keychainStatus()).accounts.includes(keychainAccount(ADMIN.email, emulator.url)), 'the keychain entry is gone');
	assert.equal(openConfig(appPaths(xdg.env)).account(emulator.url), undefined, 'the saved login is gone from the config');

	assertNoSecret(ADMIN.token, xdg.root, outputs);
});

test('a wrong token saves nothing; a second login for the same service replaces the first account and its keychain entry', async t => {
	if (!needsKeychain(t)) return;
	const xdg = tempXdg();
	const env = {...process.env, ...xdg.env, BITBUCKET_EMAIL: '', BITBUCKET_API_TOKEN: '', BBACCESS_API_URL: ''};
	const [first, wrong] = await Promise.all([
		runCli(['login', '--api-url', emulator.url, '--email', ADMIN.email, '--token-stdin'], {env, input: ADMIN.token}),
		runCli(['login', '--api-url', `${emulator.url}/`, '--email', ADMIN.email, '--token-stdin'], {env, input: 'not-the-token-at-all'}),
	]);
	assert.equal(first.status, 0, first.stderr);
	assert.match(first.stdout, /is saved but not the default: pass --api-url .* each time \(or log in with --make-default\)/, 'a non-default API URL is not made the default silently (issue 13)');
	assert.equal(openConfig(appPaths(xdg.env)).read().apiUrl, undefined);
	assert.equal(wrong.status, 4);
	assert.match(wrong.stderr, /rejected admin@acme\.test with this API token \(401\)\. Nothing was saved\./);
	const second = await runCli(['login', '--api-url', emulator.url, '--make-default', '--email', READER.email, '--token-stdin'], {env, input: READER.token});
	assert.equal(second.status, 0, second.stderr);
	assert.match(second.stdout, /Read-only: {2}yes: the token lacks admin:workspace:bitbucket/);
	assert.match(second.stderr, /warning: read-only setup/);
	const accounts = (await keychainStatus()).accounts;
	assert.ok(accounts.includes(keychainAccount(READER.email, emulator.url)));
	assert.ok(!accounts.includes(keychainAccount(ADMIN.email, emulator.url)), 'the replaced account left no token behind');
	const session = await createSession({env: xdg.env});
	try {
		assert.equal(session.credentials.email, READER.email);
		assert.equal(session.readOnly, true);
		assert.match(session.readOnlyReason ?? '', /admin:workspace:bitbucket/);
	} finally {
		await session.close();
	}
	assert.equal((await removeCredentials({apiUrl: emulator.url, paths: appPaths(xdg.env)})).tokenRemoved, true);
	assertNoSecret(READER.token, xdg.root, [first, second, wrong]);
	assertNoSecret(ADMIN.token, xdg.root, [first, second, wrong]);
});

test('keychain unreachable: login fails with the clear message and writes nothing anywhere; info reports it', async () => {
	const xdg = tempXdg();
	const env = {...process.env, ...xdg.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', BITBUCKET_EMAIL: '', BITBUCKET_API_TOKEN: '', BBACCESS_API_URL: ''};
	const [login, info] = await Promise.all([
		runCli(['login', '--api-url', emulator.url, '--email', ADMIN.email, '--token-stdin'], {env, input: ADMIN.token}),
		runCli(['info'], {env}),
	]);
	assert.equal(login.status, 4);
	assert.match(login.stderr, /Cannot reach the OS keychain: no D-Bus session bus is reachable/);
	assert.match(login.stderr, /BITBUCKET_EMAIL and BITBUCKET_API_TOKEN/);
	assert.doesNotMatch(login.stderr, /\n\s+at /, 'no stack trace');
	assert.ok(!existsSync(appPaths(xdg.env).configFile), 'no config was written');
	assert.equal(info.status, 0, info.stderr);
	assert.match(info.stdout, /Keychain: {4}NOT reachable: Cannot reach the OS keychain/);
	assertNoSecret(ADMIN.token, xdg.root, [login, info]);
});

test('environment credentials work without any keychain; bad login input is refused with the reason', async () => {
	const xdg = tempXdg();
	const env = {...process.env, ...xdg.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', BBACCESS_API_URL: ''};
	const [info, username, noTty] = await Promise.all([
		runCli(['info', '--json', '--api-url', emulator.url], {env: {...env, BITBUCKET_EMAIL: ADMIN.email, BITBUCKET_API_TOKEN: ADMIN.token}}),
		runCli(['login', '--api-url', emulator.url, '--email', 'alexm', '--token-stdin'], {env, input: ADMIN.token}),
		runCli(['login', '--api-url', emulator.url], {env}),
	]);
	const report = JSON.parse(info.stdout) as InfoJson;
	assert.deepEqual(report.account, {email: ADMIN.email, source: 'environment'});
	assert.equal(report.keychain.reachable, false);
	assert.equal(username.status, 2);
	assert.match(username.stderr, /looks like a Bitbucket username/);
	assert.equal(noTty.status, 2);
	assert.match(noTty.stderr, /needs a terminal .*--token-stdin/);
	assertNoSecret(ADMIN.token, xdg.root, [info, username, noTty]);
});
