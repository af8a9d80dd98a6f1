/**
 * journalSummaries(): the journal per batch for the Journal view — this login only, newest first,
 * kind, outcome (some failed, dry-run, refused, undone, partly undone), a `bbaccess verify`
 * settlement folded into the item it settles, and the plan title (or a fallback for old lines).
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {journalSummaries, relativeTime} from '../source/core/changes/batch/index.js';
import type {ItemOutcome, JournalEntry} from '../source/core/changes/index.js';

const account = {email: 'admin@acme.test', apiUrl: 'http://127.0.0.1:1'};
let clock = Date.parse('2026-12-02T10:00:00Z');

function entry(batch: string, repo: string, outcome: ItemOutcome, extra: Partial<JournalEntry> = {}): JournalEntry {
	clock += 1000;
	return {
		time: new Date(clock).toISOString(),
		batch,
		operation: 'batch',
		account: account.email,
		apiUrl: account.apiUrl,
		request: {type: 'permission', target: {type: 'repository', workspace: repo.split('/')[0]!, fullName: repo}, principal: {type: 'user', uuid: '{u1}'}, level: 'write'},
		summary: `grant WRITE of u1 on ${repo}`,
		before: {type: 'permission', level: undefined},
		after: {type: 'permission', level: 'write'},
		...(outcome === 'applied-verified' ? {verified: {type: 'permission', level: 'write'}} : {}),
		requests: [],
		outcome,
		...extra,
	};
}

test('outcomes, kinds, undone marks, titles and order', () => {
	const entries = [
		entry('b-applied', 'acme/a', 'applied-verified', {operation: 'grant', title: 'Grant WRITE on acme/a to u1'}),
		entry('b-some', 'acme/a', 'applied-verified'),
		entry('b-some', 'labs/b', 'failed', {message: 'HTTP 500'}),
		entry('b-dry', 'acme/a', 'dry-run'),
		entry('b-refused', 'acme/a', 'not-attempted'),
		entry('b-other-login', 'acme/a', 'applied-verified', {account: 'someone@else.test'}),
		entry('b-two', 'acme/a', 'applied-verified'),
		entry('b-two', 'acme/c', 'applied-verified'),
		entry('b-undo-all', 'acme/a', 'applied-verified', {undoOf: 'b-applied', operation: 'batch'}),
		entry('b-undo-half', 'acme/a', 'applied-verified', {undoOf: 'b-two'}),
		entry('b-undo-half', 'acme/c', 'blocked', {undoOf: 'b-two', message: 'conflict, left alone'}),
	];
	const summaries = journalSummaries(entries, account);
	const table = summaries.map(summary => [summary.batch, summary.kind, summary.outcome, summary.items.length, summary.workspaces.join(' ')]);
	assert.deepEqual(table, [
		['b-undo-half', 'undo', 'applied', 2, 'acme'],
		['b-undo-all', 'undo', 'applied', 1, 'acme'],
		['b-two', 'batch', 'partly undone', 2, 'acme'],
		['b-refused', 'batch', 'refused', 1, 'acme'],
		['b-dry', 'batch', 'dry-run', 1, 'acme'],
		['b-some', 'batch', 'some failed', 2, 'acme labs'],
		['b-applied', 'change', 'undone', 1, 'acme'],
	]);
	assert.equal(summaries.at(-1)!.title, 'Grant WRITE on acme/a to u1', 'the journaled plan title');
	assert.match(summaries.find(summary => summary.batch === 'b-two')!.title, /^Batch of 2 items: grant WRITE of u1 on acme\/a, …$/, 'old lines without a title');
	assert.deepEqual(summaries.find(summary => summary.batch === 'b-applied')!.undoneBy, ['b-undo-all']);
	assert.equal(summaries.find(summary => summary.batch === 'b-undo-all')!.undoOf, 'b-applied');
});

test('a `bbaccess verify` settlement replaces the unverified outcome of its item', () => {
	const sent = entry('b-unverified', 'acme/a', 'unverified');
	const settled = entry('b-unverified', 'acme/a', 'applied-verified', {settles: 'b-unverified', message: 'confirmed by bbaccess verify'});
	const [before] = journalSummaries([sent], account);
	assert.equal(before!.outcome, 'unverified');
	const [after] = journalSummaries([sent, settled], account);
	assert.equal(after!.items.length, 1, 'the settlement is not a second item');
	assert.equal(after!.outcome, 'applied');
	assert.equal(after!.items[0]!.outcome, 'applied-verified');
});

test('relative time is short', () => {
	const now = new Date('2026-12-02T12:00:00Z');
	assert.deepEqual(
		['2026-12-02T11:59:30Z', '2026-12-02T11:55:00Z', '2026-12-02T09:00:00Z', '2026-11-28T12:00:00Z'].map(time => relativeTime(time, now)),
		['now', '5m ago', '3h ago', '4d ago'],
	);
});
