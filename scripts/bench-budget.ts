/**
 * The request-budget benchmark (part of `npm run bench`): the scenario behind an emulator that
 * allows 1,000 requests per scaled window W, and the CLI with `--budget 1000/W`:
 *  1. `sync --deep --wait` from nothing: requests ÷ minimum, 429s served, windows used, wall ÷ (windows × W);
 *  2. the same killed with SIGKILL halfway and run again: total requests ÷ minimum;
 *  3. the explorer's start with a snapshot younger than refreshAfter: requests sent (should be 0).
 * Prints one JSON line.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {startFromCache} from '../source/core/budget/cached-start.js';
import {createExplorerBackend} from '../source/core/explorer-backend.js';
import type {AccessSnapshot} from '../source/core/model.js';
import {createSession} from '../source/core/session.js';
import {snapshotFile} from '../source/core/sync/index.js';
import type {ExportedState} from '../source/emulator/index.js';
import {minimumRequests, ownPermissionEntries} from './bench-minimum.js';

const ADMIN = {email: 'admin@acme.test', token: 'demo-admin-token'};
const LIMIT = 1000;

export interface PacedBenchOptions {
	scenario: string;
	seed: string;
	windowMs: number;
	latencyMs: number;
	concurrency: number;
}

interface Stats {
	requests: number;
	served429: number;
}

async function startEmulator(options: PacedBenchOptions): Promise<{url: string; child: ChildProcess}> {
	const args = ['--import', 'tsx', 'source/cli.tsx', 'emulator', '--port', '0', '--scenario', options.scenario, '--seed', options.seed];
	args.push('--latency-ms', String(options.latencyMs), '--rate-limit', String(LIMIT), '--rate-limit-window-ms', String(options.windowMs));
	const child = spawn(process.execPath, args, {stdio: ['ignore', 'pipe', 'inherit']});
	const lines = createInterface({input: child.stdout!});
	const url = await new Promise<string>((resolve, reject) => {
		child.once('exit', code => reject(new Error(`emulator exited (${code}) before listening`)));
		lines.once('line', line => {
			const match = /(http:\/\/\S+)/.exec(line);
			if (match?.[1]) resolve(match[1]);
			else reject(new Error(`unexpected emulator output: ${line}`));
		});
	});
	return {url, child};
}

function environment(home: string): NodeJS.ProcessEnv {
	return {
		PATH: process.env.PATH,
		HOME: home,
		XDG_CONFIG_HOME: path.join(home, 'config'),
		XDG_CACHE_HOME: path.join(home, 'cache'),
		XDG_STATE_HOME: path.join(home, 'state'),
		BITBUCKET_EMAIL: ADMIN.email,
		BITBUCKET_API_TOKEN: ADMIN.token,
		NO_COLOR: '1',
	};
}

function deepSync(url: string, env: NodeJS.ProcessEnv, options: PacedBenchOptions): {child: ChildProcess; done: Promise<number | null>} {
	const args = ['--import', 'tsx', 'source/cli.tsx', 'sync', '--deep', '--wait', '--json', '--api-url', url, '--budget', `${LIMIT}/${options.windowMs}ms`, '--concurrency', String(options.concurrency)];
	const child = spawn(process.execPath, args, {env, stdio: ['ignore', 'ignore', 'ignore']});
	return {child, done: new Promise(resolve => child.once('close', code => resolve(code)))};
}

async function stats(url: string): Promise<Stats> {
	return (await (await fetch(`${url}/_emulator/stats`)).json()) as Stats;
}

function readSnapshot(env: NodeJS.ProcessEnv, url: string): AccessSnapshot | undefined {
	try {
		return JSON.parse(readFileSync(snapshotFile(url, ADMIN.email, {cacheDir: path.join(env.XDG_CACHE_HOME!, 'bbaccess')}), 'utf8')) as AccessSnapshot;
	} catch {
		return undefined;
	}
}

function triedInPass(snapshot: AccessSnapshot | undefined): number {
	if (!snapshot?.deepPass) return 0;
	const since = Date.parse(snapshot.deepPass.startedAt);
	return Object.values(snapshot.repositoryGrantStatus).filter(state => state.state !== 'not-loaded' && state.at !== undefined && Date.parse(state.at) >= since).length;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

export async function pacedBench(options: PacedBenchOptions): Promise<Record<string, unknown>> {
	const {url, child} = await startEmulator(options);
	const homes: string[] = [];
	const home = () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'bbaccess-bench-budget-'));
		homes.push(dir);
		return environment(dir);
	};
	try {
		const state = (await (await fetch(`${url}/_emulator/state`)).json()) as ExportedState;

		// 1. From nothing, unattended.
		const fresh = home();
		const started = performance.now();
		const code = await deepSync(url, fresh, options).done;
		const wallMs = Math.round(performance.now() - started);
		if (code !== 0) throw new Error(`sync --deep --wait exited ${code}`);
		const first = await stats(url);
		const snapshot = readSnapshot(fresh, url)!;
		const minimum = minimumRequests(state, new Set(snapshot.repositories.map(repository => repository.fullName)), ownPermissionEntries(snapshot)).full;
		const windows = Math.ceil(first.requests / LIMIT);

		// 2. Killed halfway with SIGKILL, then run again.
		await fetch(`${url}/_emulator/reset`, {method: 'POST'});
		const killedHome = home();
		const half = Math.floor(snapshot.repositories.length / 2);
		const killed = deepSync(url, killedHome, options);
		while (triedInPass(readSnapshot(killedHome, url)) < half) await new Promise(resolve => setTimeout(resolve, 50));
		killed.child.kill('SIGKILL');
		await killed.done;
		const savedAtKill = triedInPass(readSnapshot(killedHome, url));
		const resumedCode = await deepSync(url, killedHome, options).done;
		if (resumedCode !== 0) throw new Error(`resumed sync exited ${resumedCode}`);
		const second = await stats(url);

		// 3. The explorer's start with that (fresh) snapshot.
		const session = await createSession({env: killedHome, apiUrl: url});
		const backend = createExplorerBackend({session, apiUrl: url, changes: false});
		const before = (await stats(url)).requests;
		const plan = await startFromCache({backend, budget: session.budget, refreshAfterMs: session.refreshAfterMs, cache: true, account: {apiUrl: url, email: ADMIN.email, paths: session.paths}});
		await new Promise(resolve => setTimeout(resolve, 500)); // a background refresh would have started by now
		const startRequests = (await stats(url)).requests - before;
		await backend.close();
		await session.close();

		return {
			scenario: options.scenario,
			budget: `${LIMIT}/${options.windowMs}ms`,
			latencyMs: options.latencyMs,
			concurrency: options.concurrency,
			minimumRequests: minimum,
			fromNothing: {
				requests: first.requests,
				ratioToMinimum: round(first.requests / minimum),
				served429: first.served429,
				windowsUsed: windows,
				wallMs,
				wallToWindows: round(wallMs / (windows * options.windowMs)),
			},
			killedHalfwayAndResumed: {repositoriesSavedAtKill: savedAtKill, requests: second.requests, ratioToMinimum: round(second.requests / minimum), served429: second.served429},
			freshSnapshotStart: {requests: startRequests, refreshing: plan.refreshing},
		};
	} finally {
		child.kill('SIGTERM');
		for (const dir of homes) rmSync(dir, {recursive: true, force: true});
	}
}
