/**
 * Acting on the selection: refresh, export, copy id, open in the browser.
 */
import {createElement} from 'react';
import type {Target} from '../../../core/model.js';
import {isBbError} from '../../../core/errors.js';
import type {WebLink} from '../../components/table-model.js';
import type {KeyCommand, KeyContext} from '../../keys/registry.js';
import {ChoiceModal} from '../modals/choice-modal.js';
import {viewKey, workspaceOf} from '../view-ref.js';

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
	{
		id: 'act.refresh',
		keys: ['r'],
		description: 'Refresh from Bitbucket (this workspace, or everything at the top)',
		hint: 'refresh',
		hintOrder: 50,
		group: 'Actions',
		disabledReason: ctx => (ctx.status.state === 'syncing' ? 'A sync is already running.' : undefined),
		run: async ctx => {
			const workspace = workspaceOf(ctx.view);
			ctx.actions.flash('info', workspace ? `Refreshing ${workspace}…` : 'Refreshing all workspaces…');
			try {
				await ctx.backend.refresh(workspace ? {workspace} : undefined);
				const status = ctx.backend.status();
				if (status.state === 'error') ctx.actions.flash('error', status.message);
				else ctx.actions.flash('info', workspace ? `Refreshed ${workspace}` : 'Refreshed');
				// A repository view also needs its own grants (tier 2), which a refresh may leave unloaded.
				if (ctx.view.view === 'repository' && ctx.backend.graph()?.repositoryGrantsState(ctx.view.fullName).state === 'not-loaded') {
					ctx.actions.loadRepositoryGrants(ctx.view.fullName);
				}
			} catch (error) {
				ctx.actions.flash('error', `Refresh failed: ${errorText(error)}`);
			}
		},
	},
	{
		id: 'act.export',
		keys: ['e'],
		description: 'Export the current list as shown (filter and sort applied) to CSV or JSON',
		hint: 'export',
		hintOrder: 60,
		group: 'Actions',
		disabledReason: ctx => (!ctx.section ? 'Nothing to export here.' : ctx.rows.length === 0 ? 'The list is empty: nothing to export.' : undefined),
		run: ctx => {
			const count = ctx.rows.length;
			ctx.actions.openModal({
				id: 'export',
				render: close =>
					createElement(ChoiceModal, {
						title: 'Export',
						message: `${count.toLocaleString('en-US')} ${count === 1 ? 'row' : 'rows'} of ${ctx.section?.title ?? 'this view'} as:`,
						choices: [
							{key: 'c', label: 'CSV'},
							{key: 'j', label: 'JSON'},
						],
						width: ctx.size.columns,
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
		description: 'Copy the id of the selection (clipboard via OSC 52)',
		hint: 'copy id',
		hintOrder: 70,
		group: 'Actions',
		disabledReason: ctx => (ctx.row?.copy ?? ctx.screen?.copy ? undefined : 'Nothing here has an id to copy.'),
		run: ctx => {
			const copy = ctx.row?.copy ?? ctx.screen?.copy;
			if (!copy) return;
			ctx.actions.copy(copy.text);
			ctx.actions.flash('info', `Copied ${copy.label}: ${copy.text}`);
		},
	},
	{
		id: 'act.browse',
		keys: ['o'],
		description: 'Open the Bitbucket page of the selection in a browser (or show its URL)',
		hint: 'browser',
		hintOrder: 80,
		group: 'Actions',
		disabledReason: ctx => (ctx.row?.web ?? ctx.screen?.web ? undefined : 'Nothing here has a Bitbucket page.'),
		run: ctx => {
			const link = ctx.row?.web ?? ctx.screen?.web;
			const target = link ? webTarget(link) : undefined;
			if (!target) return;
			const url = ctx.backend.webUrl(target);
			if (ctx.actions.openUrl(url)) ctx.actions.flash('info', `Opened ${url}`);
			else ctx.actions.flash('info', `No browser available here: ${url}`);
		},
	},
];

/** Repositories whose grants the current view is missing (not loaded yet), in the view's scope. */
export function missingRepositoryGrants(ctx: KeyContext, limit = Number.POSITIVE_INFINITY): string[] {
	const graph = ctx.graph;
	if (!graph) return [];
	const view = ctx.view;
	let repositories: string[];
	switch (view.view) {
		case 'workspace':
			repositories = graph.repositories(view.workspace).map(r => r.fullName);
			break;
		case 'project':
			repositories = graph.repositoriesOf(view.workspace, view.key).map(r => r.fullName);
			break;
		case 'group':
			repositories = graph.repositories(view.workspace).map(r => r.fullName);
			break;
		case 'person':
			repositories = graph
				.workspaces()
				.filter(ws => graph.roleOf(ws.slug, view.uuid) !== undefined || graph.groupsOf(ws.slug, view.uuid).length > 0)
				.flatMap(ws => graph.repositories(ws.slug).map(r => r.fullName));
			break;
		default:
			repositories = [];
	}
	const missing: string[] = [];
	for (const name of repositories) {
		if (graph.repositoryGrantsState(name).state !== 'not-loaded') continue;
		missing.push(name);
		if (missing.length >= limit) break;
	}
	return missing;
}

/** Whether the view misses any repository grants, per graph revision and view: the footer asks on every frame (20,000 repositories on xl). */
const missingAnyCache = new WeakMap<object, {revision: number; view: string; missing: boolean}>();

function missesRepositoryGrants(ctx: KeyContext): boolean {
	const graph = ctx.graph;
	if (!graph) return false;
	const view = viewKey(ctx.view);
	const cached = missingAnyCache.get(graph);
	if (cached && cached.revision === graph.revision && cached.view === view) return cached.missing;
	const missing = missingRepositoryGrants(ctx, 1).length > 0;
	missingAnyCache.set(graph, {revision: graph.revision, view, missing});
	return missing;
}

actionCommands.push({
	id: 'act.load-grants',
	keys: ['L'],
	description: 'Load the repository grants this view is missing (asks first: two requests per repository)',
	hint: 'load grants',
	hintOrder: 25,
	group: 'Actions',
	views: ['workspace', 'project', 'group', 'person'],
	disabledReason: ctx => (missesRepositoryGrants(ctx) ? undefined : 'Every repository grant this view needs is loaded.'),
	run: ctx => {
		const missing = missingRepositoryGrants(ctx);
		const requests = missing.length * 2;
		const left = ctx.status.budgetLeft;
		if (left !== undefined && requests > left) {
			ctx.actions.flash('warn', `Loading ${missing.length.toLocaleString('en-US')} repositories needs about ${requests.toLocaleString('en-US')} requests; only ${left.toLocaleString('en-US')} are left this hour. Open repositories one by one instead.`);
			return;
		}
		const budget = left === undefined ? '' : ` (${left.toLocaleString('en-US')} left this hour)`;
		ctx.actions.openModal({
			id: 'load-grants',
			render: close =>
				createElement(ChoiceModal, {
					title: 'Load repository grants',
					message: `${missing.length.toLocaleString('en-US')} ${missing.length === 1 ? 'repository' : 'repositories'}: about ${requests.toLocaleString('en-US')} requests${budget}.`,
					choices: [
						{key: 'y', label: 'Load them'},
						{key: 'n', label: 'Not now'},
					],
					width: ctx.size.columns,
					onCancel: close,
					onChoose: key => {
						close();
						if (key === 'y') ctx.actions.loadManyRepositoryGrants(missing);
					},
				}),
		});
	},
});
