import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {budgetFile, RequestBudget} from '../source/core/bitbucket/budget.js';
import {snapshotFile} from '../source/core/sync/index.js';
import type {AccessSnapshot} from '../source/core/model.js';
import type {EmulatorOptions} from '../source/emulator/index.js';
import {startTestEmulator} from './helpers/emulator.js';
import {ADMIN} from './helpers/sync-harness.js';
import {xdgDirs} from './helpers/run-cli.js';

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

function start(args: string[], env: NodeJS.ProcessEnv): {child: ChildProcess; done: Promise<Run>} {
	const child = spawn(process.execPath, ['--import', 'tsx', 'source/cli.tsx', ...args], {env, stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const done = new Promise<Run>((resolve, reject) => {
		child.once('error', reject);
		child.once('close', code => resolve({code, stdout, stderr}));
	});
	return {child, done};
}

const runCli = (args: string[], env: NodeJS.ProcessEnv) => start(args, env).done;

function home(t: {after: (fn: () => void) => void}): NodeJS.ProcessEnv {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'bbaccess-pacing-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	return {
		PATH: process.env.PATH,
		HOME: dir,
		...xdgDirs(dir),
		BITBUCKET_EMAIL: ADMIN.email,
		BITBUCKET_API_TOKEN: ADMIN.token,
		NO_COLOR: '1',
	};
}

const cacheDir = (env: NodeJS.ProcessEnv) => path.join(env.XDG_CACHE_HOME!, 'bbaccess');

function readSnapshot(env: NodeJS.ProcessEnv, url: string): AccessSnapshot | undefined {
	try {
		return JSON.parse(readFileSync(snapshotFile(url, ADMIN.email, {cacheDir: cacheDir(env)}), 'utf8')) as AccessSnapshot;
	} catch {
		return undefined; // Not written yet (or being replaced).
	}
}

/** Repositories whose grants were tried in the snapshot's current deep pass. */
function triedInPass(snapshot: AccessSnapshot | undefined): number {
	if (!snapshot?.deepPass) return 0;
	const since = Date.parse(snapshot.deepPass.startedAt);
	return Object.values(snapshot.repositoryGrantStatus).filter(state => state.state !== 'not-loaded' && state.at !== undefined && Date.parse(state.at) >= since).length;
}

async function poll(condition: () => boolean, what: string, timeoutMs = 90_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

const GRANT_LISTING = 'GET /2.0/repositories/{workspace}/{repo_slug}/permissions-config/users';

async function emulatorWith(t: Parameters<typeof startTestEmulator>[0], options: EmulatorOptions = {}) {
	const emulator = await startTestEmulator(t, options);
	const listings = () => Object.values(emulator.stats().byRoute[GRANT_LISTING] ?? {}).reduce((sum, n) => sum + n, 0);
	return {emulator, listings};
}

interface Report {
	requests: number;
	repositories: number;
	repositoriesWithGrantsInSnapshot: number;
	deep?: {resumed: boolean; done: number; total: number; left: number; loadedNow: number; stoppedBecause?: string; freeAt?: string};
}

// Two at a time: each test runs several CLI processes, and the whole suite shares two cores.
describe('the request budget in sync (independent runs, two at a time)', {concurrency: 2}, () => {
	test('over budget without --wait the sync is refused before anything is sent (exit 3)', async t => {
		const {emulator} = await emulatorWith(t);
		const env = home(t);
		assert.equal((await runCli(['sync', '--api-url', emulator.url], env)).code, 0);
		// Another process of the same account spent most of the hour.
		new RequestBudget({file: budgetFile(cacheDir(env), emulator.url, ADMIN.email)}).record(990);
		const sent = emulator.stats().requests;
		const refused = await runCli(['sync', '--api-url', emulator.url, '--budget', '1000/1h'], env);
		assert.equal(refused.code, 3, refused.stderr);
		assert.match(refused.stderr, /needs about [\d,]+ requests, but only [\d,]+ of 1,000 are left this hour .*enough frees up in \d+ min\. Nothing was sent/);
		assert.equal(emulator.stats().requests, sent, 'nothing was sent');
		assert.match((await runCli(['sync', '--api-url', emulator.url, '--budget', 'lots'], env)).stderr, /--budget takes requests per window/);
	});

	test('a deep sync without --wait stops at the budget (exit 5, resumable) and the next run resumes without re-fetching', async t => {
		const {emulator, listings} = await emulatorWith(t);
		const env = home(t);
		const human = await runCli(['sync', '--deep', '--api-url', emulator.url, '--budget', '70/1h'], env);
		assert.equal(human.code, 5, human.stderr);
		assert.match(human.stdout, /Deep sync stopped: the request budget is spent\. \d+ of 32 repositories left; progress is saved\. The budget frees up in \d+ min\. Run `bbaccess sync --deep` again to resume/);
		assert.ok(emulator.stats().requests <= 70, `sent ${emulator.stats().requests} of a budget of 70`);
		// The same budget, ten more requests: the pass goes on from where it stopped, and stops again.
		const second = await runCli(['sync', '--deep', '--json', '--api-url', emulator.url, '--budget', '80/1h'], env);
		assert.equal(second.code, 5, second.stderr);
		const stopped = JSON.parse(second.stdout) as Report;
		assert.equal(stopped.deep?.resumed, true);
		assert.equal(stopped.deep.stoppedBecause, 'budget');
		assert.ok(stopped.deep.left > 0 && stopped.deep.loadedNow > 0, JSON.stringify(stopped.deep));
		assert.ok(stopped.deep.freeAt, 'says when the budget frees up');
		assert.ok(emulator.stats().requests <= 80, `sent ${emulator.stats().requests} of a budget of 80`);

		const before = listings();
		const resumed = await runCli(['sync', '--deep', '--json', '--api-url', emulator.url, '--budget', '1000/1h'], env);
		assert.equal(resumed.code, 0, resumed.stderr);
		const report = JSON.parse(resumed.stdout) as Report;
		assert.equal(report.deep?.resumed, true);
		assert.equal(report.deep.left, 0);
		assert.equal(report.deep.loadedNow, stopped.deep.left, 'only what was left is loaded');
		assert.ok(listings() - before <= stopped.deep.left, 'no repository loaded in this pass is fetched again');
		assert.equal(triedInPass(readSnapshot(env, emulator.url)), 32);
		assert.ok(readSnapshot(env, emulator.url)?.deepPass?.completedAt, 'the pass is complete');
	});

	test('sync --deep --wait paces itself to the budget across windows: the server never answers 429', async t => {
		const {emulator} = await emulatorWith(t, {rateLimit: 50, rateLimitWindowMs: 1000});
		const env = home(t);
		const result = await runCli(['sync', '--deep', '--wait', '--json', '--api-url', emulator.url, '--budget', '50/1s'], env);
		assert.equal(result.code, 0, result.stderr);
		const report = JSON.parse(result.stdout) as Report;
		assert.equal(report.deep?.left, 0);
		assert.ok(report.requests > 50, `spanned windows: ${report.requests} requests`);
		assert.equal(emulator.stats().served429, 0);
	});

	test('kill -9 mid deep sync loses at most the last few repositories; the next run resumes the pass', async t => {
		const {emulator, listings} = await emulatorWith(t);
		const env = home(t);
		// Slow enough that the pass is still going when the first periodic save (25 repositories) is seen.
		const {child, done} = start(['sync', '--deep', '--wait', '--api-url', emulator.url, '--budget', '30/1s'], env);
		await poll(() => triedInPass(readSnapshot(env, emulator.url)) >= 25, 'the first periodic save of the deep pass');
		child.kill('SIGKILL');
		await done;
		const saved = triedInPass(readSnapshot(env, emulator.url));
		const before = listings();
		const resumed = await runCli(['sync', '--deep', '--json', '--api-url', emulator.url], env);
		assert.equal(resumed.code, 0, resumed.stderr);
		const report = JSON.parse(resumed.stdout) as Report;
		assert.equal(report.deep?.resumed, true);
		assert.equal(report.deep.loadedNow, 32 - saved);
		assert.ok(listings() - before <= 32 - saved, 'only repositories not saved are fetched');
		assert.ok(before <= saved + 8, `at most the in-flight ones were lost: ${before} fetched, ${saved} saved`);
	});

	test('SIGTERM during a deep sync saves what was loaded and exits 5', async t => {
		const {emulator, listings} = await emulatorWith(t);
		const env = home(t);
		const {child, done} = start(['sync', '--deep', '--wait', '--api-url', emulator.url, '--budget', '80/1s'], env);
		await poll(() => listings() >= 6, 'some repository grants to be requested');
		child.kill('SIGTERM');
		const result = await done;
		assert.equal(result.code, 5, result.stderr);
		assert.match(result.stdout, /Deep sync stopped: interrupted\. \d+ of 32 repositories left; progress is saved/);
		assert.ok(triedInPass(readSnapshot(env, emulator.url)) >= 1, 'what was loaded is in the snapshot');
	});

	for (const retryAfter of [true, false]) {
		test(`429s ${retryAfter ? 'with' : 'without'} Retry-After are waited out under --wait (one probe at a time) and nothing is lost`, async t => {
			const {emulator} = await emulatorWith(t, {rateLimit: 30, rateLimitWindowMs: 3000, retryAfter});
			const env = home(t);
			// The client's budget is bigger than what the server allows: as if another tool spent the rest.
			const args = ['sync', '--deep', '--wait', '--json', '--workspace', 'acme', '--concurrency', '8', '--api-url', emulator.url, '--budget', '1000/6s'];
			const started = Date.now();
			const result = await runCli(args, env);
			const wallMs = Date.now() - started;
			assert.equal(result.code, 0, result.stderr);
			const report = JSON.parse(result.stdout) as Report;
			assert.equal(report.deep?.left, 0);
			assert.equal(report.repositoriesWithGrantsInSnapshot, 30, 'every visible repository loaded');
			const served = emulator.stats().served429;
			assert.ok(served > 0, 'the limit was hit');
			// Past the requests already in flight when the limit struck (the concurrency), every 429 is a
			// probe, and probes come at most once per interval (60 s per hour of window: 100 ms for 6 s).
			assert.ok(served <= 8 + Math.ceil(wallMs / 100), `probes, not a storm: ${served} 429s in ${wallMs} ms`);
		});
	}

	test('429s without --wait stop the sync cleanly: exit 5 (incomplete, resumable), saying to run again or --wait', async t => {
		const {emulator} = await emulatorWith(t, {rateLimit: 20, rateLimitWindowMs: 60_000});
		const env = home(t);
		const result = await runCli(['sync', '--api-url', emulator.url], env);
		assert.equal(result.code, 5, result.stderr);
		assert.match(result.stdout, /Incomplete: Bitbucket's rate limit was reached \(429; another tool may have spent this account's hour\)\. Run the same command again later, or add --wait\./);
	});
});
