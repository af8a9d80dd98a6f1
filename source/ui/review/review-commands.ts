/**
 * The review keys: F the Findings view, C the Changes view (since the previous snapshot); in
 * Findings, f plans the fix of the marked findings (the explorer's marks: Space, `*`, Esc) or of
 * the selected one as ONE batch (planBatch) through the change dialog (plan → confirm → apply →
 * verify → journal as one batch).
 */
import type {Finding} from '../../core/review/findings.js';
import {batchPlanner} from '../changes/batch-commands.js';
import {changesDisabled, openChangeDialog} from '../changes/change-commands.js';
import type {KeyCommand, KeyContext} from '../keys/registry.js';
import {graphFindings} from './review-screens.js';

function findingsToFix(ctx: KeyContext): Finding[] {
	if (!ctx.graph) return [];
	const findings = graphFindings({graph: ctx.graph});
	const marked = new Set(ctx.marked.map(row => row.key));
	const chosen = marked.size > 0 ? findings.filter(finding => marked.has(finding.id)) : findings.filter(finding => finding.id === ctx.row?.key);
	return chosen.filter(finding => finding.fix && finding.fix.changes.length > 0);
}

export const reviewCommands: KeyCommand[] = [
	{
		id: 'view.findings',
		keys: ['F'],
		description: 'Show the findings of an audit of the synced data (also :findings)',
		group: 'Views',
		run: ctx => (ctx.view.view === 'findings' ? ctx.actions.back() : ctx.actions.open({view: 'findings'})),
	},
	{
		id: 'view.changes',
		keys: ['C'],
		description: 'Show what changed since the previous snapshot (also :changes; :changes ID since a chosen one)',
		group: 'Views',
		run: ctx => (ctx.view.view === 'changes' ? ctx.actions.back() : ctx.actions.open({view: 'changes'})),
	},
	{
		id: 'review.fix',
		keys: ['f'],
		description: 'Plan the proposed fix of the marked findings (or the selected one)',
		hint: 'fix',
		hintOrder: 26,
		group: 'Actions',
		views: ['findings'],
		destructive: true,
		disabledReason: ctx => changesDisabled(ctx) ?? (findingsToFix(ctx).length === 0 ? 'No proposed fix bbaccess can make for this finding (the Finding column says what to do).' : undefined),
		run: ctx => {
			const chosen = findingsToFix(ctx);
			if (chosen.length === 0) return;
			const title = chosen.length === 1 ? `Fix: ${chosen[0]!.fix!.summary}` : `Fix ${chosen.length} findings`;
			const left = ctx.marked.length - chosen.length;
			const notes = left > 0 ? [`${left} marked finding${left === 1 ? ' has' : 's have'} no fix bbaccess can make: left out`] : [];
			const changes = [...new Map(chosen.flatMap(finding => finding.fix!.changes).map(change => [JSON.stringify(change), change])).values()];
			openChangeDialog(ctx, batchPlanner(ctx, changes, title, notes), {onApplied: () => ctx.actions.clearMarks()});
		},
	},
];
