/**
 * What the describe pane (`d`, as in k9s) and the Problems list (`P`) show, as lines (pure).
 * Describe: the selected row in full; for a person's access to a project or repository, the whole
 * provenance chain (one line per source: level, kind, group, project), the explicit entries that
 * could be changed, and the keys that change them.
 */
import type {AccessGraph} from '../../core/graph/index.js';
import {levelLabel, type AccessSource, type Target} from '../../core/model.js';
import type {PlanLine} from '../changes/plan-lines.js';
import {rowRemovals} from '../changes/row-removals.js';
import type {SectionModel} from './screens/index.js';
import type {TableRow} from '../components/table-model.js';
import type {ViewRef} from './view-ref.js';

function targetWords(target: Target): string {
	return target.type === 'project' ? `project ${target.workspace}:${target.key}` : `repository ${target.fullName}`;
}

/** One source of access as one line: "WRITE   project PLAT · group developers (granted CREATE-REPO)". */
export function sourceLine(source: AccessSource, target: Target): string {
	const level = levelLabel(source.level).padEnd(11);
	const granted = source.grantedLevel && source.grantedLevel !== source.level ? ` (granted ${levelLabel(source.grantedLevel)})` : '';
	const who = source.principal === 'group' ? `group ${source.group ?? '?'}` : 'user (direct)';
	switch (source.kind) {
		case 'owner':
			return `${level}workspace owner of ${target.workspace} (owners are admin everywhere)`;
		case 'repository':
			return `${level}repository grant on ${target.type === 'repository' ? target.fullName : '?'} · ${who}`;
		case 'project': {
			const key = source.project ?? (target.type === 'project' ? target.key : '?');
			return `${level}project ${key} grant${target.type === 'repository' ? ' (inherited)' : ''} · ${who}${granted}`;
		}
	}
}

function accessSubject(view: ViewRef, section: SectionModel | undefined, row: TableRow): {target: Target; uuid: string} | undefined {
	if (section?.id !== 'access') return undefined;
	if ((view.view === 'project' || view.view === 'repository') && row.open?.view === 'person') {
		const target: Target = view.view === 'project' ? {type: 'project', workspace: view.workspace, key: view.key} : {type: 'repository', workspace: view.fullName.split('/')[0]!, fullName: view.fullName};
		return {target, uuid: row.open.uuid};
	}
	if (view.view === 'person' && row.open?.view === 'project') return {target: {type: 'project', workspace: row.open.workspace, key: row.open.key}, uuid: view.uuid};
	if (view.view === 'person' && row.open?.view === 'repository') return {target: {type: 'repository', workspace: row.open.fullName.split('/')[0]!, fullName: row.open.fullName}, uuid: view.uuid};
	return undefined;
}

function entryKey(target: Target, principal: {type: 'user'; uuid: string} | {type: 'group'; slug: string}): string {
	return `${targetWords(target)}|${principal.type === 'user' ? principal.uuid : principal.slug}`;
}

function sameEntry(a: {target: Target; principal: Parameters<typeof entryKey>[1]}, b: {target: Target; principal: Parameters<typeof entryKey>[1]}): boolean {
	return entryKey(a.target, a.principal) === entryKey(b.target, b.principal);
}

export function describeLines(graph: AccessGraph, view: ViewRef, section: SectionModel | undefined, row: TableRow): PlanLine[] {
	const lines: PlanLine[] = [];
	const subject = accessSubject(view, section, row);
	// The row in full (nothing cut off); the provenance chain below replaces the one-line "via".
	for (const column of section?.columns ?? []) {
		const value = row.cells[column.id];
		if (value && !(subject && column.id === 'via')) lines.push({text: `${column.title}: ${value}`, tone: 'normal'});
	}
	if (subject) {
		const user = graph.user(subject.uuid);
		const who = user ? (user.nickname ? `${user.displayName} (${user.nickname})` : user.displayName) : subject.uuid;
		const effective = graph.effectiveLevel(subject.uuid, subject.target);
		lines.push({text: ' ', tone: 'normal'});
		lines.push({text: `Why ${who} has ${effective.level ? levelLabel(effective.level) : 'no access'} on ${targetWords(subject.target)}: ${effective.sources.length} source${effective.sources.length === 1 ? '' : 's'}`, tone: 'title'});
		for (const source of effective.sources) lines.push({text: `  ${sourceLine(source, subject.target)}`, tone: 'normal'});
		if (!effective.complete) for (const missing of effective.missing) lines.push({text: `  ! not known: ${missing}`, tone: 'warn'});
	}
	const removals = rowRemovals(graph, view, section?.id, row);
	if (removals) {
		lines.push({text: ' ', tone: 'normal'});
		lines.push({text: 'Explicit entries that could be changed', tone: 'title'});
		if (removals.direct) lines.push({text: `  x  revoke the direct entry on ${targetWords(removals.direct.target)} · a  change its level`, tone: 'normal'});
		for (const option of removals.options) {
			if (removals.direct && option.kind === 'revoke' && sameEntry(option, removals.direct)) continue;
			lines.push({text: `  x  ${option.label}`, tone: 'normal'});
		}
		for (const fixed of removals.fixed) lines.push({text: `  –  ${fixed}`, tone: 'muted'});
		if (removals.nothing) lines.push({text: `  –  ${removals.nothing}`, tone: 'muted'});
		if (!removals.direct && removals.options.length === 0 && removals.fixed.length === 0 && !removals.nothing) lines.push({text: '  –  none known', tone: 'muted'});
		lines.push({text: 'Access tokens and deploy keys never appear in permission listings.', tone: 'muted'});
	}
	return lines;
}

/** Every sync problem and partial-visibility reason in full, per workspace. */
export function problemLines(graph: AccessGraph): PlanLine[] {
	const lines: PlanLine[] = [];
	for (const workspace of graph.workspaces()) {
		const problems = graph.problems().filter(problem => problem.workspace === workspace.slug);
		if (workspace.partial.length === 0 && problems.length === 0) continue;
		lines.push({text: `${workspace.slug} (${workspace.name})`, tone: 'title'});
		for (const reason of workspace.partial) lines.push({text: `  ! partial: ${reason}`, tone: 'warn'});
		for (const problem of problems) lines.push({text: `  ${problem.what}: ${problem.message}`, tone: 'normal'});
	}
	const general = graph.problems().filter(problem => !problem.workspace);
	if (general.length > 0) {
		lines.push({text: 'All workspaces', tone: 'title'});
		for (const problem of general) lines.push({text: `  ${problem.what}: ${problem.message}`, tone: 'normal'});
	}
	return lines;
}

/** How many things the Problems list names: workspaces with problems, plus problems of no workspace. */
export function problemCount(graph: AccessGraph): number {
	const problems = graph.problems();
	const workspaces = graph.workspaces().filter(ws => ws.partial.length > 0 || problems.some(problem => problem.workspace === ws.slug)).length;
	return workspaces + problems.filter(problem => !problem.workspace).length;
}
