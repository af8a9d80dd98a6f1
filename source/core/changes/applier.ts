/**
 * Steps 4–5 of the pipeline: apply and verify. Each actionable item sends its one mutating request
 * (the client retries transient failures; PUT and DELETE are idempotent), then re-reads the entry.
 * Only the re-read state reaches the graph; a re-read that disagrees with the plan is a failure.
 */
import type {AccessGraph} from '../graph/index.js';
import {isBbError, toBbError, type BbError} from '../errors.js';
import {isManagedCentrallyError, MANAGED_CENTRALLY_TEXT} from './constraints.js';
import {stateLabel} from './describe.js';
import {desiredState, readRequest, readState, sameState, sendMutation, type ChangeClient} from './endpoints.js';
import {setVerifiedMembership, setVerifiedPermission} from './graph-helpers.js';
import type {ChangePlan, ExplicitState, ItemResult, PlanItem, SentRequest} from './types.js';

/** Reads of the changed entry before the change is called unverified. */
const VERIFY_READS = 2;

/** Send failures after which the change may still have landed (the answer was lost or garbled). */
const MAY_HAVE_LANDED = new Set(['network', 'server', 'malformed']);

/** Errors after which the remaining items of a batch are not attempted (retrying them would not help). */
const STOP_KINDS = new Set(['auth', 'rate-limited', 'network', 'cancelled']);

export interface ApplyContext {
	client: ChangeClient;
	graph: AccessGraph;
	/** Subscribe to every HTTP attempt (the client's request log) to journal exactly what was sent. */
	observeRequests?: (listener: (entry: {method: string; path: string; status: number | 'error'}) => void) => () => void;
	learnManagedCentrally?: (workspace: string, reason: string) => void;
}

function writeVerified(graph: AccessGraph, item: PlanItem, state: ExplicitState): void {
	const change = item.request;
	if (change.type === 'permission' && state.type === 'permission') setVerifiedPermission(graph, change.target, change.principal, state.level);
	if (change.type === 'membership' && state.type === 'membership') setVerifiedMembership(graph, change.workspace, change.group, change.user, state.member);
}

/** A plan older than this is re-checked (one GET) before its request is sent. */
export const STALE_PLAN_MS = 60_000;

async function applyItem(ctx: ApplyContext, item: PlanItem, planAgeMs: number): Promise<ItemResult> {
	const requests: SentRequest[] = [];
	const paths = new Set([item.preRead.path, item.mutation?.path]);
	const stop = ctx.observeRequests?.(entry => {
		if (paths.has(entry.path)) {
			requests.push({method: entry.method as SentRequest['method'], path: entry.path, status: entry.status === 'error' ? undefined : entry.status, error: entry.status === 'error' ? 'network' : undefined});
		}
	});
	const note = (method: SentRequest['method'], path: string, body?: unknown, error?: string) => {
		// Without a request log, record the logical request.
		if (!ctx.observeRequests) requests.push({method, path, ...(body === undefined ? {} : {body}), ...(error ? {error} : {})});
	};
	try {
		const mutation = item.mutation!;
		if (planAgeMs > STALE_PLAN_MS) {
			// The admin took a while to confirm: make sure the entry is still what the plan showed.
			const current = await readState(ctx.client, item.request);
			note('GET', readRequest(item.request).path);
			if (!sameState(current, item.before)) {
				writeVerified(ctx.graph, item, current);
				return {
					index: item.index,
					outcome: 'blocked',
					verified: current,
					message: `not sent: Bitbucket now shows ${stateLabel(current)}, the plan was made for ${stateLabel(item.before)} (changed since); plan it again`,
					errorKind: 'stale',
					requests,
				};
			}
		}
		let sendError: unknown;
		try {
			await sendMutation(ctx.client, mutation);
			note(mutation.method, mutation.path, mutation.body);
		} catch (error) {
			sendError = error;
			note(mutation.method, mutation.path, mutation.body, isBbError(error) ? error.kind : 'error');
			if (item.request.type === 'membership' && isBbError(error) && isManagedCentrallyError(error)) {
				ctx.learnManagedCentrally?.(item.request.workspace, MANAGED_CENTRALLY_TEXT);
			}
			if (isBbError(error) && STOP_KINDS.has(error.kind) && error.kind !== 'network') {
				// Nothing to verify against when the account or the budget is the problem.
				return {index: item.index, outcome: 'failed', message: error.describe(), errorKind: error.kind, requests};
			}
		}
		// Verify: re-read even after an error (a request may have landed before a reset or a timeout).
		// The client retries transient failures; a re-read that still cannot be used gets one more try.
		let verified: ExplicitState | undefined;
		let readError: BbError | undefined;
		for (let attempt = 1; attempt <= VERIFY_READS && verified === undefined; attempt++) {
			try {
				verified = await readState(ctx.client, item.request);
				note('GET', readRequest(item.request).path);
			} catch (error) {
				readError = toBbError(error);
				note('GET', readRequest(item.request).path, undefined, readError.kind);
				if (STOP_KINDS.has(readError.kind) && readError.kind !== 'network') break;
			}
		}
		if (verified === undefined) {
			const reason = readError!;
			const sent = toBbError(sendError);
			if (sendError === undefined || MAY_HAVE_LANDED.has(sent.kind)) {
				// The change was sent and may well have landed: not a failure, not a success either.
				const reported = sendError ? ` (the request reported: ${sent.message})` : '';
				return {
					index: item.index,
					outcome: 'unverified',
					message: `the change was sent${reported} but could not be confirmed: ${reason.message}. Run \`bbaccess verify\` to re-read it`,
					errorKind: reason.kind,
					requests,
				};
			}
			return {index: item.index, outcome: 'failed', message: `${sent.message}; could not verify the change: ${reason.message}`, errorKind: reason.kind, requests};
		}
		writeVerified(ctx.graph, item, verified);
		const wanted = desiredState(item.request);
		if (sameState(verified, wanted)) {
			const message = sendError ? `verified on re-read although the request reported: ${toBbError(sendError).message}` : undefined;
			return {index: item.index, outcome: 'applied-verified', verified, ...(message ? {message} : {}), requests};
		}
		const why = sendError ? toBbError(sendError) : undefined;
		const mismatch = `Bitbucket shows ${stateLabel(verified)} after the change, expected ${stateLabel(wanted)}`;
		return {
			index: item.index,
			outcome: 'failed',
			verified,
			message: why ? `${why.describe()} (${mismatch})` : `verification failed: ${mismatch}`,
			errorKind: why?.kind ?? 'verification',
			requests,
		};
	} finally {
		stop?.();
	}
}

/** A failed or unverified item without a verified state gets this many more re-reads, so the journal can say what Bitbucket holds. */
const RECONCILE_READS = 2;

async function reconcile(ctx: ApplyContext, item: PlanItem, result: ItemResult): Promise<ItemResult> {
	if ((result.outcome !== 'failed' && result.outcome !== 'unverified') || result.verified) return result;
	for (let attempt = 0; attempt < RECONCILE_READS; attempt++) {
		try {
			const verified = await readState(ctx.client, item.request);
			result.requests.push({method: 'GET', path: readRequest(item.request).path, status: 200});
			writeVerified(ctx.graph, item, verified);
			if (sameState(verified, desiredState(item.request))) return {...result, outcome: 'applied-verified', verified, message: `verified on a later re-read (${result.message ?? 'the first re-read failed'})`};
			return {...result, outcome: 'failed', verified, message: `Bitbucket shows ${stateLabel(verified)}, expected ${stateLabel(desiredState(item.request))}${result.message ? ` (${result.message})` : ''}`};
		} catch {
			// Try once more; the item stays failed without a verified state if Bitbucket cannot be read.
		}
	}
	return result;
}

/**
 * A batch (plan.kind 'batch'): every actionable item is sent at once and the client's limiter bounds
 * how many are in flight; an item's failure never stops the others; a failed item is re-read again
 * so its result says what Bitbucket holds.
 */
async function applyConcurrently(ctx: ApplyContext, plan: ChangePlan, planAgeMs: number): Promise<ItemResult[]> {
	return Promise.all(
		plan.items.map(async (item): Promise<ItemResult> => {
			if (item.blocked) return {index: item.index, outcome: 'blocked', message: item.blocked.message, errorKind: item.blocked.kind, requests: []};
			if (item.noop) return {index: item.index, outcome: 'no-op', verified: item.before, message: item.noop, requests: []};
			if (plan.dryRun) return {index: item.index, outcome: 'dry-run', message: 'dry run: nothing sent', requests: []};
			return reconcile(ctx, item, await applyItem(ctx, item, planAgeMs));
		}),
	);
}

/** Apply every actionable item in order (a batch: concurrently); blocked/no-op/dry-run items send nothing. */
export async function applyPlan(ctx: ApplyContext, plan: ChangePlan, now: number = Date.now()): Promise<ItemResult[]> {
	if (plan.kind === 'batch') return applyConcurrently(ctx, plan, now - Date.parse(plan.createdAt));
	const results: ItemResult[] = [];
	const planAgeMs = now - Date.parse(plan.createdAt);
	let stopped: string | undefined;
	for (const item of plan.items) {
		if (item.blocked) {
			results.push({index: item.index, outcome: 'blocked', message: item.blocked.message, errorKind: item.blocked.kind, requests: []});
		} else if (item.noop) {
			results.push({index: item.index, outcome: 'no-op', verified: item.before, message: item.noop, requests: []});
		} else if (plan.dryRun) {
			results.push({index: item.index, outcome: 'dry-run', message: 'dry run: nothing sent', requests: []});
		} else if (stopped) {
			results.push({index: item.index, outcome: 'not-attempted', message: `not attempted: ${stopped}`, requests: []});
		} else {
			const result = await applyItem(ctx, item, planAgeMs);
			results.push(result);
			if (result.outcome === 'failed' && result.errorKind && STOP_KINDS.has(result.errorKind)) stopped = result.message ?? result.errorKind;
		}
	}
	return results;
}
