import {BbError} from '../errors.js';

/** How many requests may be sent in a rolling window: `1000/1h`, `600/30m`, `40/5s`. */
export interface BudgetPolicy {
	limit: number;
	windowMs: number;
}

export const HOUR_MS = 3_600_000;
/** Longer windows are refused: the ledger keeps a day of entries. */
export const MAX_WINDOW_MS = 24 * HOUR_MS;

const UNIT_MS: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: HOUR_MS};

/** Parse `N/W` where W is a number with a unit (ms, s, m, h; `1h` may be written `h`). */
export function parseBudget(text: string, where = '--budget'): BudgetPolicy {
	const match = /^\s*(\d+)\s*\/\s*(\d*)\s*(ms|s|m|h)\s*$/i.exec(text);
	if (!match) throw new BbError('usage', `${where} takes requests per window such as 1000/1h, 600/30m or 40/5s, got '${text}'`);
	const limit = Number(match[1]);
	const windowMs = Number(match[2] === '' ? '1' : match[2]) * UNIT_MS[match[3]!.toLowerCase()]!;
	if (limit < 1 || limit > 1_000_000) throw new BbError('usage', `${where}: the request count must be between 1 and 1000000, got ${limit}`);
	if (windowMs < 100 || windowMs > MAX_WINDOW_MS) throw new BbError('usage', `${where}: the window must be between 100 ms and 24 h, got '${text}'`);
	return {limit, windowMs};
}

/** `1000/1h`, `40/5s`: the form parseBudget reads. */
export function formatBudget(policy: BudgetPolicy): string {
	return `${policy.limit}/${formatWindow(policy.windowMs)}`;
}

/** `1h`, `30m`, `5s`, `250ms`. */
export function formatWindow(ms: number): string {
	if (ms % HOUR_MS === 0) return `${ms / HOUR_MS}h`;
	if (ms % 60_000 === 0) return `${ms / 60_000}m`;
	if (ms % 1000 === 0) return `${ms / 1000}s`;
	return `${ms}ms`;
}

/** "this hour", "these 5s": how the budget's window is named in messages. */
export function windowName(ms: number): string {
	return ms === HOUR_MS ? 'this hour' : `in this ${formatWindow(ms)} window`;
}

/** "in 12 min", "in 40 s", "now". */
export function formatWait(ms: number): string {
	if (!Number.isFinite(ms)) return 'never (the price is larger than the whole budget)';
	if (ms <= 0) return 'now';
	if (ms < 1000) return `in ${Math.ceil(ms)} ms`;
	if (ms < 120_000) return `in ${Math.ceil(ms / 1000)} s`;
	if (ms < 2 * HOUR_MS) return `in ${Math.ceil(ms / 60_000)} min`;
	return `in ${(ms / HOUR_MS).toFixed(1)} h`;
}

/** "12 min", "40 s", "now": formatWait without its "in". */
export function formatDuration(ms: number): string {
	return formatWait(ms).replace(/^in /, '');
}

/** A duration such as `15m`, `30s`, `2h`, `0` (refreshAfter in the config). */
export function parseDuration(text: string, where: string): number {
	const match = /^\s*(\d+)\s*(ms|s|m|h)?\s*$/i.exec(text);
	if (!match) throw new BbError('config', `${where} takes a duration such as 15m, 30s or 2h, got '${text}'`);
	return Number(match[1]) * (match[2] ? UNIT_MS[match[2].toLowerCase()]! : 1000);
}

/** The wait between probes while Bitbucket answers 429 without Retry-After: a minute per hour of window. */
export function probeIntervalMs(policy: BudgetPolicy): number {
	return Math.max(100, Math.round((60_000 * policy.windowMs) / HOUR_MS));
}

/**
 * How long until `needed` requests have been sent at the budget's pace: nothing to wait while
 * they fit in what is `free`; else until the next request frees up (`nextFreeMs` from now) plus a
 * whole window for every further `limit` requests. (A rolling window frees as fast as it filled.)
 */
export function budgetWaitMs(needed: number, free: number, nextFreeMs: number, policy: BudgetPolicy): number {
	if (needed <= free) return 0;
	return Math.max(0, nextFreeMs) + Math.floor((needed - free - 1) / policy.limit) * policy.windowMs;
}
