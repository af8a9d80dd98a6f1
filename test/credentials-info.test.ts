import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdirSync, writeFileSync} from 'node:fs';
import {collectInfo, formatInfo} from '../source/commands/info.js';
import {openConfig} from '../source/core/credentials/index.js';
import {appPaths} from '../source/core/paths.js';
import {tempXdg} from './helpers/credentials-fixtures.js';

const TOKEN = 'token-that-must-never-be-printed';

test('info: environment credentials, paths and the API URL source; never the token', async () => {
	const xdg = tempXdg();
	const env = {...xdg.env, BITBUCKET_EMAIL: 'ops@example.com', BITBUCKET_API_TOKEN: TOKEN, BBACCESS_API_URL: 'http://127.0.0.1:7990/'};
	const info = await collectInfo({env});
	assert.deepEqual(info.account, {email: 'ops@example.com', source: 'environment'});
	assert.equal(info.apiUrl, 'http://127.0.0.1:7990');
	assert.equal(info.apiUrlSource, 'BBACCESS_API_URL');
	assert.equal(info.paths.configFile, appPaths(xdg.env).configFile);
	assert.deepEqual(info.environment, {BITBUCKET_EMAIL: true, BITBUCKET_API_TOKEN: true});
	const text = formatInfo(info);
	assert.match(text, /Account: {5}ops@example\.com \(from BITBUCKET_EMAIL/);
	assert.match(text, /API URL: {5}http:\/\/127\.0\.0\.1:7990 \(BBACCESS_API_URL\)/);
	assert.ok(!text.includes(TOKEN) && !JSON.stringify(info).includes(TOKEN));
});

test('info: a saved login with its filter and read-only reason; other saved logins are listed', async () => {
	const xdg = tempXdg();
	const config = openConfig(appPaths(xdg.env));
	config.setAccount('http://127.0.0.1:1', {email: 'lab@example.com'});
	config.setAccount('https://api.bitbucket.org', {email: 'me@example.com', workspaces: ['acme'], readOnly: true, readOnlyReason: 'the token lacks admin:project:bitbucket'});
	const info = await collectInfo({env: xdg.env});
	assert.equal(info.apiUrlSource, 'config');
	assert.deepEqual(info.account, {email: 'me@example.com', source: 'keychain'});
	assert.deepEqual(info.workspaces, ['acme']);
	assert.equal(info.readOnly, true);
	assert.deepEqual(
		info.savedLogins.map(login => [login.apiUrl, login.email]),
		[
			['http://127.0.0.1:1', 'lab@example.com'],
			['https://api.bitbucket.org', 'me@example.com'],
		],
	);
	const text = formatInfo(info);
	assert.match(text, /Read-only: {3}yes: the token lacks admin:project:bitbucket/);
	assert.match(text, /Saved logins:\n {2}http:\/\/127\.0\.0\.1:1 {2}lab@example\.com/);
});

test('info still reports everything else when the config file is broken', async () => {
	const xdg = tempXdg();
	const paths = appPaths(xdg.env);
	mkdirSync(paths.configDir, {recursive: true});
	writeFileSync(paths.configFile, '{"apiUrl": 42}');
	const info = await collectInfo({env: xdg.env});
	assert.match(info.configProblem ?? '', /apiUrl/);
	assert.equal(info.account, null);
	assert.match(formatInfo(info), /PROBLEM: The config file .* is invalid/);
	assert.match(formatInfo(info), /Account: {5}none: run `bbaccess login`/);
});
