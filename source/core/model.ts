/**
 * The access model shared by sync, graph, export, changes and the UI.
 * Plain, serialisable data: an AccessSnapshot is what sync produces, what the
 * snapshot cache stores, and what AccessGraph indexes.
 */

export const PROJECT_LEVELS = ['read', 'write', 'create-repo', 'admin'] as const;
export type ProjectLevel = (typeof PROJECT_LEVELS)[number];

export const REPO_LEVELS = ['read', 'write', 'admin'] as const;
export type RepoLevel = (typeof REPO_LEVELS)[number];

/** Any level that can appear on a project or a repository. */
export type Level = ProjectLevel;

const RANK: Record<Level, number> = {read: 1, write: 2, 'create-repo': 3, admin: 4};

/** read < write < create-repo < admin. */
export function levelRank(level: Level): number {
	return RANK[level];
}

export function maxLevel<L extends Level>(a: L, b: L): L {
	return RANK[a] >= RANK[b] ? a : b;
}

/** What a project-level grant gives on each repository of the project (create-repo counts as write). */
export function projectLevelOnRepository(level: ProjectLevel): RepoLevel {
	return level === 'create-repo' ? 'write' : level;
}

/** Levels are always shown as words; colour only adds. */
export function levelLabel(level: Level | 'none'): string {
	return level.toUpperCase();
}

export function isProjectLevel(value: unknown): value is ProjectLevel {
	return typeof value === 'string' && (PROJECT_LEVELS as readonly string[]).includes(value);
}

export function isRepoLevel(value: unknown): value is RepoLevel {
	return typeof value === 'string' && (REPO_LEVELS as readonly string[]).includes(value);
}

export type WorkspaceRole = 'owner' | 'member';

/** Who holds an explicit grant: a user (by uuid, with braces) or a group (by slug, within the grant's workspace). */
export type Principal = {type: 'user'; uuid: string} | {type: 'group'; slug: string};

// ---- ids -------------------------------------------------------------------
// workspace id = slug; repository id = full name "ws/slug";
// project id = "ws:KEY"; group id = "ws:slug" (Bitbucket's full_slug).

export function projectId(workspace: string, key: string): string {
	return `${workspace}:${key}`;
}

export function groupId(workspace: string, slug: string): string {
	return `${workspace}:${slug}`;
}

export function repositoryId(workspace: string, slug: string): string {
	return `${workspace}/${slug}`;
}

// ---- nodes -----------------------------------------------------------------

export interface UserNode {
	/** "{…}" with braces; stable per account. */
	uuid: string;
	accountId?: string;
	nickname?: string;
	displayName: string;
}

export interface WorkspaceNode {
	uuid: string;
	slug: string;
	name: string;
	isPrivate?: boolean;
	/** From /2.0/user/workspaces: whether the signed-in account administers it. */
	administrator: boolean;
	/** Non-empty when some listings were not visible (e.g. 403 on admin listings); each item says why. */
	partial: string[];
}

export interface MembershipEdge {
	workspace: string;
	user: string;
	role: WorkspaceRole;
}

export interface GroupNode {
	workspace: string;
	slug: string;
	name: string;
	/** Member user uuids. */
	members: string[];
}

export interface ProjectNode {
	workspace: string;
	key: string;
	uuid: string;
	name: string;
	isPrivate?: boolean;
}

export interface RepositoryNode {
	workspace: string;
	slug: string;
	uuid: string;
	name: string;
	/** "ws/slug"; the repository id. */
	fullName: string;
	/** Key of the containing project (every Bitbucket Cloud repository has one). */
	projectKey?: string;
	isPrivate?: boolean;
}

// ---- explicit grants (permissions-config) -----------------------------------

export interface ProjectGrant {
	workspace: string;
	project: string;
	principal: Principal;
	level: ProjectLevel;
}

export interface RepositoryGrant {
	workspace: string;
	/** Repository full name "ws/slug". */
	repository: string;
	principal: Principal;
	level: RepoLevel;
}

/**
 * Whether the explicit grants of a project or repository are known.
 * "not-loaded" and "unavailable" must never be read as "no grants".
 */
export type GrantsState =
	| {state: 'loaded'; at: string}
	| {state: 'not-loaded'}
	| {state: 'unavailable'; reason: string; /** When it was last tried (ISO), if known. */ at?: string};

export interface SyncProblem {
	workspace?: string;
	/** What could not be read, e.g. "GET /2.0/workspaces/acme/permissions". */
	what: string;
	/** The admin-facing message of the error. */
	message: string;
	kind: string;
}

export interface AccountInfo {
	uuid: string;
	displayName: string;
	nickname?: string;
	accountId?: string;
	email: string;
}

export const SNAPSHOT_FORMAT_VERSION = 1;

export interface AccessSnapshot {
	formatVersion: typeof SNAPSHOT_FORMAT_VERSION;
	apiUrl: string;
	account: AccountInfo;
	/** ISO time when tier 1 finished. */
	syncedAt: string;
	workspaces: WorkspaceNode[];
	users: UserNode[];
	memberships: MembershipEdge[];
	groups: GroupNode[];
	projects: ProjectNode[];
	repositories: RepositoryNode[];
	projectGrants: ProjectGrant[];
	repositoryGrants: RepositoryGrant[];
	/** Keyed by project id "ws:KEY". Missing = not-loaded. */
	projectGrantStatus: Record<string, GrantsState>;
	/** Keyed by repository full name. Missing = not-loaded. */
	repositoryGrantStatus: Record<string, GrantsState>;
	problems: SyncProblem[];
	/**
	 * The deep sync (every repository's grants) in progress or last finished: a `sync --deep` that
	 * stopped (budget, kill, Ctrl-C) resumes it, and never re-fetches a repository tried since `startedAt`.
	 */
	deepPass?: DeepPassState;
	/**
	 * Only for workspaces the signed-in account does not administer: the account's OWN effective
	 * level on each repository (GET /2.0/user/workspaces/{ws}/permissions/repositories, CHANGE-3022).
	 * It is never part of effective access: other people's access there stays not visible.
	 * Absent in snapshots written before this field existed, and when no such workspace was read.
	 */
	ownRepositoryPermissions?: OwnRepositoryPermissions[];
}

/** The signed-in account's own levels in one workspace it does not administer. */
export interface OwnRepositoryPermissions {
	workspace: string;
	/** ISO time the listing was read. */
	at: string;
	/** Repository full name → the account's own level; a repository not listed: no access of its own (public ones may still be read). */
	levels: Record<string, RepoLevel>;
}

export interface DeepPassState {
	/** ISO time the pass began; repositories whose grants state is this recent are done. */
	startedAt: string;
	/** ISO time every repository had been tried; absent while the pass is incomplete. */
	completedAt?: string;
}

// ---- effective access (answers of the graph) --------------------------------

/**
 * One reason a user can reach a project or repository. Matches the export's JSON `via` items.
 * - owner: the user owns the workspace (admin everywhere).
 * - repository: an explicit grant on the repository, to the user or to a group they are in.
 * - project: an explicit grant on the project (inherited by its repositories), to the user or a group.
 * `level` is what this source gives on the target; `grantedLevel` is the level as granted when it differs
 * (a project create-repo grant gives write on repositories).
 */
export interface AccessSource {
	kind: 'owner' | 'project' | 'repository';
	principal: 'user' | 'group';
	group?: string;
	project?: string;
	level: Level;
	grantedLevel?: Level;
}

export interface EffectiveEntry {
	user: UserNode;
	/** The highest level over all sources. */
	level: Level;
	/** Every source, highest first. */
	sources: AccessSource[];
}

export interface EffectiveAccess {
	/** Entries sorted by level (highest first), then display name. */
	entries: EffectiveEntry[];
	/** False when some grants that could add access are not loaded or not visible. */
	complete: boolean;
	/** Why it is incomplete, e.g. "repository grants of acme/api-gateway not loaded". */
	missing: string[];
}

/** A project or a repository: something that can be granted on. */
export type Target =
	| {type: 'project'; workspace: string; key: string}
	| {type: 'repository'; workspace: string; fullName: string};

/** One thing a user can reach (answers of AccessGraph.reachableBy). */
export interface ReachEntry {
	workspace: string;
	target: Target;
	level: Level;
	sources: AccessSource[];
}

/** A snapshot with no data yet: the start of every snapshot that sync, tests or benchmarks build. */
export function emptySnapshot(apiUrl: string, account: AccountInfo, syncedAt: string): AccessSnapshot {
	return {
		formatVersion: SNAPSHOT_FORMAT_VERSION,
		apiUrl,
		account,
		syncedAt,
		workspaces: [],
		users: [],
		memberships: [],
		groups: [],
		projects: [],
		repositories: [],
		projectGrants: [],
		repositoryGrants: [],
		projectGrantStatus: {},
		repositoryGrantStatus: {},
		problems: [],
	};
}
