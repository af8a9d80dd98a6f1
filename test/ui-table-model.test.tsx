import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {filterRows, layoutColumns, naturalWidths, searchKeys, sortRows, MARKER_WIDTH, COLUMN_GAP, type ColumnSpec, type TableRow} from '../source/ui/components/table-model.js';
import {displayWidth, fitToWidth, formatCount, truncateToWidth} from '../source/ui/components/text-width.js';
import {clampWindow} from '../source/ui/explorer/explorer-state.js';
import {sortBy} from '../source/ui/explorer/screens/screen-model.js';
import {nextSortIndex, sortChoices} from '../source/ui/explorer/sorting.js';

function row(key: string, cells: Record<string, string>, sort: Record<string, string | number> = {}): TableRow {
	return {key, cells, ...searchKeys(cells), sort, record: {}};
}

test('display width: CJK counts two cells; fit pads and truncates by cells', () => {
	assert.equal(displayWidth('李雷'), 4);
	assert.equal(displayWidth('José'), 4);
	assert.equal(fitToWidth('李雷', 6), '李雷  ');
	assert.equal(displayWidth(fitToWidth('李雷李雷李雷', 7)), 7);
	assert.equal(truncateToWidth('api-gateway', 6), 'api-g…');
	assert.equal(truncateToWidth('short', 10), 'short');
	assert.equal(fitToWidth('7', 4, 'right'), '   7');
	assert.equal(formatCount(3000), '3,000');
});

test('fitToWidth always yields exactly the width asked for (property)', () => {
	fc.assert(
		fc.property(fc.string({unit: fc.constantFrom('a', 'Z', ' ', '李', 'é', '雷', '-')}), fc.integer({min: 1, max: 30}), (text, width) => {
			assert.equal(displayWidth(fitToWidth(text, width)), width);
		}),
	);
});

test('layout drops the highest priority numbers first and never exceeds the width', () => {
	const columns: ColumnSpec[] = [
		{id: 'name', title: 'Name', min: 10, priority: 0},
		{id: 'level', title: 'Level', min: 11, priority: 0},
		{id: 'via', title: 'Via', min: 14, grow: 1, priority: 1},
		{id: 'extra', title: 'Extra', min: 10, priority: 3},
	];
	const natural = naturalWidths(columns, [row('a', {name: 'Dana Scully', level: 'WRITE', via: 'via group developers on project PLAT', extra: 'x'})]);
	const total = (laid: {width: number}[]) => MARKER_WIDTH + laid.reduce((sum, c) => sum + c.width, 0) + COLUMN_GAP * (laid.length - 1);
	const wide = layoutColumns(columns, natural, 120);
	assert.deepEqual(wide.map(c => c.id), ['name', 'level', 'via', 'extra']);
	assert.equal(total(wide), 120, 'grow fills the width');
	const narrow = layoutColumns(columns, natural, 45);
	assert.deepEqual(narrow.map(c => c.id), ['name', 'level', 'via']);
	assert.ok(total(narrow) <= 45);
	const tiny = layoutColumns(columns, natural, 30);
	assert.deepEqual(tiny.map(c => c.id), ['name', 'level']);
});

test('columns marked hideWhenEmpty disappear when no row has a value', () => {
	const columns: ColumnSpec[] = [
		{id: 'name', title: 'Name', min: 4, priority: 0},
		{id: 'partial', title: 'Partial', min: 8, priority: 1, hideWhenEmpty: true},
	];
	assert.deepEqual(layoutColumns(columns, naturalWidths(columns, [row('a', {name: 'acme', partial: ''})]), 80).map(c => c.id), ['name']);
	assert.deepEqual(layoutColumns(columns, naturalWidths(columns, [row('a', {name: 'acme', partial: '403'})]), 80).map(c => c.id), ['name', 'partial']);
});

test('filter: smart case, AND of words, no match across cells', () => {
	const rows = [row('1', {name: 'Dana Scully', role: 'member'}), row('2', {name: 'Fox Mulder', role: 'member'}), row('3', {name: 'Walter Skinner', role: 'owner'})];
	assert.deepEqual(filterRows(rows, 'scully').map(r => r.key), ['1']);
	assert.deepEqual(filterRows(rows, 'Scully').map(r => r.key), ['1']);
	assert.deepEqual(filterRows(rows, 'SCULLY').map(r => r.key), []);
	assert.deepEqual(filterRows(rows, 'member s').map(r => r.key), ['1']);
	assert.deepEqual(filterRows(rows, 'scullymember').map(r => r.key), [], 'cells are not glued together');
	assert.equal(filterRows(rows, '  '), rows, 'blank filter returns the same array');
});

test('sort modes compare their fields and keep ties stable by key', () => {
	const rows = [row('b', {}, {n: 2, s: 'x'}), row('a', {}, {n: 2, s: 'y'}), row('c', {}, {n: 5, s: 'a'})];
	assert.deepEqual(sortRows(rows, sortBy('n', 'n', [{field: 'n', descending: true}])).map(r => r.key), ['c', 'a', 'b']);
	assert.deepEqual(sortRows(rows, sortBy('s', 's', [{field: 's'}])).map(r => r.key), ['c', 'b', 'a']);
	assert.equal(sortRows(rows, undefined), rows);
});

test('clampWindow keeps the cursor in range and visible', () => {
	assert.deepEqual(clampWindow(5, 0, 3000, 20), {cursor: 5, top: 0});
	assert.deepEqual(clampWindow(25, 0, 3000, 20), {cursor: 25, top: 6});
	assert.deepEqual(clampWindow(-3, 10, 3000, 20), {cursor: 0, top: 0});
	assert.deepEqual(clampWindow(5000, 0, 3000, 20), {cursor: 2999, top: 2980});
	assert.deepEqual(clampWindow(3, 0, 0, 20), {cursor: 0, top: 0});
	fc.assert(
		fc.property(fc.integer({min: -10, max: 400}), fc.integer({min: -10, max: 400}), fc.integer({min: 0, max: 300}), fc.integer({min: 1, max: 60}), (cursor, top, count, height) => {
			const w = clampWindow(cursor, top, count, height);
			if (count > 0) {
				assert.ok(w.cursor >= 0 && w.cursor < count);
				assert.ok(w.cursor >= w.top && w.cursor < w.top + height);
			}
			assert.ok(w.top >= 0);
		}),
	);
});

test('a long growing column does not starve a short fixed one', () => {
	const columns: ColumnSpec[] = [
		{id: 'name', title: 'Name', min: 6, priority: 0},
		{id: 'slug', title: 'Slug', min: 6, priority: 3},
		{id: 'partial', title: 'Partial', min: 8, grow: 1, priority: 1},
	];
	const natural = naturalWidths(columns, [row('a', {name: 'Acme Labs', slug: 'acme-labs', partial: 'partial: workspace roles not visible (403) and more words'})]);
	const laid = layoutColumns(columns, natural, 50);
	assert.equal(laid.find(c => c.id === 'slug')?.width, 9);
	assert.ok((laid.find(c => c.id === 'partial')?.width ?? 0) >= 8);
});

test('filtering while typing narrows the previous matches and always equals a fresh scan', () => {
	const words = ['api', 'API', 'gate', 'Gate', 'way', 'svc', 'a', 'b'];
	fc.assert(
		fc.property(
			fc.array(fc.tuple(fc.constantFrom(...words), fc.constantFrom(...words)), {minLength: 1, maxLength: 30}),
			fc.array(fc.constantFrom('a', 'p', 'i', ' ', 'G', 'g', 'w', '\b'), {minLength: 1, maxLength: 12}),
			(cells, typed) => {
				const rows = cells.map(([name, project], index) => row(String(index), {name: `${name}-${project}`, project}));
				let query = '';
				for (const key of typed) {
					query = key === '\b' ? query.slice(0, -1) : query + key;
					const fresh = filterRows([...rows], query);
					assert.deepEqual(filterRows(rows, query).map(r => r.key), fresh.map(r => r.key), `query ${JSON.stringify(query)}`);
				}
			},
		),
	);
});

test('S skips a column whose order is the one shown: the default order, or the column just chosen (issue 13 item 21)', () => {
	const columns: ColumnSpec[] = [
		{id: 'name', title: 'Name', min: 4, priority: 0},
		{id: 'slug', title: 'Slug', min: 4, priority: 0},
		{id: 'size', title: 'Size', min: 4, priority: 0},
	];
	// slug sorts like name; size sorts differently.
	const rows = [row('a', {name: 'alpha', slug: 'a-1', size: '3'}), row('b', {name: 'beta', slug: 'b-1', size: '1'}), row('c', {name: 'gamma', slug: 'c-1', size: '2'})];
	const choices = sortChoices({sorts: [sortBy('name', 'name', [{field: 'name'}])], columns, rows: rows.map(r => ({...r, sort: {name: r.cells.name!}}))});
	assert.deepEqual(
		choices.map(c => c.label),
		['name', 'size'],
		'the Name and Slug columns give the default order: left out',
	);
	// Without the section's rows (nothing to compare) every column is offered.
	const all = sortChoices({sorts: [sortBy('name', 'name', [{field: 'name'}])], columns});
	assert.deepEqual(all.map(c => c.label), ['name', 'name', 'slug', 'size']);
	// From the default order (shown as a, b, c), S skips name ↑ and slug ↑ (same order) and lands on size.
	assert.equal(all[nextSortIndex(all, 0, rows)]?.label, 'size');
	// Shown in size order (b, c, a): the next choice, the default, reorders.
	const bySize = [rows[1]!, rows[2]!, rows[0]!];
	assert.equal(nextSortIndex(all, 3, bySize), 0);
	// One row: every order looks alike; S still moves on.
	assert.equal(nextSortIndex(all, 0, [rows[0]!]), 1);
});
