/**
 * The explorer's review state, outside React: the snapshot the Changes view and the access
 * markers compare with — the newest kept snapshot of an earlier sync than the graph's, or a chosen
 * kept one (`:changes ID`) — loaded once per account, sync and choice in the background.
 * Listeners are told when it changes. (Findings are marked with the explorer's general marks:
 * Space, `*`, Esc.)
 */
import {AccessGraph} from '../graph/index.js';
import {levelRank, type AccessSnapshot, type Level, type Target} from '../model.js';
import type {AppPaths} from '../paths.js';
import {accountHistory, findEntry, readHistorySnapshot, type HistoryEntry} from './history.js';

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
	chosen = undefined;
}

/** The snapshot the Changes view (and the access markers) compare with: undefined = the previous one. */
let chosen: string | undefined;

/**
 * Compare with a chosen kept snapshot (an id, a prefix, its hash part, `latest~N`, as `bbaccess
 * diff --from` takes), or with the previous one (undefined). Listeners are told (after the current
 * render) when the choice changes, so the markers follow it.
 */
export function chooseBaseline(id: string | undefined): void {
	const next = id === undefined || id.trim() === '' ? undefined : id.trim();
	if (next === chosen) return;
	chosen = next;
	queueMicrotask(notify);
}

export function chosenBaseline(): string | undefined {
	return chosen;
}

/** The baseline for this graph (the chosen snapshot, else the previous one); starts loading it on first ask. */
export function baselineFor(graph: AccessGraph, wanted: string | undefined = chosen): Baseline {
	const key = `${graph.apiUrl}\n${graph.account.email}\n${graph.syncedAt}\n${wanted ?? ''}`;
	const known = baselines.get(key);
	if (known) return known;
	baselines.set(key, {state: 'loading'});
	void (async () => {
		let result: Baseline;
		try {
			const entries = await accountHistory(graph.apiUrl, graph.account.email, paths);
			if (wanted !== undefined) {
				let entry: HistoryEntry | undefined;
				try {
					entry = findEntry(entries, wanted);
				} catch (error) {
					result = {state: 'none', reason: `${(error as Error).message}.`};
				}
				if (entry) result = {state: 'ready', snapshot: (await readHistorySnapshot(entry, paths)).snapshot, entry};
			} else {
				const entry = entries.findLast(item => item.syncedAt < graph.syncedAt);
				if (!entry) result = {state: 'none', reason: entries.length === 0 ? 'No snapshots are kept yet: each sync keeps one.' : 'No snapshot of an earlier sync is kept yet: the next sync will have one to compare with.'};
				else result = {state: 'ready', snapshot: (await readHistorySnapshot(entry, paths)).snapshot, entry};
			}
		} catch (error) {
			result = {state: 'none', reason: `The snapshot to compare with cannot be read: ${(error as Error).message}`};
		}
		baselines.set(key, result!);
		notify();
	})();
	return {state: 'loading'};
}

const baselineGraphs = new WeakMap<AccessSnapshot, AccessGraph>();

/** Someone who had access on the target at the baseline and has none now (a − row). */
export interface GoneAccess {
	uuid: string;
	displayName: string;
	nickname?: string;
	level: Level;
}

export interface AccessDrift {
	/** + (no access before), ↑ (higher), ↓ (lower), by user uuid. */
	markers: Map<string, string>;
	/** − : who lost all access to the target since the baseline. */
	gone: GoneAccess[];
}

/**
 * What changed on one target's access rows since the baseline: markers by user uuid, and the
 * people who lost access (shown as − rows). Empty while the baseline loads, when there is none,
 * or when either side's answer for this target is incomplete (never a marker on data that was
 * not loaded).
 */
export function accessDrift(graph: AccessGraph, target: Target): AccessDrift {
	const drift: AccessDrift = {markers: new Map(), gone: []};
	const baseline = baselineFor(graph);
	if (baseline.state !== 'ready') return drift;
	let before = baselineGraphs.get(baseline.snapshot);
	if (!before) {
		before = AccessGraph.fromSnapshot(baseline.snapshot);
		baselineGraphs.set(baseline.snapshot, before);
	}
	const exists = target.type === 'project' ? before.project(target.workspace, target.key) : before.repository(target.fullName);
	// A target new since then (in a workspace known then): everyone who reaches it is new here.
	if (!exists && !before.workspace(target.workspace)) return drift;
	const was = exists ? before.effectiveAccess(target) : {complete: true, entries: []};
	const now = graph.effectiveAccess(target);
	if (!was.complete || !now.complete) return drift;
	const levels = new Map(was.entries.map(entry => [entry.user.uuid, entry.level]));
	const current = new Set<string>();
	for (const entry of now.entries) {
		current.add(entry.user.uuid);
		const previous = levels.get(entry.user.uuid);
		if (previous === undefined) drift.markers.set(entry.user.uuid, '+');
		else if (levelRank(entry.level) > levelRank(previous)) drift.markers.set(entry.user.uuid, '↑');
		else if (levelRank(entry.level) < levelRank(previous)) drift.markers.set(entry.user.uuid, '↓');
	}
	for (const entry of was.entries) {
		if (current.has(entry.user.uuid)) continue;
		const user = graph.user(entry.user.uuid) ?? entry.user;
		drift.gone.push({uuid: entry.user.uuid, displayName: user.displayName, ...(user.nickname ? {nickname: user.nickname} : {}), level: entry.level});
	}
	return drift;
}
