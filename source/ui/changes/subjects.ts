/**
 * What a change key acts on, read from the current view and the selected row (pure):
 * the target (project or repository), the principal (user or group), the person and the group.
 * Whatever is missing is asked for with a picker.
 */
import type {AccessGraph} from '../../core/graph/index.js';
import {PROJECT_LEVELS, REPO_LEVELS, levelLabel, type Level, type Principal, type Target} from '../../core/model.js';
import type {TableRow} from '../components/table-model.js';
import type {ViewRef} from '../explorer/view-ref.js';
import type {PickItem} from './picker.js';

export interface ChangeSubject {
	/** The workspace everything happens in, when the view or row decides it. */
	workspace?: string;
	target?: Target;
	principal?: Principal;
	/** The person the view or row is about (uuid). */
	user?: string;
	/** The group the view or row is about. */
	group?: {workspace: string; slug: string};
}

function refTarget(ref: ViewRef | undefined): Target | undefined {
	if (ref?.view === 'project') return {type: 'project', workspace: ref.workspace, key: ref.key};
	if (ref?.view === 'repository') return {type: 'repository', workspace: ref.fullName.split('/')[0]!, fullName: ref.fullName};
	return undefined;
}

export function subjectOf(view: ViewRef, row: TableRow | undefined): ChangeSubject {
	const subject: ChangeSubject = {};
	const viewTarget = refTarget(view);
	if (viewTarget) {
		subject.target = viewTarget;
		subject.workspace = viewTarget.workspace;
	}
	if (view.view === 'person') {
		subject.user = view.uuid;
		subject.principal = {type: 'user', uuid: view.uuid};
	}
	if (view.view === 'group') {
		subject.group = {workspace: view.workspace, slug: view.slug};
		subject.principal = {type: 'group', slug: view.slug};
		subject.workspace = view.workspace;
	}
	if (view.view === 'workspace') subject.workspace = view.workspace;
	const open = row?.open;
	if (!open) return subject;
	const rowTarget = refTarget(open);
	if (rowTarget) {
		subject.target = rowTarget;
		subject.workspace = rowTarget.workspace;
	} else if (open.view === 'person') {
		subject.user = open.uuid;
		// In a group view the group stays the principal; the person is the member.
		if (view.view !== 'person' && view.view !== 'group') subject.principal = {type: 'user', uuid: open.uuid};
	} else if (open.view === 'group') {
		subject.group = {workspace: open.workspace, slug: open.slug};
		if (view.view !== 'person' && view.view !== 'group') subject.principal = {type: 'group', slug: open.slug};
		subject.workspace ??= open.workspace;
	}
	return subject;
}

/** Workspaces a change about this subject can happen in. */
export function workspacesFor(graph: AccessGraph, subject: ChangeSubject): string[] {
	if (subject.workspace) return [subject.workspace];
	if (subject.user) return graph.workspaces().map(ws => ws.slug).filter(ws => graph.roleOf(ws, subject.user!) !== undefined);
	return graph.workspaces().map(ws => ws.slug);
}

/** Why a workspace owner cannot be granted to (Bitbucket answers 400). */
export const OWNER_GRANT_REFUSAL = 'workspace owner: admin everywhere, cannot receive explicit grants';

/** The row's form of the refusal (the role column already says "owner"; the hint line has it in full). */
const OWNER_GRANT_REFUSAL_SHORT = 'admin everywhere, no explicit grants';

/** People and groups to grant to: owners are listed but disabled, with the reason. */
export function grantPrincipalItems(graph: AccessGraph, workspace: string): PickItem<Principal>[] {
	return principalItems(graph, workspace).map(item => (item.detail === 'owner' ? {...item, disabled: OWNER_GRANT_REFUSAL, disabledShort: OWNER_GRANT_REFUSAL_SHORT} : item));
}

/** People (members of the workspace) and groups to grant to. */
export function principalItems(graph: AccessGraph, workspace: string): PickItem<Principal>[] {
	const people = graph.members(workspace).map(({user, role}) => ({
		key: `u:${user.uuid}`,
		label: user.nickname && user.nickname !== user.displayName ? `${user.displayName} (${user.nickname})` : user.displayName,
		detail: role === 'owner' ? 'owner' : 'member',
		search: user.uuid,
		value: {type: 'user', uuid: user.uuid} as Principal,
	}));
	const groups = graph.groups(workspace).map(group => ({
		key: `g:${group.slug}`,
		label: group.slug,
		detail: `group · ${group.members.length} member${group.members.length === 1 ? '' : 's'}`,
		search: group.name,
		value: {type: 'group', slug: group.slug} as Principal,
	}));
	return [...people, ...groups];
}

/**
 * Targets to grant a user on: in a workspace the user owns they are listed but disabled, with the
 * reason (an owner is admin everywhere there; Bitbucket answers 400 to an explicit grant).
 */
export function grantTargetItems(graph: AccessGraph, workspaces: readonly string[], user: string | undefined): PickItem<Target>[] {
	const items = targetItems(graph, workspaces);
	if (!user) return items;
	return items.map(item => (graph.roleOf(item.value.workspace, user) === 'owner' ? {...item, disabled: `owner of ${item.value.workspace}: admin already, no explicit grants`, disabledShort: 'owner: admin already, no grants'} : item));
}

/** Projects and repositories of the given workspaces. */
export function targetItems(graph: AccessGraph, workspaces: readonly string[]): PickItem<Target>[] {
	return workspaces.flatMap(ws => [
		...graph.projects(ws).map(project => ({
			key: `p:${ws}:${project.key}`,
			label: `${ws}:${project.key}`,
			detail: `project · ${project.name}`,
			value: {type: 'project', workspace: ws, key: project.key} as Target,
		})),
		...graph.repositories(ws).map(repo => ({
			key: `r:${repo.fullName}`,
			label: repo.fullName,
			detail: `repository${repo.projectKey ? ` in ${repo.projectKey}` : ''}`,
			value: {type: 'repository', workspace: ws, fullName: repo.fullName} as Target,
		})),
	]);
}

/** The levels of a target, the current explicit one marked and selected first. */
export function levelItems(target: Target, current: Level | undefined): {items: PickItem<Level>[]; initial: number} {
	const levels: readonly Level[] = target.type === 'project' ? PROJECT_LEVELS : REPO_LEVELS;
	const items = levels.map(level => ({key: level, label: levelLabel(level), detail: level === current ? 'current explicit level' : undefined, value: level}));
	const initial = Math.max(0, current ? levels.indexOf(current) : 0);
	return {items, initial};
}
