/**
 * Words for the change pipeline: names of principals, resources and sources, shared by the CLI
 * output, the TUI dialog and the journal summaries. Levels are always spelled out (WRITE, ADMIN).
 */
import {levelLabel, type AccessSource, type Level, type Principal, type Target, type UserNode} from '../model.js';
import {repositorySlug} from './endpoints.js';
import type {ChangeRequest, ExplicitState} from './types.js';
import {possessive} from '../text/english.js';

/** "lilei" (nickname) or the display name when there is no nickname. */
export function userShortName(user: UserNode | undefined, uuid: string): string {
	if (!user) return uuid;
	return user.nickname ?? user.displayName;
}

/** "Li Lei (lilei)". */
export function userLongName(user: UserNode | undefined, uuid: string): string {
	if (!user) return uuid;
	if (user.nickname && user.nickname !== user.displayName) return `${user.displayName} (${user.nickname})`;
	return user.displayName;
}

export function principalName(principal: Principal, user: UserNode | undefined): string {
	return principal.type === 'user' ? userShortName(user, principal.uuid) : `group ${principal.slug}`;
}

/** "acme/api-gateway" or "project PLAT in acme". */
export function targetLongName(target: Target): string {
	return target.type === 'repository' ? target.fullName : `project ${target.key} in ${target.workspace}`;
}

/** "api-gateway" or "project PLAT". */
export function targetShortName(target: Target): string {
	return target.type === 'repository' ? repositorySlug(target.fullName) : `project ${target.key}`;
}

/** What the admin types to confirm a change on this resource: the repository full name or "ws:KEY". */
export function targetConfirmName(target: Target): string {
	return target.type === 'repository' ? target.fullName : `${target.workspace}:${target.key}`;
}

export function levelOrNone(level: Level | 'none' | undefined): string {
	return levelLabel(level ?? 'none');
}

export function stateLabel(state: ExplicitState): string {
	if (state.type === 'permission') return levelOrNone(state.level);
	return state.member ? 'member' : 'not a member';
}

/** "via group developers on project PLAT", "as owner of workspace acme", "via their own grant on the repository". */
export function sourceText(source: AccessSource, target: Target): string {
	if (source.kind === 'owner') return `as owner of workspace ${target.workspace}`;
	const granted = source.grantedLevel && source.grantedLevel !== source.level ? ` (granted ${levelLabel(source.grantedLevel)})` : '';
	const holder = source.principal === 'group' ? `via group ${source.group ?? '?'}` : 'via their own grant';
	if (source.kind === 'project') {
		const project = source.project ?? (target.type === 'project' ? target.key : '?');
		// On the project itself, "on project PLAT" would repeat the target.
		if (target.type === 'project' && target.key === project) return `${holder}${granted}`;
		return `${holder} on project ${project}${granted}`;
	}
	return `${holder} on ${target.type === 'repository' ? repositorySlug(target.fullName) : 'the repository'}${granted}`;
}

export function describeChange(change: ChangeRequest, names: {principal: string; resource: string}, before?: ExplicitState): string {
	if (change.type === 'membership') {
		return change.member ? `add ${names.principal} to group ${change.group} in ${change.workspace}` : `remove ${names.principal} from group ${change.group} in ${change.workspace}`;
	}
	if (change.level === undefined) {
		const was = before?.type === 'permission' && before.level ? ` ${levelLabel(before.level)}` : ' permission';
		return `revoke ${possessive(names.principal)} explicit${was} on ${names.resource}`;
	}
	const from = before?.type === 'permission' && before.level ? ` (was ${levelLabel(before.level)})` : '';
	return `grant ${levelLabel(change.level)} to ${names.principal} on ${names.resource}${from}`;
}
