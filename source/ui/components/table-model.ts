/**
 * The data a table renders, and how its columns fit a width. Pure; no Ink.
 */
import type {Level} from '../../core/model.js';
import type {ViewRef} from '../explorer/view-ref.js';
import {displayWidth} from './text-width.js';

/** A semantic tone for a cell; the theme turns it into a colour (or nothing under NO_COLOR). */
export type Tone = Level | 'none' | 'muted' | 'ok' | 'warn' | 'error' | 'accent';

export interface ColumnSpec {
	id: string;
	title: string;
	/** Narrowest useful width in cells. */
	min: number;
	/** Widest the column grows to from its content (default: unbounded). */
	max?: number;
	/** Share of leftover width (default 0). */
	grow?: number;
	/** 0 = always shown; higher numbers are dropped first on narrow terminals. */
	priority: number;
	align?: 'left' | 'right';
	/** Leave the column out when no row has a value (e.g. "Partial" when all is visible). */
	hideWhenEmpty?: boolean;
	/**
	 * Cut with an ellipsis (down to `min`) before an optional column is dropped, and leave a growing
	 * column its share when space is short: a long name must not push out the VIA column.
	 */
	shrink?: boolean;
}

/** The share of the room a shrinking column takes before the growing columns get theirs. */
const SHRINK_SHARE = 0.33;

export interface WebLink {
	kind: 'repository' | 'project' | 'workspace' | 'user';
	workspace?: string;
	key?: string;
	fullName?: string;
	uuid?: string;
}

export interface TableRow {
	key: string;
	cells: Record<string, string>;
	tones?: Record<string, Tone>;
	/** Text the filter matches (all cells, plus ids). */
	search: string;
	/** search, lower-cased once. */
	searchLower: string;
	/** Values sort modes compare. */
	sort: Record<string, string | number>;
	/** Enter drills into this view. */
	open?: ViewRef;
	/** When the row names several objects (a finding): Enter asks which one to open (`open` is the first). */
	openChoices?: {ref: ViewRef; label: string}[];
	/** What `y` copies. */
	copy?: {text: string; label: string};
	/** What `o` opens. */
	web?: WebLink;
	/** The row as exported (CSV/JSON). */
	record: Record<string, unknown>;
}

export interface SortMode {
	id: string;
	label: string;
	compare: (a: TableRow, b: TableRow) => number;
}

export interface LaidOutColumn extends ColumnSpec {
	width: number;
}

/** Gap between columns, in cells. */
export const COLUMN_GAP = 2;
/** The selection marker column ("› "). */
export const MARKER_WIDTH = 2;

/** Widest cell per column over the given rows (title included). */
export function naturalWidths(columns: readonly ColumnSpec[], rows: readonly TableRow[]): Record<string, number> {
	const widths: Record<string, number> = {};
	for (const column of columns) {
		if (column.hideWhenEmpty && !rows.some(row => (row.cells[column.id] ?? '') !== '')) {
			widths[column.id] = 0;
			continue;
		}
		let widest = displayWidth(column.title);
		const cap = column.max ?? Number.POSITIVE_INFINITY;
		for (const row of rows) {
			const w = displayWidth(row.cells[column.id] ?? '');
			if (w > widest) {
				widest = w;
				if (widest >= cap) break;
			}
		}
		widths[column.id] = Math.max(column.min, Math.min(widest, cap));
	}
	return widths;
}

/**
 * Fit columns into `width` cells: drop the highest-priority-number columns until the always-shown
 * columns fit at their content width and the others at their minimum, then give each column its natural width as far as room allows, then share what is
 * left by `grow`.
 */
export function layoutColumns(columns: readonly ColumnSpec[], natural: Record<string, number>, width: number): LaidOutColumn[] {
	const room = Math.max(0, width - MARKER_WIDTH);
	let kept = columns.filter(column => natural[column.id] !== 0);
	const needed = (list: readonly ColumnSpec[]) => list.reduce((sum, c) => sum + c.min, 0) + COLUMN_GAP * Math.max(0, list.length - 1);
	// Columns that are always shown (priority 0) keep their content width before optional columns
	// are added: a name is not cut to make room for a count. Growing columns (long free text such
	// as a finding) share what is left instead of pushing every other column out.
	const essential = (list: readonly ColumnSpec[]) =>
		needed(list) + list.filter(c => c.priority === 0 && !(c.grow ?? 0) && !c.shrink).reduce((sum, c) => sum + Math.max(0, (natural[c.id] ?? c.min) - c.min), 0);
	while (kept.length > 1 && essential(kept) > room && kept.some(c => c.priority > 0)) {
		const drop = kept.reduce((worst, c) => (c.priority >= worst.priority ? c : worst));
		kept = kept.filter(c => c !== drop);
	}
	while (kept.length > 1 && needed(kept) > room) {
		const drop = kept.reduce((worst, c) => (c.priority >= worst.priority ? c : worst));
		if (drop.priority === 0) break;
		kept = kept.filter(c => c !== drop);
	}
	const laid: LaidOutColumn[] = kept.map(c => ({...c, width: c.min}));
	let left = room - needed(kept);
	// Natural widths, most important columns first; growing columns (long free text) last, so a
	// long "via" or "partial" text cannot starve a short fixed column.
	// A shrinking column first takes at most its share of the room when a growing column is shown.
	const hasGrower = laid.some(c => (c.grow ?? 0) > 0);
	const firstPassCap = (column: LaidOutColumn) => (column.shrink && hasGrower ? Math.max(column.min, Math.floor(room * SHRINK_SHARE)) : Number.POSITIVE_INFINITY);
	const give = (column: LaidOutColumn, cap: number) => {
		if (left <= 0) return;
		const want = Math.max(0, Math.min(natural[column.id] ?? column.min, cap) - column.width);
		const given = Math.min(want, left);
		column.width += given;
		left -= given;
	};
	for (const column of [...laid].sort((a, b) => Number((a.grow ?? 0) > 0) - Number((b.grow ?? 0) > 0) || a.priority - b.priority)) give(column, firstPassCap(column));
	// Then what is left goes back to the shrinking columns, up to their content.
	for (const column of laid) if (column.shrink) give(column, Number.POSITIVE_INFINITY);
	const growers = laid.filter(c => (c.grow ?? 0) > 0);
	const totalGrow = growers.reduce((sum, c) => sum + (c.grow ?? 0), 0);
	if (left > 0 && totalGrow > 0) {
		let given = 0;
		growers.forEach((column, index) => {
			const share = index === growers.length - 1 ? left - given : Math.floor((left * (column.grow ?? 0)) / totalGrow);
			column.width += share;
			given += share;
		});
	}
	if (laid.length === 1 && laid[0] && laid[0].width > room) laid[0].width = room;
	return laid;
}

/** The last filter result per row list: typing more narrows it instead of scanning every row again. */
const lastFilter = new WeakMap<readonly TableRow[], {query: string; result: readonly TableRow[]}>();

/**
 * Smart-case, space-separated AND filter over precomputed search keys. When the query extends the
 * previous query on the same rows (a key typed), only the previous matches are scanned: every
 * row matching "abc" (or "ab c", or "aB") also matched "ab".
 */
export function filterRows(rows: readonly TableRow[], query: string): readonly TableRow[] {
	const trimmed = query.trim();
	if (trimmed === '') return rows;
	const previous = lastFilter.get(rows);
	const from = previous && trimmed.startsWith(previous.query) ? previous.result : rows;
	const result = filterAll(from, trimmed);
	lastFilter.set(rows, {query: trimmed, result});
	return result;
}

function filterAll(rows: readonly TableRow[], trimmed: string): readonly TableRow[] {
	const caseSensitive = trimmed !== trimmed.toLowerCase();
	const terms = trimmed.split(/\s+/);
	if (terms.length === 1) {
		const term = terms[0]!;
		return caseSensitive ? rows.filter(row => row.search.includes(term)) : rows.filter(row => row.searchLower.includes(term));
	}
	return rows.filter(row => {
		const haystack = caseSensitive ? row.search : row.searchLower;
		return terms.every(term => haystack.includes(term));
	});
}

/** Sorted copies per row list and sort mode: going back to a list does not sort it again. */
const sortedRows = new WeakMap<readonly TableRow[], Map<SortMode, readonly TableRow[]>>();

export function sortRows(rows: readonly TableRow[], mode: SortMode | undefined): readonly TableRow[] {
	if (!mode) return rows;
	let byMode = sortedRows.get(rows);
	if (!byMode) {
		byMode = new Map();
		sortedRows.set(rows, byMode);
	}
	let sorted = byMode.get(mode);
	if (!sorted) {
		sorted = [...rows].sort(mode.compare);
		byMode.set(mode, sorted);
	}
	return sorted;
}

/** Build a row's search keys from its cells plus extra ids. */
export function searchKeys(cells: Record<string, string>, extra: readonly (string | undefined)[] = []): {search: string; searchLower: string} {
	const parts = [...Object.values(cells), ...extra.filter((x): x is string => x !== undefined && x !== '')];
	const search = parts.join('\u0000');
	return {search, searchLower: search.toLowerCase()};
}
