/**
 * The explorer's paced load (`L` when the admin accepts pacing): load many repositories' grants
 * as the shared request ledger allows, across as many budget windows as it takes. Before each
 * repository it waits until two requests are free, so the ledger is never exceeded; a request the
 * ledger refuses anyway (another process spent the room meanwhile) puts the repository back in the
 * queue. Progress (done/total, requests this window, when the next requests free up, an ETA) is
 * for the status line; `cancel()` stops it and keeps what was loaded.
 */
import {isBudgetExhausted} from '../bitbucket/budget.js';
import {sleep as abortableSleep} from '../bitbucket/concurrency.js';
import {budgetWaitMs, HOUR_MS} from '../budget/policy.js';
import {repositoryGrantsPrice} from '../budget/price.js';
import {isBbError} from '../errors.js';
import type {DeepPassProgress} from '../sync/deep-pass.js';

export interface PacedLoadBudget {
	readonly limitPerHour: number;
	readonly limit?: number;
	readonly windowMs?: number;
	remaining(): number;
	freeAt?(count: number): number;
}

export interface PacedLoadProgress extends DeepPassProgress {
	/** Repositories whose grants could not be loaded (for a reason other than the budget). */
	failed: number;
	/** The first failure, for the closing message. */
	firstFailure?: string;
}

export interface PacedLoadResult {
	loaded: number;
	failed: number;
	total: number;
	cancelled: boolean;
	firstFailure?: string;
}

export interface PacedLoadOptions {
	budget: PacedLoadBudget;
	/** Load one repository's grants (the backend's ensureRepositoryGrants). */
	load: (fullName: string) => Promise<void>;
	/** Called whenever the progress changes. */
	onProgress: () => void;
	/** Called every `saveEvery` repositories (the backend saves its snapshot). */
	onCheckpoint?: () => void;
	saveEvery?: number;
	concurrency?: number;
	now?: () => number;
	sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const PER_REPOSITORY = repositoryGrantsPrice(1);

export class PacedGrantLoader {
	readonly #options: PacedLoadOptions;
	#progress: PacedLoadProgress | undefined;
	#controller: AbortController | undefined;

	constructor(options: PacedLoadOptions) {
		this.#options = options;
	}

	/** The running load's progress; undefined when none runs. */
	current(): PacedLoadProgress | undefined {
		return this.#progress;
	}

	/** Stop the running load (what is loaded stays); false when none runs. */
	cancel(): boolean {
		if (!this.#controller) return false;
		this.#controller.abort();
		return true;
	}

	/** Load every repository of `fullNames` (a load already running is stopped first). */
	async run(fullNames: readonly string[]): Promise<PacedLoadResult> {
		this.cancel();
		const controller = new AbortController();
		this.#controller = controller;
		const {budget, load} = this.#options;
		const now = this.#options.now ?? Date.now;
		const sleep = this.#options.sleep ?? abortableSleep;
		const saveEvery = Math.max(1, this.#options.saveEvery ?? 100);
		const queue = [...fullNames];
		const total = queue.length;
		let done = 0;
		let failed = 0;
		let firstFailure: string | undefined;
		const started = now();
		let loadedNow = 0;
		// A run replaced by a newer one (run() again) no longer reports: the status is the newer one's.
		const current = () => this.#controller === controller;
		const update = () => {
			if (!current()) return;
			this.#progress = {...this.#figures({done, total, started, loadedNow}, now()), failed, firstFailure};
			this.#options.onProgress();
		};
		/** Wait until two requests are free; false when cancelled. */
		const room = async (): Promise<boolean> => {
			while (budget.remaining() < PER_REPOSITORY) {
				update();
				const freeAt = budget.freeAt?.(PER_REPOSITORY) ?? now() + 1000;
				try {
					await sleep(Math.max(50, freeAt - now()), controller.signal);
				} catch {
					return false;
				}
			}
			return !controller.signal.aborted;
		};
		const worker = async () => {
			for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
				if (!(await room())) return;
				try {
					await load(next);
					loadedNow++;
				} catch (error) {
					if (isBudgetExhausted(error)) {
						// Spent by another process in between: try it again when there is room.
						queue.unshift(next);
						continue;
					}
					failed++;
					firstFailure ??= `${next}: ${isBbError(error) || error instanceof Error ? error.message : String(error)}`;
				}
				done++;
				if (done % saveEvery === 0) this.#options.onCheckpoint?.();
				update();
			}
		};
		update();
		await Promise.all(Array.from({length: Math.min(this.#options.concurrency ?? 4, Math.max(1, total))}, () => worker()));
		const cancelled = controller.signal.aborted;
		if (current()) {
			this.#controller = undefined;
			this.#progress = undefined;
		}
		this.#options.onCheckpoint?.();
		this.#options.onProgress();
		return {loaded: done - failed, failed, total, cancelled, firstFailure};
	}

	#figures({done, total, started, loadedNow}: {done: number; total: number; started: number; loadedNow: number}, at: number): DeepPassProgress {
		const {budget} = this.#options;
		const limit = budget.limit ?? budget.limitPerHour;
		const windowMs = budget.windowMs ?? HOUR_MS;
		const free = budget.remaining();
		const needed = (total - done) * PER_REPOSITORY;
		const rate = loadedNow > 0 ? (at - started) / loadedNow : 0;
		const etaMs = Math.max(rate * (total - done), budgetWaitMs(needed, free, (budget.freeAt?.(1) ?? at) - at, {limit, windowMs}));
		const nextFreeAt = free >= PER_REPOSITORY ? at : (budget.freeAt?.(PER_REPOSITORY) ?? at);
		return {done, total, windowUsed: Math.max(0, limit - free), limit, nextFreeAt, etaMs: Math.round(etaMs), requests: loadedNow * PER_REPOSITORY};
	}
}

/** The status line's closing note of a paced load. */
export function pacedLoadSummary(result: PacedLoadResult): string {
	const loaded = `${result.loaded.toLocaleString('en-US')} of ${result.total.toLocaleString('en-US')} repositories`;
	const failed = result.failed > 0 ? `; ${result.failed.toLocaleString('en-US')} could not be loaded (${result.firstFailure ?? 'see the views'})` : '';
	if (result.cancelled) return `Paced load stopped: grants of ${loaded} loaded${failed}; press L to go on`;
	return `Paced load done: grants of ${loaded} loaded${failed}`;
}
