/**
 * A session: resolved credentials, the config, and a ready Bitbucket client with its request
 * budget and log. Every command that talks to Bitbucket (sync, export, explore, grant…) starts here.
 */
import path from 'node:path';
import {BitbucketClient, type CallOptions, type ClientOptions, type Query} from './bitbucket/client.js';
import {budgetFile, RequestBudget} from './bitbucket/budget.js';
import {RequestLog} from './bitbucket/request-log.js';
import {DEFAULT_CONCURRENCY, DEFAULT_REFRESH_AFTER_MS, DEFAULT_REQUESTS_PER_HOUR, openConfig, type AppConfig} from './credentials/config.js';
import {resolveApiUrl, resolveCredentials, type CredentialSource} from './credentials/resolve.js';
import {BbError} from './errors.js';
import {HOUR_MS, parseBudget, parseDuration, probeIntervalMs, type BudgetPolicy} from './budget/policy.js';
import {appPaths, type AppPaths} from './paths.js';

export interface SessionOptions {
	/** --api-url; else BBACCESS_API_URL, the config, https://api.bitbucket.org. */
	apiUrl?: string;
	/** --workspace filter; empty/absent = the saved filter, else every visible workspace. */
	workspaces?: string[];
	env?: NodeJS.ProcessEnv;
	/** Use these instead of the environment or the keychain (tests, the demo). */
	credentials?: {email: string; token: string};
	/** Append every request (method, path, status, time; never headers) to a file in the log dir. */
	debug?: boolean;
	concurrency?: number;
	/** --read-only: refuse changes even when the token could make them. */
	readOnly?: boolean;
	/** --budget N/W: the request budget (else the config's `budget`, else `requestsPerHour` per hour). */
	budget?: string;
	/** --wait: pace requests to the budget and wait out 429s instead of stopping. */
	wait?: boolean;
}

export interface SessionCredentials {
	email: string;
	apiUrl: string;
	source: CredentialSource;
}

export interface Session {
	client: BitbucketClient;
	credentials: SessionCredentials;
	config: AppConfig;
	budget: RequestBudget;
	/** The budget's limit and window. */
	budgetPolicy: BudgetPolicy;
	/** A snapshot younger than this opens without a request (config `refreshAfter`, default 15 min). */
	refreshAfterMs: number;
	requestLog: RequestLog;
	paths: AppPaths;
	/** Workspace slugs to work on; empty = every workspace the account can see. */
	workspaces: string[];
	readOnly: boolean;
	/** Why changes are disabled, when readOnly. */
	readOnlyReason?: string;
	/** The request log file when debug is on. */
	debugLogFile?: string;
	close(): Promise<void>;
}

const rewritten = new WeakSet<BbError>();

/** A 401 after login means the stored token stopped working: say so, and say how to fix it. */
export function explainAuthFailure(error: unknown, credentials: SessionCredentials): unknown {
	if (!(error instanceof BbError) || error.kind !== 'auth' || rewritten.has(error)) return error;
	const where = error.endpoint ? ` on ${error.endpoint}` : '';
	const fix =
		credentials.source === 'environment'
			? 'Create a new API token and put it in BITBUCKET_API_TOKEN (BITBUCKET_EMAIL must be your Atlassian account email).'
			: credentials.source === 'keychain'
				? 'Run `bbaccess login` to store a new API token.'
				: 'Check the email and API token.';
	const better = new BbError(
		'auth',
		`Bitbucket rejected the API token for ${credentials.email} (401${where}): it has probably expired or been revoked.`,
		{status: error.status, endpoint: error.endpoint, hint: fix, cause: error},
	);
	rewritten.add(better);
	return better;
}

/** The client every command gets: identical to BitbucketClient, with session-aware 401 messages. */
class SessionClient extends BitbucketClient {
	readonly #credentials: SessionCredentials;

	constructor(options: ClientOptions, credentials: SessionCredentials) {
		super(options);
		this.#credentials = credentials;
	}

	override async get<T>(path: string, query?: Query, options?: CallOptions): Promise<T> {
		try {
			return await super.get<T>(path, query, options);
		} catch (error) {
			throw explainAuthFailure(error, this.#credentials);
		}
	}

	override async getOptional<T>(path: string, query?: Query, options?: CallOptions): Promise<T | undefined> {
		try {
			return await super.getOptional<T>(path, query, options);
		} catch (error) {
			throw explainAuthFailure(error, this.#credentials);
		}
	}

	override async getAll<T>(path: string, query?: Query, options?: CallOptions): Promise<T[]> {
		try {
			return await super.getAll<T>(path, query, options);
		} catch (error) {
			throw explainAuthFailure(error, this.#credentials);
		}
	}

	override async put<T>(path: string, body: unknown, options?: CallOptions): Promise<T> {
		try {
			return await super.put<T>(path, body, options);
		} catch (error) {
			throw explainAuthFailure(error, this.#credentials);
		}
	}

	override async delete(path: string, options?: CallOptions): Promise<void> {
		try {
			await super.delete(path, options);
		} catch (error) {
			throw explainAuthFailure(error, this.#credentials);
		}
	}
}

function cleanWorkspaces(list: string[]): string[] {
	const slugs = list.map(slug => slug.trim()).filter(slug => slug !== '');
	for (const slug of slugs) {
		if (!/^[A-Za-z0-9_.-]+$/.test(slug)) throw new BbError('usage', `'${slug}' is not a workspace slug (letters, digits, '-', '_' and '.')`);
	}
	return [...new Set(slugs)];
}

export async function createSession(options: SessionOptions = {}): Promise<Session> {
	const env = options.env ?? process.env;
	const paths = appPaths(env);
	const store = openConfig(paths);
	const config = store.read();
	const apiUrl = resolveApiUrl(options.apiUrl, env, config);
	const resolved = await resolveCredentials({apiUrl, env, config: store, credentials: options.credentials});
	const credentials: SessionCredentials = {email: resolved.email, apiUrl, source: resolved.source};
	// The saved preferences belong to the saved account; another email (from the environment) starts clean.
	const saved = resolved.account && resolved.account.email.toLowerCase() === resolved.email.toLowerCase() ? resolved.account : undefined;

	const workspaces = cleanWorkspaces(options.workspaces && options.workspaces.length > 0 ? options.workspaces : (saved?.workspaces ?? []));
	const readOnly = options.readOnly === true || saved?.readOnly === true;
	const readOnlyReason = options.readOnly ? 'read-only: --read-only' : saved?.readOnly ? `read-only: ${saved.readOnlyReason ?? 'chosen at login'}` : undefined;

	const requestLog = new RequestLog();
	let debugLogFile: string | undefined;
	if (options.debug) {
		debugLogFile = path.join(paths.logDir, `requests-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
		requestLog.writeTo(debugLogFile);
	}
	const budgetPolicy = resolveBudgetPolicy(options.budget, config);
	const refreshAfterMs = config.refreshAfter === undefined ? DEFAULT_REFRESH_AFTER_MS : parseDuration(config.refreshAfter, `"refreshAfter" in ${store.file}`);
	const budget = new RequestBudget({
		file: budgetFile(paths.cacheDir, apiUrl, resolved.email),
		policy: budgetPolicy,
		wait: options.wait === true,
	});
	const client = new SessionClient(
		{
			apiUrl,
			email: resolved.email,
			token: resolved.token,
			concurrency: options.concurrency ?? config.concurrency ?? DEFAULT_CONCURRENCY,
			requestLog,
			budget,
			waitOutRateLimitsProbeMs: options.wait ? probeIntervalMs(budgetPolicy) : undefined,
		},
		credentials,
	);

	let closed = false;
	return {
		client,
		credentials,
		config,
		budget,
		budgetPolicy,
		refreshAfterMs,
		requestLog,
		paths,
		workspaces,
		readOnly,
		readOnlyReason,
		debugLogFile,
		async close() {
			if (closed) return;
			closed = true;
			await client.close();
			budget.flush();
			requestLog.close();
		},
	};
}

/** `--budget` (usage error when malformed), else the config's `budget`, else `requestsPerHour` per hour. */
export function resolveBudgetPolicy(flag: string | undefined, config: Pick<AppConfig, 'budget' | 'requestsPerHour'>): BudgetPolicy {
	if (flag !== undefined) return parseBudget(flag, '--budget');
	if (config.budget !== undefined) {
		try {
			return parseBudget(config.budget, '"budget" in the config');
		} catch (error) {
			throw new BbError('config', (error as Error).message);
		}
	}
	return {limit: config.requestsPerHour ?? DEFAULT_REQUESTS_PER_HOUR, windowMs: HOUR_MS};
}
