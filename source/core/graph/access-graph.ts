/**
 * AccessGraph: the in-memory access graph. Pure, synchronous queries over indexes built once in
 * fromSnapshot and maintained incrementally by the mutations (used by tier-2 sync and by verified
 * access changes only). `revision` increments on every mutation; onChange listeners are told.
 */
import {BbError} from '../errors.js';
import {
	SNAPSHOT_FORMAT_VERSION,
	groupId,
	projectId,
	type AccessSnapshot,
	type AccessSource,
	type AccountInfo,
	type EffectiveAccess,
	type EffectiveEntry,
	type GrantsState,
	type GroupNode,
	type Level,
	type OwnRepositoryPermissions,
	type Principal,
	type ProjectGrant,
	type ProjectLevel,
	type ProjectNode,
	type ReachEntry,
	type RepoLevel,
	type RepositoryGrant,
	type RepositoryNode,
	type SyncProblem,
	type Target,
	type UserNode,
	type WorkspaceNode,
	type WorkspaceRole,
} from '../model.js';
import {effectiveAccess, effectiveLevel} from './effective.js';
import {GraphStore, principalKey, type GrantRefs} from './graph-store.js';
import {reachableBy} from './reach.js';
import {SearchIndex, type SearchHit, type SearchOptions} from './search.js';
import {compareText, compareUsers} from './sources.js';

export class AccessGraph {
	readonly account: AccountInfo;
	readonly apiUrl: string;
	readonly syncedAt: string;
	private readonly store: GraphStore;
	private readonly problemList: SyncProblem[];
	/** The account's own levels per workspace it does not administer; never part of effective access. */
	private readonly ownLevels = new Map<string, OwnRepositoryPermissions>();
	private searchIndex: SearchIndex | undefined;
	private readonly listeners = new Set<() => void>();
	private revisionCount = 0;

	private constructor(snapshot: AccessSnapshot) {
		if (snapshot.formatVersion !== SNAPSHOT_FORMAT_VERSION) {
			throw new BbError('malformed', `snapshot format ${String(snapshot.formatVersion)} is not supported (expected ${SNAPSHOT_FORMAT_VERSION})`);
		}
		this.account = Object.freeze({...snapshot.account});
		this.apiUrl = snapshot.apiUrl;
		this.syncedAt = snapshot.syncedAt;
		this.problemList = snapshot.problems.map(problem => Object.freeze({...problem}));
		this.store = new GraphStore(snapshot);
		for (const own of snapshot.ownRepositoryPermissions ?? []) this.ownLevels.set(own.workspace, Object.freeze({...own, levels: Object.freeze({...own.levels})}));
	}

	static fromSnapshot(snapshot: AccessSnapshot): AccessGraph {
		return new AccessGraph(snapshot);
	}

	/** A deep copy of the current state; fromSnapshot(toSnapshot()) answers every query the same. */
	toSnapshot(): AccessSnapshot {
		const snapshot = this.store.toSnapshot({
			formatVersion: SNAPSHOT_FORMAT_VERSION,
			apiUrl: this.apiUrl,
			account: this.account,
			syncedAt: this.syncedAt,
			problems: this.problemList,
		});
		if (this.ownLevels.size > 0) snapshot.ownRepositoryPermissions = [...this.ownLevels.values()].map(own => ({...own, levels: {...own.levels}}));
		return snapshot;
	}

	/**
	 * The signed-in account's OWN level on a repository of a workspace it does not administer
	 * (CHANGE-3022 listing): 'none' when the listing was read and does not list it; undefined when
	 * not known (an administered workspace, or the listing was not read). Not effective access:
	 * it says nothing about anybody else, and effectiveAccess never uses it.
	 */
	ownRepositoryLevel(fullName: string): RepoLevel | 'none' | undefined {
		const workspace = this.store.repositories.get(fullName)?.workspace ?? fullName.split('/')[0]!;
		const own = this.ownLevels.get(workspace);
		if (!own) return undefined;
		return own.levels[fullName] ?? 'none';
	}

	/** The account's own-permission listing of one workspace it does not administer, when read. */
	ownRepositoryPermissions(workspace: string): Readonly<OwnRepositoryPermissions> | undefined {
		return this.ownLevels.get(workspace);
	}

	/** Increments on every mutation that changed something (a memoisation key for the UI). */
	get revision(): number {
		return this.revisionCount;
	}

	problems(): SyncProblem[] {
		return [...this.problemList];
	}

	// ---- nodes -------------------------------------------------------------------

	workspaces(): WorkspaceNode[] {
		return [...this.store.workspaces.values()];
	}

	workspace(slug: string): WorkspaceNode | undefined {
		return this.store.workspaces.get(slug);
	}

	users(): UserNode[] {
		return [...this.store.users.values()];
	}

	user(uuid: string): UserNode | undefined {
		return this.store.users.get(uuid);
	}

	/** Members and owners of a workspace, sorted by display name. */
	members(workspace: string): {user: UserNode; role: WorkspaceRole}[] {
		const roles = this.store.roles.get(workspace);
		if (!roles) return [];
		const members = [...roles].map(([uuid, role]) => ({user: this.store.users.get(uuid) ?? {uuid, displayName: uuid}, role}));
		return members.sort((a, b) => compareUsers(a.user, b.user));
	}

	roleOf(workspace: string, uuid: string): WorkspaceRole | undefined {
		return this.store.roles.get(workspace)?.get(uuid);
	}

	groups(workspace: string): GroupNode[] {
		return [...(this.store.groupsByWorkspace.get(workspace)?.values() ?? [])];
	}

	group(workspace: string, slug: string): GroupNode | undefined {
		return this.store.groupsByWorkspace.get(workspace)?.get(slug);
	}

	/** The groups of one workspace that have the user as a member. */
	groupsOf(workspace: string, uuid: string): GroupNode[] {
		const result: GroupNode[] = [];
		for (const id of this.store.groupsOfUser.get(uuid) ?? []) {
			const group = this.store.groups.get(id);
			if (group && group.workspace === workspace) result.push(group);
		}
		return result.sort((a, b) => compareText(a.slug, b.slug));
	}

	projects(workspace: string): ProjectNode[] {
		return [...(this.store.projectsByWorkspace.get(workspace)?.values() ?? [])];
	}

	project(workspace: string, key: string): ProjectNode | undefined {
		return this.store.projects.get(projectId(workspace, key));
	}

	repositories(workspace: string): RepositoryNode[] {
		return [...(this.store.repositoriesByWorkspace.get(workspace)?.values() ?? [])];
	}

	repositoriesOf(workspace: string, projectKey: string): RepositoryNode[] {
		const names = this.store.repositoriesByProject.get(projectId(workspace, projectKey));
		return names ? [...names].map(name => this.store.repositories.get(name)!) : [];
	}

	repository(fullName: string): RepositoryNode | undefined {
		return this.store.repositories.get(fullName);
	}

	// ---- explicit grants -------------------------------------------------------------

	projectGrants(workspace: string, key: string): ProjectGrant[] {
		return [...(this.store.projectGrants.get(projectId(workspace, key))?.values() ?? [])];
	}

	repositoryGrants(fullName: string): RepositoryGrant[] {
		return [...(this.store.repositoryGrants.get(fullName)?.values() ?? [])];
	}

	grantsOfGroup(workspace: string, slug: string): {projects: ProjectGrant[]; repositories: RepositoryGrant[]} {
		return this.grantsFrom(this.store.grantsOfGroup.get(groupId(workspace, slug)), principalKey({type: 'group', slug}));
	}

	/** Explicit grants naming the user directly (not through groups), in every workspace. */
	explicitGrantsOf(uuid: string): {projects: ProjectGrant[]; repositories: RepositoryGrant[]} {
		return this.grantsFrom(this.store.grantsOfUser.get(uuid), principalKey({type: 'user', uuid}));
	}

	private grantsFrom(refs: GrantRefs | undefined, key: string): {projects: ProjectGrant[]; repositories: RepositoryGrant[]} {
		if (!refs) return {projects: [], repositories: []};
		const projects: ProjectGrant[] = [];
		const repositories: RepositoryGrant[] = [];
		for (const id of refs.projects) {
			const grant = this.store.projectGrants.get(id)?.get(key);
			if (grant) projects.push(grant);
		}
		for (const fullName of refs.repositories) {
			const grant = this.store.repositoryGrants.get(fullName)?.get(key);
			if (grant) repositories.push(grant);
		}
		return {projects, repositories};
	}

	projectGrantsState(workspace: string, key: string): GrantsState {
		return this.store.projectState(projectId(workspace, key));
	}

	repositoryGrantsState(fullName: string): GrantsState {
		return this.store.repositoryState(fullName);
	}

	// ---- effective access ----------------------------------------------------------------

	/** Everyone who can reach the target, at what level and why. */
	effectiveAccess(target: Target): EffectiveAccess {
		return effectiveAccess(this.store, target);
	}

	/** One user's level on the target (undefined: no access known) with the sources. */
	effectiveLevel(uuid: string, target: Target): {level: Level | undefined; sources: AccessSource[]; complete: boolean; missing: string[]} {
		return effectiveLevel(this.store, uuid, target);
	}

	/** Every project and repository the user can reach, with level and sources. */
	reachableBy(uuid: string): {entries: ReachEntry[]; complete: boolean; missing: string[]} {
		return reachableBy(this.store, uuid);
	}

	/** Entries of effectiveAccess(target) with level admin. */
	whoCanAdmin(target: Target): EffectiveEntry[] {
		return this.effectiveAccess(target).entries.filter(entry => entry.level === 'admin');
	}

	search(text: string, options?: SearchOptions): SearchHit[] {
		this.searchIndex ??= new SearchIndex(this.store);
		return this.searchIndex.search(text, options);
	}

	// ---- mutations ------------------------------------------------------------------

	/** Replace every explicit grant of a repository (tier-2 load, or a re-read after a change). */
	setRepositoryGrants(fullName: string, grants: RepositoryGrant[], state: GrantsState): void {
		const repository = this.requireRepository(fullName);
		for (const grant of grants) {
			if (grant.repository !== fullName || grant.workspace !== repository.workspace) {
				throw new BbError('malformed', `a grant on ${grant.repository} was given as a grant of ${fullName}`);
			}
		}
		for (const grant of this.repositoryGrants(fullName)) this.store.removeRepositoryGrant(repository.workspace, fullName, grant.principal);
		for (const grant of grants) this.store.putRepositoryGrant(grant, true);
		this.store.setRepositoryState(fullName, state);
		this.changed();
	}

	setProjectGrants(workspace: string, key: string, grants: ProjectGrant[], state: GrantsState): void {
		this.requireProject(workspace, key);
		for (const grant of grants) {
			if (grant.workspace !== workspace || grant.project !== key) {
				throw new BbError('malformed', `a grant on ${projectId(grant.workspace, grant.project)} was given as a grant of ${projectId(workspace, key)}`);
			}
		}
		for (const grant of this.projectGrants(workspace, key)) this.store.removeProjectGrant(workspace, key, grant.principal);
		for (const grant of grants) this.store.putProjectGrant(grant, true);
		this.store.setProjectState(projectId(workspace, key), state);
		this.changed();
	}

	/** Set (level) or remove (undefined) one explicit project entry; the grants state is unchanged. */
	setProjectGrant(workspace: string, key: string, principal: Principal, level: ProjectLevel | undefined): void {
		this.requireProject(workspace, key);
		const previous = this.store.projectGrants.get(projectId(workspace, key))?.get(principalKey(principal));
		if (level === undefined) {
			if (this.store.removeProjectGrant(workspace, key, principal)) this.changed();
		} else if (previous?.level !== level) {
			this.store.putProjectGrant({workspace, project: key, principal, level});
			this.changed();
		}
	}

	setRepositoryGrant(fullName: string, principal: Principal, level: RepoLevel | undefined): void {
		const repository = this.requireRepository(fullName);
		const previous = this.store.repositoryGrants.get(fullName)?.get(principalKey(principal));
		if (level === undefined) {
			if (this.store.removeRepositoryGrant(repository.workspace, fullName, principal)) this.changed();
		} else if (previous?.level !== level) {
			this.store.putRepositoryGrant({workspace: repository.workspace, repository: fullName, principal, level});
			this.changed();
		}
	}

	setGroupMembership(workspace: string, slug: string, uuid: string, isMember: boolean): void {
		if (this.store.setGroupMembership(workspace, slug, uuid, isMember)) this.changed();
	}

	/**
	 * Add users the graph does not know yet (e.g. people named by tier-2 permissions-config answers
	 * when the member listing was not visible). Known users are left as they are.
	 */
	addUsers(users: UserNode[]): void {
		let added = false;
		for (const user of users) {
			if (this.store.users.has(user.uuid)) continue;
			this.store.users.set(user.uuid, Object.freeze({...user}));
			added = true;
		}
		if (!added) return;
		this.searchIndex = undefined;
		this.changed();
	}

	/** Called after every mutation that changed something; returns the unsubscribe function. */
	onChange(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => {
			this.listeners.delete(listener);
		};
	}

	private changed(): void {
		this.revisionCount += 1;
		for (const listener of [...this.listeners]) listener();
	}

	private requireRepository(fullName: string): RepositoryNode {
		const repository = this.store.repositories.get(fullName);
		if (!repository) throw new BbError('not-found', `repository ${fullName} is not in the synced data`);
		return repository;
	}

	private requireProject(workspace: string, key: string): ProjectNode {
		const project = this.store.projects.get(projectId(workspace, key));
		if (!project) throw new BbError('not-found', `project ${projectId(workspace, key)} is not in the synced data`);
		return project;
	}
}
