/**
 * `bbaccess audit --fix` goes through the batch pipeline (emulator over loopback HTTP): the plan
 * lists every request, before → after, the effective access that changes and the request cost;
 * the fixes are applied, verified and journaled as ONE batch with each item's outcome, which the
 * Journal view's summary shows as one batch.
 */
import assert from 'node:assert/strict';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {after, before, test} from 'node:test';
import type {IO} from '../source/core/changes/cli-flow.js';
import {journalSummaries} from '../source/core/changes/batch/index.js';
import {Journal} from '../source/core/changes/index.js';
import {exitCodeFor, isBbError} from '../source/core/errors.js';
import {DEMO_ADMIN, startEmulator, type ExportedState, type RunningEmulator} from '../source/emulator/index.js';
import {repoUserLevel} from './helpers/changes-env.js';
import {runCli, sink, xdgDirs} from './helpers/run-cli.js';
import {putRepositoryUser} from './helpers/emulator.js';

let emulator: RunningEmulator;
let root: string;
let env: NodeJS.ProcessEnv;

async function audit(args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
	const stdout = sink();
	const stderr = sink();
	const stdin = new PassThrough();
	stdin.end();
	const io: IO = {stdout: stdout.stream, stderr: stderr.stream, stdin, isTTY: false, env};
	let code: number;
	try {
		code = await (await import('../source/commands/audit.js')).run(args, io);
	} catch (error) {
		if (!isBbError(error)) throw error;
		stderr.stream.write(`bbaccess: ${error.describe()}\n`);
		code = exitCodeFor(error);
	}
	return {code, stdout: stdout.text(), stderr: stderr.text()};
}

async function state(): Promise<ExportedState> {
	return (await fetch(`${emulator.url}/_emulator/state`).then(response => response.json())) as ExportedState;
}

function makeAdmin(fullName: string, uuid: string): Promise<void> {
	return putRepositoryUser(emulator, fullName, uuid, 'admin');
}

before(async () => {
	emulator = await startEmulator({scenario: 'demo'});
	root = await mkdtemp(path.join(os.tmpdir(), 'bbaccess-audit-fix-'));
	env = {
		...process.env,
		BITBUCKET_EMAIL: DEMO_ADMIN.email,
		BITBUCKET_API_TOKEN: DEMO_ADMIN.token,
		BBACCESS_API_URL: emulator.url,
		...xdgDirs(root),
	};
});
after(async () => {
	await emulator.stop();
	await rm(root, {recursive: true, force: true});
});

test('audit --fix of two findings: one batch plan (requests, effects, cost), applied, verified, journaled as one batch', async () => {
	const users = (await state()).users;
	const dscully = users.find(user => user.nickname === 'dscully')!.uuid;
	const jalvarez = users.find(user => user.nickname === 'jalvarez')!.uuid;
	// Two direct ADMIN grants made outside bbaccess: two admin-outside-owners findings.
	await makeAdmin('acme/billing-service', dscully);
	await makeAdmin('acme/web-app', jalvarez);
	const synced = await runCli(['sync', '--deep', '--workspace', 'acme'], {env});
	assert.equal(synced.status, 0, synced.stderr);

	const ids = [`admin-outside-owners:acme/billing-service:u:${dscully}`, `admin-outside-owners:acme/web-app:u:${jalvarez}`];
	const run = await audit(['--fix', ids[0]!, '--fix', ids[1]!, '--yes']);
	assert.equal(run.code, 0, run.stdout + run.stderr);
	// The batch plan: every request, before → after per entry, effective access per person, cost.
	assert.match(run.stdout, /Fix 2 findings/);
	assert.match(run.stdout, /Requests and explicit entries:/);
	assert.match(run.stdout, /PUT \/2\.0\/repositories\/acme\/billing-service\/permissions-config\/users\/%7B/);
	assert.match(run.stdout, /PUT \/2\.0\/repositories\/acme\/web-app\/permissions-config\/users\/%7B/);
	assert.match(run.stdout, /ADMIN → WRITE/);
	assert.match(run.stdout, /Effective access that changes \(all items together\):/);
	assert.match(run.stdout, /Cost: sends 4 requests \(2 changes \+ 2 verifying re-reads/);
	assert.match(run.stdout, /2 applied and verified/);
	assert.match(run.stdout, /journal batch [0-9a-f-]{36} \(bbaccess undo [0-9a-f]{8} restores it\)/);

	const now = await state();
	assert.equal(repoUserLevel(now, 'acme/billing-service', 'dscully'), 'write');
	assert.equal(repoUserLevel(now, 'acme/web-app', 'jalvarez'), 'write');

	const {entries} = await new Journal(path.join(root, 'state', 'bbaccess', 'journal.jsonl')).read();
	assert.equal(entries.length, 2, 'one line per item');
	assert.equal(new Set(entries.map(entry => entry.batch)).size, 1, 'both items in one batch');
	assert.deepEqual(entries.map(entry => [entry.operation, entry.outcome, entry.title]), [
		['batch', 'applied-verified', 'Fix 2 findings'],
		['batch', 'applied-verified', 'Fix 2 findings'],
	]);
	const summaries = journalSummaries(entries, {email: DEMO_ADMIN.email, apiUrl: emulator.url});
	assert.deepEqual(summaries.map(summary => [summary.kind, summary.title, summary.items.length, summary.outcome, summary.workspaces]), [['batch', 'Fix 2 findings', 2, 'applied', ['acme']]]);
});
