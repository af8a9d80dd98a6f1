/**
 * The organisation's own rules: a JSON (or YAML: `.yaml`/`.yml`) policy file of small declarative
 * rules, each with a severity (default medium) and an optional workspace:
 *
 *   {"rules": [
 *     {"rule": "max-level", "group": "contractors", "level": "READ", "severity": "high"},
 *     {"rule": "no-user-grants", "project": "PLAT"},
 *     {"rule": "max-admins", "max": 3},
 *     {"rule": "reachable-by", "group": "security", "level": "READ"}
 *   ]}
 *
 * A bad file is refused with the line, the column and the reason; nothing is half-applied.
 */
import type {ChangeRequest} from '../changes/types.js';
import {BbError} from '../errors.js';
import type {AccessGraph} from '../graph/index.js';
import {isProjectLevel, levelLabel, levelRank, projectLevelOnRepository, type ProjectLevel, type Target} from '../model.js';
import {auditWorkspaces, isSeverity, SEVERITIES, sortFindings, type Finding, type Severity} from './findings.js';
import {JsonLocationError, parseLocatedJson, type LocatedValue} from './json-locations.js';
import {principalName, targetName, targetsOf, userName} from './targets.js';
import {parseLocatedYaml} from './yaml-locations.js';

export type PolicyRule =
	| {rule: 'max-level'; group: string; level: ProjectLevel; severity: Severity; workspace?: string}
	| {rule: 'no-user-grants'; project: string; severity: Severity; workspace?: string}
	| {rule: 'max-admins'; max: number; severity: Severity; workspace?: string}
	| {rule: 'reachable-by'; group: string; level: ProjectLevel; severity: Severity; workspace?: string};

export interface Policy {
	file: string;
	rules: PolicyRule[];
}

const FIELDS: Record<PolicyRule['rule'], {required: string[]; optional: string[]}> = {
	'max-level': {required: ['group', 'level'], optional: []},
	'no-user-grants': {required: ['project'], optional: []},
	'max-admins': {required: ['max'], optional: []},
	'reachable-by': {required: ['group'], optional: ['level']},
};

function refuse(file: string, at: {line: number; column: number}, reason: string): never {
	throw new BbError('usage', `policy ${file}:${at.line}:${at.column}: ${reason}`, {hint: 'See docs/review.md for the policy format.'});
}

/** A policy file is YAML when its name ends in .yaml or .yml; JSON otherwise. */
export function isYamlPolicy(file: string): boolean {
	return /\.ya?ml$/i.test(file);
}

/** Parse and check a policy file's text (JSON, or YAML by the file's name). */
export function parsePolicy(text: string, file: string): Policy {
	const yaml = isYamlPolicy(file);
	let root: LocatedValue;
	try {
		root = yaml ? parseLocatedYaml(text) : parseLocatedJson(text);
	} catch (error) {
		if (error instanceof JsonLocationError) refuse(file, error.at, `not valid ${yaml ? 'YAML' : 'JSON'}: ${error.message}`);
		throw error;
	}
	const rulesValue = root.fields?.get('rules');
	if (!root.fields) refuse(file, root.at, yaml ? 'the file must hold a map with "rules:" and a list of rules' : 'the file must hold a JSON object {"rules": […]}');
	for (const [key, value] of root.fields) if (key !== 'rules') refuse(file, value.keyAt ?? value.at, `unknown key "${key}" (only "rules")`);
	if (!rulesValue?.items) refuse(file, rulesValue?.at ?? root.at, '"rules" must be a list of rules');
	const rules: PolicyRule[] = [];
	for (const item of rulesValue.items) {
		if (!item.fields) refuse(file, item.at, 'each rule must be an object like {"rule": "max-admins", "max": 3}');
		const name = item.fields.get('rule');
		if (!name || typeof name.value !== 'string') refuse(file, name?.at ?? item.at, 'a rule needs "rule": one of ' + Object.keys(FIELDS).join(', '));
		const kind = name.value as PolicyRule['rule'];
		const spec = FIELDS[kind];
		if (!spec) refuse(file, name.at, `unknown rule "${name.value}" (known: ${Object.keys(FIELDS).join(', ')})`);
		const allowed = new Set(['rule', 'severity', 'workspace', ...spec.required, ...spec.optional]);
		for (const [key, value] of item.fields) if (!allowed.has(key)) refuse(file, value.keyAt ?? value.at, `rule ${kind} has no key "${key}" (it takes ${[...allowed].join(', ')})`);
		for (const key of spec.required) if (!item.fields.has(key)) refuse(file, item.at, `rule ${kind} needs "${key}"`);
		const text = (key: string): string | undefined => {
			const value = item.fields!.get(key);
			if (value === undefined) return undefined;
			if (typeof value.value !== 'string' || value.value.trim() === '') refuse(file, value.at, `"${key}" must be a non-empty string`);
			return value.value;
		};
		const severityValue = item.fields.get('severity');
		const severity = text('severity')?.toLowerCase() ?? 'medium';
		if (!isSeverity(severity)) refuse(file, severityValue!.at, `"severity" must be one of ${SEVERITIES.join(', ')}; got "${severity}"`);
		const level = (key: string): ProjectLevel | undefined => {
			const value = text(key)?.toLowerCase();
			if (value === undefined) return undefined;
			if (!isProjectLevel(value)) refuse(file, item.fields!.get(key)!.at, `"${key}" must be READ, WRITE, CREATE-REPO or ADMIN; got "${item.fields!.get(key)!.value as string}"`);
			return value;
		};
		const workspace = text('workspace');
		const common = {severity, ...(workspace ? {workspace} : {})};
		if (kind === 'max-level') rules.push({rule: kind, group: text('group')!, level: level('level')!, ...common});
		else if (kind === 'no-user-grants') rules.push({rule: kind, project: text('project')!, ...common});
		else if (kind === 'reachable-by') rules.push({rule: kind, group: text('group')!, level: level('level') ?? 'read', ...common});
		else {
			const max = item.fields.get('max')!;
			if (typeof max.value !== 'number' || !Number.isInteger(max.value) || max.value < 0) refuse(file, max.at, `"max" must be a whole number ≥ 0; got ${JSON.stringify(max.value)}`);
			rules.push({rule: kind, max: max.value, ...common});
		}
	}
	return {file, rules};
}

function ruleId(rule: PolicyRule): string {
	return `policy:${rule.rule}`;
}

/** Findings of the policy's rules in the chosen workspaces. */
export function policyFindings(graph: AccessGraph, policy: Policy, options: {workspaces?: string[]} = {}): Finding[] {
	const findings: Finding[] = [];
	for (const workspace of auditWorkspaces(graph, options)) {
		for (const rule of policy.rules) {
			if (rule.workspace && rule.workspace !== workspace) continue;
			if (rule.rule === 'max-level') maxLevel(graph, workspace, rule, findings);
			else if (rule.rule === 'no-user-grants') noUserGrants(graph, workspace, rule, findings);
			else if (rule.rule === 'max-admins') maxAdmins(graph, workspace, rule, findings);
			else reachableBy(graph, workspace, rule, findings);
		}
	}
	return sortFindings(findings);
}

function maxLevel(graph: AccessGraph, workspace: string, rule: Extract<PolicyRule, {rule: 'max-level'}>, findings: Finding[]): void {
	const grants = graph.grantsOfGroup(workspace, rule.group);
	const over = [
		...grants.projects.map(grant => ({target: {type: 'project', workspace, key: grant.project} as Target, level: grant.level as ProjectLevel, principal: grant.principal})),
		...grants.repositories.map(grant => ({target: {type: 'repository', workspace, fullName: grant.repository} as Target, level: grant.level as ProjectLevel, principal: grant.principal})),
	].filter(grant => levelRank(grant.level) > levelRank(rule.level));
	for (const grant of over) {
		const name = targetName(grant.target);
		const lowered: ProjectLevel = grant.target.type === 'repository' ? projectLevelOnRepository(rule.level) : rule.level;
		const change: ChangeRequest = {type: 'permission', target: grant.target, principal: grant.principal, level: lowered};
		findings.push({
			id: `${ruleId(rule)}:${name}:g:${rule.group}`,
			rule: ruleId(rule),
			severity: rule.severity,
			workspace,
			title: `group ${rule.group} has ${levelLabel(grant.level)} on ${name}; the policy allows at most ${levelLabel(rule.level)}`,
			paths: (graph.group(workspace, rule.group)?.members ?? []).map(uuid => `${userName(graph.user(uuid), uuid)} → group ${rule.group} → ${levelLabel(grant.level)} on ${name}`),
			objects: [grant.target, {type: 'group', workspace, slug: rule.group}],
			fix: {summary: `lower group ${rule.group}'s grant on ${name} to ${levelLabel(lowered)}`, changes: [change]},
		});
	}
}

function noUserGrants(graph: AccessGraph, workspace: string, rule: Extract<PolicyRule, {rule: 'no-user-grants'}>, findings: Finding[]): void {
	if (!graph.project(workspace, rule.project)) return;
	const targets: Target[] = [{type: 'project', workspace, key: rule.project}, ...graph.repositoriesOf(workspace, rule.project).map((repository): Target => ({type: 'repository', workspace, fullName: repository.fullName}))];
	for (const target of targets) {
		const grants = target.type === 'project' ? graph.projectGrants(workspace, target.key) : graph.repositoryGrants(target.fullName);
		for (const grant of grants) {
			if (grant.principal.type !== 'user') continue;
			const name = targetName(target);
			const who = principalName(graph, grant.principal);
			findings.push({
				id: `${ruleId(rule)}:${name}:u:${grant.principal.uuid}`,
				rule: ruleId(rule),
				severity: rule.severity,
				workspace,
				title: `${who} holds a user grant (${levelLabel(grant.level)}) on ${name}; the policy allows no user grants in project ${rule.project}`,
				paths: [`${who} → ${levelLabel(grant.level)} on ${name}`],
				objects: [target, {type: 'user', workspace, uuid: grant.principal.uuid}],
				fix: {summary: `revoke ${who}'s user grant on ${name}`, changes: [{type: 'permission', target, principal: grant.principal, level: undefined}]},
			});
		}
	}
}

function maxAdmins(graph: AccessGraph, workspace: string, rule: Extract<PolicyRule, {rule: 'max-admins'}>, findings: Finding[]): void {
	for (const repository of graph.repositories(workspace)) {
		const target: Target = {type: 'repository', workspace, fullName: repository.fullName};
		const admins = graph.whoCanAdmin(target);
		if (admins.length <= rule.max) continue;
		findings.push({
			id: `${ruleId(rule)}:${repository.fullName}`,
			rule: ruleId(rule),
			severity: rule.severity,
			workspace,
			title: `${repository.fullName} has ${admins.length} ADMINs; the policy allows at most ${rule.max}`,
			paths: admins.map(entry => `${userName(entry.user, entry.user.uuid)} → ADMIN on ${repository.fullName}`),
			objects: [target],
			fix: {summary: `choose who keeps ADMIN on ${repository.fullName} and lower the others (bbaccess cannot choose for you)`, changes: []},
		});
	}
}

function reachableBy(graph: AccessGraph, workspace: string, rule: Extract<PolicyRule, {rule: 'reachable-by'}>, findings: Finding[]): void {
	const group = graph.group(workspace, rule.group);
	for (const target of targetsOf(graph, workspace)) {
		if (target.type !== 'repository') continue;
		const wanted = projectLevelOnRepository(rule.level);
		const answer = graph.effectiveAccess(target);
		if (!answer.complete) continue; // blind-spot says it
		const projectKey = graph.repository(target.fullName)?.projectKey;
		const levels = [
			...graph.repositoryGrants(target.fullName).filter(grant => grant.principal.type === 'group' && grant.principal.slug === rule.group).map(grant => grant.level),
			...(projectKey ? graph.projectGrants(workspace, projectKey) : []).filter(grant => grant.principal.type === 'group' && grant.principal.slug === rule.group).map(grant => projectLevelOnRepository(grant.level)),
		];
		const reaches = group !== undefined && levels.some(level => levelRank(level) >= levelRank(wanted));
		if (reaches) continue;
		findings.push({
			id: `${ruleId(rule)}:${target.fullName}:g:${rule.group}`,
			rule: ruleId(rule),
			severity: rule.severity,
			workspace,
			title: group ? `group ${rule.group} cannot reach ${target.fullName} at ${levelLabel(wanted)}` : `group ${rule.group} does not exist in ${workspace}, so it reaches no repository`,
			paths: [],
			objects: group ? [target, {type: 'group', workspace, slug: rule.group}] : [target],
			fix: group ? {summary: `grant group ${rule.group} ${levelLabel(wanted)} on ${target.fullName}`, changes: [{type: 'permission', target, principal: {type: 'group', slug: rule.group}, level: wanted}]} : {summary: `create group ${rule.group} in ${workspace}`, changes: []},
		});
	}
}
