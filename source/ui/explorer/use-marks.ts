/**
 * Marks (Space, `*`, Esc) of the current section: the pane state keeps the marked keys; this
 * derives the marked rows in the section's order. A mark whose row is gone (after a refresh or an
 * applied change) matches no row; the explorer then drops it from the pane state.
 */
import {useMemo} from 'react';
import type {TableRow} from '../components/table-model.js';

const NO_MARKS: ReadonlySet<string> = new Set();

export function useMarks(marks: readonly string[] | undefined, sorted: readonly TableRow[], shown: readonly TableRow[]): {marked: readonly TableRow[]; markedKeys: ReadonlySet<string>; markedHidden: number} {
	return useMemo(() => {
		if (!marks || marks.length === 0) return {marked: [], markedKeys: NO_MARKS, markedHidden: 0};
		const wanted = new Set(marks);
		const marked = sorted.filter(row => wanted.has(row.key));
		const markedKeys = new Set(marked.map(row => row.key));
		const visible = shown.reduce((count, row) => count + (markedKeys.has(row.key) ? 1 : 0), 0);
		return {marked, markedKeys, markedHidden: marked.length - visible};
	}, [marks, sorted, shown]);
}

/** "3 marked", "3 marked (1 hidden by the filter)". */
export function markedText(count: number, hidden: number): string {
	return `${count.toLocaleString('en-US')} marked${hidden > 0 ? ` (${hidden} hidden by the filter)` : ''}`;
}
