/**
 * The indexed, mutable state behind AccessGraph: every map is built once from a snapshot and kept
 * up to date by the mutation methods, so queries never scan the whole graph.
 * Nodes handed out are frozen copies; a group node is replaced (not edited) when its members change.
 */
import {BbError} from '../errors.js';
import {
	groupId,
	levelRank,
	projectId,
	type AccessSnapshot,
	type GrantsState,
	type GroupNode,
	type MembershipEdge,
	type Principal,
	type ProjectGrant,
	type ProjectNode,
	type RepositoryGrant,
	type RepositoryNode,
	type UserNode,
	type WorkspaceNode,
	type WorkspaceRole,
} from '../model.js';

/** "u:{uuid}" or "g:slug": one explicit entry per principal per target. */
export type PrincipalKey = string;

export function principalKey(principal: Principal): PrincipalKey {
	return principal.type === 'user' ? `u:${principal.uuid}` : `g:${principal.slug}`;
}

/** Ids of the targets a principal holds explicit grants on. */
export interface GrantRefs {
	projects: Set<string>;
	repositories: Set<string>;
}

/** Per workspace: how many projects/repositories have grants that are not (yet) known. */
export interface StateCounts {
	projectNotLoaded: number;
	projectUnavailable: number;
	repositoryNotLoaded: number;
	repositoryUnavailable: number;
	/** Explicit grants that name a group the snapshot does not have. */
	unknownGroupGrants: number;
}

const NOT_LOADED: GrantsState = Object.freeze({state: 'not-loaded'});

function emptyCounts(): StateCounts {
	return {projectNotLoaded: 0, projectUnavailable: 0, repositoryNotLoaded: 0, repositoryUnavailable: 0, unknownGroupGrants: 0};
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
	let value = map.get(key);
	if (value === undefined) {
		value = create();
		map.set(key, value);
	}
	return value;
}

function emptyRefs(): GrantRefs {
	return {projects: new Set(), repositories: new Set()};
}

export class GraphStore {
	readonly workspaces = new Map<string, WorkspaceNode>();
	readonly users = new Map<string, UserNode>();
	readonly memberships: MembershipEdge[] = [];
	/** workspace → user uuid → role. */
	readonly roles = new Map<string, Map<string, WorkspaceRole>>();
	/** workspace → owner uuids. */
	readonly owners = new Map<string, Set<string>>();
	/** user uuid → workspaces where they are a member or owner. */
	readonly workspacesOfUser = new Map<string, Set<string>>();
	/** group id "ws:slug" → node (insertion order = snapshot order). */
	readonly groups = new Map<string, GroupNode>();
	readonly groupMembers = new Map<string, Set<string>>();
	readonly groupsByWorkspace = new Map<string, Map<string, GroupNode>>();
	/** user uuid → group ids. */
	readonly groupsOfUser = new Map<string, Set<string>>();
	/** project id "ws:KEY" → node. */
	readonly projects = new Map<string, ProjectNode>();
	readonly projectsByWorkspace = new Map<string, Map<string, ProjectNode>>();
	readonly repositories = new Map<string, RepositoryNode>();
	readonly repositoriesByWorkspace = new Map<string, Map<string, RepositoryNode>>();
	/** project id → full names of its repositories. */
	readonly repositoriesByProject = new Map<string, Set<string>>();
	/** project id → principal → grant. */
	readonly projectGrants = new Map<string, Map<PrincipalKey, ProjectGrant>>();
	readonly repositoryGrants = new Map<string, Map<PrincipalKey, RepositoryGrant>>();
	/** user uuid → targets with an explicit grant to that user. */
	readonly grantsOfUser = new Map<string, GrantRefs>();
	/** group id → targets with an explicit grant to that group. */
	readonly grantsOfGroup = new Map<string, GrantRefs>();
	readonly projectStatus = new Map<string, GrantsState>();
	readonly repositoryStatus = new Map<string, GrantsState>();
	readonly counts = new Map<string, StateCounts>();

	constructor(snapshot: AccessSnapshot) {
		for (const workspace of snapshot.workspaces) {
			this.workspaces.set(workspace.slug, Object.freeze({...workspace, partial: Object.freeze([...workspace.partial]) as string[]}));
		}
		for (const user of snapshot.users) this.users.set(user.uuid, Object.freeze({...user}));
		for (const edge of snapshot.memberships) this.addMembership(edge);
		for (const group of snapshot.groups) this.addGroup(group);
		for (const project of snapshot.projects) {
			const node = Object.freeze({...project});
			const id = projectId(project.workspace, project.key);
			this.projects.set(id, node);
			getOrCreate(this.projectsByWorkspace, project.workspace, () => new Map()).set(project.key, node);
			const state = snapshot.projectGrantStatus[id];
			if (state) this.projectStatus.set(id, state);
			this.countProjectState(project.workspace, this.projectState(id), +1);
		}
		for (const repository of snapshot.repositories) {
			const node = Object.freeze({...repository});
			this.repositories.set(repository.fullName, node);
			getOrCreate(this.repositoriesByWorkspace, repository.workspace, () => new Map()).set(repository.fullName, node);
			if (repository.projectKey !== undefined) {
				getOrCreate(this.repositoriesByProject, projectId(repository.workspace, repository.projectKey), () => new Set()).add(repository.fullName);
			}
			const state = snapshot.repositoryGrantStatus[repository.fullName];
			if (state) this.repositoryStatus.set(repository.fullName, state);
			this.countRepositoryState(repository.workspace, this.repositoryState(repository.fullName), +1);
		}
		// Status of targets the snapshot lists no node for: kept for the round trip, never counted.
		for (const [id, state] of Object.entries(snapshot.projectGrantStatus)) {
			if (!this.projectStatus.has(id)) this.projectStatus.set(id, state);
		}
		for (const [id, state] of Object.entries(snapshot.repositoryGrantStatus)) {
			if (!this.repositoryStatus.has(id)) this.repositoryStatus.set(id, state);
		}
		for (const grant of snapshot.projectGrants) this.putProjectGrant(grant, true);
		for (const grant of snapshot.repositoryGrants) this.putRepositoryGrant(grant, true);
	}

	// ---- states ---------------------------------------------------------------

	projectState(id: string): GrantsState {
		return this.projectStatus.get(id) ?? NOT_LOADED;
	}

	repositoryState(fullName: string): GrantsState {
		return this.repositoryStatus.get(fullName) ?? NOT_LOADED;
	}

	countsOf(workspace: string): StateCounts {
		return getOrCreate(this.counts, workspace, emptyCounts);
	}

	private countProjectState(workspace: string, state: GrantsState, delta: number): void {
		const counts = this.countsOf(workspace);
		if (state.state === 'not-loaded') counts.projectNotLoaded += delta;
		else if (state.state === 'unavailable') counts.projectUnavailable += delta;
	}

	private countRepositoryState(workspace: string, state: GrantsState, delta: number): void {
		const counts = this.countsOf(workspace);
		if (state.state === 'not-loaded') counts.repositoryNotLoaded += delta;
		else if (state.state === 'unavailable') counts.repositoryUnavailable += delta;
	}

	setProjectState(id: string, state: GrantsState): void {
		const node = this.projects.get(id);
		if (node) this.countProjectState(node.workspace, this.projectState(id), -1);
		this.projectStatus.set(id, state);
		if (node) this.countProjectState(node.workspace, state, +1);
	}

	setRepositoryState(fullName: string, state: GrantsState): void {
		const node = this.repositories.get(fullName);
		if (node) this.countRepositoryState(node.workspace, this.repositoryState(fullName), -1);
		this.repositoryStatus.set(fullName, state);
		if (node) this.countRepositoryState(node.workspace, state, +1);
	}

	// ---- memberships and groups ------------------------------------------------

	private addMembership(edge: MembershipEdge): void {
		const roles = getOrCreate(this.roles, edge.workspace, () => new Map());
		const previous = roles.get(edge.user);
		if (previous === undefined) this.memberships.push(Object.freeze({...edge}));
		// A duplicate edge keeps the stronger role (owner).
		const role: WorkspaceRole = previous === 'owner' || edge.role === 'owner' ? 'owner' : 'member';
		if (previous !== undefined && previous !== role) {
			const index = this.memberships.findIndex(item => item.workspace === edge.workspace && item.user === edge.user);
			this.memberships[index] = Object.freeze({...edge, role});
		}
		roles.set(edge.user, role);
		if (role === 'owner') getOrCreate(this.owners, edge.workspace, () => new Set()).add(edge.user);
		getOrCreate(this.workspacesOfUser, edge.user, () => new Set()).add(edge.workspace);
	}

	private addGroup(group: GroupNode): void {
		const id = groupId(group.workspace, group.slug);
		const members = new Set(group.members);
		this.groupMembers.set(id, members);
		this.storeGroupNode(Object.freeze({...group, members: Object.freeze([...members]) as string[]}));
		for (const uuid of members) getOrCreate(this.groupsOfUser, uuid, () => new Set()).add(id);
	}

	private storeGroupNode(node: GroupNode): void {
		this.groups.set(groupId(node.workspace, node.slug), node);
		getOrCreate(this.groupsByWorkspace, node.workspace, () => new Map()).set(node.slug, node);
	}

	/** Returns whether anything changed. */
	setGroupMembership(workspace: string, slug: string, uuid: string, isMember: boolean): boolean {
		const id = groupId(workspace, slug);
		const node = this.groups.get(id);
		const members = this.groupMembers.get(id);
		if (!node || !members) throw new BbError('not-found', `group ${id} is not in the synced data`);
		if (members.has(uuid) === isMember) return false;
		if (isMember) {
			members.add(uuid);
			getOrCreate(this.groupsOfUser, uuid, () => new Set()).add(id);
			this.storeGroupNode(Object.freeze({...node, members: Object.freeze([...node.members, uuid]) as string[]}));
		} else {
			members.delete(uuid);
			this.groupsOfUser.get(uuid)?.delete(id);
			this.storeGroupNode(Object.freeze({...node, members: Object.freeze(node.members.filter(m => m !== uuid)) as string[]}));
		}
		return true;
	}

	// ---- grants ----------------------------------------------------------------

	private refsOf(workspace: string, principal: Principal): GrantRefs {
		return principal.type === 'user'
			? getOrCreate(this.grantsOfUser, principal.uuid, emptyRefs)
			: getOrCreate(this.grantsOfGroup, groupId(workspace, principal.slug), emptyRefs);
	}

	private countUnknownGroup(workspace: string, principal: Principal, delta: number): void {
		if (principal.type === 'group' && !this.groups.has(groupId(workspace, principal.slug))) {
			this.countsOf(workspace).unknownGroupGrants += delta;
		}
	}

	/** Add or replace the entry of grant.principal. On load, a duplicate keeps the highest level. */
	putProjectGrant(grant: ProjectGrant, keepHighest = false): void {
		const id = projectId(grant.workspace, grant.project);
		const entries = getOrCreate(this.projectGrants, id, () => new Map());
		const key = principalKey(grant.principal);
		const previous = entries.get(key);
		if (previous && keepHighest && levelRank(previous.level) >= levelRank(grant.level)) return;
		if (!previous) {
			this.refsOf(grant.workspace, grant.principal).projects.add(id);
			this.countUnknownGroup(grant.workspace, grant.principal, +1);
		}
		entries.set(key, Object.freeze({...grant, principal: Object.freeze({...grant.principal})}));
	}

	removeProjectGrant(workspace: string, key: string, principal: Principal): boolean {
		const id = projectId(workspace, key);
		const entries = this.projectGrants.get(id);
		if (!entries?.delete(principalKey(principal))) return false;
		this.refsOf(workspace, principal).projects.delete(id);
		this.countUnknownGroup(workspace, principal, -1);
		return true;
	}

	putRepositoryGrant(grant: RepositoryGrant, keepHighest = false): void {
		const entries = getOrCreate(this.repositoryGrants, grant.repository, () => new Map());
		const key = principalKey(grant.principal);
		const previous = entries.get(key);
		if (previous && keepHighest && levelRank(previous.level) >= levelRank(grant.level)) return;
		if (!previous) {
			this.refsOf(grant.workspace, grant.principal).repositories.add(grant.repository);
			this.countUnknownGroup(grant.workspace, grant.principal, +1);
		}
		entries.set(key, Object.freeze({...grant, principal: Object.freeze({...grant.principal})}));
	}

	removeRepositoryGrant(workspace: string, fullName: string, principal: Principal): boolean {
		const entries = this.repositoryGrants.get(fullName);
		if (!entries?.delete(principalKey(principal))) return false;
		this.refsOf(workspace, principal).repositories.delete(fullName);
		this.countUnknownGroup(workspace, principal, -1);
		return true;
	}

	// ---- snapshot ----------------------------------------------------------------

	toSnapshot(base: Pick<AccessSnapshot, 'formatVersion' | 'apiUrl' | 'account' | 'syncedAt' | 'problems'>): AccessSnapshot {
		// Hand-written copies: structuredClone is an order of magnitude slower on 50k small objects.
		const principal = (p: Principal): Principal => (p.type === 'user' ? {type: 'user', uuid: p.uuid} : {type: 'group', slug: p.slug});
		const state = (value: GrantsState): GrantsState => ({...value});
		return {
			formatVersion: base.formatVersion,
			apiUrl: base.apiUrl,
			account: {...base.account},
			syncedAt: base.syncedAt,
			workspaces: [...this.workspaces.values()].map(node => ({...node, partial: [...node.partial]})),
			users: [...this.users.values()].map(node => ({...node})),
			memberships: this.memberships.map(edge => ({...edge})),
			groups: [...this.groups.values()].map(node => ({...node, members: [...node.members]})),
			projects: [...this.projects.values()].map(node => ({...node})),
			repositories: [...this.repositories.values()].map(node => ({...node})),
			projectGrants: [...this.projectGrants.values()].flatMap(entries => [...entries.values()].map(grant => ({...grant, principal: principal(grant.principal)}))),
			repositoryGrants: [...this.repositoryGrants.values()].flatMap(entries => [...entries.values()].map(grant => ({...grant, principal: principal(grant.principal)}))),
			projectGrantStatus: Object.fromEntries([...this.projectStatus].map(([id, value]) => [id, state(value)])),
			repositoryGrantStatus: Object.fromEntries([...this.repositoryStatus].map(([id, value]) => [id, state(value)])),
			problems: base.problems.map(problem => ({...problem})),
		};
	}
}
