/**
 * Issue #11.2: `export` exits non-zero when its own sync met an error that leaves data out, and says
 * what happened ("Bitbucket sent a response that is not valid JSON"), not "not visible". When only
 * the request budget (or a 429) stopped it, that is exit 5 like `sync` (#11.7: same error, same code).
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {run} from '../source/commands/export.js';
import {EXIT} from '../source/core/errors.js';
import {startTestEmulator} from './helpers/emulator.js';
import {startRewritingProxy} from './helpers/rewriting-proxy.js';
import {ADMIN} from './helpers/sync-harness.js';
import {xdgDirs} from './helpers/run-cli.js';

function collect(): {stream: PassThrough; text: () => string} {
	const stream = new PassThrough();
	const chunks: Buffer[] = [];
	stream.on('data', (chunk: Buffer) => chunks.push(chunk));
	return {stream, text: () => Buffer.concat(chunks).toString('utf8')};
}

test('export: a /1.0/groups answer that stays cut off exits 1 with what happened', async t => {
	const home = mkdtempSync(path.join(os.tmpdir(), 'bbaccess-export-incomplete-'));
	t.after(() => rmSync(home, {recursive: true, force: true}));
	const emulator = await startTestEmulator(t);
	const proxy = await startRewritingProxy(emulator.url);
	t.after(() => proxy.close());
	proxy.raw = pathname => (pathname === '/1.0/groups/acme' ? '[{"name": "Develo' : undefined);
	const out = collect();
	const err = collect();
	const env = {
		BITBUCKET_EMAIL: ADMIN.email,
		BITBUCKET_API_TOKEN: ADMIN.token,
		BBACCESS_API_URL: proxy.url,
		...xdgDirs(home),
	};
	const code = await run(['--workspace', 'acme', '--format', 'csv'], {stdout: out.stream, stderr: err.stream, env, progress: false});
	const stderr = err.text();
	assert.equal(code, EXIT.failed, stderr);
	assert.match(stderr, /Bitbucket sent a response that is not valid JSON for GET \/1\.0\/groups\/acme/);
	assert.match(stderr, /groups could not be read/);
	assert.doesNotMatch(stderr, /groups not visible/);
	assert.match(stderr, /export is incomplete/);
});

test('export: the request budget running out mid-way is exit 5 (resumable), like sync', async t => {
	const emulator = await startTestEmulator(t);
	const proxy = await startRewritingProxy(emulator.url);
	t.after(() => proxy.close());
	const exportWith = async (args: string[]) => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'bbaccess-export-budget-'));
		t.after(() => rmSync(home, {recursive: true, force: true}));
		const out = collect();
		const err = collect();
		const env = {BITBUCKET_EMAIL: ADMIN.email, BITBUCKET_API_TOKEN: ADMIN.token, BBACCESS_API_URL: proxy.url, ...xdgDirs(home)};
		const code = await run(['--workspace', 'acme', '--format', 'csv', '--no-cache', ...args], {stdout: out.stream, stderr: err.stream, env, progress: false});
		return {code, stderr: err.text()};
	};
	const before = emulator.stats().requests;
	const shallow = await exportWith(['--shallow']);
	assert.equal(shallow.code, EXIT.ok, shallow.stderr);
	const tierOne = emulator.stats().requests - before;

	// Room for tier 1 and exactly the 60 tier-2 requests; a cut-off answer is retried (each attempt
	// counts), so some request finds the budget spent.
	let cut = 0;
	proxy.raw = pathname => (pathname === '/2.0/repositories/acme/api-gateway/permissions-config/users' && cut++ < 2 ? '{"values": [' : undefined);
	const spent = await exportWith(['--budget', `${tierOne + 60}/1h`]);
	assert.ok(cut >= 1, `a cut-off answer took an extra request: ${spent.stderr}`);
	assert.equal(spent.code, EXIT.incomplete, spent.stderr);
	assert.match(spent.stderr, /Request budget spent/);
	assert.match(spent.stderr, /the request budget or Bitbucket's rate limit stopped it \(exit 5\)/);
	assert.doesNotMatch(spent.stderr, /exit 1/);
});
