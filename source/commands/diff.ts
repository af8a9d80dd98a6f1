/**
 * `bbaccess diff`: what changed between two kept snapshots (default: the previous and the latest).
 * Local files only; no network.
 */
import {BbError, EXIT} from '../core/errors.js';
import {diffSnapshots} from '../core/review/drift.js';
import {formatDrift, type ReviewFormat} from '../core/review/format.js';
import {readHistorySnapshot} from '../core/review/history.js';
import {choosePair, historyOf, localScope, parseDuration} from '../core/review/local-scope.js';
import {list, parseCommandArgs} from './args.js';

export const DIFF_USAGE = 'bbaccess diff [--since 7d | --from ID [--to ID]] [--workspace W]… [--format text|json|csv] [--api-url URL]';

const OPTIONS = {
	since: {type: 'string'},
	from: {type: 'string'},
	to: {type: 'string'},
	workspace: {type: 'string', multiple: true},
	format: {type: 'string'},
	'api-url': {type: 'string'},
} as const;

export function reviewFormat(value: string | undefined): ReviewFormat {
	const format = value ?? 'text';
	if (format !== 'text' && format !== 'json' && format !== 'csv') throw new BbError('usage', `--format takes text, json or csv; got '${format}'`);
	return format;
}

export async function run(argv: string[], io: {stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; env: NodeJS.ProcessEnv} = {stdout: process.stdout, stderr: process.stderr, env: process.env}): Promise<number> {
	const {values} = parseCommandArgs(argv, OPTIONS);
	const format = reviewFormat(values.format);
	if (values.since !== undefined && (values.from !== undefined || values.to !== undefined)) throw new BbError('usage', '--since and --from/--to do not go together');
	if (values.to !== undefined && values.from === undefined) throw new BbError('usage', '--to needs --from');
	const sinceMs = values.since === undefined ? undefined : parseDuration(values.since, 'since');
	const scope = localScope(io.env, values['api-url']);
	const pair = choosePair(await historyOf(scope), {from: values.from, to: values.to, sinceMs});
	if (pair.note) io.stderr.write(`Note: ${pair.note}.\n`);
	const [before, after] = await Promise.all([readHistorySnapshot(pair.from, scope.paths), readHistorySnapshot(pair.to, scope.paths)]);
	const workspaces = list(values.workspace);
	const report = diffSnapshots(before.snapshot, after.snapshot, {workspaces});
	for (const slug of workspaces) if (!report.workspaces.includes(slug)) throw new BbError('usage', `workspace '${slug}' is in neither snapshot`);
	io.stdout.write(formatDrift(report, format, `Changes from ${pair.from.id} (synced ${pair.from.syncedAt}) to ${pair.to.id} (synced ${pair.to.syncedAt})`));
	return EXIT.ok;
}
