/**
 * The review keys: F the Findings view, C the Changes view (since the previous snapshot); in
 * Findings, space marks a finding and f plans the fix of the marked ones (or the selected one)
 * as one plan through the change dialog (plan → confirm → apply → verify → journal).
 */
import {clearMarks, markedFindings, toggleMark} from '../../core/review/baseline.js';
import type {Finding} from '../../core/review/findings.js';
import {changesDisabled, openChangeDialog} from '../changes/change-commands.js';
import type {KeyCommand, KeyContext} from '../keys/registry.js';
import {graphFindings} from './review-screens.js';

function findingsToFix(ctx: KeyContext): Finding[] {
	if (!ctx.graph) return [];
	const findings = graphFindings({graph: ctx.graph});
	const marked = new Set(markedFindings());
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
		description: 'Show what changed since the previous snapshot (also :changes)',
		group: 'Views',
		run: ctx => (ctx.view.view === 'changes' ? ctx.actions.back() : ctx.actions.open({view: 'changes'})),
	},
	{
		id: 'review.mark',
		keys: ['space'],
		description: 'Mark or unmark the finding (f then fixes every marked one in one plan)',
		hint: 'mark',
		hintOrder: 27,
		group: 'Actions',
		views: ['findings'],
		disabledReason: ctx => (ctx.row ? undefined : 'Nothing selected.'),
		run: ctx => {
			if (!ctx.row) return;
			const on = toggleMark(ctx.row.key);
			ctx.actions.flash('info', `${on ? 'Marked' : 'Unmarked'}; ${markedFindings().length} marked`);
			ctx.actions.moveBy(1);
		},
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
			clearMarks();
			openChangeDialog(ctx, service => service.plan(chosen.flatMap(finding => finding.fix!.changes), {title}));
		},
	},
];
