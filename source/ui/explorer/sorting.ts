/**
 * Sorting by column (k9s habit): the view's default order first, then each column in turn (`S`),
 * either way round (`s` reverses). The title shows which.
 */
import {sortRows, type ColumnSpec, type SortMode, type TableRow} from '../components/table-model.js';

export interface SortChoice {
	/** "level (highest first)" for the default order, else the column's title. */
	label: string;
	mode: SortMode;
	column?: string;
}

const collator = new Intl.Collator('en', {numeric: true, sensitivity: 'base'});

/** Order rows by a column: its sort value when the view gives one (levels, counts), else its text (numbers as numbers). */
export function columnSort(column: ColumnSpec): SortMode {
	return {
		id: `column:${column.id}`,
		label: column.title.toLowerCase(),
		compare: (a: TableRow, b: TableRow) => {
			const x = a.sort[column.id] ?? a.cells[column.id] ?? '';
			const y = b.sort[column.id] ?? b.cells[column.id] ?? '';
			const order = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
			return order !== 0 ? order : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
		},
	};
}

export function reversedSort(mode: SortMode): SortMode {
	return {id: `${mode.id}:reversed`, label: mode.label, compare: (a, b) => mode.compare(b, a)};
}

/** The rows' keys in a sort's order: two sorts that give the same sequence look the same. */
function orderOf(rows: readonly TableRow[], mode: SortMode | undefined): string {
	return sortRows(rows, mode)
		.map(row => row.key)
		.join('\u0000');
}

/**
 * The view's default order, then one choice per column — leaving out a column whose order is the
 * default's (a list sorted by name offers no "name ↑": the press would change nothing).
 */
export function sortChoices(section: {sorts: readonly SortMode[]; columns: readonly ColumnSpec[]; rows?: readonly TableRow[]}): SortChoice[] {
	const first = section.sorts[0];
	const choices: SortChoice[] = first ? [{label: first.label, mode: first}] : [];
	const rows = section.rows ?? [];
	const defaultOrder = first && rows.length > 1 ? orderOf(rows, first) : undefined;
	for (const column of section.columns) {
		const mode = columnSort(column);
		if (defaultOrder !== undefined && orderOf(rows, mode) === defaultOrder) continue;
		choices.push({label: column.title.toLowerCase(), mode, column: column.id});
	}
	return choices;
}

/**
 * The choice `S` moves to: the next one whose order differs from what is shown (`rows` in the
 * current order), so every press visibly reorders; the plain next one when every order looks alike.
 */
export function nextSortIndex(choices: readonly SortChoice[], current: number, rows: readonly TableRow[]): number {
	const count = Math.max(1, choices.length);
	const shown = rows.map(row => row.key).join('\u0000');
	for (let step = 1; step < count; step++) {
		const index = (current + step) % count;
		if (orderOf(rows, choices[index]?.mode) !== shown) return index;
	}
	return (current + 1) % count;
}

/** "sort: level (highest first)", "sort: via ↑", "sort: via ↓". */
export function sortLabel(choice: SortChoice | undefined, reverse: boolean): string | undefined {
	if (!choice) return undefined;
	if (!choice.column) return reverse ? `${choice.label}, reversed` : choice.label;
	return `${choice.label} ${reverse ? '↓' : '↑'}`;
}
