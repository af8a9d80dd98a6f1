/**
 * Findings: what is wrong (or unknown) in the access graph now. Built-in rules, each finding with
 * a rule id, a severity, a one-line explanation, the access paths involved and, where bbaccess can
 * make it, a proposed fix stated as ChangeRequests for the change pipeline (plan → confirm →
 * apply → verify → journal). Pure over an AccessGraph.
 */
import type {ChangeRequest} from '../changes/types.js';
import {AccessGraph} from '../graph/index.js';
import {levelLabel, levelRank, type AccessSource, type Level, type Principal, type Target} from '../model.js';
import {principalName, targetName, targetsOf, userName, why} from './targets.js';
import {possessive} from '../text/english.js';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(severity: Severity): number {
	return SEVERITIES.indexOf(severity);
}

export function isSeverity(value: unknown): value is Severity {
	return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** Something a finding is about, for "open the objects involved". */
export type FindingObject =
	| Target
	| {type: 'user'; workspace: string; uuid: string}
	| {type: 'group'; workspace: string; slug: string}
	| {type: 'workspace'; workspace: string};

export interface ProposedFix {
	/** "revoke group developers' READ on acme/api-gateway". */
	summary: string;
	/** For the change pipeline; empty when bbaccess cannot make the fix (then `summary` says what to do). */
	changes: ChangeRequest[];
}

export interface Finding {
	/** Stable across runs: rule + subject, e.g. "redundant-grant:acme/api-gateway:g:developers". */
	id: string;
	rule: string;
	severity: Severity;
	workspace: string;
	/** One line. */
	title: string;
	/** Access paths involved, e.g. "Dana Scully → group developers → WRITE on acme:PLAT". */
	paths: string[];
	objects: FindingObject[];
	fix?: ProposedFix;
	/** For redundant-grant: why removing the grant changes no effective access. */
	proof?: string;
}

export const BUILT_IN_RULES: {id: string; severity: Severity; explanation: string}[] = [
	{id: 'redundant-grant', severity: 'low', explanation: 'an explicit grant no higher than what everyone it covers already has from elsewhere; removing it changes no effective access'},
	{id: 'direct-user-grant', severity: 'low', explanation: 'a repository or project grant to an individual user rather than a group'},
	{id: 'admin-outside-owners', severity: 'medium', explanation: 'ADMIN on a repository or project held by someone who is not a workspace owner'},
	{id: 'public-repository', severity: 'medium', explanation: 'a public repository: anyone on the internet can read it'},
	{id: 'empty-group-with-grants', severity: 'low', explanation: 'a group with no members that still holds grants'},
	{id: 'unused-group', severity: 'info', explanation: 'a group that grants nothing'},
	{id: 'member-without-access', severity: 'low', explanation: 'a workspace member who reaches no repository (a seat, a leftover)'},
	{id: 'blind-spot', severity: 'medium', explanation: 'access the graph cannot see: grants not loaded or not visible, workspaces not administered, access tokens and deploy keys'},
];

const RULE_SEVERITY = new Map(BUILT_IN_RULES.map(rule => [rule.id, rule.severity]));

function grantsOn(graph: AccessGraph, target: Target): {principal: Principal; level: Level}[] {
	return target.type === 'project' ? graph.projectGrants(target.workspace, target.key) : graph.repositoryGrants(target.fullName);
}

function loaded(graph: AccessGraph, target: Target): boolean {
	return (target.type === 'project' ? graph.projectGrantsState(target.workspace, target.key) : graph.repositoryGrantsState(target.fullName)).state === 'loaded';
}

function principalId(principal: Principal): string {
	return principal.type === 'user' ? `u:${principal.uuid}` : `g:${principal.slug}`;
}

function revoke(target: Target, principal: Principal): ChangeRequest {
	return {type: 'permission', target, principal, level: undefined};
}

/** The targets a grant reaches: the target, and for a project every repository of it. */
function reachedBy(graph: AccessGraph, target: Target): Target[] {
	if (target.type === 'repository') return [target];
	return [target, ...graph.repositoriesOf(target.workspace, target.key).map((repository): Target => ({type: 'repository', workspace: target.workspace, fullName: repository.fullName}))];
}

function coveredUsers(graph: AccessGraph, workspace: string, principal: Principal): string[] {
	return principal.type === 'user' ? [principal.uuid] : (graph.group(workspace, principal.slug)?.members ?? []);
}

/** The sources other than the explicit grant of `principal` on `target`. */
function otherSources(sources: readonly AccessSource[], target: Target, principal: Principal): AccessSource[] {
	const kind = target.type === 'project' ? 'project' : 'repository';
	return sources.filter(source => !(source.kind === kind && source.principal === principal.type && (principal.type === 'user' || source.group === principal.slug)));
}

/**
 * redundant-grant, proven on a copy of the graph with the grant removed: every target it reaches
 * has exactly the same effective levels for everyone, and both answers are complete.
 */
function redundantGrants(graph: AccessGraph, workspace: string, findings: Finding[]): void {
	let scratch: AccessGraph | undefined;
	for (const target of targetsOf(graph, workspace)) {
		if (!loaded(graph, target)) continue;
		for (const grant of grantsOn(graph, target)) {
			const users = coveredUsers(graph, workspace, grant.principal);
			if (users.length === 0) continue; // empty-group-with-grants says it.
			// Cheap test first: does everyone it covers keep at least this level from another source?
			const reached = reachedBy(graph, target);
			const candidate = reached.every(item => {
				return users.every(uuid => {
					const answer = graph.effectiveLevel(uuid, item);
					if (!answer.complete) return false;
					const others = otherSources(answer.sources, target, grant.principal);
					return others.length > 0 && levelRank(others[0]!.level) >= levelRank(answer.level!);
				});
			});
			if (!candidate) continue;
			// The proof, on a copy of the graph with the grant removed: everyone it covers (nobody else
			// depends on it) has the same level, with a complete answer, on every target it reaches.
			scratch ??= AccessGraph.fromSnapshot(graph.toSnapshot());
			if (target.type === 'project') scratch.setProjectGrant(workspace, target.key, grant.principal, undefined);
			else scratch.setRepositoryGrant(target.fullName, grant.principal, undefined);
			const unchanged = reached.every(item =>
				users.every(uuid => {
					const without = scratch!.effectiveLevel(uuid, item);
					return without.complete && without.level === graph.effectiveLevel(uuid, item).level;
				}),
			);
			if (target.type === 'project') scratch.setProjectGrant(workspace, target.key, grant.principal, grant.level);
			else scratch.setRepositoryGrant(target.fullName, grant.principal, grant.level as never);
			if (!unchanged) continue;
			const who = principalName(graph, grant.principal);
			const name = targetName(target);
			const keeps = users.slice(0, 5).map(uuid => {
				const answer = graph.effectiveLevel(uuid, target);
				const others = otherSources(answer.sources, target, grant.principal);
				return `${userName(graph.user(uuid), uuid)} keeps ${levelLabel(answer.level!)} (${why(others, target)})`;
			});
			findings.push({
				id: `redundant-grant:${name}:${principalId(grant.principal)}`,
				rule: 'redundant-grant',
				severity: RULE_SEVERITY.get('redundant-grant')!,
				workspace,
				title: `${possessive(who)} ${levelLabel(grant.level)} on ${name} is redundant: everyone it covers has that access from elsewhere`,
				paths: users.map(uuid => `${userName(graph.user(uuid), uuid)} → ${grant.principal.type === 'group' ? `${who} → ` : ''}${levelLabel(grant.level)} on ${name}`),
				objects: [target, grant.principal.type === 'group' ? {type: 'group', workspace, slug: grant.principal.slug} : {type: 'user', workspace, uuid: grant.principal.uuid}],
				fix: {summary: `revoke ${possessive(who)} ${levelLabel(grant.level)} on ${name}`, changes: [revoke(target, grant.principal)]},
				proof: `Computed on the graph without this grant: effective access on ${reached.length === 1 ? name : `${name} and its ${reached.length - 1} repositories`} is unchanged for all ${users.length} ${users.length === 1 ? 'person' : 'people'} it covers; ${keeps.join('; ')}${users.length > 5 ? '; …' : ''}.`,
			});
		}
	}
}

function directUserGrants(graph: AccessGraph, workspace: string, findings: Finding[]): void {
	for (const target of targetsOf(graph, workspace)) {
		for (const grant of grantsOn(graph, target)) {
			if (grant.principal.type !== 'user') continue;
			const who = principalName(graph, grant.principal);
			const name = targetName(target);
			findings.push({
				id: `direct-user-grant:${name}:${principalId(grant.principal)}`,
				rule: 'direct-user-grant',
				severity: RULE_SEVERITY.get('direct-user-grant')!,
				workspace,
				title: `${who} holds ${levelLabel(grant.level)} on ${name} directly, not through a group`,
				paths: [`${who} → ${target.type} grant ${levelLabel(grant.level)} on ${name}`],
				objects: [target, {type: 'user', workspace, uuid: grant.principal.uuid}],
				fix: {summary: `revoke ${who}'s direct ${levelLabel(grant.level)} on ${name} (add them to a group with that access first if they still need it)`, changes: [revoke(target, grant.principal)]},
			});
		}
	}
}

/**
 * ADMIN held through an explicit grant on the target itself (a repository that is ADMIN only
 * through its project is reported once, on the project). Walks the explicit ADMIN grants only.
 * A direct user grant is one finding per person (its fix lowers that grant to WRITE); a group's
 * ADMIN grant is ONE finding for the group, naming every non-owner it makes ADMIN (on `large`
 * this is 768 findings instead of 18,789 — one per grant an admin can act on).
 */
function adminsOutsideOwners(graph: AccessGraph, workspace: string, findings: Finding[]): void {
	for (const target of targetsOf(graph, workspace)) {
		const direct: string[] = [];
		const groups = new Map<string, string[]>();
		const viaGroups = new Map<string, string[]>();
		for (const grant of grantsOn(graph, target)) {
			if (grant.level !== 'admin') continue;
			const holders = coveredUsers(graph, workspace, grant.principal).filter(uuid => graph.roleOf(workspace, uuid) !== 'owner');
			if (holders.length === 0) continue;
			if (grant.principal.type === 'user') {
				direct.push(...holders);
				continue;
			}
			const slug = grant.principal.slug;
			groups.set(slug, holders);
			for (const uuid of holders) viaGroups.set(uuid, [...(viaGroups.get(uuid) ?? []), slug]);
		}
		const name = targetName(target);
		for (const uuid of direct) {
			const who = userName(graph.user(uuid), uuid);
			const also = (viaGroups.get(uuid) ?? []).sort();
			findings.push({
				id: `admin-outside-owners:${name}:u:${uuid}`,
				rule: 'admin-outside-owners',
				severity: RULE_SEVERITY.get('admin-outside-owners')!,
				workspace,
				title: `${who} is ADMIN on ${name} but not an owner of ${workspace}`,
				paths: [`${who} → ADMIN on ${name}`, ...also.map(slug => `${who} → group ${slug} → ADMIN on ${name}`)],
				objects: [target, {type: 'user', workspace, uuid}, ...also.map((slug): FindingObject => ({type: 'group', workspace, slug}))],
				fix: {
					summary: `lower ${who}'s direct grant on ${name} to WRITE${also.length > 0 ? ` (ADMIN via group ${also.join(', ')} stays)` : ''}`,
					changes: [{type: 'permission', target, principal: {type: 'user', uuid}, level: 'write'}],
				},
			});
		}
		for (const [slug, holders] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
			const names = holders.map(uuid => userName(graph.user(uuid), uuid)).sort();
			const people = holders.length === 1 ? names[0]! : `${holders.length} people`;
			findings.push({
				id: `admin-outside-owners:${name}:g:${slug}`,
				rule: 'admin-outside-owners',
				severity: RULE_SEVERITY.get('admin-outside-owners')!,
				workspace,
				title: `group ${slug} makes ${people} ADMIN on ${name} without being ${holders.length === 1 ? 'an owner' : 'owners'} of ${workspace}`,
				paths: names.map(who => `${who} → group ${slug} → ADMIN on ${name}`),
				objects: [target, {type: 'group', workspace, slug}, ...holders.map((uuid): FindingObject => ({type: 'user', workspace, uuid}))],
				fix: {
					summary: `lower group ${slug}'s grant on ${name} to WRITE (or take the people who do not need ADMIN out of ${slug})`,
					changes: [{type: 'permission', target, principal: {type: 'group', slug}, level: 'write'}],
				},
			});
		}
	}
}

function publicRepositories(graph: AccessGraph, workspace: string, findings: Finding[]): void {
	for (const repository of graph.repositories(workspace)) {
		if (repository.isPrivate !== false) continue;
		findings.push({
			id: `public-repository:${repository.fullName}`,
			rule: 'public-repository',
			severity: RULE_SEVERITY.get('public-repository')!,
			workspace,
			title: `${repository.fullName} is public: anyone can read it`,
			paths: [`anyone → READ on ${repository.fullName}`],
			objects: [{type: 'repository', workspace, fullName: repository.fullName}],
			fix: {summary: `make ${repository.fullName} private in its repository settings (bbaccess does not change visibility)`, changes: []},
		});
	}
}

/** Workspaces where every grant is loaded: only there can "grants nothing" be said. */
function allGrantsLoaded(graph: AccessGraph, workspace: string): boolean {
	return targetsOf(graph, workspace).every(target => loaded(graph, target)) && (graph.workspace(workspace)?.partial.length ?? 0) === 0;
}

function groupRules(graph: AccessGraph, workspace: string, findings: Finding[]): void {
	const everything = allGrantsLoaded(graph, workspace);
	for (const group of graph.groups(workspace)) {
		const grants = graph.grantsOfGroup(workspace, group.slug);
		const count = grants.projects.length + grants.repositories.length;
		const names = [...grants.projects.map(grant => `${levelLabel(grant.level)} on ${grant.workspace}:${grant.project}`), ...grants.repositories.map(grant => `${levelLabel(grant.level)} on ${grant.repository}`)];
		const object: FindingObject = {type: 'group', workspace, slug: group.slug};
		if (group.members.length === 0 && count > 0) {
			const changes: ChangeRequest[] = [
				...grants.projects.map(grant => revoke({type: 'project', workspace, key: grant.project}, grant.principal)),
				...grants.repositories.map(grant => revoke({type: 'repository', workspace, fullName: grant.repository}, grant.principal)),
			];
			findings.push({
				id: `empty-group-with-grants:${workspace}:${group.slug}`,
				rule: 'empty-group-with-grants',
				severity: RULE_SEVERITY.get('empty-group-with-grants')!,
				workspace,
				title: `group ${group.slug} has no members but holds ${count} ${count === 1 ? 'grant' : 'grants'} (anyone added later gets them)`,
				paths: names.map(text => `group ${group.slug} → ${text}`),
				objects: [object],
				fix: {summary: `revoke the ${count} ${count === 1 ? 'grant' : 'grants'} of group ${group.slug} (nobody loses access)`, changes},
			});
		} else if (count === 0 && everything) {
			findings.push({
				id: `unused-group:${workspace}:${group.slug}`,
				rule: 'unused-group',
				severity: RULE_SEVERITY.get('unused-group')!,
				workspace,
				title: `group ${group.slug} grants nothing (${group.members.length} ${group.members.length === 1 ? 'member' : 'members'})`,
				paths: [],
				objects: [object],
				fix: {summary: `delete group ${group.slug} in the workspace settings if nothing else uses it (bbaccess does not delete groups)`, changes: []},
			});
		}
	}
}

function membersWithoutAccess(graph: AccessGraph, workspace: string, findings: Finding[]): void {
	if (!allGrantsLoaded(graph, workspace)) return;
	// Everyone some grant reaches a repository through: repository grants, and project grants of projects with repositories.
	const reaching = new Set<string>();
	for (const target of targetsOf(graph, workspace)) {
		if (target.type === 'project' && graph.repositoriesOf(workspace, target.key).length === 0) continue;
		for (const grant of grantsOn(graph, target)) for (const uuid of coveredUsers(graph, workspace, grant.principal)) reaching.add(uuid);
	}
	const hasRepositories = graph.repositories(workspace).length > 0;
	for (const member of graph.members(workspace)) {
		if ((member.role === 'owner' && hasRepositories) || reaching.has(member.user.uuid)) continue;
		const who = userName(member.user, member.user.uuid);
		findings.push({
			id: `member-without-access:${workspace}:${member.user.uuid}`,
			rule: 'member-without-access',
			severity: RULE_SEVERITY.get('member-without-access')!,
			workspace,
			title: `${who} is a member of ${workspace} but reaches no repository`,
			paths: [],
			objects: [{type: 'user', workspace, uuid: member.user.uuid}],
			fix: {summary: `remove ${who} from ${workspace} in Atlassian Administration if the seat is not needed (bbaccess does not remove workspace members)`, changes: []},
		});
	}
}

function blindSpots(graph: AccessGraph, workspace: string, findings: Finding[]): void {
	const node = graph.workspace(workspace);
	const push = (key: string, severity: Severity, title: string, paths: string[]) =>
		findings.push({id: `blind-spot:${workspace}:${key}`, rule: 'blind-spot', severity, workspace, title, paths, objects: [{type: 'workspace', workspace}], fix: {summary: key === 'not-loaded' ? `load the missing grants (\`bbaccess sync --deep\`, or L in the explorer)` : 'none: the permission APIs never show this', changes: []}});
	if (node && !node.administrator) {
		// The account's own levels (CHANGE-3022) are listed as a blind spot's evidence, never checked as grants.
		const own = graph.ownRepositoryPermissions(workspace);
		const mine = own ? Object.entries(own.levels).map(([fullName, level]) => `own permission only: ${fullName} ${levelLabel(level)}`) : [];
		const known = own ? `; only your own level on each repository is known (${mine.length} ${mine.length === 1 ? 'repository' : 'repositories'})` : '';
		push('not-administered', 'medium', `you do not administer ${workspace}: its groups and permissions are not visible${known}`, mine);
	}
	if (node && node.partial.length > 0) push('partial', 'medium', `some listings of ${workspace} were not visible: ${node.partial.join('; ')}`, node.partial);
	const notLoaded: string[] = [];
	const unavailable: string[] = [];
	for (const target of targetsOf(graph, workspace)) {
		const state = target.type === 'project' ? graph.projectGrantsState(target.workspace, target.key) : graph.repositoryGrantsState(target.fullName);
		if (state.state === 'not-loaded') notLoaded.push(`${target.type} ${targetName(target)}`);
		else if (state.state === 'unavailable') unavailable.push(`${target.type} ${targetName(target)}: ${state.reason}`);
	}
	if (notLoaded.length > 0) push('not-loaded', 'medium', `grants of ${notLoaded.length} ${notLoaded.length === 1 ? 'target' : 'targets'} in ${workspace} are not loaded: findings there are not checked`, notLoaded);
	if (unavailable.length > 0) push('unavailable', 'medium', `grants of ${unavailable.length} ${unavailable.length === 1 ? 'target' : 'targets'} in ${workspace} are not visible`, unavailable);
	push('tokens-and-keys', 'info', `repository, project and workspace access tokens and deploy keys of ${workspace} never appear in permission listings: check them in Bitbucket`, []);
}

export interface AuditOptions {
	workspaces?: string[];
}

export type RuleCheck = (graph: AccessGraph, workspace: string, findings: Finding[]) => void;

export const CHECK_BY_NAME: Record<string, RuleCheck> = {redundantGrants, directUserGrants, adminsOutsideOwners, publicRepositories, groupRules, membersWithoutAccess, blindSpots};
const CHECKS: RuleCheck[] = Object.values(CHECK_BY_NAME);

/** Every built-in finding in the chosen workspaces, highest severity first, then rule, then id. */
export function builtInFindings(graph: AccessGraph, options: AuditOptions = {}): Finding[] {
	const findings: Finding[] = [];
	for (const workspace of auditWorkspaces(graph, options)) for (const check of CHECKS) check(graph, workspace, findings);
	return sortFindings(findings);
}

export function auditWorkspaces(graph: AccessGraph, options: AuditOptions): string[] {
	const all = graph.workspaces().map(workspace => workspace.slug);
	return options.workspaces && options.workspaces.length > 0 ? all.filter(slug => options.workspaces!.includes(slug)) : all;
}

export function sortFindings(findings: Finding[]): Finding[] {
	return findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
