/**
 * Moving around: cursor, drill-down, back, sections, filter, jump, sort, help.
 */
import {createElement} from 'react';
import {Picker} from '../../changes/picker.js';
import type {KeyCommand, KeyContext} from '../../keys/registry.js';
import {HelpOverlay, helpLines} from '../modals/help-overlay.js';
import {markCommands} from './mark-commands.js';
import {formatCount} from '../../components/text-width.js';
import {nextSortIndex} from '../sorting.js';

const noRows = (ctx: KeyContext) => (ctx.rows.length === 0 ? 'The list is empty.' : undefined);

export function openHelp(ctx: KeyContext): void {
	const lines = helpLines(ctx.commands, ctx.view.view, command => command.disabledReason?.({...ctx, key: command.keys[0] ?? ''}));
	ctx.actions.openModal({
		id: 'help',
		render: (close, size) => createElement(HelpOverlay, {lines, width: size.columns, height: size.rows, onClose: close}),
	});
}

let pickSerial = 0;

/** Enter on a row that names several objects (a finding): pick which one to open. */
function openOneOf(ctx: KeyContext, choices: NonNullable<NonNullable<KeyContext['row']>['openChoices']>): void {
	const key = `open-${++pickSerial}`;
	ctx.actions.openModal({
		id: 'open-choice',
		render: close =>
			createElement(Picker<number>, {
				key,
				title: 'Open which of the objects involved?',
				items: choices.map((choice, index) => ({key: String(index), label: choice.label, value: index})),
				width: Math.min(ctx.size.columns, 110),
				height: Math.max(8, Math.min(ctx.size.rows, 20)),
				onCancel: close,
				onPick: item => {
					close();
					ctx.actions.open(choices[item.value]!.ref);
				},
			}),
	});
}

export const navigationCommands: KeyCommand[] = [
	{id: 'nav.down', keys: ['j', 'down'], description: 'Move down', group: 'Navigation', disabledReason: noRows, run: ctx => ctx.actions.moveBy(1)},
	{id: 'nav.up', keys: ['k', 'up'], description: 'Move up', group: 'Navigation', disabledReason: noRows, run: ctx => ctx.actions.moveBy(-1)},
	{id: 'nav.top', keys: ['g', 'home'], description: 'Go to the first row', group: 'Navigation', disabledReason: noRows, run: ctx => ctx.actions.moveTo(0)},
	{id: 'nav.bottom', keys: ['G', 'end'], description: 'Go to the last row', group: 'Navigation', disabledReason: noRows, run: ctx => ctx.actions.moveTo(ctx.rows.length - 1)},
	{id: 'nav.page-down', keys: ['pagedown', 'ctrl+f'], description: 'Page down', group: 'Navigation', disabledReason: noRows, run: ctx => ctx.actions.moveBy(ctx.pageSize)},
	{id: 'nav.page-up', keys: ['pageup', 'ctrl+b'], description: 'Page up', group: 'Navigation', disabledReason: noRows, run: ctx => ctx.actions.moveBy(-ctx.pageSize)},
	{
		id: 'nav.open',
		keys: ['enter'],
		description: 'Open the selected row (drill down); on a finding that names several objects, pick which',
		hint: 'open',
		hintOrder: 10,
		group: 'Navigation',
		disabledReason: ctx => (!ctx.row ? 'Nothing selected.' : ctx.row.open ? undefined : 'This row has no view of its own.'),
		run: ctx => {
			if (ctx.row?.openChoices && ctx.row.openChoices.length > 1) openOneOf(ctx, ctx.row.openChoices);
			else if (ctx.row?.open) ctx.actions.open(ctx.row.open);
		},
	},
	{
		id: 'nav.back',
		keys: ['esc'],
		description: 'Stop work waiting for the request budget (or a paced load), else clear the filter, else clear the marks, else go back along the path taken (the breadcrumb; `:` jumps included)',
		hint: 'back',
		hintOrder: 45,
		group: 'Navigation',
		disabledReason: ctx => (ctx.state.stack.length <= 1 && !hasFilter(ctx) && ctx.marked.length === 0 && !ctx.status.waiting && !ctx.status.pacedLoad ? 'Already at the top (q quits).' : undefined),
		run: ctx => {
			// Work waiting for the request budget is stopped first (the status line says it waits).
			if (ctx.status.pacedLoad && ctx.backend.cancelWait()) ctx.actions.flash('info', 'Stopping the paced load: what is loaded stays (L goes on)');
			else if (ctx.status.waiting && ctx.backend.cancelWait()) ctx.actions.flash('info', `Stopped waiting: ${ctx.status.waiting.label} will not run`);
			else if (hasFilter(ctx)) ctx.actions.setFilter('');
			else if (ctx.marked.length > 0) {
				ctx.actions.clearMarks();
				ctx.actions.flash('info', `Cleared ${formatCount(ctx.marked.length)} mark${ctx.marked.length === 1 ? '' : 's'}.`);
			} else ctx.actions.back();
		},
	},
	{
		id: 'nav.previous',
		keys: ['-'],
		description: 'Toggle to the previous view (like cd -)',
		group: 'Navigation',
		disabledReason: ctx => (ctx.state.previous ? undefined : 'No previous view yet.'),
		run: ctx => ctx.actions.togglePrevious(),
	},
	{
		id: 'nav.next-section',
		keys: ['tab', 'right'],
		description: 'Next section (Members, Groups, …)',
		group: 'Navigation',
		disabledReason: ctx => ((ctx.screen?.sections.length ?? 0) > 1 ? undefined : 'This view has a single section.'),
		run: ctx => ctx.actions.selectSection(nextSection(ctx, +1)),
	},
	{
		id: 'nav.previous-section',
		keys: ['shift+tab', 'left'],
		description: 'Previous section',
		group: 'Navigation',
		disabledReason: ctx => ((ctx.screen?.sections.length ?? 0) > 1 ? undefined : 'This view has a single section.'),
		run: ctx => ctx.actions.selectSection(nextSection(ctx, -1)),
	},
	{
		id: 'nav.section',
		keys: ['1', '2', '3', '4'],
		description: 'Go to section 1–4',
		group: 'Navigation',
		disabledReason: ctx => (Number(ctx.key) <= (ctx.screen?.sections.length ?? 0) ? undefined : `This view has no section ${ctx.key}.`),
		run: ctx => ctx.actions.selectSection(Number(ctx.key) - 1),
	},
	{
		id: 'view.filter',
		keys: ['/'],
		description: 'Filter the list (lower case ignores case; a capital makes it case-sensitive)',
		hint: 'filter',
		hintOrder: 20,
		group: 'Views',
		disabledReason: ctx => (ctx.section ? undefined : 'Nothing to filter here.'),
		run: ctx => ctx.actions.setPrompt({kind: 'filter', text: currentFilter(ctx)}),
	},
	{
		id: 'view.command',
		keys: [':'],
		description: 'Jump: :user NAME, :repo NAME, :group NAME, :project KEY, :ws SLUG, :log (Tab completes)',
		hint: 'jump',
		hintOrder: 40,
		group: 'Views',
		run: ctx => ctx.actions.setPrompt({kind: 'command', text: ''}),
	},
	{
		id: 'view.sort',
		keys: ['S'],
		description: 'Sort by the next column that changes the order (the view’s default order comes first); the title shows it',
		hint: 'sort',
		hintOrder: 33,
		group: 'Views',
		disabledReason: ctx => (ctx.sortChoices.length > 1 ? undefined : 'This list has one order only.'),
		run: ctx => {
			const next = nextSortIndex(ctx.sortChoices, ctx.sort % Math.max(1, ctx.sortChoices.length), ctx.rows);
			ctx.actions.setSort(next);
			const choice = ctx.sortChoices[next];
			ctx.actions.flash('info', `Sorted by ${choice?.label ?? 'default'}${choice?.column ? ' (s reverses)' : ''}`);
		},
	},
	{
		id: 'view.sort-reverse',
		keys: ['s'],
		description: 'Reverse the sort order',
		group: 'Views',
		disabledReason: ctx => (ctx.section && ctx.rows.length > 1 ? undefined : 'Nothing to reverse here.'),
		run: ctx => ctx.actions.setSortReverse(!ctx.sortReverse),
	},
	{
		id: 'view.request-log',
		keys: ['l'],
		description: 'Show the request log (this session’s API calls)',
		group: 'Views',
		run: ctx => (ctx.view.view === 'request-log' ? ctx.actions.back() : ctx.actions.open({view: 'request-log'})),
	},
	{id: 'view.help', keys: ['?'], description: 'Show all keys', hint: 'help', hintOrder: 90, group: 'General', run: openHelp},
	{id: 'app.quit', keys: ['q', 'ctrl+c'], description: 'Quit', hint: 'quit', hintOrder: 99, group: 'General', run: ctx => ctx.actions.quit()},
	...markCommands,
];

function currentFilter(ctx: KeyContext): string {
	return ctx.filter;
}

function hasFilter(ctx: KeyContext): boolean {
	return ctx.filter !== '';
}

function nextSection(ctx: KeyContext, step: number): number {
	const count = ctx.screen?.sections.length ?? 1;
	return (ctx.sectionIndex + step + count) % count;
}
