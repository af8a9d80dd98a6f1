/**
 * The OS keychain: the only place the API token is ever stored.
 *
 * @napi-rs/keyring returns `null` both for "nothing saved" and for "no keychain reachable", so
 * every read first probes with findCredentialsAsync(SERVICE), which throws the precise reason
 * (no D-Bus, no Secret Service, locked collection). Every failure becomes BbError('keychain')
 * with a message that says what to do. There is deliberately no fallback store.
 */
import {AsyncEntry, findCredentialsAsync} from '@napi-rs/keyring';
import {BbError} from '../errors.js';

export const KEYCHAIN_SERVICE = 'bbaccess';

/** Keychain calls talk to a daemon over D-Bus; a stuck prompt must not hang the app. */
const KEYCHAIN_TIMEOUT_MS = 15_000;

/**
 * The keychain account name for one login: the email plus the API URL, so the emulator
 * (http://127.0.0.1:…) and the real service never share an entry.
 */
export function keychainAccount(email: string, apiUrl: string): string {
	return `${email}@${apiUrl}`;
}

export const KEYCHAIN_HELP =
	process.platform === 'linux'
		? 'On Linux the keychain is a Secret Service (gnome-keyring, KWallet or KeePassXC) on the D-Bus session bus; start and unlock one. ' +
			'On a headless box, set BITBUCKET_EMAIL and BITBUCKET_API_TOKEN instead (nothing is stored then).'
		: 'Unlock the system keychain and try again, or set BITBUCKET_EMAIL and BITBUCKET_API_TOKEN instead (nothing is stored then).';

function reasonOf(cause: unknown): string {
	const raw = cause instanceof Error ? cause.message : String(cause);
	if (/aborted|timeout/i.test(raw)) return 'the keychain did not answer in time (is an unlock prompt waiting?)';
	if (/unlock prompt was dismissed|locked collection|locked/i.test(raw)) return 'the keychain is locked';
	if (/ServiceUnknown|org\.freedesktop\.secrets/i.test(raw)) return 'no Secret Service is running on the session bus';
	if (isConcurrentChange(raw)) return 'another program changed the keychain at the same moment; try again';
	if (/Failed to connect to address|No such file or directory|autolaunch|DBUS_SESSION_BUS_ADDRESS/i.test(raw)) return 'no D-Bus session bus is reachable';
	if (/no result found|does not exist at path|collection/i.test(raw)) return 'the keychain has no usable (unlocked) default collection';
	if (/AccessDenied/i.test(raw)) return 'the keychain refused access';
	return raw.replace(/^Couldn't access platform storage: /, '').split('\n')[0]!.slice(0, 200);
}

/**
 * An item vanished while the Secret Service was listing or reading it (another process, e.g. a second
 * bbaccess, removed its entry at that moment): "No such interface … on object at path
 * /org/freedesktop/secrets/collection/login/2". Transient: the same call succeeds when repeated.
 */
function isConcurrentChange(raw: string): boolean {
	return /UnknownMethod|UnknownObject|No such interface|No such object/i.test(raw) && /\/collection\/[^/\s]+\/\d+/.test(raw);
}

const RACE_ATTEMPTS = 4;

/** Run a keychain call, repeating it (briefly) when a concurrent change by another process got in its way. */
async function withRetryOnRace<T>(call: () => Promise<T>): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await call();
		} catch (error) {
			const raw = error instanceof Error ? error.message : String(error);
			if (attempt >= RACE_ATTEMPTS || !isConcurrentChange(raw)) throw error;
			await new Promise(resolve => setTimeout(resolve, 20 * attempt));
		}
	}
}

export function keychainError(what: string, cause: unknown): BbError {
	return new BbError('keychain', `Cannot ${what} the OS keychain: ${reasonOf(cause)}.`, {hint: KEYCHAIN_HELP, cause});
}

function signal(): AbortSignal {
	return AbortSignal.timeout(KEYCHAIN_TIMEOUT_MS);
}

/**
 * Throws BbError('keychain') when no keychain is reachable or it is locked; returns the saved account
 * names. With `writable`, also writes and removes a probe entry: a Secret Service without a usable
 * (unlocked) collection lists and reads "nothing" but refuses writes, and login should say so before
 * anything is typed.
 */
export async function probeKeychain({writable = false}: {writable?: boolean} = {}): Promise<string[]> {
	let accounts: string[];
	try {
		const found = await withRetryOnRace(() => findCredentialsAsync(KEYCHAIN_SERVICE, undefined, signal()));
		accounts = found.map(credential => credential.account);
	} catch (error) {
		throw keychainError('reach', error);
	}
	if (writable) {
		const probe = new AsyncEntry(KEYCHAIN_SERVICE, `bbaccess-write-check-${process.pid}`);
		try {
			await withRetryOnRace(() => probe.setPassword('write check; no secret', signal()));
		} catch (error) {
			throw keychainError('write to', error);
		}
		await withRetryOnRace(() => probe.deletePassword(signal())).catch(() => false);
	}
	return accounts;
}

export interface KeychainStatus {
	reachable: boolean;
	/** Why not, when unreachable. */
	problem?: string;
	/** Account names saved under the bbaccess service (never the secrets). */
	accounts: string[];
}

/** Never throws: for `bbaccess info` and diagnostics. */
export async function keychainStatus(): Promise<KeychainStatus> {
	try {
		return {reachable: true, accounts: await probeKeychain()};
	} catch (error) {
		return {reachable: false, problem: error instanceof BbError ? error.message : String(error), accounts: []};
	}
}

export async function saveToken(email: string, apiUrl: string, token: string): Promise<void> {
	await probeKeychain();
	try {
		const entry = new AsyncEntry(KEYCHAIN_SERVICE, keychainAccount(email, apiUrl));
		await withRetryOnRace(() => entry.setPassword(token, signal()));
	} catch (error) {
		throw keychainError('write to', error);
	}
	// Read back: a keychain that accepts writes but loses them must not pass silently.
	const stored = await loadToken(email, apiUrl);
	if (stored !== token) {
		throw new BbError('keychain', 'The OS keychain accepted the token but did not return it when read back.', {hint: KEYCHAIN_HELP});
	}
}

/** The saved token, or undefined when none is saved for this email and API URL. */
export async function loadToken(email: string, apiUrl: string): Promise<string | undefined> {
	await probeKeychain();
	try {
		const entry = new AsyncEntry(KEYCHAIN_SERVICE, keychainAccount(email, apiUrl));
		const token = await withRetryOnRace(() => entry.getPassword(signal()));
		return token ?? undefined;
	} catch (error) {
		throw keychainError('read from', error);
	}
}

/** True when an entry was removed. */
export async function deleteToken(email: string, apiUrl: string): Promise<boolean> {
	await probeKeychain();
	try {
		const entry = new AsyncEntry(KEYCHAIN_SERVICE, keychainAccount(email, apiUrl));
		return await withRetryOnRace(() => entry.deletePassword(signal()));
	} catch (error) {
		throw keychainError('remove the token from', error);
	}
}
