/**
 * Which service and which credentials a command uses.
 * API URL: explicit (--api-url) → BBACCESS_API_URL → config `apiUrl` → https://api.bitbucket.org.
 * Credentials: explicit → BITBUCKET_EMAIL + BITBUCKET_API_TOKEN (both) → keychain + config.
 */
import {BbError} from '../errors.js';
import {DEFAULT_API_URL, normalizeApiUrl} from '../bitbucket/api-url.js';
import type {AppConfig, ConfigStore, SavedAccount} from './config.js';
import {loadToken} from './keychain.js';
import {validateEmail, validateToken} from './validate.js';

export type CredentialSource = 'environment' | 'keychain' | 'explicit';

export interface ResolvedCredentials {
	email: string;
	token: string;
	apiUrl: string;
	source: CredentialSource;
	/** The saved login for this API URL, when there is one. */
	account?: SavedAccount;
}

export const NO_CREDENTIALS_MESSAGE = 'No credentials: run `bbaccess login`, or set BITBUCKET_EMAIL and BITBUCKET_API_TOKEN';

/** True for "nothing saved and nothing in the environment" (the explorer then opens the setup wizard). */
export function isNoCredentialsError(error: unknown): boolean {
	return error instanceof BbError && error.kind === 'config' && error.message === NO_CREDENTIALS_MESSAGE;
}

function apiUrlFrom(value: string, origin: string): string {
	try {
		return normalizeApiUrl(value);
	} catch (error) {
		// The same bad URL is the same error wherever it comes from: exit 2 (usage), with the usage line only for --api-url.
		if (error instanceof BbError) throw new BbError('usage', `${origin}: ${error.message}`, {showUsage: origin === '--api-url'});
		throw error;
	}
}

export function resolveApiUrl(explicit: string | undefined, env: NodeJS.ProcessEnv, config: AppConfig): string {
	if (explicit !== undefined) return apiUrlFrom(explicit, '--api-url');
	const fromEnv = env.BBACCESS_API_URL;
	if (fromEnv !== undefined && fromEnv.trim() !== '') return apiUrlFrom(fromEnv, 'BBACCESS_API_URL');
	if (config.apiUrl !== undefined) return apiUrlFrom(config.apiUrl, 'apiUrl in the config file');
	return DEFAULT_API_URL;
}

function envValue(name: string, check: () => string): string {
	try {
		return check();
	} catch (error) {
		if (error instanceof BbError) throw new BbError('config', `${name}: ${error.message}`);
		throw error;
	}
}

function fromEnvironment(env: NodeJS.ProcessEnv): {email: string; token: string} | undefined {
	const email = env.BITBUCKET_EMAIL?.trim() ?? '';
	const token = env.BITBUCKET_API_TOKEN?.trim() ?? '';
	if (email === '' && token === '') return undefined;
	if (email === '') {
		throw new BbError('config', 'BITBUCKET_API_TOKEN is set but BITBUCKET_EMAIL is not: set both (the email of your Atlassian account), or unset BITBUCKET_API_TOKEN to use the keychain.');
	}
	if (token === '') {
		throw new BbError('config', 'BITBUCKET_EMAIL is set but BITBUCKET_API_TOKEN is not: set both, or unset BITBUCKET_EMAIL to use the keychain.');
	}
	return {email: envValue('BITBUCKET_EMAIL', () => validateEmail(email)), token: envValue('BITBUCKET_API_TOKEN', () => validateToken(token, {minLength: 1}))};
}

/**
 * Resolve the credentials for `apiUrl` (already normalised). Throws BbError('config') when there are
 * none, BbError('keychain') when the keychain is needed but unreachable.
 */
export async function resolveCredentials({
	apiUrl,
	env,
	config,
	credentials,
}: {
	apiUrl: string;
	env: NodeJS.ProcessEnv;
	config: ConfigStore;
	credentials?: {email: string; token: string};
}): Promise<ResolvedCredentials> {
	const account = config.account(apiUrl);
	if (credentials) {
		return {email: validateEmail(credentials.email), token: validateToken(credentials.token, {minLength: 1}), apiUrl, source: 'explicit', account};
	}
	const environment = fromEnvironment(env);
	if (environment) return {...environment, apiUrl, source: 'environment', account};
	if (!account) {
		const others = Object.keys(config.read().accounts ?? {});
		const hint =
			others.length > 0
				? `No login is saved for ${apiUrl}; saved logins exist for: ${others.join(', ')} (choose one with --api-url).`
				: apiUrl === DEFAULT_API_URL
					? undefined
					: `No login is saved for ${apiUrl}.`;
		throw new BbError('config', NO_CREDENTIALS_MESSAGE, {hint});
	}
	const token = await loadToken(account.email, apiUrl);
	if (token === undefined) {
		throw new BbError('config', `No token for ${account.email} (${apiUrl}) in the OS keychain: run \`bbaccess login\`, or set BITBUCKET_EMAIL and BITBUCKET_API_TOKEN`);
	}
	return {email: account.email, token, apiUrl, source: 'keychain', account};
}
