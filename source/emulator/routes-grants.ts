/**
 * permissions-config routes (explicit grants) for projects and repositories: list, get one,
 * PUT (create or replace), DELETE. Only admins of the target may use them.
 */
import {isProjectLevel, isRepoLevel, PROJECT_LEVELS, REPO_LEVELS, type ProjectLevel} from './levels.js';
import {badRequest, notFound} from './api-error.js';
import {paginate, parsePaging} from './query.js';
import {renderGroupGrant, renderUserGrant} from './render.js';
import {noQuery, projectOf, repositoryOf, requireProjectAdmin, requireRepositoryAdmin, SCOPE, userOf, workspaceOf} from './route-helpers.js';
import type {Reply, RequestContext, RouteDefinition} from './router.js';
import type {GroupRecord, ProjectRecord, RepositoryRecord, UserRecord} from './state.js';

type Target = ProjectRecord | RepositoryRecord;

interface TargetKind {
	prefix: string;
	read: string;
	admin: string;
	levels: readonly string[];
	isLevel: (value: unknown) => boolean;
	find(ctx: RequestContext): Target;
	label(target: Target): string;
}

const PROJECT: TargetKind = {
	prefix: '/2.0/workspaces/{workspace}/projects/{project_key}/permissions-config',
	read: SCOPE.readProject,
	admin: SCOPE.adminProject,
	levels: PROJECT_LEVELS,
	isLevel: isProjectLevel,
	find(ctx) {
		const project = projectOf(ctx, workspaceOf(ctx));
		requireProjectAdmin(ctx, project);
		return project;
	},
	label: target => `project '${(target as ProjectRecord).key}'`,
};

const REPOSITORY: TargetKind = {
	prefix: '/2.0/repositories/{workspace}/{repo_slug}/permissions-config',
	read: SCOPE.readRepository,
	admin: SCOPE.adminRepository,
	levels: REPO_LEVELS,
	isLevel: isRepoLevel,
	find(ctx) {
		const repo = repositoryOf(ctx, workspaceOf(ctx));
		requireRepositoryAdmin(ctx, repo);
		return repo;
	},
	label: target => `repository '${target.workspace.slug}/${(target as RepositoryRecord).slug}'`,
};

function requestedLevel(ctx: RequestContext, kind: TargetKind): ProjectLevel {
	const body = ctx.body;
	const level = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>).permission : undefined;
	if (level === undefined) throw badRequest('No permission value was provided', `send {"permission": one of ${kind.levels.join(', ')}}`);
	if (!kind.isLevel(level)) throw badRequest(`Invalid permission value '${String(level)}'`, `expected one of ${kind.levels.join(', ')}`);
	return level as ProjectLevel;
}

function grantedUser(ctx: RequestContext): UserRecord {
	return userOf(ctx, ctx.params.selected_user_id!);
}

function groupOf(ctx: RequestContext, target: Target): GroupRecord {
	const slug = ctx.params.group_slug!;
	const group = target.workspace.groups.get(slug);
	if (!group) throw notFound(`Group '${slug}' was not found in workspace '${target.workspace.slug}'.`);
	return group;
}

function routesFor(kind: TargetKind): RouteDefinition[] {
	const users = `${kind.prefix}/users`;
	const groups = `${kind.prefix}/groups`;
	const userGrants = (target: Target) => target.users as Map<string, ProjectLevel>;
	const groupGrants = (target: Target) => target.groups as Map<string, ProjectLevel>;
	return [
		{
			method: 'GET',
			template: users,
			scopes: [kind.read],
			handle: ctx => {
				noQuery(ctx);
				const target = kind.find(ctx);
				const list = [...userGrants(target)].map(([uuid, level]) => ({user: ctx.state.users.get(uuid)!, level}));
				return {status: 200, body: paginate(list, parsePaging(ctx.query), ctx.base, ctx.url, g => renderUserGrant(ctx.base, target, g.user, g.level))};
			},
		},
		{
			method: 'GET',
			template: `${users}/{selected_user_id}`,
			scopes: [kind.read],
			handle: ctx => {
				const target = kind.find(ctx);
				const user = grantedUser(ctx);
				const level = userGrants(target).get(user.uuid);
				if (!level) throw notFound(`${user.displayName} has no explicit permission on ${kind.label(target)}.`);
				return {status: 200, body: renderUserGrant(ctx.base, target, user, level)};
			},
		},
		{
			method: 'PUT',
			template: `${users}/{selected_user_id}`,
			scopes: [kind.admin, SCOPE.writePermission],
			handle: (ctx): Reply => {
				const target = kind.find(ctx);
				const level = requestedLevel(ctx, kind);
				const user = grantedUser(ctx);
				const ws = target.workspace;
				if (ws.owners.has(user.uuid)) {
					throw badRequest(`${user.displayName} owns workspace '${ws.slug}' and cannot be given an explicit permission`, 'workspace owners have admin on every project and repository');
				}
				if (!ws.members.has(user.uuid)) throw badRequest(`${user.displayName} is not a member of workspace '${ws.slug}'`, 'explicit permissions can only be given to workspace members');
				if (userGrants(target).get(user.uuid) !== level) ctx.state.setGrant(userGrants(target), user.uuid, level);
				return {status: 200, body: renderUserGrant(ctx.base, target, user, level)};
			},
		},
		{
			method: 'DELETE',
			template: `${users}/{selected_user_id}`,
			scopes: [kind.admin, SCOPE.deletePermission],
			handle: ctx => {
				const target = kind.find(ctx);
				const user = grantedUser(ctx);
				if (!userGrants(target).has(user.uuid)) throw notFound(`${user.displayName} has no explicit permission on ${kind.label(target)}.`);
				ctx.state.setGrant(userGrants(target), user.uuid, undefined);
				return {status: 204};
			},
		},
		{
			method: 'GET',
			template: groups,
			scopes: [kind.read],
			handle: ctx => {
				noQuery(ctx);
				const target = kind.find(ctx);
				const list = [...groupGrants(target)].map(([slug, level]) => ({group: target.workspace.groups.get(slug)!, level}));
				return {status: 200, body: paginate(list, parsePaging(ctx.query), ctx.base, ctx.url, g => renderGroupGrant(ctx.base, target, g.group, g.level))};
			},
		},
		{
			method: 'GET',
			template: `${groups}/{group_slug}`,
			scopes: [kind.read],
			handle: ctx => {
				const target = kind.find(ctx);
				const group = groupOf(ctx, target);
				const level = groupGrants(target).get(group.slug);
				if (!level) throw notFound(`Group '${group.slug}' has no explicit permission on ${kind.label(target)}.`);
				return {status: 200, body: renderGroupGrant(ctx.base, target, group, level)};
			},
		},
		{
			method: 'PUT',
			template: `${groups}/{group_slug}`,
			scopes: [kind.admin, SCOPE.writePermission],
			handle: ctx => {
				const target = kind.find(ctx);
				const level = requestedLevel(ctx, kind);
				const group = groupOf(ctx, target);
				if (groupGrants(target).get(group.slug) !== level) ctx.state.setGrant(groupGrants(target), group.slug, level);
				return {status: 200, body: renderGroupGrant(ctx.base, target, group, level)};
			},
		},
		{
			method: 'DELETE',
			template: `${groups}/{group_slug}`,
			scopes: [kind.admin, SCOPE.deletePermission],
			handle: ctx => {
				const target = kind.find(ctx);
				const group = groupOf(ctx, target);
				if (!groupGrants(target).has(group.slug)) throw notFound(`Group '${group.slug}' has no explicit permission on ${kind.label(target)}.`);
				ctx.state.setGrant(groupGrants(target), group.slug, undefined);
				return {status: 204};
			},
		},
	];
}

export const grantRoutes: RouteDefinition[] = [...routesFor(PROJECT), ...routesFor(REPOSITORY)];
