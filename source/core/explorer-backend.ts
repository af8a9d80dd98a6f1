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
import type {BackendStatus, ConnectionState} from './backend.js';
import {BbError, toBbError} from './errors.js';
import {AccessGraph} from './graph/index.js';
import type {AccessSnapshot} from './model.js';
import {appPaths} from './paths.js';
import {setReviewPaths} from './review/baseline.js';
import {loadRepositoryGrants, loadSnapshot, refreshedSnapshot, saveSnapshot, syncAccess, type SyncProgress} from './sync/index.js';
import {formatAge, partialReason, scopeProblem, syncingMessage} from './explorer-snapshot.js';
import type {AppExplorerBackend, ExplorerBackendOptions} from './explorer/backend-options.js';
import {createBackendChangeService} from './changes/backend-service.js';
import {writeExportRows} from './explorer/exports.js';
import {webUrl} from './explorer/web-url.js';
import {refreshPart, scopeKind, scopeLabel, scopePrice, tier1Workspaces, type RefreshScope} from './explorer/refresh-scope.js';
import {BudgetWaiter} from './explorer/budget-wait.js';
import {PacedGrantLoader, pacedLoadSummary} from './explorer/paced-load.js';

export {exportFileName} from './explorer/exports.js';
export {webUrl} from './explorer/web-url.js';

export type {AppExplorerBackend, BackendPaths, BackendSessionParts, BudgetView, ExplorerBackendOptions} from './explorer/backend-options.js';

export function createExplorerBackend(options: ExplorerBackendOptions): AppExplorerBackend {
	const client = options.session?.client ?? options.client;
	const credentials = options.session?.credentials ?? options.credentials;
	if (!client || !credentials) {
		throw new BbError('config', 'the explorer needs a session or a client with credentials');
	}
	const requestLog = options.session?.requestLog ?? options.requestLog;
	const budget = options.session?.budget ?? options.budget;
	const paths = options.paths ?? options.session?.paths ?? appPaths();
	// The Changes view and the access markers read the snapshot history where this backend keeps it
	// (the session's paths: the demo's private folder, a test's), not the process's default folders.
	setReviewPaths(paths);
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
		budgetPerHour: budget ? (budget.limit ?? budget.limitPerHour) : undefined,
		budgetWindowMs: budget?.windowMs,
		budgetLeft: budget?.remaining(),
		readOnly,
		readOnlyReason,
		demo: Boolean(options.demo),
	};

	function notify(): void {
		for (const listener of [...listeners]) listener();
	}

	function setStatus(patch: Partial<BackendStatus>): void {
		status = {...status, ...patch, readOnly, readOnlyReason, demo: Boolean(options.demo), waiting: waiter?.current(), pacedLoad: pacedLoader?.current()};
		notify();
	}

	let checkpoint: Promise<void> = Promise.resolve();
	const waiter = budget ? new BudgetWaiter(budget, () => setStatus(counters()), now) : undefined;
	// `L` paced across budget windows: saves the snapshot every 100 repositories and at the end.
	const pacedLoader = budget
		? new PacedGrantLoader({
				budget,
				load: fullName => backend.ensureRepositoryGrants(fullName),
				onProgress: () => setStatus(counters()),
				onCheckpoint: () => {
					if (!cacheOn || closed) return;
					// One save at a time; close() waits for the last one.
					checkpoint = checkpoint.then(() => (graph && graph.revision !== savedRevision ? save() : undefined));
				},
				now,
			})
		: undefined;

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

	/** A repository's grants, a project or a workspace's groups: only that part of the graph changes. */
	async function runPart(scope: RefreshScope, abort: AbortController): Promise<void> {
		const current = graph;
		if (!current) return runSync(tier1Workspaces(scope), abort);
		const what = scopeLabel(scope);
		setStatus({state: 'syncing', message: `${ageText()} — refreshing ${what}`, notice: undefined, ...counters()});
		try {
			const next = await refreshPart(client!, current, scope, abort.signal);
			if (abort.signal.aborted) throw new BbError('cancelled', 'refresh cancelled');
			if (next) {
				if (graph !== current) throw new BbError('cancelled', 'the data was replaced while refreshing');
				adopt(next);
			}
			if (cacheOn) await save();
			setStatus({...settledState(snapshotNow()), error: undefined, ...counters()});
		} catch (error) {
			reportFailure(error, abort);
		}
	}

	/** The snapshot shown now (the graph may have changed in place since it was adopted). */
	function snapshotNow(): AccessSnapshot {
		return graph ? graph.toSnapshot() : snapshot!;
	}

	async function runSync(only: string[] | undefined, abort: AbortController): Promise<void> {
		progressByKey.clear();
		setStatus({
			state: 'syncing',
			message: snapshot ? `${ageText()} — refreshing` : 'Syncing…',
			notice: undefined,
			progress: [],
			...counters(),
		});
		try {
			const result = await syncAccess(client!, {
				workspaces: only ?? workspaces,
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
			const filter = only ?? workspaces ?? [];
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
			reportFailure(error, abort);
		}
	}

	function reportFailure(error: unknown, abort: AbortController): void {
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

		refresh(scope?: RefreshScope) {
			if (closed) return Promise.resolve();
			if (running) return running;
			const abort = new AbortController();
			// Every concurrent request listens on this signal; a large sync has many.
			setMaxListeners(0, abort.signal);
			controller = abort;
			const work = scopeKind(scope) === 'all' || scopeKind(scope) === 'workspaces' ? runSync(tier1Workspaces(scope), abort) : runPart(scope!, abort);
			running = work.finally(() => {
				if (controller === abort) controller = undefined;
				running = undefined;
				notify();
			});
			return running;
		},

		cancelSync() {
			controller?.abort();
		},

		now,

		refreshPrice: scope => scopePrice(graph, scope, workspaces ?? []),

		budgetRemaining() {
			if (!budget) return undefined;
			const left = budget.remaining();
			// Another process may have spent from the shared ledger: the header catches up.
			if (left !== status.budgetLeft) setStatus(counters());
			return left;
		},

		budgetFreeAt(count) {
			if (!budget) return undefined;
			if (budget.remaining() >= count) return now();
			return budget.freeAt?.(count);
		},

		waitForBudget(job) {
			if (!waiter) job.run();
			else waiter.schedule(job);
		},

		cancelWait() {
			const held = waiter?.cancel() ?? false;
			const loading = pacedLoader?.cancel() ?? false;
			return held || loading;
		},

		// Only where a budget paces it (without one nothing is ever over budget: L loads at once).
		loadGrantsPaced: pacedLoader
			? fullNames => {
					void pacedLoader.run(fullNames).then(result => {
						if (!closed) setStatus({notice: pacedLoadSummary(result), ...counters()});
					});
				}
			: undefined,

		showNotice(text) {
			setStatus({notice: text});
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
		waiter?.dispose();
		pacedLoader?.cancel();
		controller?.abort();
		await running?.catch(() => undefined);
		await Promise.allSettled(inFlightGrants.values());
		await checkpoint.catch(() => undefined);
		// Keep what was loaded on demand (and changes made) for the next start.
		if (cacheOn && graph && graph.revision !== savedRevision) await save();
		unsubscribeGraph?.();
		unsubscribeLog?.();
		listeners.clear();
		await options.session?.close?.();
	}
	return backend;
}
