/**
 * What one user can reach: every project and repository, with level and sources. Walks only the
 * user's own grants, the grants of their groups and the repositories of the projects involved;
 * for a workspace owner, everything in that workspace.
 */
import {groupId, projectId, type AccessSource, type ReachEntry, type Target} from '../model.js';
import {projectSource, repositorySource} from './effective.js';
import type {GraphStore, GrantRefs} from './graph-store.js';
import {compareSources, compareText, highestLevel, ownerSource, plural} from './sources.js';

interface Reached {
	workspace: string;
	target: Target;
	sources: AccessSource[];
}

export interface Reach {
	entries: ReachEntry[];
	complete: boolean;
	missing: string[];
}

export function reachableBy(store: GraphStore, uuid: string): Reach {
	const reached = new Map<string, Reached>();
	const workspaces = new Set<string>();
	const add = (id: string, workspace: string, target: Target, source: AccessSource) => {
		const item = reached.get(id);
		if (item) item.sources.push(source);
		else reached.set(id, {workspace, target, sources: [source]});
	};
	const addProject = (workspace: string, key: string, source: AccessSource) =>
		add(`p:${projectId(workspace, key)}`, workspace, {type: 'project', workspace, key}, source);
	const addRepository = (workspace: string, fullName: string, source: AccessSource) =>
		add(`r:${fullName}`, workspace, {type: 'repository', workspace, fullName}, source);

	for (const workspace of store.workspacesOfUser.get(uuid) ?? []) {
		workspaces.add(workspace);
		if (store.roles.get(workspace)?.get(uuid) !== 'owner') continue;
		for (const project of store.projectsByWorkspace.get(workspace)?.values() ?? []) addProject(workspace, project.key, ownerSource());
		for (const repository of store.repositoriesByWorkspace.get(workspace)?.values() ?? []) {
			addRepository(workspace, repository.fullName, ownerSource());
		}
	}

	const follow = (refs: GrantRefs | undefined, principalKey: string) => {
		if (!refs) return;
		for (const id of refs.projects) {
			const project = store.projects.get(id);
			const grant = store.projectGrants.get(id)?.get(principalKey);
			if (!project || !grant) continue;
			workspaces.add(project.workspace);
			addProject(project.workspace, project.key, projectSource(grant, false));
			const onRepositories = projectSource(grant, true);
			for (const fullName of store.repositoriesByProject.get(id) ?? []) addRepository(project.workspace, fullName, onRepositories);
		}
		for (const fullName of refs.repositories) {
			const repository = store.repositories.get(fullName);
			const grant = store.repositoryGrants.get(fullName)?.get(principalKey);
			if (!repository || !grant) continue;
			workspaces.add(repository.workspace);
			addRepository(repository.workspace, fullName, repositorySource(grant));
		}
	};
	follow(store.grantsOfUser.get(uuid), `u:${uuid}`);
	for (const id of store.groupsOfUser.get(uuid) ?? []) {
		const group = store.groups.get(id);
		if (!group) continue;
		workspaces.add(group.workspace);
		follow(store.grantsOfGroup.get(groupId(group.workspace, group.slug)), `g:${group.slug}`);
	}

	const entries: ReachEntry[] = [];
	for (const item of reached.values()) {
		item.sources.sort(compareSources);
		entries.push({workspace: item.workspace, target: item.target, level: highestLevel(item.sources), sources: item.sources});
	}
	entries.sort(compareReach);
	const missing = [...workspaces].sort(compareText).flatMap(workspace => workspaceGaps(store, workspace));
	return {entries, complete: missing.length === 0, missing};
}

function reachKey(target: Target): string {
	return target.type === 'project' ? target.key : target.fullName;
}

/** Workspace, then projects before repositories, then key / full name. */
function compareReach(a: ReachEntry, b: ReachEntry): number {
	return (
		compareText(a.workspace, b.workspace) ||
		(a.target.type === b.target.type ? 0 : a.target.type === 'project' ? -1 : 1) ||
		compareText(reachKey(a.target), reachKey(b.target))
	);
}

/** Everything in a workspace that could add access we do not know about, summarised with counts. */
export function workspaceGaps(store: GraphStore, workspace: string): string[] {
	const gaps = (store.workspaces.get(workspace)?.partial ?? []).map(item => `workspace ${workspace}: ${item}`);
	const counts = store.counts.get(workspace);
	if (!counts) return gaps;
	if (counts.projectNotLoaded > 0) gaps.push(`project grants of ${plural(counts.projectNotLoaded, 'project', 'projects')} in ${workspace} not loaded`);
	if (counts.projectUnavailable > 0) gaps.push(`project grants of ${plural(counts.projectUnavailable, 'project', 'projects')} in ${workspace} unavailable`);
	if (counts.repositoryNotLoaded > 0) {
		gaps.push(`repository grants of ${plural(counts.repositoryNotLoaded, 'repository', 'repositories')} in ${workspace} not loaded`);
	}
	if (counts.repositoryUnavailable > 0) {
		gaps.push(`repository grants of ${plural(counts.repositoryUnavailable, 'repository', 'repositories')} in ${workspace} unavailable`);
	}
	if (counts.unknownGroupGrants > 0) {
		gaps.push(`${plural(counts.unknownGroupGrants, 'grant', 'grants')} in ${workspace} name groups that are not in the synced data`);
	}
	return gaps;
}
