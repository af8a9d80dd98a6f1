import {
	SNAPSHOT_FORMAT_VERSION,
	type AccessSnapshot,
	type AccountInfo,
	type GrantsState,
	type GroupNode,
	type MembershipEdge,
	type OwnRepositoryPermissions,
	type Principal,
	type ProjectGrant,
	type ProjectNode,
	type RepositoryGrant,
	type RepositoryNode,
	type SyncProblem,
	type UserNode,
	type WorkspaceNode,
} from '../model.js';

/** Collects what sync reads and emits a snapshot in a stable order (same data → same JSON). */
export class SnapshotBuilder {
	readonly workspaces: WorkspaceNode[] = [];
	readonly users = new Map<string, UserNode>();
	readonly memberships: MembershipEdge[] = [];
	readonly groups: GroupNode[] = [];
	readonly projects: ProjectNode[] = [];
	readonly repositories: RepositoryNode[] = [];
	readonly projectGrants: ProjectGrant[] = [];
	readonly repositoryGrants: RepositoryGrant[] = [];
	readonly projectGrantStatus: Record<string, GrantsState> = {};
	readonly repositoryGrantStatus: Record<string, GrantsState> = {};
	readonly problems: SyncProblem[] = [];
	/** Own levels of the signed-in account, for workspaces it does not administer only. */
	readonly ownRepositoryPermissions: OwnRepositoryPermissions[] = [];

	/** Add or enrich a user: a display name or account id seen later fills what was missing. */
	addUser(user: UserNode | undefined): void {
		if (!user) return;
		const known = this.users.get(user.uuid);
		if (!known) {
			this.users.set(user.uuid, user);
			return;
		}
		if (known.displayName === known.uuid && user.displayName !== user.uuid) known.displayName = user.displayName;
		if (known.accountId === undefined && user.accountId !== undefined) known.accountId = user.accountId;
		if (known.nickname === undefined && user.nickname !== undefined) known.nickname = user.nickname;
	}

	build(apiUrl: string, account: AccountInfo, syncedAt: string): AccessSnapshot {
		const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
		const snapshot: AccessSnapshot = {
			formatVersion: SNAPSHOT_FORMAT_VERSION,
			apiUrl,
			account,
			syncedAt,
			workspaces: [...this.workspaces].sort((a, b) => byText(a.slug, b.slug)),
			users: [...this.users.values()].sort((a, b) => byText(a.uuid, b.uuid)),
			memberships: unique(this.memberships, edge => `${edge.workspace}\n${edge.user}`).sort((a, b) => byText(a.workspace, b.workspace) || byText(a.user, b.user)),
			groups: unique(this.groups, group => `${group.workspace}\n${group.slug}`).map(group => ({...group, members: [...group.members].sort(byText)})).sort((a, b) => byText(a.workspace, b.workspace) || byText(a.slug, b.slug)),
			projects: unique(this.projects, project => `${project.workspace}\n${project.key}`).sort((a, b) => byText(a.workspace, b.workspace) || byText(a.key, b.key)),
			repositories: unique(this.repositories, repository => repository.fullName).sort((a, b) => byText(a.fullName, b.fullName)),
			projectGrants: unique(this.projectGrants, grant => `${grant.workspace}\n${grant.project}\n${principalText(grant.principal)}`).sort((a, b) => byText(a.workspace, b.workspace) || byText(a.project, b.project) || byText(principalText(a.principal), principalText(b.principal))),
			repositoryGrants: unique(this.repositoryGrants, grant => `${grant.repository}\n${principalText(grant.principal)}`).sort((a, b) => byText(a.repository, b.repository) || byText(principalText(a.principal), principalText(b.principal))),
			projectGrantStatus: sortedRecord(this.projectGrantStatus),
			repositoryGrantStatus: sortedRecord(this.repositoryGrantStatus),
			problems: [...this.problems].sort((a, b) => byText(a.workspace ?? '', b.workspace ?? '') || byText(a.what, b.what)),
		};
		// Only when some workspace is not administered: snapshots of admin-only accounts keep their shape.
		if (this.ownRepositoryPermissions.length > 0) {
			snapshot.ownRepositoryPermissions = unique(this.ownRepositoryPermissions, own => own.workspace)
				.map(own => ({...own, levels: sortedRecord(own.levels)}))
				.sort((a, b) => byText(a.workspace, b.workspace));
		}
		return snapshot;
	}
}

/** The first of each key: a page that shifted while listing must not duplicate a node. */
function unique<T>(items: readonly T[], key: (item: T) => string): T[] {
	const seen = new Map<string, T>();
	for (const item of items) {
		const id = key(item);
		if (!seen.has(id)) seen.set(id, item);
	}
	return [...seen.values()];
}

function principalText(principal: Principal): string {
	return principal.type === 'user' ? `u:${principal.uuid}` : `g:${principal.slug}`;
}

function sortedRecord<V>(record: Record<string, V>): Record<string, V> {
	return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
