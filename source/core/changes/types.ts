/**
 * The data that travels through the change pipeline (plan → confirm → apply → verify → journal).
 * Plain and serialisable: the CLI prints it, the TUI renders it, the journal stores parts of it.
 */
import type {Level, Principal, Target} from '../model.js';

/**
 * One change, stated as the explicit state it should end in:
 * - permission: the explicit entry of `principal` on `target` becomes `level` (undefined = removed);
 * - membership: `user` is (or is not) a member of `group` in `workspace`.
 * Grant and revoke are both "permission"; add/remove are both "membership". The inverse of a change
 * (undo) is the same shape with the before-state.
 */
export type ChangeRequest =
	| {type: 'permission'; target: Target; principal: Principal; level: Level | undefined}
	| {type: 'membership'; workspace: string; group: string; user: string; member: boolean};

/** The explicit state one change reads and writes. */
export type ExplicitState = {type: 'permission'; level: Level | undefined} | {type: 'membership'; member: boolean};

export type HttpMethod = 'GET' | 'PUT' | 'DELETE';

/** One HTTP request of the pipeline, as shown in the confirm dialog and the journal (never headers). */
export interface RequestSpec {
	method: HttpMethod;
	/** Path relative to the API URL, e.g. "/2.0/repositories/acme/api-gateway/permissions-config/users/%7B…%7D". */
	path: string;
	body?: unknown;
}

/** A request that was sent, with what came back. */
export interface SentRequest extends RequestSpec {
	/** HTTP status, when a response arrived. */
	status?: number;
	/** Error kind when it failed (BbError kind). */
	error?: string;
}

/** Before → after of one user's effective level on one target. 'none' = no access at all. */
export interface EffectChange {
	user: string;
	userName: string;
	target: Target;
	targetName: string;
	before: Level | 'none';
	after: Level | 'none';
}

/** Access that survives a revoke, with where it comes from. */
export interface RemainingAccess {
	user: string;
	target: Target;
	level: Level;
	/** "lilei keeps WRITE on api-gateway via group developers on project PLAT". */
	text: string;
	/** Where to jump to see (or change) the source: the project, repository or workspace that holds it. */
	jumpTo?: Target | {type: 'workspace'; workspace: string} | {type: 'group'; workspace: string; slug: string};
}

/**
 * Why an item will not be sent. `kind` matches BbErrorKind where one applies.
 * owner / not-member: Bitbucket refuses explicit user grants for owners and non-members;
 * missing-scope: the token cannot do it (scopes named); not-admin: the account is not admin there;
 * managed-centrally: group membership is managed in Atlassian Administration;
 * read-only: the session is read-only; stale: undo refused because the state moved on.
 */
export interface Blocker {
	kind: 'owner' | 'not-member' | 'missing-scope' | 'not-admin' | 'managed-centrally' | 'read-only' | 'stale' | 'not-found' | 'unknown';
	message: string;
	requiredScopes?: string[];
	/** The scopes the token holds, when a 403 listed them. */
	grantedScopes?: string[];
}

export interface PlanItem {
	/** Index within the plan, stable for results. */
	index: number;
	request: ChangeRequest;
	/** "revoke ADMIN of Li Lei (lilei) on acme/api-gateway". */
	summary: string;
	/** Human names used in texts and typed confirmations. */
	principalName: string;
	resourceName: string;
	/** The explicit state read from Bitbucket (the pre-read), and the state after the change. */
	before: ExplicitState;
	after: ExplicitState;
	/** The pre-read that produced `before`. */
	preRead: RequestSpec;
	/** The mutating request; absent for no-ops and blocked items. */
	mutation?: RequestSpec;
	/** Set when nothing needs to be sent: "already a member", "already WRITE". */
	noop?: string;
	/** Set when the change cannot be sent; said before anything is sent. */
	blocked?: Blocker;
	/** Effective-level changes of everyone affected (only users whose level changes, or all when few). */
	effects: EffectChange[];
	/** Number of people whose access this item touches. */
	affectedUsers: number;
	/** Access that survives (revokes): what remains and where it comes from. */
	remaining: RemainingAccess[];
	/** Extra notes, e.g. "inherited by 4 repositories of project PLAT", "grants of acme/x not loaded: effective access may be incomplete". */
	notes: string[];
}

export type PlanKind = 'grant' | 'revoke' | 'group-add' | 'group-remove' | 'offboard' | 'undo' | 'batch';

export interface ChangePlan {
	id: string;
	kind: PlanKind;
	/** One line: "Revoke lilei's ADMIN on acme/api-gateway". */
	title: string;
	createdAt: string;
	items: PlanItem[];
	/** Distinct people whose effective access changes or is touched. */
	affectedUsers: number;
	/** When set, the admin must type exactly this text to confirm (ADMIN changes, 10+ people, offboarding). */
	typedConfirmation?: string;
	/** Why typing is required, e.g. "removes ADMIN". */
	typedConfirmationReason?: string;
	/** True when at least one item would send a mutating request. */
	actionable: boolean;
	dryRun: boolean;
	/** For undo plans: the batch being undone. */
	undoOf?: string;
	/** Plan-level notes: what stays (ownership, workspace membership), what could not be checked. */
	notes: string[];
}

/** 'unverified': the request was sent (and may have landed) but the re-read failed; `bbaccess verify` settles it. */
export type ItemOutcome = 'applied-verified' | 'no-op' | 'failed' | 'dry-run' | 'blocked' | 'not-attempted' | 'unverified';

export interface ItemResult {
	index: number;
	outcome: ItemOutcome;
	/** The state re-read after the mutation (verified), or the pre-read state for no-ops. */
	verified?: ExplicitState;
	/** Admin-facing message for failed/blocked items. */
	message?: string;
	errorKind?: string;
	requests: SentRequest[];
}

export interface ChangeResult {
	planId: string;
	/** Journal batch id: every line of this apply shares it (undo works per batch). */
	batch: string;
	outcome: 'applied-verified' | 'no-op' | 'failed' | 'partial' | 'dry-run' | 'blocked' | 'unverified';
	items: ItemResult[];
	/** One line for people: "Applied and verified 3 of 4 changes; 1 failed". */
	message: string;
	/** Set when the journal could not be written (the changes were still made and verified). */
	journalError?: string;
}

/** One line of the journal (JSON Lines, append-only, never a token). */
export interface JournalEntry {
	time: string;
	batch: string;
	/** The plan kind; "undo" entries also carry `undoOf`. */
	operation: PlanKind;
	/** The plan's title ("Fix 3 findings", "Apply team.csv (12 lines)"); absent in older journals. */
	title?: string;
	account: string;
	apiUrl: string;
	request: ChangeRequest;
	summary: string;
	before: ExplicitState;
	after: ExplicitState;
	/** What Bitbucket said when re-read (absent when nothing was re-read). */
	verified?: ExplicitState;
	requests: SentRequest[];
	outcome: ItemOutcome;
	message?: string;
	undoOf?: string;
	/** Set by `bbaccess verify`: the batch of the 'unverified' entry this line settles. */
	settles?: string;
}
