/**
 * Check an email + API token against the API with a handful of cheap read probes, and say which
 * scopes work. Used by the setup wizard and `bbaccess login` before anything is saved.
 *
 * Probes (at most 7 requests): /2.0/user, /2.0/user/workspaces, one workspace's projects and
 * repositories (pagelen=1), v1 groups of an administered workspace (admin:workspace), and one
 * project / repository permissions-config list (admin:project / admin:repository).
 * write:permission and delete:permission cannot be probed without changing something; they are
 * "unknown: needed for grant/revoke" unless a 403 listed the token's granted scopes.
 */
import {BitbucketClient, type Query} from '../bitbucket/client.js';
import {budgetFile, RequestBudget} from '../bitbucket/budget.js';
import type {RequestLog} from '../bitbucket/request-log.js';
import {BbError} from '../errors.js';
import type {AccountInfo} from '../model.js';
import {appPaths, type AppPaths} from '../paths.js';
import {DEFAULT_REQUESTS_PER_HOUR} from './config.js';
import {ADMIN_SCOPES, CHANGE_SCOPES, READ_SCOPES, SCOPES} from './scopes.js';

export type ScopeStatus = 'ok' | 'missing' | 'unknown';

export interface ScopeCheck {
	scope: string;
	status: ScopeStatus;
	/** What the scope enables in bbaccess. */
	enables: string;
	/** Why the status is unknown (or how it was learned), e.g. "needed for grant/revoke". */
	note?: string;
}

export interface VerifiedWorkspace {
	slug: string;
	name: string;
	administrator: boolean;
}

export interface VerifyResult {
	/** Missing only when read:user:bitbucket is missing. */
	account?: AccountInfo;
	scopes: ScopeCheck[];
	workspaces: VerifiedWorkspace[];
	/** Read scopes the token lacks: bbaccess cannot work without them. */
	missingReadScopes: string[];
	/** Set when changes will not be possible (admin or change scopes missing). */
	readOnlyReason?: string;
	/** Probes made (a listing that spans pages counts once). */
	requests: number;
}

/** The part of BitbucketClient that verification needs (tests may pass their own). */
export interface ProbeClient {
	get<T>(path: string, query?: Query): Promise<T>;
	getAll<T>(path: string, query?: Query): Promise<T[]>;
	close(): Promise<void>;
}

export interface VerifyOptions {
	apiUrl: string;
	email: string;
	token: string;
	budget?: RequestBudget;
	requestLog?: RequestLog;
	/** Use this client instead of creating one (it is not closed). */
	client?: ProbeClient;
}

interface UserResponse {
	uuid?: string;
	display_name?: string;
	nickname?: string;
	account_id?: string;
	username?: string;
}

interface WorkspaceAccess {
	administrator?: boolean;
	workspace?: {slug?: string; name?: string};
}

interface Page<T> {
	values?: T[];
}

type ProbeOutcome<T> = {ok: true; value: T} | {ok: false; error: BbError};

class ScopeBoard {
	private readonly checks = new Map<string, ScopeCheck>();
	granted?: Set<string>;

	constructor() {
		for (const info of SCOPES) this.checks.set(info.scope, {scope: info.scope, status: 'unknown', enables: info.enables});
	}

	set(scope: string, status: ScopeStatus, note?: string): void {
		const current = this.checks.get(scope);
		if (!current) return;
		// A scope seen missing stays missing; "ok" beats "unknown".
		if (current.status === 'missing') return;
		if (current.status === 'ok' && status === 'unknown') return;
		this.checks.set(scope, {...current, status, note});
	}

	status(scope: string): ScopeStatus {
		return this.checks.get(scope)?.status ?? 'unknown';
	}

	/** A 403 names required scopes (and sometimes the granted ones): learn from both. */
	learn(error: BbError): void {
		for (const scope of error.requiredScopes ?? []) this.set(scope, 'missing', 'the API said it is required and missing');
		if (error.grantedScopes) {
			this.granted = new Set(error.grantedScopes);
			for (const scope of error.grantedScopes) this.set(scope, 'ok', 'listed as granted by the API');
		}
	}

	finish(): ScopeCheck[] {
		if (this.granted) {
			for (const info of SCOPES) if (!this.granted.has(info.scope)) this.set(info.scope, 'missing', 'not among the scopes the API listed as granted');
		}
		for (const scope of CHANGE_SCOPES) {
			const check = this.checks.get(scope)!;
			if (check.status === 'unknown') this.checks.set(scope, {...check, note: 'needed for grant/revoke; cannot be checked without changing something'});
		}
		return SCOPES.map(info => this.checks.get(info.scope)!);
	}
}

/** Errors that end verification at once: they say nothing about scopes. */
function isFatal(error: BbError): boolean {
	return error.kind === 'auth' || error.kind === 'network' || error.kind === 'rate-limited' || error.kind === 'server' || error.kind === 'removed';
}

export async function verifyCredentials(options: VerifyOptions): Promise<VerifyResult> {
	const client: ProbeClient =
		options.client ??
		new BitbucketClient({apiUrl: options.apiUrl, email: options.email, token: options.token, budget: options.budget, requestLog: options.requestLog});
	let requests = 0;
	const board = new ScopeBoard();

	async function probe<T>(path: string, scope: string, run: () => Promise<T>): Promise<ProbeOutcome<T>> {
		requests++;
		try {
			const value = await run();
			board.set(scope, 'ok');
			return {ok: true, value};
		} catch (thrown) {
			const error = thrown instanceof BbError ? thrown : new BbError('malformed', `Unexpected answer from ${path}: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
			if (isFatal(error)) throw error;
			if (error.kind === 'missing-scope') board.learn(error);
			else board.set(scope, 'unknown', error.message);
			return {ok: false, error};
		}
	}

	try {
		// Three rounds of independent probes (a few hundred milliseconds each against Bitbucket Cloud).
		const [user, access] = await Promise.all([
			probe('GET /2.0/user', 'read:user:bitbucket', () => client.get<UserResponse>('/2.0/user')),
			probe('GET /2.0/user/workspaces', 'read:workspace:bitbucket', () => client.getAll<WorkspaceAccess>('/2.0/user/workspaces')),
		]);
		const account: AccountInfo | undefined = user.ok
			? {
					uuid: user.value.uuid ?? '',
					displayName: user.value.display_name ?? user.value.nickname ?? options.email,
					nickname: user.value.nickname ?? user.value.username,
					accountId: user.value.account_id,
					email: options.email,
				}
			: undefined;

		const workspaces: VerifiedWorkspace[] = access.ok
			? access.value
					.filter(item => typeof item.workspace?.slug === 'string')
					.map(item => ({slug: item.workspace!.slug!, name: item.workspace!.name ?? item.workspace!.slug!, administrator: item.administrator === true}))
					.sort((a, b) => a.slug.localeCompare(b.slug))
			: [];

		const administered = workspaces.find(workspace => workspace.administrator);
		const sample = administered ?? workspaces[0];
		if (!sample) {
			const why = access.ok ? 'no workspace is visible to probe' : 'workspaces could not be listed';
			for (const scope of [...READ_SCOPES.slice(2), ...ADMIN_SCOPES]) board.set(scope, 'unknown', why);
		} else {
			const ws = encodeURIComponent(sample.slug);
			// v1 groups check the scope before admin rights: even a plain member learns whether admin:workspace is
			// granted, and a missing-scope answer lists every granted scope.
			const [projects, repositories] = await Promise.all([
				probe(`GET /2.0/workspaces/${sample.slug}/projects`, 'read:project:bitbucket', () =>
					client.get<Page<{key?: string}>>(`/2.0/workspaces/${ws}/projects`, {pagelen: 1}),
				),
				probe(`GET /2.0/repositories/${sample.slug}`, 'read:repository:bitbucket', () => client.get<Page<{slug?: string}>>(`/2.0/repositories/${ws}`, {pagelen: 1})),
				probe(`GET /1.0/groups/${sample.slug}`, 'admin:workspace:bitbucket', () => client.get<unknown>(`/1.0/groups/${ws}`)),
			]);
			if (!administered) {
				for (const scope of ['admin:project:bitbucket', 'admin:repository:bitbucket']) {
					board.set(scope, 'unknown', 'you administer none of the visible workspaces, so this cannot be checked');
				}
			} else if (!board.granted) {
				const projectKey = projects.ok ? projects.value.values?.[0]?.key : undefined;
				const repoSlug = repositories.ok ? repositories.value.values?.[0]?.slug : undefined;
				if (!projectKey) board.set('admin:project:bitbucket', 'unknown', `no project in ${sample.slug} to check it on`);
				if (!repoSlug) board.set('admin:repository:bitbucket', 'unknown', `no repository in ${sample.slug} to check it on`);
				await Promise.all([
					projectKey &&
						probe(`GET /2.0/workspaces/${sample.slug}/projects/${projectKey}/permissions-config/users`, 'admin:project:bitbucket', () =>
							client.get<unknown>(`/2.0/workspaces/${ws}/projects/${encodeURIComponent(projectKey)}/permissions-config/users`, {pagelen: 1}),
						),
					repoSlug &&
						probe(`GET /2.0/repositories/${sample.slug}/${repoSlug}/permissions-config/users`, 'admin:repository:bitbucket', () =>
							client.get<unknown>(`/2.0/repositories/${ws}/${encodeURIComponent(repoSlug)}/permissions-config/users`, {pagelen: 1}),
						),
				]);
			}
		}

		const scopes = board.finish();
		const missingReadScopes = scopes.filter(check => READ_SCOPES.includes(check.scope) && check.status === 'missing').map(check => check.scope);
		const missingForChanges = scopes
			.filter(check => (ADMIN_SCOPES.includes(check.scope) || CHANGE_SCOPES.includes(check.scope)) && check.status === 'missing')
			.map(check => check.scope);
		const readOnlyReason = missingForChanges.length > 0 ? `the token lacks ${missingForChanges.join(', ')}` : undefined;
		return {account, scopes, workspaces, missingReadScopes, readOnlyReason, requests};
	} finally {
		if (!options.client) await client.close();
	}
}

/**
 * verifyCredentials, with its requests counted in the account's hourly request ledger (the same file
 * sessions use), so a login followed by a sync does not underestimate what was spent.
 */
export async function verifyAndCount(options: VerifyOptions & {paths?: AppPaths; requestsPerHour?: number}): Promise<VerifyResult> {
	const paths = options.paths ?? appPaths();
	const budget = new RequestBudget({
		file: budgetFile(paths.cacheDir, options.apiUrl, options.email),
		limitPerHour: options.requestsPerHour ?? DEFAULT_REQUESTS_PER_HOUR,
	});
	try {
		return await verifyCredentials({...options, budget});
	} finally {
		budget.flush();
	}
}
