/**
 * Saving and removing a login: the token to the OS keychain, the rest to the config file.
 * The keychain is written first, so a keychain failure leaves the config untouched.
 */
import {appPaths, type AppPaths} from '../paths.js';
import {DEFAULT_API_URL} from '../bitbucket/api-url.js';
import {openConfig} from './config.js';
import {deleteToken, keychainAccount, saveToken} from './keychain.js';
import {validateEmail, validateToken} from './validate.js';

export interface SaveCredentialsInput {
	apiUrl: string;
	email: string;
	token: string;
	/** Workspace slugs to sync; empty = all the account can see. */
	workspaces?: string[];
	readOnly?: boolean;
	readOnlyReason?: string;
	/**
	 * Make this API URL the default for later commands. Default: only the standard Bitbucket URL;
	 * a non-default URL becomes the default only when the admin chose it (wizard `d`, `--make-default`).
	 */
	makeDefault?: boolean;
	paths?: AppPaths;
}

/** What was saved and where: safe to print (never holds the token). */
export interface SavedCredentials {
	apiUrl: string;
	email: string;
	workspaces: string[];
	readOnly: boolean;
	readOnlyReason?: string;
	configFile: string;
	/** "service bbaccess, account <email>@<apiUrl>" */
	keychainEntry: string;
	/** Whether later commands use this API URL without --api-url. */
	isDefault?: boolean;
}

export async function saveCredentials(input: SaveCredentialsInput): Promise<SavedCredentials> {
	const paths = input.paths ?? appPaths();
	const email = validateEmail(input.email);
	const token = validateToken(input.token);
	// Open (and validate) the config before touching the keychain: a broken file fails early.
	const config = openConfig(paths);
	const previous = config.account(input.apiUrl);
	await saveToken(email, input.apiUrl, token);
	const workspaces = [...new Set(input.workspaces ?? [])];
	const readOnly = input.readOnly ?? false;
	config.setAccount(input.apiUrl, {
		email,
		...(workspaces.length > 0 ? {workspaces} : {}),
		readOnly,
		...(input.readOnlyReason ? {readOnlyReason: input.readOnlyReason} : {}),
		savedAt: new Date().toISOString(),
	}, {makeDefault: input.makeDefault ?? input.apiUrl === DEFAULT_API_URL});
	if (previous && previous.email !== email) {
		// A login replaced another account on the same service: do not leave its token behind.
		await deleteToken(previous.email, input.apiUrl).catch(() => false);
	}
	return {
		apiUrl: input.apiUrl,
		email,
		workspaces,
		readOnly,
		readOnlyReason: input.readOnlyReason,
		configFile: config.file,
		keychainEntry: `service "bbaccess", account "${keychainAccount(email, input.apiUrl)}"`,
		isDefault: (config.read().apiUrl ?? DEFAULT_API_URL) === input.apiUrl,
	};
}

export interface RemovedCredentials {
	apiUrl: string;
	email?: string;
	tokenRemoved: boolean;
	accountRemoved: boolean;
	configFile: string;
}

/** Remove the saved login for `apiUrl`: keychain entry first, then the config entry. */
export async function removeCredentials({apiUrl, paths = appPaths()}: {apiUrl: string; paths?: AppPaths}): Promise<RemovedCredentials> {
	const config = openConfig(paths);
	const account = config.account(apiUrl);
	if (!account) return {apiUrl, tokenRemoved: false, accountRemoved: false, configFile: config.file};
	const tokenRemoved = await deleteToken(account.email, apiUrl);
	config.removeAccount(apiUrl);
	return {apiUrl, email: account.email, tokenRemoved, accountRemoved: true, configFile: config.file};
}
