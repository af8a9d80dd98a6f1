/**
 * The explorer's one door into core. The UI renders what this returns and calls these methods
 * when keys are pressed; it never reaches the network, the keychain or the file system itself.
 * Implemented by createExplorerBackend() (source/core/explorer-backend.ts) for real sessions and the demo.
 */
import type {AccessGraph} from './graph/index.js';
import type {RequestLogEntry} from './bitbucket/request-log.js';
import type {SyncProgress} from './sync/index.js';
import type {Target} from './model.js';
import type {BbErrorKind} from './errors.js';
import type {ChangeService} from './changes/index.js';
import type {RefreshScope} from './explorer/refresh-scope.js';
import type {WaitingView, WaitJob} from './explorer/budget-wait.js';
import type {PacedLoadProgress} from './explorer/paced-load.js';

export type {RefreshScope} from './explorer/refresh-scope.js';
export type {WaitingView, WaitJob} from './explorer/budget-wait.js';

export type ConnectionState = 'connected' | 'syncing' | 'partial' | 'offline' | 'error';

export interface BackendStatus {
	state: ConnectionState;
	/** One line: "Connected", "Syncing… 3/5 workspaces", "Partial: acme-labs: admin listings not visible", "synced 12 min ago — refreshing". */
	message: string;
	syncedAt?: string;
	/** Latest sync progress while syncing. */
	progress?: SyncProgress[];
	requestsUsed: number;
	budgetLeft?: number;
	budgetPerHour?: number;
	/** The budget's rolling window (ms); with budgetPerHour as its limit. */
	budgetWindowMs?: number;
	/** Work held until the budget can pay for it ("wait and run when it frees up"); Esc cancels. */
	waiting?: WaitingView;
	/** `L` paced across budget windows, while it runs: repositories done/total, requests this window, next free, ETA. */
	pacedLoad?: PacedLoadProgress;
	/** A note about the budget for the status line, e.g. why the start did not refresh. */
	notice?: string;
	readOnly: boolean;
	/** Why changes are disabled, e.g. "read-only: token lacks admin:repository:bitbucket" or "read-only: --read-only". */
	readOnlyReason?: string;
	/** True when running against the built-in demo emulator. */
	demo: boolean;
	/** The last sync failure (kind 'cancelled' when the user cancelled it); cleared by a successful sync. */
	error?: {kind: BbErrorKind; message: string; hint?: string};
}

export interface ExportResult {
	path: string;
	rows: number;
}

export interface ExplorerBackend {
	/** The current graph; replaced after a refresh (listen with subscribe). */
	graph(): AccessGraph | undefined;
	status(): BackendStatus;
	/** Called on any change of graph (replacement or mutation) or status. */
	subscribe(listener: () => void): () => void;
	/**
	 * Refresh a scope (a repository's grants, a project, a workspace's groups, some workspaces' tier 1;
	 * none = tier 1 of everything); resolves when done. Errors are reported through status, not thrown.
	 */
	refresh(scope?: RefreshScope): Promise<void>;
	/** What refreshing the scope would send, priced from the graph (undefined before the first sync). */
	refreshPrice(scope?: RefreshScope): number | undefined;
	/** Requests left in the budget's window now (the shared ledger; the status may be older); undefined without a budget. */
	budgetRemaining(): number | undefined;
	/** When `count` requests are free in the shared ledger (epoch ms; now when they already are); undefined without a budget. */
	budgetFreeAt(count: number): number | undefined;
	/** Hold work until the budget can pay for it, then run it (replaces work already waiting). */
	waitForBudget(job: WaitJob): void;
	/** Drop the waiting work and stop a paced load (what it loaded stays); false when nothing waited. */
	cancelWait(): boolean;
	/**
	 * Load these repositories' grants paced by the request budget, across as many windows as it
	 * takes (progress in status.pacedLoad; cancelWait stops it). Absent where no budget paces it.
	 */
	loadGrantsPaced?(fullNames: readonly string[]): void;
	/** Cancel a running sync (Esc / Ctrl-C on the sync screen). */
	cancelSync(): void;
	/** Tier-2: make sure a repository's explicit grants are loaded (one request pair), then notify. */
	ensureRepositoryGrants(fullName: string): Promise<void>;
	requestLog(): readonly RequestLogEntry[];
	/** Write rows of the current view to a file in the working directory (or the state dir); says where. */
	exportRows(name: string, rows: Record<string, unknown>[], format: 'csv' | 'json'): Promise<ExportResult>;
	/** The Bitbucket web page of a thing (repository, project, workspace, user). */
	webUrl(target: Target | {type: 'workspace'; workspace: string} | {type: 'user'; uuid: string}): string;
	close(): Promise<void>;
	/** The backend's clock (epoch ms), for ages such as "grants loaded 3 h ago"; tests inject one. */
	now?(): number;
	/** Access changes (plan → confirm → apply → verify → journal); absent when the session cannot change anything. */
	changes?: ChangeService;
}
