import {readFile, rename, writeFile, unlink} from 'node:fs/promises';
import path from 'node:path';
import {normalizeApiUrl} from '../bitbucket/api-url.js';
import {accountHash} from '../bitbucket/budget.js';
import {SNAPSHOT_FORMAT_VERSION, type AccessSnapshot} from '../model.js';
import {appPaths, ensurePrivateDir, type AppPaths} from '../paths.js';
import {keepInHistory} from '../review/history.js';

/**
 * The last good snapshot per account (API URL + email), in the XDG cache dir:
 * `snapshot-<hash>.json`, mode 0600, written atomically. It holds access data only, never a
 * token or a header. Both functions are async so they never block the UI.
 */
export function snapshotFile(apiUrl: string, email: string, paths: Pick<AppPaths, 'cacheDir'> = appPaths()): string {
	return path.join(paths.cacheDir, `snapshot-${accountHash(canonicalApiUrl(apiUrl), email)}.json`);
}

/** "https://api.bitbucket.org/" and "https://api.bitbucket.org" share one cache. */
function canonicalApiUrl(apiUrl: string): string {
	try {
		return normalizeApiUrl(apiUrl);
	} catch {
		return apiUrl;
	}
}

/** The cached snapshot of this account and its age, or undefined when there is none (or it is unreadable). */
export async function loadSnapshot(apiUrl: string, email: string, paths?: Pick<AppPaths, 'cacheDir'>): Promise<{snapshot: AccessSnapshot; ageMs: number} | undefined> {
	let text: string;
	try {
		text = await readFile(snapshotFile(apiUrl, email, paths), 'utf8');
	} catch {
		return undefined;
	}
	let snapshot: AccessSnapshot;
	try {
		snapshot = JSON.parse(text) as AccessSnapshot;
	} catch {
		return undefined; // A damaged cache is no data: the next sync rewrites it.
	}
	if (!isSnapshot(snapshot) || canonicalApiUrl(snapshot.apiUrl) !== canonicalApiUrl(apiUrl) || snapshot.account.email.toLowerCase() !== email.trim().toLowerCase()) return undefined;
	return {snapshot, ageMs: Math.max(0, Date.now() - Date.parse(snapshot.syncedAt))};
}

/** Save (replace) the cached snapshot of the snapshot's account: temp file + rename, mode 0600. */
/**
 * Save the account's snapshot; unless `history` is false, also keep a compressed copy in the
 * snapshot history (a deep sync's progress saves skip it: only the pass's end is kept).
 */
export async function saveSnapshot(snapshot: AccessSnapshot, paths?: Pick<AppPaths, 'cacheDir'>, {history = true}: {history?: boolean} = {}): Promise<string> {
	const file = snapshotFile(snapshot.apiUrl, snapshot.account.email, paths);
	await ensurePrivateDir(path.dirname(file));
	const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
	try {
		await writeFile(temporary, JSON.stringify(snapshot), {mode: 0o600});
		await rename(temporary, file);
	} catch (error) {
		await unlink(temporary).catch(() => undefined);
		throw error;
	}
	if (history) await keepInHistory(snapshot, paths);
	return file;
}

function isSnapshot(value: unknown): value is AccessSnapshot {
	if (!value || typeof value !== 'object') return false;
	const snapshot = value as Partial<AccessSnapshot>;
	return (
		snapshot.formatVersion === SNAPSHOT_FORMAT_VERSION &&
		typeof snapshot.apiUrl === 'string' &&
		typeof snapshot.syncedAt === 'string' &&
		typeof snapshot.account?.email === 'string' &&
		[snapshot.workspaces, snapshot.users, snapshot.memberships, snapshot.groups, snapshot.projects, snapshot.repositories, snapshot.projectGrants, snapshot.repositoryGrants, snapshot.problems].every(Array.isArray) &&
		typeof snapshot.projectGrantStatus === 'object' &&
		typeof snapshot.repositoryGrantStatus === 'object' &&
		// Optional (older snapshots lack it); when present, a list of {workspace, levels}.
		(snapshot.ownRepositoryPermissions === undefined ||
			(Array.isArray(snapshot.ownRepositoryPermissions) && snapshot.ownRepositoryPermissions.every(own => typeof own?.workspace === 'string' && own.levels !== null && typeof own.levels === 'object')))
	);
}
