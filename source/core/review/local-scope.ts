/**
 * Which account's local data the review commands read, without the network or the keychain:
 * the API URL as every command resolves it, and the email from BITBUCKET_EMAIL or the saved
 * login. Then: the cached snapshot and the snapshot history of that account.
 */
import {openConfig} from '../credentials/config.js';
import {resolveApiUrl} from '../credentials/resolve.js';
import {BbError} from '../errors.js';
import type {AccessSnapshot} from '../model.js';
import {appPaths, type AppPaths} from '../paths.js';
import {loadSnapshot} from '../sync/index.js';
import {accountHistory, entryAtOrBefore, findEntry, readHistorySnapshot, type HistoryEntry} from './history.js';

export interface LocalScope {
	apiUrl: string;
	/** Undefined when neither the environment nor the config names an account. */
	email?: string;
	paths: AppPaths;
}

export function localScope(env: NodeJS.ProcessEnv, apiUrlFlag?: string): LocalScope {
	const paths = appPaths(env);
	const config = openConfig(paths).read();
	const apiUrl = resolveApiUrl(apiUrlFlag, env, config);
	const email = env.BITBUCKET_EMAIL?.trim() || config.accounts?.[apiUrl]?.email;
	return {apiUrl, email, paths};
}

function requireEmail(scope: LocalScope): string {
	if (!scope.email) throw new BbError('config', `No saved login for ${scope.apiUrl}: run \`bbaccess login\` (or set BITBUCKET_EMAIL) so bbaccess knows whose snapshots to read`);
	return scope.email;
}

export async function historyOf(scope: LocalScope): Promise<HistoryEntry[]> {
	return accountHistory(scope.apiUrl, requireEmail(scope), scope.paths);
}

/** The snapshot to audit or report on: a kept one by id, else the cached (current) one. */
export async function currentSnapshot(scope: LocalScope, id?: string): Promise<{snapshot: AccessSnapshot; text: string; entry?: HistoryEntry}> {
	const email = requireEmail(scope);
	if (id !== undefined) {
		const entry = findEntry(await historyOf(scope), id);
		return {...(await readHistorySnapshot(entry, scope.paths)), entry};
	}
	const cached = await loadSnapshot(scope.apiUrl, email, scope.paths);
	if (!cached) throw new BbError('config', `No access data for ${email} yet: run \`bbaccess sync\` first (review commands work offline on the last sync)`);
	const text = JSON.stringify(cached.snapshot);
	const entries = await historyOf(scope);
	return {snapshot: cached.snapshot, text, entry: entries.findLast(entry => entry.syncedAt === cached.snapshot.syncedAt)};
}

/** "7d", "12h", "30m", "2w" → milliseconds. */
export function parseDuration(text: string, flag: string): number {
	const match = /^(\d+)\s*(m|h|d|w)$/i.exec(text.trim());
	if (!match) throw new BbError('usage', `--${flag} takes a duration like 30m, 12h, 7d or 2w; got '${text}'`);
	const unit = {m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000}[match[2]!.toLowerCase() as 'm' | 'h' | 'd' | 'w'];
	return Number(match[1]) * unit;
}

export interface Pair {
	from: HistoryEntry;
	to: HistoryEntry;
	/** Said when the choice needs explaining (e.g. no snapshot that old). */
	note?: string;
}

/** The two snapshots to compare: --from/--to ids, --since a duration, or the previous and the latest. */
export function choosePair(entries: readonly HistoryEntry[], options: {from?: string; to?: string; sinceMs?: number; now?: number}): Pair {
	if (entries.length === 0) throw new BbError('config', 'No snapshots are kept yet: every `bbaccess sync` keeps one', {hint: 'Run `bbaccess sync` now and again later, then compare.'});
	const to = options.to !== undefined ? findEntry(entries, options.to) : entries.at(-1)!;
	if (options.from !== undefined) return {from: findEntry(entries, options.from), to};
	if (options.sinceMs !== undefined) {
		const time = (options.now ?? Date.now()) - options.sinceMs;
		const found = entryAtOrBefore(entries, time);
		if (found) return {from: found, to};
		return {from: entries[0]!, to, note: `no snapshot is that old; comparing with the oldest kept (${entries[0]!.savedAt})`};
	}
	const index = entries.indexOf(to);
	if (index <= 0) throw new BbError('config', 'Only one snapshot is kept so far: nothing to compare it with', {hint: 'Run `bbaccess sync` again later (or give --from).'});
	return {from: entries[index - 1]!, to};
}
