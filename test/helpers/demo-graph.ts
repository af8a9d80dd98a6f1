/**
 * An in-memory ExplorerBackend over a real AccessGraph (no network) for UI tests. Tier-2 loads
 * are controlled by the test: `ensureRepositoryGrants` resolves when the test calls
 * `resolveGrants(fullName, grants)` (or immediately with `autoLoad`).
 */
import type {BackendStatus, ExplorerBackend, ExportResult, RefreshScope} from '../../source/core/backend.js';
import {scopePrice} from '../../source/core/explorer/refresh-scope.js';
import type {RequestLogEntry} from '../../source/core/bitbucket/request-log.js';
import {AccessGraph} from '../../source/core/graph/index.js';
import type {AccessSnapshot, RepositoryGrant} from '../../source/core/model.js';
import {demoBuilder} from './snapshot-builder.js';

export interface MemoryBackend extends ExplorerBackend {
	readonly calls: {refresh: (RefreshScope | undefined)[]; ensure: string[]; exports: {name: string; rows: Record<string, unknown>[]; format: 'csv' | 'json'}[]};
	setStatus(patch: Partial<BackendStatus>): void;
	/** Finish a pending ensureRepositoryGrants with these grants (loaded). */
	resolveGrants(fullName: string, grants: RepositoryGrant[]): void;
	rejectGrants(fullName: string, error: Error): void;
	addRequest(entry: Partial<RequestLogEntry>): void;
}

export function createMemoryBackend(snapshot: AccessSnapshot | undefined, options: {autoLoad?: boolean; status?: Partial<BackendStatus>; now?: () => number} = {}): MemoryBackend {
	let graph = snapshot ? AccessGraph.fromSnapshot(snapshot) : undefined;
	let status: BackendStatus = {state: 'connected', message: 'Connected', requestsUsed: 0, readOnly: false, demo: false, ...options.status};
	const listeners = new Set<() => void>();
	const notify = () => {
		for (const listener of listeners) listener();
	};
	const pending = new Map<string, {resolve: () => void; reject: (error: Error) => void}>();
	const log: RequestLogEntry[] = [];
	const calls: MemoryBackend['calls'] = {refresh: [], ensure: [], exports: []};
	const backend: MemoryBackend = {
		calls,
		graph: () => graph,
		status: () => status,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		async refresh(scope) {
			calls.refresh.push(scope);
			if (snapshot) graph = AccessGraph.fromSnapshot(snapshot);
			notify();
		},
		cancelSync() {},
		// A fixed clock: three hours after the builder's grants load time, so frames do not drift.
		now: options.now ?? (() => Date.parse('2026-11-29T13:00:00.000Z')),
		refreshPrice: scope => scopePrice(graph, scope),
		budgetFreeAt: () => undefined,
		budgetRemaining: () => status.budgetLeft,
		waitForBudget: job => job.run(),
		cancelWait: () => false,
		ensureRepositoryGrants(fullName) {
			calls.ensure.push(fullName);
			if (options.autoLoad) {
				graph?.setRepositoryGrants(fullName, [], {state: 'loaded', at: new Date(0).toISOString()});
				notify();
				return Promise.resolve();
			}
			return new Promise((resolve, reject) => pending.set(fullName, {resolve, reject}));
		},
		requestLog: () => log,
		async exportRows(name, rows, format): Promise<ExportResult> {
			calls.exports.push({name, rows, format});
			return {path: `/tmp/${name}.${format}`, rows: rows.length};
		},
		webUrl(target) {
			switch (target.type) {
				case 'repository':
					return `https://bitbucket.org/${target.fullName}`;
				case 'project':
					return `https://bitbucket.org/${target.workspace}/workspace/projects/${target.key}`;
				case 'workspace':
					return `https://bitbucket.org/${target.workspace}`;
				case 'user':
					return `https://bitbucket.org/${encodeURIComponent(target.uuid)}`;
			}
		},
		async close() {},
		setStatus(patch) {
			status = {...status, ...patch};
			notify();
		},
		resolveGrants(fullName, grants) {
			graph?.setRepositoryGrants(fullName, grants, {state: 'loaded', at: new Date(0).toISOString()});
			pending.get(fullName)?.resolve();
			pending.delete(fullName);
			notify();
		},
		rejectGrants(fullName, error) {
			pending.get(fullName)?.reject(error);
			pending.delete(fullName);
		},
		addRequest(entry) {
			log.push({at: Date.UTC(2026, 10, 29, 12), method: 'GET', path: '/2.0/user', status: 200, ms: 12, bytes: 100, attempt: 1, ...entry});
			status = {...status, requestsUsed: log.length};
			notify();
		},
	};
	return backend;
}

/** A workspace with `count` repositories (3,000 by default) in 30 projects, for size and speed tests. */
export function largeSnapshot(count = 3000): AccessSnapshot {
	const builder = demoBuilder();
	builder.workspace('bigco', {name: 'Big Co'}).member('bigco', 'wskinner', 'owner').member('bigco', 'dscully');
	for (let p = 0; p < 30; p++) builder.project('bigco', `P${String(p).padStart(2, '0')}`);
	for (let i = 0; i < count; i++) {
		builder.repository(`bigco/service-${String(i).padStart(4, '0')}`, {project: `P${String(i % 30).padStart(2, '0')}`});
	}
	return builder.build();
}
