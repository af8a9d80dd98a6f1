import type {RequestBudget} from '../bitbucket/budget.js';
import type {SyncProblem} from '../model.js';

export interface SyncOptions {
	/** Workspace slugs to sync (empty/absent = every workspace the account can see). */
	workspaces?: string[];
	/** Also load every repository's explicit grants (tier 2) now. */
	deep?: boolean;
	signal?: AbortSignal;
	onProgress?: (progress: SyncProgress) => void;
	/** Defaults to the client's budget. */
	budget?: RequestBudget;
}

export interface SyncProgress {
	phase: 'account' | 'workspaces' | 'structure' | 'project-grants' | 'repository-grants' | 'done';
	workspace?: string;
	done: number;
	total: number;
	/** Requests sent by this sync so far (retries included). */
	requestsUsed: number;
	/** Requests left in the rolling hour, when a budget is kept. */
	budgetLeft?: number;
	message?: string;
}

export interface DeepSyncEstimate {
	requests: number;
	seconds: number;
}

export interface SyncSummary {
	workspaces: number;
	/** Workspace memberships (a person in two workspaces counts twice). */
	members: number;
	/** Distinct people with a membership. */
	people?: number;
	groups: number;
	projects: number;
	repositories: number;
	repositoriesWithGrantsLoaded: number;
	problems: SyncProblem[];
	requests: number;
	wallMs: number;
	/** True when some workspace or listing was not fully visible or failed. */
	partial: boolean;
	/** Requests left in the rolling hour after the sync, when a budget is kept. */
	budgetLeft?: number;
	budgetPerHour?: number;
	/** Workspaces the account does not administer whose own-permission listing was read: how many repositories it gives the account a level on. */
	ownPermissions?: Array<{workspace: string; repositories: number}>;
	/** The estimate reported before tier 2 (deep sync only). */
	deepEstimate?: DeepSyncEstimate;
}
