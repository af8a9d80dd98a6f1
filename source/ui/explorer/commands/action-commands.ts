/**
 * Acting on the selection: refresh (refresh-commands.ts), export, copy id, open in the browser, load grants.
 */
import {createElement} from 'react';
import type {Target} from '../../../core/model.js';
import {isBbError} from '../../../core/errors.js';
import type {WebLink} from '../../components/table-model.js';
import type {KeyCommand, KeyContext} from '../../keys/registry.js';
import {ChoiceModal} from '../modals/choice-modal.js';
import {viewKey} from '../view-ref.js';
import {repositoryGrantsPrice} from '../../../core/budget/price.js';
import {runPriced} from '../modals/budget-dialog.js';
import {refreshCommands} from './refresh-commands.js';
import {notLoaded, scopeRepositories} from '../screens/missing-grants.js';
import {budgetWaitMs, HOUR_MS} from '../../../core/budget/policy.js';

function errorText(error: unknown): string {
	if (isBbError(error)) return error.hint ? `${error.message} — ${error.hint}` : error.message;
	return error instanceof Error ? error.message : String(error);
}

function webTarget(link: WebLink): Target | {type: 'workspace'; workspace: string} | {type: 'user'; uuid: string} | undefined {
	switch (link.kind) {
		case 'repository':
			return link.workspace && link.fullName ? {type: 'repository', workspace: link.workspace, fullName: link.fullName} : undefined;
		case 'project':
			return link.workspace && link.key ? {type: 'project', workspace: link.workspace, key: link.key} : undefined;
		case 'workspace':
			return link.workspace ? {type: 'workspace', workspace: link.workspace} : undefined;
		case 'user':
			return link.uuid ? {type: 'user', uuid: link.uuid} : undefined;
	}
}

/**
 * What `y` says: "Copied" only when a clipboard confirmed it. An OSC 52 escape cannot be confirmed
 * (tmux drops it without `set-clipboard on`), so the value comes first and the setting is named.
 */
export function copyMessage(copy: {text: string; label: string}, how: 'copied' | 'sent', tmux: boolean): string {
	if (how === 'copied') return `Copied ${copy.label}: ${copy.text}`;
	const setting = tmux ? "tmux needs 'set -g set-clipboard on'" : 'the terminal must allow OSC 52 clipboard writes';
	return `${copy.label}: ${copy.text} — sent to the clipboard via OSC 52 (not confirmed: ${setting})`;
}

/** `y` and `o` act on the same thing: the selected row's object, or the view's when no row is selected. */
function copyOf(ctx: KeyContext): {text: string; label: string} | undefined {
	return ctx.row ? ctx.row.copy : ctx.screen?.copy;
}

function webOf(ctx: KeyContext): WebLink | undefined {
	return ctx.row ? ctx.row.web : ctx.screen?.web;
}

function exportName(ctx: KeyContext): string {
	const base = ctx.screen?.exportName ?? 'view';
	const section = ctx.section && (ctx.screen?.sections.length ?? 0) > 1 ? `-${ctx.section.id}` : '';
	return `${base}${section}`.replace(/[^A-Za-z0-9._-]+/g, '-');
}

async function runExport(ctx: KeyContext, format: 'csv' | 'json'): Promise<void> {
	const rows = ctx.rows.map(row => row.record);
	try {
		const result = await ctx.backend.exportRows(exportName(ctx), rows, format);
		ctx.actions.flash('info', `Exported ${result.rows.toLocaleString('en-US')} rows to ${result.path}`);
	} catch (error) {
		ctx.actions.flash('error', `Export failed: ${errorText(error)}`);
	}
}

export const actionCommands: KeyCommand[] = [
	...refreshCommands,
	{
		id: 'act.export',
		keys: ['e'],
		description: 'Export the current list as shown (filter and sort applied) to CSV or JSON in ~/.local/state/bbaccess/exports (or $BBACCESS_EXPORT_DIR)',
		hint: 'export',
		hintOrder: 60,
		group: 'Actions',
		disabledReason: ctx => (!ctx.section ? 'Nothing to export here.' : ctx.rows.length === 0 ? 'The list is empty: nothing to export.' : undefined),
		run: ctx => {
			const count = ctx.rows.length;
			ctx.actions.openModal({
				id: 'export',
				render: (close, size) =>
					createElement(ChoiceModal, {
						title: 'Export',
						message: `${count.toLocaleString('en-US')} ${count === 1 ? 'row' : 'rows'} of ${ctx.section?.title ?? 'this view'} as:`,
						choices: [
							{key: 'c', label: 'CSV'},
							{key: 'j', label: 'JSON'},
						],
						width: size.columns,
						onCancel: close,
						onChoose: key => {
							close();
							void runExport(ctx, key === 'j' ? 'json' : 'csv');
						},
					}),
			});
		},
	},
	{
		id: 'act.copy',
		keys: ['y'],
		description: 'Copy the id of the selected row (OSC 52: shows the value and what was sent)',
		hint: 'copy id',
		hintOrder: 70,
		group: 'Actions',
		disabledReason: ctx => (copyOf(ctx) ? undefined : ctx.row ? 'This row has no id to copy.' : 'Nothing here has an id to copy.'),
		run: ctx => {
			const copy = copyOf(ctx);
			if (!copy) return;
			const how = ctx.actions.copy(copy.text);
			ctx.actions.flash('info', copyMessage(copy, how, process.env['TMUX'] !== undefined));
		},
	},
	{
		id: 'act.browse',
		keys: ['o'],
		description: 'Open the Bitbucket page of the selected row (the same thing y copies) in a browser, or show its URL',
		hint: 'browser',
		hintOrder: 80,
		group: 'Actions',
		disabledReason: ctx => (webOf(ctx) ? undefined : ctx.row ? 'This row has no Bitbucket page of its own.' : 'Nothing here has a Bitbucket page.'),
		run: ctx => {
			const link = webOf(ctx);
			const target = link ? webTarget(link) : undefined;
			if (!target) return;
			const url = ctx.backend.webUrl(target);
			if (ctx.actions.openUrl(url)) ctx.actions.flash('info', `Opened ${url}`);
			else ctx.actions.flash('info', `No browser available here: ${url}`);
		},
	},
];

/**
 * Repositories whose grants the current view is missing (not loaded yet): on a Repositories tab the
 * repositories it shows (the filter applies), else the view's scope.
 */
export function missingRepositoryGrants(ctx: KeyContext, limit = Number.POSITIVE_INFINITY): string[] {
	const graph = ctx.graph;
	if (!graph) return [];
	const view = ctx.view;
	if (ctx.section?.id !== 'repositories') return notLoaded(graph, scopeRepositories(graph, view), limit);
	// The rows shown (filter applied); stops at `limit` (the footer asks for one on every frame).
	const missing: string[] = [];
	for (const row of ctx.rows) {
		if (row.open?.view !== 'repository' || graph.repositoryGrantsState(row.open.fullName).state !== 'not-loaded') continue;
		missing.push(row.open.fullName);
		if (missing.length >= limit) break;
	}
	return missing;
}

/** Whether the view misses any repository grants, per graph revision and view: the footer asks on every frame (20,000 repositories on xl). */
const missingAnyCache = new WeakMap<object, {revision: number; view: string; rows: readonly unknown[]; missing: boolean}>();

function missesRepositoryGrants(ctx: KeyContext): boolean {
	const graph = ctx.graph;
	if (!graph) return false;
	// A filtered Repositories tab asks about the rows shown, so the rows are part of the key.
	const view = `${viewKey(ctx.view)}|${ctx.section?.id ?? ''}`;
	const cached = missingAnyCache.get(graph);
	if (cached && cached.revision === graph.revision && cached.view === view && cached.rows === ctx.rows) return cached.missing;
	const missing = missingRepositoryGrants(ctx, 1).length > 0;
	missingAnyCache.set(graph, {revision: graph.revision, view, rows: ctx.rows, missing});
	return missing;
}

actionCommands.push({
	id: 'act.load-grants',
	keys: ['L'],
	description: 'Load the repository grants this view is missing — on a Repositories tab, the ones shown (asks first: two requests per repository; over budget it can pace the load across budget windows, progress under the tabs, Esc stops)',
	hint: 'load grants',
	hintOrder: 25,
	group: 'Actions',
	views: ['workspace', 'project', 'group', 'person'],
	disabledReason: ctx => (missesRepositoryGrants(ctx) ? undefined : 'Every repository grant this view needs is loaded.'),
	run: ctx => {
		const missing = missingRepositoryGrants(ctx);
		const what = `${missing.length.toLocaleString('en-US')} ${missing.length === 1 ? 'repository' : 'repositories'}`;
		runPriced(ctx, {
			title: 'Load repository grants',
			what,
			price: repositoryGrantsPrice(missing.length),
			run: () => ctx.actions.loadManyRepositoryGrants(missing),
			confirm: {yes: 'Load them'},
			paced: ctx.backend.loadGrantsPaced ? {run: () => ctx.backend.loadGrantsPaced!(missing), etaMs: pacedEta(ctx, repositoryGrantsPrice(missing.length))} : undefined,
		});
	},
});

/** How long a paced load of `price` requests takes at the budget's pace (the windows it needs). */
function pacedEta(ctx: KeyContext, price: number): number {
	const left = ctx.backend.budgetRemaining() ?? price;
	const policy = {limit: ctx.status.budgetPerHour ?? 1000, windowMs: ctx.status.budgetWindowMs ?? HOUR_MS};
	return budgetWaitMs(price, left, (ctx.backend.budgetFreeAt(1) ?? Date.now()) - Date.now(), policy);
}
