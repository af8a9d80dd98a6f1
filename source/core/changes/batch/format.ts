/** Plain-text rendering of a batch plan and its result (the CLI prints these; the TUI uses the same data). */
import {levelOrNone, stateLabel} from '../describe.js';
import {confirmationLine} from '../format.js';
import type {ChangeResult} from '../types.js';
import type {BatchPlan} from './plan.js';
import {formatCount} from '../../text/numbers.js';

const MAX_PEOPLE = 30;
const MAX_SURVIVING = 20;

/** The plan as text; with `yes`, the confirmation line says --yes stands in for typing (one wording, format.ts). */
export function formatBatchPlan(plan: BatchPlan, options: {yes?: boolean} = {}): string[] {
	const lines: string[] = [plan.dryRun ? `${plan.title} (dry run)` : plan.title];
	lines.push(`  ${formatCount(plan.items.length)} item${plan.items.length === 1 ? '' : 's'}: ${formatCount(plan.requests.length)} to send, ${formatCount(plan.items.filter(item => item.noop).length)} already as asked, ${formatCount(plan.items.filter(item => item.blocked).length)} refused`);
	lines.push('  Requests and explicit entries:');
	plan.items.forEach((item, index) => {
		const request = item.mutation ? `${item.mutation.method} ${item.mutation.path}` : item.blocked ? `REFUSED: ${item.blocked.message}` : `no change: ${item.noop ?? ''}`;
		lines.push(`  ${String(index + 1).padStart(3)}. ${item.summary}: ${stateLabel(item.before)} → ${stateLabel(item.after)}`);
		lines.push(`       ${request}`);
	});
	if (plan.people.length > 0) {
		lines.push('  Effective access that changes (all items together):');
		for (const person of plan.people.slice(0, MAX_PEOPLE)) {
			lines.push(`    ${person.userName}: ${person.changes.map(change => `${change.targetName} ${levelOrNone(change.before)} → ${levelOrNone(change.after)}`).join('; ')}`);
		}
		if (plan.people.length > MAX_PEOPLE) lines.push(`    … and ${formatCount(plan.people.length - MAX_PEOPLE)} more people`);
	} else if (plan.actionable) {
		lines.push("  Effective access: no one's effective level changes");
	}
	const surviving = plan.items.flatMap(item => (item.mutation ? item.remaining : []));
	if (surviving.length > 0) {
		lines.push('  Access that survives:');
		for (const remaining of surviving.slice(0, MAX_SURVIVING)) lines.push(`    ! ${remaining.text}`);
		if (surviving.length > MAX_SURVIVING) lines.push(`    ! … and ${formatCount(surviving.length - MAX_SURVIVING)} more`);
	}
	for (const note of plan.notes) lines.push(`  note: ${note}`);
	lines.push(`  Cost: ${plan.cost.text}`);
	lines.push(`  affects ${formatCount(plan.affectedUsers)} ${plan.affectedUsers === 1 ? 'person' : 'people'}`);
	if (!plan.actionable) lines.push('  Nothing will be sent.');
	else {
		const confirmation = confirmationLine(plan, options.yes);
		if (confirmation) lines.push(`  ${confirmation}`);
	}
	return lines;
}

export function formatBatchResult(plan: BatchPlan, result: ChangeResult): string[] {
	const lines = [result.message];
	const failed = result.items.filter(item => item.outcome === 'failed' || item.outcome === 'not-attempted' || item.outcome === 'blocked');
	if (failed.length > 0) {
		lines.push(`  ${formatCount(failed.length)} did not apply:`);
		for (const item of failed) lines.push(`    ${item.outcome.padEnd(14)} ${plan.items[item.index]!.summary}: ${item.message ?? item.errorKind ?? ''}`);
	}
	lines.push(`  journal batch ${result.batch} (bbaccess undo ${result.batch.slice(0, 8)} restores it)`);
	return lines;
}
