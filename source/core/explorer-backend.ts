/**
 * The explorer's backend: the one object the Ink app talks to. It holds the access graph and a
 * status line, runs (and cancels) syncs, loads repository grants on demand, writes exports and
 * builds Bitbucket web links. No Ink, no React: the UI subscribes and renders.
 *
 * Rules it keeps:
 * - a refresh replaces the graph only with data at least as complete as what is shown; a failed,
 *   cancelled or less complete refresh keeps the old graph and says so in the status;
 * - tier-2 loads (repository grants) are de-duplicated while in flight;
 * - refresh never throws: failures become status messages; a failed on-demand grants load rejects
 *   with the BbError (the explorer shows it where the grants were wanted).
 */
import {setMaxListeners} from 'node:events';
import path from 'node:path';
import type {BackendStatus, ConnectionState, ExplorerBackend} from './backend.js';
import type {BitbucketClient} from './bitbucket/client.js';
import type {RequestLog} from './bitbucket/request-log.js';
import type {ChangeService} from './changes/index.js';
import {BbError, toBbError} from './errors.js';
import {AccessGraph} from './graph/index.js';
import type {AccessSnapshot} from './model.js';
import {appPaths, type AppPaths} from './paths.js';
import {loadRepositoryGrants, loadSnapshot, refreshedSnapshot, saveSnapshot, syncAccess, type SyncProgress} from './sync/index.js';
import {formatAge, partialReason, scopeProblem} from './explorer-snapshot.js';
import {createBackendChangeService} from './changes/backend-service.js';
import {writeExportRows} from './explorer/exports.js';
import {webUrl} from './explorer/web-url.js';

export {exportFileName} from './explorer/exports.js';
export {webUrl} from './explorer/web-url.js';

/** What a session gives the backend (source/core/session.ts); declared structurally so tests can pass parts. */
export interface BackendSessionParts {
	client: BitbucketClient;
	credentials: {email: string};
	requestLog?: RequestLog;
	budget?: BudgetView;
	paths?: BackendPaths;
	workspaces?: string[];
	readOnly?: boolean;
	readOnlyReason?: string;
	close?: () => Promise<void> | void;
}

export type BackendPaths = Pick<AppPaths, 'cacheDir' | 'stateDir'>;

/** The part of RequestBudget the status line shows. */
export interface BudgetView {
	readonly limitPerHour: number;
	remaining(): number;
}

export interface ExplorerBackendOptions {
	/** A session from createSession(); or pass client + credentials (+ requestLog) directly. */
	session?: BackendSessionParts;
	client?: BitbucketClient;
	credentials?: {email: string};
	requestLog?: RequestLog;
	budget?: BudgetView;
	/** API base URL (keys the snapshot cache); default the client's. */
	apiUrl?: string;
	/** Snapshot cache, change journal and fallback exports; default the session's, else the XDG paths. */
	paths?: BackendPaths;
	/** Offer access changes (grant, revoke, group membership, undo) through ChangeService (default true). */
	changes?: boolean;
	/** Limit syncs to these workspaces (default: the session's, else all). */
	workspaces?: string[];
	/** Also load every repository's explicit grants during sync (tier 2 up front). */
	deep?: boolean;
	/** Read and write the snapshot cache (default true; --no-cache and the demo turn it off). */
	cache?: boolean;
	readOnly?: boolean;
	readOnlyReason?: string;
	demo?: boolean;
	/** Where exports are written (default: the current directory; falls back to the state dir). */
	exportDir?: string;
	/** Clock, for tests. */
	now?: () => number;
}

/** ExplorerBackend plus the startup hooks the app shell uses. */
export interface AppExplorerBackend extends ExplorerBackend {
	/** Access changes for the change keys (absent with `changes: false`). */
	changes?: ChangeService;
	/** Load the cached snapshot (when the cache is on) and show it at once; returns its age, or undefined. */
	loadCachedSnapshot(): Promise<{ageMs: number} | undefined>;
	/** True while a sync runs. */
	syncing(): boolean;
}

export function createExplorerBackend(options: ExplorerBackendOptions): AppExplorerBackend {
	const client = options.session?.client ?? options.client;
	const credentials = options.session?.credentials ?? options.credentials;
	if (!client || !credentials) {
		throw new BbError('config', 'the explorer needs a session or a client with credentials');
	}
	const requestLog = options.session?.requestLog ?? options.requestLog;
	const budget = options.session?.budget ?? options.budget;
	const paths = options.paths ?? options.session?.paths ?? appPaths();
	const apiUrl = options.apiUrl ?? client.apiUrl;
	let requestCount = 0;
	const unsubscribeLog = requestLog?.subscribe(() => {
		requestCount++;
	});
	const workspaces = options.workspaces ?? options.session?.workspaces;
	const cacheOn = options.cache ?? true;
	const now = options.now ?? Date.now;
	const listeners = new Set<() => void>();

	let graph: AccessGraph | undefined;
	/** The snapshot the current graph was built from (its problems decide "Connected" vs "Partial"). */
	let snapshot: AccessSnapshot | undefined;
	let unsubscribeGraph: (() => void) | undefined;
	let controller: AbortController | undefined;
	let running: Promise<void> | undefined;
	let savedRevision = 0;
	let closed = false;
	const inFlightGrants = new Map<string, Promise<void>>();
	const progressByKey = new Map<string, SyncProgress>();

	let readOnly = Boolean(options.readOnly || options.session?.readOnly);
	let readOnlyReason: string | undefined;
	if (options.readOnly) readOnlyReason = options.readOnlyReason ?? 'read-only: --read-only';
	else if (options.session?.readOnly) readOnlyReason = options.session.readOnlyReason ?? 'read-only: set in the config';

	let status: BackendStatus = {
		state: 'syncing',
		message: 'Starting…',
		requestsUsed: 0,
		budgetPerHour: budget?.limitPerHour,
		budgetLeft: budget?.remaining(),
		readOnly,
		readOnlyReason,
		demo: Boolean(options.demo),
	};

	function notify(): void {
		for (const listener of [...listeners]) listener();
	}

	function setStatus(patch: Partial<BackendStatus>): void {
		status = {...status, ...patch, readOnly, readOnlyReason, demo: Boolean(options.demo)};
		notify();
	}

	/** Requests this explorer has made (every attempt counts against the hourly budget). */
	function requestsUsed(): number {
		return requestLog ? requestCount : status.requestsUsed;
	}

	function counters(): Pick<BackendStatus, 'requestsUsed' | 'budgetLeft'> {
		return {requestsUsed: requestsUsed(), budgetLeft: budget ? budget.remaining() : status.budgetLeft};
	}

	function becomeReadOnly(reason: string): void {
		if (readOnly) return;
		readOnly = true;
		readOnlyReason = reason;
	}

	async function save(): Promise<void> {
		if (!graph) return;
		savedRevision = graph.revision;
		await saveSnapshot(graph.toSnapshot(), paths).catch(() => undefined);
	}

	function adopt(next: AccessSnapshot): void {
		unsubscribeGraph?.();
		snapshot = next;
		graph = AccessGraph.fromSnapshot(next);
		unsubscribeGraph = graph.onChange(() => notify());
		const scope = scopeProblem(next);
		if (scope) becomeReadOnly(scope);
	}

	function settledState(snap: AccessSnapshot): {state: ConnectionState; message: string} {
		const reason = partialReason(snap);
		return reason ? {state: 'partial', message: `Partial: ${reason}`} : {state: 'connected', message: 'Connected'};
	}

	function ageText(): string {
		return graph ? `synced ${formatAge(now() - Date.parse(graph.syncedAt))}` : '';
	}

	async function runSync(scope: {workspace?: string} | undefined, abort: AbortController): Promise<void> {
		progressByKey.clear();
		setStatus({
			state: 'syncing',
			message: snapshot ? `${ageText()} — refreshing` : 'Syncing…',
			progress: [],
			...counters(),
		});
		try {
			const result = await syncAccess(client!, {
				workspaces: scope?.workspace ? [scope.workspace] : workspaces,
				deep: options.deep,
				signal: abort.signal,
				onProgress(progress: SyncProgress) {
					if (abort.signal.aborted) return;
					progressByKey.set(progress.workspace ?? '', progress);
					setStatus({
						progress: [...progressByKey.values()],
						requestsUsed: requestLog ? requestCount : progress.requestsUsed,
						budgetLeft: budget ? budget.remaining() : (progress.budgetLeft ?? status.budgetLeft),
						message: snapshot ? `${ageText()} — refreshing` : syncingMessage(progressByKey),
					});
				},
			});
			if (abort.signal.aborted) throw new BbError('cancelled', 'sync cancelled');
			// The graph as it is now: includes repository grants loaded on demand while syncing.
			const previous = graph?.toSnapshot();
			const filter = scope?.workspace ? [scope.workspace] : (workspaces ?? []);
			const decision = refreshedSnapshot(previous, result.snapshot, filter);
			const next = decision.snapshot;
			if (!decision.replaced) {
				const reason = decision.keptBecause ?? 'less complete than the data shown';
				setStatus({
					state: 'partial',
					message: `Refresh incomplete (${reason}) — kept data ${ageText()}`,
					...counters(),
				});
				return;
			}
			adopt(next);
			if (cacheOn) await save();
			setStatus({...settledState(next), syncedAt: next.syncedAt, error: undefined, ...counters()});
		} catch (error) {
			const failure = toBbError(error);
			const cancelled = abort.signal.aborted || failure.kind === 'cancelled' || (error instanceof Error && error.name === 'AbortError');
			if (failure.kind === 'missing-scope') {
				becomeReadOnly(`read-only: token lacks ${failure.requiredScopes?.join(', ') || 'an admin scope'}`);
			}
			const kept = snapshot ? ` — kept data ${ageText()}` : '';
			if (cancelled) {
				setStatus({
					state: snapshot ? settledState(snapshot).state : 'offline',
					message: snapshot ? `Refresh cancelled${kept}` : 'Sync cancelled',
					error: {kind: 'cancelled', message: 'sync cancelled'},
					...counters(),
				});
			} else {
				setStatus({
					state: failure.kind === 'network' ? 'offline' : 'error',
					message: `${snapshot ? 'Refresh failed' : 'Sync failed'}: ${failure.message}${kept}`,
					error: {kind: failure.kind, message: failure.message, hint: failure.hint},
					...counters(),
				});
			}
		}
	}

	// Access changes (plan → confirm → apply → verify → journal): see docs/changes.md.
	const changes =
		options.changes === false
			? undefined
			: createBackendChangeService({
					client,
					graph: () => graph,
					stateDir: paths.stateDir,
					email: credentials.email,
					apiUrl,
					readOnlyReason: () => (readOnly ? readOnlyReason : undefined),
					ensureRepositoryGrants: fullName => backend.ensureRepositoryGrants(fullName),
				});

	const backend: AppExplorerBackend = {
		changes,
		graph: () => graph,
		status: () => status,
		syncing: () => running !== undefined,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},

		async loadCachedSnapshot() {
			if (!cacheOn) return undefined;
			const cached = await loadSnapshot(apiUrl, credentials.email, paths).catch(() => undefined);
			if (!cached) return undefined;
			adopt(cached.snapshot);
			setStatus({
				...settledState(cached.snapshot),
				message: `${ageText()}`,
				syncedAt: cached.snapshot.syncedAt,
			});
			return {ageMs: cached.ageMs};
		},

		refresh(scope) {
			if (closed) return Promise.resolve();
			if (running) return running;
			const abort = new AbortController();
			// Every concurrent request listens on this signal; a large sync has many.
			setMaxListeners(0, abort.signal);
			controller = abort;
			running = runSync(scope, abort).finally(() => {
				if (controller === abort) controller = undefined;
				running = undefined;
				notify();
			});
			return running;
		},

		cancelSync() {
			controller?.abort();
		},

		ensureRepositoryGrants(fullName) {
			const current = graph;
			if (!current) return Promise.resolve();
			if (!current.repository(fullName) || current.repositoryGrantsState(fullName).state === 'loaded') return Promise.resolve();
			const pending = inFlightGrants.get(fullName);
			if (pending) return pending;
			const load = (async () => {
				try {
					await loadRepositoryGrants(client, current, [fullName]);
				} catch (error) {
					// The explorer shows the failure where the grants were wanted; the status line stays.
					const failure = toBbError(error);
					if (failure.kind === 'missing-scope') {
						becomeReadOnly(`read-only: token lacks ${failure.requiredScopes?.join(', ') || 'an admin scope'}`);
					}
					throw failure;
				} finally {
					inFlightGrants.delete(fullName);
					setStatus(counters());
				}
			})();
			// Callers get the rejection; a caller that does not wait for it must not crash the process.
			load.catch(() => undefined);
			inFlightGrants.set(fullName, load);
			return load;
		},

		requestLog: () => requestLog?.entries() ?? [],

		exportRows(name, rows, format) {
			// Like k9s's screen dumps: bbaccess's own state directory unless configured (BBACCESS_EXPORT_DIR).
			const fallback = path.join(paths.stateDir, 'exports');
			return writeExportRows({name, rows, format, at: new Date(now()), primary: options.exportDir ?? fallback, fallback});
		},

		webUrl: target => webUrl(target),

		close() {
			closing ??= closeOnce();
			return closing;
		},
	};

	let closing: Promise<void> | undefined;
	async function closeOnce(): Promise<void> {
		closed = true;
		controller?.abort();
		await running?.catch(() => undefined);
		await Promise.allSettled(inFlightGrants.values());
		// Keep what was loaded on demand (and changes made) for the next start.
		if (cacheOn && graph && graph.revision !== savedRevision) await save();
		unsubscribeGraph?.();
		unsubscribeLog?.();
		listeners.clear();
		await options.session?.close?.();
	}
	return backend;
}

function syncingMessage(progress: Map<string, SyncProgress>): string {
	const perWorkspace = [...progress.values()].filter(item => item.workspace);
	if (perWorkspace.length === 0) return 'Syncing…';
	const done = perWorkspace.filter(item => item.total > 0 && item.done >= item.total).length;
	return `Syncing… ${done}/${perWorkspace.length} workspaces`;
}
