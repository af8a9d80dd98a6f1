/**
 * `bbaccess sync`: read access from Bitbucket (tier 1; with --deep also every repository's
 * grants), print a summary, and save the snapshot the explorer opens with. Priced before it
 * sends; over budget it stops (exit 3) unless --wait. A deep sync is a resumable pass: it saves
 * as it goes, and a stop (budget, 429, Ctrl-C, kill) is picked up by the next `sync --deep`.
 */
import {formatAge} from '../core/explorer-snapshot.js';
import {BbError, EXIT} from '../core/errors.js';
import {formatBudget, formatWait, windowName} from '../core/budget/policy.js';
import {repositoryGrantsPrice, tier1Price} from '../core/budget/price.js';
import {createSession, type Session} from '../core/session.js';
import {isVisibilityProblem} from '../core/sync/problems.js';
import {loadSnapshot, refreshedSnapshot, saveSnapshot, snapshotFile, syncAccess, type SyncProgress, type SyncSummary} from '../core/sync/index.js';
import {hasUnfinishedDeepPass, pendingRepositories, runDeepPass, withDeepPass, type DeepPassProgress, type DeepPassResult} from '../core/sync/deep-pass.js';
import {deepProgressText, progressBar} from '../core/sync/progress-line.js';
import type {AccessSnapshot} from '../core/model.js';
import {intFlag, list, parseCommandArgs} from './args.js';
import {safeJson, sanitizeText, writeText} from '../core/text/sanitize.js';
import {formatCount} from '../core/text/numbers.js';

const OPTIONS = {
	workspace: {type: 'string', multiple: true},
	deep: {type: 'boolean'},
	wait: {type: 'boolean'},
	budget: {type: 'string'},
	json: {type: 'boolean'},
	'no-cache': {type: 'boolean'},
	'api-url': {type: 'string'},
	concurrency: {type: 'string'},
	debug: {type: 'boolean'},
} as const;

/** A plain progress line this often when stderr is not a terminal. */
const PLAIN_PROGRESS_MS = 30_000;

interface DeepReport {
	resumed: boolean;
	done: number;
	total: number;
	left: number;
	loadedNow: number;
	requests: number;
	stoppedBecause?: string;
	/** ISO time when the budget frees up enough to go on. */
	freeAt?: string;
}

interface SyncReport extends SyncSummary {
	snapshotSaved: boolean;
	/** Repositories whose grants are in the saved snapshot (this sync's, plus ones loaded earlier and kept). */
	repositoriesWithGrantsInSnapshot: number;
	snapshotFile?: string;
	/** Why the cached snapshot was kept instead of this refresh. */
	keptBecause?: string;
	/** Why saving the snapshot failed (file system). */
	saveError?: string;
	debugLog?: string;
	budget: string;
	budgetWindowMs: number;
	deep?: DeepReport;
	/** Set when the sync stopped before it was done; it can be resumed by running it again. */
	incomplete?: string;
}

export async function run(argv: string[]): Promise<number> {
	const {values} = parseCommandArgs(argv, OPTIONS);
	const concurrency = intFlag('concurrency', values.concurrency, {min: 1, max: 32});
	const useCache = values['no-cache'] !== true;
	const wait = values.wait === true;
	const deep = values.deep === true;
	const session = await createSession({
		apiUrl: values['api-url'],
		workspaces: list(values.workspace),
		debug: values.debug === true,
		concurrency,
		budget: values.budget,
		wait,
	});
	const abort = new AbortController();
	const onSignal = () => abort.abort();
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	const showProgress = values.json !== true && process.stderr.isTTY === true;
	try {
		const {apiUrl, email} = session.credentials;
		const previous = useCache ? await loadSnapshot(apiUrl, email, session.paths) : undefined;
		const resume = deep && hasUnfinishedDeepPass(previous?.snapshot);
		let base: AccessSnapshot;
		let report: SyncReport;
		if (resume) {
			base = previous!.snapshot;
			report = emptyReport(base, session);
		} else {
			const refusal = priceCheck(session, previous?.snapshot, deep);
			if (refusal) {
				process.stderr.write(`${refusal}\n`);
				return EXIT.refused;
			}
			const {snapshot, summary} = await syncAccess(session.client, {
				workspaces: session.workspaces,
				budget: session.budget,
				signal: abort.signal,
				onProgress: showProgress ? progressPrinter() : undefined,
			});
			if (showProgress) process.stderr.write('\r\x1b[K');
			report = {...summary, snapshotSaved: false, repositoriesWithGrantsInSnapshot: summary.repositoriesWithGrantsLoaded, budget: formatBudget(session.budgetPolicy), budgetWindowMs: session.budgetPolicy.windowMs};
			base = snapshot;
			if (useCache) {
				const decision = refreshedSnapshot(previous?.snapshot, snapshot, session.workspaces);
				base = decision.snapshot;
				if (decision.replaced || deep) {
					if (deep) base = withDeepPass(base);
					await save(base, session, report);
				} else {
					report.snapshotFile = snapshotFile(apiUrl, email, session.paths);
					report.keptBecause = `${decision.keptBecause}; kept the snapshot from ${formatAge(previous!.ageMs)}`;
				}
				report.repositoriesWithGrantsInSnapshot = loadedCount(base);
			}
			const limited = summary.problems.find(problem => problem.kind === 'rate-limited');
			if (limited) report.incomplete = limited.message.startsWith('Request budget') ? 'the request budget was spent before the refresh was done' : "Bitbucket's rate limit was reached (429; another tool may have spent this account's hour)";
		}
		if (session.debugLogFile) report.debugLog = session.debugLogFile;

		if (deep && !report.incomplete && !abort.signal.aborted) {
			const passed = withDeepPass(base);
			const pending = pendingRepositories(passed, session.workspaces).length;
			if (showProgress || values.json !== true) {
				process.stderr.write(`${resume ? 'Resuming the deep sync' : 'Deep sync'}: ${pending} repositories to load, about ${repositoryGrantsPrice(pending)} requests; ${session.budget.remaining()} of ${session.budget.limit} left ${windowName(session.budget.windowMs)}${wait ? '' : ' (stops when spent; add --wait to pace across windows)'}.\n`);
			}
			const result = await runDeepPass(passed, {
				client: session.client,
				budget: session.budget,
				wait,
				workspaces: session.workspaces,
				signal: abort.signal,
				save: async (snapshot, {final}) => {
					if (useCache) await save(snapshot, session, report, {history: final});
				},
				onProgress: values.json === true ? undefined : deepProgressPrinter(process.stderr.isTTY === true),
			});
			if (process.stderr.isTTY === true && values.json !== true) process.stderr.write('\n');
			applyDeepResult(report, result, resume);
			report.budgetLeft = session.budget.remaining();
			report.budgetPerHour = session.budget.limit;
		}
		if (values.json) process.stdout.write(`${safeJson(report)}\n`);
		else writeText(process.stdout, `${describeReport(report)}\n`);
		if (report.incomplete) return EXIT.incomplete;
		const failed = report.saveError !== undefined || report.problems.some(problem => !isVisibilityProblem(problem.kind));
		return failed ? EXIT.failed : EXIT.ok;
	} catch (error) {
		// End the progress line first, so the message starts on a line of its own.
		if (showProgress) process.stderr.write('\r\x1b[K');
		if (abort.signal.aborted) throw new BbError('cancelled', 'Sync cancelled; the cached snapshot was left as it was.');
		throw error;
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		await session.close();
	}
}

/** Over budget without --wait: the refusal to print (nothing is sent); undefined when it fits or the price is unknown. */
function priceCheck(session: Session, previous: AccessSnapshot | undefined, deep: boolean): string | undefined {
	const price = tier1Price(previous, session.workspaces);
	if (price === undefined || session.budget.wait) return undefined;
	const left = session.budget.remaining();
	if (price <= left) return undefined;
	const freeIn = formatWait(session.budget.freeAt(price) - Date.now());
	const what = deep ? 'A deep sync starts with a refresh that' : 'This sync';
	return `${what} needs about ${formatCount(price)} requests, but only ${formatCount(left)} of ${formatCount(session.budget.limit)} are left ${windowName(session.budget.windowMs)} (budget ${formatBudget(session.budgetPolicy)}); enough frees up ${freeIn}. Nothing was sent. Run it then, add --wait to wait for it, or change --budget.`;
}

function emptyReport(snapshot: AccessSnapshot, session: Session): SyncReport {
	return {
		workspaces: snapshot.workspaces.length,
		members: snapshot.memberships.length,
		groups: snapshot.groups.length,
		projects: snapshot.projects.length,
		repositories: snapshot.repositories.length,
		repositoriesWithGrantsLoaded: 0,
		problems: [],
		requests: 0,
		wallMs: 0,
		partial: snapshot.workspaces.some(workspace => workspace.partial.length > 0),
		snapshotSaved: false,
		repositoriesWithGrantsInSnapshot: loadedCount(snapshot),
		budget: formatBudget(session.budgetPolicy),
		budgetWindowMs: session.budgetPolicy.windowMs,
	};
}

function loadedCount(snapshot: AccessSnapshot): number {
	return Object.values(snapshot.repositoryGrantStatus).filter(state => state.state === 'loaded').length;
}

async function save(snapshot: AccessSnapshot, session: Session, report: SyncReport, options: {history?: boolean} = {}): Promise<void> {
	try {
		report.snapshotFile = await saveSnapshot(snapshot, session.paths, options);
		report.snapshotSaved = true;
		delete report.saveError;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
		report.snapshotFile = snapshotFile(snapshot.apiUrl, snapshot.account.email, session.paths);
		report.saveError = `could not write ${report.snapshotFile} (${code})`;
		report.snapshotSaved = false;
	}
}

function applyDeepResult(report: SyncReport, result: DeepPassResult, resumed: boolean): void {
	report.deep = {resumed, done: result.done, total: result.total, left: result.total - result.done, loadedNow: result.loadedNow, requests: result.requests};
	report.requests += result.requests;
	report.repositoriesWithGrantsLoaded += result.loadedNow;
	report.repositoriesWithGrantsInSnapshot = loadedCount(result.snapshot);
	report.problems = [...report.problems, ...result.problems];
	if (result.stoppedBecause) {
		report.deep.stoppedBecause = result.stoppedBecause;
		if (result.freeAt !== undefined) report.deep.freeAt = new Date(result.freeAt).toISOString();
		const left = result.total - result.done;
		const when = result.freeAt === undefined ? '' : ` The budget frees up ${formatWait(result.freeAt - Date.now())}.`;
		const why = result.stoppedBecause === 'budget' ? 'the request budget is spent' : result.stoppedBecause === 'rate-limited' ? `Bitbucket answered 429 (${result.stopMessage})` : 'interrupted';
		report.incomplete = `Deep sync stopped: ${why}. ${formatCount(left)} of ${formatCount(result.total)} repositories left; progress is saved.${when} Run \`bbaccess sync --deep\` again to resume, or add --wait to pace it across windows.`;
	}
}

function progressPrinter(): (progress: SyncProgress) => void {
	let last = 0;
	return progress => {
		const now = Date.now();
		if (now - last < 100 && progress.phase !== 'done') return;
		last = now;
		const where = progress.workspace ? ` ${progress.workspace}` : '';
		const text = progress.message ?? `${progress.phase}${where} ${formatCount(progress.done)}/${formatCount(progress.total)}`;
		process.stderr.write(`\r\x1b[K${sanitizeText(text)} · ${formatCount(progress.requestsUsed)} requests`);
	};
}

/** A bar redrawn at most 10 times a second on a terminal; else a plain line at start and every 30 s. */
function deepProgressPrinter(tty: boolean): (progress: DeepPassProgress) => void {
	let last = Number.NEGATIVE_INFINITY;
	return progress => {
		const now = Date.now();
		if (now - last < (tty ? 100 : PLAIN_PROGRESS_MS) && progress.done < progress.total) return;
		last = now;
		if (tty) process.stderr.write(`\r\x1b[K${progressBar(progress.done, progress.total)} ${deepProgressText(progress, now)}`);
		else process.stderr.write(`${new Date(now).toISOString()} ${deepProgressText(progress, now)}\n`);
	};
}

/** "2,002 repositories": the same grouping as the explorer. */
function plural(count: number, word: string, many = `${word}s`): string {
	return `${count.toLocaleString('en-US')} ${count === 1 ? word : many}`;
}

/** "44 people (56 workspace memberships)": a person in two workspaces is one person, two memberships. */
function peopleText(report: SyncReport): string {
	if (report.people === undefined || report.people === report.members) return plural(report.people ?? report.members, 'person', 'people');
	return `${plural(report.people, 'person', 'people')} (${plural(report.members, 'workspace membership')})`;
}

export function describeReport(report: SyncReport): string {
	const lines: string[] = [];
	if (report.deep?.resumed) lines.push(`Resumed the deep sync of ${plural(report.repositories, 'repository', 'repositories')} (tier 1 from the saved snapshot).`);
	else {
		lines.push(
			`Synced ${plural(report.workspaces, 'workspace')} in ${(report.wallMs / 1000).toFixed(1)} s: ${peopleText(report)}, ${plural(report.groups, 'group')}, ${plural(report.projects, 'project')}, ${plural(report.repositories, 'repository', 'repositories')}.`,
		);
	}
	const loaded = report.repositoriesWithGrantsInSnapshot;
	const earlier = Math.max(0, loaded - report.repositoriesWithGrantsLoaded);
	const kept = earlier > 0 ? `; ${earlier.toLocaleString('en-US')} kept from an earlier sync` : '';
	lines.push(
		loaded >= report.repositories
			? `Repository grants loaded for all ${report.repositories.toLocaleString('en-US')}${kept}.`
			: `Repository grants loaded for ${loaded.toLocaleString('en-US')} of ${report.repositories.toLocaleString('en-US')}${kept} (run \`bbaccess sync --deep\` or open a repository in the explorer).`,
	);
	for (const own of report.ownPermissions ?? []) {
		lines.push(`${own.workspace}: you do not administer it; your own level is known on ${plural(own.repositories, 'repository', 'repositories')} (own permission only; other people's access is not visible).`);
	}
	if (report.deepEstimate) lines.push(`Deep sync estimate was ${report.deepEstimate.requests.toLocaleString('en-US')} requests, ~${report.deepEstimate.seconds.toLocaleString('en-US')} s.`);
	const budget = report.budgetLeft === undefined ? '' : ` (${report.budgetLeft.toLocaleString('en-US')} of ${report.budgetPerHour?.toLocaleString('en-US')} left ${windowName(report.budgetWindowMs)}; budget ${report.budget})`;
	lines.push(`Requests: ${report.requests.toLocaleString('en-US')}${budget}.`);
	if (report.problems.length > 0) {
		lines.push(report.partial ? 'Not everything was visible:' : 'Problems:');
		for (const problem of report.problems) lines.push(`  ${problem.workspace ? `${problem.workspace}: ` : ''}${problem.message}`);
	}
	if (report.snapshotSaved) lines.push(`Snapshot saved to ${report.snapshotFile}.`);
	else if (report.saveError) lines.push(`Snapshot not saved: ${report.saveError}.`);
	else if (report.keptBecause) lines.push(`Snapshot not replaced: ${report.keptBecause}.`);
	else lines.push('Snapshot not saved (--no-cache).');
	if (report.incomplete) lines.push(report.incomplete.startsWith('Deep') ? report.incomplete : `Incomplete: ${report.incomplete}. Run the same command again later, or add --wait.`);
	if (report.debugLog) lines.push(`Request log: ${report.debugLog}`);
	return lines.join('\n');
}
