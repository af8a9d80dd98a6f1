/**
 * Step 1 of the pipeline: plan. For each change, read the current explicit entry (one GET; 404 = none),
 * say what blocks it or why it is a no-op, and compute before → after of the explicit entry and of the
 * effective access of everyone affected. Planning never sends a mutating request.
 */
import {randomUUID} from 'node:crypto';
import type {AccessGraph} from '../graph/index.js';
import {levelLabel} from '../model.js';
import {blockerFromError, staticBlocker, type ConstraintContext} from './constraints.js';
import {describeChange, principalName, stateLabel, targetConfirmName, targetLongName, userShortName} from './describe.js';
import {membershipEffects, permissionEffects, type EffectsResult} from './effects.js';
import {desiredState, mutationRequest, readRequest, readState, sameState, type ChangeClient} from './endpoints.js';
import {explicitLevel, grantsLoaded} from './graph-helpers.js';
import type {ChangePlan, ChangeRequest, ExplicitState, PlanItem, PlanKind} from './types.js';

/** At this many affected people a change needs typed confirmation. */
export const TYPED_CONFIRMATION_PEOPLE = 10;

export interface PlanContext extends ConstraintContext {
	client: ChangeClient;
	graph: AccessGraph;
	/** Load a repository's explicit grants into the graph when they are not loaded (tier 2), so effects are complete. */
	ensureRepositoryGrants?: (fullName: string) => Promise<void>;
	/** Called when a pre-read shows group membership is managed centrally. */
	learnManagedCentrally?: (workspace: string, reason: string) => void;
}

function graphState(graph: AccessGraph, change: ChangeRequest): ExplicitState {
	if (change.type === 'permission') return {type: 'permission', level: explicitLevel(graph, change.target, change.principal)};
	return {type: 'membership', member: graph.group(change.workspace, change.group)?.members.includes(change.user) ?? false};
}

function names(graph: AccessGraph, change: ChangeRequest): {principal: string; resource: string} {
	if (change.type === 'membership') {
		return {principal: userShortName(graph.user(change.user), change.user), resource: `group ${change.group} in ${change.workspace}`};
	}
	const user = change.principal.type === 'user' ? graph.user(change.principal.uuid) : undefined;
	return {principal: principalName(change.principal, user), resource: targetLongName(change.target)};
}

function noopText(change: ChangeRequest, before: ExplicitState, who: string, resource: string): string | undefined {
	if (!sameState(before, desiredState(change))) return undefined;
	if (change.type === 'membership') return change.member ? `${who} is already a member of ${resource}` : `${who} is not a member of ${resource}`;
	if (change.level === undefined) return `${who} has no explicit permission on ${resource}: nothing to revoke`;
	return `${who} already has ${levelLabel(change.level)} on ${resource}`;
}

function effectsOf(graph: AccessGraph, change: ChangeRequest, before: ExplicitState, after: ExplicitState): EffectsResult {
	if (change.type === 'permission') {
		const from = before.type === 'permission' ? before.level : undefined;
		const to = after.type === 'permission' ? after.level : undefined;
		return permissionEffects(graph, change.target, change.principal, from, to);
	}
	const from = before.type === 'membership' && before.member;
	const to = after.type === 'membership' && after.member;
	return membershipEffects(graph, change.workspace, change.group, change.user, from, to);
}

export async function planItem(ctx: PlanContext, change: ChangeRequest, index: number): Promise<PlanItem> {
	const {graph} = ctx;
	const itemNames = names(graph, change);
	const preRead = readRequest(change);
	let blocked = staticBlocker(ctx, change);
	let before = graphState(graph, change);
	if (!blocked) {
		if (change.type === 'permission' && change.target.type === 'repository' && !grantsLoaded(graph, change.target) && ctx.ensureRepositoryGrants) {
			// Best effort: without them the effective answer says it is incomplete; the pre-read decides what is sent.
			await ctx.ensureRepositoryGrants(change.target.fullName).catch(() => undefined);
		}
		try {
			before = await readState(ctx.client, change);
		} catch (error) {
			blocked = blockerFromError(error, change, graph.account.email);
			if (!blocked) throw error;
			if (blocked.kind === 'managed-centrally' && change.type === 'membership') ctx.learnManagedCentrally?.(change.workspace, blocked.message);
		}
	}
	const desired = desiredState(change);
	const noop = blocked ? undefined : noopText(change, before, itemNames.principal, itemNames.resource);
	// A revoke with nothing explicit still explains where the access comes from (it cannot be revoked here).
	const effectsBefore = noop && change.type === 'permission' && change.level === undefined ? {type: 'permission' as const, level: undefined} : before;
	const result = effectsOf(graph, change, effectsBefore, noop ? effectsBefore : desired);
	const notes: string[] = [];
	if (change.type === 'permission' && change.target.type === 'project') {
		const repositories = graph.repositoriesOf(change.target.workspace, change.target.key).length;
		if (repositories > 0) notes.push(`the project's ${repositories} repositor${repositories === 1 ? 'y inherits' : 'ies inherit'} this permission`);
	}
	if (change.type === 'membership' && result.effects.length === 0) notes.push(`group ${change.group} holds no known grants: membership changes no project or repository access`);
	for (const reason of result.missing.slice(0, 3)) notes.push(`effective access may be incomplete: ${reason}`);
	if (result.missing.length > 3) notes.push(`… and ${result.missing.length - 3} more reasons the effective access may be incomplete`);
	return {
		index,
		request: change,
		summary: describeChange(change, itemNames, before),
		principalName: itemNames.principal,
		resourceName: itemNames.resource,
		before,
		after: noop || blocked ? before : desired,
		preRead,
		mutation: noop || blocked ? undefined : mutationRequest(change),
		noop,
		blocked,
		effects: result.effects.filter(effect => effect.before !== effect.after || result.effects.length <= 20),
		affectedUsers: result.affectedUsers,
		remaining: result.remaining,
		notes,
	};
}

export interface PlanOptions {
	kind: PlanKind;
	title: string;
	dryRun?: boolean;
	notes?: string[];
	/** Forces typed confirmation with this text (offboarding: the person's name). */
	typedConfirmation?: {text: string; reason: string};
	undoOf?: string;
}

/** Plan several changes (pre-reads run concurrently; the client bounds concurrency). */
export async function buildPlan(ctx: PlanContext, changes: readonly ChangeRequest[], options: PlanOptions): Promise<ChangePlan> {
	const items = await Promise.all(changes.map((change, index) => planItem(ctx, change, index)));
	const affected = new Set<string>();
	for (const item of items) {
		if (item.request.type === 'membership') affected.add(item.request.user);
		else if (item.request.principal.type === 'user') affected.add(item.request.principal.uuid);
		else for (const uuid of ctx.graph.group(item.request.target.workspace, item.request.principal.slug)?.members ?? []) affected.add(uuid);
	}
	const actionable = items.filter(item => item.mutation !== undefined);
	let typed = options.typedConfirmation;
	if (!typed && actionable.length > 0) typed = typedRequirement(actionable, affected.size);
	return {
		id: randomUUID(),
		kind: options.kind,
		title: options.title,
		createdAt: new Date().toISOString(),
		items,
		affectedUsers: affected.size,
		typedConfirmation: actionable.length > 0 ? typed?.text : undefined,
		typedConfirmationReason: actionable.length > 0 ? typed?.reason : undefined,
		actionable: actionable.length > 0,
		dryRun: options.dryRun ?? false,
		undoOf: options.undoOf,
		notes: options.notes ?? [],
	};
}

function confirmName(item: PlanItem): string {
	const change = item.request;
	return change.type === 'membership' ? `${change.workspace}:${change.group}` : targetConfirmName(change.target);
}

/** Whether these actionable items need typed confirmation (ADMIN involved, or 10+ people), and what to type. */
export function typedRequirement(actionable: PlanItem[], affected: number): {text: string; reason: string} | undefined {
	const text = actionable.length === 1 ? confirmName(actionable[0]!) : 'yes';
	for (const item of actionable) {
		if (item.request.type === 'permission') {
			const before = item.before.type === 'permission' ? item.before.level : undefined;
			if (item.request.level === 'admin') return {text, reason: 'grants ADMIN'};
			if (before === 'admin') return {text, reason: 'removes ADMIN'};
		}
		const adminEffect = item.effects.find(effect => effect.before !== effect.after && (effect.before === 'admin' || effect.after === 'admin'));
		if (adminEffect) return {text, reason: `changes ${adminEffect.userName}'s ADMIN on ${adminEffect.targetName}`};
	}
	if (affected >= TYPED_CONFIRMATION_PEOPLE) return {text, reason: `affects ${affected} people`};
	return undefined;
}

/** "before → after" of the explicit entry, for one line of output. */
export function explicitTransition(item: PlanItem): string {
	return `${stateLabel(item.before)} → ${stateLabel(item.after)}`;
}
