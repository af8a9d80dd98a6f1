/**
 * Our table: renders only the rows in the window [top, top+height), pads by display width,
 * marks the selected row with "›" (and colour when the theme has it).
 */
import {memo} from 'react';
import {Box, Text} from 'ink';
import {useTheme, levelColor, type Theme, type ThemeColor} from '../theme.js';
import {COLUMN_GAP, type LaidOutColumn, type TableRow, type Tone} from './table-model.js';
import {fitToWidth} from './text-width.js';

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
}

const GAP = ' '.repeat(COLUMN_GAP);

const TableLine = memo(function TableLine(props: {row: TableRow; columns: readonly LaidOutColumn[]; selected: boolean}) {
	const theme = useTheme();
	const {row, columns, selected} = props;
	if (selected) {
		const text = columns.map(c => fitToWidth(row.cells[c.id] ?? '', c.width, c.align)).join(GAP);
		return (
			<Text wrap="truncate" bold>
				<Text color={theme.accent}>› </Text>
				<Text color={theme.selection.foreground} backgroundColor={theme.selection.background} inverse={!theme.color}>
					{text}
				</Text>
			</Text>
		);
	}
	return (
		<Text wrap="truncate">
			{'  '}
			{columns.map((c, index) => (
				<Text key={c.id} color={toneColor(theme, row.tones?.[c.id])}>
					{index > 0 ? GAP : ''}
					{fitToWidth(row.cells[c.id] ?? '', c.width, c.align)}
				</Text>
			))}
		</Text>
	);
});

export const Table = memo(function Table(props: TableProps) {
	const theme = useTheme();
	const {columns, rows, cursor, top, height} = props;
	const visible = rows.slice(top, top + Math.max(0, height));
	return (
		<Box flexDirection="column">
			<Text wrap="truncate" bold color={theme.text.secondary}>
				{'  '}
				{columns.map(c => fitToWidth(c.title.toUpperCase(), c.width, c.align)).join(GAP)}
			</Text>
			{visible.map((row, index) => (
				<TableLine key={row.key} row={row} columns={columns} selected={props.focused !== false && top + index === cursor} />
			))}
		</Box>
	);
});
