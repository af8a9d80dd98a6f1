import {listRepositoryGroupPermissions, listRepositoryUserPermissions} from '../bitbucket/api.js';
import type {BitbucketClient} from '../bitbucket/client.js';
import {bothSettled, mapConcurrent} from '../bitbucket/concurrency.js';
import {toRepositoryGroupGrant, toRepositoryUserGrant, toUserNode} from '../bitbucket/mappers.js';
import {BbError, toBbError} from '../errors.js';
import type {AccessGraph} from '../graph/index.js';
import type {GrantsState, RepositoryGrant, RepositoryNode, UserNode} from '../model.js';
import {isFatal, isVisibilityProblem, reasonOf} from './problems.js';
import type {DeepSyncEstimate} from './types.js';

export interface RepositoryGrantsResult {
	grants: RepositoryGrant[];
	state: GrantsState;
	users: UserNode[];
	/** Set when the grants could not be read for a reason other than visibility (network, server, malformed). */
	error?: BbError;
	/** Set when they are not visible to this account (state 'unavailable'). */
	failure?: BbError;
}

/** Tier 2 for one repository: its explicit user and group grants (permissions-config), two listings. */
export async function fetchRepositoryGrants(client: BitbucketClient, repository: Pick<RepositoryNode, 'workspace' | 'slug' | 'fullName'>, signal?: AbortSignal): Promise<RepositoryGrantsResult> {
	const {workspace, slug, fullName} = repository;
	try {
		const [users, groups] = await bothSettled(
			listRepositoryUserPermissions(client, workspace, slug, {signal}),
			listRepositoryGroupPermissions(client, workspace, slug, {signal}),
		);
		const grants: RepositoryGrant[] = [];
		const people: UserNode[] = [];
		for (const item of users) {
			const grant = toRepositoryUserGrant(workspace, fullName, item);
			if (grant) grants.push(grant);
			const user = toUserNode(item.user);
			if (user) people.push(user);
		}
		for (const item of groups) {
			const grant = toRepositoryGroupGrant(workspace, fullName, item);
			if (grant) grants.push(grant);
		}
		return {grants, users: people, state: {state: 'loaded', at: new Date().toISOString()}};
	} catch (error) {
		if (isFatal(error)) throw error;
		const failure = toBbError(error);
		if (isVisibilityProblem(failure.kind)) return {grants: [], users: [], state: {state: 'unavailable', reason: reasonOf(failure), at: new Date().toISOString()}, failure};
		return {grants: [], users: [], state: {state: 'not-loaded'}, error: failure};
	}
}

export interface LoadRepositoryGrantsOptions {
	signal?: AbortSignal;
	/** Repositories fetched at once (each is two requests); default the client's concurrency. */
	concurrency?: number;
	onProgress?: (done: number, total: number) => void;
}

/**
 * Tier 2 on demand: load the explicit grants of these repositories into the graph (only through
 * graph.setRepositoryGrants). Repositories that are not visible get state 'unavailable' with the
 * reason. Other failures leave the repository 'not-loaded'; the first of them is thrown after all
 * others were loaded.
 */
export async function loadRepositoryGrants(client: BitbucketClient, graph: AccessGraph, fullNames: string[], options: LoadRepositoryGrantsOptions = {}): Promise<void> {
	const repositories = [...new Set(fullNames)].map(fullName => {
		const repository = graph.repository(fullName);
		if (!repository) throw new BbError('usage', `no repository '${fullName}' in the synced data`);
		return repository;
	});
	let done = 0;
	let firstError: BbError | undefined;
	await mapConcurrent(repositories, options.concurrency ?? client.concurrency, async repository => {
		const result = await fetchRepositoryGrants(client, repository, options.signal);
		if (result.error) firstError ??= result.error;
		else {
			// People named only by these grants (e.g. not listed by tier 1 in a partial workspace) get their names.
			graph.addUsers(result.users);
			graph.setRepositoryGrants(repository.fullName, result.grants, result.state);
		}
		options.onProgress?.(++done, repositories.length);
	});
	if (firstError) throw firstError;
}

/** Requests and time a deep sync (tier 2 for every repository not loaded yet) would take. */
export function estimateDeepSync(graph: Pick<AccessGraph, 'workspaces' | 'repositories' | 'repositoryGrantsState'>, concurrency = 8, latencyMs = 150): DeepSyncEstimate {
	let repositories = 0;
	for (const workspace of graph.workspaces()) {
		for (const repository of graph.repositories(workspace.slug)) {
			if (graph.repositoryGrantsState(repository.fullName).state !== 'loaded') repositories++;
		}
	}
	return estimateFor(repositories, concurrency, latencyMs);
}

/** Two listings per repository (users and groups; one page each in practice). */
export function estimateFor(repositories: number, concurrency: number, latencyMs: number): DeepSyncEstimate {
	const requests = repositories * 2;
	return {requests, seconds: Math.ceil((requests * latencyMs) / Math.max(1, concurrency) / 1000)};
}
