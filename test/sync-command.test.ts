import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {startEmulator} from '../source/emulator/index.js';
import {startTestEmulator} from './helpers/emulator.js';
import {ADMIN} from './helpers/sync-harness.js';
import {xdgDirs} from './helpers/run-cli.js';

interface Run {
	code: number;
	stdout: string;
	stderr: string;
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
	return new Promise(resolve => {
		execFile(process.execPath, ['--import', 'tsx', 'source/cli.tsx', ...args], {env, encoding: 'utf8'}, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
			resolve({code, stdout, stderr});
		});
	});
}

function environment(home: string, login = ADMIN): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {
		PATH: process.env.PATH,
		HOME: home,
		...xdgDirs(home),
		BITBUCKET_EMAIL: login.email,
		BITBUCKET_API_TOKEN: login.token,
		NO_COLOR: '1',
	};
	return env;
}

describe('bbaccess sync (independent runs, concurrently)', {concurrency: true}, () => {
	test('bbaccess sync --json prints one JSON summary, saves the snapshot (0600) and never prints the token', async t => {
		const emulator = await startTestEmulator(t);
		const home = mkdtempSync(path.join(os.tmpdir(), 'bbaccess-sync-cmd-'));
		t.after(() => rmSync(home, {recursive: true, force: true}));
		// Alongside: a human summary with --no-cache (neither reads nor writes the cache) in another home.
		const otherHome = mkdtempSync(path.join(os.tmpdir(), 'bbaccess-sync-cmd-'));
		t.after(() => rmSync(otherHome, {recursive: true, force: true}));
		const [result, human] = await Promise.all([
			runCli(['sync', '--json', '--api-url', emulator.url, '--debug'], environment(home)),
			runCli(['sync', '--api-url', emulator.url, '--no-cache', '--workspace', 'acme'], environment(otherHome)),
		]);
		assert.equal(result.code, 0, result.stderr);
		const lines = result.stdout.trim().split('\n');
		assert.equal(lines.length, 1);
		const report = JSON.parse(lines[0]!) as {workspaces: number; repositories: number; requests: number; snapshotSaved: boolean; snapshotFile: string; partial: boolean; budgetLeft: number; budgetPerHour: number; debugLog: string};
		assert.equal(report.workspaces, 2);
		assert.ok(report.repositories > 0);
		assert.ok(report.requests > 0);
		assert.equal(report.partial, true, 'acme-labs is only partly visible to the demo admin');
		assert.equal(report.budgetLeft, report.budgetPerHour - report.requests);
		assert.equal(report.snapshotSaved, true);
		assert.equal(statSync(report.snapshotFile).mode & 0o777, 0o600);
		assert.ok(report.snapshotFile.startsWith(path.join(home, 'cache')));
		assert.ok(existsSync(report.debugLog));
		assert.equal(statSync(report.debugLog).mode & 0o777, 0o600);
		assert.equal(readFileSync(report.debugLog, 'utf8').trim().split('\n').length, report.requests, 'one debug log line per request');
		for (const text of [result.stdout, result.stderr]) assert.doesNotMatch(text, /demo-admin-token/);
		const cacheFiles = readdirSync(path.join(home, 'cache', 'bbaccess'));
		assert.ok(cacheFiles.some(name => name.startsWith('budget-')), `budget ledger persisted: ${cacheFiles.join(', ')}`);

		assert.equal(human.code, 0, human.stderr);
		assert.match(human.stdout, /^Synced 1 workspace in [\d.]+ s: \d+ people, \d+ groups, \d+ projects, \d+ repositories\./, 'people, not memberships (issue 13)');
		assert.match(human.stdout, /Requests: \d+ \([\d,]+ of [\d,]+ left this hour; budget 900\/1h\)/);
		assert.match(human.stdout, /Snapshot not saved \(--no-cache\)/);
		assert.ok(!existsSync(path.join(otherHome, 'cache', 'bbaccess')) || !readdirSync(path.join(otherHome, 'cache', 'bbaccess')).some(name => name.startsWith('snapshot-')));
	});

	test('bbaccess sync: unknown workspace → usage exit 2 naming the visible ones; bad token → exit 4', async t => {
		const emulator = await startTestEmulator(t);
		const home = mkdtempSync(path.join(os.tmpdir(), 'bbaccess-sync-cmd-'));
		t.after(() => rmSync(home, {recursive: true, force: true}));
		const [unknown, rejected, badFlag] = await Promise.all([
			runCli(['sync', '--api-url', emulator.url, '--workspace', 'nope'], environment(home)),
			runCli(['sync', '--api-url', emulator.url], environment(home, {email: ADMIN.email, token: 'not-the-token'})),
			runCli(['sync', '--concurrency', 'lots'], environment(home)),
		]);
		assert.equal(unknown.code, 2, unknown.stderr);
		assert.match(unknown.stderr, /unknown workspace 'nope': this account can see acme, acme-labs/);
		assert.equal(rejected.code, 4, rejected.stderr);
		assert.match(rejected.stderr, /401/);
		assert.doesNotMatch(rejected.stderr, /not-the-token|at .*\.ts:\d+/);
		assert.equal(badFlag.code, 2);
		assert.match(badFlag.stderr, /--concurrency takes a whole number/);
	});

	test('bbaccess sync: a refresh that meets malformed bodies exits 1, names the endpoint and keeps the saved snapshot', async t => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'bbaccess-sync-cmd-'));
		t.after(() => rmSync(home, {recursive: true, force: true}));
		const clean = await startEmulator();
		const port = Number(new URL(clean.url).port);
		const first = await runCli(['sync', '--json', '--api-url', clean.url], environment(home));
		await clean.stop();
		assert.equal(first.code, 0, first.stderr);
		const saved = JSON.parse(first.stdout) as {snapshotFile: string};
		const before = readFileSync(saved.snapshotFile, 'utf8');

		// Same API URL (same port), now answering some requests with truncated JSON.
		// Every answer truncated: retries do not help, so the refresh must fail loudly.
		const broken = await startEmulator({port, malformedRate: 1, seed: 5});
		t.after(() => broken.stop());
		const second = await runCli(['sync', '--api-url', broken.url], environment(home));
		assert.ok(broken.stats().malformed > 0);
		assert.equal(second.code, 1, second.stdout + second.stderr);
		assert.match(second.stdout + second.stderr, /Bitbucket sent a response that is not valid JSON for GET \/[12]\.0\/\S+/);
		assert.equal(readFileSync(saved.snapshotFile, 'utf8'), before, 'the saved snapshot is untouched');
		if (second.stdout) assert.match(second.stdout, /Snapshot not replaced/);
	});

	test('bbaccess sync: an unwritable cache is reported (exit 1), not a crash', async t => {
		const emulator = await startTestEmulator(t);
		const home = mkdtempSync(path.join(os.tmpdir(), 'bbaccess-sync-cmd-'));
		t.after(() => rmSync(home, {recursive: true, force: true}));
		mkdirSync(path.join(home, 'cache'));
		writeFileSync(path.join(home, 'cache', 'bbaccess'), 'not a directory');
		const result = await runCli(['sync', '--api-url', emulator.url], environment(home));
		assert.equal(result.code, 1, result.stderr);
		assert.match(result.stdout, /Snapshot not saved: could not write .*snapshot-[0-9a-f]+\.json \((ENOTDIR|EEXIST)\)/);
		assert.doesNotMatch(result.stderr, /unexpected error|at .*\.ts:\d+/);
	});
});

test('sync says people and memberships, and groups numbers like the explorer (2,002) (issue 13)', async () => {
	const {describeReport} = await import('../source/commands/sync.js');
	const text = describeReport({
		workspaces: 2, members: 56, people: 44, groups: 9, projects: 7, repositories: 2002, repositoriesWithGrantsLoaded: 0, repositoriesWithGrantsInSnapshot: 0,
		problems: [], requests: 1234, wallMs: 1500, partial: false, snapshotSaved: false, budgetLeft: 1100, budgetPerHour: 2000, budget: '2000/1h', budgetWindowMs: 3_600_000,
	} as Parameters<typeof describeReport>[0]);
	assert.match(text, /44 people \(56 workspace memberships\), 9 groups, 7 projects, 2,002 repositories\./);
	assert.match(text, /Repository grants loaded for 0 of 2,002/);
	assert.match(text, /Requests: 1,234 \(1,100 of 2,000 left this hour; budget 2000\/1h\)/);
	const kept = describeReport({
		workspaces: 1, members: 44, people: 44, groups: 9, projects: 7, repositories: 2002, repositoriesWithGrantsLoaded: 2, repositoriesWithGrantsInSnapshot: 1502,
		deepEstimate: {requests: 4004, seconds: 1200}, problems: [], requests: 5, wallMs: 100, partial: false, snapshotSaved: false, budget: '2000/1h', budgetWindowMs: 3_600_000,
	} as Parameters<typeof describeReport>[0]);
	assert.match(kept, /Repository grants loaded for 1,502 of 2,002; 1,500 kept from an earlier sync/);
	assert.match(kept, /Deep sync estimate was 4,004 requests, ~1,200 s\./);
});
