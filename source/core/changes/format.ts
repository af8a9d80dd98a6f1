/**
 * Plain-text rendering of plans, results and journal entries for the CLI (the TUI renders the same
 * data with Ink). Lines, no colour; levels spelled out.
 */
import {levelOrNone, stateLabel} from './describe.js';
import type {ChangePlan, ChangeResult, JournalEntry, PlanItem} from './types.js';

function plural(count: number, one: string, many: string): string {
	return `${count} ${count === 1 ? one : many}`;
}

function itemLines(item: PlanItem, indent: string): string[] {
	const lines: string[] = [];
	const unchanged = item.blocked || item.noop ? ' (unchanged)' : '';
	lines.push(`${indent}explicit entry: ${stateLabel(item.before)} → ${stateLabel(item.after)}${unchanged}`);
	if (item.blocked) lines.push(`${indent}REFUSED: ${item.blocked.message}`);
	else if (item.noop) lines.push(`${indent}no change: ${item.noop}`);
	if (item.mutation) lines.push(`${indent}request: ${item.mutation.method} ${item.mutation.path}${item.mutation.body !== undefined ? ` ${JSON.stringify(item.mutation.body)}` : ''}`);
	const changed = item.effects.filter(effect => effect.before !== effect.after);
	const shown = changed.slice(0, 8);
	for (const effect of shown) lines.push(`${indent}effective: ${effect.userName} ${levelOrNone(effect.before)} → ${levelOrNone(effect.after)} on ${effect.targetName}`);
	if (changed.length > shown.length) lines.push(`${indent}… and ${changed.length - shown.length} more effective changes`);
	if (changed.length === 0 && item.mutation && item.effects.length > 0) lines.push(`${indent}effective: no one's effective level changes`);
	for (const remaining of item.remaining.slice(0, 8)) lines.push(`${indent}! ${remaining.text}`);
	if (item.remaining.length > 8) lines.push(`${indent}! … and ${item.remaining.length - 8} more people keep access`);
	for (const note of item.notes) lines.push(`${indent}note: ${note}`);
	return lines;
}

/**
 * The one wording of typed confirmation, used by the dialog, its hint, the CLI and docs/changes.md:
 * "Type 'acme/api-gateway' to confirm" — always the exact text to type.
 */
export function confirmationWords(text: string): string {
	return `Type '${text}'`;
}

/** The plan's confirmation line: what must be typed and why; with --yes, that --yes stands in for it. */
export function confirmationLine(plan: ChangePlan, yes = false): string | undefined {
	if (!plan.actionable || plan.dryRun || !plan.typedConfirmation) return undefined;
	const why = plan.typedConfirmationReason ?? 'required';
	return yes ? `Confirmed by --yes in place of typing '${plan.typedConfirmation}' (${why})` : `${confirmationWords(plan.typedConfirmation)} to confirm (${why})`;
}

export function formatPlan(plan: ChangePlan, options: {yes?: boolean} = {}): string[] {
	const lines: string[] = [plan.dryRun ? `${plan.title} (dry run)` : plan.title];
	if (plan.items.length === 1) {
		lines.push(...itemLines(plan.items[0]!, '  '));
	} else {
		plan.items.forEach((item, index) => {
			lines.push(`  ${index + 1}. ${item.summary}`);
			lines.push(...itemLines(item, '     '));
		});
	}
	for (const note of plan.notes) lines.push(`  note: ${note}`);
	lines.push(`  affects ${plural(plan.affectedUsers, 'person', 'people')}`);
	if (!plan.actionable) lines.push('  Nothing will be sent.');
	else {
		const confirmation = confirmationLine(plan, options.yes);
		if (confirmation) lines.push(`  ${confirmation}`);
	}
	return lines;
}

export function formatResult(plan: ChangePlan, result: ChangeResult): string[] {
	const lines = [result.message];
	if (plan.items.length > 1 || result.items.some(item => item.outcome === 'failed')) {
		for (const item of result.items) {
			const planned = plan.items[item.index]!;
			const verified = item.verified ? ` (Bitbucket shows ${stateLabel(item.verified)})` : '';
			lines.push(`  ${item.outcome.padEnd(16)} ${planned.summary}${verified}${item.message && item.outcome !== 'no-op' ? `: ${item.message}` : ''}`);
		}
	}
	return lines;
}

export function formatJournalEntry(entry: JournalEntry): string {
	const requests = entry.requests.filter(request => request.method !== 'GET').map(request => `${request.method} ${request.path}${request.status ? ` → ${request.status}` : ''}`);
	const sent = requests.length > 0 ? ` [${requests.join(', ')}]` : '';
	const message = entry.message && entry.outcome !== 'applied-verified' && entry.outcome !== 'no-op' ? ` — ${entry.message}` : '';
	return `${entry.time}  ${entry.outcome.padEnd(16)} ${entry.summary} (${stateLabel(entry.before)} → ${stateLabel(entry.verified ?? entry.after)}) by ${entry.account}${sent}${message}`;
}
