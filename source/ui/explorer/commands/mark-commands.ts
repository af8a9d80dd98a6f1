/**
 * Marks (multi-select, like mutt's tags and k9s's Space): Space marks or unmarks the selected row
 * and moves down one (so Space Space Space marks three rows in a row); `*` marks every row the
 * filter shows (pressed again when all of them are marked, it unmarks them); Esc clears the marks
 * (after the filter: Esc clears a filter first, so marks made under one filter survive it).
 * Marks belong to one section of one view; the tab line shows "3 marked". The change keys
 * (x, a, M, and f in Findings) act on the marked rows as one batch.
 */
import type {KeyCommand} from '../../keys/registry.js';
import {markedText} from '../use-marks.js';
import {formatCount} from '../../components/text-width.js';

export const markCommands: KeyCommand[] = [
	{
		id: 'mark.toggle',
		keys: ['space'],
		description: 'Mark or unmark the selected row and move down one (x, a, M and f then act on every marked row as one batch)',
		group: 'Actions',
		disabledReason: ctx => (!ctx.section ? 'Nothing to mark here.' : ctx.row ? undefined : 'Nothing selected.'),
		run: ctx => {
			if (!ctx.row) return;
			const on = !ctx.marked.some(row => row.key === ctx.row!.key);
			ctx.actions.toggleMark(ctx.row.key);
			const count = ctx.marked.length + (on ? 1 : -1);
			ctx.actions.flash('info', `${on ? 'Marked' : 'Unmarked'}; ${count === 0 ? 'nothing marked' : markedText(count, ctx.markedHidden)} (Esc clears)`);
			ctx.actions.moveBy(1);
		},
	},
	{
		id: 'mark.all',
		keys: ['*'],
		description: 'Mark every row shown (after the filter); again, when all are marked, unmarks them',
		group: 'Actions',
		disabledReason: ctx => (!ctx.section || ctx.rows.length === 0 ? 'Nothing to mark here.' : undefined),
		run: ctx => {
			const keys = ctx.rows.map(row => row.key);
			const already = new Set(ctx.marked.map(row => row.key));
			const unmark = keys.every(key => already.has(key));
			ctx.actions.markAll(keys);
			const count = unmark ? ctx.marked.length - keys.length : already.size + keys.filter(key => !already.has(key)).length;
			ctx.actions.flash('info', `${unmark ? `Unmarked ${formatCount(keys.length)}` : `Marked ${formatCount(keys.length)} shown`}; ${count === 0 ? 'nothing marked' : `${formatCount(count)} marked`} (Esc clears)`);
		},
	},
];
