/**
 * Reverse lookup: everything one person can reach, and where they belong.
 */
import type {AccessGraph} from '../graph/index.js';
import type {AccessSource, Level, WorkspaceRole} from '../model.js';
import {describeSources} from './via.js';

export interface PersonReachRow {
	workspace: string;
	type: 'project' | 'repository';
	/** Project key or repository full name. */
	id: string;
	name: string;
	level: Level;
	via: string;
	sources: AccessSource[];
}

export interface PersonReach {
	rows: PersonReachRow[];
	complete: boolean;
	missing: string[];
}

export function personReachRows(graph: AccessGraph, uuid: string): PersonReach {
	const reach = graph.reachableBy(uuid);
	return {
		rows: reach.entries.map(entry => {
			const target = entry.target;
			const id = target.type === 'project' ? target.key : target.fullName;
			const name = target.type === 'project' ? graph.project(target.workspace, target.key)?.name : graph.repository(target.fullName)?.name;
			return {
				workspace: entry.workspace,
				type: target.type,
				id,
				name: name ?? id,
				level: entry.level,
				via: describeSources(entry.sources, target.type),
				sources: entry.sources,
			};
		}),
		complete: reach.complete,
		missing: [...reach.missing],
	};
}

export interface PersonMembershipRow {
	workspace: string;
	role?: WorkspaceRole;
	/** Group slugs in that workspace, sorted. */
	groups: string[];
}

/** One row per workspace the person belongs to (role and groups). */
export function personMembershipRows(graph: AccessGraph, uuid: string): PersonMembershipRow[] {
	const rows: PersonMembershipRow[] = [];
	for (const workspace of graph.workspaces()) {
		const role = graph.roleOf(workspace.slug, uuid);
		const groups = graph
			.groupsOf(workspace.slug, uuid)
			.map(group => group.slug)
			.sort();
		if (role === undefined && groups.length === 0) continue;
		rows.push({workspace: workspace.slug, role, groups});
	}
	return rows;
}

export interface PersonGrantRow {
	workspace: string;
	type: 'project' | 'repository';
	/** Project key or repository full name. */
	id: string;
	name: string;
	level: Level;
}

/** Explicit grants naming the person directly (not through groups): what offboarding must revoke. */
export function personGrantRows(graph: AccessGraph, uuid: string): PersonGrantRow[] {
	const grants = graph.explicitGrantsOf(uuid);
	return [
		...grants.projects.map(grant => ({
			workspace: grant.workspace,
			type: 'project' as const,
			id: grant.project,
			name: graph.project(grant.workspace, grant.project)?.name ?? grant.project,
			level: grant.level,
		})),
		...grants.repositories.map(grant => ({
			workspace: grant.workspace,
			type: 'repository' as const,
			id: grant.repository,
			name: graph.repository(grant.repository)?.name ?? grant.repository,
			level: grant.level,
		})),
	];
}
