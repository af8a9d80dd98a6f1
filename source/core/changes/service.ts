/**
 * ChangeService: the one door to access changes for the CLI and the TUI.
 * plan*() builds a ChangePlan (pre-reads only); apply() checks the confirmation, sends, verifies,
 * updates the graph with the verified state and journals every item; planUndo() plans the inverse
 * of the session's last applied change through the same path.
 */
import {randomUUID} from 'node:crypto';
import type {AccessGraph} from '../graph/index.js';
import {BbError} from '../errors.js';
import {levelLabel, type Level, type Principal, type Target} from '../model.js';
import {applyPlan} from './applier.js';
import {principalName, stateLabel, targetLongName, userShortName} from './describe.js';
import type {ChangeClient} from './endpoints.js';
import type {Journal} from './journal.js';
import {planOffboarding} from './offboard.js';
import {buildPlan, type PlanContext} from './planner.js';
import type {ChangePlan, ChangeRequest, ChangeResult, ItemResult, JournalEntry} from './types.js';
import {planUndoOf} from './undo.js';
import {possessive} from '../text/english.js';

/** What the client must offer the service: the change calls plus (optionally) its request log. */
export interface ServiceClient extends ChangeClient {
	getAll<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T[]>;
	readonly requestLog?: {subscribe(listener: (entry: {method: string; path: string; status: number | 'error'}) => void): () => void};
}

export interface ChangeServiceOptions {
	client: ServiceClient;
	/** The current graph (the explorer may replace it after a refresh). */
	graph: () => AccessGraph | undefined;
	journal: Journal;
	account: {email: string; apiUrl: string};
	/** Set when the session is read-only (flag, config, or a token without admin scopes); a function when it can change. */
	readOnlyReason?: string | (() => string | undefined);
	/** Scopes the token is known to hold; learned from 403 answers when absent. */
	grantedScopes?: readonly string[];
	/** Tier-2: load a repository's explicit grants into the graph (one request pair). */
	ensureRepositoryGrants?: (fullName: string) => Promise<void>;
	/** Workspaces known to manage group membership in Atlassian Administration. */
	managedCentrally?: Iterable<string>;
	now?: () => Date;
}

export interface ApplyOptions {
	/** What the admin typed, when the plan requires typed confirmation. */
	typed?: string;
}

export class ChangeService {
	readonly #options: ChangeServiceOptions;
	readonly #managed = new Map<string, string>();
	#grantedScopes: readonly string[] | undefined;
	#lastBatch: {batch: string; plan: ChangePlan; results: ItemResult[]} | undefined;
	readonly #listeners = new Set<() => void>();

	constructor(options: ChangeServiceOptions) {
		this.#options = options;
		this.#grantedScopes = options.grantedScopes;
		for (const ws of options.managedCentrally ?? []) this.#managed.set(ws, 'group membership is managed in Atlassian Administration');
	}

	/** Why changes are disabled, or undefined. */
	readOnlyReason(): string | undefined {
		const configured = typeof this.#options.readOnlyReason === 'function' ? this.#options.readOnlyReason() : this.#options.readOnlyReason;
		if (configured) return configured;
		const granted = this.#grantedScopes;
		if (!granted) return undefined;
		const needed = ['admin:project:bitbucket', 'admin:repository:bitbucket', 'write:permission:bitbucket', 'delete:permission:bitbucket'];
		const missing = needed.filter(scope => !granted.includes(scope));
		return missing.length === needed.length ? `read-only: the API token lacks ${missing.join(', ')}` : undefined;
	}

	/** Listen for "last change" updates (undo availability). */
	subscribe(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	get journal(): Journal {
		return this.#options.journal;
	}

	/** The login changes are journaled under (the Journal view shows this account's entries). */
	get account(): {email: string; apiUrl: string} {
		return this.#options.account;
	}

	/** The graph plans are made against (throws while there is none yet). */
	currentGraph(): AccessGraph {
		return this.#graph();
	}

	#graph(): AccessGraph {
		const graph = this.#options.graph();
		if (!graph) throw new BbError('config', 'no access data yet: wait for the sync to finish');
		return graph;
	}

	#context(): PlanContext {
		return {
			client: this.#options.client,
			graph: this.#graph(),
			grantedScopes: this.#grantedScopes,
			managedCentrally: ws => this.#managed.get(ws),
			ensureRepositoryGrants: this.#options.ensureRepositoryGrants,
			learnManagedCentrally: (ws, reason) => this.#managed.set(ws, reason),
		};
	}

	#requireWritable(): void {
		const reason = this.readOnlyReason();
		if (reason) throw new BbError('cancelled', `changes are disabled (${reason})`, {hint: 'Run without --read-only, or log in with a token that has the admin and permission scopes.'});
	}

	/** Plan one or more changes of the same kind. */
	async plan(changes: readonly ChangeRequest[], options: {dryRun?: boolean; title?: string} = {}): Promise<ChangePlan> {
		this.#requireWritable();
		if (changes.length === 0) throw new BbError('usage', 'nothing to change');
		const graph = this.#graph();
		const first = changes[0]!;
		const kind = first.type === 'membership' ? (first.member ? 'group-add' : 'group-remove') : first.level === undefined ? 'revoke' : 'grant';
		const plan = await buildPlan(this.#context(), changes, {kind, title: options.title ?? titleOf(graph, first), dryRun: options.dryRun});
		this.#learnScopes(plan);
		return plan;
	}

	grant(target: Target, principal: Principal, level: Level, options: {dryRun?: boolean} = {}): Promise<ChangePlan> {
		return this.plan([{type: 'permission', target, principal, level}], options);
	}

	revoke(target: Target, principal: Principal, options: {dryRun?: boolean} = {}): Promise<ChangePlan> {
		return this.plan([{type: 'permission', target, principal, level: undefined}], options);
	}

	groupMembership(workspace: string, group: string, user: string, member: boolean, options: {dryRun?: boolean} = {}): Promise<ChangePlan> {
		return this.plan([{type: 'membership', workspace, group, user, member}], options);
	}

	/** Every explicit grant and group membership of one person across the synced (or given) workspaces. */
	async offboard(user: string, options: {workspaces?: string[]; dryRun?: boolean} = {}): Promise<ChangePlan> {
		this.#requireWritable();
		const plan = await planOffboarding(this.#context(), this.#options.client, user, options);
		this.#learnScopes(plan);
		return plan;
	}

	/** Whether there is a change of this session to undo, and what it was. */
	lastChange(): {batch: string; title: string} | undefined {
		return this.#lastBatch ? {batch: this.#lastBatch.batch, title: this.#lastBatch.plan.title} : undefined;
	}

	/** Plan the inverse of the session's last applied change; refuses items whose state moved on. */
	async planUndo(options: {dryRun?: boolean} = {}): Promise<ChangePlan> {
		this.#requireWritable();
		const last = this.#lastBatch;
		if (!last) throw new BbError('usage', 'nothing to undo: no change was applied in this session');
		return planUndoOf(this.#context(), last.batch, last.plan, last.results, options);
	}

	/**
	 * Apply a confirmed plan. `typed` must equal plan.typedConfirmation when the plan requires it.
	 * Journals every item (dry-run too) and returns per-item results; never throws for item failures.
	 */
	async apply(plan: ChangePlan, options: ApplyOptions = {}): Promise<ChangeResult> {
		this.#requireWritable();
		if (plan.typedConfirmation !== undefined && !plan.dryRun && options.typed !== plan.typedConfirmation) {
			throw new BbError('cancelled', `typed confirmation did not match: type '${plan.typedConfirmation}' to confirm (${plan.typedConfirmationReason ?? 'required'})`);
		}
		const graph = this.#graph();
		const client = this.#options.client;
		const log = client.requestLog;
		const results = await applyPlan(
			{
				client,
				graph,
				observeRequests: log ? listener => log.subscribe(listener) : undefined,
				learnManagedCentrally: (ws, reason) => this.#managed.set(ws, reason),
			},
			plan,
			(this.#options.now?.() ?? new Date()).getTime(),
		);
		const batch = randomUUID();
		const result = summarise(plan, batch, results);
		try {
			await this.#journalResults(plan, batch, results);
		} catch (error) {
			// The changes happened: report them, and say the journal line is missing.
			result.journalError = error instanceof Error ? error.message : String(error);
			result.message = `${result.message} (NOT journaled: ${result.journalError})`;
		}
		// The latest batch that changed something is what undo restores (an undo can itself be undone).
		if (results.some(item => item.outcome === 'applied-verified')) {
			this.#lastBatch = {batch, plan, results};
			for (const listener of [...this.#listeners]) listener();
		}
		return result;
	}

	/**
	 * Journal a plan refused before anything was sent (no confirmation outside a terminal), like a
	 * constraint refusal: blocked items as blocked, no-ops as no-ops, the rest not attempted with `reason`.
	 */
	async journalRefusal(plan: ChangePlan, reason: string): Promise<void> {
		const results: ItemResult[] = plan.items.map(item =>
			item.blocked
				? {index: item.index, outcome: 'blocked', message: item.blocked.message, errorKind: item.blocked.kind, requests: []}
				: item.noop
					? {index: item.index, outcome: 'no-op', verified: item.before, message: item.noop, requests: []}
					: {index: item.index, outcome: 'not-attempted', message: reason, errorKind: 'refused', requests: []},
		);
		await this.#journalResults(plan, randomUUID(), results);
	}

	async #journalResults(plan: ChangePlan, batch: string, results: ItemResult[]): Promise<void> {
		const time = (this.#options.now?.() ?? new Date()).toISOString();
		const entries: JournalEntry[] = results.map(result => {
			const item = plan.items[result.index]!;
			return {
				time,
				batch,
				operation: plan.kind,
				title: plan.title,
				account: this.#options.account.email,
				apiUrl: this.#options.account.apiUrl,
				request: item.request,
				summary: item.summary,
				before: item.before,
				after: item.after,
				...(result.verified ? {verified: result.verified} : {}),
				requests: result.requests,
				outcome: result.outcome,
				...(result.message ? {message: result.message} : {}),
				...(plan.undoOf ? {undoOf: plan.undoOf} : {}),
			};
		});
		await this.#options.journal.append(entries);
	}

	#learnScopes(plan: ChangePlan): void {
		for (const item of plan.items) {
			// A 403 that lists the token's scopes lets later plans be refused before any request.
			if (item.blocked?.grantedScopes) this.#grantedScopes = item.blocked.grantedScopes;
		}
	}

	/** Record scopes the token holds (e.g. from a 403's `granted` list). */
	learnGrantedScopes(scopes: readonly string[]): void {
		this.#grantedScopes = scopes;
	}
}

function titleOf(graph: AccessGraph, change: ChangeRequest): string {
	if (change.type === 'membership') {
		const who = userShortName(graph.user(change.user), change.user);
		return change.member ? `Add ${who} to group ${change.group} in ${change.workspace}` : `Remove ${who} from group ${change.group} in ${change.workspace}`;
	}
	const who = principalName(change.principal, change.principal.type === 'user' ? graph.user(change.principal.uuid) : undefined);
	return change.level === undefined
		? `Revoke ${possessive(who)} explicit permission on ${targetLongName(change.target)}`
		: `Grant ${levelLabel(change.level)} on ${targetLongName(change.target)} to ${who}`;
}

function summarise(plan: ChangePlan, batch: string, results: ItemResult[]): ChangeResult {
	const count = (outcome: ItemResult['outcome']) => results.filter(item => item.outcome === outcome).length;
	const applied = count('applied-verified');
	const failed = count('failed') + count('not-attempted');
	const blocked = count('blocked');
	const noop = count('no-op');
	const dry = count('dry-run');
	const unverified = count('unverified');
	let outcome: ChangeResult['outcome'];
	if (plan.dryRun && dry > 0) outcome = 'dry-run';
	else if (failed > 0) outcome = applied > 0 || unverified > 0 ? 'partial' : 'failed';
	else if (unverified > 0) outcome = 'unverified';
	else if (applied > 0) outcome = 'applied-verified';
	else if (blocked > 0) outcome = 'blocked';
	else outcome = 'no-op';
	const parts: string[] = [];
	if (applied) parts.push(`${applied} applied and verified`);
	if (noop) parts.push(`${noop} no-op`);
	if (dry) parts.push(`${dry} not sent (dry run)`);
	if (blocked) parts.push(`${blocked} blocked`);
	if (failed) parts.push(`${failed} failed`);
	if (unverified) parts.push(`${unverified} sent but not confirmed (run \`bbaccess verify\`)`);
	if (results.length === 1) {
		const only = results[0]!;
		const item = plan.items[0]!;
		const message =
			only.outcome === 'applied-verified'
				? `Done: ${item.summary}; Bitbucket now shows ${stateLabel(only.verified!)}`
				: only.outcome === 'no-op'
					? `Nothing to do: ${only.message}`
					: only.outcome === 'dry-run'
						? `Dry run: would ${item.summary} (${item.mutation?.method} ${item.mutation?.path}); nothing sent`
						: only.outcome === 'unverified'
							? `Sent, not confirmed: ${only.message ?? item.summary}`
							: `${only.outcome === 'blocked' ? 'Refused' : 'Failed'}: ${only.message ?? item.summary}`;
		return {planId: plan.id, batch, outcome, items: results, message};
	}
	return {planId: plan.id, batch, outcome, items: results, message: `${plan.title}: ${parts.join(', ') || 'nothing to do'}`};
}
