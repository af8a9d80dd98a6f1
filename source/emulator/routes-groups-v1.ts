/**
 * The 1.0 groups API (the only group API Bitbucket has): bare JSON arrays, workspace by slug,
 * workspace admin only; member writes refused on workspaces administered from admin.atlassian.com.
 */
import {ApiError, badRequest, forbidden, notFound} from './api-error.js';
import {renderGroupV1, renderUserV1} from './render.js';
import {requireWorkspaceAdmin, SCOPE} from './route-helpers.js';
import type {RequestContext, RouteDefinition} from './router.js';
import type {GroupRecord, UserRecord, WorkspaceRecord} from './state.js';

function workspaceV1(ctx: RequestContext, action: string): WorkspaceRecord {
	const id = ctx.params.workspace!;
	// The 1.0 API takes the workspace slug only (a {uuid} there is refused upstream).
	const ws = id.startsWith('{') ? undefined : ctx.state.workspaces.get(id.toLowerCase());
	if (!ws || !ws.members.has(ctx.caller.uuid)) throw notFound(`No workspace with slug '${id}' (the 1.0 groups API takes the workspace slug).`);
	requireWorkspaceAdmin(ctx, ws, action);
	return ws;
}

function groupV1(ctx: RequestContext, ws: WorkspaceRecord): GroupRecord {
	const group = ws.groups.get(ctx.params.group_slug!);
	if (!group) throw notFound(`Group '${ctx.params.group_slug}' was not found in workspace '${ws.slug}'.`);
	return group;
}

function refuseIfCentral(ws: WorkspaceRecord): void {
	if (ws.centrallyAdministered) {
		throw forbidden(
			`Group membership for workspace '${ws.slug}' is managed in Atlassian Administration (admin.atlassian.com).`,
			'This workspace is administered from admin.atlassian.com; the 1.0 groups API is read-only there.',
		);
	}
}

/** The member named in the path: "{uuid}" (what clients send) or account id. */
function memberUser(ctx: RequestContext, ws: WorkspaceRecord): UserRecord {
	const id = ctx.params.member!;
	const user = ctx.state.findUser(id);
	if (!user) throw notFound(`No user with identifier '${id}'.`);
	if (!ws.members.has(user.uuid)) throw badRequest(`${user.displayName} is not a member of workspace '${ws.slug}'`, 'only workspace members can be added to its groups');
	return user;
}

export const groupRoutesV1: RouteDefinition[] = [
	{
		method: 'GET',
		template: '/1.0/groups/{workspace}',
		scopes: [SCOPE.adminWorkspace],
		handle: ctx => {
			const ws = workspaceV1(ctx, 'list its groups');
			return {status: 200, body: [...ws.groups.values()].map(group => renderGroupV1(group, ctx.state.users))};
		},
	},
	{
		method: 'GET',
		template: '/1.0/groups/{workspace}/{group_slug}',
		scopes: [SCOPE.adminWorkspace],
		handle: ctx => {
			const ws = workspaceV1(ctx, 'read its groups');
			return {status: 200, body: renderGroupV1(groupV1(ctx, ws), ctx.state.users)};
		},
	},
	{
		method: 'GET',
		template: '/1.0/groups/{workspace}/{group_slug}/members',
		scopes: [SCOPE.adminWorkspace],
		handle: ctx => {
			const ws = workspaceV1(ctx, 'read its groups');
			return {status: 200, body: [...groupV1(ctx, ws).members].map(uuid => renderUserV1(ctx.state.users.get(uuid)!))};
		},
	},
	{
		method: 'PUT',
		template: '/1.0/groups/{workspace}/{group_slug}/members/{member}',
		scopes: [SCOPE.adminWorkspace],
		handle: ctx => {
			const ws = workspaceV1(ctx, 'change its groups');
			const group = groupV1(ctx, ws);
			refuseIfCentral(ws);
			const user = memberUser(ctx, ws);
			if (group.members.has(user.uuid)) throw new ApiError(409, 'Conflict', `${user.displayName} is already a member of group '${group.slug}'.`);
			ctx.state.addGroupMember(group, user.uuid);
			return {status: 200, body: renderUserV1(user)};
		},
	},
	{
		method: 'DELETE',
		template: '/1.0/groups/{workspace}/{group_slug}/members/{member}',
		scopes: [SCOPE.adminWorkspace],
		handle: ctx => {
			const ws = workspaceV1(ctx, 'change its groups');
			const group = groupV1(ctx, ws);
			refuseIfCentral(ws);
			const user = ctx.state.findUser(ctx.params.member!);
			if (!user || !group.members.has(user.uuid)) throw notFound(`'${ctx.params.member}' is not a member of group '${group.slug}'.`);
			ctx.state.removeGroupMember(group, user.uuid);
			return {status: 204};
		},
	},
];
