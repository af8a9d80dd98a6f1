/**
 * Issue #11.2: `export` exits non-zero when its own sync met an error that leaves data out, and says
 * what happened ("Bitbucket sent a response that is not valid JSON"), not "not visible".
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
