/**
 * `bbaccess snapshots`: the kept snapshot history of the current account (every account with --all).
 * Local files only; no network.
 */
import {EXIT} from '../core/errors.js';
import {historyDir, listHistory} from '../core/review/history.js';
import {snapshotsText} from '../core/review/format.js';
import {historyOf, localScope} from '../core/review/local-scope.js';
import {safeJson} from '../core/text/sanitize.js';
import {parseCommandArgs} from './args.js';

export const SNAPSHOTS_USAGE = 'bbaccess snapshots [--all] [--json] [--api-url URL]';

const OPTIONS = {
	all: {type: 'boolean'},
	json: {type: 'boolean'},
	'api-url': {type: 'string'},
} as const;

export async function run(argv: string[], io: {stdout: NodeJS.WritableStream; env: NodeJS.ProcessEnv} = {stdout: process.stdout, env: process.env}): Promise<number> {
	const {values} = parseCommandArgs(argv, OPTIONS);
	const scope = localScope(io.env, values['api-url']);
	const entries = values.all === true || !scope.email ? await listHistory(scope.paths) : await historyOf(scope);
	io.stdout.write(values.json ? `${safeJson(entries, 2)}\n` : snapshotsText(entries, historyDir(scope.paths)));
	return EXIT.ok;
}
