/**
 * Which repositories' grants a view is missing: one answer for the banner of the view and for `L`,
 * so the two always agree ("grants of 6 repositories not loaded (L loads them)" ↔ "L: 6 repositories").
 */
import type {AccessGraph} from '../../../core/graph/index.js';
import type {ViewRef} from '../view-ref.js';

/** Workspaces that can hold a person's access: a role, a group, or an explicit grant there. */
export function personWorkspaces(graph: AccessGraph, uuid: string): string[] {
	const grants = graph.explicitGrantsOf(uuid);
	const withGrants = new Set([...grants.projects.map(grant => grant.workspace), ...grants.repositories.map(grant => grant.workspace)]);
	return graph
		.workspaces()
		.map(ws => ws.slug)
		.filter(ws => graph.roleOf(ws, uuid) !== undefined || graph.groupsOf(ws, uuid).length > 0 || withGrants.has(ws));
}

/** Every repository whose grants can change what the view shows. */
export function scopeRepositories(graph: AccessGraph, view: ViewRef): string[] {
	switch (view.view) {
		case 'workspace':
		case 'group':
			return graph.repositories(view.workspace).map(r => r.fullName);
		case 'project':
			return graph.repositoriesOf(view.workspace, view.key).map(r => r.fullName);
		case 'person':
			return personWorkspaces(graph, view.uuid).flatMap(ws => graph.repositories(ws).map(r => r.fullName));
		default:
			return [];
	}
}

/** The ones among `repositories` whose grants are not loaded yet (at most `limit`). */
export function notLoaded(graph: AccessGraph, repositories: readonly string[], limit = Number.POSITIVE_INFINITY): string[] {
	const missing: string[] = [];
	for (const name of repositories) {
		if (graph.repositoryGrantsState(name).state !== 'not-loaded') continue;
		missing.push(name);
		if (missing.length >= limit) break;
	}
	return missing;
}
