/**
 * `bbaccess undo [ID]`: undo a journaled change or batch (default: the latest one that changed
 * something) from any earlier session. Re-reads every entry first; conflicts are listed and left alone.
 */
import {commonFlags, COMMON_OPTIONS, processIO, type IO} from '../core/changes/cli-flow.js';
import {batchWorkspaces, findBatch, planUndoOfBatch, runBatch} from '../core/changes/batch/index.js';
import {Journal} from '../core/changes/index.js';
import {appPaths} from '../core/paths.js';
import {parseCommandArgs} from './args.js';

export const UNDO_USAGE = 'bbaccess undo [ID] [--yes] [--dry-run] [--read-only] [--json] [--no-cache] [--api-url URL]';

export async function run(argv: string[], io: IO = processIO()): Promise<number> {
	const {values, positionals} = parseCommandArgs(argv, COMMON_OPTIONS, {positionals: 1});
	const flags = commonFlags(values);
	const {entries} = await new Journal(appPaths(io.env).journalFile).read();
	// Which workspaces to sync is known from the journal before any request (the login is checked in the flow).
	const preview = findBatch(entries, positionals[0]);
	return runBatch(flags, batchWorkspaces(preview), async ({service, session}) => {
		const {email, apiUrl} = session.credentials;
		const batch = findBatch(entries, positionals[0], {email, apiUrl});
		return planUndoOfBatch(service, batch, {dryRun: flags.dryRun, budget: session.budget});
	}, io);
}
