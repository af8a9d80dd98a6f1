import type {AccessSnapshot} from '../source/core/model.js';
import type {ExportedState} from '../source/emulator/index.js';

export const pages = (count: number, pagelen: number) => Math.max(1, Math.ceil(count / pagelen));

/**
 * Requests the data needs at pagelen 100 (tier 1 and tier 2), for the workspaces the admin can see.
 * `ownPermissionEntries`: per workspace the admin does not administer, how many repositories its own
 * permission listing (GET /2.0/user/workspaces/{ws}/permissions/repositories) holds.
 */
export function minimumRequests(state: ExportedState, visible: Set<string>, ownPermissionEntries: ReadonlyMap<string, number> = new Map()) {
	let tier1 = 1 + pages(state.workspaces.length, 100); // /2.0/user + /2.0/user/workspaces
	let tier2 = 0;
	for (const workspace of state.workspaces) {
		tier1 += 1 + pages(workspace.members.length, 100) + 1 + pages(workspace.projects.length, 100); // details, permissions, v1 groups, projects
		for (const project of workspace.projects) tier1 += pages(project.users.length, 100) + pages(project.groups.length, 100);
		const repositories = workspace.repositories.filter(repository => visible.has(repository.fullName));
		tier1 += pages(repositories.length, 100);
		const own = ownPermissionEntries.get(workspace.slug);
		if (own !== undefined) tier1 += pages(own, 100);
		for (const repository of repositories) tier2 += pages(repository.users.length, 100) + pages(repository.groups.length, 100);
	}
	return {tier1, full: tier1 + tier2};
}


/** From a synced snapshot: entries of the own-permission listing per workspace the admin does not administer. */
export function ownPermissionEntries(snapshot: Pick<AccessSnapshot, 'ownRepositoryPermissions'>): Map<string, number> {
	return new Map((snapshot.ownRepositoryPermissions ?? []).map(own => [own.workspace, Object.keys(own.levels).length]));
}
