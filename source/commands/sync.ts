/**
 * `bbaccess sync`: read access from Bitbucket (tier 1; with --deep also every repository's
 * grants), print a summary, and save the snapshot the explorer opens with.
 */
import {formatAge} from '../core/explorer-snapshot.js';
import {BbError, EXIT} from '../core/errors.js';
import {createSession} from '../core/session.js';
import {isVisibilityProblem} from '../core/sync/problems.js';
import {loadSnapshot, refreshedSnapshot, saveSnapshot, snapshotFile, syncAccess, type SyncProgress, type SyncSummary} from '../core/sync/index.js';
import {intFlag, list, parseCommandArgs} from './args.js';
import {safeJson, sanitizeText, writeText} from '../core/text/sanitize.js';

const OPTIONS = {
	workspace: {type: 'string', multiple: true},
	deep: {type: 'boolean'},
	json: {type: 'boolean'},
	'no-cache': {type: 'boolean'},
	'api-url': {type: 'string'},
	concurrency: {type: 'string'},
	debug: {type: 'boolean'},
} as const;

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
}

export async function run(argv: string[]): Promise<number> {
	const {values} = parseCommandArgs(argv, OPTIONS);
	const concurrency = intFlag('concurrency', values.concurrency, {min: 1, max: 32});
	const useCache = values['no-cache'] !== true;
	const session = await createSession({apiUrl: values['api-url'], workspaces: list(values.workspace), debug: values.debug === true, concurrency});
	const abort = new AbortController();
	const onSignal = () => abort.abort();
	process.once('SIGINT', onSignal);
	const showProgress = values.json !== true && process.stderr.isTTY === true;
	try {
		const {snapshot, summary} = await syncAccess(session.client, {
			workspaces: session.workspaces,
			deep: values.deep === true,
			budget: session.budget,
			signal: abort.signal,
			onProgress: showProgress ? progressPrinter() : undefined,
		});
		if (showProgress) process.stderr.write('\r\x1b[K');
		const report: SyncReport = {...summary, snapshotSaved: false, repositoriesWithGrantsInSnapshot: summary.repositoriesWithGrantsLoaded};
		if (session.debugLogFile) report.debugLog = session.debugLogFile;
		if (useCache) {
			const previous = await loadSnapshot(snapshot.apiUrl, snapshot.account.email, session.paths);
			const decision = refreshedSnapshot(previous?.snapshot, snapshot, session.workspaces);
			if (decision.replaced) {
				try {
					report.snapshotFile = await saveSnapshot(decision.snapshot, session.paths);
				} catch (error) {
					const code = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
					report.snapshotFile = snapshotFile(snapshot.apiUrl, snapshot.account.email, session.paths);
					report.saveError = `could not write ${report.snapshotFile} (${code})`;
				}
				report.snapshotSaved = report.saveError === undefined;
				report.repositoriesWithGrantsInSnapshot = Object.values(decision.snapshot.repositoryGrantStatus).filter(state => state.state === 'loaded').length;
			} else {
				report.snapshotFile = snapshotFile(snapshot.apiUrl, snapshot.account.email, session.paths);
				report.keptBecause = `${decision.keptBecause}; kept the snapshot from ${formatAge(previous!.ageMs)}`;
			}
		}
		if (values.json) process.stdout.write(`${safeJson(report)}\n`);
		else writeText(process.stdout, `${describeReport(report)}\n`);
		const failed = report.saveError !== undefined || summary.problems.some(problem => !isVisibilityProblem(problem.kind));
		return failed ? EXIT.failed : EXIT.ok;
	} catch (error) {
		// End the progress line first, so the message starts on a line of its own.
		if (showProgress) process.stderr.write('\r\x1b[K');
		if (abort.signal.aborted) throw new BbError('cancelled', 'Sync cancelled; the cached snapshot was left as it was.');
		throw error;
	} finally {
		process.off('SIGINT', onSignal);
		await session.close();
	}
}

function progressPrinter(): (progress: SyncProgress) => void {
	let last = 0;
	return progress => {
		const now = Date.now();
		if (now - last < 100 && progress.phase !== 'done') return;
		last = now;
		const where = progress.workspace ? ` ${progress.workspace}` : '';
		const text = progress.message ?? `${progress.phase}${where} ${progress.done}/${progress.total}`;
		process.stderr.write(`\r\x1b[K${sanitizeText(text)} · ${progress.requestsUsed} requests`);
	};
}

function plural(count: number, word: string): string {
	return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function describeReport(report: SyncReport): string {
	const lines: string[] = [];
	lines.push(
		`Synced ${plural(report.workspaces, 'workspace')} in ${(report.wallMs / 1000).toFixed(1)} s: ${plural(report.members, 'member')}, ${plural(report.groups, 'group')}, ${plural(report.projects, 'project')}, ${plural(report.repositories, 'repository').replace(/ys$/, 'ies')}.`,
	);
	const loaded = report.repositoriesWithGrantsInSnapshot;
	const earlier = loaded - report.repositoriesWithGrantsLoaded;
	const kept = earlier > 0 ? `; ${earlier} kept from an earlier sync` : '';
	lines.push(
		loaded >= report.repositories
			? `Repository grants loaded for all ${report.repositories}${kept}.`
			: `Repository grants loaded for ${loaded} of ${report.repositories}${kept} (run \`bbaccess sync --deep\` or open a repository in the explorer).`,
	);
	if (report.deepEstimate) lines.push(`Deep sync estimate was ${report.deepEstimate.requests} requests, ~${report.deepEstimate.seconds} s.`);
	const budget = report.budgetLeft === undefined ? '' : ` (${report.budgetLeft} of ${report.budgetPerHour} left this hour)`;
	lines.push(`Requests: ${report.requests}${budget}.`);
	if (report.problems.length > 0) {
		lines.push(report.partial ? 'Not everything was visible:' : 'Problems:');
		for (const problem of report.problems) lines.push(`  ${problem.workspace ? `${problem.workspace}: ` : ''}${problem.message}`);
	}
	if (report.snapshotSaved) lines.push(`Snapshot saved to ${report.snapshotFile}.`);
	else if (report.saveError) lines.push(`Snapshot not saved: ${report.saveError}.`);
	else if (report.keptBecause) lines.push(`Snapshot not replaced: ${report.keptBecause}.`);
	else lines.push('Snapshot not saved (--no-cache).');
	if (report.debugLog) lines.push(`Request log: ${report.debugLog}`);
	return lines.join('\n');
}
