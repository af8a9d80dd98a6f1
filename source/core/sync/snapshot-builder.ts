import {
	SNAPSHOT_FORMAT_VERSION,
	type AccessSnapshot,
	type AccountInfo,
	type GrantsState,
	type GroupNode,
	type MembershipEdge,
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

	/** Add or enrich a user: a display name or account id seen later fills what was missing. */
	addUser(user: UserNode | undefined): void {
		if (!user) return;
		const known = this.users.get(user.uuid);
		if (!known) {
			this.users.set(user.uuid, user);
			return;
		}
		if (known.displayName === known.uuid && user.displayName !== user.uuid) known.displayName = user.displayName;
		known.accountId ??= user.accountId;
		known.nickname ??= user.nickname;
	}

	build(apiUrl: string, account: AccountInfo, syncedAt: string): AccessSnapshot {
		const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
		return {
			formatVersion: SNAPSHOT_FORMAT_VERSION,
			apiUrl,
			account,
			syncedAt,
			workspaces: [...this.workspaces].sort((a, b) => byText(a.slug, b.slug)),
			users: [...this.users.values()].sort((a, b) => byText(a.uuid, b.uuid)),
			memberships: [...this.memberships].sort((a, b) => byText(a.workspace, b.workspace) || byText(a.user, b.user)),
			groups: [...this.groups].map(group => ({...group, members: [...group.members].sort(byText)})).sort((a, b) => byText(a.workspace, b.workspace) || byText(a.slug, b.slug)),
			projects: [...this.projects].sort((a, b) => byText(a.workspace, b.workspace) || byText(a.key, b.key)),
			repositories: [...this.repositories].sort((a, b) => byText(a.fullName, b.fullName)),
			projectGrants: [...this.projectGrants].sort((a, b) => byText(a.workspace, b.workspace) || byText(a.project, b.project) || byText(principalText(a.principal), principalText(b.principal))),
			repositoryGrants: [...this.repositoryGrants].sort((a, b) => byText(a.repository, b.repository) || byText(principalText(a.principal), principalText(b.principal))),
			projectGrantStatus: sortedRecord(this.projectGrantStatus),
			repositoryGrantStatus: sortedRecord(this.repositoryGrantStatus),
			problems: [...this.problems].sort((a, b) => byText(a.workspace ?? '', b.workspace ?? '') || byText(a.what, b.what)),
		};
	}
}

function principalText(principal: Principal): string {
	return principal.type === 'user' ? `u:${principal.uuid}` : `g:${principal.slug}`;
}

function sortedRecord<V>(record: Record<string, V>): Record<string, V> {
	return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
