/**
 * The deep sync as a resumable pass over every repository's explicit grants: stale-first order,
 * paced by the shared request budget, progress saved into the snapshot as it goes, so a stop (the
 * budget is spent, a 429, Ctrl-C, kill -9) loses at most the last few repositories and the next
 * `sync --deep` goes on where this one ended.
 */
import {isBudgetExhausted, type RequestBudget} from '../bitbucket/budget.js';
import type {BitbucketClient} from '../bitbucket/client.js';
import {mapConcurrent} from '../bitbucket/concurrency.js';
import {budgetWaitMs} from '../budget/policy.js';
import {BbError, toBbError} from '../errors.js';
import type {AccessSnapshot, GrantsState, RepositoryGrant, RepositoryNode, SyncProblem, UserNode} from '../model.js';
import {ProbeGate} from './probe-gate.js';
import {ProblemTally} from './problems.js';
import {fetchRepositoryGrants, type RepositoryGrantsResult} from './repository-grants.js';

export type DeepPassStop = 'budget' | 'rate-limited' | 'cancelled';

export interface DeepPassProgress {
	done: number;
	total: number;
	/** Requests of this account in the budget's current window (every process). */
	windowUsed: number;
	limit: number;
	/** When the next two requests are free (ms since epoch); now when they already are. */
	nextFreeAt: number;
	/** Estimated ms until the pass is done at the budget's pace. */
	etaMs: number;
	/** Requests this pass sent. */
	requests: number;
}

export interface DeepPassOptions {
	client: BitbucketClient;
	budget?: RequestBudget;
	/** Wait for the budget (and 429s) instead of stopping when it is spent. */
	wait: boolean;
	/** Only repositories of these workspaces (empty = all). */
	workspaces?: string[];
	signal?: AbortSignal;
	/**
	 * Persist the snapshot: every `saveEvery` repositories (coalesced; `final` false) and once at the
	 * end (`final` true — only that one is worth a copy in the snapshot history).
	 */
	save: (snapshot: AccessSnapshot, progress: {final: boolean}) => Promise<void>;
	saveEvery?: number;
	onProgress?: (progress: DeepPassProgress) => void;
	now?: () => number;
}

export interface DeepPassResult {
	snapshot: AccessSnapshot;
	/** Repositories tried in this pass so far (this run and earlier runs of the same pass). */
	done: number;
	total: number;
	/** Repositories this run loaded. */
	loadedNow: number;
	stoppedBecause?: DeepPassStop;
	/** Why it stopped, for people. */
	stopMessage?: string;
	/** When the budget frees up enough to go on (ms since epoch), when it stopped for the budget or a 429. */
	freeAt?: number;
	requests: number;
	problems: SyncProblem[];
}

/** Start a new pass on this snapshot unless it has one that is not finished. */
export function withDeepPass(snapshot: AccessSnapshot, now = Date.now()): AccessSnapshot {
	if (snapshot.deepPass && !snapshot.deepPass.completedAt) return snapshot;
	return {...snapshot, deepPass: {startedAt: new Date(now).toISOString()}};
}

/** True when the snapshot holds a pass that stopped before every repository was tried. */
export function hasUnfinishedDeepPass(snapshot: AccessSnapshot | undefined): boolean {
	return snapshot?.deepPass !== undefined && snapshot.deepPass.completedAt === undefined;
}

function triedAt(state: GrantsState | undefined): number | undefined {
	if (!state || state.state === 'not-loaded' || state.at === undefined) return undefined;
	const at = Date.parse(state.at);
	return Number.isFinite(at) ? at : undefined;
}

/**
 * Repositories the pass still has to load, stale first: never loaded, then the oldest loaded.
 * A repository tried since the pass started is done.
 */
export function pendingRepositories(snapshot: AccessSnapshot, workspaces: string[] = []): RepositoryNode[] {
	const since = Date.parse(snapshot.deepPass?.startedAt ?? '') || Number.POSITIVE_INFINITY;
	const wanted = new Set(workspaces.map(slug => slug.toLowerCase()));
	const pending = snapshot.repositories
		.filter(repository => wanted.size === 0 || wanted.has(repository.workspace.toLowerCase()))
		.map(repository => ({repository, at: triedAt(snapshot.repositoryGrantStatus[repository.fullName])}))
		.filter(item => item.at === undefined || item.at < since);
	pending.sort((a, b) => (a.at ?? Number.NEGATIVE_INFINITY) - (b.at ?? Number.NEGATIVE_INFINITY) || (a.repository.fullName < b.repository.fullName ? -1 : 1));
	return pending.map(item => item.repository);
}

/** The repositories of the pass (the filter applied), for done/total. */
function passRepositories(snapshot: AccessSnapshot, workspaces: string[]): number {
	const wanted = new Set(workspaces.map(slug => slug.toLowerCase()));
	return snapshot.repositories.filter(repository => wanted.size === 0 || wanted.has(repository.workspace.toLowerCase())).length;
}

/** A mutable copy of the snapshot's tier-2 data. */
class Draft {
	readonly grants = new Map<string, RepositoryGrant[]>();
	readonly status: Record<string, GrantsState>;
	readonly users = new Map<string, UserNode>();
	readonly #base: AccessSnapshot;

	constructor(base: AccessSnapshot) {
		this.#base = base;
		this.status = {...base.repositoryGrantStatus};
		for (const user of base.users) this.users.set(user.uuid, user);
		for (const grant of base.repositoryGrants) {
			const list = this.grants.get(grant.repository);
			if (list) list.push(grant);
			else this.grants.set(grant.repository, [grant]);
		}
	}

	set(fullName: string, result: Pick<RepositoryGrantsResult, 'grants' | 'users' | 'state'>): void {
		for (const user of result.users) if (!this.users.has(user.uuid)) this.users.set(user.uuid, user);
		this.grants.set(fullName, result.grants);
		this.status[fullName] = result.state;
	}

	snapshot(extra: Partial<AccessSnapshot> = {}): AccessSnapshot {
		const repositoryGrants: RepositoryGrant[] = [];
		for (const repository of this.#base.repositories) repositoryGrants.push(...(this.grants.get(repository.fullName) ?? []));
		const users = [...this.users.values()].sort((a, b) => (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0));
		return {...this.#base, users, repositoryGrants, repositoryGrantStatus: {...this.status}, ...extra};
	}
}

/**
 * Run (or resume) the deep pass of `snapshot` (which must carry `deepPass`, see withDeepPass).
 * Never throws for the budget, a 429 or cancellation: it stops, saves, and says why.
 */
export async function runDeepPass(snapshot: AccessSnapshot, options: DeepPassOptions): Promise<DeepPassResult> {
	if (!snapshot.deepPass) throw new BbError('usage', 'runDeepPass needs a snapshot with a deep pass (withDeepPass)');
	const {client, budget, signal} = options;
	const now = options.now ?? Date.now;
	const workspaces = options.workspaces ?? [];
	const draft = new Draft(snapshot);
	const pending = pendingRepositories(snapshot, workspaces);
	const total = passRepositories(snapshot, workspaces);
	const startedWith = total - pending.length;
	const firstRequest = client.requestsSent;
	const started = now();
	const saveEvery = Math.max(1, options.saveEvery ?? 25);
	let done = startedWith;
	let loadedNow = 0;
	let inFlight = 0;
	let stop: {why: DeepPassStop; message: string; freeAt?: number} | undefined;
	const failures = new ProblemTally('repositories');
	const gates = new Map<string, {gate: ProbeGate; next: number}>();
	for (const repository of pending) {
		if (gates.has(repository.workspace)) continue;
		const administrator = snapshot.workspaces.find(workspace => workspace.slug === repository.workspace)?.administrator ?? false;
		const count = pending.filter(item => item.workspace === repository.workspace).length;
		gates.set(repository.workspace, {gate: new ProbeGate(!administrator, client.concurrency, count), next: 0});
	}

	let saving: Promise<void> | undefined;
	let saveAgain = false;
	const save = (): Promise<void> => {
		if (saving) {
			saveAgain = true;
			return saving;
		}
		saving = (async () => {
			do {
				saveAgain = false;
				await options.save(draft.snapshot(), {final: false});
			} while (saveAgain);
		})().finally(() => {
			saving = undefined;
		});
		return saving;
	};

	const report = () => {
		if (!options.onProgress) return;
		const limit = budget?.limit ?? Number.POSITIVE_INFINITY;
		const windowUsed = budget?.used() ?? 0;
		const left = pending.length - (done - startedWith);
		const needed = left * 2;
		const elapsed = now() - started;
		const rate = loadedNow > 0 ? elapsed / loadedNow : 0;
		let etaMs = rate * left;
		if (budget) {
			const free = Math.max(0, limit - windowUsed);
			if (needed > free) etaMs = Math.max(etaMs, budgetWaitMs(needed, free, budget.freeAt(1) - now(), {limit, windowMs: budget.windowMs}));
		}
		options.onProgress({done, total, windowUsed, limit, nextFreeAt: budget?.freeAt(2) ?? now(), etaMs: Math.round(etaMs), requests: client.requestsSent - firstRequest});
	};

	const stopFor = (error: BbError) => {
		if (stop) return;
		if (error.kind === 'cancelled') stop = {why: 'cancelled', message: 'cancelled'};
		else if (isBudgetExhausted(error)) stop = {why: 'budget', message: error.message, freeAt: error.freeAt};
		else stop = {why: 'rate-limited', message: error.message, freeAt: now() + (error.retryAfterMs ?? 60_000)};
	};

	report();
	await mapConcurrent(pending, client.concurrency, async repository => {
		if (stop) return;
		if (!options.wait && budget && budget.remaining() - inFlight * 2 < 2) {
			stopFor(budget.exhaustedError(Math.min(budget.limit, 2 + inFlight * 2)));
			return;
		}
		const lane = gates.get(repository.workspace)!;
		const index = lane.next++;
		let result: RepositoryGrantsResult;
		inFlight++;
		try {
			if (!(await lane.gate.shouldFetch(index))) {
				result = {grants: [], users: [], state: {state: 'unavailable', reason: `not requested: the first ${lane.gate.probes} repositories of ${repository.workspace} were refused (needs admin rights)`, at: new Date(now()).toISOString()}};
			} else {
				result = await fetchRepositoryGrants(client, repository, signal);
				lane.gate.report(index, result.failure !== undefined);
			}
		} catch (error) {
			lane.gate.report(index, false);
			stopFor(toBbError(error));
			return;
		} finally {
			inFlight--;
		}
		if (result.error) {
			if (result.error.kind === 'rate-limited') stopFor(result.error);
			else failures.add(repository.workspace, result.error, `GET /2.0/repositories/${repository.workspace}/*/permissions-config`);
			return; // Stays pending: the next run tries it again.
		}
		draft.set(repository.fullName, result);
		done++;
		loadedNow++;
		report();
		if (loadedNow % saveEvery === 0) void save().catch(() => undefined);
	});
	const complete = done >= total;
	const deepPass = complete ? {...snapshot.deepPass, completedAt: new Date(now()).toISOString()} : snapshot.deepPass;
	const problems = failures.problems();
	const finalSnapshot = draft.snapshot({deepPass});
	if (saving) await saving.catch(() => undefined);
	await options.save(finalSnapshot, {final: true});
	report();
	const result: DeepPassResult = {snapshot: finalSnapshot, done, total, loadedNow, requests: client.requestsSent - firstRequest, problems};
	if (stop && !complete) {
		result.stoppedBecause = stop.why;
		result.stopMessage = stop.message;
		if (stop.freeAt !== undefined) result.freeAt = stop.freeAt;
	}
	return result;
}
