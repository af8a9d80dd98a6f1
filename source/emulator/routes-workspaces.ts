/** Account and workspace routes: /2.0/user, /2.0/users, /2.0/user/workspaces, /2.0/workspaces/{ws}/… */
import {levelRank, isRepoLevel, type RepoLevel} from './levels.js';
import {badRequest, notFound} from './api-error.js';
import {compileQuery, queriedValues, pageUrl, paginate, parsePaging, pinnedValue, type Page, type QueryFields} from './query.js';
import {renderAccount, renderMembership, renderRepositoryPermission, renderWorkspace, renderWorkspaceAccess} from './render.js';
import {byDisplayName, noQuery, repositoryOf, requireWorkspaceAdmin, SCOPE, userOf, workspaceOf} from './route-helpers.js';
import type {RequestContext, RouteDefinition} from './router.js';
import type {EmulatorState, RepositoryRecord, UserRecord, WorkspaceRecord, WorkspaceRole} from './state.js';

type Member = {user: UserRecord; role: WorkspaceRole};

/** Bitbucket's documented limit of addresses in one `user.email IN (…)` filter. */
const MAX_EMAILS = 90;

const MEMBER_FIELDS: QueryFields<Member> = {
	'user.uuid': m => m.user.uuid,
	'user.account_id': m => m.user.accountId,
	'user.nickname': m => m.user.nickname,
	'user.display_name': m => m.user.displayName,
	'user.email': m => m.user.email,
	permission: m => m.role,
};

function members(state: EmulatorState, ws: WorkspaceRecord): Member[] {
	return [...ws.members].map(([uuid, role]) => ({user: state.users.get(uuid)!, role}));
}

type Effective = {repo: RepositoryRecord; user: UserRecord; level: RepoLevel};

const EFFECTIVE_FIELDS: QueryFields<Effective> = {
	permission: e => e.level,
	'user.uuid': e => e.user.uuid,
	'user.account_id': e => e.user.accountId,
	'user.nickname': e => e.user.nickname,
	'user.display_name': e => e.user.displayName,
	'repository.name': e => e.repo.name,
	'repository.slug': e => e.repo.slug,
	'repository.full_name': e => `${e.repo.workspace.slug}/${e.repo.slug}`,
	'repository.uuid': e => e.repo.uuid,
	'repository.project.key': e => e.repo.project.key,
};
const LEVEL_RANK = {permission: (value: string) => (isRepoLevel(value) ? levelRank(value) : undefined)};

function effectiveOf(state: EmulatorState, repo: RepositoryRecord, filter?: (e: Effective) => boolean): Effective[] {
	const entries: Effective[] = [];
	for (const [uuid, level] of state.repositoryAccess(repo)) {
		const entry = {repo, user: state.users.get(uuid)!, level};
		if (!filter || filter(entry)) entries.push(entry);
	}
	return entries.sort((a, b) => byDisplayName(a.user, b.user));
}

/**
 * Per workspace and query: how many effective entries each repository contributes, filled in as
 * pages are requested (never all repositories × users up front) and dropped when the state changes.
 */
const effectiveCounts = new WeakMap<WorkspaceRecord, {version: number; byQuery: Map<string, number[]>}>();

function countsFor(state: EmulatorState, ws: WorkspaceRecord, q: string): number[] {
	let cache = effectiveCounts.get(ws);
	if (!cache || cache.version !== state.version) {
		cache = {version: state.version, byQuery: new Map()};
		effectiveCounts.set(ws, cache);
	}
	let counts = cache.byQuery.get(q);
	if (!counts) {
		if (cache.byQuery.size >= 32) cache.byQuery.clear();
		counts = [];
		cache.byQuery.set(q, counts);
	}
	return counts;
}

/** The workspace-wide effective listing: pages walk repositories in order; `size` is left out (expensive upstream too). */
function effectivePage(ctx: RequestContext, ws: WorkspaceRecord): Page<unknown> {
	const paging = parsePaging(ctx.query);
	const q = ctx.query.get('q') ?? '';
	const filter = compileQuery(q, EFFECTIVE_FIELDS, LEVEL_RANK);
	const pinnedUser = pinnedValue(q, 'user.uuid');
	if (pinnedUser !== undefined) {
		// One person's reach (e.g. offboarding): their level per repository, no per-repository user scan.
		const user = ctx.state.findUser(pinnedUser.startsWith('{') ? pinnedUser : `{${pinnedUser}}`);
		const entries: Effective[] = [];
		for (const repo of user ? ws.repositoryList : []) {
			const level = ctx.state.repositoryLevel(repo, user!.uuid);
			if (level === undefined) continue;
			const entry = {repo, user: user!, level};
			if (!filter || filter(entry)) entries.push(entry);
		}
		return paginate(entries, paging, ctx.base, ctx.url, e => renderRepositoryPermission(ctx.base, e.repo, e.user, e.level));
	}
	const counts = countsFor(ctx.state, ws, q);
	const start = (paging.page - 1) * paging.pagelen;
	const values: Effective[] = [];
	let offset = 0;
	let more = false;
	for (let i = 0; i < ws.repositoryList.length; i++) {
		const repo = ws.repositoryList[i]!;
		const known = counts[i];
		if (known !== undefined && offset + known <= start) {
			offset += known;
			continue;
		}
		const entries = effectiveOf(ctx.state, repo, filter);
		counts[i] = entries.length;
		for (const entry of entries) {
			if (offset >= start && values.length < paging.pagelen) values.push(entry);
			else if (values.length >= paging.pagelen) more = true;
			offset++;
		}
		if (more) break;
	}
	const page: Page<unknown> = {pagelen: paging.pagelen, page: paging.page, values: values.map(e => renderRepositoryPermission(ctx.base, e.repo, e.user, e.level))};
	if (more) page.next = pageUrl(ctx.base, ctx.url, paging.page + 1);
	if (paging.page > 1) page.previous = pageUrl(ctx.base, ctx.url, paging.page - 1);
	return page;
}

export const workspaceRoutes: RouteDefinition[] = [
	{
		method: 'GET',
		template: '/2.0/user',
		scopes: [SCOPE.readUser],
		handle: ctx => ({status: 200, body: {...renderAccount(ctx.base, ctx.caller), username: ctx.caller.nickname}}),
	},
	{
		method: 'GET',
		template: '/2.0/users/{selected_user}',
		scopes: [SCOPE.readUser],
		handle: ctx => ({status: 200, body: renderAccount(ctx.base, userOf(ctx, ctx.params.selected_user!))}),
	},
	{
		method: 'GET',
		template: '/2.0/user/workspaces',
		scopes: [SCOPE.readWorkspace],
		handle: ctx => {
			noQuery(ctx);
			const admin = ctx.query.get('administrator');
			if (admin !== null && admin !== 'true' && admin !== 'false') throw badRequest('Invalid administrator', "administrator must be 'true' or 'false'");
			const list = (ctx.state.userWorkspaces.get(ctx.caller.uuid) ?? []).filter(ws => admin === null || ws.owners.has(ctx.caller.uuid) === (admin === 'true'));
			return {status: 200, body: paginate(list, parsePaging(ctx.query), ctx.base, ctx.url, ws => renderWorkspaceAccess(ctx.base, ws, ws.owners.has(ctx.caller.uuid)))};
		},
	},
	{
		method: 'GET',
		template: '/2.0/user/workspaces/{workspace}/permission',
		scopes: [SCOPE.readWorkspace],
		handle: ctx => {
			const ws = workspaceOf(ctx);
			return {status: 200, body: renderMembership(ctx.base, ws, ctx.caller, ws.members.get(ctx.caller.uuid))};
		},
	},
	{
		method: 'GET',
		template: '/2.0/user/workspaces/{workspace}/permissions/repositories',
		scopes: [SCOPE.readRepository],
		handle: ctx => {
			const ws = workspaceOf(ctx);
			const filter = compileQuery(ctx.query.get('q'), EFFECTIVE_FIELDS, LEVEL_RANK);
			const entries: Effective[] = [];
			for (const repo of ws.repositoryList) {
				const level = ctx.state.repositoryLevel(repo, ctx.caller.uuid);
				if (level === undefined) continue;
				const entry = {repo, user: ctx.caller, level};
				if (!filter || filter(entry)) entries.push(entry);
			}
			return {status: 200, body: paginate(entries, parsePaging(ctx.query), ctx.base, ctx.url, e => renderRepositoryPermission(ctx.base, e.repo, e.user, e.level))};
		},
	},
	{
		method: 'GET',
		template: '/2.0/workspaces/{workspace}',
		scopes: [SCOPE.readWorkspace],
		handle: ctx => ({status: 200, body: renderWorkspace(ctx.base, workspaceOf(ctx))}),
	},
	{
		method: 'GET',
		template: '/2.0/workspaces/{workspace}/members',
		scopes: [SCOPE.readWorkspace],
		handle: ctx => {
			const ws = workspaceOf(ctx);
			const q = ctx.query.get('q');
			const filter = compileQuery(q, MEMBER_FIELDS);
			// Documented: filtering by e-mail is for workspace administrators, up to 90 addresses a request;
			// `fields=+values.user.email` returns the addresses filtered by (and only those).
			const emails = queriedValues(q, 'user.email');
			if (emails !== undefined) {
				requireWorkspaceAdmin(ctx, ws, 'filter its members by email address');
				if (emails.length > MAX_EMAILS) throw badRequest('Too many email addresses', `You can filter by at most ${MAX_EMAILS} email addresses at a time, got ${emails.length}.`);
			}
			const showEmail = emails !== undefined && (ctx.query.get('fields') ?? '').split(',').some(field => field.trim() === '+values.user.email');
			const asked = new Set(emails ?? []);
			const list = members(ctx.state, ws).filter(m => !filter || filter(m));
			return {
				status: 200,
				body: paginate(list, parsePaging(ctx.query), ctx.base, ctx.url, m => {
					const body = renderMembership(ctx.base, ws, m.user);
					if (showEmail && m.user.email && asked.has(m.user.email)) (body.user as Record<string, unknown>).email = m.user.email;
					return body;
				}),
			};
		},
	},
	{
		method: 'GET',
		template: '/2.0/workspaces/{workspace}/members/{member}',
		scopes: [SCOPE.readWorkspace],
		handle: ctx => {
			const ws = workspaceOf(ctx);
			const user = ctx.state.findUser(ctx.params.member!);
			if (!user || !ws.members.has(user.uuid)) throw notFound(`'${ctx.params.member}' is not a member of workspace '${ws.slug}'.`);
			return {status: 200, body: renderMembership(ctx.base, ws, user)};
		},
	},
	{
		method: 'GET',
		template: '/2.0/workspaces/{workspace}/permissions',
		scopes: [SCOPE.readWorkspace],
		handle: ctx => {
			const ws = workspaceOf(ctx);
			requireWorkspaceAdmin(ctx, ws, 'list its permissions');
			const filter = compileQuery(ctx.query.get('q'), MEMBER_FIELDS);
			const list = members(ctx.state, ws).filter(m => !filter || filter(m));
			return {status: 200, body: paginate(list, parsePaging(ctx.query), ctx.base, ctx.url, m => renderMembership(ctx.base, ws, m.user, m.role))};
		},
	},
	{
		method: 'GET',
		template: '/2.0/workspaces/{workspace}/permissions/repositories',
		scopes: [SCOPE.readRepository],
		handle: ctx => {
			const ws = workspaceOf(ctx);
			requireWorkspaceAdmin(ctx, ws, 'list its repository permissions');
			return {status: 200, body: effectivePage(ctx, ws)};
		},
	},
	{
		method: 'GET',
		template: '/2.0/workspaces/{workspace}/permissions/repositories/{repo_slug}',
		scopes: [SCOPE.readRepository],
		handle: ctx => {
			const ws = workspaceOf(ctx);
			requireWorkspaceAdmin(ctx, ws, 'list its repository permissions');
			const repo = repositoryOf(ctx, ws);
			const filter = compileQuery(ctx.query.get('q'), EFFECTIVE_FIELDS, LEVEL_RANK);
			const list = effectiveOf(ctx.state, repo, filter);
			return {status: 200, body: paginate(list, parsePaging(ctx.query), ctx.base, ctx.url, e => renderRepositoryPermission(ctx.base, e.repo, e.user, e.level))};
		},
	},
];
