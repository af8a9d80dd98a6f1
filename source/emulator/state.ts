/**
 * The emulator's live state: the scenario indexed in Maps so that every request is answered
 * without scanning (lookups by slug, uuid, account id; each user's groups per workspace).
 * Mutations (permissions-config PUT/DELETE, v1 group member PUT/DELETE) change it in place and
 * bump `version`, which invalidates the caches of derived listings.
 */
import {levelRank, projectLevelOnRepository, type ProjectLevel, type RepoLevel} from './levels.js';
import {stableAccountId, stableUuid} from './random.js';
import type {Scenario} from './scenario.js';

export type WorkspaceRole = 'owner' | 'member';

export interface UserRecord {
	uuid: string;
	accountId: string;
	nickname: string;
	displayName: string;
	email?: string;
	createdOn: string;
}

export interface CredentialRecord {
	user: UserRecord;
	scopes: ReadonlySet<string>;
}

export interface GroupRecord {
	workspace: WorkspaceRecord;
	slug: string;
	name: string;
	/** Member uuids, in the order they were added. */
	members: Set<string>;
}

export interface ProjectRecord {
	workspace: WorkspaceRecord;
	key: string;
	uuid: string;
	name: string;
	description: string;
	isPrivate: boolean;
	createdOn: string;
	/** user uuid → level (explicit grants). */
	users: Map<string, ProjectLevel>;
	/** group slug → level. */
	groups: Map<string, ProjectLevel>;
	repositories: RepositoryRecord[];
}

export interface RepositoryRecord {
	workspace: WorkspaceRecord;
	project: ProjectRecord;
	slug: string;
	uuid: string;
	name: string;
	description: string;
	language: string;
	isPrivate: boolean;
	createdOn: string;
	users: Map<string, RepoLevel>;
	groups: Map<string, RepoLevel>;
}

export interface WorkspaceRecord {
	slug: string;
	uuid: string;
	/** Account id of the workspace's own account (the `owner` of its projects and repositories). */
	accountId: string;
	name: string;
	isPrivate: boolean;
	centrallyAdministered: boolean;
	createdOn: string;
	/** user uuid → role, in listing order. */
	members: Map<string, WorkspaceRole>;
	owners: Set<string>;
	groups: Map<string, GroupRecord>;
	/** user uuid → slugs of the groups they are in (kept in step with GroupRecord.members). */
	userGroups: Map<string, Set<string>>;
	projects: Map<string, ProjectRecord>;
	projectsByUuid: Map<string, ProjectRecord>;
	repositories: Map<string, RepositoryRecord>;
	repositoriesByUuid: Map<string, RepositoryRecord>;
	/** Repositories in listing order. */
	repositoryList: RepositoryRecord[];
}

const EPOCH = Date.UTC(2019, 0, 1);
const DAY = 86_400_000;

/** A believable, deterministic creation time derived from a label. */
function createdOn(label: string, spreadDays = 2000): string {
	const uuid = stableUuid(`time:${label}`);
	const offset = Number.parseInt(uuid.slice(1, 9), 16) % (spreadDays * DAY);
	return new Date(EPOCH + offset).toISOString().replace('Z', '+00:00');
}

function maxOf<L extends ProjectLevel>(current: L | undefined, next: L | undefined): L | undefined {
	if (next === undefined) return current;
	if (current === undefined) return next;
	return levelRank(next) > levelRank(current) ? next : current;
}

export class EmulatorState {
	readonly users = new Map<string, UserRecord>();
	readonly usersByAccountId = new Map<string, UserRecord>();
	readonly usersByNickname = new Map<string, UserRecord>();
	/** "email(lowercase)\ntoken" → credential. */
	readonly credentials = new Map<string, CredentialRecord>();
	readonly workspaces = new Map<string, WorkspaceRecord>();
	readonly workspacesByUuid = new Map<string, WorkspaceRecord>();
	/** user uuid → workspaces they belong to, in scenario order. */
	readonly userWorkspaces = new Map<string, WorkspaceRecord[]>();
	/** Bumped by every mutation. */
	version = 0;

	/** Build from a validated scenario. */
	constructor(scenario: Scenario) {
		for (const u of scenario.users) {
			const user: UserRecord = {
				uuid: u.uuid?.toLowerCase() ?? stableUuid(`user:${u.nickname}`),
				accountId: u.accountId ?? stableAccountId(u.nickname),
				nickname: u.nickname,
				displayName: u.displayName,
				email: u.email,
				createdOn: createdOn(`user:${u.nickname}`),
			};
			this.users.set(user.uuid, user);
			this.usersByAccountId.set(user.accountId, user);
			this.usersByNickname.set(user.nickname, user);
			for (const token of u.tokens ?? []) {
				this.credentials.set(`${u.email!.toLowerCase()}\n${token.token}`, {user, scopes: new Set(token.scopes)});
			}
		}
		const uuidOf = (nickname: string): string => this.usersByNickname.get(nickname)!.uuid;
		for (const w of scenario.workspaces) {
			const ws: WorkspaceRecord = {
				slug: w.slug,
				uuid: w.uuid?.toLowerCase() ?? stableUuid(`workspace:${w.slug}`),
				accountId: stableAccountId(`workspace:${w.slug}`),
				name: w.name,
				isPrivate: w.isPrivate ?? true,
				centrallyAdministered: w.centrallyAdministered ?? false,
				createdOn: createdOn(`workspace:${w.slug}`, 300),
				members: new Map(),
				owners: new Set(),
				groups: new Map(),
				userGroups: new Map(),
				projects: new Map(),
				projectsByUuid: new Map(),
				repositories: new Map(),
				repositoriesByUuid: new Map(),
				repositoryList: [],
			};
			this.workspaces.set(ws.slug, ws);
			this.workspacesByUuid.set(ws.uuid, ws);
			for (const nick of w.owners) ws.owners.add(uuidOf(nick));
			for (const nick of [...w.owners, ...w.members]) {
				const uuid = uuidOf(nick);
				ws.members.set(uuid, ws.owners.has(uuid) ? 'owner' : 'member');
				const list = this.userWorkspaces.get(uuid) ?? [];
				list.push(ws);
				this.userWorkspaces.set(uuid, list);
			}
			for (const g of w.groups ?? []) {
				const group: GroupRecord = {workspace: ws, slug: g.slug, name: g.name, members: new Set()};
				ws.groups.set(g.slug, group);
				for (const nick of g.members) this.addGroupMember(group, uuidOf(nick), false);
			}
			for (const p of w.projects ?? []) {
				const project: ProjectRecord = {
					workspace: ws,
					key: p.key,
					uuid: p.uuid?.toLowerCase() ?? stableUuid(`project:${w.slug}:${p.key}`),
					name: p.name,
					description: p.description ?? '',
					isPrivate: p.isPrivate ?? true,
					createdOn: createdOn(`project:${w.slug}:${p.key}`),
					users: new Map(Object.entries(p.users ?? {}).map(([nick, level]) => [uuidOf(nick), level])),
					groups: new Map(Object.entries(p.groups ?? {})),
					repositories: [],
				};
				ws.projects.set(project.key, project);
				ws.projectsByUuid.set(project.uuid, project);
			}
			for (const r of w.repositories ?? []) {
				const project = ws.projects.get(r.project)!;
				const repo: RepositoryRecord = {
					workspace: ws,
					project,
					slug: r.slug,
					uuid: r.uuid?.toLowerCase() ?? stableUuid(`repository:${w.slug}/${r.slug}`),
					name: r.name ?? r.slug,
					description: r.description ?? '',
					language: r.language ?? '',
					isPrivate: r.isPrivate ?? true,
					createdOn: createdOn(`repository:${w.slug}/${r.slug}`),
					users: new Map(Object.entries(r.users ?? {}).map(([nick, level]) => [uuidOf(nick), level])),
					groups: new Map(Object.entries(r.groups ?? {})),
				};
				ws.repositories.set(repo.slug, repo);
				ws.repositoriesByUuid.set(repo.uuid, repo);
				ws.repositoryList.push(repo);
				project.repositories.push(repo);
			}
		}
	}

	// ---- lookups -------------------------------------------------------------

	/** By slug or "{uuid}". */
	findWorkspace(id: string): WorkspaceRecord | undefined {
		return id.startsWith('{') ? this.workspacesByUuid.get(id.toLowerCase()) : this.workspaces.get(id.toLowerCase());
	}

	/** By "{uuid}" or account id. */
	findUser(id: string): UserRecord | undefined {
		return id.startsWith('{') ? this.users.get(id.toLowerCase()) : this.usersByAccountId.get(id);
	}

	findRepository(ws: WorkspaceRecord, id: string): RepositoryRecord | undefined {
		return id.startsWith('{') ? ws.repositoriesByUuid.get(id.toLowerCase()) : ws.repositories.get(id.toLowerCase());
	}

	credential(email: string, token: string): CredentialRecord | undefined {
		return this.credentials.get(`${email.toLowerCase()}\n${token}`);
	}

	// ---- permission model (research spec 2.7) ----------------------------------

	isOwner(ws: WorkspaceRecord, user: string): boolean {
		return ws.owners.has(user);
	}

	/** The user's effective level on a project: owner → admin, else the highest explicit user or group grant. */
	projectLevel(project: ProjectRecord, user: string): ProjectLevel | undefined {
		const ws = project.workspace;
		if (ws.owners.has(user)) return 'admin';
		if (!ws.members.has(user)) return undefined;
		let level = project.users.get(user);
		for (const slug of ws.userGroups.get(user) ?? []) level = maxOf(level, project.groups.get(slug));
		return level;
	}

	/** Effective level on a repository: owner, repo grants, and project grants (create-repo → write). */
	repositoryLevel(repo: RepositoryRecord, user: string): RepoLevel | undefined {
		const ws = repo.workspace;
		if (ws.owners.has(user)) return 'admin';
		if (!ws.members.has(user)) return undefined;
		let level: ProjectLevel | undefined = repo.users.get(user);
		const fromProject = repo.project.users.get(user);
		if (fromProject) level = maxOf(level, projectLevelOnRepository(fromProject));
		for (const slug of ws.userGroups.get(user) ?? []) {
			level = maxOf(level, repo.groups.get(slug));
			const groupProject = repo.project.groups.get(slug);
			if (groupProject) level = maxOf(level, projectLevelOnRepository(groupProject));
		}
		return level as RepoLevel | undefined;
	}

	/** Every user with access to the repository and their effective level (computed on demand). */
	repositoryAccess(repo: RepositoryRecord): Map<string, RepoLevel> {
		const ws = repo.workspace;
		const access = new Map<string, RepoLevel>();
		const raise = (user: string, level: RepoLevel) => {
			if (!ws.members.has(user)) return;
			const current = access.get(user);
			if (current === undefined || levelRank(level) > levelRank(current)) access.set(user, level);
		};
		for (const owner of ws.owners) access.set(owner, 'admin');
		for (const [user, level] of repo.users) raise(user, level);
		for (const [user, level] of repo.project.users) raise(user, projectLevelOnRepository(level));
		for (const [slug, level] of repo.groups) for (const user of ws.groups.get(slug)?.members ?? []) raise(user, level);
		for (const [slug, level] of repo.project.groups) {
			for (const user of ws.groups.get(slug)?.members ?? []) raise(user, projectLevelOnRepository(level));
		}
		return access;
	}

	/** Whether the user may see the repository at all (public, or some effective level). */
	canSeeRepository(repo: RepositoryRecord, user: string): boolean {
		return !repo.isPrivate || this.repositoryLevel(repo, user) !== undefined;
	}

	canSeeProject(project: ProjectRecord, user: string): boolean {
		if (!project.isPrivate || this.projectLevel(project, user) !== undefined) return true;
		return project.repositories.some(repo => this.canSeeRepository(repo, user));
	}

	// ---- mutations ---------------------------------------------------------------

	addGroupMember(group: GroupRecord, user: string, bump = true): void {
		group.members.add(user);
		const slugs = group.workspace.userGroups.get(user) ?? new Set<string>();
		slugs.add(group.slug);
		group.workspace.userGroups.set(user, slugs);
		if (bump) this.version++;
	}

	removeGroupMember(group: GroupRecord, user: string): void {
		group.members.delete(user);
		group.workspace.userGroups.get(user)?.delete(group.slug);
		this.version++;
	}

	setGrant<L extends string>(grants: Map<string, L>, principal: string, level: L | undefined): void {
		if (level === undefined) grants.delete(principal);
		else grants.set(principal, level);
		this.version++;
	}
}
