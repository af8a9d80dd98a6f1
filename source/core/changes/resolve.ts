/**
 * Turning what an admin types (a uuid, an account id, a nickname or a display name; a repository
 * slug; a project key; a level word) into graph ids, with specific messages when it does not match.
 */
import type {AccessGraph} from '../graph/index.js';
import {BbError} from '../errors.js';
import {isProjectLevel, isRepoLevel, PROJECT_LEVELS, REPO_LEVELS, type Level, type Target, type UserNode} from '../model.js';

function describeCandidate(user: UserNode): string {
	const nick = user.nickname ? ` (${user.nickname})` : '';
	return `${user.displayName}${nick} ${user.uuid}`;
}

/** A uuid (with or without braces), an account id, or a nickname / display name when unambiguous. */
export function resolveUser(graph: AccessGraph, input: string, workspaces?: readonly string[]): UserNode {
	const text = input.trim();
	if (text === '') throw new BbError('usage', '--user needs a uuid, an account id, a nickname or a display name');
	const bare = text.replace(/^\{|\}$/g, '').toLowerCase();
	const users = graph.users();
	const byId = users.find(user => user.uuid.replace(/^\{|\}$/g, '').toLowerCase() === bare || user.accountId === text);
	if (byId) return byId;
	const lower = text.toLowerCase();
	let matches = users.filter(user => user.nickname?.toLowerCase() === lower);
	if (matches.length === 0) matches = users.filter(user => user.displayName.toLowerCase() === lower);
	if (matches.length > 1 && workspaces && workspaces.length > 0) {
		const inScope = matches.filter(user => workspaces.some(ws => graph.roleOf(ws, user.uuid) !== undefined));
		if (inScope.length > 0) matches = inScope;
	}
	if (matches.length === 1) return matches[0]!;
	if (matches.length > 1) {
		throw new BbError('usage', `'${text}' matches ${matches.length} people; pass --user with one of their uuids:\n${matches.map(user => `  ${describeCandidate(user)}`).join('\n')}`);
	}
	const partial = users.filter(user => user.nickname?.toLowerCase().includes(lower) || user.displayName.toLowerCase().includes(lower)).slice(0, 5);
	const hint = partial.length > 0 ? `Did you mean: ${partial.map(describeCandidate).join('; ')}?` : undefined;
	throw new BbError('usage', `no user '${text}' in the synced data (by uuid, account id, nickname or display name)`, hint ? {hint} : {});
}

/** A group slug (or its name) in a workspace. */
export function resolveGroup(graph: AccessGraph, workspace: string, input: string): string {
	const text = input.trim();
	const groups = graph.groups(workspace);
	const lower = text.toLowerCase();
	const match = groups.find(group => group.slug === text) ?? groups.find(group => group.slug.toLowerCase() === lower || group.name.toLowerCase() === lower);
	if (match) return match.slug;
	const known = groups.map(group => group.slug).join(', ');
	const partial = graph.workspace(workspace)?.partial ?? [];
	const why = known ? ` (groups: ${known})` : partial.length > 0 ? ` (not everything is visible to this account there: ${partial.join('; ')})` : '';
	throw new BbError('usage', `no group '${text}' in workspace ${workspace}${why}`);
}

export function requireWorkspace(graph: AccessGraph, workspace: string): void {
	if (graph.workspace(workspace)) return;
	const known = graph.workspaces().map(ws => ws.slug).join(', ');
	throw new BbError('usage', `workspace '${workspace}' is not in the synced data${known ? ` (synced: ${known})` : ''}`);
}

/** --repo (slug or full name) or --project (key, any case) within a workspace. */
export function resolveTarget(graph: AccessGraph, workspace: string, spec: {repo?: string; project?: string}): Target {
	requireWorkspace(graph, workspace);
	if (spec.repo !== undefined && spec.project !== undefined) throw new BbError('usage', 'give either --repo or --project, not both');
	if (spec.repo !== undefined) {
		const slug = spec.repo.includes('/') ? spec.repo.slice(spec.repo.indexOf('/') + 1) : spec.repo;
		if (spec.repo.includes('/') && !spec.repo.startsWith(`${workspace}/`)) {
			throw new BbError('usage', `--repo ${spec.repo} is not in workspace ${workspace}`);
		}
		const fullName = `${workspace}/${slug}`;
		const repo = graph.repository(fullName) ?? graph.repositories(workspace).find(r => r.slug.toLowerCase() === slug.toLowerCase());
		if (!repo) throw new BbError('usage', `no repository '${slug}' in workspace ${workspace}`);
		return {type: 'repository', workspace, fullName: repo.fullName};
	}
	if (spec.project !== undefined) {
		const key = spec.project.trim();
		const project = graph.project(workspace, key) ?? graph.projects(workspace).find(p => p.key.toLowerCase() === key.toLowerCase());
		if (!project) {
			const known = graph.projects(workspace).map(p => p.key).join(', ');
			throw new BbError('usage', `no project '${key}' in workspace ${workspace}${known ? ` (projects: ${known})` : ''}`);
		}
		return {type: 'project', workspace, key: project.key};
	}
	throw new BbError('usage', 'give --repo <slug> or --project <KEY>');
}

/** A level word valid for the target: read, write, admin (and create-repo on projects). */
export function parseLevel(input: string, target: Target): Level {
	const level = input.trim().toLowerCase();
	if (target.type === 'repository') {
		if (isRepoLevel(level)) return level;
		throw new BbError('usage', `--level for a repository is one of ${REPO_LEVELS.join(', ')}, got '${input}'`);
	}
	if (isProjectLevel(level)) return level;
	throw new BbError('usage', `--level for a project is one of ${PROJECT_LEVELS.join(', ')}, got '${input}'`);
}
