/**
 * The signed-in account's own level on repositories of workspaces it does not administer
 * (GET /2.0/user/workspaces/{ws}/permissions/repositories, CHANGE-3022). Always shown marked as
 * such: it is one person's level, not the repository's access, and other people stay not visible.
 */
import type {AccessGraph} from '../graph/index.js';
import {levelLabel, type RepoLevel} from '../model.js';

/** The `source` of export rows that carry only the account's own level. */
export const OWN_PERMISSION_SOURCE = 'own-permission';

/** The long caveat (exports, where width does not matter). */
export function ownPermissionCaveat(workspace: string): string {
	return `own permission only: the signed-in account's level; you do not administer ${workspace}, so other people's access is not visible`;
}

/** The Repositories tab's notice (fits 80 columns with a short slug). */
export function ownRepositoriesNotice(workspace: string): string {
	return `Your access: own permission only; others' access in ${workspace} not visible`;
}

/** "your access: WRITE (own permission only; you do not administer acme-labs)"; "none of your own" when the listing leaves it out. */
export function ownAccessText(level: RepoLevel | 'none', workspace: string): string {
	return `your access: ${level === 'none' ? 'none of your own' : levelLabel(level)} (own permission only; you do not administer ${workspace})`;
}

/** Short table cell: "WRITE (own)" / "none (own)". */
export function ownAccessCell(level: RepoLevel | 'none'): string {
	return level === 'none' ? 'none (own)' : `${levelLabel(level)} (own)`;
}

/** One repository the account reaches by its own permission, for the person view of the account. */
export interface OwnAccessRow {
	workspace: string;
	fullName: string;
	level: RepoLevel;
}

/** Every own level the snapshot holds for the account, by workspace then repository. */
export function ownAccessRows(graph: AccessGraph): OwnAccessRow[] {
	const rows: OwnAccessRow[] = [];
	for (const workspace of graph.workspaces()) {
		const own = graph.ownRepositoryPermissions(workspace.slug);
		if (!own) continue;
		for (const [fullName, level] of Object.entries(own.levels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) rows.push({workspace: workspace.slug, fullName, level});
	}
	return rows;
}
