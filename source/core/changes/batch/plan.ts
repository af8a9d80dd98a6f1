/**
 * One batch = one plan. planBatch() plans many changes through the single-change pipeline (each item
 * pre-reads its entry), then adds what only a batch has: the combined effective access per person
 * (simulated on a copy of the graph with every item applied), the request cost against the budget,
 * and typed confirmation when the batch touches ADMIN, 10+ people or 20+ requests.
 */
import {AccessGraph} from '../../graph/index.js';
import {BbError} from '../../errors.js';
import type {Level, Target} from '../../model.js';
import {targetLongName, userShortName} from '../describe.js';
import {setVerifiedMembership, setVerifiedPermission} from '../graph-helpers.js';
import {TYPED_CONFIRMATION_PEOPLE} from '../planner.js';
import type {ChangeService} from '../service.js';
import type {ChangePlan, ChangeRequest, EffectChange, RequestSpec} from '../types.js';
import {formatCount} from '../../text/numbers.js';

/** At this many mutating requests a batch needs typed confirmation. */
export const TYPED_CONFIRMATION_REQUESTS = 20;

/** What the budget offers (the client's RequestBudget fits). */
export interface BudgetView {
	readonly limitPerHour: number;
	used(): number;
	remaining(): number;
}

export interface BatchCost {
	/** GETs already spent planning (one pre-read per item). */
	preReads: number;
	/** Mutating requests confirming will send. */
	mutations: number;
	/** Re-reads that verify them. */
	verifies: number;
	/** mutations + verifies: what confirming costs (retries can add more). */
	toSend: number;
	/** The rolling-hour budget after planning, when known. */
	budget?: {used: number; limit: number; remaining: number};
	/** "sends 80 requests (40 changes + 40 verifying re-reads); 612 of 1000 left this hour". */
	text: string;
}

/** One person's effective change across the whole batch. */
export interface PersonEffect {
	user: string;
	userName: string;
	changes: EffectChange[];
}

export interface BatchPlan extends ChangePlan {
	kind: 'batch';
	/** Every request confirming will send, in plan order (method + path; never headers). */
	requests: RequestSpec[];
	/** Effective access that changes, per person, with every item applied together. */
	people: PersonEffect[];
	cost: BatchCost;
}

export interface PlanBatchOptions {
	title?: string;
	dryRun?: boolean;
	budget?: BudgetView;
	notes?: string[];
}

function targetKey(target: Target): string {
	return target.type === 'project' ? `p:${target.workspace}:${target.key}` : `r:${target.fullName}`;
}

function levelsOf(graph: AccessGraph, uuid: string): Map<string, {target: Target; level: Level}> {
	const map = new Map<string, {target: Target; level: Level}>();
	for (const entry of graph.reachableBy(uuid).entries) map.set(targetKey(entry.target), {target: entry.target, level: entry.level});
	return map;
}

function affectedPeople(graph: AccessGraph, changes: readonly ChangeRequest[]): Set<string> {
	const people = new Set<string>();
	for (const change of changes) {
		if (change.type === 'membership') people.add(change.user);
		else if (change.principal.type === 'user') people.add(change.principal.uuid);
		else for (const uuid of graph.group(change.target.workspace, change.principal.slug)?.members ?? []) people.add(uuid);
	}
	return people;
}

/** Apply every actionable item to a copy of the graph and compare each affected person's reach. */
export function combinedEffects(graph: AccessGraph, plan: ChangePlan): PersonEffect[] {
	const actionable = plan.items.filter(item => item.mutation);
	if (actionable.length === 0) return [];
	const after = AccessGraph.fromSnapshot(graph.toSnapshot());
	for (const item of actionable) {
		const change = item.request;
		if (change.type === 'permission' && item.after.type === 'permission') setVerifiedPermission(after, change.target, change.principal, item.after.level);
		if (change.type === 'membership' && item.after.type === 'membership') setVerifiedMembership(after, change.workspace, change.group, change.user, item.after.member);
	}
	const people: PersonEffect[] = [];
	for (const uuid of affectedPeople(graph, actionable.map(item => item.request))) {
		const before = levelsOf(graph, uuid);
		const later = levelsOf(after, uuid);
		const userName = userShortName(graph.user(uuid), uuid);
		const changes: EffectChange[] = [];
		for (const key of new Set([...before.keys(), ...later.keys()])) {
			const from = before.get(key)?.level ?? 'none';
			const to = later.get(key)?.level ?? 'none';
			if (from === to) continue;
			const target = (before.get(key) ?? later.get(key))!.target;
			changes.push({user: uuid, userName, target, targetName: targetLongName(target), before: from, after: to});
		}
		if (changes.length > 0) people.push({user: uuid, userName, changes: changes.sort((a, b) => a.targetName.localeCompare(b.targetName))});
	}
	return people.sort((a, b) => a.userName.localeCompare(b.userName));
}

function costOf(plan: ChangePlan, budget: BudgetView | undefined): BatchCost {
	const mutations = plan.dryRun ? 0 : plan.items.filter(item => item.mutation).length;
	const verifies = mutations;
	const toSend = mutations + verifies;
	const known = budget ? {used: budget.used(), limit: budget.limitPerHour, remaining: budget.remaining()} : undefined;
	let text = toSend === 0 ? 'sends nothing' : `sends ${formatCount(toSend)} requests (${formatCount(mutations)} change${mutations === 1 ? '' : 's'} + ${formatCount(verifies)} verifying re-read${verifies === 1 ? '' : 's'}; retries can add more)`;
	text += `; planning read ${formatCount(plan.items.length)} entr${plan.items.length === 1 ? 'y' : 'ies'}`;
	if (known) {
		text += `; budget: ${formatCount(known.remaining)} of ${formatCount(known.limit)} requests left this hour`;
		if (toSend > known.remaining) text += ' — NOT ENOUGH: the batch would run into the rate limit';
	}
	return {preReads: plan.items.length, mutations, verifies, toSend, ...(known ? {budget: known} : {}), text};
}

/** Plan a batch: every request (method + path), before → after per entry, per-person effects, cost, confirmation. */
export async function planBatch(service: ChangeService, changes: readonly ChangeRequest[], options: PlanBatchOptions = {}): Promise<BatchPlan> {
	if (changes.length === 0) throw new BbError('usage', 'nothing to change: the batch is empty');
	const base = await service.plan(changes, {title: options.title ?? `Batch of ${formatCount(changes.length)} changes`, dryRun: options.dryRun});
	return toBatchPlan(service.currentGraph(), base, options);
}

/** Several plans (e.g. one offboarding per person) as one batch; items are renumbered in order. */
export function mergePlans(plans: readonly ChangePlan[], title: string): ChangePlan {
	if (plans.length === 1) return plans[0]!;
	const items = plans.flatMap(plan => plan.items).map((item, index) => ({...item, index}));
	const typed = plans.find(plan => plan.typedConfirmation);
	return {
		...plans[0]!,
		title,
		items,
		affectedUsers: plans.reduce((sum, plan) => sum + plan.affectedUsers, 0),
		actionable: items.some(item => item.mutation),
		typedConfirmation: typed ? 'yes' : undefined,
		typedConfirmationReason: typed ? `${typed.typedConfirmationReason ?? 'required'} (and ${plans.length - 1} more)` : undefined,
		notes: plans.flatMap(plan => plan.notes),
	};
}

/** A planned ChangePlan as a batch: combined effects, requests, cost, and the batch's typed-confirmation rules. */
export function toBatchPlan(graph: AccessGraph, base: ChangePlan, options: PlanBatchOptions = {}): BatchPlan {
	const people = combinedEffects(graph, base);
	const requests = base.items.flatMap(item => (item.mutation ? [item.mutation] : []));
	const plan: BatchPlan = {...base, kind: 'batch', requests, people, cost: costOf(base, options.budget), notes: [...base.notes, ...(options.notes ?? [])]};
	if (plan.actionable && !plan.typedConfirmation) {
		const adminChange = people.flatMap(person => person.changes).find(change => change.before === 'admin' || change.after === 'admin');
		const reason = adminChange
			? `changes ${adminChange.userName}'s ADMIN on ${adminChange.targetName}`
			: plan.affectedUsers >= TYPED_CONFIRMATION_PEOPLE
				? `affects ${formatCount(plan.affectedUsers)} people`
				: requests.length >= TYPED_CONFIRMATION_REQUESTS
					? `sends ${formatCount(requests.length)} changes`
					: undefined;
		if (reason) {
			plan.typedConfirmation = 'yes';
			plan.typedConfirmationReason = reason;
		}
	}
	if (!plan.actionable) {
		plan.typedConfirmation = undefined;
		plan.typedConfirmationReason = undefined;
	}
	return plan;
}
