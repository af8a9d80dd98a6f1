/**
 * Small questions and verified-state writes on the AccessGraph, phrased the way the change pipeline
 * needs them (a Target plus a Principal), so planning and applying stay short.
 */
import type {AccessGraph} from '../graph/index.js';
import {isRepoLevel, type Level, type Principal, type ProjectLevel, type RepoLevel, type Target} from '../model.js';
import {BbError} from '../errors.js';

/** An explicit grant as a target plus the level as granted. */
export interface GrantRef {
	target: Target;
	level: Level;
}

function samePrincipal(a: Principal, b: Principal): boolean {
	return a.type === 'user' ? b.type === 'user' && a.uuid === b.uuid : b.type === 'group' && a.slug === b.slug;
}

export function toGrantRefs(grants: ReturnType<AccessGraph['explicitGrantsOf']>): GrantRef[] {
	return [
		...grants.projects.map(grant => ({target: {type: 'project' as const, workspace: grant.workspace, key: grant.project}, level: grant.level})),
		...grants.repositories.map(grant => ({target: {type: 'repository' as const, workspace: grant.workspace, fullName: grant.repository}, level: grant.level})),
	];
}

export function groupGrantTargets(graph: AccessGraph, workspace: string, slug: string): GrantRef[] {
	return toGrantRefs(graph.grantsOfGroup(workspace, slug));
}

/** The explicit level the graph knows for a principal on a target (undefined: none, or not loaded). */
export function explicitLevel(graph: AccessGraph, target: Target, principal: Principal): Level | undefined {
	const grants = target.type === 'project' ? graph.projectGrants(target.workspace, target.key) : graph.repositoryGrants(target.fullName);
	return grants.find(grant => samePrincipal(grant.principal, principal))?.level;
}

export function grantsLoaded(graph: AccessGraph, target: Target): boolean {
	const state = target.type === 'project' ? graph.projectGrantsState(target.workspace, target.key) : graph.repositoryGrantsState(target.fullName);
	return state.state === 'loaded';
}

export function targetExists(graph: AccessGraph, target: Target): boolean {
	return target.type === 'project' ? graph.project(target.workspace, target.key) !== undefined : graph.repository(target.fullName) !== undefined;
}

/** Write the state Bitbucket returned on re-read into the graph (the only way changes reach it). */
export function setVerifiedPermission(graph: AccessGraph, target: Target, principal: Principal, level: Level | undefined): void {
	if (!targetExists(graph, target)) return;
	if (target.type === 'project') {
		graph.setProjectGrant(target.workspace, target.key, principal, level as ProjectLevel | undefined);
		return;
	}
	if (level !== undefined && !isRepoLevel(level)) throw new BbError('malformed', `${level} is not a repository level`);
	graph.setRepositoryGrant(target.fullName, principal, level as RepoLevel | undefined);
}

export function setVerifiedMembership(graph: AccessGraph, workspace: string, slug: string, uuid: string, member: boolean): void {
	if (!graph.group(workspace, slug)) return;
	graph.setGroupMembership(workspace, slug, uuid, member);
}
