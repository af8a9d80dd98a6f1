/**
 * A ChangePlan or ChangeResult as lines with a tone, for the confirm and result dialogs.
 * Pure: the dialog only windows and colours these lines. Levels are spelled out.
 */
import type {ChangePlan, ChangeResult, PlanItem} from '../../core/changes/index.js';
import {levelLabel, type Level} from '../../core/model.js';
import {displayWidth} from '../components/text-width.js';

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
			const itemTone: LineTone = item.outcome === 'applied-verified' || item.outcome === 'no-op' ? 'ok' : item.outcome === 'failed' || item.outcome === 'not-attempted' ? 'error' : item.outcome === 'unverified' ? 'warn' : 'muted';
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

/**
 * Wrap lines to the dialog's width so the method and path, and every warning, are shown in full.
 * Continuation lines are indented by two spaces and keep the tone.
 */
export function wrapLines(lines: readonly PlanLine[], width: number): PlanLine[] {
	const max = Math.max(10, width);
	const result: PlanLine[] = [];
	for (const line of lines) {
		if (displayWidth(line.text) <= max) {
			result.push(line);
			continue;
		}
		let rest = [...line.text];
		let first = true;
		while (rest.length > 0) {
			const limit = first ? max : max - 2;
			let taken = 0;
			let columns = 0;
			while (taken < rest.length && columns + displayWidth(rest[taken]!) <= limit) columns += displayWidth(rest[taken++]!);
			// Prefer breaking after a space or a slash when one is near the end.
			if (taken < rest.length) {
				const window = rest.slice(0, taken);
				const at = Math.max(window.lastIndexOf(' '), window.lastIndexOf('/'));
				if (at > taken / 2) taken = at + 1;
			}
			taken = Math.max(1, taken);
			result.push({text: `${first ? '' : '  '}${rest.slice(0, taken).join('')}`, tone: line.tone});
			rest = rest.slice(taken);
			first = false;
		}
	}
	return result;
}
