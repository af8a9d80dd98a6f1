/** Project and repository routes: /2.0/workspaces/{ws}/projects…, /2.0/repositories/{ws}… */
import {levelRank} from './levels.js';
import {badRequest} from './api-error.js';
import {compileQuery, paginate, parsePaging, type QueryFields} from './query.js';
import {renderProject, renderRepository} from './render.js';
import {projectOf, repositoryOf, SCOPE, workspaceOf} from './route-helpers.js';
import type {RouteDefinition} from './router.js';
import type {ProjectRecord, RepositoryRecord} from './state.js';

const PROJECT_FIELDS: QueryFields<ProjectRecord> = {
	key: p => p.key,
	name: p => p.name,
	uuid: p => p.uuid,
	is_private: p => p.isPrivate,
	description: p => p.description,
};

const REPOSITORY_FIELDS: QueryFields<RepositoryRecord> = {
	'project.key': r => r.project.key,
	'project.uuid': r => r.project.uuid,
	'project.name': r => r.project.name,
	name: r => r.name,
	slug: r => r.slug,
	full_name: r => `${r.workspace.slug}/${r.slug}`,
	uuid: r => r.uuid,
	is_private: r => r.isPrivate,
	language: r => r.language,
	description: r => r.description,
};

/** `role=` filter of /2.0/repositories/{ws}: the least level the caller needs. */
const ROLE_MIN_RANK: Record<string, number> = {member: 1, contributor: 2, admin: 4};

export const projectRoutes: RouteDefinition[] = [
	{
		method: 'GET',
		template: '/2.0/workspaces/{workspace}/projects',
		scopes: [SCOPE.readProject],
		handle: ctx => {
			const ws = workspaceOf(ctx);
			const filter = compileQuery(ctx.query.get('q'), PROJECT_FIELDS);
			const owner = ws.owners.has(ctx.caller.uuid);
			const list: ProjectRecord[] = [];
			for (const project of ws.projects.values()) {
				if ((owner || ctx.state.canSeeProject(project, ctx.caller.uuid)) && (!filter || filter(project))) list.push(project);
			}
			return {status: 200, body: paginate(list, parsePaging(ctx.query), ctx.base, ctx.url, p => renderProject(ctx.base, p))};
		},
	},
	{
		method: 'GET',
		template: '/2.0/workspaces/{workspace}/projects/{project_key}',
		scopes: [SCOPE.readProject],
		handle: ctx => ({status: 200, body: renderProject(ctx.base, projectOf(ctx, workspaceOf(ctx)))}),
	},
	{
		method: 'GET',
		template: '/2.0/repositories/{workspace}',
		scopes: [SCOPE.readRepository],
		handle: ctx => {
			const ws = workspaceOf(ctx);
			const filter = compileQuery(ctx.query.get('q'), REPOSITORY_FIELDS);
			const role = ctx.query.get('role');
			if (role !== null && !(role in ROLE_MIN_RANK)) {
				throw badRequest('Invalid role', `role must be one of ${Object.keys(ROLE_MIN_RANK).join(', ')}, got '${role}'`);
			}
			const minRank = role === null ? 0 : ROLE_MIN_RANK[role]!;
			const owner = ws.owners.has(ctx.caller.uuid);
			const list: RepositoryRecord[] = [];
			for (const repo of ws.repositoryList) {
				if (!owner || minRank > 0) {
					const level = ctx.state.repositoryLevel(repo, ctx.caller.uuid);
					if (minRank > 0 ? !level || levelRank(level) < minRank : !level && repo.isPrivate) continue;
				}
				if (!filter || filter(repo)) list.push(repo);
			}
			return {status: 200, body: paginate(list, parsePaging(ctx.query), ctx.base, ctx.url, r => renderRepository(ctx.base, r))};
		},
	},
	{
		method: 'GET',
		template: '/2.0/repositories/{workspace}/{repo_slug}',
		scopes: [SCOPE.readRepository],
		handle: ctx => ({status: 200, body: renderRepository(ctx.base, repositoryOf(ctx, workspaceOf(ctx)))}),
	},
];
