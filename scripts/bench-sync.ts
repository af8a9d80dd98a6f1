/**
 * Sync benchmark: `npm run bench -- [--scenario large] [--latency-ms 100] [--concurrency 8] [--seed 1] [--tier1-only]`.
 * Starts the emulator in a child process, syncs tier 1, then a full deep sync (no rate limit),
 * and prints one JSON line: requests and wall time of each, the minimum requests the data needs
 * at pagelen 100, what baton-bitbucket's plan would need, peak RSS of this (the syncing) process,
 * and the graph's counts. Results are recorded in docs/performance.md.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {createInterface} from 'node:readline';
import {parseArgs} from 'node:util';
import {BitbucketClient} from '../source/core/bitbucket/client.js';
import {AccessGraph} from '../source/core/graph/index.js';
import {syncAccess} from '../source/core/sync/index.js';
import type {ExportedState} from '../source/emulator/index.js';
import {minimumRequests, ownPermissionEntries, pages} from './bench-minimum.js';
import {pacedBench} from './bench-budget.js';

const {values: flags} = parseArgs({
	options: {
		scenario: {type: 'string', default: 'large'},
		'latency-ms': {type: 'string', default: '100'},
		concurrency: {type: 'string', default: '8'},
		seed: {type: 'string', default: '1'},
		'tier1-only': {type: 'boolean', default: false},
		/** The budget benchmark: the scaled window W (1,000 requests per W), its latency, skip it or run only it. */
		'window-ms': {type: 'string', default: '4000'},
		'paced-latency-ms': {type: 'string', default: '2'},
		'skip-paced': {type: 'boolean', default: false},
		'paced-only': {type: 'boolean', default: false},
	},
});
const scenario = flags.scenario!;
const latencyMs = Number(flags['latency-ms']);
const concurrency = Number(flags.concurrency);
const ADMIN = {email: 'admin@acme.test', token: 'demo-admin-token'};

async function startChildEmulator(): Promise<{url: string; child: ChildProcess}> {
	const child = spawn(
		process.execPath,
		['--import', 'tsx', 'source/cli.tsx', 'emulator', '--port', '0', '--scenario', scenario, '--latency-ms', String(latencyMs), '--seed', flags.seed!],
		{stdio: ['ignore', 'pipe', 'inherit']},
	);
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

/**
 * baton-bitbucket's plan for the same data (research spec 1.7): pagelen 50; members listed twice
 * (user resources and workspace grants) plus one GET /2.0/users/{id} per member; v1 groups once;
 * projects listed; per project users + groups + repositories pages; per repository users + groups.
 */
function batonRequests(state: ExportedState): number {
	let total = 1 + pages(state.workspaces.length, 50);
	for (const workspace of state.workspaces) {
		total += 2 * pages(workspace.members.length, 50) + workspace.members.length + 1 + pages(workspace.projects.length, 50);
		for (const project of workspace.projects) {
			const repositories = workspace.repositories.filter(repository => repository.project === project.key).length;
			total += pages(project.users.length, 50) + pages(project.groups.length, 50) + pages(repositories, 50);
		}
		for (const repository of workspace.repositories) total += pages(repository.users.length, 50) + pages(repository.groups.length, 50);
	}
	return total;
}

async function main(): Promise<void> {
	const {url, child} = await startChildEmulator();
	let peakRss = process.memoryUsage().rss;
	const sampler = setInterval(() => {
		peakRss = Math.max(peakRss, process.memoryUsage().rss);
	}, 25);
	try {
		const state = (await (await fetch(`${url}/_emulator/state`)).json()) as ExportedState;
		const run = async (deep: boolean) => {
			const client = new BitbucketClient({apiUrl: url, email: ADMIN.email, token: ADMIN.token, concurrency});
			try {
				const result = await syncAccess(client, {deep});
				return {result, requests: client.requestsSent};
			} finally {
				await client.close();
			}
		};
		const tier1 = await run(false);
		const visible = new Set(tier1.result.snapshot.repositories.map(repository => repository.fullName));
		const minimum = minimumRequests(state, visible, ownPermissionEntries(tier1.result.snapshot));
		let full: typeof tier1 | undefined;
		if (!flags['tier1-only']) {
			tier1.result.snapshot = undefined as never; // let the tier-1 data go before the full run
			full = await run(true);
		}
		const snapshot = (full ?? tier1).result.snapshot;
		const graph = AccessGraph.fromSnapshot(snapshot);
		peakRss = Math.max(peakRss, process.memoryUsage().rss);
		const idealFullMs = full ? (full.requests * latencyMs) / concurrency : undefined;
		const line = {
			scenario,
			latencyMs,
			concurrency,
			tier1: {requests: tier1.requests, wallMs: tier1.result.summary.wallMs, ratioToMinimum: round(tier1.requests / minimum.tier1)},
			full: full
				? {requests: full.requests, wallMs: full.result.summary.wallMs, ratioToMinimum: round(full.requests / minimum.full), ratioToIdealWall: round(full.result.summary.wallMs / idealFullMs!)}
				: undefined,
			minimumRequests: minimum,
			batonRequests: batonRequests(state),
			peakRssMb: Math.round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 1024 / 1024),
			graph: {
				workspaces: graph.workspaces().length,
				users: snapshot.users.length,
				memberships: snapshot.memberships.length,
				groups: snapshot.groups.length,
				projects: snapshot.projects.length,
				repositories: snapshot.repositories.length,
				projectGrants: snapshot.projectGrants.length,
				repositoryGrants: snapshot.repositoryGrants.length,
			},
			problems: (full ?? tier1).result.summary.problems.length,
		};
		process.stdout.write(`${JSON.stringify(line)}\n`);
	} finally {
		clearInterval(sampler);
		child.kill('SIGTERM');
	}
}

function round(value: number): number {
	return Math.round(value * 1000) / 1000;
}

async function all(): Promise<void> {
	if (!flags['paced-only']) await main();
	if (flags['skip-paced']) return;
	const line = await pacedBench({scenario, seed: flags.seed!, windowMs: Number(flags['window-ms']), latencyMs: Number(flags['paced-latency-ms']), concurrency});
	process.stdout.write(`${JSON.stringify(line)}\n`);
}

all().catch((error: unknown) => {
	process.stderr.write(`bench-sync: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exitCode = 1;
});
