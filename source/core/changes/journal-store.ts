/**
 * The explorer's view of the change journal, outside React: read in the background (the file is
 * shared with the CLI and other sessions), summarised per batch for this account, and re-read
 * when the Journal view opens or anything in this process appends to it. Listeners are told when
 * a read finishes. While a re-read runs, the last summaries stay shown.
 */
import {journalSummaries, type JournalSummary} from './batch/journal-summary.js';
import {Journal} from './journal.js';

export type JournalState =
	| {state: 'loading'}
	| {state: 'ready'; summaries: JournalSummary[]; skippedLines: number; reading: boolean}
	| {state: 'error'; message: string};

interface Slot {
	state: JournalState;
	account: {email: string; apiUrl: string};
	journal: Journal;
	/** A newer read was asked for while one ran. */
	again: boolean;
	running: boolean;
}

const slots = new Map<string, Slot>();
const listeners = new Set<() => void>();
let serial = 0;

function notify(): void {
	serial++;
	for (const listener of [...listeners]) listener();
}

/** Increments on every change of any journal state (a memo key for screens). */
export function journalRevision(): number {
	return serial;
}

export function onJournalChange(listener: () => void): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

function keyOf(journal: Journal, account: {email: string; apiUrl: string}): string {
	return `${journal.file}\n${account.email}\n${account.apiUrl}`;
}

function read(slot: Slot): void {
	if (slot.running) {
		slot.again = true;
		return;
	}
	slot.running = true;
	slot.again = false;
	if (slot.state.state === 'ready') slot.state = {...slot.state, reading: true};
	void slot.journal
		.read()
		.then(
			({entries, skippedLines}) => {
				slot.state = {state: 'ready', summaries: journalSummaries(entries, slot.account), skippedLines, reading: false};
			},
			(error: unknown) => {
				slot.state = {state: 'error', message: error instanceof Error ? error.message : String(error)};
			},
		)
		.finally(() => {
			slot.running = false;
			if (slot.again) read(slot);
			else notify();
		});
}

/** The journal's state for this account; starts the first read on first ask. */
export function journalState(journal: Journal, account: {email: string; apiUrl: string}): JournalState {
	const key = keyOf(journal, account);
	let slot = slots.get(key);
	if (!slot) {
		slot = {state: {state: 'loading'}, account, journal, again: false, running: false};
		slots.set(key, slot);
		read(slot);
	}
	return slot.state;
}

/** Read the journal again (the view opened; another process may have written to it). */
export function reloadJournal(journal: Journal, account: {email: string; apiUrl: string}): void {
	const slot = slots.get(keyOf(journal, account));
	if (slot) read(slot);
	else journalState(journal, account);
}

/** Forget every cached read (tests; a new login). */
export function resetJournalStore(): void {
	slots.clear();
	notify();
}

Journal.onAppend(file => {
	for (const slot of slots.values()) if (slot.journal.file === file) read(slot);
});

/** Whether the last read of the journal holds a change of this login that undo could restore (undefined: not read yet). */
export function hasUndoableChange(journal: Journal, account: {email: string; apiUrl: string}): boolean | undefined {
	const state = journalState(journal, account);
	if (state.state !== 'ready') return undefined;
	return state.summaries.some(summary => summary.applied > 0);
}
