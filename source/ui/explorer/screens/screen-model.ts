/**
 * What a view shows, as data: crumbs, summary lines and sections of table rows. Built by pure
 * functions from the graph (see the *-screen.ts files); the explorer renders any ScreenModel the
 * same way, so a new view is a new builder, not a new component.
 */
import type {AccessGraph} from '../../../core/graph/index.js';
import type {ExplorerBackend} from '../../../core/backend.js';
import {levelLabel, levelRank, type Level} from '../../../core/model.js';
import type {ColumnSpec, SortMode, TableRow, Tone, WebLink} from '../../components/table-model.js';
import {searchKeys} from '../../components/table-model.js';
import type {ViewRef} from '../view-ref.js';

export interface Notice {
	tone: 'info' | 'warn' | 'error';
	text: string;
	/** Show a spinner before the text (work in progress). */
	busy?: boolean;
}

export interface SectionModel {
	id: string;
	title: string;
	columns: ColumnSpec[];
	rows: TableRow[];
	/** First mode is the default. */
	sorts: SortMode[];
	/** What an empty list means, in words (never "no access" when grants are unknown). */
	empty: string;
	notice?: Notice;
}

export interface ScreenModel {
	ref: ViewRef;
	crumbs: string[];
	/** Lines under the tabs (role, groups, project…). */
	summary: string[];
	sections: SectionModel[];
	/** The view cannot be shown (e.g. the repository is gone after a refresh). */
	error?: string;
	/** What `y` copies and `o` opens when no row is selected. */
	copy?: {text: string; label: string};
	web?: WebLink;
	/** Base of export file names, e.g. "acme-api-gateway". */
	exportName: string;
}

export interface ScreenContext {
	graph: AccessGraph;
	backend: ExplorerBackend;
	/** Repositories whose grants are being loaded right now. */
	loadingGrants: ReadonlySet<string>;
	/** Repositories whose grants the explorer has asked for already (others are about to be). */
	attemptedGrants: ReadonlySet<string>;
	/** Repositories whose grants failed to load, with the message. */
	failedGrants: ReadonlyMap<string, string>;
}

export interface RowOptions {
	tones?: Record<string, Tone>;
	/** Extra text the filter should match (ids, uuids). */
	extraSearch?: (string | undefined)[];
	sort?: Record<string, string | number>;
	open?: ViewRef;
	openChoices?: {ref: ViewRef; label: string}[];
	copy?: {text: string; label: string};
	web?: WebLink;
	record: Record<string, unknown>;
}

export function makeRow(key: string, cells: Record<string, string>, options: RowOptions): TableRow {
	return {key, cells, ...searchKeys(cells, options.extraSearch), sort: options.sort ?? {}, tones: options.tones, open: options.open, ...(options.openChoices && options.openChoices.length > 1 ? {openChoices: options.openChoices} : {}), copy: options.copy, web: options.web, record: options.record};
}

function compareValues(a: string | number | undefined, b: string | number | undefined): number {
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	const x = String(a ?? '').toLowerCase();
	const y = String(b ?? '').toLowerCase();
	return x < y ? -1 : x > y ? 1 : 0;
}

/** A sort mode over `sort[field]` values; `descending` flips it; ties keep the key order. */
export function sortBy(id: string, label: string, fields: {field: string; descending?: boolean}[]): SortMode {
	return {
		id,
		label,
		compare: (a, b) => {
			for (const {field, descending} of fields) {
				const order = compareValues(a.sort[field], b.sort[field]);
				if (order !== 0) return descending ? -order : order;
			}
			return compareValues(a.key, b.key);
		},
	};
}

/** Keep the order the rows were built in (e.g. the graph's highest-level-first). */
export const AS_GIVEN = (id: string, label: string): SortMode => ({id, label, compare: () => 0});

export function levelCell(level: Level | undefined): string {
	return level ? levelLabel(level) : '—';
}

export function levelSort(level: Level | undefined): number {
	return level ? levelRank(level) : 0;
}

export function userLabel(displayName: string, nickname?: string): string {
	return nickname && nickname !== displayName ? `${displayName} (${nickname})` : displayName;
}

export function plural(count: number, one: string, many = `${one}s`): string {
	return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** Short text for a list of "missing" reasons: the first, and how many more reasons (said so). */
export function missingText(missing: readonly string[]): string {
	if (missing.length === 0) return '';
	const first = missing[0]!;
	const more = missing.length - 1;
	return more === 0 ? first : `${first} (and ${more} more ${more === 1 ? 'reason' : 'reasons'})`;
}

/**
 * Why a person's access list may be incomplete, agreeing with `L`: the repositories `L` would load
 * (counted the same way), then how many reasons `L` cannot fix and where they are listed — counts
 * first, so an 80-column banner that cuts the reason still says what "more" means.
 */
export function personIncompleteText(loadable: number, missing: readonly string[]): string | undefined {
	const others = missing.filter(reason => !/^repository grants of .* not loaded$/.test(reason));
	if (loadable === 0 && others.length === 0) return undefined;
	const toLoad = plural(loadable, 'repository', 'repositories');
	if (others.length === 0) return `Incomplete: grants of ${toLoad} not loaded (L loads them)`;
	const count = others.length === 1 ? 'a reason' : `${others.length.toLocaleString('en-US')} reasons`;
	const rest = `${others[0]!}${others.length > 1 ? '; …' : ''}`;
	if (loadable === 0) return `Incomplete: ${count} L cannot fix (P and d list ${others.length === 1 ? 'it' : 'them'}): ${rest}`;
	return `Incomplete: ${toLoad} to load (L); ${count} L cannot fix (see P, d): ${rest}`;
}

export function notFound(ref: ViewRef, what: string): ScreenModel {
	return {ref, crumbs: [what], summary: [], sections: [], error: `${what} is not in the synced data (removed, or not visible to this account). Press Esc to go back or r to refresh.`, exportName: 'view'};
}

/** While repository grants load (L, or a repository view), a busy notice with the count. */
export function loadingNotice(ctx: ScreenContext): Notice | undefined {
	const count = ctx.loadingGrants.size;
	if (count === 0) return undefined;
	return {tone: 'info', busy: true, text: `Loading repository grants… ${count.toLocaleString('en-US')} in flight`};
}
