/**
 * `bbaccess info [--json] [--api-url U]`: where bbaccess keeps things and which login it would use.
 * A diagnostic: it reports a broken config or an unreachable keychain instead of failing, and it
 * never prints (or even reads) the token itself.
 */
import {readFileSync} from 'node:fs';
import {DEFAULT_API_URL, normalizeApiUrl} from '../core/bitbucket/api-url.js';
import {keychainAccount, keychainStatus, openConfig, type AppConfig} from '../core/credentials/index.js';
import {BbError, EXIT} from '../core/errors.js';
import {appPaths, type AppPaths} from '../core/paths.js';
import {parseCommandArgs} from './args.js';
import {safeJson, writeText} from '../core/text/sanitize.js';

export const INFO_USAGE = 'bbaccess info [--json] [--api-url URL]';

const OPTIONS = {
	json: {type: 'boolean'},
	'api-url': {type: 'string'},
} as const;

export interface InfoReport {
	version: string;
	paths: AppPaths;
	apiUrl: string;
	apiUrlSource: '--api-url' | 'BBACCESS_API_URL' | 'config' | 'default';
	/** The login that would be used; null when there is none. */
	account: {email: string; source: 'environment' | 'keychain'} | null;
	workspaces: string[];
	readOnly: boolean;
	readOnlyReason?: string;
	keychain: {reachable: boolean; problem?: string; tokenSaved: boolean};
	/** Every saved login (one per API URL) and whether its token is in the keychain. */
	savedLogins: Array<{apiUrl: string; email: string; tokenSaved: boolean}>;
	environment: {BITBUCKET_EMAIL: boolean; BITBUCKET_API_TOKEN: boolean};
	/** Set when the config file cannot be read; everything else is still reported. */
	configProblem?: string;
}

function packageVersion(): string {
	const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string};
	return pkg.version;
}

function pickApiUrl(explicit: string | undefined, env: NodeJS.ProcessEnv, config: AppConfig): Pick<InfoReport, 'apiUrl' | 'apiUrlSource'> {
	if (explicit !== undefined) return {apiUrl: normalizeApiUrl(explicit), apiUrlSource: '--api-url'};
	if (env.BBACCESS_API_URL?.trim()) return {apiUrl: normalizeApiUrl(env.BBACCESS_API_URL), apiUrlSource: 'BBACCESS_API_URL'};
	if (config.apiUrl) return {apiUrl: normalizeApiUrl(config.apiUrl), apiUrlSource: 'config'};
	return {apiUrl: DEFAULT_API_URL, apiUrlSource: 'default'};
}

export async function collectInfo({apiUrl: explicit, env = process.env}: {apiUrl?: string; env?: NodeJS.ProcessEnv} = {}): Promise<InfoReport> {
	const paths = appPaths(env);
	let config: AppConfig = {};
	let configProblem: string | undefined;
	try {
		config = openConfig(paths).read();
	} catch (error) {
		configProblem = error instanceof BbError ? error.message : String(error);
	}
	const {apiUrl, apiUrlSource} = pickApiUrl(explicit, env, config);
	const saved = config.accounts?.[apiUrl];
	const environment = {BITBUCKET_EMAIL: Boolean(env.BITBUCKET_EMAIL?.trim()), BITBUCKET_API_TOKEN: Boolean(env.BITBUCKET_API_TOKEN?.trim())};
	const status = await keychainStatus();
	const tokenSaved = saved !== undefined && status.accounts.includes(keychainAccount(saved.email, apiUrl));
	let account: InfoReport['account'] = null;
	if (environment.BITBUCKET_EMAIL && environment.BITBUCKET_API_TOKEN) account = {email: env.BITBUCKET_EMAIL!.trim(), source: 'environment'};
	else if (saved) account = {email: saved.email, source: 'keychain'};
	const sameAccount = saved !== undefined && account !== null && account.email.toLowerCase() === saved.email.toLowerCase();
	return {
		version: packageVersion(),
		paths,
		apiUrl,
		apiUrlSource,
		account,
		workspaces: sameAccount ? (saved.workspaces ?? []) : [],
		readOnly: sameAccount ? saved.readOnly === true : false,
		...(sameAccount && saved.readOnly && saved.readOnlyReason ? {readOnlyReason: saved.readOnlyReason} : {}),
		keychain: {reachable: status.reachable, ...(status.problem ? {problem: status.problem} : {}), tokenSaved},
		savedLogins: Object.entries(config.accounts ?? {}).map(([url, login]) => ({
			apiUrl: url,
			email: login.email,
			tokenSaved: status.accounts.includes(keychainAccount(login.email, url)),
		})),
		environment,
		...(configProblem ? {configProblem} : {}),
	};
}

export function formatInfo(info: InfoReport): string {
	const keychain = info.keychain.reachable
		? `reachable; ${info.keychain.tokenSaved ? 'token saved for this login' : 'no token saved for this login'}`
		: `NOT reachable: ${info.keychain.problem ?? 'unknown reason'}`;
	const account = info.account
		? `${info.account.email} (${info.account.source === 'environment' ? 'from BITBUCKET_EMAIL / BITBUCKET_API_TOKEN' : 'saved login, token in the OS keychain'})`
		: 'none: run `bbaccess login`, or set BITBUCKET_EMAIL and BITBUCKET_API_TOKEN';
	const env = Object.entries(info.environment)
		.filter(([, set]) => set)
		.map(([name]) => name);
	const lines = [
		`bbaccess ${info.version}`,
		`Config file: ${info.paths.configFile}${info.configProblem ? `  (PROBLEM: ${info.configProblem})` : ''}`,
		`Cache dir:   ${info.paths.cacheDir}`,
		`Log dir:     ${info.paths.logDir}`,
		`Journal:     ${info.paths.journalFile}`,
		`API URL:     ${info.apiUrl} (${info.apiUrlSource})`,
		`Account:     ${account}`,
		`Workspaces:  ${info.workspaces.length > 0 ? info.workspaces.join(', ') : 'all visible'}`,
		`Read-only:   ${info.readOnly ? `yes${info.readOnlyReason ? `: ${info.readOnlyReason}` : ''}` : 'no'}`,
		`Keychain:    ${keychain}`,
		`Environment: ${env.length > 0 ? `${env.join(', ')} set` : 'no credential variables set'}`,
	];
	if (info.savedLogins.length > 1 || (info.savedLogins.length === 1 && info.savedLogins[0]!.apiUrl !== info.apiUrl)) {
		lines.push('Saved logins:');
		for (const login of info.savedLogins) {
			lines.push(`  ${login.apiUrl}  ${login.email}${info.keychain.reachable && !login.tokenSaved ? '  (no token in the keychain)' : ''}`);
		}
	}
	return `${lines.join('\n')}\n`;
}

export async function run(argv: string[]): Promise<number> {
	const {values} = parseCommandArgs(argv, OPTIONS);
	const info = await collectInfo({apiUrl: values['api-url']});
	if (values.json) process.stdout.write(`${safeJson(info, 2)}\n`);
	else writeText(process.stdout, formatInfo(info));
	return EXIT.ok;
}
