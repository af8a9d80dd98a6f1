/**
 * Undo: plan the inverse of an applied batch — restore each applied-verified item's before-state —
 * through the same plan/confirm/apply path. It restores explicit entries only (not side effects such
 * as notifications), and refuses an item whose current state is no longer the state the change left.
 */
import {BbError} from '../errors.js';
import {stateLabel} from './describe.js';
import {sameState} from './endpoints.js';
import {buildPlan, typedRequirement, type PlanContext} from './planner.js';
import type {ChangePlan, ChangeRequest, ExplicitState, ItemResult, PlanItem} from './types.js';

/**
 * An undo item whose entry changed since the change: left alone. Nothing of it changes, so it
 * shows no effects and can ask for no confirmation.
 */
export function leftAlone(item: PlanItem, message: string): PlanItem {
	return {...item, after: item.before, mutation: undefined, effects: [], remaining: [], blocked: {kind: 'stale', message}};
}

/** After conflicts were left alone: actionable and the typed confirmation follow what will really be sent. */
export function settleUndoPlan(plan: ChangePlan): void {
	const actionable = plan.items.filter(item => item.mutation !== undefined);
	plan.actionable = actionable.length > 0;
	const typed = plan.actionable ? typedRequirement(actionable, plan.affectedUsers) : undefined;
	plan.typedConfirmation = typed?.text;
	plan.typedConfirmationReason = typed?.reason;
}

function inverse(change: ChangeRequest, before: ExplicitState): ChangeRequest {
	if (change.type === 'permission') return {...change, level: before.type === 'permission' ? before.level : undefined};
	return {...change, member: before.type === 'membership' ? before.member : !change.member};
}

export async function planUndoOf(
	ctx: PlanContext,
	batch: string,
	plan: ChangePlan,
	results: readonly ItemResult[],
	options: {dryRun?: boolean},
): Promise<ChangePlan> {
	const applied = results.filter(result => result.outcome === 'applied-verified');
	if (applied.length === 0) throw new BbError('usage', 'nothing to undo: the last change applied nothing');
	const sources = applied.map(result => plan.items[result.index]!);
	const changes = sources.map(item => inverse(item.request, item.before));
	const undo = await buildPlan(ctx, changes, {kind: 'undo', title: `Undo: ${plan.title}`, dryRun: options.dryRun, undoOf: batch});
	undo.items = undo.items.map((item, index) => {
		const expected = applied[index]!.verified;
		if (item.blocked || item.noop || !expected || sameState(item.before, expected)) return item;
		return leftAlone(item, `not undone: Bitbucket now shows ${stateLabel(item.before)} where the change left ${stateLabel(expected)} (someone changed it since)`);
	});
	settleUndoPlan(undo);
	return undo;
}
