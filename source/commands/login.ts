/**
 * `bbaccess login`: the setup wizard in a terminal, or for scripts
 * `printf %s "$TOKEN" | bbaccess login --email E --token-stdin [--workspace W]… [--api-url U]`.
 * Both verify the token before anything is saved; the token goes only to the OS keychain and is
 * never printed.
 */
import {
	openConfig,
	probeKeychain,
	resolveApiUrl,
	saveCredentials,
	validateEmail,
	validateToken,
	verifyAndCount,
	type SavedCredentials,
	type VerifyResult,
} from '../core/credentials/index.js';
import {BbError, EXIT} from '../core/errors.js';
import {list, parseCommandArgs} from './args.js';
import {writeText} from '../core/text/sanitize.js';

export const LOGIN_USAGE = 'bbaccess login [--api-url URL [--make-default]] [--email E --token-stdin] [--workspace W]… [--read-only]';

const OPTIONS = {
	'api-url': {type: 'string'},
	email: {type: 'string'},
	'token-stdin': {type: 'boolean'},
	workspace: {type: 'string', multiple: true},
	'read-only': {type: 'boolean'},
	'make-default': {type: 'boolean'},
} as const;

const SCRIPT_USAGE = 'printf %s "$TOKEN" | bbaccess login --email you@example.com --token-stdin';
const MAX_TOKEN_BYTES = 64 * 1024;

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stdin) {
		const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
		size += buffer.length;
		if (size > MAX_TOKEN_BYTES) throw new BbError('usage', '--token-stdin got more than 64 KB: pipe only the token');
		chunks.push(buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}

export function describeScopes(result: VerifyResult): string[] {
	return result.scopes.map(check => {
		const mark = check.status === 'ok' ? '✓' : check.status === 'missing' ? '✗' : '?';
		const word = check.status === 'ok' ? 'ok' : check.status === 'missing' ? 'MISSING' : 'not checked';
		const note = check.status !== 'ok' && check.note ? ` (${check.note})` : '';
		return `  ${mark} ${check.scope.padEnd(28)} ${word.padEnd(11)} ${check.enables}${note}`;
	});
}

export function describeSaved(saved: SavedCredentials, visible?: number): string[] {
	return [
		`Token:      OS keychain, ${saved.keychainEntry}`,
		`Settings:   ${saved.configFile}`,
		`Workspaces: ${saved.workspaces.length > 0 ? saved.workspaces.join(', ') : `all you can see${visible === undefined ? '' : ` (${visible} now)`}`}`,
		`Read-only:  ${saved.readOnly ? `yes: ${saved.readOnlyReason ?? 'chosen at login'}` : 'no'}`,
		...(saved.isDefault === false ? [`API URL:    ${saved.apiUrl} is saved but not the default: pass --api-url ${saved.apiUrl} each time (or log in with --make-default)`] : []),
		'Next: run `bbaccess` to explore who can reach what.',
	];
}

/** At login a 401 means what was typed is wrong (not "expired since last time"). */
export function rejectedLogin(error: unknown, email: string): unknown {
	if (!(error instanceof BbError) || error.kind !== 'auth') return error;
	return new BbError('auth', `Bitbucket rejected ${email} with this API token (401). Nothing was saved.`, {
		status: error.status,
		endpoint: error.endpoint,
		hint: 'Use the email of your Atlassian account (not the Bitbucket username) and a complete, unexpired API token.',
	});
}

async function loginFromStdin(options: {apiUrl: string; email: string; workspaces: string[]; readOnly: boolean; requestsPerHour?: number; makeDefault?: boolean}): Promise<number> {
	if (process.stdin.isTTY) {
		throw new BbError('usage', `--token-stdin reads the token from a pipe, not the keyboard: ${SCRIPT_USAGE} (or run \`bbaccess login\` without flags for the wizard)`);
	}
	const email = validateEmail(options.email);
	await probeKeychain({writable: true}); // fail before spending requests when the token could not be stored
	const piped = await readStdin(process.stdin);
	if (piped.trim() === '') throw new BbError('usage', `--token-stdin got no token on standard input: ${SCRIPT_USAGE}`);
	const token = validateToken(piped);
	const result = await verifyAndCount({apiUrl: options.apiUrl, email, token, requestsPerHour: options.requestsPerHour}).catch((error: unknown) => {
		throw rejectedLogin(error, email);
	});
	const out = process.stdout;
	if (result.missingReadScopes.length > 0) {
		writeText(process.stderr, `${describeScopes(result).join('\n')}\n`);
		throw new BbError('missing-scope', `The token lacks ${result.missingReadScopes.join(', ')}; bbaccess cannot work without it. Nothing was saved.`, {
			requiredScopes: result.missingReadScopes,
			hint: 'Create a token with the read scopes (scopes are fixed at creation) and log in again; see docs/credentials.md.',
		});
	}
	if (result.workspaces.length === 0) {
		throw new BbError('not-found', `${email} cannot see any workspace on ${options.apiUrl}. Nothing was saved.`, {
			hint: 'Ask a workspace admin to invite this Atlassian account, or log in with the email of an account that is a member.',
		});
	}
	const visible = new Set(result.workspaces.map(workspace => workspace.slug));
	const unknown = options.workspaces.filter(slug => !visible.has(slug));
	if (unknown.length > 0) {
		throw new BbError('usage', `${email} cannot see workspace${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (visible: ${[...visible].join(', ')}). Nothing was saved.`);
	}
	const readOnlyReason = options.readOnly ? 'chosen at login (--read-only)' : result.readOnlyReason;
	const saved = await saveCredentials({
		apiUrl: options.apiUrl,
		email,
		token,
		workspaces: options.workspaces.length === visible.size ? [] : options.workspaces,
		readOnly: readOnlyReason !== undefined,
		readOnlyReason,
		makeDefault: options.makeDefault,
	});
	const who = result.account ? `${result.account.displayName} <${email}>` : email;
	writeText(out, `Logged in as ${who} on ${options.apiUrl}\nScopes:\n${describeScopes(result).join('\n')}\n${describeSaved(saved, visible.size).join('\n')}\n`);
	if (result.readOnlyReason) writeText(process.stderr, `warning: read-only setup: ${result.readOnlyReason}; grant and revoke stay disabled.\n`);
	return EXIT.ok;
}

function warnAboutEnvironment(): void {
	if (process.env.BITBUCKET_EMAIL?.trim() || process.env.BITBUCKET_API_TOKEN?.trim()) {
		process.stderr.write('note: BITBUCKET_EMAIL / BITBUCKET_API_TOKEN are set; they take precedence over the saved login until you unset them.\n');
	}
}

export async function run(argv: string[]): Promise<number> {
	const {values} = parseCommandArgs(argv, OPTIONS);
	const config = openConfig();
	const apiUrl = resolveApiUrl(values['api-url'], process.env, config.read());
	const workspaces = list(values.workspace).map(slug => slug.trim()).filter(slug => slug !== '');
	if (values['token-stdin']) {
		if (values.email === undefined) throw new BbError('usage', `--token-stdin needs --email (your Atlassian account email): ${SCRIPT_USAGE}`);
		const code = await loginFromStdin({
			apiUrl,
			email: values.email,
			workspaces,
			readOnly: values['read-only'] === true,
			requestsPerHour: config.read().requestsPerHour,
			makeDefault: values['make-default'] === true ? true : undefined,
		});
		warnAboutEnvironment();
		return code;
	}
	if (workspaces.length > 0 || values['read-only'] || values['make-default']) {
		throw new BbError('usage', '--workspace, --read-only and --make-default go with --token-stdin; the wizard asks for them');
	}
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		throw new BbError('usage', `bbaccess login needs a terminal for the setup wizard; in scripts use: ${SCRIPT_USAGE}`);
	}
	const email = values.email === undefined ? config.account(apiUrl)?.email : validateEmail(values.email);
	const {runSetupWizard} = await import('../ui/wizard/index.js');
	const saved = await runSetupWizard({apiUrl, email});
	if (!saved) throw new BbError('cancelled', 'Login cancelled: nothing was saved.');
	warnAboutEnvironment();
	return EXIT.ok;
}
