/**
 * What a piece of work costs in requests, priced from what the snapshot knows before anything is
 * sent: one request per listing page (pagelen 100), two listings per project or repository grants.
 */
import type {AccessSnapshot} from '../model.js';

const pages = (count: number) => Math.max(1, Math.ceil(count / 100));

function selected(snapshot: AccessSnapshot, workspaces: string[]): Set<string> {
	const wanted = new Set(workspaces.map(slug => slug.toLowerCase()));
	return new Set(snapshot.workspaces.map(workspace => workspace.slug).filter(slug => wanted.size === 0 || wanted.has(slug.toLowerCase())));
}

/** Tier 1 of one workspace: details, members with roles, groups (v1), projects, repositories, every project's two grant listings, and where the account is no admin its own repository permissions. */
export function workspaceTier1Price(snapshot: AccessSnapshot, slug: string): number {
	const members = snapshot.memberships.filter(edge => edge.workspace === slug).length;
	const projects = snapshot.projects.filter(project => project.workspace === slug).length;
	const repositories = snapshot.repositories.filter(repository => repository.workspace === slug).length;
	// Details (when the workspace list leaves them out), and for a workspace the account does not
	// administer the plain member listing after the refused role listing and its own repository permissions.
	const administrator = snapshot.workspaces.find(workspace => workspace.slug === slug)?.administrator ?? false;
	return workspaceTier1PriceFor({members, projects, repositories, administrator});
}

/**
 * The account's own repository permissions in a workspace it does not administer
 * (GET /2.0/user/workspaces/{ws}/permissions/repositories): at most one entry per repository it can
 * see, so the pages of the repository listing bound it.
 */
export function ownPermissionsPrice(repositories: number): number {
	return pages(repositories);
}

/** Tier 1 of the account: who am I, the workspace list, and each workspace's tier 1. Undefined without a snapshot. */
export function tier1Price(snapshot: AccessSnapshot | undefined, workspaces: string[] = []): number | undefined {
	if (!snapshot) return undefined;
	let total = 1 + pages(snapshot.workspaces.length);
	for (const slug of selected(snapshot, workspaces)) total += workspaceTier1Price(snapshot, slug);
	return total;
}

/** Two listings (users, groups) per repository. */
export function repositoryGrantsPrice(repositories: number): number {
	return 2 * repositories;
}

// ---- the explorer's scoped refreshes (`r`), priced from counts the graph already has ----

/** What one workspace's tier 1 reads, in counts (the graph's, or a snapshot's). */
export interface WorkspaceCounts {
	members: number;
	projects: number;
	repositories: number;
	/** The account administers it (else the refused role listing is followed by the plain member listing and its own repository permissions). */
	administrator: boolean;
}

/** Tier 1 of one workspace from counts (workspaceTier1Price uses it too: one formula for both). */
export function workspaceTier1PriceFor(counts: WorkspaceCounts): number {
	const notAdministered = counts.administrator ? 0 : 1 + ownPermissionsPrice(counts.repositories);
	return 1 + pages(counts.members) + notAdministered + 1 + pages(counts.projects) + pages(counts.repositories) + 2 * counts.projects;
}

/** Tier 1 of some workspaces plus who-am-I and the workspace list (what a tier-1 refresh sends). */
export function tier1PriceFor(workspaceCount: number, counts: readonly WorkspaceCounts[]): number {
	return 1 + pages(workspaceCount) + counts.reduce((total, item) => total + workspaceTier1PriceFor(item), 0);
}

/** A project's refresh: its two permission listings and its repositories listing (pages of 100). */
export function projectRefreshPrice(repositories: number): number {
	return 2 + pages(repositories);
}

/** A group view's refresh: the workspace's v1 groups listing (one answer, members included). */
export function groupsRefreshPrice(): number {
	return 1;
}
