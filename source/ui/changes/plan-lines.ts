/**
 * A ChangePlan or ChangeResult as lines with a tone, for the confirm and result dialogs.
 * Pure: the dialog only windows and colours these lines. Levels are spelled out.
 */
import type {ChangePlan, ChangeResult, PlanItem} from '../../core/changes/index.js';
import {levelLabel, type Level} from '../../core/model.js';

export type LineTone = 'title' | 'normal' | 'muted' | 'warn' | 'error' | 'ok' | 'request';

export interface PlanLine {
	text: string;
	tone: LineTone;
}

function level(value: Level | 'none' | undefined): string {
	return levelLabel(value ?? 'none');
}

function explicitText(item: PlanItem): string {
	const show = (state: PlanItem['before']) => (state.type === 'permission' ? level(state.level) : state.member ? 'member' : 'not a member');
	return `${show(item.before)} → ${show(item.after)}`;
}

function itemLines(item: PlanItem, indent: string): PlanLine[] {
	const lines: PlanLine[] = [];
	const label = item.request.type === 'membership' ? 'Membership' : 'Explicit entry';
	lines.push({text: `${indent}${label}: ${explicitText(item)}${item.noop || item.blocked ? ' (unchanged)' : ''}`, tone: 'normal'});
	if (item.blocked) lines.push({text: `${indent}Refused: ${item.blocked.message}`, tone: 'error'});
	if (item.noop) lines.push({text: `${indent}No change: ${item.noop}`, tone: 'muted'});
	if (item.mutation) lines.push({text: `${indent}${item.mutation.method} ${item.mutation.path}${item.mutation.body !== undefined ? ` ${JSON.stringify(item.mutation.body)}` : ''}`, tone: 'request'});
	const changed = item.effects.filter(effect => effect.before !== effect.after);
	for (const effect of changed.slice(0, 6)) {
		lines.push({text: `${indent}Effective: ${effect.userName} ${level(effect.before)} → ${level(effect.after)} on ${effect.targetName}`, tone: 'normal'});
	}
	if (changed.length > 6) lines.push({text: `${indent}… and ${changed.length - 6} more effective changes`, tone: 'muted'});
	if (item.mutation && changed.length === 0 && item.effects.length > 0) lines.push({text: `${indent}Effective: no one's effective level changes`, tone: 'muted'});
	for (const remaining of item.remaining.slice(0, 6)) lines.push({text: `${indent}! ${remaining.text}`, tone: 'warn'});
	if (item.remaining.length > 6) lines.push({text: `${indent}! … and ${item.remaining.length - 6} more keep access`, tone: 'warn'});
	for (const note of item.notes) lines.push({text: `${indent}${note}`, tone: 'muted'});
	return lines;
}

export function planLines(plan: ChangePlan): PlanLine[] {
	const lines: PlanLine[] = [];
	if (plan.items.length === 1) lines.push(...itemLines(plan.items[0]!, ''));
	else {
		plan.items.forEach((item, index) => {
			lines.push({text: `${index + 1}. ${item.summary}`, tone: 'title'});
			lines.push(...itemLines(item, '   '));
		});
	}
	for (const note of plan.notes) lines.push({text: note, tone: 'muted'});
	const people = plan.affectedUsers === 1 ? '1 person' : `${plan.affectedUsers} people`;
	lines.push({text: `Affects ${people}.${plan.dryRun ? ' Dry run: nothing will be sent.' : ''}`, tone: 'muted'});
	return lines;
}

export function resultLines(plan: ChangePlan, result: ChangeResult): PlanLine[] {
	const tone: LineTone = result.outcome === 'applied-verified' || result.outcome === 'no-op' || result.outcome === 'dry-run' ? 'ok' : result.outcome === 'partial' ? 'warn' : 'error';
	const lines: PlanLine[] = [{text: result.message, tone}];
	if (plan.items.length > 1 || result.items.some(item => item.outcome === 'failed')) {
		for (const item of result.items) {
			const planned = plan.items[item.index]!;
			const itemTone: LineTone = item.outcome === 'applied-verified' || item.outcome === 'no-op' ? 'ok' : item.outcome === 'failed' || item.outcome === 'not-attempted' ? 'error' : 'muted';
			const detail = item.message && item.outcome !== 'no-op' && item.outcome !== 'applied-verified' ? `: ${item.message}` : '';
			lines.push({text: `${item.outcome}: ${planned.summary}${detail}`, tone: itemTone});
		}
	}
	return lines;
}

/** The first place a surviving access comes from, as something the explorer can open. */
export function firstJump(plan: ChangePlan): NonNullable<PlanItem['remaining'][number]['jumpTo']> | undefined {
	for (const item of plan.items) {
		for (const remaining of item.remaining) if (remaining.jumpTo) return remaining.jumpTo;
	}
	return undefined;
}
