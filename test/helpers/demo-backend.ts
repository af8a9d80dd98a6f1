/**
 * A real explorer backend on the in-process emulator: loopback HTTP, a private temp directory
 * for the snapshot cache and exports, and retries that do not wait (so failure paths are fast).
 */
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {BitbucketClient} from '../../source/core/bitbucket/client.js';
import type {RequestBudget} from '../../source/core/bitbucket/budget.js';
import {ChangeService, Journal} from '../../source/core/changes/index.js';
import {RequestLog} from '../../source/core/bitbucket/request-log.js';
import {createExplorerBackend, type AppExplorerBackend, type ExplorerBackendOptions} from '../../source/core/explorer-backend.js';
import {appPaths, type AppPaths} from '../../source/core/paths.js';
import {DEMO_ADMIN, DEMO_READER, startEmulator, type EmulatorOptions, type RunningEmulator} from '../../source/emulator/index.js';
import {fastRetry} from './fast-retry.js';

export interface DemoBackend {
	emulator: RunningEmulator;
	backend: AppExplorerBackend;
	client: BitbucketClient;
	requestLog: RequestLog;
	paths: AppPaths;
	root: string;
	close(): Promise<void>;
}

export interface DemoBackendOptions {
	emulator?: EmulatorOptions;
	login?: 'admin' | 'reader';
	backend?: Partial<ExplorerBackendOptions>;
	/** Reuse a directory (e.g. to start a second backend on the same snapshot cache). */
	root?: string;
	/** Reuse a running emulator. */
	running?: RunningEmulator;
	/** A request budget for the client (reserved before each request) and the backend (status, prices). */
	budget?: RequestBudget;
}

export async function startDemoBackend(options: DemoBackendOptions = {}): Promise<DemoBackend> {
	const emulator = options.running ?? (await startEmulator({scenario: 'demo', ...options.emulator}));
	const root = options.root ?? (await mkdtemp(path.join(os.tmpdir(), 'bbaccess-app-test-')));
	const paths = appPaths({XDG_CONFIG_HOME: path.join(root, 'config'), XDG_CACHE_HOME: path.join(root, 'cache'), XDG_STATE_HOME: path.join(root, 'state')});
	const login = options.login === 'reader' ? DEMO_READER : DEMO_ADMIN;
	const requestLog = new RequestLog();
	const client = new BitbucketClient({apiUrl: emulator.url, email: login.email, token: login.token, requestLog, retry: fastRetry(), maxAttempts: 2, budget: options.budget});
	const backend = createExplorerBackend({
		client,
		credentials: {email: login.email},
		requestLog,
		paths,
		exportDir: root,
		budget: options.budget,
		...options.backend,
	});
	return {
		emulator,
		backend,
		client,
		requestLog,
		paths,
		root,
		async close() {
			await backend.close();
			await client.close();
			if (!options.running) await emulator.stop();
			if (!options.root) await rm(root, {recursive: true, force: true});
		},
	};
}

/** Resolve when the backend's status satisfies the predicate (checked on every change). */
export function waitForStatus(backend: AppExplorerBackend, predicate: () => boolean, timeoutMs = 30_000): Promise<void> {
	return new Promise((resolve, reject) => {
		if (predicate()) return resolve();
		const timer = setTimeout(() => {
			unsubscribe();
			reject(new Error(`timed out waiting for backend status; last: ${JSON.stringify(backend.status().message)}`));
		}, timeoutMs);
		const unsubscribe = backend.subscribe(() => {
			if (!predicate()) return;
			clearTimeout(timer);
			unsubscribe();
			resolve();
		});
	});
}

/** Give the demo backend a change service (journal in its temp dir), as the explorer app does. */
export function attachChanges(demo: DemoBackend): ChangeService {
	const service = new ChangeService({
		client: demo.client,
		graph: () => demo.backend.graph(),
		journal: new Journal(path.join(demo.root, 'state', 'journal.jsonl')),
		account: {email: 'admin@acme.test', apiUrl: demo.emulator.url},
		readOnlyReason: () => (demo.backend.status().readOnly ? demo.backend.status().readOnlyReason : undefined),
		ensureRepositoryGrants: fullName => demo.backend.ensureRepositoryGrants(fullName),
	});
	demo.backend.changes ??= service;
	return demo.backend.changes;
}
