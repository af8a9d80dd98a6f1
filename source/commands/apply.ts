/**
 * `bbaccess apply FILE`: a change file (CSV or JSON Lines; docs/changes.md "Change files") planned as
 * one batch. The file is checked (columns, syntax, levels) before any request; names are resolved
 * like the other commands; only --yes or a terminal confirmation sends anything.
 */
import {readFile} from 'node:fs/promises';
import {commonFlags, COMMON_OPTIONS, processIO, type IO} from '../core/changes/cli-flow.js';
import {parseChangeFile, planBatch, resolveChangeLines, runBatch} from '../core/changes/batch/index.js';
import {BbError} from '../core/errors.js';
import {parseCommandArgs} from './args.js';
import {formatCount} from '../core/text/numbers.js';

export const APPLY_USAGE = 'bbaccess apply FILE [--yes] [--dry-run] [--read-only] [--json] [--no-cache] [--api-url URL]';

export async function run(argv: string[], io: IO = processIO()): Promise<number> {
	const {values, positionals} = parseCommandArgs(argv, COMMON_OPTIONS, {positionals: 1});
	const file = positionals[0];
	if (!file) throw new BbError('usage', 'give the change file: bbaccess apply FILE');
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		throw new BbError('usage', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
	}
	// Everything that needs no data is checked before the first request.
	const lines = parseChangeFile(file, text);
	const workspaces = [...new Set(lines.map(line => line.workspace))];
	const flags = commonFlags(values);
	return runBatch(flags, workspaces, async ({graph, service, session}) => {
		const changes = resolveChangeLines(graph, file, lines);
		return planBatch(service, changes, {title: `Apply ${file} (${formatCount(changes.length)} line${changes.length === 1 ? '' : 's'})`, dryRun: flags.dryRun, budget: session.budget});
	}, io);
}
