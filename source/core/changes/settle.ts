/**
 * Settling 'unverified' changes (`bbaccess verify`): a change whose re-read failed was sent but not
 * confirmed. Re-read each such entry now; append a line that settles it (applied-verified when
 * Bitbucket shows the state the change asked for, failed when it shows something else). The
 * journal stays append-only: the new line names the batch it settles.
 */
import {toBbError} from '../errors.js';
import {stateLabel} from './describe.js';
import {readRequest, readState, sameState, type ChangeClient} from './endpoints.js';
import type {Journal} from './journal.js';
import type {JournalEntry} from './types.js';

function key(entry: JournalEntry, batch: string): string {
	return `${batch}\n${JSON.stringify(entry.request)}`;
}

/** 'unverified' entries that no later line settles, oldest first. */
export function unsettledEntries(entries: readonly JournalEntry[]): JournalEntry[] {
	const settled = new Set(entries.filter(entry => entry.settles !== undefined).map(entry => key(entry, entry.settles!)));
	return entries.filter(entry => entry.outcome === 'unverified' && !settled.has(key(entry, entry.batch)));
}

export interface SettleResult {
	entry: JournalEntry;
	outcome: 'applied-verified' | 'failed' | 'unverified';
	message: string;
}

/**
 * Re-read every unsettled entry of this account and API URL (or only those of `batch`) and journal
 * the outcome. An entry that still cannot be read stays unverified (nothing is appended for it).
 */
export async function settleUnverified(
	client: ChangeClient,
	journal: Journal,
	scope: {account: string; apiUrl: string; batch?: string},
	now: () => Date = () => new Date(),
): Promise<SettleResult[]> {
	const {entries} = await journal.read();
	const pending = unsettledEntries(entries).filter(
		entry => entry.account === scope.account && entry.apiUrl === scope.apiUrl && (scope.batch === undefined || entry.batch === scope.batch || entry.batch.startsWith(scope.batch)),
	);
	const results: SettleResult[] = [];
	const lines: JournalEntry[] = [];
	for (const entry of pending) {
		const {path} = readRequest(entry.request);
		try {
			const state = await readState(client, entry.request);
			const ok = sameState(state, entry.after);
			const message = ok
				? `confirmed by bbaccess verify: Bitbucket shows ${stateLabel(state)}`
				: `bbaccess verify: Bitbucket shows ${stateLabel(state)}, the change asked for ${stateLabel(entry.after)}`;
			const outcome = ok ? 'applied-verified' : 'failed';
			lines.push({...entry, time: now().toISOString(), verified: state, outcome, message, settles: entry.batch, requests: [{method: 'GET', path}]});
			results.push({entry, outcome, message});
		} catch (error) {
			results.push({entry, outcome: 'unverified', message: `still could not be read: ${toBbError(error).message}`});
		}
	}
	await journal.append(lines);
	return results;
}
