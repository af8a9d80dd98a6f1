/**
 * `r` refreshes the scope in view and shows its price in the footer; `R` refreshes tier 1 of every
 * workspace after a confirmation with the price and the budget left. Over budget, both go through
 * the one over-budget dialog (wait or cancel).
 */
import type {RefreshScope} from '../../../core/backend.js';
import {isBbError} from '../../../core/errors.js';
import type {KeyCommand, KeyContext} from '../../keys/registry.js';
import {runPriced} from '../modals/budget-dialog.js';
import {viewKey} from '../view-ref.js';

/** What `r` reads in a view (none = tier 1 of everything), and how it is named. */
export function refreshScopeOf(ctx: Pick<KeyContext, 'view' | 'graph'>): {scope: RefreshScope | undefined; what: string} {
	const view = ctx.view;
	switch (view.view) {
		case 'repository':
			return {scope: {repository: view.fullName}, what: `${view.fullName}'s grants`};
		case 'project':
			return {scope: {project: {workspace: view.workspace, key: view.key}}, what: `project ${view.workspace}:${view.key}`};
		case 'group':
			return {scope: {groups: view.workspace}, what: `${view.workspace}'s groups`};
		case 'workspace':
			return {scope: {workspace: view.workspace}, what: view.workspace};
		case 'person': {
			// Where the person's access comes from: tier 1 of the workspaces the person is a member of.
			const graph = ctx.graph;
			const mine = graph ? graph.workspaces().filter(workspace => graph.roleOf(workspace.slug, view.uuid) !== undefined) : [];
			if (mine.length === 0) return {scope: undefined, what: 'all workspaces'};
			const slugs = mine.map(workspace => workspace.slug);
			return {scope: {workspaces: slugs}, what: slugs.length === 1 ? slugs[0]! : `the person's ${slugs.length} workspaces`};
		}
		default:
			return {scope: undefined, what: 'all workspaces'};
	}
}

/** The footer asks on every frame: one price per graph revision and view. */
const priceCache = new WeakMap<object, {revision: number; view: string; price: number | undefined}>();

export function refreshPriceOf(ctx: KeyContext, scope: RefreshScope | undefined): number | undefined {
	const graph = ctx.graph;
	if (!graph) return undefined;
	const view = `${viewKey(ctx.view)}|${JSON.stringify(scope ?? {})}`;
	const cached = priceCache.get(graph);
	if (cached && cached.revision === graph.revision && cached.view === view) return cached.price;
	const price = ctx.backend.refreshPrice(scope);
	priceCache.set(graph, {revision: graph.revision, view, price});
	return price;
}

function errorText(error: unknown): string {
	if (isBbError(error)) return error.hint ? `${error.message} — ${error.hint}` : error.message;
	return error instanceof Error ? error.message : String(error);
}

async function runRefresh(ctx: KeyContext, scope: RefreshScope | undefined, what: string): Promise<void> {
	ctx.actions.flash('info', `Refreshing ${what}…`);
	try {
		await ctx.backend.refresh(scope);
		const status = ctx.backend.status();
		if (status.state === 'error' || status.state === 'offline') ctx.actions.flash('error', status.message);
		else if (status.error?.kind === 'cancelled') ctx.actions.flash('warn', status.message);
		else ctx.actions.flash('info', `Refreshed ${what}`);
	} catch (error) {
		ctx.actions.flash('error', `Refresh failed: ${errorText(error)}`);
	}
}

const syncing = (ctx: KeyContext) => (ctx.status.state === 'syncing' ? 'A sync is already running.' : undefined);

export const refreshCommands: KeyCommand[] = [
	{
		id: 'act.refresh',
		keys: ['r'],
		description:
			"Refresh what is in view, priced in the footer: a repository's two grant listings, a project's permissions and repositories, a group's workspace groups listing, a workspace's tier 1; on a person, tier 1 of the workspaces they are in; at the top, everything",
		hint: 'refresh',
		hintText: ctx => {
			const price = refreshPriceOf(ctx, refreshScopeOf(ctx).scope);
			return price === undefined ? 'refresh' : `refresh ~${price.toLocaleString('en-US')} req`;
		},
		hintOrder: 32,
		group: 'Actions',
		disabledReason: syncing,
		run: ctx => {
			const {scope, what} = refreshScopeOf(ctx);
			const price = refreshPriceOf(ctx, scope);
			if (price === undefined) return runRefresh(ctx, scope, what);
			runPriced(ctx, {title: 'Refresh', what, price, run: () => void runRefresh(ctx, scope, what)});
		},
	},
	{
		id: 'act.refresh-all',
		keys: ['R'],
		description: 'Refresh tier 1 of every workspace (asks first, with the price and the budget left); loaded repository grants are kept, not re-read (`bbaccess sync --deep` re-reads them)',
		group: 'Actions',
		disabledReason: syncing,
		run: ctx => {
			const price = ctx.backend.refreshPrice(undefined);
			const what = 'all workspaces';
			if (price === undefined) return runRefresh(ctx, undefined, what);
			runPriced(ctx, {
				title: 'Refresh everything',
				what,
				price,
				run: () => void runRefresh(ctx, undefined, what),
				confirm: {
					yes: 'Refresh everything',
					note: 'Tier 1 only: members, groups, projects and their grants, repositories. Loaded repository grants are kept, not re-read (`bbaccess sync --deep` does that).',
				},
			});
		},
	},
];
