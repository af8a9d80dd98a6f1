/**
 * Our table: renders only the rows in the window [top, top+height), pads by display width,
 * marks the selected row with "›" (and colour when the theme has it) and marked rows (Space, `*`)
 * with "✓" in the second column of the marker.
 */
import {memo} from 'react';
import {Box} from 'ink';
import {Text} from './text.js';
import {useTheme, levelColor, type Theme, type ThemeColor} from '../theme.js';
import {COLUMN_GAP, type LaidOutColumn, type TableRow, type Tone} from './table-model.js';
import {fitToWidth, truncateToWidth} from './text-width.js';

export function toneColor(theme: Theme, tone: Tone | undefined): ThemeColor {
	switch (tone) {
		case undefined:
			return undefined;
		case 'muted':
			return theme.text.muted;
		case 'ok':
			return theme.status.ok;
		case 'warn':
			return theme.status.warn;
		case 'error':
			return theme.status.error;
		case 'accent':
			return theme.accent;
		default:
			return levelColor(theme, tone);
	}
}

export interface TableProps {
	columns: readonly LaidOutColumn[];
	rows: readonly TableRow[];
	cursor: number;
	top: number;
	/** Body rows available (the header line is extra). */
	height: number;
	/** Whether the cursor is shown (false while a modal has focus is still fine to show). */
	focused?: boolean;
	/** Keys of the marked rows. */
	marked?: ReadonlySet<string>;
}

/** The glyph of a marked row (after the cursor column of the marker). */
export const MARK_GLYPH = '✓';

const GAP = ' '.repeat(COLUMN_GAP);

const TableLine = memo(function TableLine(props: {row: TableRow; columns: readonly LaidOutColumn[]; selected: boolean; marked: boolean}) {
	const theme = useTheme();
	const {row, columns, selected, marked} = props;
	if (selected) {
		const text = columns.map(c => fitToWidth(row.cells[c.id] ?? '', c.width, c.align)).join(GAP);
		return (
			<Text bold>
				<Text color={theme.accent}>{marked ? `›${MARK_GLYPH}` : '› '}</Text>
				<Text color={theme.selection.foreground} backgroundColor={theme.selection.background} inverse={!theme.color}>
					{text}
				</Text>
			</Text>
		);
	}
	// Unselected lines carry no trailing padding: Ink re-tokenises every character of every frame.
	const last = columns.length - 1;
	return (
		<Text>
			{marked ? <Text color={theme.accent}>{` ${MARK_GLYPH}`}</Text> : '  '}
			{columns.map((c, index) => {
				const value = row.cells[c.id] ?? '';
				const text = index === last && c.align !== 'right' ? truncateToWidth(value, c.width) : fitToWidth(value, c.width, c.align);
				const color = toneColor(theme, row.tones?.[c.id]);
				return color === undefined ? (
					(index > 0 ? GAP : '') + text
				) : (
					<Text key={c.id} color={color}>
						{index > 0 ? GAP : ''}
						{text}
					</Text>
				);
			})}
		</Text>
	);
});

export const Table = memo(function Table(props: TableProps) {
	const theme = useTheme();
	const {columns, rows, cursor, top, height} = props;
	const visible = rows.slice(top, top + Math.max(0, height));
	return (
		<Box flexDirection="column">
			<Text bold color={theme.text.secondary}>
				{'  '}
				{columns.map(c => fitToWidth(c.title.toUpperCase(), c.width, c.align)).join(GAP)}
			</Text>
			{visible.map((row, index) => (
				<TableLine key={row.key} row={row} columns={columns} selected={props.focused !== false && top + index === cursor} marked={props.marked?.has(row.key) === true} />
			))}
		</Box>
	);
});
