/**
 * What would actually remove a piece of access: a row's access often comes from somewhere else
 * (a project grant, a group), so revoking "on this repository" would do nothing. These pure
 * functions turn the graph's sources into the explicit entries that could be changed, each with
 * its reach (how many repositories and people the change touches), and say when the snapshot
 * already knows there is no explicit entry to remove (so nothing needs to be sent).
 * Shared by the explorer's `x` and describe pane and by batch plans.
 */
import type {AccessGraph} from '../graph/index.js';
import type {AccessSource, Level, Principal, Target} from '../model.js';
import {explicitLevel, grantsLoaded} from './graph-helpers.js';

export interface Reach {
	repositories: number;
	people: number;
}

export type RemovalOption =
	| {
			kind: 'revoke';
			/** Where the explicit entry is (may differ from the row's target: the project it inherits from). */
			target: Target;
			principal: Principal;
			level: Level;
			reach: Reach;
			/** "revoke group security on project PLAT (affects 12 repositories, 8 people)". */
			label: string;
	  }
	| {kind: 'leave-group'; workspace: string; slug: string; user: string; reach: Reach; label: string};

export interface RealSources {
	/** Changes that would remove (part of) the access, most direct first. */
	options: RemovalOption[];
	/** Access that no explicit change here can remove, in words ("workspace owner: change the role in Bitbucket"). */
	fixed: string[];
}

function count(n: number, one: string, many = `${one}s`): string {
	return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function reachText(reach: Reach): string {
	const parts = [count(reach.repositories, 'repository', 'repositories')];
	if (reach.people > 0) parts.push(count(reach.people, 'person', 'people'));
	return `affects ${parts.join(', ')}`;
}

function targetWords(target: Target): string {
	return target.type === 'project' ? `project ${target.key}` : target.fullName;
}

function principalWords(graph: AccessGraph, principal: Principal): string {
	if (principal.type === 'group') return `group ${principal.slug}`;
	const user = graph.user(principal.uuid);
	return user?.nickname ?? user?.displayName ?? principal.uuid;
}

/** Repositories a grant on `target` reaches: the repository, or every repository of the project. */
export function repositoriesReached(graph: AccessGraph, target: Target): string[] {
	return target.type === 'repository' ? [target.fullName] : graph.repositoriesOf(target.workspace, target.key).map(repo => repo.fullName);
}

/** How far revoking `principal` on `target` reaches. */
export function revokeReach(graph: AccessGraph, target: Target, principal: Principal): Reach {
	const repositories = repositoriesReached(graph, target).length;
	const people = principal.type === 'user' ? 1 : (graph.group(target.workspace, principal.slug)?.members.length ?? 0);
	return {repositories, people};
}

/** Repositories a group's explicit grants reach (its repository grants plus every repository of its projects). */
export function groupReach(graph: AccessGraph, workspace: string, slug: string): Reach {
	const grants = graph.grantsOfGroup(workspace, slug);
	const repositories = new Set<string>();
	for (const grant of grants.repositories) repositories.add(grant.repository);
	for (const grant of grants.projects) for (const repo of graph.repositoriesOf(workspace, grant.project)) repositories.add(repo.fullName);
	return {repositories: repositories.size, people: 0};
}

export function revokeOption(graph: AccessGraph, target: Target, principal: Principal, level: Level): RemovalOption {
	const reach = revokeReach(graph, target, principal);
	return {kind: 'revoke', target, principal, level, reach, label: `revoke ${principalWords(graph, principal)} on ${targetWords(target)} (${reachText(reach)})`};
}

export function leaveGroupOption(graph: AccessGraph, workspace: string, slug: string, user: string): RemovalOption {
	const reach = groupReach(graph, workspace, slug);
	return {kind: 'leave-group', workspace, slug, user, reach, label: `remove ${principalWords(graph, {type: 'user', uuid: user})} from group ${slug} (${reachText(reach)})`};
}

/** The explicit entry behind one source of a user's access to `target`. */
function sourceTarget(target: Target, source: AccessSource): Target | undefined {
	if (source.kind === 'repository') return target.type === 'repository' ? target : undefined;
	if (source.kind === 'project') {
		const key = source.project ?? (target.type === 'project' ? target.key : undefined);
		return key === undefined ? undefined : {type: 'project', workspace: target.workspace, key};
	}
	return undefined;
}

function optionKey(option: RemovalOption): string {
	if (option.kind === 'leave-group') return `m:${option.workspace}:${option.slug}:${option.user}`;
	const where = option.target.type === 'project' ? `p:${option.target.key}` : `r:${option.target.fullName}`;
	return `r:${where}:${option.principal.type === 'user' ? option.principal.uuid : option.principal.slug}`;
}

/**
 * What would remove a user's access to `target`: every explicit entry behind their sources
 * (user grants on the repository or its project, the group's grant) and, for group sources, taking
 * the user out of the group. Owner access cannot be changed here and is listed in `fixed`.
 */
export function userAccessRemovals(graph: AccessGraph, target: Target, uuid: string): RealSources {
	const {sources} = graph.effectiveLevel(uuid, target);
	const options: RemovalOption[] = [];
	const fixed: string[] = [];
	const seen = new Set<string>();
	const add = (option: RemovalOption) => {
		const key = optionKey(option);
		if (seen.has(key)) return;
		seen.add(key);
		options.push(option);
	};
	for (const source of sources) {
		if (source.kind === 'owner') {
			fixed.push('workspace owner: owners are admin everywhere (change the workspace role in Bitbucket)');
			continue;
		}
		const where = sourceTarget(target, source);
		if (!where) continue;
		const level = source.grantedLevel ?? source.level;
		if (source.principal === 'user') add(revokeOption(graph, where, {type: 'user', uuid}, level));
		else if (source.group) {
			add(revokeOption(graph, where, {type: 'group', slug: source.group}, level));
			add(leaveGroupOption(graph, target.workspace, source.group, uuid));
		}
	}
	return {options, fixed};
}

/**
 * The explicit entry of `principal` that a grant row on `target` shows, where it really is:
 * on the target itself or on the project it inherits from.
 */
export function grantLocation(graph: AccessGraph, target: Target, principal: Principal): {target: Target; level: Level} | undefined {
	const own = explicitLevel(graph, target, principal);
	if (own) return {target, level: own};
	if (target.type === 'repository') {
		const key = graph.repository(target.fullName)?.projectKey;
		if (key !== undefined) {
			const project: Target = {type: 'project', workspace: target.workspace, key};
			const inherited = explicitLevel(graph, project, principal);
			if (inherited) return {target: project, level: inherited};
		}
	}
	return undefined;
}

/**
 * True when the snapshot has the target's grants loaded and there is no explicit entry for
 * `principal`: revoking would be a no-op, so nothing needs to be read or sent.
 */
export function knownNoExplicitEntry(graph: AccessGraph, target: Target, principal: Principal): boolean {
	return grantsLoaded(graph, target) && explicitLevel(graph, target, principal) === undefined;
}
