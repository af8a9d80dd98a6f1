/**
 * The journal keys: `J` opens the Journal view from anywhere (again: back); in the Journal view and
 * a journal entry, `u` plans the undo of that change or whole batch (planUndoOfBatch: every entry
 * re-read first, the inverse only for entries still as the change left them, conflicts listed and
 * left alone) and opens the change dialog (confirm, apply, verify, journal).
 */
import {planUndoOfBatch, type BudgetView, type JournalSummary} from '../../core/changes/batch/index.js';
import {journalState} from '../../core/changes/journal-store.js';
import type {BackendStatus} from '../../core/backend.js';
import {changesDisabled, openChangeDialog} from '../changes/change-commands.js';
import type {KeyCommand, KeyContext} from '../keys/registry.js';
import {findSummary} from './journal-screens.js';

export const JOURNAL_VIEWS = ['journal', 'journal-entry'] as const;

/** The journal entry `u` acts on: the selected row of the Journal view, or the open entry. */
export function selectedSummary(ctx: KeyContext): JournalSummary | undefined {
	const service = ctx.backend.changes;
	if (!service) return undefined;
	const state = journalState(service.journal, service.account);
	if (state.state !== 'ready') return undefined;
	const batch = ctx.view.view === 'journal-entry' ? ctx.view.batch : ctx.view.view === 'journal' ? ctx.row?.key : undefined;
	if (batch === undefined) return undefined;
	const found = findSummary(state.summaries, batch);
	return found && !Array.isArray(found) ? found : undefined;
}

/** The session's request budget as the batch plan prices it, when the status knows it. */
export function statusBudget(status: BackendStatus): BudgetView | undefined {
	if (status.budgetPerHour === undefined || status.budgetLeft === undefined) return undefined;
	return {limitPerHour: status.budgetPerHour, used: () => status.requestsUsed, remaining: () => status.budgetLeft ?? 0};
}

export function undoDisabled(ctx: KeyContext): string | undefined {
	const disabled = changesDisabled(ctx);
	if (disabled) return disabled;
	const summary = selectedSummary(ctx);
	if (!summary) return ctx.view.view === 'journal' && ctx.rows.length === 0 ? 'Nothing to undo: the journal is empty.' : 'Select a journal entry first.';
	if (summary.applied === 0) return `Nothing to undo: this ${summary.kind} changed nothing (${summary.outcome}).`;
	if (summary.outcome === 'undone') return `Already undone by ${summary.undoneBy.map(id => id.slice(0, 8)).join(', ')}: u on that undo entry redoes the change.`;
	return undefined;
}

export function undoJournalEntry(ctx: KeyContext, summary: JournalSummary): void {
	const budget = statusBudget(ctx.status);
	openChangeDialog(ctx, service => planUndoOfBatch(service, summary.source, {budget}));
}

export const journalCommands: KeyCommand[] = [
	{
		id: 'view.journal',
		keys: ['J'],
		description: 'Show the change journal of this login: every change and batch from any session and the CLI (also :journal)',
		group: 'Views',
		disabledReason: ctx => (ctx.backend.changes ? undefined : 'The change journal is not available in this session (changes are off).'),
		run: ctx => (ctx.view.view === 'journal' ? ctx.actions.back() : ctx.actions.open({view: 'journal'})),
	},
	{
		id: 'journal.undo',
		keys: ['u'],
		description: 'Undo this journaled change or whole batch, from any session: re-reads each entry, restores only those still as the change left them, lists conflicts',
		hint: 'undo',
		hintOrder: 30,
		group: 'Actions',
		views: JOURNAL_VIEWS,
		destructive: true,
		disabledReason: undoDisabled,
		run: ctx => {
			const summary = selectedSummary(ctx);
			if (summary) undoJournalEntry(ctx, summary);
		},
	},
];
