/**
 * `bbaccess demo` argument handling and isolation: flags are checked strictly, and the demo's
 * environment points every XDG directory into its private temp dir without the user's credentials.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {DEMO_LOGINS, parseDemoArgs, privateEnvironment} from '../source/commands/demo.js';
import {BbError} from '../source/core/errors.js';
import {appPaths} from '../source/core/paths.js';

test('defaults: demo scenario as the demo admin', () => {
	const options = parseDemoArgs([]);
	assert.equal(options.scenario, 'demo');
	assert.equal(options.login, 'admin');
	assert.deepEqual(DEMO_LOGINS[options.login], {email: 'admin@acme.test', token: 'demo-admin-token'});
});

test('flags pass through', () => {
	const options = parseDemoArgs(['--scenario', 'large', '--latency-ms', '80', '--seed', '7', '--as', 'reader', '--workspace', 'acme', '--deep', '--read-only']);
	assert.equal(options.scenario, 'large');
	assert.equal(options.latencyMs, 80);
	assert.equal(options.seed, 7);
	assert.equal(options.login, 'reader');
	assert.deepEqual(options.workspaces, ['acme']);
	assert.equal(options.deep, true);
	assert.equal(options.readOnly, true);
});

test('bad flags are usage errors with a specific message', () => {
	const usage = (argv: string[], message: RegExp) =>
		assert.throws(() => parseDemoArgs(argv), (error: unknown) => error instanceof BbError && error.kind === 'usage' && message.test(error.message));
	usage(['--scenario', 'huge'], /--scenario must be one of demo, medium, large, xl/);
	usage(['--as', 'root'], /--as must be admin or reader/);
	usage(['--latency-ms', 'fast'], /--latency-ms takes a whole number/);
	usage(['--bogus'], /unknown option '--bogus'/);
});

test('the private environment keeps the user config, cache, state and credentials out', () => {
	const env = privateEnvironment('/tmp/demo-root', {HOME: '/home/u', BITBUCKET_EMAIL: 'me@corp', BITBUCKET_API_TOKEN: 'secret', BBACCESS_API_URL: 'https://x', XDG_CACHE_HOME: '/home/u/.cache'});
	assert.equal(env['BITBUCKET_EMAIL'], undefined);
	assert.equal(env['BITBUCKET_API_TOKEN'], undefined);
	assert.equal(env['BBACCESS_API_URL'], undefined);
	const paths = appPaths(env);
	for (const dir of [paths.configDir, paths.cacheDir, paths.stateDir]) assert.ok(dir.startsWith('/tmp/demo-root/'), dir);
});
