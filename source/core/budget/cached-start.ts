/**
 * The explorer's cached start: open the last snapshot and send nothing while it is younger than
 * `refreshAfter`; an older one is shown at once and tier 1 is refreshed in the background, but
 * only when the request budget can pay for it. `--offline` never sends a request.
 */
import type {AppExplorerBackend} from '../explorer-backend.js';
import type {RequestBudget} from '../bitbucket/budget.js';
import {loadSnapshot} from '../sync/index.js';
import type {AppPaths} from '../paths.js';
import {formatAge} from '../explorer-snapshot.js';
import {BbError} from '../errors.js';
import {formatWait, windowName} from './policy.js';
import {tier1Price} from './price.js';
import {formatCount} from '../text/numbers.js';

export interface StartPlan {
	/** A background refresh was started. */
	refreshing: boolean;
	/** Why not, or what it costs: for the status line and tests. */
	reason: string;
	/** The price of the tier-1 refresh, when the snapshot tells it. */
	price?: number;
	/** The short form the explorer's status line shows when the start did not refresh for the budget. */
	notice?: string;
}

export interface CachedStartOptions {
	backend: Pick<AppExplorerBackend, 'loadCachedSnapshot' | 'refresh'> & Partial<Pick<AppExplorerBackend, 'showNotice'>>;
	budget: RequestBudget;
	refreshAfterMs: number;
	/** The cache is on (not --no-cache, not the demo). */
	cache: boolean;
	offline?: boolean;
	workspaces?: string[];
	/** To price the refresh from the snapshot's contents. */
	account?: {apiUrl: string; email: string; paths: Pick<AppPaths, 'cacheDir'>};
}

export async function startFromCache(options: CachedStartOptions): Promise<StartPlan> {
	const cached = await options.backend.loadCachedSnapshot();
	if (options.offline) {
		options.budget.offline = true;
		if (!cached) throw new BbError('usage', 'No saved snapshot for this account, so --offline has nothing to show.', {hint: 'Run `bbaccess sync` (or `bbaccess` without --offline) once first.'});
		return {refreshing: false, reason: cached ? `offline: showing the snapshot synced ${formatAge(cached.ageMs)}` : 'offline: no saved snapshot'};
	}
	if (cached && options.cache && cached.ageMs < options.refreshAfterMs) {
		return {refreshing: false, reason: `snapshot synced ${formatAge(cached.ageMs)} is younger than refreshAfter: nothing sent`};
	}
	let price: number | undefined;
	if (cached && options.account) {
		const snapshot = (await loadSnapshot(options.account.apiUrl, options.account.email, options.account.paths))?.snapshot;
		price = tier1Price(snapshot, options.workspaces ?? []);
	}
	const left = options.budget.remaining();
	if (cached && price !== undefined && price > left) {
		const freeIn = formatWait(options.budget.freeAt(price) - Date.now());
		const notice = `not refreshed: needs ~${price} req, ${left} left; frees up ${freeIn} — press r`;
		options.backend.showNotice?.(notice);
		return {refreshing: false, price, notice, reason: `not refreshed: it needs about ${formatCount(price)} requests and ${formatCount(left)} are left ${windowName(options.budget.windowMs)} (enough frees up ${freeIn}); press r when it does`};
	}
	void options.backend.refresh();
	return {refreshing: true, price, reason: price === undefined ? 'syncing' : `refreshing: about ${price} requests of ${left} left`};
}
