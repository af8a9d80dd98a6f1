/**
 * Sorting by column (k9s habit): the view's default order first, then each column in turn (`S`),
 * either way round (`s` reverses). The title shows which.
 */
import type {ColumnSpec, SortMode, TableRow} from '../components/table-model.js';

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

/** The view's default order, then one choice per column. */
export function sortChoices(section: {sorts: readonly SortMode[]; columns: readonly ColumnSpec[]}): SortChoice[] {
	const first = section.sorts[0];
	const choices: SortChoice[] = first ? [{label: first.label, mode: first}] : [];
	for (const column of section.columns) choices.push({label: column.title.toLowerCase(), mode: columnSort(column), column: column.id});
	return choices;
}

/** "sort: level (highest first)", "sort: via ↑", "sort: via ↓". */
export function sortLabel(choice: SortChoice | undefined, reverse: boolean): string | undefined {
	if (!choice) return undefined;
	if (!choice.column) return reverse ? `${choice.label}, reversed` : choice.label;
	return `${choice.label} ${reverse ? '↓' : '↑'}`;
}
