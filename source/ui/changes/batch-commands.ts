/**
 * The change keys on marked rows (Space, `*`): `x` revokes every marked access at its real
 * source, `a` grants every marked person one level on the current project or repository (the
 * level is picked once), `M` takes every marked person out of the current group — each as ONE
 * batch (core/changes/batch: one plan, one confirmation, applied with the client's concurrency,
 * verified, journaled as one batch). Rows left out are named in the plan's notes.
 */
import {planBatch, type BudgetView} from '../../core/changes/batch/index.js';
import type {ChangePlan, ChangeRequest, ChangeService} from '../../core/changes/index.js';
import type {Level, Target} from '../../core/model.js';
import type {KeyContext} from '../keys/registry.js';
import {markedGrants, markedLeaves, markedRevokes, type MarkedChanges} from './marked-changes.js';
import type {PickItem} from './picker.js';
import {levelItems, targetItems, workspacesFor} from './subjects.js';

/** The request budget as the backend reports it (read when planning ends), when it is known. */
export function budgetView(ctx: KeyContext): BudgetView | undefined {
	const status = () => ctx.backend.status();
	const limit = status().budgetPerHour;
	if (limit === undefined || status().budgetLeft === undefined) return undefined;
	return {limitPerHour: limit, remaining: () => status().budgetLeft ?? limit, used: () => limit - (status().budgetLeft ?? limit)};
}

/** Plan these changes as one batch (the budget included). */
export function batchPlanner(ctx: KeyContext, changes: readonly ChangeRequest[], title: string, notes: readonly string[] = []): (service: ChangeService) => Promise<ChangePlan> {
	return service => planBatch(service, changes, {title, budget: budgetView(ctx), notes: [...notes]});
}

export type OpenDialog = (ctx: KeyContext, makePlan: (service: ChangeService) => Promise<ChangePlan>, options?: {onApplied?: () => void}) => void;
export type Pick = <T>(ctx: KeyContext, title: string, items: PickItem<T>[], next: (value: T) => void, options?: {initial?: number}) => void;

function count(n: number, one: string, many = `${one}s`): string {
	return `${n} ${n === 1 ? one : many}`;
}

/** Open the batch (marks are cleared once it was applied), or say why there is nothing to plan. */
function openBatch(ctx: KeyContext, open: OpenDialog, planned: MarkedChanges, title: string): void {
	if (planned.changes.length === 0) {
		ctx.actions.flash('warn', `Nothing to plan for the ${count(ctx.marked.length, 'marked row')}: ${planned.notes[0] ?? 'no change applies'}${planned.notes.length > 1 ? ` (and ${planned.notes.length - 1} more)` : ''}. Nothing was sent.`);
		return;
	}
	open(ctx, batchPlanner(ctx, planned.changes, title, planned.notes), {onApplied: () => ctx.actions.clearMarks()});
}

export function revokeMarked(ctx: KeyContext, open: OpenDialog): void {
	const planned = markedRevokes(ctx.graph!, ctx.view, ctx.section?.id, ctx.marked);
	const leftOut = planned.notes.filter(note => note.includes(': left out — ')).length;
	openBatch(ctx, open, planned, `Revoke ${count(ctx.marked.length, 'marked access', 'marked accesses')} at the real source${leftOut > 0 ? ` (${leftOut} left out)` : ''}`);
}

function viewTarget(ctx: KeyContext): Target | undefined {
	const view = ctx.view;
	if (view.view === 'project') return {type: 'project', workspace: view.workspace, key: view.key};
	if (view.view === 'repository') return {type: 'repository', workspace: view.fullName.split('/')[0]!, fullName: view.fullName};
	return undefined;
}

function targetText(target: Target): string {
	return target.type === 'project' ? `${target.workspace}:${target.key}` : target.fullName;
}

export function grantMarked(ctx: KeyContext, open: OpenDialog, pick: Pick): void {
	const graph = ctx.graph!;
	const people = ctx.marked.filter(row => row.open?.view === 'person').length;
	if (people === 0) {
		ctx.actions.flash('warn', 'a on marked rows grants marked people; none of the marked rows is a person. Nothing was sent.');
		return;
	}
	const withTarget = (target: Target) => {
		const {items} = levelItems(target, undefined);
		pick<Level>(ctx, `Level for ${count(people, 'marked person', 'marked people')} on ${targetText(target)}`, items, level => {
			const planned = markedGrants(graph, target, level, ctx.marked);
			openBatch(ctx, open, planned, `Grant ${level.toUpperCase()} on ${targetText(target)} to ${count(planned.changes.length, 'person', 'people')}`);
		});
	};
	const fixed = viewTarget(ctx);
	if (fixed) return withTarget(fixed);
	const workspace = ctx.view.view === 'group' ? [ctx.view.workspace] : workspacesFor(graph, {workspace: ctx.view.view === 'workspace' ? ctx.view.workspace : undefined});
	pick(ctx, `Grant ${count(people, 'marked person', 'marked people')} access on…`, targetItems(graph, workspace), withTarget);
}

export function leaveMarked(ctx: KeyContext, open: OpenDialog): void {
	if (ctx.view.view !== 'group') {
		ctx.actions.flash('warn', 'M on marked people removes them from the group whose view is open: open a group (its Members tab). Nothing was sent.');
		return;
	}
	const {workspace, slug} = ctx.view;
	const planned = markedLeaves(ctx.graph!, workspace, slug, ctx.marked);
	openBatch(ctx, open, planned, `Remove ${count(planned.changes.length, 'person', 'people')} from group ${slug}`);
}
