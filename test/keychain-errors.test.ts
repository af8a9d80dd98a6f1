/**
 * Keychain failures become BbError('keychain') with a reason an admin can act on. The messages are the
 * real ones @napi-rs/keyring gives on Linux (research: dependencies.md §3); the last test drives a real
 * Secret Service without an unlocked keyring.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {keychainError} from '../source/core/credentials/keychain.js';
import {appPaths} from '../source/core/paths.js';
import {ADMIN, tempXdg} from './helpers/credentials-fixtures.js';

const CASES: Array<[string, RegExp]> = [
	['zbus error: Failed to connect to address `unix:path=/run/user/0/bus`: No such file or directory (os error 2)', /no D-Bus session bus is reachable/],
	['zbus error: org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files', /no Secret Service is running/],
	["Couldn't access platform storage: Secret Service: unlock prompt was dismissed", /the keychain is locked/],
	["Couldn't access platform storage: Secret Service: no result found", /no usable \(unlocked\) default collection/],
	["Couldn't access platform storage: AccessDenied", /refused access/],
	['The operation was aborted due to timeout', /did not answer in time/],
	// Another process removed an item while this one was listing: transient, retried, never "no D-Bus".
	['zbus fdo error: org.freedesktop.DBus.Error.UnknownMethod: No such interface “org.freedesktop.DBus.Properties” on object at path /org/freedesktop/secrets/collection/login/2', /changed the keychain at the same moment/],
];

test('each known keychain failure gets a specific reason, the headless hint, and kind "keychain"', () => {
	for (const [raw, reason] of CASES) {
		const error = keychainError('reach', Object.assign(new Error(raw), {code: 'GenericFailure'}));
		assert.equal(error.kind, 'keychain');
		assert.match(error.message, /^Cannot reach the OS keychain: /);
		assert.match(error.message, reason, raw);
		assert.match(error.hint ?? '', /BITBUCKET_EMAIL and BITBUCKET_API_TOKEN/);
	}
	const unknown = keychainError('write to', new Error("Couldn't access platform storage: something new\nsecond line"));
	assert.equal(unknown.message, 'Cannot write to the OS keychain: something new.');
});

const haveSecretService = spawnSync('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon'], {stdio: 'ignore'}).status === 0;

test(
	'a Secret Service without an unlocked keyring: login stops before asking Bitbucket, names the problem, writes nothing',
	{skip: haveSecretService ? false : 'dbus-run-session or gnome-keyring-daemon is not installed'},
	async () => {
		const xdg = tempXdg();
		// A fresh data dir: gnome-keyring is activated on demand and has no unlocked login keyring.
		const env: NodeJS.ProcessEnv = {...process.env, ...xdg.env, XDG_DATA_HOME: mkdtempSync(path.join(os.tmpdir(), 'bbaccess-nokeyring-')), BITBUCKET_EMAIL: '', BITBUCKET_API_TOKEN: ''};
		delete env.DBUS_SESSION_BUS_ADDRESS;
		const result = await new Promise<{status: number | null; stderr: string}>((resolve, reject) => {
			const child = spawn(
				'dbus-run-session',
				['--', process.execPath, '--import', 'tsx', 'source/cli.tsx', 'login', '--api-url', 'http://127.0.0.1:9', '--email', ADMIN.email, '--token-stdin'],
				{env, stdio: ['pipe', 'ignore', 'pipe']},
			);
			let stderr = '';
			child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
			child.on('error', reject);
			child.on('close', status => resolve({status, stderr}));
			child.stdin.end(ADMIN.token);
		});
		assert.equal(result.status, 4, result.stderr);
		assert.match(result.stderr, /bbaccess: Cannot write to the OS keychain: (the keychain is locked|the keychain has no usable \(unlocked\) default collection)\./);
		assert.doesNotMatch(result.stderr, /Could not reach|ECONNREFUSED/, 'no request was attempted');
		assert.ok(!existsSync(appPaths(xdg.env).configFile));
	},
);
