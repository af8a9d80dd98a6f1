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
	/** Start (or restart) a sync; resolves when done. Errors are reported through status, not thrown. */
	refresh(scope?: {workspace?: string}): Promise<void>;
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
	/** Access changes (plan → confirm → apply → verify → journal); absent when the session cannot change anything. */
	changes?: ChangeService;
}
