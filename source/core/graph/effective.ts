/**
 * Effective access with provenance, computed from the indexes of a GraphStore (research spec 2.7):
 * workspace owners are admin on every project and repository; explicit project grants (to a user
 * or a group) are inherited by every repository of the project, create-repo counting as write;
 * explicit repository grants; a group grant reaches every member of the group; the highest level wins.
 */
import {
	groupId,
	levelRank,
	projectId,
	projectLevelOnRepository,
	type AccessSource,
	type EffectiveAccess,
	type EffectiveEntry,
	type Level,
	type Principal,
	type ProjectGrant,
	type RepositoryGrant,
	type Target,
} from '../model.js';
import type {GraphStore} from './graph-store.js';
import {compareSources, compareText, highestLevel, missingReason, nameKey, ownerSource, unknownUser} from './sources.js';

/** The explicit grants that matter for one target, and what is not known about it. */
interface TargetGrants {
	workspace: string;
	/** Grants on the repository itself (empty for a project). */
	repositoryGrants: Iterable<RepositoryGrant>;
	/** Grants on the project (a repository inherits them). */
	projectGrants: Iterable<ProjectGrant>;
	onRepository: boolean;
	missing: string[];
}

const NONE: never[] = [];

function targetGrants(store: GraphStore, target: Target): TargetGrants | undefined {
	if (target.type === 'project') {
		const id = projectId(target.workspace, target.key);
		if (!store.projects.has(id)) return undefined;
		const missing = workspaceMissing(store, target.workspace);
		const reason = missingReason(`project grants of ${id}`, store.projectState(id));
		if (reason) missing.push(reason);
		return {
			workspace: target.workspace,
			repositoryGrants: NONE,
			projectGrants: store.projectGrants.get(id)?.values() ?? NONE,
			onRepository: false,
			missing,
		};
	}
	const repository = store.repositories.get(target.fullName);
	if (!repository) return undefined;
	const missing = workspaceMissing(store, repository.workspace);
	const reason = missingReason(`repository grants of ${repository.fullName}`, store.repositoryState(repository.fullName));
	if (reason) missing.push(reason);
	let projectGrants: Iterable<ProjectGrant> = NONE;
	if (repository.projectKey !== undefined) {
		const id = projectId(repository.workspace, repository.projectKey);
		const projectReason = missingReason(`project grants of ${id}`, store.projectState(id));
		if (projectReason) missing.push(projectReason);
		projectGrants = store.projectGrants.get(id)?.values() ?? NONE;
	}
	return {
		workspace: repository.workspace,
		repositoryGrants: store.repositoryGrants.get(repository.fullName)?.values() ?? NONE,
		projectGrants,
		onRepository: true,
		missing,
	};
}

function workspaceMissing(store: GraphStore, workspace: string): string[] {
	const node = store.workspaces.get(workspace);
	return node ? node.partial.map(item => `workspace ${workspace}: ${item}`) : [];
}

function unknownTarget(target: Target): string {
	return target.type === 'project'
		? `project ${projectId(target.workspace, target.key)} is not in the synced data`
		: `repository ${target.fullName} is not in the synced data`;
}

/** Keys in the order {kind, principal, group?, project?, level, grantedLevel?} so JSON reads the same everywhere. */
function makeSource(kind: AccessSource['kind'], principal: Principal, project: string | undefined, level: Level, grantedLevel?: Level): AccessSource {
	const source = {kind, principal: principal.type} as AccessSource;
	if (principal.type === 'group') source.group = principal.slug;
	if (project !== undefined) source.project = project;
	source.level = level;
	if (grantedLevel !== undefined && grantedLevel !== level) source.grantedLevel = grantedLevel;
	return source;
}

export function projectSource(grant: ProjectGrant, onRepository: boolean): AccessSource {
	const level = onRepository ? projectLevelOnRepository(grant.level) : grant.level;
	return makeSource('project', grant.principal, grant.project, level, grant.level);
}

export function repositorySource(grant: RepositoryGrant): AccessSource {
	return makeSource('repository', grant.principal, undefined, grant.level);
}

/**
 * Visit every (user, source) pair the target's grants produce. Group grants expand to the group's
 * members; a group the snapshot does not have is reported through `missing`.
 */
function visitSources(
	store: GraphStore,
	grants: TargetGrants,
	visit: (uuid: string, source: AccessSource) => void,
	missing: string[],
): void {
	for (const owner of store.owners.get(grants.workspace) ?? NONE) visit(owner, ownerSource());
	const expand = (slug: string, source: AccessSource, what: string) => {
		const members = store.groupMembers.get(groupId(grants.workspace, slug));
		if (!members) {
			missing.push(`group ${groupId(grants.workspace, slug)} is not in the synced data (named by a ${what} grant)`);
			return;
		}
		for (const uuid of members) visit(uuid, source);
	};
	for (const grant of grants.repositoryGrants) {
		const source = repositorySource(grant);
		if (grant.principal.type === 'user') visit(grant.principal.uuid, source);
		else expand(grant.principal.slug, source, `repository ${grant.repository}`);
	}
	for (const grant of grants.projectGrants) {
		const source = projectSource(grant, grants.onRepository);
		if (grant.principal.type === 'user') visit(grant.principal.uuid, source);
		else expand(grant.principal.slug, source, `project ${grant.workspace}:${grant.project}`);
	}
}

export function effectiveAccess(store: GraphStore, target: Target): EffectiveAccess {
	const grants = targetGrants(store, target);
	if (!grants) return {entries: [], complete: false, missing: [unknownTarget(target)]};
	const missing = grants.missing;
	const byUser = new Map<string, AccessSource[]>();
	visitSources(
		store,
		grants,
		(uuid, source) => {
			const list = byUser.get(uuid);
			if (list) list.push(source);
			else byUser.set(uuid, [source]);
		},
		missing,
	);
	// Sort decorated with the rank and folded name, computed once per entry (the order of compareEntries).
	const decorated: {entry: EffectiveEntry; rank: number; name: string}[] = [];
	for (const [uuid, sources] of byUser) {
		if (sources.length > 1) sources.sort(compareSources);
		const user = store.users.get(uuid) ?? unknownUser(uuid);
		const level = highestLevel(sources);
		decorated.push({entry: {user, level, sources}, rank: levelRank(level), name: nameKey(user)});
	}
	decorated.sort((a, b) => b.rank - a.rank || compareText(a.name, b.name) || compareText(a.entry.user.uuid, b.entry.user.uuid));
	return {entries: decorated.map(item => item.entry), complete: missing.length === 0, missing};
}

export function effectiveLevel(
	store: GraphStore,
	uuid: string,
	target: Target,
): {level: Level | undefined; sources: AccessSource[]; complete: boolean; missing: string[]} {
	const grants = targetGrants(store, target);
	if (!grants) return {level: undefined, sources: [], complete: false, missing: [unknownTarget(target)]};
	const missing = grants.missing;
	const sources: AccessSource[] = [];
	const userGroups = store.groupsOfUser.get(uuid);
	// Only this user's sources: owner role, their own grants, grants to groups they are in.
	if (store.owners.get(grants.workspace)?.has(uuid)) sources.push(ownerSource());
	const applies = (grant: ProjectGrant | RepositoryGrant): boolean =>
		grant.principal.type === 'user'
			? grant.principal.uuid === uuid
			: userGroups?.has(groupId(grants.workspace, grant.principal.slug)) === true;
	for (const grant of grants.repositoryGrants) {
		if (grant.principal.type === 'group' && !store.groups.has(groupId(grants.workspace, grant.principal.slug))) {
			missing.push(`group ${groupId(grants.workspace, grant.principal.slug)} is not in the synced data (named by a repository ${grant.repository} grant)`);
		} else if (applies(grant)) sources.push(repositorySource(grant));
	}
	for (const grant of grants.projectGrants) {
		if (grant.principal.type === 'group' && !store.groups.has(groupId(grants.workspace, grant.principal.slug))) {
			missing.push(`group ${groupId(grants.workspace, grant.principal.slug)} is not in the synced data (named by a project ${grant.workspace}:${grant.project} grant)`);
		} else if (applies(grant)) sources.push(projectSource(grant, grants.onRepository));
	}
	sources.sort(compareSources);
	return {level: sources.length > 0 ? highestLevel(sources) : undefined, sources, complete: missing.length === 0, missing};
}
