/**
 * JSON shapes of the emulated API, modelled on Bitbucket's responses (OpenAPI schemas and real
 * captures in ../shared/reference). `base` is the API origin the client used (from the Host
 * header), so every `links.*.href` that points at the API points back at this emulator.
 */
import type {ProjectLevel, RepoLevel} from './levels.js';
import type {GroupRecord, ProjectRecord, RepositoryRecord, UserRecord, WorkspaceRecord, WorkspaceRole} from './state.js';

const WEB = 'https://bitbucket.org';
const AVATARS = 'https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net';

type Json = Record<string, unknown>;

const link = (href: string) => ({href});
const enc = encodeURIComponent;

function initials(name: string): string {
	return name
		.split(/\s+/)
		.map(part => [...part][0] ?? '')
		.join('')
		.slice(0, 2)
		.toUpperCase();
}

export function renderUser(base: string, user: UserRecord): Json {
	return {
		display_name: user.displayName,
		links: {
			self: link(`${base}/2.0/users/${enc(user.uuid)}`),
			avatar: link(`${AVATARS}/initials/${enc(initials(user.displayName))}-0.png`),
			html: link(`${WEB}/${enc(user.uuid)}/`),
		},
		type: 'user',
		uuid: user.uuid,
		account_id: user.accountId,
		nickname: user.nickname,
	};
}

/** The full account object of GET /2.0/user and /2.0/users/{id}. */
export function renderAccount(base: string, user: UserRecord): Json {
	return {
		...renderUser(base, user),
		links: {
			self: link(`${base}/2.0/users/${enc(user.uuid)}`),
			avatar: link(`${AVATARS}/initials/${enc(initials(user.displayName))}-0.png`),
			html: link(`${WEB}/${enc(user.uuid)}/`),
			repositories: link(`${base}/2.0/repositories/${enc(user.uuid)}`),
		},
		created_on: user.createdOn,
		is_staff: false,
		account_status: 'active',
		has_2fa_enabled: false,
		location: null,
	};
}

function workspaceLinks(base: string, ws: WorkspaceRecord): Json {
	return {
		avatar: link(`${WEB}/workspaces/${ws.slug}/avatar/?ts=1700000000`),
		html: link(`${WEB}/${ws.slug}/`),
		self: link(`${base}/2.0/workspaces/${ws.slug}`),
	};
}

/** The short workspace object embedded in memberships, projects and groups. */
export function renderWorkspaceRef(base: string, ws: WorkspaceRecord): Json {
	return {type: 'workspace', uuid: ws.uuid, name: ws.name, slug: ws.slug, links: workspaceLinks(base, ws)};
}

export function renderWorkspace(base: string, ws: WorkspaceRecord): Json {
	return {
		type: 'workspace',
		uuid: ws.uuid,
		name: ws.name,
		slug: ws.slug,
		is_private: ws.isPrivate,
		is_privacy_enforced: false,
		forking_mode: 'allow_forks',
		created_on: ws.createdOn,
		updated_on: ws.createdOn,
		links: {
			...workspaceLinks(base, ws),
			members: link(`${base}/2.0/workspaces/${ws.slug}/members`),
			owners: link(`${base}/2.0/workspaces/${ws.slug}/members?q=permission%3D%22owner%22`),
			projects: link(`${base}/2.0/workspaces/${ws.slug}/projects`),
			repositories: link(`${base}/2.0/repositories/${ws.slug}`),
			snippets: link(`${base}/2.0/snippets/${ws.slug}`),
		},
	};
}

export function renderWorkspaceAccess(base: string, ws: WorkspaceRecord, administrator: boolean): Json {
	return {
		type: 'workspace_access',
		administrator,
		workspace: {
			type: 'workspace_base',
			uuid: ws.uuid,
			slug: ws.slug,
			links: {avatar: link(`${WEB}/workspaces/${ws.slug}/avatar/?ts=1700000000`), self: link(`${base}/2.0/workspaces/${ws.slug}`)},
		},
		links: {self: link(`${base}/2.0/user/workspaces/${ws.slug}/permission`)},
	};
}

/** A workspace_membership; with `role` it is the /permissions form (permission, dates). */
export function renderMembership(base: string, ws: WorkspaceRecord, user: UserRecord, role?: WorkspaceRole): Json {
	const body: Json = {type: 'workspace_membership'};
	if (role) {
		body.permission = role;
		if (!ws.centrallyAdministered) {
			body.last_accessed = new Date(Date.parse(user.createdOn) + 86_400_000 * 400).toISOString().replace('Z', '+00:00');
			body.added_on = user.createdOn;
		}
	}
	body.user = renderUser(base, user);
	body.workspace = renderWorkspaceRef(base, ws);
	body.links = {self: link(`${base}/2.0/workspaces/${ws.slug}/members/${enc(user.uuid)}`)};
	return body;
}

function projectLinks(base: string, project: ProjectRecord): Json {
	const ws = project.workspace.slug;
	return {
		self: link(`${base}/2.0/workspaces/${ws}/projects/${project.key}`),
		html: link(`${WEB}/${ws}/workspace/projects/${project.key}`),
		avatar: link(`${WEB}/account/user/${ws}/projects/${project.key}/avatar/32?ts=1700000000`),
	};
}

export function renderProjectRef(base: string, project: ProjectRecord): Json {
	return {type: 'project', key: project.key, uuid: project.uuid, name: project.name, links: projectLinks(base, project)};
}

/** The `owner` of projects and repositories: the workspace's own account, shaped as a user (as captured). */
function renderOwner(base: string, ws: WorkspaceRecord): Json {
	return {
		display_name: ws.name,
		links: {self: link(`${base}/2.0/users/${enc(ws.uuid)}`), avatar: link(`${WEB}/account/${ws.slug}/avatar/`), html: link(`${WEB}/${enc(ws.uuid)}/`)},
		type: 'user',
		uuid: ws.uuid,
		account_id: ws.accountId,
		nickname: ws.name,
		username: ws.slug,
	};
}

export function renderProject(base: string, project: ProjectRecord): Json {
	return {
		type: 'project',
		owner: renderOwner(base, project.workspace),
		workspace: renderWorkspaceRef(base, project.workspace),
		key: project.key,
		uuid: project.uuid,
		is_private: project.isPrivate,
		name: project.name,
		description: project.description,
		links: {
			...projectLinks(base, project),
			repositories: link(`${base}/2.0/repositories/${project.workspace.slug}?q=project.key%3D%22${project.key}%22`),
		},
		created_on: project.createdOn,
		updated_on: project.createdOn,
		has_publicly_visible_repos: project.repositories.some(repo => !repo.isPrivate),
	};
}

function repositoryLinks(base: string, repo: RepositoryRecord): Json {
	const full = `${repo.workspace.slug}/${repo.slug}`;
	return {
		self: link(`${base}/2.0/repositories/${full}`),
		html: link(`${WEB}/${full}`),
		avatar: link(`https://bytebucket.org/ravatar/${enc(repo.uuid)}?ts=default`),
	};
}

export function renderRepositoryRef(base: string, repo: RepositoryRecord): Json {
	return {
		type: 'repository',
		full_name: `${repo.workspace.slug}/${repo.slug}`,
		links: repositoryLinks(base, repo),
		name: repo.name,
		uuid: repo.uuid,
	};
}

export function renderRepository(base: string, repo: RepositoryRecord): Json {
	const full = `${repo.workspace.slug}/${repo.slug}`;
	const api = `${base}/2.0/repositories/${full}`;
	return {
		type: 'repository',
		full_name: full,
		links: {
			...repositoryLinks(base, repo),
			pullrequests: link(`${api}/pullrequests`),
			commits: link(`${api}/commits`),
			forks: link(`${api}/forks`),
			watchers: link(`${api}/watchers`),
			branches: link(`${api}/refs/branches`),
			tags: link(`${api}/refs/tags`),
			downloads: link(`${api}/downloads`),
			source: link(`${api}/src`),
			clone: [
				{name: 'https', href: `https://bitbucket.org/${full}.git`},
				{name: 'ssh', href: `git@bitbucket.org:${full}.git`},
			],
			hooks: link(`${api}/hooks`),
		},
		name: repo.name,
		slug: repo.slug,
		description: repo.description,
		scm: 'git',
		website: '',
		owner: renderOwner(base, repo.workspace),
		workspace: renderWorkspaceRef(base, repo.workspace),
		is_private: repo.isPrivate,
		project: renderProjectRef(base, repo.project),
		fork_policy: repo.isPrivate ? 'no_public_forks' : 'allow_forks',
		created_on: repo.createdOn,
		updated_on: repo.createdOn,
		size: 1024 * (100 + (Number.parseInt(repo.uuid.slice(1, 6), 16) % 50_000)),
		language: repo.language,
		uuid: repo.uuid,
		mainbranch: {name: 'main', type: 'branch'},
		override_settings: {default_merge_strategy: true, branching_model: true, branch_restrictions: true},
		has_issues: false,
		has_wiki: false,
	};
}

export function renderGroupRef(base: string, group: GroupRecord): Json {
	const ws = group.workspace;
	return {
		type: 'group',
		name: group.name,
		slug: group.slug,
		full_slug: `${ws.slug}:${group.slug}`,
		workspace: renderWorkspaceRef(base, ws),
		links: {self: link(`${base}/1.0/groups/${ws.slug}/${group.slug}`), html: link(`${WEB}/${ws.slug}/workspace/settings/groups/${group.slug}`)},
	};
}

const grantsPath = (target: ProjectRecord | RepositoryRecord): string =>
	'key' in target
		? `/2.0/workspaces/${target.workspace.slug}/projects/${target.key}/permissions-config`
		: `/2.0/repositories/${target.workspace.slug}/${target.slug}/permissions-config`;

export function renderUserGrant(base: string, target: ProjectRecord | RepositoryRecord, user: UserRecord, level: ProjectLevel): Json {
	const isProject = 'key' in target;
	return {
		type: isProject ? 'project_user_permission' : 'repository_user_permission',
		permission: level,
		user: renderUser(base, user),
		...(isProject ? {project: renderProjectRef(base, target)} : {repository: renderRepositoryRef(base, target)}),
		links: {self: link(`${base}${grantsPath(target)}/users/${enc(user.accountId)}`)},
	};
}

export function renderGroupGrant(base: string, target: ProjectRecord | RepositoryRecord, group: GroupRecord, level: ProjectLevel): Json {
	const isProject = 'key' in target;
	return {
		type: isProject ? 'project_group_permission' : 'repository_group_permission',
		permission: level,
		group: renderGroupRef(base, group),
		...(isProject ? {project: renderProjectRef(base, target)} : {repository: renderRepositoryRef(base, target)}),
		links: {self: link(`${base}${grantsPath(target)}/groups/${group.slug}`)},
	};
}

/** An effective `repository_permission` (workspace permissions/repositories listings). */
export function renderRepositoryPermission(base: string, repo: RepositoryRecord, user: UserRecord, level: RepoLevel): Json {
	return {type: 'repository_permission', permission: level, user: renderUser(base, user), repository: renderRepositoryRef(base, repo)};
}

// ---- v1 -------------------------------------------------------------------------------------

export function renderUserV1(user: UserRecord): Json {
	return {
		display_name: user.displayName,
		account_id: user.accountId,
		nickname: user.nickname,
		uuid: user.uuid,
		is_team: false,
		is_staff: false,
		is_active: true,
		avatar: `${AVATARS}/initials/${enc(initials(user.displayName))}-0.png`,
		resource_uri: `/1.0/users/${enc(user.uuid)}`,
	};
}

export function renderGroupV1(group: GroupRecord, users: ReadonlyMap<string, UserRecord>): Json {
	const ws = group.workspace;
	return {
		name: group.name,
		slug: group.slug,
		permission: null,
		auto_add: false,
		email_forwarding_disabled: false,
		owner: {display_name: ws.name, uuid: ws.uuid, is_team: true, nickname: ws.slug, resource_uri: `/1.0/users/${ws.slug}`},
		members: [...group.members].map(uuid => renderUserV1(users.get(uuid)!)),
	};
}
