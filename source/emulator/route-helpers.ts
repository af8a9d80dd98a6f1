/** Lookups and permission checks shared by the route handlers; each failure is Bitbucket's error. */
import {ApiError, forbidden, notFound} from './api-error.js';
import type {RequestContext} from './router.js';
import type {ProjectRecord, RepositoryRecord, UserRecord, WorkspaceRecord} from './state.js';

export const SCOPE = {
	readUser: 'read:user:bitbucket',
	readWorkspace: 'read:workspace:bitbucket',
	readProject: 'read:project:bitbucket',
	readRepository: 'read:repository:bitbucket',
	adminWorkspace: 'admin:workspace:bitbucket',
	adminProject: 'admin:project:bitbucket',
	adminRepository: 'admin:repository:bitbucket',
	writePermission: 'write:permission:bitbucket',
	deletePermission: 'delete:permission:bitbucket',
} as const;

/** A workspace the caller belongs to (others are invisible: 404, like a missing one). */
export function workspaceOf(ctx: RequestContext, id = ctx.params.workspace ?? ''): WorkspaceRecord {
	const ws = ctx.state.findWorkspace(id);
	if (!ws || !ws.members.has(ctx.caller.uuid)) throw notFound(`No workspace with identifier '${id}'.`);
	return ws;
}

export function requireWorkspaceAdmin(ctx: RequestContext, ws: WorkspaceRecord, action: string): void {
	if (!ws.owners.has(ctx.caller.uuid)) {
		throw forbidden(`You must be an administrator of workspace '${ws.slug}' to ${action}.`);
	}
}

export function projectOf(ctx: RequestContext, ws: WorkspaceRecord): ProjectRecord {
	const key = ctx.params.project_key ?? '';
	const project = key.startsWith('{') ? ws.projectsByUuid.get(key.toLowerCase()) : ws.projects.get(key);
	if (!project || !ctx.state.canSeeProject(project, ctx.caller.uuid)) {
		throw notFound(`Project '${key}' was not found in workspace '${ws.slug}'.`);
	}
	return project;
}

export function repositoryOf(ctx: RequestContext, ws: WorkspaceRecord): RepositoryRecord {
	const slug = ctx.params.repo_slug ?? '';
	const repo = ctx.state.findRepository(ws, slug);
	if (!repo || !ctx.state.canSeeRepository(repo, ctx.caller.uuid)) {
		throw notFound(`Repository ${ws.slug}/${slug} not found`);
	}
	return repo;
}

export function requireProjectAdmin(ctx: RequestContext, project: ProjectRecord): void {
	if (ctx.state.projectLevel(project, ctx.caller.uuid) !== 'admin') {
		throw forbidden(`You must be an administrator of project '${project.key}' in workspace '${project.workspace.slug}' to read or change its permissions.`);
	}
}

export function requireRepositoryAdmin(ctx: RequestContext, repo: RepositoryRecord): void {
	if (ctx.state.repositoryLevel(repo, ctx.caller.uuid) !== 'admin') {
		throw forbidden(`You must be an administrator of repository '${repo.workspace.slug}/${repo.slug}' to read or change its permissions.`);
	}
}

/** The user named in a path: "{uuid}" or account id. */
export function userOf(ctx: RequestContext, id: string): UserRecord {
	const user = ctx.state.findUser(id);
	if (!user) throw notFound(`No user with identifier '${id}'.`);
	return user;
}

/** Reject `q` on endpoints that do not support BBQL. */
export function noQuery(ctx: RequestContext): void {
	if (ctx.query.has('q')) throw new ApiError(400, 'Invalid query', 'this endpoint does not support filtering with q');
}

export function byDisplayName(a: UserRecord, b: UserRecord): number {
	return a.displayName.localeCompare(b.displayName) || a.uuid.localeCompare(b.uuid);
}
