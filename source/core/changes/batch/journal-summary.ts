/**
 * The journal as a list of changes (the TUI's Journal view): one summary per journaled batch of
 * this account — kind (change / batch / undo), title, items, outcome (applied, some failed,
 * dry-run, undone…) and workspaces — newest first. Pure; reads nothing. Lines `bbaccess verify`
 * appended to settle an unverified item replace that item's outcome (the journal stays append-only).
 */
import type {ExplicitState, ItemOutcome, JournalEntry} from '../types.js';
import {journalBatches, type JournalBatch} from './undo-journal.js';

export type JournalKind = 'change' | 'batch' | 'undo';

export type JournalOutcome = 'applied' | 'some failed' | 'failed' | 'dry-run' | 'undone' | 'partly undone' | 'refused' | 'no-op' | 'unverified';

export interface JournalItem {
	/** The item as journaled, with a later `bbaccess verify` settlement folded in. */
	entry: JournalEntry;
	outcome: ItemOutcome;
	/** What Bitbucket showed after the change (verified), else what the change asked for. */
	after: ExplicitState;
}

export interface JournalSummary {
	batch: string;
	time: string;
	kind: JournalKind;
	title: string;
	items: JournalItem[];
	/** Items that changed something (what an undo restores). */
	applied: number;
	/** Items that failed, were not attempted or stay unverified. */
	failed: number;
	outcome: JournalOutcome;
	workspaces: string[];
	/** For undo entries: the batch this one undid. */
	undoOf?: string;
	/** Later undo batches that restored something of this one. */
	undoneBy: string[];
	/** The batch as undo plans it (planUndoOfBatch). */
	source: JournalBatch;
}

function workspaceOf(entry: JournalEntry): string {
	return entry.request.type === 'membership' ? entry.request.workspace : entry.request.target.workspace;
}

/** Entries of one batch with settlement lines folded into the items they settle. */
function foldSettlements(entries: readonly JournalEntry[]): JournalItem[] {
	const items: JournalItem[] = [];
	const byRequest = new Map<string, JournalItem>();
	for (const entry of entries) {
		const key = JSON.stringify(entry.request);
		const settled = entry.settles !== undefined ? byRequest.get(key) : undefined;
		if (settled) {
			settled.outcome = entry.outcome;
			settled.after = entry.verified ?? settled.after;
			settled.entry = {...settled.entry, outcome: entry.outcome, verified: entry.verified, message: entry.message};
			continue;
		}
		const item: JournalItem = {entry, outcome: entry.outcome, after: entry.verified ?? entry.after};
		items.push(item);
		byRequest.set(key, item);
	}
	return items;
}

function titleOf(kind: JournalKind, items: readonly JournalItem[], first: JournalEntry): string {
	if (first.title) return first.title;
	if (items.length === 1) return first.summary;
	const word = kind === 'undo' ? 'Undo' : first.operation === 'offboard' ? 'Offboarding' : 'Batch';
	return `${word} of ${items.length} items: ${first.summary}, …`;
}

function outcomeOf(items: readonly JournalItem[], undone: number): JournalOutcome {
	const count = (...outcomes: ItemOutcome[]) => items.filter(item => outcomes.includes(item.outcome)).length;
	const applied = count('applied-verified');
	const failed = count('failed', 'not-attempted');
	if (applied > 0 && undone >= applied) return 'undone';
	if (undone > 0) return 'partly undone';
	if (count('dry-run') > 0) return 'dry-run';
	if (failed > 0) return applied > 0 || count('unverified') > 0 ? 'some failed' : count('not-attempted') === failed && count('failed') === 0 ? 'refused' : 'failed';
	if (count('unverified') > 0) return 'unverified';
	if (applied > 0) return 'applied';
	if (count('blocked') > 0) return 'refused';
	return 'no-op';
}

/** The journal of one account and API URL as summaries, newest first. */
export function journalSummaries(entries: readonly JournalEntry[], account: {email: string; apiUrl: string}): JournalSummary[] {
	const mine = entries.filter(entry => entry.account === account.email && entry.apiUrl === account.apiUrl);
	const batches = journalBatches(mine);
	// How many items each batch had restored by later undos.
	const restored = new Map<string, {count: number; by: string[]}>();
	for (const batch of batches) {
		const undoOf = batch.entries[0]?.undoOf;
		if (!undoOf) continue;
		const applied = batch.entries.filter(entry => entry.outcome === 'applied-verified').length;
		if (applied === 0) continue;
		const known = restored.get(undoOf) ?? {count: 0, by: []};
		known.count += applied;
		known.by.push(batch.batch);
		restored.set(undoOf, known);
	}
	const summaries = batches.map(batch => {
		const first = batch.entries[0]!;
		const items = foldSettlements(batch.entries);
		const kind: JournalKind = first.undoOf !== undefined || first.operation === 'undo' ? 'undo' : items.length > 1 || first.operation === 'batch' ? 'batch' : 'change';
		const undone = restored.get(batch.batch);
		const applied = items.filter(item => item.outcome === 'applied-verified').length;
		return {
			batch: batch.batch,
			time: batch.time,
			kind,
			title: titleOf(kind, items, first),
			items,
			applied,
			failed: items.filter(item => item.outcome === 'failed' || item.outcome === 'not-attempted' || item.outcome === 'unverified').length,
			outcome: outcomeOf(items, undone?.count ?? 0),
			workspaces: [...new Set(items.map(item => workspaceOf(item.entry)))].sort(),
			...(first.undoOf ? {undoOf: first.undoOf} : {}),
			undoneBy: undone?.by ?? [],
			source: batch,
		} satisfies JournalSummary;
	});
	// The journal is append-only: file order is time order.
	return summaries.reverse();
}

/** "now", "5m ago", "3h ago", "2d ago" (from `now`): short enough for a narrow column. */
export function relativeTime(time: string, now: Date): string {
	const ms = now.getTime() - Date.parse(time);
	if (!Number.isFinite(ms)) return '?';
	if (ms < 60_000) return 'now';
	const minutes = Math.floor(ms / 60_000);
	if (minutes < 60) return `${minutes}m ago`;
	const hours = Math.floor(minutes / 60);
	if (hours < 48) return `${hours}h ago`;
	return `${Math.floor(hours / 24)}d ago`;
}
