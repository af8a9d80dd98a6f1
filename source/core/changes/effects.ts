/**
 * Before → after of effective access, as a pure function over the graph's sources: take each affected
 * user's current sources on a target, replace the one source the change touches (using the explicit
 * state Bitbucket just returned, not the possibly stale graph), and take the highest level again.
 * Nothing here talks to the network or mutates the graph.
 */
import {levelRank, type AccessSource, type Level, type Principal, type Target} from '../model.js';
import {sourceText, targetShortName, userShortName} from './describe.js';
import type {AccessGraph} from '../graph/index.js';
import {groupGrantTargets} from './graph-helpers.js';
import type {EffectChange, RemainingAccess} from './types.js';

export function levelOfSources(sources: readonly AccessSource[]): Level | 'none' {
	let best: Level | undefined;
	for (const source of sources) if (best === undefined || levelRank(source.level) > levelRank(best)) best = source.level;
	return best ?? 'none';
}

/** Is `source` the one produced by `principal`'s explicit entry directly on `target`? */
function isDirectSource(source: AccessSource, target: Target, principal: Principal): boolean {
	const kind = target.type === 'project' ? 'project' : 'repository';
	if (source.kind !== kind || source.principal !== principal.type) return false;
	if (principal.type === 'group' && source.group !== principal.slug) return false;
	if (target.type === 'project' && source.project !== undefined && source.project !== target.key) return false;
	return true;
}

function directSource(target: Target, principal: Principal, level: Level): AccessSource {
	const source: AccessSource = {kind: target.type === 'project' ? 'project' : 'repository', principal: principal.type, level};
	if (principal.type === 'group') source.group = principal.slug;
	if (target.type === 'project') source.project = target.key;
	return source;
}

function sortSources(sources: AccessSource[]): AccessSource[] {
	return sources.sort((a, b) => levelRank(b.level) - levelRank(a.level));
}

export interface EffectsResult {
	effects: EffectChange[];
	remaining: RemainingAccess[];
	affectedUsers: number;
	/** Why the answer may be incomplete (grants not loaded), from the graph. */
	missing: string[];
}

function remainingOf(graph: AccessGraph, uuid: string, target: Target, sources: AccessSource[], after: Level | 'none'): RemainingAccess[] {
	if (after === 'none') return [];
	const name = userShortName(graph.user(uuid), uuid);
	const top = sources.filter(source => source.level === after);
	return top.map(source => ({
		user: uuid,
		target,
		level: after,
		text: `${name} keeps ${after.toUpperCase()} on ${targetShortName(target)} ${sourceText(source, target)}`,
		jumpTo:
			source.kind === 'owner'
				? {type: 'workspace' as const, workspace: target.workspace}
				: source.kind === 'project'
					? {type: 'project' as const, workspace: target.workspace, key: source.project ?? (target.type === 'project' ? target.key : '')}
					: target,
	}));
}

/**
 * Effects of setting `principal`'s explicit entry on `target` from `before` to `after` (undefined = none).
 * A group principal affects every member of the group.
 */
export function permissionEffects(
	graph: AccessGraph,
	target: Target,
	principal: Principal,
	before: Level | undefined,
	after: Level | undefined,
): EffectsResult {
	const users = principal.type === 'user' ? [principal.uuid] : [...(graph.group(target.workspace, principal.slug)?.members ?? [])];
	const effects: EffectChange[] = [];
	const remaining: RemainingAccess[] = [];
	const missing = new Set<string>();
	const isRevoke = after === undefined || (before !== undefined && levelRank(after) < levelRank(before));
	for (const uuid of users) {
		const current = graph.effectiveLevel(uuid, target);
		for (const reason of current.missing) missing.add(reason);
		const others = current.sources.filter(source => !isDirectSource(source, target, principal));
		const beforeSources = before === undefined ? others : [...others, directSource(target, principal, before)];
		const afterSources = sortSources(after === undefined ? [...others] : [...others, directSource(target, principal, after)]);
		const beforeLevel = levelOfSources(beforeSources);
		const afterLevel = levelOfSources(afterSources);
		effects.push({
			user: uuid,
			userName: userShortName(graph.user(uuid), uuid),
			target,
			targetName: targetShortName(target),
			before: beforeLevel,
			after: afterLevel,
		});
		if (isRevoke) remaining.push(...remainingOf(graph, uuid, target, afterSources, afterLevel));
	}
	return {effects, remaining, affectedUsers: users.length, missing: [...missing]};
}

/**
 * Effects of making `uuid` a member (or not) of group `slug`: on every target the group holds a grant on,
 * the user's sources with or without the group's. `before`/`after` are the membership states.
 */
export function membershipEffects(
	graph: AccessGraph,
	workspace: string,
	slug: string,
	uuid: string,
	before: boolean,
	after: boolean,
): EffectsResult {
	const effects: EffectChange[] = [];
	const remaining: RemainingAccess[] = [];
	const missing = new Set<string>();
	const userName = userShortName(graph.user(uuid), uuid);
	for (const grant of groupGrantTargets(graph, workspace, slug)) {
		const {target} = grant;
		const current = graph.effectiveLevel(uuid, target);
		for (const reason of current.missing) missing.add(reason);
		const others = current.sources.filter(source => !(source.principal === 'group' && source.group === slug));
		const groupSource = directSource(target, {type: 'group', slug}, grant.level);
		const beforeSources = before ? [...others, groupSource] : others;
		const afterSources = sortSources(after ? [...others, groupSource] : [...others]);
		const beforeLevel = levelOfSources(beforeSources);
		const afterLevel = levelOfSources(afterSources);
		effects.push({user: uuid, userName, target, targetName: targetShortName(target), before: beforeLevel, after: afterLevel});
		if (before && !after) remaining.push(...remainingOf(graph, uuid, target, afterSources, afterLevel));
	}
	return {effects, remaining, affectedUsers: 1, missing: [...missing]};
}
