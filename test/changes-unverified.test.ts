/**
 * Issue #11.5: a grant whose verifying GET stays unreadable landed, so it is not "failed": the
 * journal says `unverified`, the message says the change was sent and could not be confirmed, and
 * `bbaccess verify` settles it later by re-reading.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import type {JournalEntry} from '../source/core/changes/types.js';
import {startTestEmulator} from './helpers/emulator.js';
import {startRewritingProxy} from './helpers/rewriting-proxy.js';
import {privateCliEnv, runCli} from './helpers/run-cli.js';
import {ADMIN, emulatorState} from './helpers/sync-harness.js';

test('grant with an unreadable verify → unverified (exit 1); bbaccess verify settles it', async t => {
	const emulator = await startTestEmulator(t);
	const proxy = await startRewritingProxy(emulator.url);
	t.after(() => proxy.close());
	const {home, env} = privateCliEnv(t, 'unverified', ADMIN, {BBACCESS_API_URL: proxy.url});
	// The single-entry read answers 404 before the grant (no entry) and a hollow 200 after it.
	proxy.rewrite = pathname => (/\/permissions-config\/users\/[^/]+$/.test(pathname) ? {} : undefined);

	const grant = await runCli(['grant', '--workspace', 'acme', '--repo', 'api-gateway', '--user', 'dscully', '--level', 'read', '--yes'], {env});
	assert.equal(grant.status, 1, grant.stdout + grant.stderr);
	assert.match(grant.stdout, /sent but could not be confirmed/);
	assert.match(grant.stdout, /bbaccess verify/);
	const state = await emulatorState(emulator);
	const repo = state.workspaces.find(workspace => workspace.slug === 'acme')!.repositories.find(repository => repository.slug === 'api-gateway')!;
	assert.equal(repo.users.find(user => user.nickname === 'dscully')?.level, 'read', 'the grant landed');

	const journalFile = path.join(home, 'state', 'bbaccess', 'journal.jsonl');
	const read = () => readFileSync(journalFile, 'utf8').trim().split('\n').map(line => JSON.parse(line) as JournalEntry);
	const [entry] = read();
	assert.equal(entry!.outcome, 'unverified');
	const journal = await runCli(['journal'], {env});
	assert.match(journal.stdout, /unverified/);
	assert.match(journal.stderr, /run `bbaccess verify`/);

	// Still unreadable: verify leaves it unverified and says so (exit 1).
	const still = await runCli(['verify'], {env});
	assert.equal(still.status, 1, still.stdout + still.stderr);
	assert.match(still.stdout, /unverified.*still could not be read/);
	assert.equal(read().length, 1);

	// Readable again: verify settles it as applied-verified.
	proxy.rewrite = undefined;
	const settled = await runCli(['verify', entry!.batch], {env});
	assert.equal(settled.status, 0, settled.stdout + settled.stderr);
	assert.match(settled.stdout, /applied-verified.*confirmed by bbaccess verify: Bitbucket shows READ/i);
	const lines = read();
	assert.equal(lines.length, 2);
	assert.equal(lines[1]!.outcome, 'applied-verified');
	assert.equal(lines[1]!.settles, entry!.batch);
	const after = await runCli(['journal'], {env});
	assert.doesNotMatch(after.stderr, /bbaccess verify/, 'nothing left to settle');
	const again = await runCli(['verify'], {env});
	assert.equal(again.status, 0);
	assert.match(again.stdout, /Nothing to verify/);
});
