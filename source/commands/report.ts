/**
 * `bbaccess report --out FILE`: the evidence report of an access review (Markdown, or one
 * self-contained HTML file with a person × repository heat map). Local files only; no network.
 */
import {Journal} from '../core/changes/journal.js';
import {BbError, EXIT} from '../core/errors.js';
import {checkOutPath} from '../core/export/run-export.js';
import {AccessGraph} from '../core/graph/index.js';
import {audit, loadPolicy} from '../core/review/audit.js';
import {diffSnapshots} from '../core/review/drift.js';
import {readHistorySnapshot, snapshotSha256} from '../core/review/history.js';
import {choosePair, currentSnapshot, historyOf, localScope, parseDuration} from '../core/review/local-scope.js';
import {writePrivateFile} from '../core/paths.js';
import {accessMatrix} from '../core/review/matrix.js';
import {htmlReport, markdownReport, type ReportInput} from '../core/review/report.js';
import {previousReview, recordReview, reviewsOf} from '../core/review/reviews.js';
import {list, parseCommandArgs} from './args.js';

export const REPORT_USAGE = 'bbaccess report --out FILE [--format md|html] [--workspace W]… [--snapshot ID] [--since 7d | --from ID] [--policy FILE] [--project KEY | --group G]';

const OPTIONS = {
	out: {type: 'string', short: 'o'},
	format: {type: 'string'},
	workspace: {type: 'string', multiple: true},
	snapshot: {type: 'string'},
	since: {type: 'string'},
	from: {type: 'string'},
	policy: {type: 'string'},
	project: {type: 'string'},
	group: {type: 'string'},
	'api-url': {type: 'string'},
} as const;

export async function run(argv: string[], io: {stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; env: NodeJS.ProcessEnv} = {stdout: process.stdout, stderr: process.stderr, env: process.env}): Promise<number> {
	const {values} = parseCommandArgs(argv, OPTIONS);
	if (values.out === undefined || values.out.trim() === '') throw new BbError('usage', '--out FILE is required (e.g. --out review.md)');
	const format = values.format ?? (values.out.toLowerCase().endsWith('.html') ? 'html' : 'md');
	if (format !== 'md' && format !== 'html') throw new BbError('usage', `--format takes md or html; got '${format}'`);
	if (values.project !== undefined && values.group !== undefined) throw new BbError('usage', '--project and --group do not go together (one matrix per report)');
	if (values.since !== undefined && values.from !== undefined) throw new BbError('usage', '--since and --from do not go together');
	const file = await checkOutPath(values.out);
	const policy = values.policy === undefined ? undefined : await loadPolicy(values.policy);
	const scope = localScope(io.env, values['api-url']);
	const {snapshot, text, entry} = await currentSnapshot(scope, values.snapshot);
	const graph = AccessGraph.fromSnapshot(snapshot);
	const requested = list(values.workspace);
	for (const slug of requested) if (!graph.workspace(slug)) throw new BbError('usage', `workspace '${slug}' is not in the synced data`);
	const workspaces = requested.length > 0 ? requested : graph.workspaces().map(ws => ws.slug);

	let drift: ReportInput['drift'];
	let driftMissing: string | undefined;
	let previous: ReturnType<typeof previousReview>;
	const entries = await historyOf(scope);
	try {
		const sinceMs = values.since === undefined ? undefined : parseDuration(values.since, 'since');
		// By default the drift (and the journal) start at the previous review, when one is recorded.
		previous = values.from === undefined && sinceMs === undefined ? previousReview(await reviewsOf(scope.paths, snapshot.apiUrl, snapshot.account.email), entries, entry) : undefined;
		if (!previous && !entry && values.from === undefined && sinceMs === undefined) throw new BbError('config', 'this snapshot is not in the history, so there is no previous one to compare with');
		const pair = previous ? {from: previous.entry, note: `since the previous review (${previous.record.time})`} : choosePair(entries, {from: values.from, to: entry?.id, sinceMs});
		const before = await readHistorySnapshot(pair.from, scope.paths);
		drift = {report: diffSnapshots(before.snapshot, graph, {workspaces}), from: pair.from, note: pair.note};
	} catch (error) {
		if (!(error instanceof BbError) || error.kind === 'usage') throw error;
		driftMissing = `No drift: ${error.message}.`;
	}
	const since = previous ? previous.record.time : drift ? drift.from.savedAt : undefined;
	const journal = (await new Journal(scope.paths.journalFile).read()).entries.filter(
		item => item.account.toLowerCase() === snapshot.account.email.toLowerCase() && (since === undefined || item.time >= since),
	);
	let matrix: ReportInput['matrix'];
	if (values.project !== undefined || values.group !== undefined) {
		const [workspace, name] = splitScoped(values.project ?? values.group!, workspaces);
		matrix = accessMatrix(graph, workspace, values.project !== undefined ? {project: name} : {group: name});
	}
	const input: ReportInput = {generatedAt: new Date().toISOString(), snapshot, sha256: snapshotSha256(text), entry, graph, workspaces, findings: audit(graph, {workspaces, policy}), drift, driftMissing, journal, matrix, policyFile: values.policy};
	await writePrivateFile(file, format === 'html' ? htmlReport(input) : markdownReport(input));
	await recordReview(scope.paths, {time: input.generatedAt, ...(entry ? {snapshotId: entry.id} : {}), sha256: input.sha256, file}, snapshot.apiUrl, snapshot.account.email).catch((error: unknown) => {
		io.stderr.write(`Warning: the review was not recorded for the next report's drift (${(error as Error).message}).\n`);
	});
	io.stderr.write(`Wrote the access review (${format === 'html' ? 'HTML' : 'Markdown'}) to ${file}: ${input.findings.length} findings${drift ? `, ${drift.report.access.length} access changes since ${drift.from.id}` : ''}, ${journal.length} journaled changes.\n`);
	return EXIT.ok;
}

/** "acme:PLAT" or "PLAT" (then the one workspace in scope). */
function splitScoped(value: string, workspaces: string[]): [string, string] {
	const at = value.indexOf(':');
	if (at > 0) return [value.slice(0, at), value.slice(at + 1)];
	if (workspaces.length !== 1) throw new BbError('usage', `say which workspace: WS:${value} (the report covers ${workspaces.join(', ')})`);
	return [workspaces[0]!, value];
}
