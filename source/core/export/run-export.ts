/**
 * The export flow behind `bbaccess export`: open a session, get the graph (the snapshot cache when
 * fresh and covering the workspaces, else a tier-1 sync), load the tier-2 grants the rows need
 * (unless shallow), build rows and write CSV or JSON to a file or stdout. Says what it did on stderr.
 */
import {createWriteStream} from 'node:fs';
import {rename, stat, unlink} from 'node:fs/promises';
import path from 'node:path';
import {listUserWorkspaces} from '../bitbucket/api.js';
import {formatAge} from '../explorer-snapshot.js';
import {BbError, EXIT, toBbError} from '../errors.js';
import {AccessGraph} from '../graph/index.js';
import {createSession, type Session} from '../session.js';
import {loadRepositoryGrants, loadSnapshot, refreshedSnapshot, saveSnapshot, syncAccess} from '../sync/index.js';
import {isFatal, isVisibilityProblem} from '../sync/problems.js';
import {csvLines, jsonChunks} from './format.js';
import {CSV_COLUMNS, iterateRows, type ExportKind, type ExportRow} from './rows.js';
import {writeText} from '../text/sanitize.js';
import {formatCount} from '../text/numbers.js';

/** Cached access data younger than this is exported without a sync (same rule as the change commands). */
export const EXPORT_CACHE_MAX_AGE_MS = 15 * 60_000;

export interface ExportOptions {
	what: ExportKind;
	format: 'csv' | 'json';
	/** Workspace slugs (empty: the saved filter, else every visible workspace). */
	workspaces: string[];
	/** Output file; undefined = stdout. */
	out?: string;
	/** Do not load repository grants; rows of repositories whose grants are not loaded say complete=false. */
	shallow: boolean;
	noCache: boolean;
	apiUrl?: string;
	/** --budget N/W (else the config's). */
	budget?: string;
}

export interface ExportIO {
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
	env: NodeJS.ProcessEnv;
	/** Show a progress line on stderr. */
	progress: boolean;
}

/** Refuse a bad --out before any request: an existing directory, or a folder that does not exist. */
export async function checkOutPath(out: string): Promise<string> {
	const file = path.resolve(out);
	const existing = await stat(file).catch(() => undefined);
	if (existing?.isDirectory()) throw new BbError('usage', `--out ${out} is a directory; give a file name`);
	const folder = await stat(path.dirname(file)).catch(() => undefined);
	if (!folder?.isDirectory()) throw new BbError('usage', `--out ${out}: folder ${path.dirname(file)} does not exist`);
	return file;
}

async function graphFor(session: Session, options: ExportOptions, io: ExportIO): Promise<{graph: AccessGraph; synced: boolean}> {
	const {apiUrl, email} = session.credentials;
	const filter = session.workspaces;
	if (!options.noCache) {
		const cached = await loadSnapshot(apiUrl, email, session.paths);
		if (cached && cached.ageMs <= EXPORT_CACHE_MAX_AGE_MS) {
			// Without a filter "every workspace" is whatever the account sees now: one request to know
			// whether the cache (maybe from a filtered sync) covers it.
			const wanted = filter.length > 0 ? filter : (await listUserWorkspaces(session.client)).flatMap(item => (item.workspace?.slug ? [item.workspace.slug] : []));
			const covers = wanted.every(slug => cached.snapshot.workspaces.some(node => node.slug === slug));
			if (!covers) writeText(io.stderr, 'The cached access data does not cover every workspace asked for.\n');
			else {
				writeText(io.stderr, `Using access data synced ${formatAge(cached.ageMs)} (--no-cache to re-sync).\n`);
				return {graph: AccessGraph.fromSnapshot(cached.snapshot), synced: false};
			}
		}
	}
	writeText(io.stderr, `Syncing ${filter.length > 0 ? filter.join(', ') : 'every workspace'} (members, groups, projects and their permissions)…\n`);
	const {snapshot} = await syncAccess(session.client, {workspaces: filter, budget: session.budget});
	return {graph: AccessGraph.fromSnapshot(snapshot), synced: true};
}

function selectedWorkspaces(graph: AccessGraph, session: Session): string[] {
	const visible = graph.workspaces().map(workspace => workspace.slug);
	if (session.workspaces.length === 0) return visible;
	for (const slug of session.workspaces) {
		if (!visible.includes(slug)) {
			throw new BbError('not-found', `workspace '${slug}' is not visible to ${session.credentials.email}`, {
				hint: visible.length > 0 ? `Visible workspaces: ${visible.join(', ')}.` : 'This account sees no workspace.',
			});
		}
	}
	return session.workspaces;
}

/** Tier 2 for every repository of the workspaces whose grants are not loaded yet. Returns a failure to report, if any. */
async function loadMissingGrants(session: Session, graph: AccessGraph, workspaces: string[], io: ExportIO): Promise<BbError | undefined> {
	const pending = workspaces.flatMap(slug => graph.repositories(slug).filter(repository => graph.repositoryGrantsState(repository.fullName).state === 'not-loaded')).map(repository => repository.fullName);
	if (pending.length === 0) return undefined;
	const requests = pending.length * 2;
	const repositories = `${pending.length} ${pending.length === 1 ? 'repository' : 'repositories'}`;
	const left = session.budget.remaining();
	if (requests > left) {
		// Priced before anything is spent on it: a refusal (exit 3, like `sync`'s own price check), not a failure.
		throw new BbError('cancelled', `Loading the grants of ${repositories} needs about ${formatCount(requests)} requests, but only ${formatCount(left)} of ${formatCount(session.budget.limitPerHour)} are left this hour. Nothing was sent for them.`, {
			hint: 'Use --shallow (those rows then say complete=false), narrow with --workspace, or try again later.',
		});
	}
	writeText(io.stderr, `Loading the grants of ${repositories} (about ${requests} requests; --shallow skips this)…\n`);
	const onProgress = io.progress ? (done: number, total: number) => io.stderr.write(`\r\x1b[Krepository grants ${done}/${total}`) : undefined;
	try {
		await loadRepositoryGrants(session.client, graph, pending, {onProgress});
		return undefined;
	} catch (error) {
		if (isFatal(error)) throw error;
		return toBbError(error);
	} finally {
		if (io.progress) io.stderr.write('\r\x1b[K');
	}
}

async function saveToCache(session: Session, graph: AccessGraph, io: ExportIO): Promise<void> {
	try {
		const fresh = graph.toSnapshot();
		const previous = await loadSnapshot(fresh.apiUrl, fresh.account.email, session.paths);
		const decision = refreshedSnapshot(previous?.snapshot, fresh, session.workspaces);
		if (decision.replaced) await saveSnapshot(decision.snapshot, session.paths);
	} catch (error) {
		writeText(io.stderr, `Note: could not update the snapshot cache: ${toBbError(error).message}\n`);
	}
}

const BATCH_CHARS = 64 * 1024;

/** Write text pieces to a stream in ~64 KB batches, waiting for 'drain'; rejects on a stream error (e.g. EPIPE). */
export async function writeChunks(chunks: Iterable<string>, stream: NodeJS.WritableStream): Promise<void> {
	let failure: Error | undefined;
	const onError = (error: Error) => {
		failure ??= error;
	};
	stream.on('error', onError);
	try {
		const write = (text: string) =>
			new Promise<void>((resolve, reject) => {
				const flushed = stream.write(text, error => (error ? reject(error) : undefined));
				if (flushed) resolve();
				else stream.once('drain', resolve);
			});
		let batch = '';
		for (const chunk of chunks) {
			if (failure) throw failure;
			batch += chunk;
			if (batch.length >= BATCH_CHARS) {
				await write(batch);
				batch = '';
			}
		}
		if (batch) await write(batch);
		if (failure) throw failure;
	} finally {
		stream.off('error', onError);
	}
}

/** Stream into "<file>.<pid>.tmp", then rename over the file: a failed export never leaves half a file. */
async function writeFileAtomically(file: string, chunks: Iterable<string>, shown: string): Promise<void> {
	const temporary = `${file}.${process.pid}.tmp`;
	// 0600 whatever the umask: the file lists who can reach what (rename keeps the temporary's mode).
	const stream = createWriteStream(temporary, {encoding: 'utf8', mode: 0o600});
	try {
		await writeChunks(chunks, stream);
		await new Promise<void>((resolve, reject) => {
			stream.once('error', reject);
			stream.end(resolve);
		});
		await rename(temporary, file);
	} catch (error) {
		stream.destroy();
		await unlink(temporary).catch(() => undefined);
		if (error instanceof BbError) throw error;
		throw new BbError('usage', `cannot write --out ${shown}: ${(error as NodeJS.ErrnoException).code ?? toBbError(error).message}`);
	}
}

export async function runExport(options: ExportOptions, io: ExportIO): Promise<number> {
	const file = options.out === undefined ? undefined : await checkOutPath(options.out);
	const session = await createSession({apiUrl: options.apiUrl, workspaces: options.workspaces, env: io.env, budget: options.budget});
	try {
		const {graph, synced} = await graphFor(session, options, io);
		const workspaces = selectedWorkspaces(graph, session);
		const needsGrants = options.what === 'effective' || options.what === 'explicit';
		const revision = graph.revision;
		const loadFailure = needsGrants && !options.shallow ? await loadMissingGrants(session, graph, workspaces, io) : undefined;
		if (!options.noCache && (synced || graph.revision !== revision)) await saveToCache(session, graph, io);

		let count = 0;
		let incomplete = 0;
		const counted = function* (rows: Iterable<ExportRow>): Generator<Record<string, unknown>> {
			for (const row of rows) {
				count++;
				if ('complete' in row && !row.complete) incomplete++;
				yield row as unknown as Record<string, unknown>;
			}
		};
		const rows = counted(iterateRows(graph, options.what, workspaces));
		const chunks = options.format === 'csv' ? csvLines(rows, CSV_COLUMNS[options.what]) : jsonChunks(rows);
		if (file) await writeFileAtomically(file, chunks, options.out!);
		else {
			try {
				await writeChunks(chunks, io.stdout);
			} catch (error) {
				// The reader went away (`… | head`): that is how pipes end, not a failure.
				if ((error as NodeJS.ErrnoException).code === 'EPIPE') return EXIT.ok;
				throw error;
			}
		}

		const where = file ? ` to ${file}` : '';
		writeText(io.stderr, `Wrote ${count} ${options.what} ${count === 1 ? 'row' : 'rows'} (${options.format.toUpperCase()})${where}.\n`);
		for (const slug of workspaces) {
			const partial = graph.workspace(slug)?.partial ?? [];
			if (partial.length > 0) writeText(io.stderr, `Partial: ${slug}: ${partial.join('; ')}\n`);
		}
		if (incomplete > 0) writeText(io.stderr, `${incomplete} ${incomplete === 1 ? 'row is' : 'rows are'} incomplete (complete=false; the missing column says why).\n`);
		// Data missing because of an error (not because the account may not see it) fails the export.
		const failures = graph.problems().filter(problem => !isVisibilityProblem(problem.kind) && (problem.workspace === undefined || workspaces.includes(problem.workspace)));
		for (const problem of failures) writeText(io.stderr, `Incomplete: ${problem.workspace ? `${problem.workspace}: ` : ''}${problem.message}\n`);
		if (loadFailure) writeText(io.stderr, `Some repository grants could not be loaded: ${loadFailure.message}\n`);
		if (failures.length > 0 || loadFailure) {
			// Only the budget or Bitbucket's 429 stopped it: resumable, exit 5 like `sync` (what loaded is cached).
			const kinds = [...failures.map(problem => problem.kind), ...(loadFailure ? [loadFailure.kind] : [])];
			if (kinds.every(kind => kind === 'rate-limited')) {
				const saved = options.noCache ? '' : '; what was loaded is cached, so running it again later goes on from there';
				writeText(io.stderr, `The export is incomplete: the request budget or Bitbucket's rate limit stopped it (exit 5)${saved}.\n`);
				return EXIT.incomplete;
			}
			writeText(io.stderr, 'The export is incomplete because of the errors above (exit 1); run it again to retry.\n');
			return EXIT.failed;
		}
		return EXIT.ok;
	} finally {
		await session.close();
	}
}
