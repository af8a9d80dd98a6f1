/**
 * Pure snapshot helpers for the explorer backend: how complete a snapshot is, merging a
 * one-workspace refresh into the data shown, keeping on-demand repository grants across a
 * refresh, and human ages ("12 min ago").
 */
import type {AccessSnapshot, SyncProblem} from './model.js';
import type {SyncProgress} from './sync/index.js';

/** "just now", "45 s ago", "12 min ago", "3 h ago", "2 days ago". */
export function formatAge(ms: number): string {
	const seconds = Math.max(0, Math.round(ms / 1000));
	if (seconds < 5) return 'just now';
	if (seconds < 60) return `${seconds} s ago`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes} min ago`;
	const hours = Math.floor(minutes / 60);
	if (hours < 48) return `${hours} h ago`;
	return `${Math.floor(hours / 24)} days ago`;
}

/** Why a snapshot is partial ("acme-labs: admin listings not visible"), or undefined when complete. */
export function partialReason(snapshot: AccessSnapshot): string | undefined {
	const reasons: string[] = [];
	for (const workspace of snapshot.workspaces) {
		if (workspace.partial.length > 0) reasons.push(`${workspace.slug}: ${workspace.partial[0]}`);
	}
	for (const problem of snapshot.problems) {
		if (problem.workspace && snapshot.workspaces.some(w => w.slug === problem.workspace && w.partial.length > 0)) continue;
		const text = problem.workspace ? `${problem.workspace}: ${problem.message}` : problem.message;
		if (!reasons.includes(text)) reasons.push(text);
	}
	if (reasons.length === 0) return undefined;
	return reasons.length === 1 ? reasons[0] : `${reasons[0]} (+${reasons.length - 1} more)`;
}

/** A read-only reason when the sync saw a missing scope, e.g. "read-only: token lacks admin:repository:bitbucket". */
export function scopeProblem(snapshot: AccessSnapshot): string | undefined {
	const problem = snapshot.problems.find(item => item.kind === 'missing-scope');
	if (!problem) return undefined;
	const scope = /([a-z]+:[a-z]+:bitbucket)/.exec(problem.message)?.[1];
	return `read-only: token lacks ${scope ?? 'an admin scope'}`;
}

function problemKey(problem: SyncProblem): string {
	return `${problem.workspace ?? ''}|${problem.what}`;
}

/**
 * True when `next` shows no failure that `previous` did not already have: replacing the graph
 * with it loses nothing that was readable before.
 */
export function isAtLeastAsComplete(next: AccessSnapshot, previous: AccessSnapshot): boolean {
	const before = new Set(previous.problems.map(problemKey));
	if (next.problems.some(problem => !before.has(problemKey(problem)))) {
		// A new problem is fine only where the previous snapshot had no data for that workspace either.
		return next.problems.every(problem => before.has(problemKey(problem)) || !hadWorkspaceData(previous, problem.workspace));
	}
	return true;
}

function hadWorkspaceData(snapshot: AccessSnapshot, workspace: string | undefined): boolean {
	if (!workspace) return snapshot.workspaces.length > 0;
	return snapshot.memberships.some(edge => edge.workspace === workspace) || snapshot.repositories.some(repo => repo.workspace === workspace);
}

/** The previous snapshot with everything of `workspace` replaced by the fresh one-workspace sync. */
export function mergeWorkspaceSnapshot(previous: AccessSnapshot, fresh: AccessSnapshot, workspace: string): AccessSnapshot {
	const other = <T extends {workspace: string}>(items: T[]) => items.filter(item => item.workspace !== workspace);
	const mine = <T extends {workspace: string}>(items: T[]) => items.filter(item => item.workspace === workspace);
	const keepStatus = (status: Record<string, unknown>, sep: string) =>
		Object.fromEntries(Object.entries(status).filter(([key]) => !key.startsWith(`${workspace}${sep}`)));
	const users = new Map(previous.users.map(user => [user.uuid, user]));
	for (const user of fresh.users) users.set(user.uuid, user);
	const workspaces = previous.workspaces.filter(item => item.slug !== workspace);
	workspaces.push(...fresh.workspaces.filter(item => item.slug === workspace));
	workspaces.sort((a, b) => a.slug.localeCompare(b.slug));
	const merged: AccessSnapshot = {
		...previous,
		account: fresh.account,
		syncedAt: fresh.syncedAt,
		workspaces,
		users: [...users.values()],
		memberships: [...other(previous.memberships), ...mine(fresh.memberships)],
		groups: [...other(previous.groups), ...mine(fresh.groups)],
		projects: [...other(previous.projects), ...mine(fresh.projects)],
		repositories: [...other(previous.repositories), ...mine(fresh.repositories)],
		projectGrants: [...other(previous.projectGrants), ...mine(fresh.projectGrants)],
		repositoryGrants: [...other(previous.repositoryGrants), ...mine(fresh.repositoryGrants)],
		projectGrantStatus: {
			...(keepStatus(previous.projectGrantStatus, ':') as AccessSnapshot['projectGrantStatus']),
			...fresh.projectGrantStatus,
		},
		repositoryGrantStatus: {
			...(keepStatus(previous.repositoryGrantStatus, '/') as AccessSnapshot['repositoryGrantStatus']),
			...fresh.repositoryGrantStatus,
		},
		problems: [...previous.problems.filter(problem => problem.workspace !== workspace), ...fresh.problems.filter(p => p.workspace === workspace || !p.workspace)],
	};
	// The account's own levels (workspaces it does not administer) follow the workspace they belong to.
	const own = [...other(previous.ownRepositoryPermissions ?? []), ...mine(fresh.ownRepositoryPermissions ?? [])].sort((a, b) => a.workspace.localeCompare(b.workspace));
	delete merged.ownRepositoryPermissions;
	if (own.length > 0) merged.ownRepositoryPermissions = own;
	return merged;
}

/**
 * Repository grants loaded on demand (tier 2) survive a tier-1 refresh: for each repository the
 * refresh did not load but the previous snapshot had loaded, keep the previous grants and their time.
 */
export function carryOverRepositoryGrants(previous: AccessSnapshot, next: AccessSnapshot): AccessSnapshot {
	const present = new Set(next.repositories.map(repo => repo.fullName));
	const carried = Object.entries(previous.repositoryGrantStatus).filter(
		([name, state]) => state.state === 'loaded' && present.has(name) && next.repositoryGrantStatus[name]?.state !== 'loaded',
	);
	if (carried.length === 0) return next;
	const names = new Set(carried.map(([name]) => name));
	return {
		...next,
		repositoryGrants: [
			...next.repositoryGrants.filter(grant => !names.has(grant.repository)),
			...previous.repositoryGrants.filter(grant => names.has(grant.repository)),
		],
		repositoryGrantStatus: {...next.repositoryGrantStatus, ...Object.fromEntries(carried)},
	};
}

/** "Syncing… 3/5 workspaces" from the per-workspace progress of a first sync. */
export function syncingMessage(progress: Map<string, SyncProgress>): string {
	const perWorkspace = [...progress.values()].filter(item => item.workspace);
	if (perWorkspace.length === 0) return 'Syncing…';
	const done = perWorkspace.filter(item => item.total > 0 && item.done >= item.total).length;
	return `Syncing… ${done}/${perWorkspace.length} workspaces`;
}
