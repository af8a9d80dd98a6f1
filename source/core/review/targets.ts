/**
 * Small shared helpers of the review module: targets of a workspace, their names and keys,
 * principals in words, and text safe for a terminal line or a CSV/HTML cell.
 */
import {sanitizeText} from '../text/sanitize.js';
import type {AccessGraph} from '../graph/index.js';
import {describeSources} from '../selectors/via.js';
import type {AccessSource, Principal, Target, UserNode} from '../model.js';

export function targetKey(target: Target): string {
	return target.type === 'project' ? `project ${target.workspace}:${target.key}` : `repository ${target.fullName}`;
}

/** "acme:PLAT" or "acme/api-gateway". */
export function targetName(target: Target): string {
	return target.type === 'project' ? `${target.workspace}:${target.key}` : target.fullName;
}

/** Every project, then every repository, of a workspace. */
export function targetsOf(graph: AccessGraph, workspace: string): Target[] {
	const targets: Target[] = graph.projects(workspace).map(project => ({type: 'project', workspace, key: project.key}));
	for (const repository of graph.repositories(workspace)) targets.push({type: 'repository', workspace, fullName: repository.fullName});
	return targets;
}

export function userName(user: UserNode | undefined, uuid: string): string {
	if (!user) return uuid;
	return user.nickname && user.nickname !== user.displayName ? `${user.displayName} (${user.nickname})` : user.displayName;
}

export function principalName(graph: AccessGraph, principal: Principal): string {
	return principal.type === 'group' ? `group ${principal.slug}` : userName(graph.user(principal.uuid), principal.uuid);
}

export function why(sources: readonly AccessSource[], target: Target): string {
	return sources.length === 0 ? '' : describeSources(sources, target.type);
}

/** Server text for the review's text, CSV, Markdown and HTML outputs: the one sanitiser (core/text). */
export function plainText(text: string): string {
	return sanitizeText(text);
}

export function escapeHtml(text: string): string {
	return plainText(text).replace(/[&<>"']/g, char => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[char]!);
}
