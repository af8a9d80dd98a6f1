/**
 * `bbaccess logout [--yes] [--api-url U]`: remove the token from the OS keychain and the saved
 * login from the config file. Asks first in a terminal; elsewhere it needs --yes.
 */
import {createInterface} from 'node:readline/promises';
import {openConfig, removeCredentials, resolveApiUrl} from '../core/credentials/index.js';
import {EXIT} from '../core/errors.js';
import {parseCommandArgs} from './args.js';

export const LOGOUT_USAGE = 'bbaccess logout [--yes] [--api-url URL]';

const OPTIONS = {
	yes: {type: 'boolean', short: 'y'},
	'api-url': {type: 'string'},
} as const;

/** y/N on the terminal; Ctrl-C or end of input count as No. */
async function confirm(question: string): Promise<boolean> {
	const prompt = createInterface({input: process.stdin, output: process.stdout});
	const abort = new AbortController();
	prompt.on('SIGINT', () => abort.abort());
	prompt.on('close', () => abort.abort());
	try {
		const answer = await prompt.question(question, {signal: abort.signal});
		return /^y(es)?$/i.test(answer.trim());
	} catch {
		process.stdout.write('\n');
		return false;
	} finally {
		prompt.close();
	}
}

export async function run(argv: string[]): Promise<number> {
	const {values} = parseCommandArgs(argv, OPTIONS);
	const config = openConfig();
	const apiUrl = resolveApiUrl(values['api-url'], process.env, config.read());
	const account = config.account(apiUrl);
	const envNote =
		process.env.BITBUCKET_EMAIL || process.env.BITBUCKET_API_TOKEN
			? 'Note: BITBUCKET_EMAIL / BITBUCKET_API_TOKEN are set in this environment and are still used until you unset them.\n'
			: '';
	if (!account) {
		process.stdout.write(`No saved login for ${apiUrl}; nothing to remove.\n${envNote}`);
		return EXIT.ok;
	}
	if (!values.yes) {
		if (!process.stdin.isTTY || !process.stdout.isTTY) {
			process.stderr.write(`bbaccess: refusing to log out ${account.email} (${apiUrl}) without confirmation outside a terminal: add --yes\n`);
			return EXIT.refused;
		}
		const ok = await confirm(`Remove the login of ${account.email} for ${apiUrl} (the token from the OS keychain, the settings from ${config.file})? [y/N] `);
		if (!ok) {
			process.stdout.write('Kept the login; nothing was removed.\n');
			return EXIT.refused;
		}
	}
	const removed = await removeCredentials({apiUrl});
	process.stdout.write(
		`Logged out ${removed.email} (${apiUrl}): ${removed.tokenRemoved ? 'token removed from the OS keychain' : 'no token was in the OS keychain'}; login removed from ${removed.configFile}.\n${envNote}`,
	);
	return EXIT.ok;
}
