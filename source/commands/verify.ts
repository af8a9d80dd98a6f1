/**
 * `bbaccess verify [BATCH]`: settle changes the journal marks 'unverified' (sent, but the re-read
 * failed) by reading each entry from Bitbucket again. One GET per entry; the outcome is journaled.
 */
import {Journal} from '../core/changes/journal.js';
import {settleUnverified} from '../core/changes/settle.js';
import {EXIT} from '../core/errors.js';
import {createSession} from '../core/session.js';
import {safeJson, writeText} from '../core/text/sanitize.js';
import {parseCommandArgs} from './args.js';

const OPTIONS = {
	json: {type: 'boolean'},
	'api-url': {type: 'string'},
} as const;

export async function run(argv: string[]): Promise<number> {
	const {values, positionals} = parseCommandArgs(argv, OPTIONS, {positionals: 1});
	const batch = positionals[0];
	const session = await createSession({apiUrl: values['api-url']});
	try {
		const journal = new Journal(session.paths.journalFile);
		const results = await settleUnverified(session.client, journal, {account: session.credentials.email, apiUrl: session.credentials.apiUrl, batch});
		if (values.json) {
			process.stdout.write(`${safeJson(results.map(result => ({batch: result.entry.batch, summary: result.entry.summary, outcome: result.outcome, message: result.message})), 2)}\n`);
		} else if (results.length === 0) {
			writeText(process.stdout, `Nothing to verify: no unverified change${batch ? ` in batch ${batch}` : ''} in ${journal.file}.\n`);
		} else {
			for (const result of results) writeText(process.stdout, `${result.outcome.padEnd(16)} ${result.entry.summary} — ${result.message}\n`);
		}
		return results.every(result => result.outcome === 'applied-verified') ? EXIT.ok : EXIT.failed;
	} finally {
		await session.close();
	}
}
