/**
 * Undo of any journaled change or batch, from any earlier session: the journal holds each item's
 * before-state and the state Bitbucket showed after it (verified). Planning re-reads every entry
 * first; an entry still as the change left it gets its inverse, any other is a conflict listed
 * (someone changed it since) and left alone. The undo is journaled (undoOf) and can itself be undone.
 */
import {BbError} from '../../errors.js';
import {stateLabel} from '../describe.js';
import {sameState} from '../endpoints.js';
import type {ChangeService} from '../service.js';
import type {ChangeRequest, ExplicitState, JournalEntry} from '../types.js';
import {leftAlone, settleUndoPlan} from '../undo.js';
import {toBatchPlan, type BatchPlan, type BudgetView} from './plan.js';

export interface JournalBatch {
	batch: string;
	time: string;
	entries: JournalEntry[];
	/** Entries that changed something (what undo restores). */
	applied: JournalEntry[];
}

/** Journal entries grouped by batch, oldest first. */
export function journalBatches(entries: readonly JournalEntry[]): JournalBatch[] {
	const batches = new Map<string, JournalBatch>();
	for (const entry of entries) {
		const batch = batches.get(entry.batch) ?? {batch: entry.batch, time: entry.time, entries: [], applied: []};
		batch.entries.push(entry);
		if (entry.outcome === 'applied-verified') batch.applied.push(entry);
		batches.set(entry.batch, batch);
	}
	return [...batches.values()];
}

/** The batch an undo ID names (a prefix of the batch id), or the latest batch that changed something. */
export function findBatch(entries: readonly JournalEntry[], id: string | undefined, account?: {email: string; apiUrl: string}): JournalBatch {
	const mine = account ? entries.filter(entry => entry.account === account.email && entry.apiUrl === account.apiUrl) : entries;
	const batches = journalBatches(mine);
	if (id === undefined) {
		const latest = batches.filter(batch => batch.applied.length > 0).at(-1);
		if (!latest) throw new BbError('usage', 'nothing to undo: the journal holds no applied change for this login');
		return latest;
	}
	const matches = batches.filter(batch => batch.batch.startsWith(id.trim()));
	if (matches.length === 0) throw new BbError('usage', `no journaled change '${id}' for this login (bbaccess journal lists them)`);
	if (matches.length > 1) throw new BbError('usage', `'${id}' matches ${matches.length} batches: ${matches.map(batch => batch.batch).join(', ')}; give more of the id`);
	if (matches[0]!.applied.length === 0) throw new BbError('usage', `nothing to undo: batch ${matches[0]!.batch} applied nothing`);
	return matches[0]!;
}

function inverse(change: ChangeRequest, before: ExplicitState): ChangeRequest {
	if (change.type === 'permission') return {...change, level: before.type === 'permission' ? before.level : undefined};
	return {...change, member: before.type === 'membership' ? before.member : !change.member};
}

/** Workspaces a batch touches (to sync only those). */
export function batchWorkspaces(batch: JournalBatch): string[] {
	return [...new Set(batch.applied.map(entry => (entry.request.type === 'membership' ? entry.request.workspace : entry.request.target.workspace)))];
}

export async function planUndoOfBatch(service: ChangeService, batch: JournalBatch, options: {dryRun?: boolean; budget?: BudgetView} = {}): Promise<BatchPlan> {
	const changes = batch.applied.map(entry => inverse(entry.request, entry.before));
	const first = batch.entries[0];
	const what = first?.title ?? first?.summary ?? `the change of ${batch.time}`;
	const title = `Undo ${batch.batch.slice(0, 8)}: ${what}${batch.applied.length === 1 ? '' : ` (${batch.applied.length} changes)`}`;
	const base = await service.plan(changes, {title, dryRun: options.dryRun});
	base.undoOf = batch.batch;
	base.items = base.items.map((item, index) => {
		const expected = batch.applied[index]!.verified ?? batch.applied[index]!.after;
		if (item.blocked || item.noop || sameState(item.before, expected)) return item;
		return leftAlone(item, `conflict, left alone: Bitbucket now shows ${stateLabel(item.before)} where the change left ${stateLabel(expected)} (someone changed it since)`);
	});
	// Typed confirmation follows what will really be sent (a conflict left alone can remove no ADMIN).
	settleUndoPlan(base);
	const conflicts = base.items.filter(item => item.blocked?.kind === 'stale').length;
	const notes = conflicts > 0 ? [`${conflicts} conflict${conflicts === 1 ? '' : 's'}: those entries changed since and are not overwritten`] : [];
	return toBatchPlan(service.currentGraph(), base, {budget: options.budget, notes});
}

/** Plan the undo of this login's latest journaled change that changed something (any session, the CLI too). */
export async function planUndoOfLatest(service: ChangeService, options: {dryRun?: boolean; budget?: BudgetView} = {}): Promise<BatchPlan> {
	const {entries} = await service.journal.read();
	return planUndoOfBatch(service, findBatch(entries, undefined, service.account), options);
}
