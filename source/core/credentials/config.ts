/**
 * The config file (~/.config/bbaccess/config.json): everything about a login except the token.
 * Validated by a JSON schema on every read and write; a broken file is reported with its path
 * and the problem, never silently cleared and never a stack trace.
 */
import {readFileSync} from 'node:fs';
import Conf from 'conf';
import {BbError} from '../errors.js';
import {appPaths, ensurePrivateDirSync, type AppPaths} from '../paths.js';

/** One saved login, per API URL. */
export interface SavedAccount {
	/** Atlassian account email (the Basic-auth user name for API tokens). */
	email: string;
	/** Workspace slugs to sync; empty or missing = every workspace the account can see. */
	workspaces?: string[];
	/** The admin chose a read-only setup (or the token lacks admin scopes). */
	readOnly?: boolean;
	/** Why it is read-only, e.g. "token lacks admin:repository:bitbucket". */
	readOnlyReason?: string;
	/** ISO time of the last successful login. */
	savedAt?: string;
}

export interface AppConfig {
	/** The service used when neither --api-url nor BBACCESS_API_URL says otherwise. */
	apiUrl?: string;
	/** Keyed by normalised API URL. */
	accounts?: Record<string, SavedAccount>;
	/** Request budget per rolling hour (Bitbucket allows about 1,000 per user); `budget` wins when both are set. */
	requestsPerHour?: number;
	/** Request budget as requests per rolling window: `1000/1h`, `600/1h`, `40/5s` (`--budget` wins). */
	budget?: string;
	/** A cached snapshot younger than this opens without any request (`15m`, `1h`, `0` = always refresh). */
	refreshAfter?: string;
	/** Parallel requests during sync. */
	concurrency?: number;
	/** Snapshot history: how many snapshots to keep per account (default 50). */
	historyMaxSnapshots?: number;
	/** Snapshot history: drop snapshots older than this many days (default 180). */
	historyMaxAgeDays?: number;
}

export const DEFAULT_REQUESTS_PER_HOUR = 900;
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_REFRESH_AFTER_MS = 15 * 60_000;

const accountSchema = {
	type: 'object',
	additionalProperties: false,
	required: ['email'],
	properties: {
		email: {type: 'string', minLength: 3, maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+$'},
		workspaces: {type: 'array', items: {type: 'string', minLength: 1, maxLength: 100}, uniqueItems: true},
		readOnly: {type: 'boolean'},
		readOnlyReason: {type: 'string', maxLength: 500},
		savedAt: {type: 'string'},
	},
} as const;

/** conf's `schema` is the `properties` of the top-level object. */
const schema = {
	apiUrl: {type: 'string', pattern: '^https?://'},
	accounts: {type: 'object', additionalProperties: accountSchema},
	requestsPerHour: {type: 'integer', minimum: 1, maximum: 100_000},
	budget: {type: 'string', pattern: '^\\s*\\d+\\s*/\\s*\\d*\\s*(ms|s|m|h)\\s*$'},
	refreshAfter: {type: 'string', pattern: '^\\s*\\d+\\s*(ms|s|m|h)?\\s*$'},
	concurrency: {type: 'integer', minimum: 1, maximum: 32},
	historyMaxSnapshots: {type: 'integer', minimum: 1, maximum: 10_000},
	historyMaxAgeDays: {type: 'integer', minimum: 1, maximum: 36_500},
} as const;

/** Keys that are allowed in the file; anything else (a token above all) is refused. */
const KNOWN_KEYS = new Set(Object.keys(schema));

export class ConfigStore {
	readonly file: string;
	private readonly conf: Conf<AppConfig>;

	constructor(paths: AppPaths = appPaths()) {
		this.file = paths.configFile;
		this.checkKeys();
		try {
			// conf would create the folder with the umask's mode (0777 under umask 000): make it 0700 first.
			ensurePrivateDirSync(paths.configDir);
			this.conf = new Conf<AppConfig>({
				cwd: paths.configDir,
				configName: 'config',
				projectSuffix: '',
				schema,
				clearInvalidConfig: false,
				configFileMode: 0o600,
			});
		} catch (error) {
			throw this.invalid(error);
		}
	}

	/** conf's schema allows unknown top-level keys; we refuse them so nothing unexpected (a token) lives here. */
	private checkKeys(): void {
		let text: string;
		try {
			text = readFileSync(this.file, 'utf8');
		} catch {
			return;
		}
		if (text.trim() === '') return;
		let data: unknown;
		try {
			data = JSON.parse(text);
		} catch (error) {
			throw this.invalid(error);
		}
		if (typeof data !== 'object' || data === null || Array.isArray(data)) {
			throw new BbError('config', `The config file ${this.file} is invalid: it must hold a JSON object.`, {hint: this.fixHint()});
		}
		const unknown = Object.keys(data).filter(key => !KNOWN_KEYS.has(key));
		if (unknown.length > 0) {
			throw new BbError('config', `The config file ${this.file} is invalid: unknown setting ${unknown.map(key => `'${key}'`).join(', ')}.`, {hint: this.fixHint()});
		}
	}

	private fixHint(): string {
		return `Fix or delete ${this.file}, then run \`bbaccess login\` (the token is in the OS keychain, not in this file).`;
	}

	private invalid(error: unknown): BbError {
		const raw = error instanceof Error ? error.message : String(error);
		let problem = raw.replace(/^Config schema violation: /, '').replace(/must match pattern "[^"]*@[^"]*"/g, 'must be an email address').replace(/`` must be object/, 'it must hold a JSON object');
		if (error instanceof SyntaxError) problem = `not valid JSON (${raw})`;
		else if (/EACCES|EPERM/.test(raw)) problem = 'permission denied';
		return new BbError('config', `The config file ${this.file} is invalid: ${problem}.`, {hint: this.fixHint(), cause: error});
	}

	/** conf re-reads the file on every access; an edit made meanwhile is reported like one at start. */
	private store(): AppConfig {
		try {
			return this.conf.store;
		} catch (error) {
			throw this.invalid(error);
		}
	}

	read(): AppConfig {
		return structuredClone(this.store());
	}

	account(apiUrl: string): SavedAccount | undefined {
		return this.store().accounts?.[apiUrl];
	}

	/** Replace the whole config (validated before anything is written). */
	write(next: AppConfig): void {
		try {
			this.conf.store = next;
		} catch (error) {
			throw this.invalid(error);
		}
	}

	setAccount(apiUrl: string, account: SavedAccount, {makeDefault = true}: {makeDefault?: boolean} = {}): void {
		const current = this.read();
		const next: AppConfig = {...current, accounts: {...current.accounts, [apiUrl]: account}};
		if (makeDefault) next.apiUrl = apiUrl;
		this.write(next);
	}

	/** Returns the removed account, if there was one. */
	removeAccount(apiUrl: string): SavedAccount | undefined {
		const current = this.read();
		const removed = current.accounts?.[apiUrl];
		if (!removed) return undefined;
		const accounts = {...current.accounts};
		delete accounts[apiUrl];
		const next: AppConfig = {...current, accounts};
		if (next.apiUrl === apiUrl) delete next.apiUrl;
		this.write(next);
		return removed;
	}
}

export function openConfig(paths: AppPaths = appPaths()): ConfigStore {
	return new ConfigStore(paths);
}
