/**
 * A group's members and what the group is granted.
 */
import type {AccessGraph} from '../graph/index.js';
import type {Level, WorkspaceRole} from '../model.js';

export interface GroupMemberRow {
	uuid: string;
	displayName: string;
	nickname?: string;
	/** Role in the group's workspace; undefined when not listed as a member. */
	role?: WorkspaceRole;
}

export function groupMemberRows(graph: AccessGraph, workspace: string, slug: string): GroupMemberRow[] {
	const group = graph.group(workspace, slug);
	if (!group) return [];
	return group.members.map(uuid => {
		const user = graph.user(uuid);
		return {uuid, displayName: user?.displayName ?? uuid, nickname: user?.nickname, role: graph.roleOf(workspace, uuid)};
	});
}

export interface GroupGrantRow {
	type: 'project' | 'repository';
	workspace: string;
	/** Project key or repository full name. */
	id: string;
	name: string;
	level: Level;
}

export function groupGrantRows(graph: AccessGraph, workspace: string, slug: string): GroupGrantRow[] {
	const grants = graph.grantsOfGroup(workspace, slug);
	return [
		...grants.projects.map(grant => ({
			type: 'project' as const,
			workspace,
			id: grant.project,
			name: graph.project(workspace, grant.project)?.name ?? grant.project,
			level: grant.level,
		})),
		...grants.repositories.map(grant => ({
			type: 'repository' as const,
			workspace,
			id: grant.repository,
			name: graph.repository(grant.repository)?.name ?? grant.repository,
			level: grant.level,
		})),
	];
}
