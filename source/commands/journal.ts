/**
 * `bbaccess journal`: print the change journal (newest last). Reads only the local file; no network.
 */
import {formatJournalEntry, Journal} from '../core/changes/index.js';
import {processIO, type IO} from '../core/changes/cli-flow.js';
import {EXIT} from '../core/errors.js';
import {appPaths} from '../core/paths.js';
import {intFlag, parseCommandArgs} from './args.js';
import {safeJson, writeText} from '../core/text/sanitize.js';
import {unsettledEntries} from '../core/changes/settle.js';

export const JOURNAL_USAGE = 'bbaccess journal [--json] [--limit N]';

const OPTIONS = {
	json: {type: 'boolean'},
	limit: {type: 'string'},
} as const;

export async function run(argv: string[], io: IO = processIO()): Promise<number> {
	const {values} = parseCommandArgs(argv, OPTIONS);
	const limit = intFlag('limit', values.limit, {min: 1, max: 100_000});
	const journal = new Journal(appPaths(io.env).journalFile);
	const {entries, skippedLines} = await journal.read();
	const shown = limit === undefined ? entries : entries.slice(-limit);
	if (values.json) {
		io.stdout.write(`${safeJson(shown, 2)}\n`);
	} else if (shown.length === 0) {
		io.stdout.write(`No changes journaled yet (${journal.file}).\n`);
	} else {
		for (const entry of shown) writeText(io.stdout, `${formatJournalEntry(entry)}\n`);
	}
	const unsettled = unsettledEntries(entries).length;
	if (unsettled > 0 && !values.json) {
		writeText(io.stderr, `${unsettled} ${unsettled === 1 ? 'change was' : 'changes were'} sent but not confirmed (unverified): run \`bbaccess verify\` to re-read ${unsettled === 1 ? 'it' : 'them'}.\n`);
	}
	if (skippedLines > 0) io.stderr.write(`bbaccess: skipped ${skippedLines} unreadable line${skippedLines === 1 ? '' : 's'} in ${journal.file}\n`);
	return EXIT.ok;
}
