/**
 * A change-pipeline test bench on the in-process emulator over loopback HTTP: a client for the demo
 * admin (or reader), a tier-1 synced AccessGraph, a ChangeService journaling into a private temp
 * dir, and helpers that read the emulator's /_emulator/stats and /_emulator/state.
 */
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {BitbucketClient} from '../../source/core/bitbucket/client.js';
import {RequestLog} from '../../source/core/bitbucket/request-log.js';
import {ChangeService, Journal, type ChangeServiceOptions} from '../../source/core/changes/index.js';
import {AccessGraph} from '../../source/core/graph/index.js';
import {loadRepositoryGrants, syncAccess} from '../../source/core/sync/index.js';
import {DEMO_ADMIN, DEMO_READER, startEmulator, type EmulatorOptions, type EmulatorStats, type ExportedState, type RunningEmulator} from '../../source/emulator/index.js';
import {fastRetry} from './fast-retry.js';

export interface ChangeBench {
	emulator: RunningEmulator;
	client: BitbucketClient;
	graph: AccessGraph;
	service: ChangeService;
	journal: Journal;
	root: string;
	uuidOf(nickname: string): string;
	/** Mutating requests (PUT/DELETE/POST) the emulator received since the bench started or `markStats()`. */
	mutations(): Promise<Record<string, Record<string, number>>>;
	/** Remember the current stats; mutations() counts from here. */
	markStats(): Promise<void>;
	state(): Promise<ExportedState>;
	close(): Promise<void>;
}

export interface BenchOptions {
	emulator?: EmulatorOptions;
	login?: 'admin' | 'reader';
	workspaces?: string[];
	service?: Partial<ChangeServiceOptions>;
	maxAttempts?: number;
}

async function fetchJson<T>(url: string): Promise<T> {
	const response = await fetch(url);
	if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
	return (await response.json()) as T;
}

function mutatingRoutes(stats: EmulatorStats): Record<string, Record<string, number>> {
	return Object.fromEntries(Object.entries(stats.byRoute).filter(([route]) => /^(PUT|DELETE|POST|PATCH) /.test(route)));
}

function diffRoutes(now: Record<string, Record<string, number>>, base: Record<string, Record<string, number>>): Record<string, Record<string, number>> {
	const result: Record<string, Record<string, number>> = {};
	for (const [route, statuses] of Object.entries(now)) {
		for (const [status, count] of Object.entries(statuses)) {
			const delta = count - (base[route]?.[status] ?? 0);
			if (delta > 0) (result[route] ??= {})[status] = delta;
		}
	}
	return result;
}

export async function startChangeBench(options: BenchOptions = {}): Promise<ChangeBench> {
	const emulator = await startEmulator({scenario: 'demo', ...options.emulator});
	const root = await mkdtemp(path.join(os.tmpdir(), 'bbaccess-changes-test-'));
	const login = options.login === 'reader' ? DEMO_READER : DEMO_ADMIN;
	const requestLog = new RequestLog();
	const client = new BitbucketClient({apiUrl: emulator.url, email: login.email, token: login.token, requestLog, retry: fastRetry(), maxAttempts: options.maxAttempts ?? 6});
	const {snapshot} = await syncAccess(client, {workspaces: options.workspaces ?? ['acme']});
	const graph = AccessGraph.fromSnapshot(snapshot);
	const journal = new Journal(path.join(root, 'state', 'bbaccess', 'journal.jsonl'));
	const service = new ChangeService({
		client,
		graph: () => graph,
		journal,
		account: {email: login.email, apiUrl: emulator.url},
		ensureRepositoryGrants: fullName => loadRepositoryGrants(client, graph, [fullName]),
		...options.service,
	});
	let base = mutatingRoutes(await fetchJson<EmulatorStats>(`${emulator.url}/_emulator/stats`));
	return {
		emulator,
		client,
		graph,
		service,
		journal,
		root,
		uuidOf(nickname) {
			const user = graph.users().find(item => item.nickname === nickname);
			if (!user) throw new Error(`no user ${nickname} in the graph`);
			return user.uuid;
		},
		async mutations() {
			return diffRoutes(mutatingRoutes(await fetchJson<EmulatorStats>(`${emulator.url}/_emulator/stats`)), base);
		},
		async markStats() {
			base = mutatingRoutes(await fetchJson<EmulatorStats>(`${emulator.url}/_emulator/stats`));
		},
		state() {
			return fetchJson<ExportedState>(`${emulator.url}/_emulator/state`);
		},
		async close() {
			await client.close();
			await emulator.stop();
			await rm(root, {recursive: true, force: true});
		},
	};
}

type StateWorkspace = ExportedState['workspaces'][number];

export function workspaceIn(state: ExportedState, slug: string): StateWorkspace {
	const ws = state.workspaces.find(item => item.slug === slug);
	if (!ws) throw new Error(`no workspace ${slug} in the emulator state`);
	return ws;
}

/** The explicit repository level of a user (by nickname) in the emulator, or undefined. */
export function repoUserLevel(state: ExportedState, fullName: string, nickname: string): string | undefined {
	const ws = workspaceIn(state, fullName.split('/')[0]!);
	return ws.repositories.find(repo => repo.fullName === fullName)?.users.find(user => user.nickname === nickname)?.level;
}

export function repoGroupLevel(state: ExportedState, fullName: string, slug: string): string | undefined {
	const ws = workspaceIn(state, fullName.split('/')[0]!);
	return ws.repositories.find(repo => repo.fullName === fullName)?.groups.find(group => group.slug === slug)?.level;
}

export function projectUserLevel(state: ExportedState, workspace: string, key: string, nickname: string): string | undefined {
	return workspaceIn(state, workspace).projects.find(project => project.key === key)?.users.find(user => user.nickname === nickname)?.level;
}

export function projectGroupLevel(state: ExportedState, workspace: string, key: string, slug: string): string | undefined {
	return workspaceIn(state, workspace).projects.find(project => project.key === key)?.groups.find(group => group.slug === slug)?.level;
}

export function groupHas(state: ExportedState, workspace: string, slug: string, nickname: string): boolean {
	return workspaceIn(state, workspace).groups.find(group => group.slug === slug)?.members.some(member => member.nickname === nickname) ?? false;
}
