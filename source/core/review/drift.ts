/**
 * Drift: what changed between two snapshots. Effective access per person and target (level before
 * → after, and how the "why" changed), and the explicit state behind it (grants, group
 * memberships, people, repositories, projects, groups and owners that appeared or left).
 * A comparison where either side did not have the data loaded or visible is never reported as a
 * change: it is listed as "not comparable" with the reason.
 */
import {AccessGraph} from '../graph/index.js';
import {levelLabel, levelRank, projectId, type AccessSnapshot, type Level, type Principal, type Target} from '../model.js';
import {principalName, targetName, targetsOf, userName, why} from './targets.js';

export type AccessChangeKind = 'added' | 'removed' | 'raised' | 'lowered' | 'why-changed';

/** One person's effective access on one target changed. Marker: + − ↑ ↓ ~. */
export interface AccessChange {
	kind: AccessChangeKind;
	workspace: string;
	target: Target;
	targetName: string;
	user: string;
	userName: string;
	before: Level | 'none';
	after: Level | 'none';
	whyBefore: string;
	whyAfter: string;
}

export type StateChangeKind =
	| 'grant-added'
	| 'grant-removed'
	| 'grant-changed'
	| 'member-added'
	| 'member-removed'
	| 'person-joined'
	| 'person-left'
	| 'owner-added'
	| 'owner-removed'
	| 'repository-appeared'
	| 'repository-left'
	| 'project-appeared'
	| 'project-left'
	| 'group-appeared'
	| 'group-left'
	| 'workspace-appeared'
	| 'workspace-left';

/** One change of the explicit state. */
export interface StateChange {
	kind: StateChangeKind;
	workspace: string;
	/** "grant of group developers on acme:PLAT: WRITE → ADMIN". */
	text: string;
	subject: string;
	before?: string;
	after?: string;
}

export interface NotComparable {
	workspace: string;
	/** "repository acme/legacy-tools", "group membership of acme". */
	what: string;
	reason: string;
}

export interface DriftReport {
	from: {syncedAt: string};
	to: {syncedAt: string};
	workspaces: string[];
	access: AccessChange[];
	state: StateChange[];
	notComparable: NotComparable[];
}

export const ACCESS_MARKERS: Record<AccessChangeKind, string> = {added: '+', removed: '−', raised: '↑', lowered: '↓', 'why-changed': '~'};

function rank(level: Level | 'none'): number {
	return level === 'none' ? 0 : levelRank(level);
}

function changeKind(before: Level | 'none', after: Level | 'none'): AccessChangeKind {
	if (before === 'none') return 'added';
	if (after === 'none') return 'removed';
	return rank(after) > rank(before) ? 'raised' : rank(after) < rank(before) ? 'lowered' : 'why-changed';
}

function sameTarget(graph: AccessGraph, target: Target): boolean {
	return target.type === 'project' ? graph.project(target.workspace, target.key) !== undefined : graph.repository(target.fullName) !== undefined;
}

function grantsKnown(graph: AccessGraph, target: Target): string | undefined {
	const state = target.type === 'project' ? graph.projectGrantsState(target.workspace, target.key) : graph.repositoryGrantsState(target.fullName);
	if (state.state === 'loaded') return undefined;
	return state.state === 'not-loaded' ? 'grants not loaded' : `grants not visible (${state.reason})`;
}

function side(label: string, reason: string): string {
	return `${label}: ${reason}`;
}

/** What a target's effective access depends on, besides the owners and the groups' members. */
function grantSignature(graph: AccessGraph, target: Target): {text: string; groups: string[]} {
	const parts: string[] = [];
	const groups: string[] = [];
	const add = (prefix: string, grants: {principal: Principal; level: Level}[], state: string) => {
		parts.push(`${prefix}#${state}`);
		for (const grant of grants) {
			parts.push(`${prefix}:${principalKey(grant.principal)}=${grant.level}`);
			if (grant.principal.type === 'group') groups.push(grant.principal.slug);
		}
	};
	if (target.type === 'project') add('p', graph.projectGrants(target.workspace, target.key), graph.projectGrantsState(target.workspace, target.key).state);
	else {
		add('r', graph.repositoryGrants(target.fullName), graph.repositoryGrantsState(target.fullName).state);
		const key = graph.repository(target.fullName)?.projectKey;
		if (key !== undefined) add('p', graph.projectGrants(target.workspace, key), graph.projectGrantsState(target.workspace, key).state);
	}
	return {text: parts.sort().join(','), groups};
}

/** Per workspace: what changed that every target depends on (owners, group members, visibility). */
interface WorkspaceChanges {
	ownersOrPartialChanged: boolean;
	changedGroups: Set<string>;
}

function workspaceChanges(before: AccessGraph, after: AccessGraph, workspace: string): WorkspaceChanges {
	const owners = (graph: AccessGraph) => graph.members(workspace).filter(member => member.role === 'owner').map(member => member.user.uuid).sort().join(',');
	const partial = (graph: AccessGraph) => (graph.workspace(workspace)?.partial ?? []).join(';');
	const changedGroups = new Set<string>();
	const members = (graph: AccessGraph, slug: string) => graph.group(workspace, slug)?.members.slice().sort().join(',');
	for (const group of [...before.groups(workspace), ...after.groups(workspace)]) {
		if (members(before, group.slug) !== members(after, group.slug)) changedGroups.add(group.slug);
	}
	return {ownersOrPartialChanged: owners(before) !== owners(after) || partial(before) !== partial(after), changedGroups};
}

/** True when nothing the target's effective access depends on changed and both sides are complete without asking. */
function unchangedAndComplete(before: AccessGraph, after: AccessGraph, target: Target, changes: WorkspaceChanges): boolean {
	if (changes.ownersOrPartialChanged || (before.workspace(target.workspace)?.partial.length ?? 0) > 0) return false;
	const a = grantSignature(before, target);
	if (a.text.includes('#not-loaded') || a.text.includes('#unavailable')) return false;
	const b = grantSignature(after, target);
	if (a.text !== b.text) return false;
	return a.groups.every(slug => !changes.changedGroups.has(slug) && before.group(target.workspace, slug) !== undefined);
}

/** Effective access changes on one target present in both snapshots. */
function diffTarget(before: AccessGraph, after: AccessGraph, target: Target, report: DriftReport, changes: WorkspaceChanges): void {
	if (unchangedAndComplete(before, after, target, changes)) return;
	const a = before.effectiveAccess(target);
	const b = after.effectiveAccess(target);
	if (!a.complete || !b.complete) {
		const reasons = [...a.missing.map(item => side('before', item)), ...b.missing.map(item => side('after', item))];
		report.notComparable.push({workspace: target.workspace, what: `effective access on ${target.type} ${targetName(target)}`, reason: reasons.join('; ')});
		return;
	}
	const afterByUser = new Map(b.entries.map(entry => [entry.user.uuid, entry]));
	const seen = new Set<string>();
	const push = (uuid: string, name: string, levelBefore: Level | 'none', levelAfter: Level | 'none', whyBefore: string, whyAfter: string) => {
		if (levelBefore === levelAfter && whyBefore === whyAfter) return;
		report.access.push({kind: changeKind(levelBefore, levelAfter), workspace: target.workspace, target, targetName: targetName(target), user: uuid, userName: name, before: levelBefore, after: levelAfter, whyBefore, whyAfter});
	};
	for (const entry of a.entries) {
		seen.add(entry.user.uuid);
		const next = afterByUser.get(entry.user.uuid);
		push(entry.user.uuid, userName(after.user(entry.user.uuid) ?? entry.user, entry.user.uuid), entry.level, next?.level ?? 'none', why(entry.sources, target), next ? why(next.sources, target) : '');
	}
	for (const entry of b.entries) {
		if (!seen.has(entry.user.uuid)) push(entry.user.uuid, userName(entry.user, entry.user.uuid), 'none', entry.level, '', why(entry.sources, target));
	}
}

function principalKey(principal: Principal): string {
	return principal.type === 'user' ? `u:${principal.uuid}` : `g:${principal.slug}`;
}

/** Explicit grants of one target present in both snapshots. */
function diffGrants(before: AccessGraph, after: AccessGraph, target: Target, report: DriftReport): void {
	const unknown = [grantsKnown(before, target), grantsKnown(after, target)];
	if (unknown[0] || unknown[1]) {
		const reasons = [unknown[0] && side('before', unknown[0]), unknown[1] && side('after', unknown[1])].filter(Boolean);
		report.notComparable.push({workspace: target.workspace, what: `explicit grants on ${target.type} ${targetName(target)}`, reason: reasons.join('; ')});
		return;
	}
	const list = (graph: AccessGraph) =>
		new Map<string, {principal: Principal; level: Level}>(
			(target.type === 'project' ? graph.projectGrants(target.workspace, target.key) : graph.repositoryGrants(target.fullName)).map(grant => [principalKey(grant.principal), grant]),
		);
	const was = list(before);
	const now = list(after);
	const name = targetName(target);
	for (const [key, grant] of was) {
		const next = now.get(key);
		const who = principalName(next ? after : before, grant.principal);
		if (!next) report.state.push({kind: 'grant-removed', workspace: target.workspace, subject: `${who} on ${name}`, before: grant.level, text: `grant removed: ${who} had ${levelLabel(grant.level)} on ${name}`});
		else if (next.level !== grant.level) report.state.push({kind: 'grant-changed', workspace: target.workspace, subject: `${who} on ${name}`, before: grant.level, after: next.level, text: `grant changed: ${who} on ${name}: ${levelLabel(grant.level)} → ${levelLabel(next.level)}`});
	}
	for (const [key, grant] of now) {
		if (was.has(key)) continue;
		const who = principalName(after, grant.principal);
		report.state.push({kind: 'grant-added', workspace: target.workspace, subject: `${who} on ${name}`, after: grant.level, text: `grant added: ${who} gets ${levelLabel(grant.level)} on ${name}`});
	}
}

/**
 * A project or repository on one side only (created, or deleted / moved away): everyone who reaches
 * it gained (or lost) that access, and its explicit grants were added (or removed) — when that
 * side's answer is complete; otherwise "not comparable" with the reason.
 */
function oneSided(graph: AccessGraph, target: Target, how: 'appeared' | 'left', report: DriftReport): void {
	const label = how === 'appeared' ? 'after' : 'before';
	const name = targetName(target);
	const unknown = grantsKnown(graph, target);
	if (unknown) report.notComparable.push({workspace: target.workspace, what: `explicit grants on ${target.type} ${name}`, reason: `${how === 'appeared' ? 'new' : 'gone'}; ${side(label, unknown)}`});
	else {
		const grants = target.type === 'project' ? graph.projectGrants(target.workspace, target.key) : graph.repositoryGrants(target.fullName);
		for (const grant of grants) {
			const who = principalName(graph, grant.principal);
			if (how === 'appeared') report.state.push({kind: 'grant-added', workspace: target.workspace, subject: `${who} on ${name}`, after: grant.level, text: `grant added: ${who} gets ${levelLabel(grant.level)} on ${name} (new ${target.type})`});
			else report.state.push({kind: 'grant-removed', workspace: target.workspace, subject: `${who} on ${name}`, before: grant.level, text: `grant removed: ${who} had ${levelLabel(grant.level)} on ${name} (${target.type} gone)`});
		}
	}
	const answer = graph.effectiveAccess(target);
	if (!answer.complete) {
		report.notComparable.push({workspace: target.workspace, what: `effective access on ${target.type} ${name}`, reason: [`${how === 'appeared' ? 'new' : 'gone'}`, ...answer.missing.map(item => side(label, item))].join('; ')});
		return;
	}
	for (const entry of answer.entries) {
		const person = userName(graph.user(entry.user.uuid) ?? entry.user, entry.user.uuid);
		const reason = why(entry.sources, target);
		report.access.push(
			how === 'appeared'
				? {kind: 'added', workspace: target.workspace, target, targetName: name, user: entry.user.uuid, userName: person, before: 'none', after: entry.level, whyBefore: '', whyAfter: reason}
				: {kind: 'removed', workspace: target.workspace, target, targetName: name, user: entry.user.uuid, userName: person, before: entry.level, after: 'none', whyBefore: reason, whyAfter: ''},
		);
	}
}

function partialOf(graph: AccessGraph, workspace: string): string[] {
	const node = graph.workspace(workspace);
	return node ? node.partial : [];
}

/** People, owners, groups and memberships of one workspace present in both snapshots. */
function diffWorkspace(before: AccessGraph, after: AccessGraph, workspace: string, report: DriftReport): void {
	const partial = [...partialOf(before, workspace).map(item => side('before', item)), ...partialOf(after, workspace).map(item => side('after', item))];
	const add = (kind: StateChangeKind, subject: string, text: string) => report.state.push({kind, workspace, subject, text});
	if (partial.length > 0) {
		report.notComparable.push({workspace, what: `members, owners and groups of ${workspace}`, reason: partial.join('; ')});
	} else {
		const roles = (graph: AccessGraph) => new Map(graph.members(workspace).map(member => [member.user.uuid, member]));
		const was = roles(before);
		const now = roles(after);
		for (const [uuid, member] of was) {
			const next = now.get(uuid);
			const name = userName(member.user, uuid);
			if (!next) add('person-left', name, `${name} left ${workspace}${member.role === 'owner' ? ' (was an owner)' : ''}`);
			else if (next.role !== member.role) add(next.role === 'owner' ? 'owner-added' : 'owner-removed', name, next.role === 'owner' ? `${name} became an owner of ${workspace}` : `${name} is no longer an owner of ${workspace}`);
		}
		for (const [uuid, member] of now) {
			if (was.has(uuid)) continue;
			const name = userName(member.user, uuid);
			add(member.role === 'owner' ? 'owner-added' : 'person-joined', name, member.role === 'owner' ? `${name} joined ${workspace} as an owner` : `${name} joined ${workspace}`);
		}
		const groups = (graph: AccessGraph) => new Map(graph.groups(workspace).map(group => [group.slug, group]));
		const groupsBefore = groups(before);
		const groupsAfter = groups(after);
		for (const [slug, group] of groupsBefore) {
			const next = groupsAfter.get(slug);
			if (!next) {
				add('group-left', `group ${slug}`, `group ${slug} was deleted (had ${group.members.length} members)`);
				continue;
			}
			const members = new Set(next.members);
			const previous = new Set(group.members);
			for (const uuid of group.members) if (!members.has(uuid)) add('member-removed', `group ${slug}`, `${userName(before.user(uuid), uuid)} left group ${slug}`);
			for (const uuid of next.members) if (!previous.has(uuid)) add('member-added', `group ${slug}`, `${userName(after.user(uuid), uuid)} joined group ${slug}`);
		}
		for (const [slug, group] of groupsAfter) if (!groupsBefore.has(slug)) add('group-appeared', `group ${slug}`, `group ${slug} was created (${group.members.length} members)`);
	}
	const projectsBefore = new Set(before.projects(workspace).map(project => project.key));
	const projectsAfter = new Set(after.projects(workspace).map(project => project.key));
	for (const key of projectsBefore) if (!projectsAfter.has(key)) add('project-left', projectId(workspace, key), `project ${projectId(workspace, key)} is gone`);
	for (const key of projectsAfter) if (!projectsBefore.has(key)) add('project-appeared', projectId(workspace, key), `project ${projectId(workspace, key)} appeared`);
	const reposBefore = new Set(before.repositories(workspace).map(repository => repository.fullName));
	const reposAfter = new Set(after.repositories(workspace).map(repository => repository.fullName));
	for (const name of reposBefore) if (!reposAfter.has(name)) add('repository-left', name, `repository ${name} is gone`);
	for (const name of reposAfter) if (!reposBefore.has(name)) add('repository-appeared', name, `repository ${name} appeared`);
}

export interface DriftOptions {
	/** Only these workspaces (empty: every workspace of either side). */
	workspaces?: string[];
}

/** Everything that changed from `before` to `after`. Pure; graphs are built here from the snapshots. */
export function diffSnapshots(before: AccessSnapshot | AccessGraph, after: AccessSnapshot | AccessGraph, options: DriftOptions = {}): DriftReport {
	const a = before instanceof AccessGraph ? before : AccessGraph.fromSnapshot(before);
	const b = after instanceof AccessGraph ? after : AccessGraph.fromSnapshot(after);
	const all = [...new Set([...a.workspaces().map(ws => ws.slug), ...b.workspaces().map(ws => ws.slug)])].sort();
	const workspaces = options.workspaces && options.workspaces.length > 0 ? all.filter(slug => options.workspaces!.includes(slug)) : all;
	const report: DriftReport = {from: {syncedAt: a.syncedAt}, to: {syncedAt: b.syncedAt}, workspaces, access: [], state: [], notComparable: []};
	for (const workspace of workspaces) {
		const inBefore = a.workspace(workspace) !== undefined;
		const inAfter = b.workspace(workspace) !== undefined;
		if (!inBefore || !inAfter) {
			report.state.push({kind: inAfter ? 'workspace-appeared' : 'workspace-left', workspace, subject: workspace, text: inAfter ? `workspace ${workspace} appeared in the sync` : `workspace ${workspace} is no longer in the sync`});
			report.notComparable.push({workspace, what: `workspace ${workspace}`, reason: inAfter ? 'not in the earlier snapshot' : 'not in the later snapshot'});
			continue;
		}
		diffWorkspace(a, b, workspace, report);
		const changes = workspaceChanges(a, b, workspace);
		for (const target of targetsOf(a, workspace)) {
			if (!sameTarget(b, target)) {
				oneSided(a, target, 'left', report);
				continue;
			}
			diffGrants(a, b, target, report);
			diffTarget(a, b, target, report, changes);
		}
		for (const target of targetsOf(b, workspace)) if (!sameTarget(a, target)) oneSided(b, target, 'appeared', report);
	}
	return report;
}

/** "+ Dana Scully on acme/api-gateway: none → WRITE (via group developers on project PLAT)" */
export function formatAccessChange(change: AccessChange): string {
	const level = (value: Level | 'none') => (value === 'none' ? 'none' : levelLabel(value));
	const whyText = change.whyBefore === change.whyAfter ? change.whyAfter : change.whyBefore === '' ? change.whyAfter : change.whyAfter === '' ? `was ${change.whyBefore}` : `${change.whyBefore} → ${change.whyAfter}`;
	return `${ACCESS_MARKERS[change.kind]} ${change.userName} on ${change.targetName}: ${level(change.before)} → ${level(change.after)}${whyText ? ` (${whyText})` : ''}`;
}
