/**
 * Read-only panes: `d` describes the selected row (full provenance, what could be changed),
 * `P` lists every sync problem and partial-visibility reason in full.
 */
import {createElement} from 'react';
import type {KeyCommand} from '../../keys/registry.js';
import type {ModalSize} from '../explorer-state.js';
import {describeLines, problemLines} from '../describe.js';
import {TextPane} from '../modals/text-pane.js';

function paneSize(size: ModalSize): {width: number; height: number} {
	return {width: Math.min(size.columns, 110), height: Math.max(6, size.rows)};
}

export const paneCommands: KeyCommand[] = [
	{
		id: 'view.describe',
		keys: ['d'],
		description: 'Describe the selected row: the full provenance chain, the explicit entries that could be changed and their keys',
		hint: 'describe',
		hintOrder: 46,
		group: 'Views',
		disabledReason: ctx => (!ctx.graph ? 'No data yet: wait for the sync to finish.' : ctx.row ? undefined : 'Nothing selected to describe.'),
		run: ctx => {
			const row = ctx.row;
			const graph = ctx.graph;
			if (!row || !graph) return;
			const lines = describeLines(graph, ctx.view, ctx.section, row);
			ctx.actions.openModal({
				id: 'describe',
				render: (close, size) => createElement(TextPane, {title: `Describe: ${Object.values(row.cells)[0] ?? row.key}`, lines, ...paneSize(size), onClose: close, closeKeys: ['d']}),
			});
		},
	},
	{
		id: 'view.problems',
		keys: ['P'],
		description: 'Problems: every sync problem and partial-visibility reason, in full',
		group: 'Views',
		disabledReason: ctx => (!ctx.graph ? 'No data yet: wait for the sync to finish.' : problemLines(ctx.graph).length === 0 ? 'No problems: everything the account can see was read.' : undefined),
		run: ctx => {
			if (!ctx.graph) return;
			const lines = problemLines(ctx.graph);
			ctx.actions.openModal({id: 'problems', render: (close, size) => createElement(TextPane, {title: 'Problems', lines, ...paneSize(size), onClose: close, closeKeys: ['P']})});
		},
	},
];
