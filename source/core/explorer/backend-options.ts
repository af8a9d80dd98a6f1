/** The options and the app-shell interface of createExplorerBackend() (source/core/explorer-backend.ts). */
import type {ExplorerBackend} from '../backend.js';
import type {BitbucketClient} from '../bitbucket/client.js';
import type {RequestLog} from '../bitbucket/request-log.js';
import type {ChangeService} from '../changes/index.js';
import type {AppPaths} from '../paths.js';

/** What a session gives the backend (source/core/session.ts); declared structurally so tests can pass parts. */
export interface BackendSessionParts {
	client: BitbucketClient;
	credentials: {email: string};
	requestLog?: RequestLog;
	budget?: BudgetView;
	paths?: BackendPaths;
	workspaces?: string[];
	readOnly?: boolean;
	readOnlyReason?: string;
	close?: () => Promise<void> | void;
}

export type BackendPaths = Pick<AppPaths, 'cacheDir' | 'stateDir'>;

/** The part of RequestBudget the status line, the price dialogs and the budget wait use. */
export interface BudgetView {
	readonly limitPerHour: number;
	remaining(): number;
	/** The limit per window and the window (RequestBudget has both; a plain per-hour view may not). */
	readonly limit?: number;
	readonly windowMs?: number;
	/** When `count` requests are free (epoch ms). */
	freeAt?(count: number): number;
}

export interface ExplorerBackendOptions {
	/** A session from createSession(); or pass client + credentials (+ requestLog) directly. */
	session?: BackendSessionParts;
	client?: BitbucketClient;
	credentials?: {email: string};
	requestLog?: RequestLog;
	budget?: BudgetView;
	/** API base URL (keys the snapshot cache); default the client's. */
	apiUrl?: string;
	/** Snapshot cache, change journal and fallback exports; default the session's, else the XDG paths. */
	paths?: BackendPaths;
	/** Offer access changes (grant, revoke, group membership, undo) through ChangeService (default true). */
	changes?: boolean;
	/** Limit syncs to these workspaces (default: the session's, else all). */
	workspaces?: string[];
	/** Also load every repository's explicit grants during sync (tier 2 up front). */
	deep?: boolean;
	/** Read and write the snapshot cache (default true; --no-cache and the demo turn it off). */
	cache?: boolean;
	readOnly?: boolean;
	readOnlyReason?: string;
	demo?: boolean;
	/** Where exports are written (default: bbaccess's state directory, `<state>/exports`; $BBACCESS_EXPORT_DIR sets it). */
	exportDir?: string;
	/** Clock, for tests. */
	now?: () => number;
}

/** ExplorerBackend plus the startup hooks the app shell uses. */
export interface AppExplorerBackend extends ExplorerBackend {
	/** Access changes for the change keys (absent with `changes: false`). */
	changes?: ChangeService;
	/** Load the cached snapshot (when the cache is on) and show it at once; returns its age, or undefined. */
	loadCachedSnapshot(): Promise<{ageMs: number} | undefined>;
	/** True while a sync runs. */
	syncing(): boolean;
	/** Show (or clear) a budget note in the status, e.g. why the cached start did not refresh. */
	showNotice(text: string | undefined): void;
}
