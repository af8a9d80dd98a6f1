/**
 * Snapshot history: every saved snapshot is also kept, gzip-compressed, in
 * `<cache dir>/history/` (dir 0700, files 0600), one file per sync (a later save of the same sync
 * — tier-2 grants loaded, a verified change — replaces that sync's copy), bounded by count and age
 * per account (config `historyMaxSnapshots`, default 50; `historyMaxAgeDays`, default 180).
 * Beside each `<id>.json.gz` a small `<id>.meta.json` says what it holds, so listing never
 * decompresses. Access data only: never a token or a header.
 */
import {createHash} from 'node:crypto';
import {chmod, mkdir, readdir, readFile, rename, unlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import {gunzip, gzip} from 'node:zlib';
import {normalizeApiUrl} from '../bitbucket/api-url.js';
import {accountHash as rawAccountHash} from '../bitbucket/budget.js';
import {openConfig} from '../credentials/config.js';
import {BbError} from '../errors.js';
import {SNAPSHOT_FORMAT_VERSION, type AccessSnapshot} from '../model.js';
import {appPaths, type AppPaths} from '../paths.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export const DEFAULT_HISTORY_MAX_SNAPSHOTS = 50;
export const DEFAULT_HISTORY_MAX_AGE_DAYS = 180;
const DAY_MS = 86_400_000;

export interface Retention {
	maxSnapshots: number;
	maxAgeDays: number;
}

/** How much of the access data a snapshot holds. */
export interface Completeness {
	repositories: number;
	repositoriesWithGrants: number;
	projects: number;
	projectsWithGrants: number;
	/** Workspaces with listings that were not visible. */
	partialWorkspaces: string[];
	/** Everything loaded and visible. */
	complete: boolean;
}

export interface HistoryEntry {
	/** "20261202T142600Z-1a2b3c4d": save time (UTC) and the start of the SHA-256. */
	id: string;
	savedAt: string;
	syncedAt: string;
	apiUrl: string;
	email: string;
	/** accountHash(apiUrl, email): which account the snapshot belongs to. */
	account: string;
	workspaces: string[];
	completeness: Completeness;
	/** SHA-256 (hex) of the snapshot's JSON text as stored (uncompressed). */
	sha256: string;
	/** Compressed size on disk. */
	bytes: number;
}

export function historyDir(paths: Pick<AppPaths, 'cacheDir'> = appPaths()): string {
	return path.join(paths.cacheDir, 'history');
}

export function completenessOf(snapshot: AccessSnapshot): Completeness {
	const loaded = (status: Record<string, {state: string} | undefined>, id: string) => status[id]?.state === 'loaded';
	const repositoriesWithGrants = snapshot.repositories.filter(repository => loaded(snapshot.repositoryGrantStatus, repository.fullName)).length;
	const projectsWithGrants = snapshot.projects.filter(project => loaded(snapshot.projectGrantStatus, `${project.workspace}:${project.key}`)).length;
	const partialWorkspaces = snapshot.workspaces.filter(workspace => workspace.partial.length > 0 || !workspace.administrator).map(workspace => workspace.slug);
	return {
		repositories: snapshot.repositories.length,
		repositoriesWithGrants,
		projects: snapshot.projects.length,
		projectsWithGrants,
		partialWorkspaces,
		complete: repositoriesWithGrants === snapshot.repositories.length && projectsWithGrants === snapshot.projects.length && partialWorkspaces.length === 0,
	};
}

/** "12/40 repository grants, 3/3 project grants, partial: beta" */
export function describeCompleteness(completeness: Completeness): string {
	const parts = [`${completeness.repositoriesWithGrants}/${completeness.repositories} repository grants`, `${completeness.projectsWithGrants}/${completeness.projects} project grants`];
	if (completeness.partialWorkspaces.length > 0) parts.push(`partial: ${completeness.partialWorkspaces.join(', ')}`);
	return completeness.complete ? `complete (${parts.join(', ')})` : parts.join(', ');
}

export function snapshotSha256(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

/** One account per API URL + email, whatever the URL's spelling ("…org/" and "…org" are one). */
export function accountHash(apiUrl: string, email: string): string {
	let canonical = apiUrl;
	try {
		canonical = normalizeApiUrl(apiUrl);
	} catch {
		// Keep the text as it is.
	}
	return rawAccountHash(canonical, email);
}

function compactTime(iso: string): string {
	return iso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** Retention from the config beside the cache (defaults when there is no config or it cannot be read). */
export function retentionFrom(paths: Partial<AppPaths> | undefined): Retention {
	const fallback = {maxSnapshots: DEFAULT_HISTORY_MAX_SNAPSHOTS, maxAgeDays: DEFAULT_HISTORY_MAX_AGE_DAYS};
	try {
		const full = paths?.configFile && paths.configDir ? (paths as AppPaths) : paths?.cacheDir ? undefined : appPaths();
		if (!full) return fallback;
		const config = openConfig(full).read();
		return {maxSnapshots: config.historyMaxSnapshots ?? fallback.maxSnapshots, maxAgeDays: config.historyMaxAgeDays ?? fallback.maxAgeDays};
	} catch {
		return fallback;
	}
}

async function writePrivate(file: string, data: string | Buffer): Promise<void> {
	const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
	try {
		await writeFile(temporary, data, {mode: 0o600});
		await rename(temporary, file);
	} catch (error) {
		await unlink(temporary).catch(() => undefined);
		throw error;
	}
}

/**
 * Keep a compressed copy of a saved snapshot. Never throws: history is a by-product of the cache
 * and must not fail a sync. Returns the entry written (undefined when nothing was written).
 */
export async function keepInHistory(snapshot: AccessSnapshot, paths?: Partial<AppPaths>, now: Date = new Date()): Promise<HistoryEntry | undefined> {
	try {
		return await recordSnapshot(snapshot, {cacheDir: paths?.cacheDir ?? appPaths().cacheDir}, retentionFrom(paths), now);
	} catch {
		return undefined;
	}
}

/** Write one history entry (replacing the one of the same sync), then apply the retention. */
export async function recordSnapshot(snapshot: AccessSnapshot, paths: Pick<AppPaths, 'cacheDir'>, retention: Retention, now: Date = new Date()): Promise<HistoryEntry | undefined> {
	const dir = historyDir(paths);
	await mkdir(dir, {recursive: true, mode: 0o700});
	await chmod(dir, 0o700);
	const text = JSON.stringify(snapshot);
	const sha256 = snapshotSha256(text);
	const account = accountHash(snapshot.apiUrl, snapshot.account.email);
	const existing = (await listHistory(paths)).filter(entry => entry.account === account);
	const newest = existing.at(-1);
	if (newest?.sha256 === sha256) return undefined; // The same data again: nothing new to keep.
	const sameSync = existing.filter(entry => entry.syncedAt === snapshot.syncedAt);
	const compressed = await gzipAsync(text);
	const savedAt = now.toISOString();
	const id = `${compactTime(savedAt)}-${sha256.slice(0, 8)}`;
	const entry: HistoryEntry = {
		id,
		savedAt,
		syncedAt: snapshot.syncedAt,
		apiUrl: snapshot.apiUrl,
		email: snapshot.account.email,
		account,
		workspaces: snapshot.workspaces.map(workspace => workspace.slug),
		completeness: completenessOf(snapshot),
		sha256,
		bytes: compressed.length,
	};
	await writePrivate(path.join(dir, `${id}.json.gz`), compressed);
	await writePrivate(path.join(dir, `${id}.meta.json`), JSON.stringify(entry));
	for (const old of sameSync) await removeEntry(paths, old.id);
	await prune(paths, account, retention, now);
	return entry;
}

async function removeEntry(paths: Pick<AppPaths, 'cacheDir'>, id: string): Promise<void> {
	const dir = historyDir(paths);
	await unlink(path.join(dir, `${id}.json.gz`)).catch(() => undefined);
	await unlink(path.join(dir, `${id}.meta.json`)).catch(() => undefined);
}

/** Drop this account's entries beyond the count or older than the age (the newest one always stays). */
async function prune(paths: Pick<AppPaths, 'cacheDir'>, account: string, retention: Retention, now: Date): Promise<void> {
	const entries = (await listHistory(paths)).filter(entry => entry.account === account);
	const cutoff = now.getTime() - retention.maxAgeDays * DAY_MS;
	const keepFrom = Math.max(0, entries.length - retention.maxSnapshots);
	for (const [index, entry] of entries.entries()) {
		if (index === entries.length - 1) break;
		if (index < keepFrom || Date.parse(entry.savedAt) < cutoff) await removeEntry(paths, entry.id);
	}
}

function isEntry(value: unknown): value is HistoryEntry {
	const entry = value as Partial<HistoryEntry> | null;
	return typeof entry === 'object' && entry !== null && typeof entry.id === 'string' && typeof entry.savedAt === 'string' && typeof entry.sha256 === 'string' && Array.isArray(entry.workspaces) && typeof entry.completeness === 'object';
}

/** Every history entry (all accounts), oldest first. Unreadable meta files are skipped. */
export async function listHistory(paths: Pick<AppPaths, 'cacheDir'> = appPaths()): Promise<HistoryEntry[]> {
	const dir = historyDir(paths);
	let names: string[];
	try {
		names = await readdir(dir);
	} catch {
		return [];
	}
	const entries: HistoryEntry[] = [];
	for (const name of names.filter(item => item.endsWith('.meta.json'))) {
		try {
			const parsed = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as unknown;
			if (isEntry(parsed) && `${parsed.id}.meta.json` === name) entries.push(parsed);
		} catch {
			// A torn or foreign file is not an entry.
		}
	}
	return entries.sort((a, b) => (a.savedAt < b.savedAt ? -1 : a.savedAt > b.savedAt ? 1 : a.id < b.id ? -1 : 1));
}

/** The history of one account (API URL + email), oldest first. */
export async function accountHistory(apiUrl: string, email: string, paths: Pick<AppPaths, 'cacheDir'> = appPaths()): Promise<HistoryEntry[]> {
	const account = accountHash(apiUrl, email);
	return (await listHistory(paths)).filter(entry => entry.account === account);
}

/** Read and check one entry's snapshot; the SHA-256 must match what was recorded. */
export async function readHistorySnapshot(entry: HistoryEntry, paths: Pick<AppPaths, 'cacheDir'> = appPaths()): Promise<{snapshot: AccessSnapshot; text: string}> {
	const file = path.join(historyDir(paths), `${entry.id}.json.gz`);
	let text: string;
	try {
		text = (await gunzipAsync(await readFile(file))).toString('utf8');
	} catch (error) {
		throw new BbError('config', `snapshot ${entry.id} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, {hint: `It was kept in ${historyDir(paths)}.`});
	}
	if (snapshotSha256(text) !== entry.sha256) throw new BbError('malformed', `snapshot ${entry.id} is damaged (its SHA-256 does not match)`);
	const snapshot = JSON.parse(text) as AccessSnapshot;
	if (snapshot.formatVersion !== SNAPSHOT_FORMAT_VERSION) throw new BbError('malformed', `snapshot ${entry.id} has format ${String(snapshot.formatVersion)}, expected ${SNAPSHOT_FORMAT_VERSION}`);
	return {snapshot, text};
}

/**
 * Find an entry by id: the whole id, a unique prefix of it, a unique part after the dash (the
 * hash), `latest`, or `latest~N` (N entries before the newest).
 */
export function findEntry(entries: readonly HistoryEntry[], wanted: string): HistoryEntry {
	const back = /^latest(?:~(\d+))?$/.exec(wanted);
	if (back) {
		const entry = entries[entries.length - 1 - Number(back[1] ?? 0)];
		if (!entry) throw new BbError('usage', `there is no snapshot ${wanted} (${entries.length} kept)`, {hint: 'List them with `bbaccess snapshots`.'});
		return entry;
	}
	const matches = entries.filter(entry => entry.id === wanted || entry.id.startsWith(wanted) || entry.id.split('-')[1]?.startsWith(wanted));
	const exact = matches.find(entry => entry.id === wanted);
	if (exact) return exact;
	if (matches.length === 1) return matches[0]!;
	if (matches.length === 0) throw new BbError('usage', `no snapshot has the id '${wanted}'`, {hint: 'List them with `bbaccess snapshots`.'});
	throw new BbError('usage', `'${wanted}' matches ${matches.length} snapshots; give more of the id`, {hint: matches.slice(0, 5).map(entry => entry.id).join(', ')});
}

/** The newest entry saved at or before `time` (for --since). */
export function entryAtOrBefore(entries: readonly HistoryEntry[], time: number): HistoryEntry | undefined {
	let found: HistoryEntry | undefined;
	for (const entry of entries) if (Date.parse(entry.savedAt) <= time) found = entry;
	return found;
}
