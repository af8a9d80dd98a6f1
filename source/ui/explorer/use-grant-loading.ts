/**
 * Tier-2 loading of repository grants for the explorer: which repositories are loading, which
 * failed (and why), which were asked for already; one at a time (a repository view opening) or
 * many, a few at a time (L). Failures are flashed and shown in the view, never read as "no access".
 */
import {useCallback, useRef, useState} from 'react';
import type {ExplorerBackend} from '../../core/backend.js';
import {isBbError} from '../../core/errors.js';
import type {FlashLevel} from './explorer-state.js';
import {formatCount} from '../components/text-width.js';

/** Repository grant loads running at once for `L` (each is a request pair). */
const BULK_CONCURRENCY = 4;

export interface GrantLoading {
	loading: ReadonlySet<string>;
	failed: ReadonlyMap<string, string>;
	/** Asked for already in this session (the view then stops asking on its own). */
	attempted: ReadonlySet<string>;
	loadOne(fullName: string): void;
	loadMany(fullNames: readonly string[]): void;
	/** Forget attempts and failures (the backend replaced its graph, e.g. after a refresh). */
	reset(): void;
}

function without(set: ReadonlySet<string>, item: string): ReadonlySet<string> {
	if (!set.has(item)) return set;
	const next = new Set(set);
	next.delete(item);
	return next;
}

function messageOf(error: unknown): string {
	return isBbError(error) ? error.message : error instanceof Error ? error.message : String(error);
}

export function useGrantLoading(backend: ExplorerBackend, flash: (level: FlashLevel, text: string) => void): GrantLoading {
	const [loading, setLoading] = useState<ReadonlySet<string>>(() => new Set());
	const [failed, setFailed] = useState<ReadonlyMap<string, string>>(() => new Map());
	const attempted = useRef(new Set<string>());
	const inFlight = useRef(new Set<string>());

	const start = useCallback((fullName: string) => {
		attempted.current.add(fullName);
		setFailed(previous => {
			if (!previous.has(fullName)) return previous;
			const next = new Map(previous);
			next.delete(fullName);
			return next;
		});
		setLoading(previous => new Set(previous).add(fullName));
	}, []);

	/** Load one repository's grants; resolves to the failure message, or undefined when loaded. */
	const load = useCallback(
		async (fullName: string): Promise<string | undefined> => {
			if (inFlight.current.has(fullName)) return undefined; // already on its way
			inFlight.current.add(fullName);
			start(fullName);
			let failure: string | undefined;
			try {
				await backend.ensureRepositoryGrants(fullName);
				// A backend may report the failure through its status instead of rejecting.
				if (backend.graph()?.repositoryGrantsState(fullName).state === 'not-loaded') failure = backend.status().message;
			} catch (error) {
				failure = messageOf(error);
			}
			inFlight.current.delete(fullName);
			setLoading(previous => without(previous, fullName));
			if (failure !== undefined) setFailed(previous => new Map(previous).set(fullName, failure));
			return failure;
		},
		[backend, start],
	);

	const loadOne = useCallback(
		(fullName: string) => {
			void load(fullName).then(failure => {
				if (failure !== undefined) flash('error', `Repository grants of ${fullName}: ${failure}`);
			});
		},
		[load, flash],
	);

	const loadMany = useCallback(
		(fullNames: readonly string[]) => {
			const queue = [...fullNames];
			const failures: string[] = [];
			const worker = async () => {
				for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
					const failure = await load(next);
					if (failure !== undefined) failures.push(failure);
				}
			};
			const workers = Array.from({length: Math.min(BULK_CONCURRENCY, queue.length)}, () => worker());
			void Promise.all(workers).then(() => {
				const count = fullNames.length;
				if (failures.length === 0) flash('info', `Loaded the grants of ${formatCount(count)} ${count === 1 ? 'repository' : 'repositories'}`);
				else flash('warn', `${formatCount(failures.length)} of ${formatCount(count)} repositories could not be loaded: ${failures[0]}`);
			});
		},
		[load, flash],
	);

	const reset = useCallback(() => {
		attempted.current.clear();
		setFailed(previous => (previous.size === 0 ? previous : new Map()));
	}, []);

	return {loading, failed, attempted: attempted.current, loadOne, loadMany, reset};
}
