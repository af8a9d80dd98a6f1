import {carryOverRepositoryGrants, isAtLeastAsComplete, mergeWorkspaceSnapshot, partialReason} from '../explorer-snapshot.js';
import type {AccessSnapshot} from '../model.js';

export interface RefreshDecision {
	/** What to keep: the refreshed snapshot, or the previous one when the refresh was less complete. */
	snapshot: AccessSnapshot;
	replaced: boolean;
	/** Why the previous snapshot was kept. */
	keptBecause?: string;
}

/**
 * Decide what a refresh leaves in the cache. A workspace-filtered sync is merged into the previous
 * snapshot; repository grants loaded earlier survive a tier-1 refresh; and a refresh with new
 * failures never replaces good data with less.
 */
export function refreshedSnapshot(previous: AccessSnapshot | undefined, fresh: AccessSnapshot, filter: string[] = []): RefreshDecision {
	if (!previous) return {snapshot: fresh, replaced: true};
	let next = fresh;
	if (filter.length > 0) {
		next = previous;
		for (const workspace of fresh.workspaces) next = mergeWorkspaceSnapshot(next, fresh, workspace.slug);
	}
	next = carryOverRepositoryGrants(previous, next);
	if (!isAtLeastAsComplete(next, previous)) {
		return {snapshot: previous, replaced: false, keptBecause: partialReason(next) ?? 'the refresh was less complete than the cached data'};
	}
	return {snapshot: next, replaced: true};
}
