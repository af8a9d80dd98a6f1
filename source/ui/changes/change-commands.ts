/**
 * The change keys of the explorer (contributed to the key registry as one KeyCommand[]):
 * a grant / change level, x revoke, m add to group, M remove from group, O offboard, u undo.
 * Each reads what it can from the view and the selected row, asks for the rest with pickers, and
 * opens the change dialog, which plans, confirms (default No), applies and shows the verified result.
 */
import {createElement} from 'react';
import {explicitLevel, toGrantRefs, type ChangePlan, type ChangeService, type RemovalOption} from '../../core/changes/index.js';
import type {AccessGraph} from '../../core/graph/index.js';
import type {Level, Principal, Target} from '../../core/model.js';
import type {KeyCommand, KeyContext} from '../keys/registry.js';
import type {ModalSize} from '../explorer/explorer-state.js';
import {VIEW_KINDS, type ViewKind, type ViewRef} from '../explorer/view-ref.js';
import {planUndoOfLatest} from '../../core/changes/batch/index.js';
import {hasUndoableChange} from '../../core/changes/journal-store.js';
import {ChangeDialog, type JumpTarget} from './change-dialog.js';
import {Picker, type PickItem} from './picker.js';
import {rowRemovals} from './row-removals.js';
import {grantMarked, leaveMarked, revokeMarked} from './batch-commands.js';
import {PUBLIC_ROW_KEY} from '../explorer/screens/access-screens.js';
import {OWNER_GRANT_REFUSAL, grantPrincipalItems, grantTargetItems, levelItems, principalItems, subjectOf, workspacesFor, type ChangeSubject} from './subjects.js';
import {possessive} from '../../core/text/english.js';

const CHANGE_VIEWS: readonly ViewKind[] = ['person', 'group', 'project', 'repository'];
const GROUP_VIEWS: readonly ViewKind[] = ['person', 'group'];
const MODAL_ID = 'change';
/** Each modal gets its own React key: a picker following a picker must not inherit its state. */
let modalSerial = 0;

function serviceOf(ctx: KeyContext): ChangeService | undefined {
	return ctx.backend.changes;
}

/** Why changes are off right now (read-only, no data, not offered), for every change key. */
export function changesDisabled(ctx: KeyContext): string | undefined {
	const service = serviceOf(ctx);
	if (!service) return 'Changes are not available in this session.';
	const readOnly = ctx.status.readOnly ? (ctx.status.readOnlyReason ?? 'read-only') : service.readOnlyReason();
	if (readOnly) return `Changes are disabled (${readOnly}).`;
	if (!ctx.graph) return 'No data yet: wait for the sync to finish.';
	return undefined;
}

const VIEW_WORDS: Record<ViewKind, string> = {
	workspaces: 'the workspace list',
	workspace: 'a workspace view',
	group: 'a group view',
	project: 'a project view',
	repository: 'a repository view',
	person: 'a person view',
	'request-log': 'the request log',
	findings: 'the Findings view',
	changes: 'the Changes view',
	journal: 'the Journal view',
	'journal-entry': 'a journal entry',
};

/**
 * A change key pressed outside the views where it acts says why and where it does act (the key
 * stays bound in every view so it never silently does nothing).
 */
export function viewGuard(what: string, views: readonly ViewKind[]): (ctx: KeyContext) => string | undefined {
	return ctx => {
		if (views.includes(ctx.view.view)) return changesDisabled(ctx);
		const where = views.join(', ').replace(/, ([^,]*)$/, ' or $1');
		const open = ctx.row?.open && views.includes(ctx.row.open.view) ? ': Enter opens the selected row' : '';
		return `${ctx.key} (${what}) acts in a ${where} view, not in ${VIEW_WORDS[ctx.view.view]}${open}.`;
	};
}

/** `u` with nothing in this session and (as last read) nothing in the journal says so instead of opening a dialog. */
function nothingToUndo(ctx: KeyContext): string | undefined {
	const service = serviceOf(ctx);
	if (!service || service.lastChange()) return undefined;
	return hasUndoableChange(service.journal, service.account) === false ? 'Nothing to undo: no change of this login is journaled (J shows the journal).' : undefined;
}

function modalSize(size: ModalSize): {width: number; height: number} {
	return {width: Math.min(size.columns, 110), height: Math.max(8, Math.min(size.rows, 30))};
}

function jumpRef(target: JumpTarget): ViewRef {
	switch (target.type) {
		case 'project':
			return {view: 'project', workspace: target.workspace, key: target.key};
		case 'repository':
			return {view: 'repository', fullName: target.fullName};
		case 'group':
			return {view: 'group', workspace: target.workspace, slug: target.slug};
		case 'workspace':
			return {view: 'workspace', workspace: target.workspace};
	}
}

/** Open the change dialog for a plan (a batch plan too); `onApplied` runs once it was applied. */
export function openChangeDialog(ctx: KeyContext, makePlan: (service: ChangeService) => Promise<ChangePlan>, options: {onApplied?: () => void} = {}): void {
	const service = serviceOf(ctx);
	if (!service) return;
	const key = `change-${++modalSerial}`;
	ctx.actions.openModal({
		id: MODAL_ID,
		render: (close, slot) =>
			createElement(ChangeDialog, {
				key,
				service,
				makePlan: () => makePlan(service),
				...modalSize(slot),
				onClose: close,
				onApplied: options.onApplied,
				onJump: target => ctx.actions.open(jumpRef(target)),
				flash: ctx.actions.flash,
			}),
	});
}

/** Ask with a picker, then continue (Esc: nothing happens). */
function pick<T>(ctx: KeyContext, title: string, items: PickItem<T>[], next: (value: T) => void, options: {initial?: number; empty?: string} = {}): void {
	const key = `pick-${++modalSerial}`;
	ctx.actions.openModal({
		id: MODAL_ID,
		render: (close, slot) =>
			createElement(Picker<T>, {
				key,
				title,
				items,
				...modalSize(slot),
				initial: options.initial,
				empty: options.empty,
				onCancel: close,
				onPick: item => {
					close();
					next(item.value);
				},
			}),
	});
}

function onlyWorkspace(ctx: KeyContext, graph: AccessGraph, subject: ChangeSubject, next: (workspace: string) => void): void {
	const workspaces = workspacesFor(graph, subject);
	if (workspaces.length === 1) return next(workspaces[0]!);
	if (workspaces.length === 0) return ctx.actions.flash('warn', 'No workspace to change here.');
	pick(ctx, 'Which workspace?', workspaces.map(ws => ({key: ws, label: ws, value: ws})), next);
}

function principalName(graph: AccessGraph, principal: Principal): string {
	if (principal.type === 'group') return `group ${principal.slug}`;
	const user = graph.user(principal.uuid);
	return user?.nickname ?? user?.displayName ?? principal.uuid;
}

function targetName(target: Target): string {
	return target.type === 'project' ? `${target.workspace}:${target.key}` : target.fullName;
}

/** Index of the item with this key (the selection, preselected in a picker), else 0. */
function indexOf<T>(items: readonly PickItem<T>[], key: string | undefined): number {
	const index = key === undefined ? -1 : items.findIndex(item => item.key === key);
	return Math.max(0, index);
}

function principalKey(principal: Principal | undefined): string | undefined {
	return principal ? (principal.type === 'user' ? `u:${principal.uuid}` : `g:${principal.slug}`) : undefined;
}

function targetKey(target: Target | undefined): string | undefined {
	return target ? (target.type === 'project' ? `p:${target.workspace}:${target.key}` : `r:${target.fullName}`) : undefined;
}

/**
 * Grant: the view fixes one side (a project/repository view the target, a person/group view the
 * principal); the other side is picked, with the selected row preselected, so the selection is one
 * Enter away and anyone else is a few letters away.
 */
function grant(ctx: KeyContext): void {
	if (ctx.marked.length > 0) return grantMarked(ctx, openChangeDialog, pick);
	const graph = ctx.graph!;
	const fixed = subjectOf(ctx.view, undefined);
	const selected = subjectOf(ctx.view, ctx.row);
	const withTarget = (target: Target) => {
		const withPrincipal = (principal: Principal) => {
			if (principal.type === 'user' && graph.roleOf(target.workspace, principal.uuid) === 'owner') {
				ctx.actions.flash('warn', `${principalName(graph, principal)} is a ${OWNER_GRANT_REFUSAL}. Nothing was sent.`);
				return;
			}
			const {items, initial} = levelItems(target, explicitLevel(graph, target, principal));
			pick<Level>(ctx, `Level for ${principalName(graph, principal)} on ${targetName(target)}`, items, level =>
				openChangeDialog(ctx, service => service.grant(target, principal, level)),
			{initial});
		};
		if (fixed.principal) return withPrincipal(fixed.principal);
		const items = grantPrincipalItems(graph, target.workspace);
		pick(ctx, `Grant on ${targetName(target)} to…`, items, withPrincipal, {initial: indexOf(items, principalKey(selected.principal))});
	};
	if (fixed.target) return withTarget(fixed.target);
	const workspaces = fixed.group ? [fixed.group.workspace] : workspacesFor(graph, fixed);
	const items = grantTargetItems(graph, workspaces, fixed.principal?.type === 'user' ? fixed.principal.uuid : undefined);
	pick(ctx, `Grant ${fixed.principal ? `${principalName(graph, fixed.principal)} ` : ''}access on…`, items, withTarget, {initial: indexOf(items, targetKey(selected.target))});
}

/** Plan one removal option (revoke an explicit entry, or take a person out of a group). */
export function runRemoval(ctx: KeyContext, option: RemovalOption): void {
	if (option.kind === 'revoke') openChangeDialog(ctx, service => service.revoke(option.target, option.principal));
	else openChangeDialog(ctx, service => service.groupMembership(option.workspace, option.slug, option.user, false));
}

/** `x` on an Access or Grants row: act where the access really comes from. False when the row is not such a row. */
function revokeFromRow(ctx: KeyContext, run: (target: Target, principal: Principal) => void): boolean {
	const graph = ctx.graph!;
	if (ctx.row?.key === PUBLIC_ROW_KEY) {
		ctx.actions.flash('warn', 'Anyone can read a public repository: that is its visibility, not a permission (change it in the repository settings in Bitbucket). Nothing was sent.');
		return true;
	}
	const removals = rowRemovals(graph, ctx.view, ctx.section?.id, ctx.row);
	if (!removals) return false;
	if (removals.direct) {
		run(removals.direct.target, removals.direct.principal);
		return true;
	}
	if (removals.nothing) {
		ctx.actions.flash('info', removals.nothing);
		return true;
	}
	if (removals.options.length === 0) {
		const why = removals.fixed[0] ?? 'no explicit entry behind this access is known';
		ctx.actions.flash('warn', `Nothing to revoke: ${why}. Nothing was sent.`);
		return true;
	}
	const items = removals.options.map((option, index) => ({key: String(index), label: option.label, value: option}));
	pick(ctx, removals.title ?? 'This access is inherited. What would remove it?', items, option => runRemoval(ctx, option));
	return true;
}

function revoke(ctx: KeyContext): void {
	if (ctx.marked.length > 0) return revokeMarked(ctx, openChangeDialog);
	const graph = ctx.graph!;
	const subject = subjectOf(ctx.view, ctx.row);
	const run = (target: Target, principal: Principal) => openChangeDialog(ctx, service => service.revoke(target, principal));
	if (revokeFromRow(ctx, run)) return;
	if (subject.target && subject.principal) return run(subject.target, subject.principal);
	if (subject.target) {
		const target = subject.target;
		const grants = target.type === 'project' ? graph.projectGrants(target.workspace, target.key) : graph.repositoryGrants(target.fullName);
		const items = grants.map(item => ({
			key: item.principal.type === 'user' ? `u:${item.principal.uuid}` : `g:${item.principal.slug}`,
			label: principalName(graph, item.principal),
			detail: `explicit ${item.level.toUpperCase()}`,
			value: item.principal,
		}));
		return pick(ctx, `Revoke on ${targetName(target)} from…`, items, principal => run(target, principal), {empty: 'No explicit grants here (inherited access cannot be revoked at this level).'});
	}
	if (subject.principal) {
		const principal = subject.principal;
		const refs =
			principal.type === 'user'
				? toGrantRefs(graph.explicitGrantsOf(principal.uuid))
				: toGrantRefs(graph.grantsOfGroup(subject.group?.workspace ?? subject.workspace ?? '', principal.slug));
		const items = refs.map(ref => ({key: targetName(ref.target), label: targetName(ref.target), detail: `explicit ${ref.level.toUpperCase()}`, value: ref.target}));
		return pick(ctx, `Revoke ${possessive(principalName(graph, principal))} explicit permission on…`, items, target => run(target, principal), {empty: 'No explicit grants known (access may come from groups or projects).'});
	}
	ctx.actions.flash('warn', 'Select a person, group, project or repository first.');
}

function addToGroup(ctx: KeyContext): void {
	const graph = ctx.graph!;
	const subject = subjectOf(ctx.view, ctx.row);
	const run = (workspace: string, slug: string, user: string) => openChangeDialog(ctx, service => service.groupMembership(workspace, slug, user, true));
	if (subject.group && subject.user && ctx.view.view !== 'person') return run(subject.group.workspace, subject.group.slug, subject.user);
	if (subject.group && ctx.view.view === 'group') {
		const {workspace, slug} = subject.group;
		const members = new Set(graph.group(workspace, slug)?.members ?? []);
		const items = principalItems(graph, workspace).filter(item => item.value.type === 'user' && !members.has(item.value.uuid));
		return pick(ctx, `Add to group ${slug}…`, items, principal => principal.type === 'user' && run(workspace, slug, principal.uuid));
	}
	if (subject.user) {
		const user = subject.user;
		return onlyWorkspace(ctx, graph, {user}, workspace => {
			const items = graph
				.groups(workspace)
				.filter(group => !group.members.includes(user))
				.map(group => ({key: group.slug, label: group.slug, detail: `${group.name} · ${group.members.length} members`, value: group.slug}));
			pick(ctx, `Add ${principalName(graph, {type: 'user', uuid: user})} to group…`, items, slug => run(workspace, slug, user), {empty: `No other groups in ${workspace}.`});
		});
	}
	ctx.actions.flash('warn', 'Select a person or open a group first.');
}

function removeFromGroup(ctx: KeyContext): void {
	if (ctx.marked.length > 0) return leaveMarked(ctx, openChangeDialog);
	const graph = ctx.graph!;
	const subject = subjectOf(ctx.view, ctx.row);
	const run = (workspace: string, slug: string, user: string) => openChangeDialog(ctx, service => service.groupMembership(workspace, slug, user, false));
	if (subject.group && subject.user) return run(subject.group.workspace, subject.group.slug, subject.user);
	if (subject.group) {
		const {workspace, slug} = subject.group;
		const items = (graph.group(workspace, slug)?.members ?? []).map(uuid => ({key: uuid, label: principalName(graph, {type: 'user', uuid}), search: uuid, value: uuid}));
		return pick(ctx, `Remove from group ${slug}…`, items, user => run(workspace, slug, user), {empty: 'This group has no members.'});
	}
	if (subject.user) {
		const user = subject.user;
		const items = graph.workspaces().flatMap(ws => graph.groupsOf(ws.slug, user).map(group => ({key: `${ws.slug}:${group.slug}`, label: `${ws.slug}:${group.slug}`, value: {workspace: ws.slug, slug: group.slug}})));
		return pick(ctx, `Remove ${principalName(graph, {type: 'user', uuid: user})} from group…`, items, group => run(group.workspace, group.slug, user), {empty: 'Not a member of any group.'});
	}
	ctx.actions.flash('warn', 'Select a person or open a group first.');
}

function offboard(ctx: KeyContext): void {
	const subject = subjectOf(ctx.view, ctx.row);
	if (!subject.user) return ctx.actions.flash('warn', 'Select a person first.');
	const user = subject.user;
	openChangeDialog(ctx, service => service.offboard(user));
}

export const changeCommands: KeyCommand[] = [
	{
		id: 'change.grant',
		keys: ['a'],
		description: 'Grant access or change the level (user or group, on a project or repository); on marked people, one batch granting each the level picked once',
		hint: 'grant',
		hintOrder: 30,
		group: 'Actions',
		destructive: true,
		disabledReason: viewGuard('grant', CHANGE_VIEWS),
		run: grant,
	},
	{
		id: 'change.revoke',
		keys: ['x'],
		description: 'Revoke an explicit permission (says what access remains and why); on inherited access, offers what would really remove it, with its reach (on a person’s Groups tab: leaving that group); on marked rows, one batch revoking each at its real source',
		hint: 'revoke',
		hintOrder: 31,
		group: 'Actions',
		destructive: true,
		disabledReason: viewGuard('revoke', CHANGE_VIEWS),
		run: revoke,
	},
	{
		id: 'change.group-add',
		keys: ['m'],
		description: 'Add a person to a group',
		group: 'Actions',
		destructive: true,
		disabledReason: viewGuard('add to group', GROUP_VIEWS),
		run: addToGroup,
	},
	{
		id: 'change.group-remove',
		keys: ['M'],
		description: 'Remove a person from a group; on marked people in a group view, one batch removing them all',
		group: 'Actions',
		destructive: true,
		disabledReason: viewGuard('remove from group', GROUP_VIEWS),
		run: removeFromGroup,
	},
	{
		id: 'change.offboard',
		keys: ['O'],
		description: 'Offboard a person: remove every explicit grant and group membership (typed confirmation)',
		group: 'Actions',
		destructive: true,
		disabledReason: viewGuard('offboard', CHANGE_VIEWS),
		run: offboard,
	},
	{
		id: 'change.undo',
		keys: ['u'],
		description:
			'Undo the last change of this session; with none, the latest journaled change of this login from any session or the CLI (restores the before-state, conflicts listed; J picks any other)',
		group: 'Actions',
		// In the Journal views `u` undoes the selected entry (source/ui/journal/journal-commands.ts).
		views: VIEW_KINDS.filter(view => view !== 'journal' && view !== 'journal-entry'),
		destructive: true,
		disabledReason: ctx => changesDisabled(ctx) ?? nothingToUndo(ctx),
		run: ctx => openChangeDialog(ctx, service => (service.lastChange() ? service.planUndo() : planUndoOfLatest(service))),
	},
];
