/**
 * The Journal view (`J`, `:journal`): every journaled change and batch of this account, from any
 * session and the CLI, newest first; Enter opens one entry's items (target, principal, before →
 * after, outcome). Pure builders over the journal store's last read (core/changes/journal-store.ts);
 * every journaled text is server text (names, Bitbucket's messages) and is sanitised here.
 */
import type {ChangeService} from '../../core/changes/index.js';
import {relativeTime, type JournalItem, type JournalOutcome, type JournalSummary} from '../../core/changes/batch/journal-summary.js';
import {journalState} from '../../core/changes/journal-store.js';
import {stateLabel, targetLongName, userShortName} from '../../core/changes/describe.js';
import type {AccessGraph} from '../../core/graph/index.js';
import {sanitizeText} from '../../core/text/sanitize.js';
import type {Tone} from '../components/table-model.js';
import type {ViewRef} from '../explorer/view-ref.js';
import {AS_GIVEN, makeRow, plural, sortBy, type ScreenContext, type ScreenModel, type SectionModel} from '../explorer/screens/screen-model.js';

export const OUTCOME_TONE: Record<JournalOutcome, Tone> = {
	applied: 'ok',
	'some failed': 'warn',
	failed: 'error',
	'dry-run': 'muted',
	undone: 'accent',
	'partly undone': 'accent',
	refused: 'warn',
	'no-op': 'muted',
	unverified: 'warn',
};

const ITEM_TONE: Record<string, Tone> = {'applied-verified': 'ok', 'no-op': 'muted', 'dry-run': 'muted', failed: 'error', 'not-attempted': 'error', blocked: 'warn', unverified: 'warn'};

/** "16:53" today, "12-01 16:53" this year, else "2025-12-01" (UTC, like the journal). */
export function shortTime(time: string, now: Date): string {
	const iso = new Date(Date.parse(time)).toISOString();
	const today = now.toISOString().slice(0, 10);
	if (iso.slice(0, 10) === today) return iso.slice(11, 16);
	if (iso.slice(0, 4) === today.slice(0, 4)) return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
	return iso.slice(0, 10);
}

function fullTime(time: string): string {
	return `${time.slice(0, 19).replace('T', ' ')} UTC`;
}

type JournalSource = Pick<ChangeService, 'journal' | 'account'>;

function sourceOf(ctx: ScreenContext): JournalSource | undefined {
	return ctx.backend.changes;
}

const base = (ref: ViewRef, crumb: string) => ({ref, crumbs: [crumb], exportName: 'journal'});

function messageScreen(ref: ViewRef, crumb: string, text: string): ScreenModel {
	const section: SectionModel = {id: 'journal', title: 'Journal', columns: [{id: 'title', title: 'Change', min: 10, grow: 1, priority: 0}], rows: [], sorts: [AS_GIVEN('time', 'newest first')], empty: text};
	return {...base(ref, crumb), summary: [text], sections: [section]};
}

export function undoHint(summary: JournalSummary): string {
	if (summary.applied === 0) return `nothing to undo (${summary.outcome})`;
	if (summary.outcome === 'undone') return `undone by ${summary.undoneBy.map(id => id.slice(0, 8)).join(', ')}`;
	return 'u undoes it';
}

/** The summaries the Journal views show, or a screen saying why there are none yet. */
function summariesOf(ctx: ScreenContext, ref: ViewRef, crumb: string): JournalSummary[] | ScreenModel {
	const source = sourceOf(ctx);
	if (!source) return messageScreen(ref, crumb, 'The change journal is not available in this session (changes are off).');
	const state = journalState(source.journal, source.account);
	if (state.state === 'loading') return messageScreen(ref, crumb, 'Reading the change journal…');
	if (state.state === 'error') return messageScreen(ref, crumb, `The change journal cannot be read: ${sanitizeText(state.message)}`);
	return state.summaries;
}

export function journalScreen(ctx: ScreenContext, ref: ViewRef & {view: 'journal'}): ScreenModel {
	const found = summariesOf(ctx, ref, 'journal');
	if (!Array.isArray(found)) return found;
	const now = new Date();
	const rows = found.map((summary, index) =>
		makeRow(
			summary.batch,
			{
				ago: relativeTime(summary.time, now),
				at: shortTime(summary.time, now),
				kind: summary.kind,
				title: sanitizeText(summary.title),
				items: String(summary.items.length),
				outcome: summary.outcome,
				workspaces: sanitizeText(summary.workspaces.join(', ')),
			},
			{
				tones: {ago: 'muted', kind: summary.kind === 'undo' ? 'accent' : 'muted', outcome: OUTCOME_TONE[summary.outcome], workspaces: 'muted'},
				extraSearch: [summary.batch, summary.time],
				sort: {time: -index, kind: summary.kind, outcome: summary.outcome, title: summary.title},
				open: {view: 'journal-entry', batch: summary.batch},
				copy: {text: summary.batch, label: 'journal batch id'},
				record: {batch: summary.batch, time: summary.time, kind: summary.kind, title: sanitizeText(summary.title), items: summary.items.length, applied: summary.applied, failed: summary.failed, outcome: summary.outcome, workspaces: summary.workspaces.join(' '), undoOf: summary.undoOf ?? '', undoneBy: summary.undoneBy.join(' ')},
			},
		),
	);
	const section: SectionModel = {
		id: 'journal',
		title: 'Journal',
		columns: [
			{id: 'ago', title: 'When', min: 6, max: 8, priority: 0},
			{id: 'at', title: 'UTC', min: 5, max: 11, priority: 1},
			{id: 'kind', title: 'Kind', min: 6, priority: 1},
			{id: 'title', title: 'Change', min: 14, grow: 1, priority: 0},
			{id: 'items', title: 'Items', min: 5, priority: 2, align: 'right'},
			{id: 'outcome', title: 'Outcome', min: 8, max: 13, priority: 0},
			{id: 'workspaces', title: 'Where', min: 5, max: 24, priority: 3},
		],
		rows,
		sorts: [AS_GIVEN('time', 'newest first'), sortBy('outcome', 'outcome', [{field: 'outcome'}, {field: 'time'}]), sortBy('kind', 'kind', [{field: 'kind'}, {field: 'time'}])],
		empty: 'No changes journaled yet for this login: every change made here or with the CLI is journaled.',
	};
	const source = sourceOf(ctx)!;
	return {
		...base(ref, 'journal'),
		summary: [`${plural(found.length, 'journaled change')} of ${sanitizeText(source.account.email)} (every session and the CLI) · Enter opens one · u undoes it`],
		sections: [section],
	};
}

function principalText(graph: AccessGraph, item: JournalItem): string {
	const request = item.entry.request;
	if (request.type === 'membership') return userShortName(graph.user(request.user), request.user);
	return request.principal.type === 'group' ? `group ${request.principal.slug}` : userShortName(graph.user(request.principal.uuid), request.principal.uuid);
}

function targetText(item: JournalItem): string {
	const request = item.entry.request;
	return request.type === 'membership' ? `group ${request.workspace}:${request.group}` : targetLongName(request.target);
}

function targetView(item: JournalItem): ViewRef {
	const request = item.entry.request;
	if (request.type === 'membership') return {view: 'group', workspace: request.workspace, slug: request.group};
	return request.target.type === 'project' ? {view: 'project', workspace: request.target.workspace, key: request.target.key} : {view: 'repository', fullName: request.target.fullName};
}

/** The summary an entry view names (its id or an unambiguous prefix of it). */
export function findSummary(summaries: readonly JournalSummary[], batch: string): JournalSummary | JournalSummary[] | undefined {
	const exact = summaries.find(summary => summary.batch === batch);
	if (exact) return exact;
	const matches = summaries.filter(summary => summary.batch.startsWith(batch.trim()));
	return matches.length === 1 ? matches[0] : matches.length > 1 ? matches : undefined;
}

export function journalEntryScreen(ctx: ScreenContext, ref: ViewRef & {view: 'journal-entry'}): ScreenModel {
	const crumb = `change ${ref.batch.slice(0, 8)}`;
	const found = summariesOf(ctx, ref, crumb);
	if (!Array.isArray(found)) return found;
	const summary = findSummary(found, ref.batch);
	if (!summary || Array.isArray(summary)) {
		const why = summary ? `"${sanitizeText(ref.batch)}" matches ${summary.length} journaled changes: give more of the id` : `No journaled change "${sanitizeText(ref.batch)}" for this login (J lists them).`;
		return {...base(ref, crumb), summary: [], sections: [], error: `${why} Press Esc to go back.`};
	}
	const now = new Date();
	const rows = summary.items.map((item, index) =>
		makeRow(
			String(index),
			{
				target: sanitizeText(targetText(item)),
				principal: sanitizeText(principalText(ctx.graph, item)),
				change: `${stateLabel(item.entry.before)} → ${stateLabel(item.after)}`,
				outcome: item.outcome,
				message: sanitizeText(item.entry.message ?? ''),
			},
			{
				tones: {outcome: ITEM_TONE[item.outcome] ?? 'muted', message: 'muted'},
				extraSearch: [sanitizeText(item.entry.summary)],
				sort: {target: targetText(item), principal: principalText(ctx.graph, item), outcome: item.outcome},
				open: targetView(item),
				copy: {text: sanitizeText(item.entry.summary), label: 'change'},
				record: {summary: sanitizeText(item.entry.summary), target: targetText(item), principal: principalText(ctx.graph, item), before: stateLabel(item.entry.before), after: stateLabel(item.after), outcome: item.outcome, message: sanitizeText(item.entry.message ?? ''), requests: item.entry.requests.map(request => `${request.method} ${request.path}${request.status ? ` ${request.status}` : ''}`).join('; ')},
			},
		),
	);
	const section: SectionModel = {
		id: 'items',
		title: 'Items',
		columns: [
			{id: 'target', title: 'Target', min: 12, max: 36, priority: 0},
			{id: 'principal', title: 'Principal', min: 10, max: 28, priority: 0},
			{id: 'change', title: 'Before → after', min: 14, priority: 0},
			{id: 'outcome', title: 'Outcome', min: 9, max: 16, priority: 0},
			{id: 'message', title: 'Why', min: 10, grow: 1, priority: 3, hideWhenEmpty: true},
		],
		rows,
		sorts: [AS_GIVEN('order', 'as applied'), sortBy('target', 'target', [{field: 'target'}]), sortBy('outcome', 'outcome', [{field: 'outcome'}])],
		empty: 'This journal entry has no items.',
	};
	const undo = summary.undoOf ? ` · undid ${summary.undoOf.slice(0, 8)}` : '';
	return {
		...base(ref, crumb),
		exportName: `journal-${summary.batch.slice(0, 8)}`,
		summary: [
			`${summary.kind} ${summary.batch.slice(0, 8)} · ${fullTime(summary.time)} (${relativeTime(summary.time, now)}) · ${summary.outcome} · ${plural(summary.items.length, 'item')}${undo} · ${undoHint(summary)}`,
			sanitizeText(summary.title),
		],
		sections: [section],
		copy: {text: summary.batch, label: 'journal batch id'},
	};
}
