/**
 * Who can reach a project or repository, and why; and the explicit grants that give it.
 */
import type {AccessGraph} from '../graph/index.js';
import type {AccessSource, GrantsState, Level, Principal, Target} from '../model.js';
import {describeSources} from './via.js';

export interface AccessRow {
	uuid: string;
	displayName: string;
	nickname?: string;
	level: Level;
	/** Every source in words, highest first, e.g. "via group developers on project PLAT". */
	via: string;
	sources: AccessSource[];
}

export interface AccessRows {
	rows: AccessRow[];
	/** False when grants that could add access are not loaded or not visible. */
	complete: boolean;
	missing: string[];
}

export function accessRows(graph: AccessGraph, target: Target): AccessRows {
	const access = graph.effectiveAccess(target);
	return {
		rows: access.entries.map(entry => ({
			uuid: entry.user.uuid,
			displayName: entry.user.displayName,
			nickname: entry.user.nickname,
			level: entry.level,
			via: describeSources(entry.sources, target.type),
			sources: entry.sources,
		})),
		complete: access.complete,
		missing: [...access.missing],
	};
}

export interface GrantRow {
	/** "user" or "group". */
	principalType: Principal['type'];
	/** User uuid or group slug. */
	principal: string;
	/** Display name of the user, or the group's name. */
	name: string;
	level: Level;
	/** Where the grant is: "repository" or "project PLAT". */
	on: string;
	onType: 'repository' | 'project';
}

/**
 * The explicit grants behind a target: on a repository its own grants and those of its project
 * (inherited); on a project its project grants.
 */
export function grantRows(graph: AccessGraph, target: Target): GrantRow[] {
	const rows: GrantRow[] = [];
	const principalRow = (principal: Principal, workspace: string) =>
		principal.type === 'user'
			? {principalType: 'user' as const, principal: principal.uuid, name: graph.user(principal.uuid)?.displayName ?? principal.uuid}
			: {principalType: 'group' as const, principal: principal.slug, name: graph.group(workspace, principal.slug)?.name ?? principal.slug};
	let projectKey: string | undefined;
	if (target.type === 'repository') {
		for (const grant of graph.repositoryGrants(target.fullName)) {
			rows.push({...principalRow(grant.principal, target.workspace), level: grant.level, on: 'repository', onType: 'repository'});
		}
		projectKey = graph.repository(target.fullName)?.projectKey;
	} else {
		projectKey = target.key;
	}
	if (projectKey !== undefined) {
		for (const grant of graph.projectGrants(target.workspace, projectKey)) {
			rows.push({...principalRow(grant.principal, target.workspace), level: grant.level, on: `project ${projectKey}`, onType: 'project'});
		}
	}
	return rows;
}

/** Words for a grants state, for a status line; undefined when loaded. */
export function grantsStateText(what: string, state: GrantsState): string | undefined {
	if (state.state === 'not-loaded') return `${what} not loaded yet`;
	if (state.state === 'unavailable') return `${what} unavailable: ${state.reason}`;
	return undefined;
}
