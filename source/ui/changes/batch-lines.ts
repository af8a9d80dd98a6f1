/**
 * A batch plan and its result as dialog lines (pure; the change dialog windows and scrolls them):
 * the cost against the budget first (what confirming spends), then every item with its request
 * (method + path) and explicit before → after, the effective access that changes per person (all
 * items together), what survives, and the notes (rows left out). The result names the items that
 * failed and why.
 */
import type {BatchPlan, BatchResult} from '../../core/changes/batch/index.js';
import {levelLabel, type Level} from '../../core/model.js';
import type {PlanItem} from '../../core/changes/index.js';
import type {LineTone, PlanLine} from './plan-lines.js';
import {formatCount} from '../components/text-width.js';

const MAX_PEOPLE = 40;
const MAX_SURVIVING = 30;

function level(value: Level | 'none' | undefined): string {
	return levelLabel(value ?? 'none');
}

function stateText(state: PlanItem['before']): string {
	return state.type === 'permission' ? level(state.level) : state.member ? 'member' : 'not a member';
}

export function isBatchPlan(plan: {kind: string}): plan is BatchPlan {
	return plan.kind === 'batch' && 'requests' in plan && 'cost' in plan;
}

export function batchPlanLines(plan: BatchPlan): PlanLine[] {
	const lines: PlanLine[] = [];
	const noop = plan.items.filter(item => item.noop).length;
	const refused = plan.items.filter(item => item.blocked).length;
	lines.push({text: `${formatCount(plan.items.length)} item${plan.items.length === 1 ? '' : 's'}: ${formatCount(plan.requests.length)} to send, ${formatCount(noop)} already as asked, ${formatCount(refused)} refused · affects ${plan.affectedUsers === 1 ? '1 person' : `${formatCount(plan.affectedUsers)} people`}`, tone: 'normal'});
	lines.push({text: `Cost: ${plan.cost.text}`, tone: plan.cost.budget && plan.cost.toSend > plan.cost.budget.remaining ? 'error' : 'muted'});
	lines.push({text: 'Requests and explicit entries:', tone: 'title'});
	plan.items.forEach((item, index) => {
		const unchanged = item.noop || item.blocked ? ' (unchanged)' : '';
		lines.push({text: `${String(index + 1).padStart(2)}. ${item.summary}: ${stateText(item.before)} → ${stateText(item.after)}${unchanged}`, tone: 'normal'});
		if (item.mutation) lines.push({text: `    ${item.mutation.method} ${item.mutation.path}`, tone: 'request'});
		else if (item.blocked) lines.push({text: `    Refused: ${item.blocked.message}`, tone: 'error'});
		else if (item.noop) lines.push({text: `    No change: ${item.noop}`, tone: 'muted'});
	});
	if (plan.people.length > 0) {
		lines.push({text: 'Effective access that changes (all items together):', tone: 'title'});
		for (const person of plan.people.slice(0, MAX_PEOPLE)) {
			lines.push({text: `  ${person.userName}: ${person.changes.map(change => `${change.targetName} ${level(change.before)} → ${level(change.after)}`).join('; ')}`, tone: 'normal'});
		}
		if (plan.people.length > MAX_PEOPLE) lines.push({text: `  … and ${plan.people.length - MAX_PEOPLE} more people`, tone: 'muted'});
	} else if (plan.actionable) {
		lines.push({text: "Effective access: no one's effective level changes", tone: 'muted'});
	}
	const surviving = plan.items.flatMap(item => (item.mutation ? item.remaining : []));
	if (surviving.length > 0) {
		lines.push({text: 'Access that survives:', tone: 'title'});
		for (const remaining of surviving.slice(0, MAX_SURVIVING)) lines.push({text: `  ! ${remaining.text}`, tone: 'warn'});
		if (surviving.length > MAX_SURVIVING) lines.push({text: `  ! … and ${surviving.length - MAX_SURVIVING} more`, tone: 'warn'});
	}
	if (plan.notes.length > 0) {
		lines.push({text: 'Notes:', tone: 'title'});
		for (const note of plan.notes) lines.push({text: `  ${note}`, tone: 'muted'});
	}
	if (plan.dryRun) lines.push({text: 'Dry run: nothing will be sent.', tone: 'muted'});
	return lines;
}

export function batchResultLines(plan: BatchPlan, batch: BatchResult): PlanLine[] {
	const {result, failed} = batch;
	const tone: LineTone = result.outcome === 'applied-verified' || result.outcome === 'no-op' || result.outcome === 'dry-run' ? 'ok' : result.outcome === 'partial' ? 'warn' : 'error';
	const lines: PlanLine[] = [{text: result.message, tone}];
	if (failed.length > 0) {
		lines.push({text: `${formatCount(failed.length)} of ${formatCount(plan.items.length)} did not apply:`, tone: 'error'});
		for (const item of failed) lines.push({text: `  ${item.outcome}: ${item.summary}: ${item.message}`, tone: 'error'});
	}
	const others = result.items.filter(item => !failed.some(bad => bad.index === item.index));
	if (others.length > 0) lines.push({text: failed.length > 0 ? 'The others:' : 'Items:', tone: 'title'});
	for (const item of others) {
		const itemTone: LineTone = item.outcome === 'applied-verified' || item.outcome === 'no-op' ? 'ok' : item.outcome === 'unverified' ? 'warn' : 'muted';
		const detail = item.outcome === 'unverified' && item.message ? `: ${item.message}` : '';
		lines.push({text: `  ${item.outcome}: ${plan.items[item.index]!.summary}${detail}`, tone: itemTone});
	}
	lines.push({text: `Journal batch ${result.batch.slice(0, 8)} (bbaccess undo ${result.batch.slice(0, 8)} restores it)`, tone: 'muted'});
	return lines;
}
