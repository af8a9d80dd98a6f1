/**
 * Rows of the workspace list and of a workspace's four sections.
 */
import type {AccessGraph} from '../graph/index.js';
import {levelRank, projectId, type GrantsState, type Level, type RepoLevel, type WorkspaceRole} from '../model.js';

export interface WorkspaceRow {
	slug: string;
	name: string;
	/** The signed-in account's role; undefined when it is neither owner nor listed member. */
	role?: WorkspaceRole;
	administrator: boolean;
	members: number;
	groups: number;
	projects: number;
	repositories: number;
	/** Why the workspace is only partly visible; empty when complete. */
	partial: string[];
}

export function workspaceRows(graph: AccessGraph): WorkspaceRow[] {
	const me = graph.account.uuid;
	return graph.workspaces().map(workspace => ({
		slug: workspace.slug,
		name: workspace.name,
		role: graph.roleOf(workspace.slug, me),
		administrator: workspace.administrator,
		members: graph.members(workspace.slug).length,
		groups: graph.groups(workspace.slug).length,
		projects: graph.projects(workspace.slug).length,
		repositories: graph.repositories(workspace.slug).length,
		partial: [...workspace.partial],
	}));
}

export interface MemberRow {
	workspace: string;
	uuid: string;
	displayName: string;
	nickname?: string;
	role: WorkspaceRole;
	/** Group slugs, sorted. */
	groups: string[];
}

export function memberRows(graph: AccessGraph, workspace: string): MemberRow[] {
	return graph.members(workspace).map(({user, role}) => ({
		workspace,
		uuid: user.uuid,
		displayName: user.displayName,
		nickname: user.nickname,
		role,
		groups: graph
			.groupsOf(workspace, user.uuid)
			.map(group => group.slug)
			.sort(),
	}));
}

export interface GroupRow {
	workspace: string;
	slug: string;
	name: string;
	members: number;
	/** Explicit grants the group holds (projects + repositories known so far). */
	projectGrants: number;
	repositoryGrants: number;
	/** Highest level the group is granted anywhere; undefined when none. */
	highest?: Level;
}

export function groupRows(graph: AccessGraph, workspace: string): GroupRow[] {
	return graph.groups(workspace).map(group => {
		const grants = graph.grantsOfGroup(workspace, group.slug);
		let highest: Level | undefined;
		for (const grant of [...grants.projects, ...grants.repositories]) {
			if (!highest || levelRank(grant.level) > levelRank(highest)) highest = grant.level;
		}
		return {
			workspace,
			slug: group.slug,
			name: group.name,
			members: group.members.length,
			projectGrants: grants.projects.length,
			repositoryGrants: grants.repositories.length,
			highest,
		};
	});
}

export interface ProjectRow {
	workspace: string;
	key: string;
	name: string;
	repositories: number;
	grants: number;
	grantsState: GrantsState['state'];
	/** When the explicit grants were read (ISO), once loaded: the explorer's `e` export carries it. */
	grantsLoadedAt?: string;
}

export function projectRows(graph: AccessGraph, workspace: string): ProjectRow[] {
	return graph.projects(workspace).map(project => {
		const state = graph.projectGrantsState(workspace, project.key);
		return {
			workspace,
			key: project.key,
			name: project.name,
			repositories: graph.repositoriesOf(workspace, project.key).length,
			grants: state.state === 'loaded' ? graph.projectGrants(workspace, project.key).length : 0,
			grantsState: state.state,
			grantsLoadedAt: state.state === 'loaded' ? state.at : undefined,
		};
	});
}

export interface RepositoryRow {
	workspace: string;
	fullName: string;
	slug: string;
	name: string;
	project?: string;
	isPrivate?: boolean;
	/** Explicit grants on the repository itself; undefined until they are loaded. */
	grants?: number;
	grantsState: GrantsState['state'];
	/** When the explicit grants were read (ISO), once loaded: the explorer's `e` export carries it. */
	grantsLoadedAt?: string;
	/** Workspaces the account does not administer only: the account's OWN level ('none' = not listed); never the repository's access. */
	ownLevel?: RepoLevel | 'none';
}

/** A workspace's repositories, or one project's when `project` is given. */
export function repositoryRows(graph: AccessGraph, workspace: string, project?: string): RepositoryRow[] {
	const repositories = project === undefined ? graph.repositories(workspace) : graph.repositoriesOf(workspace, project);
	return repositories.map(repository => {
		const state = graph.repositoryGrantsState(repository.fullName);
		const ownLevel = graph.ownRepositoryLevel(repository.fullName);
		const row: RepositoryRow = {
			workspace,
			fullName: repository.fullName,
			slug: repository.slug,
			name: repository.name,
			project: repository.projectKey,
			isPrivate: repository.isPrivate,
			grants: state.state === 'loaded' ? graph.repositoryGrants(repository.fullName).length : undefined,
			grantsState: state.state,
			grantsLoadedAt: state.state === 'loaded' ? state.at : undefined,
		};
		if (ownLevel !== undefined) row.ownLevel = ownLevel;
		return row;
	});
}

/** "acme:PLAT" of a project row (for callers that key by id). */
export function projectRowId(row: ProjectRow): string {
	return projectId(row.workspace, row.key);
}
