/**
 * The explorer's review state, outside React: the snapshot the Changes view compares with (the
 * newest kept snapshot of an earlier sync than the graph's), loaded once per account and sync in
 * the background. Listeners are told when it changes. (Findings are marked with the explorer's
 * general marks: Space, `*`, Esc.)
 */
import {AccessGraph} from '../graph/index.js';
import {levelRank, type AccessSnapshot, type Target} from '../model.js';
import type {AppPaths} from '../paths.js';
import {accountHistory, readHistorySnapshot, type HistoryEntry} from './history.js';

export type Baseline = {state: 'loading'} | {state: 'none'; reason: string} | {state: 'ready'; snapshot: AccessSnapshot; entry: HistoryEntry};

const listeners = new Set<() => void>();
const baselines = new Map<string, Baseline>();
let paths: Pick<AppPaths, 'cacheDir'> | undefined;

function notify(): void {
	for (const listener of [...listeners]) listener();
}

export function onReviewChange(listener: () => void): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

/** Where the history lives (the explorer's cache dir); default: appPaths(). */
export function setReviewPaths(next: Pick<AppPaths, 'cacheDir'> | undefined): void {
	paths = next;
	baselines.clear();
}

/** The baseline for this graph; starts loading it on first ask. */
export function baselineFor(graph: AccessGraph): Baseline {
	const key = `${graph.apiUrl}\n${graph.account.email}\n${graph.syncedAt}`;
	const known = baselines.get(key);
	if (known) return known;
	baselines.set(key, {state: 'loading'});
	void (async () => {
		let result: Baseline;
		try {
			const entries = await accountHistory(graph.apiUrl, graph.account.email, paths);
			const entry = entries.findLast(item => item.syncedAt < graph.syncedAt);
			if (!entry) result = {state: 'none', reason: entries.length === 0 ? 'No snapshots are kept yet: each sync keeps one.' : 'No snapshot of an earlier sync is kept yet: the next sync will have one to compare with.'};
			else result = {state: 'ready', snapshot: (await readHistorySnapshot(entry, paths)).snapshot, entry};
		} catch (error) {
			result = {state: 'none', reason: `The previous snapshot cannot be read: ${(error as Error).message}`};
		}
		baselines.set(key, result);
		notify();
	})();
	return {state: 'loading'};
}

const baselineGraphs = new WeakMap<AccessSnapshot, AccessGraph>();

/**
 * Markers for the access rows of one target, by user uuid: + (no access before), ↑ (higher), ↓
 * (lower) since the baseline. Empty while the baseline loads, when there is none, or when either
 * side's answer for this target is incomplete (never a marker on data that was not loaded).
 */
export function accessMarkers(graph: AccessGraph, target: Target): Map<string, string> {
	const markers = new Map<string, string>();
	const baseline = baselineFor(graph);
	if (baseline.state !== 'ready') return markers;
	let before = baselineGraphs.get(baseline.snapshot);
	if (!before) {
		before = AccessGraph.fromSnapshot(baseline.snapshot);
		baselineGraphs.set(baseline.snapshot, before);
	}
	const exists = target.type === 'project' ? before.project(target.workspace, target.key) : before.repository(target.fullName);
	if (!exists) return markers;
	const was = before.effectiveAccess(target);
	const now = graph.effectiveAccess(target);
	if (!was.complete || !now.complete) return markers;
	const levels = new Map(was.entries.map(entry => [entry.user.uuid, entry.level]));
	for (const entry of now.entries) {
		const previous = levels.get(entry.user.uuid);
		if (previous === undefined) markers.set(entry.user.uuid, '+');
		else if (levelRank(entry.level) > levelRank(previous)) markers.set(entry.user.uuid, '↑');
		else if (levelRank(entry.level) < levelRank(previous)) markers.set(entry.user.uuid, '↓');
	}
	return markers;
}
