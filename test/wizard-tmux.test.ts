/**
 * The setup wizard in a real terminal (tmux): keys and a paste go through a real TTY in raw mode,
 * from the first screen to saved credentials, against the emulator. The keychain assertion needs a
 * reachable Secret Service (see test/keychain-roundtrip.test.ts for how to start one); without one
 * the wizard must show the keychain error instead, unless BBACCESS_REQUIRE_KEYCHAIN=1.
 */
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {keychainAccount, keychainStatus, openConfig} from '../source/core/credentials/index.js';
import {appPaths} from '../source/core/paths.js';
import type {RunningEmulator} from '../source/emulator/index.js';
import {ADMIN, startCredentialsEmulator, tempXdg} from './helpers/credentials-fixtures.js';
import {TmuxSession, tmuxAvailable} from './helpers/tmux-session.js';

let emulator: RunningEmulator;
const sessions: TmuxSession[] = [];

before(async () => {
	emulator = await startCredentialsEmulator();
});

after(async () => {
	for (const session of sessions) session.close();
	await emulator.stop();
});

function startLogin(env: Record<string, string>): TmuxSession {
	const session = TmuxSession.start({
		command: `${JSON.stringify(process.execPath)} --import tsx source/cli.tsx login --api-url ${emulator.url}`,
		cwd: process.cwd(),
		env: {...env, BITBUCKET_EMAIL: '', BITBUCKET_API_TOKEN: '', BBACCESS_API_URL: ''},
		columns: 110,
		rows: 40,
	});
	sessions.push(session);
	return session;
}

test('login wizard in a real terminal: Esc back keeps the email, a pasted token, scopes, workspaces, saved to the keychain', {skip: tmuxAvailable() ? false : 'tmux is not installed'}, async () => {
	const status = await keychainStatus();
	if (!status.reachable && process.env.BBACCESS_REQUIRE_KEYCHAIN === '1') assert.fail(`BBACCESS_REQUIRE_KEYCHAIN=1 but no keychain is reachable: ${status.problem}`);
	const xdg = tempXdg();
	const tmux = startLogin(xdg.env);
	const timeoutMs = 30_000;
	if (!status.reachable) {
		// No Secret Service here: login says so before anything is typed, and saves nothing.
		await tmux.waitFor('Cannot reach the OS keychain', {timeoutMs});
		assert.equal(await tmux.exitCode({timeoutMs}), 4);
		assert.ok(!existsSync(appPaths(xdg.env).configFile));
		return;
	}
	await tmux.waitFor('Create a token', {timeoutMs});
	// Typed like a person, in bursts with no waits between keys. Only after Esc does the test wait
	// for the screen: Esc and the next key in one read are Alt+key, as in every terminal.
	tmux.type('\r');
	tmux.type(ADMIN.email);
	tmux.keys('Escape');
	await tmux.waitFor(text => text.includes('Create a token') && !text.includes('Email:'));
	tmux.type('\r\r');
	tmux.paste(ADMIN.token);
	await tmux.waitFor(`(${ADMIN.token.length} characters)`);
	assert.ok(!tmux.capture().includes(ADMIN.token), 'the token is never on screen');
	tmux.keys('Enter');
	const scopes = await tmux.waitFor('Signed in as', {timeoutMs});
	assert.match(scopes, /✓ admin:repository:bitbucket/);
	tmux.keys('Enter');
	await tmux.waitFor('Workspaces to explore (2 of 2 chosen)');
	tmux.keys('Enter');
	const done = await tmux.waitFor('Saved the login', {timeoutMs});
	assert.match(done, /Next: run bbaccess/);
	assert.match(tmux.capture({ansi: true}), /\u001B\[[0-9;]*m/, 'colour codes in a colour terminal');
	tmux.keys('Enter');
	assert.equal(await tmux.exitCode({timeoutMs}), 0);
	assert.ok((await keychainStatus()).accounts.includes(keychainAccount(ADMIN.email, emulator.url)), 'the keychain holds the token');
	assert.equal(openConfig(appPaths(xdg.env)).account(emulator.url)?.email, ADMIN.email);
	assert.ok(!tmux.capture().includes(ADMIN.token));
});

test('Ctrl-C in the wizard leaves without saving anything (exit 3)', {skip: tmuxAvailable() ? false : 'tmux is not installed'}, async t => {
	const status = await keychainStatus();
	if (!status.reachable) {
		if (process.env.BBACCESS_REQUIRE_KEYCHAIN === '1') assert.fail(`BBACCESS_REQUIRE_KEYCHAIN=1 but no keychain is reachable: ${status.problem}`);
		t.skip(`no OS keychain reachable (${status.problem}): the wizard does not start without one`);
		return;
	}
	const xdg = tempXdg();
	const tmux = startLogin(xdg.env);
	await tmux.waitFor('Create a token', {timeoutMs: 30_000});
	// One burst, no waits: Enter, the email, Enter, part of the token, Ctrl-C.
	tmux.type(`\r${ADMIN.email}\r${ADMIN.token.slice(0, 6)}`);
	tmux.keys('C-c');
	assert.equal(await tmux.exitCode({timeoutMs: 30_000}), 3);
	assert.match(tmux.capture(), /Login cancelled: nothing was saved/);
	assert.ok(!existsSync(appPaths(xdg.env).configFile));
});
