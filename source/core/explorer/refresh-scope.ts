/**
 * Refreshing what the admin looks at (`r` in the explorer): a repository's two grant listings, a
 * project's two permission listings and its repositories listing, a workspace's v1 groups listing,
 * or tier 1 of some workspaces. Each scope is priced from counts the graph already has (price.ts),
 * and a partial scope changes only its own part of the graph: everything else is kept as it is.
 */
import {listGroups, listProjectGroupPermissions, listProjectUserPermissions, listRepositories} from '../bitbucket/api.js';
import type {BitbucketClient} from '../bitbucket/client.js';
import {bothSettled} from '../bitbucket/concurrency.js';
import {toGroupNode, toProjectGroupGrant, toProjectUserGrant, toRepositoryNode, toUserNode} from '../bitbucket/mappers.js';
import {groupsRefreshPrice, projectRefreshPrice, repositoryGrantsPrice, tier1PriceFor, type WorkspaceCounts} from '../budget/price.js';
import {BbError, toBbError} from '../errors.js';
import type {AccessGraph} from '../graph/index.js';
import {projectId, type AccessSnapshot, type GroupNode, type ProjectGrant, type RepositoryNode, type UserNode} from '../model.js';
import {fetchRepositoryGrants} from '../sync/index.js';
import {isVisibilityProblem, reasonOf} from '../sync/problems.js';

/**
 * What a refresh reads. At most one field is set; none means tier 1 of every workspace.
 * `{workspace}` alone is tier 1 of that workspace (the form older callers use).
 */
export interface RefreshScope {
	/** Tier 1 of one workspace. */
	workspace?: string;
	/** Tier 1 of these workspaces (a person's view: the workspaces the person is in). */
	workspaces?: string[];
	/** A project's two permission listings and its repositories listing. */
	project?: {workspace: string; key: string};
	/** The workspace's v1 groups listing (a group view). */
	groups?: string;
	/** A repository's two grant listings (read again even when loaded). */
	repository?: string;
}

export type ScopeKind = 'all' | 'workspaces' | 'project' | 'groups' | 'repository';

export function scopeKind(scope: RefreshScope | undefined): ScopeKind {
	if (scope?.repository) return 'repository';
	if (scope?.project) return 'project';
	if (scope?.groups) return 'groups';
	if (scope?.workspace || scope?.workspaces) return 'workspaces';
	return 'all';
}

/** The workspaces a tier-1 scope syncs; undefined = every workspace (or the session's filter). */
export function tier1Workspaces(scope: RefreshScope | undefined): string[] | undefined {
	if (scope?.workspaces) return scope.workspaces;
	return scope?.workspace ? [scope.workspace] : undefined;
}

/** "acme/api's grants", "project acme:CORE", "acme's groups", "acme", "all workspaces". */
export function scopeLabel(scope: RefreshScope | undefined): string {
	switch (scopeKind(scope)) {
		case 'repository':
			return `${scope!.repository}'s grants`;
		case 'project':
			return `project ${projectId(scope!.project!.workspace, scope!.project!.key)}`;
		case 'groups':
			return `${scope!.groups}'s groups`;
		case 'workspaces': {
			const list = tier1Workspaces(scope)!;
			return list.length === 1 ? list[0]! : `${list.length} workspaces`;
		}
		case 'all':
			return 'all workspaces';
	}
}

function countsOf(graph: AccessGraph, slug: string): WorkspaceCounts {
	return {
		members: graph.members(slug).length,
		projects: graph.projects(slug).length,
		repositories: graph.repositories(slug).length,
		administrator: graph.workspace(slug)?.administrator ?? false,
	};
}

/**
 * The requests a scope sends, from what the graph knows. `filter` is the session's workspace
 * filter (a refresh of everything then covers only those).
 */
export function scopePrice(graph: AccessGraph | undefined, scope: RefreshScope | undefined, filter: readonly string[] = []): number | undefined {
	if (!graph) return undefined;
	switch (scopeKind(scope)) {
		case 'repository':
			return repositoryGrantsPrice(1);
		case 'project':
			return projectRefreshPrice(graph.repositoriesOf(scope!.project!.workspace, scope!.project!.key).length);
		case 'groups':
			return groupsRefreshPrice();
		case 'workspaces':
		case 'all': {
			const all = graph.workspaces().map(workspace => workspace.slug);
			const wanted = tier1Workspaces(scope) ?? (filter.length > 0 ? [...filter] : all);
			const known = new Set(all);
			return tier1PriceFor(all.length, wanted.filter(slug => known.has(slug)).map(slug => countsOf(graph, slug)));
		}
	}
}

/**
 * Run a partial scope (repository, project, groups) against the graph. A repository's grants are
 * replaced in place; a project or groups refresh returns the snapshot to adopt (the current one
 * with that part replaced). Throws BbError on failure; the graph is then unchanged.
 */
export async function refreshPart(client: BitbucketClient, graph: AccessGraph, scope: RefreshScope, signal?: AbortSignal): Promise<AccessSnapshot | undefined> {
	if (scope.repository) {
		const repository = graph.repository(scope.repository);
		if (!repository) throw new BbError('usage', `no repository '${scope.repository}' in the synced data`);
		const result = await fetchRepositoryGrants(client, repository, signal);
		if (result.error) throw result.error;
		if (signal?.aborted) throw new BbError('cancelled', 'refresh cancelled');
		graph.addUsers(result.users);
		graph.setRepositoryGrants(repository.fullName, result.grants, result.state);
		return undefined;
	}
	if (scope.project) return refreshProject(client, graph, scope.project.workspace, scope.project.key, signal);
	if (scope.groups) return refreshGroups(client, graph, scope.groups, signal);
	throw new BbError('usage', 'refreshPart: not a partial scope');
}

async function refreshProject(client: BitbucketClient, graph: AccessGraph, workspace: string, key: string, signal?: AbortSignal): Promise<AccessSnapshot> {
	if (!graph.project(workspace, key)) throw new BbError('usage', `no project '${projectId(workspace, key)}' in the synced data`);
	const keyByUuid = new Map(graph.projects(workspace).filter(project => project.uuid).map(project => [project.uuid, project.key]));
	const [permissions, listing] = await Promise.all([
		bothSettled(listProjectUserPermissions(client, workspace, key, {signal}), listProjectGroupPermissions(client, workspace, key, {signal})).then(
			pair => ({pair}),
			(error: unknown) => {
				const failure = toBbError(error);
				if (!isVisibilityProblem(failure.kind)) throw failure;
				return {failure};
			},
		),
		listRepositories(client, workspace, {projectKey: key, signal}),
	]);
	if (signal?.aborted) throw new BbError('cancelled', 'refresh cancelled');
	const users: UserNode[] = [];
	const grants: ProjectGrant[] = [];
	if ('pair' in permissions) {
		const [userGrants, groupGrants] = permissions.pair;
		for (const item of userGrants) {
			const grant = toProjectUserGrant(workspace, key, item);
			if (grant) grants.push(grant);
			const user = toUserNode(item.user);
			if (user) users.push(user);
		}
		for (const item of groupGrants) {
			const grant = toProjectGroupGrant(workspace, key, item);
			if (grant) grants.push(grant);
		}
	}
	const fresh = listing.map(item => toRepositoryNode(workspace, item, keyByUuid)).filter((item): item is RepositoryNode => item !== undefined);
	const previous = graph.toSnapshot();
	const id = projectId(workspace, key);
	const state = 'pair' in permissions ? {state: 'loaded' as const, at: new Date().toISOString()} : {state: 'unavailable' as const, reason: reasonOf(permissions.failure)};
	const freshNames = new Set(fresh.map(repository => repository.fullName));
	// Repositories the project no longer lists (deleted, or moved: a workspace refresh shows them again).
	const gone = new Set(graph.repositoriesOf(workspace, key).map(repository => repository.fullName).filter(name => !freshNames.has(name)));
	const repositoryGrantStatus = Object.fromEntries(Object.entries(previous.repositoryGrantStatus).filter(([name]) => !gone.has(name)));
	for (const name of freshNames) repositoryGrantStatus[name] ??= {state: 'not-loaded'};
	return {
		...previous,
		users: mergeUsers(previous.users, users),
		repositories: [...previous.repositories.filter(repository => !gone.has(repository.fullName) && !freshNames.has(repository.fullName)), ...fresh],
		repositoryGrants: previous.repositoryGrants.filter(grant => !gone.has(grant.repository)),
		repositoryGrantStatus,
		projectGrants: 'pair' in permissions ? [...previous.projectGrants.filter(grant => grant.workspace !== workspace || grant.project !== key), ...grants] : previous.projectGrants,
		projectGrantStatus: {...previous.projectGrantStatus, [id]: state},
	};
}

async function refreshGroups(client: BitbucketClient, graph: AccessGraph, workspace: string, signal?: AbortSignal): Promise<AccessSnapshot> {
	if (!graph.workspace(workspace)) throw new BbError('usage', `no workspace '${workspace}' in the synced data`);
	const listing = await listGroups(client, workspace, {signal});
	if (signal?.aborted) throw new BbError('cancelled', 'refresh cancelled');
	const groups: GroupNode[] = [];
	const users: UserNode[] = [];
	for (const item of listing) {
		const group = toGroupNode(workspace, item);
		if (!group) continue;
		groups.push(group);
		for (const member of item.members ?? []) {
			const user = toUserNode(member);
			if (user) users.push(user);
		}
	}
	const previous = graph.toSnapshot();
	const what = `GET /1.0/groups/${workspace}`;
	return {
		...previous,
		users: mergeUsers(previous.users, users),
		groups: [...previous.groups.filter(group => group.workspace !== workspace), ...groups],
		// The listing answered: an earlier "groups not visible" no longer holds.
		workspaces: previous.workspaces.map(node =>
			node.slug === workspace ? {...node, partial: node.partial.filter(text => !text.startsWith('groups not visible') && !text.startsWith('groups could not be read'))} : node,
		),
		problems: previous.problems.filter(problem => problem.what !== what),
	};
}

/** Known users stay as they are; new ones are added. */
function mergeUsers(known: UserNode[], more: UserNode[]): UserNode[] {
	const seen = new Set(known.map(user => user.uuid));
	const added = more.filter(user => !seen.has(user.uuid) && seen.add(user.uuid));
	return added.length === 0 ? known : [...known, ...added];
}
