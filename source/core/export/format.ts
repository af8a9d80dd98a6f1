/**
 * CSV and JSON writers for export rows, shared by `bbaccess export` and the explorer's `e` key.
 *
 * CSV follows RFC 4180: a header row, CRLF line ends, fields quoted when they hold a comma, a
 * double quote, CR or LF (quotes doubled), UTF-8 without a byte-order mark. Text cells that begin
 * with = + - @ (or a tab / carriage return) get a leading single quote so spreadsheet programs do not
 * run them as formulas (CSV formula injection); numbers and booleans are written as they are.
 * Text cells pass through the sanitiser first (core/text/sanitize.ts): a control character in a name
 * shows as ␛, ␇ … and never reaches a terminal that prints the file. JSON is an array of row objects,
 * pretty-printed, with a final newline; it keeps every value exact.
 */
import {safeJson, sanitizeText} from '../text/sanitize.js';

/** A CSV column: the row key, the header (default: the key) and how to turn the value into text. */
export interface CsvColumn {
	key: string;
	header?: string;
	/** Default: strings as they are, numbers/booleans with String(), arrays joined with "; ", objects as JSON. */
	format?: (value: unknown, row: Record<string, unknown>) => string;
}

export type CsvColumnSpec = string | CsvColumn;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Text for one value (before escaping). */
export function cellText(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
	if (Array.isArray(value)) return value.map(cellText).join('; ');
	return JSON.stringify(value);
}

/** Neutralise formula injection in a text cell: "=1+1" → "'=1+1". */
export function guardFormula(text: string): string {
	return FORMULA_START.test(text) ? `'${text}` : text;
}

/** RFC 4180 escaping of one field. */
export function quoteCsv(text: string): string {
	return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The CSV cell encoder: server text sanitised (controls shown as ␛, ␇ …), formulas guarded, RFC 4180 quoting. */
function csvText(text: string): string {
	return quoteCsv(guardFormula(sanitizeText(text)));
}

function csvField(value: unknown, column: CsvColumn, row: Record<string, unknown>): string {
	if (column.format) return csvText(column.format(value, row));
	// Plain numbers and booleans are data, never formulas: only text is guarded.
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
	return csvText(cellText(value));
}

/** Every key of the rows, in order of first appearance. */
export function columnsOf(rows: readonly Record<string, unknown>[]): string[] {
	const keys = new Set<string>();
	for (const row of rows) for (const key of Object.keys(row)) keys.add(key);
	return [...keys];
}

/**
 * Rows → CSV lines (header first), each ending in CRLF, produced one at a time so a large export
 * never sits in memory as one string. Columns must be given (the rows may be a one-pass iterator).
 */
export function* csvLines(rows: Iterable<Record<string, unknown>>, columns: readonly CsvColumnSpec[]): Generator<string> {
	const specs: CsvColumn[] = columns.map(spec => (typeof spec === 'string' ? {key: spec} : spec));
	if (specs.length === 0) return;
	yield `${specs.map(spec => csvText(spec.header ?? spec.key)).join(',')}\r\n`;
	for (const row of rows) yield `${specs.map(spec => csvField(row[spec.key], spec, row)).join(',')}\r\n`;
}

/**
 * Rows → CSV text (header row first, CRLF line ends, a final CRLF). Without `columns` the columns
 * are every key of the rows in order of first appearance; with no rows and no columns, "".
 */
export function toCsv(rows: readonly Record<string, unknown>[], columns?: readonly CsvColumnSpec[]): string {
	return [...csvLines(rows, columns ?? columnsOf(rows))].join('');
}

/** Rows → the text of toJson, in pieces (one per row), for streaming. */
export function* jsonChunks(rows: Iterable<unknown>): Generator<string> {
	let first = true;
	for (const row of rows) {
		// safeJson: exact values, with C1 and bidi characters escaped as \uXXXX like JSON escapes C0.
		const text = safeJson(row, 2).replaceAll('\n', '\n  ');
		yield first ? `[\n  ${text}` : `,\n  ${text}`;
		first = false;
	}
	yield first ? '[]\n' : '\n]\n';
}

/** Rows → a pretty-printed JSON array with a final newline (same text as JSON.stringify(rows, null, 2)). */
export function toJson(rows: readonly unknown[]): string {
	return [...jsonChunks(rows)].join('');
}
