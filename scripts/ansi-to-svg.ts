/**
 * Render a terminal capture with SGR colour codes (tmux capture-pane -e -p) into an SVG that
 * looks like the terminal: a cell grid in a monospace font, 16/256/true colours, bold, dim,
 * italic, underline, inverse, and double-width (CJK) characters placed on two cells.
 *
 *   node --import tsx scripts/ansi-to-svg.ts capture.ansi out.svg [--cols 120] [--rows 40] [--title "bbaccess demo"]
 *
 * Used by scripts/screenshots.sh (SVG → PNG with rsvg-convert). Not part of the app.
 */
import {readFileSync, writeFileSync} from 'node:fs';
import stringWidth from 'string-width';

export interface Cell {
	char: string;
	/** 1, or 2 for a double-width character (the next column is then covered). */
	width: number;
	style: Style;
}

export interface Style {
	fg?: string;
	bg?: string;
	bold?: boolean;
	dim?: boolean;
	italic?: boolean;
	underline?: boolean;
	inverse?: boolean;
}

const BASE16 = [
	'#1d1f21', '#cc6666', '#b5bd68', '#f0c674', '#81a2be', '#b294bb', '#8abeb7', '#c5c8c6',
	'#666666', '#ff7b7b', '#d7e08a', '#ffd98a', '#9fc3e6', '#d2b3dc', '#a3e0d9', '#ffffff',
];
const DEFAULT_FG = '#d8dad9';
const DEFAULT_BG = '#1d1f21';

function color256(n: number): string {
	if (n < 16) return BASE16[n]!;
	if (n < 232) {
		const i = n - 16;
		const steps = [0, 95, 135, 175, 215, 255];
		const r = steps[Math.floor(i / 36)]!;
		const g = steps[Math.floor(i / 6) % 6]!;
		const b = steps[i % 6]!;
		return rgb(r, g, b);
	}
	const level = 8 + (n - 232) * 10;
	return rgb(level, level, level);
}

function rgb(r: number, g: number, b: number): string {
	return `#${[r, g, b].map(v => v.toString(16).padStart(2, '0')).join('')}`;
}

/** Apply one SGR parameter list to a style. */
export function applySgr(style: Style, params: number[]): Style {
	const next: Style = {...style};
	if (params.length === 0) params = [0];
	for (let i = 0; i < params.length; i++) {
		const p = params[i]!;
		if (p === 0) for (const key of Object.keys(next)) delete next[key as keyof Style];
		else if (p === 1) next.bold = true;
		else if (p === 2) next.dim = true;
		else if (p === 3) next.italic = true;
		else if (p === 4) next.underline = true;
		else if (p === 7) next.inverse = true;
		else if (p === 22) next.bold = next.dim = false;
		else if (p === 23) next.italic = false;
		else if (p === 24) next.underline = false;
		else if (p === 27) next.inverse = false;
		else if (p >= 30 && p <= 37) next.fg = BASE16[p - 30];
		else if (p >= 90 && p <= 97) next.fg = BASE16[p - 90 + 8];
		else if (p === 39) delete next.fg;
		else if (p >= 40 && p <= 47) next.bg = BASE16[p - 40];
		else if (p >= 100 && p <= 107) next.bg = BASE16[p - 100 + 8];
		else if (p === 49) delete next.bg;
		else if (p === 38 || p === 48) {
			const mode = params[i + 1];
			let value: string | undefined;
			if (mode === 5) {
				value = color256(params[i + 2] ?? 0);
				i += 2;
			} else if (mode === 2) {
				value = rgb(params[i + 2] ?? 0, params[i + 3] ?? 0, params[i + 4] ?? 0);
				i += 4;
			}
			if (value) next[p === 38 ? 'fg' : 'bg'] = value;
		}
	}
	return next;
}

/** Parse captured text into rows of cells (non-SGR escapes are dropped). */
export function parseAnsi(text: string, columns: number): Cell[][] {
	const rows: Cell[][] = [];
	let style: Style = {};
	for (const line of text.replace(/\r/g, '').split('\n')) {
		const row: Cell[] = [];
		const pattern = /\u001B\[([0-9;:]*)([A-Za-z])|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)|\u001B[()][A-Za-z0-9]|([\s\S])/gu;
		let match: RegExpExecArray | null;
		while ((match = pattern.exec(line)) !== null) {
			if (match[2] === 'm') {
				style = applySgr(style, (match[1] ?? '').split(/[;:]/).filter(Boolean).map(Number));
				continue;
			}
			const char = match[3];
			if (char === undefined) continue;
			const width = stringWidth(char);
			if (width === 0) {
				const last = row.at(-1);
				if (last) last.char += char;
				continue;
			}
			if (row.reduce((sum, cell) => sum + cell.width, 0) + width > columns) break;
			row.push({char, width, style});
		}
		rows.push(row);
	}
	while (rows.length > 0 && rows.at(-1)!.length === 0) rows.pop();
	return rows;
}

function escapeXml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface SvgOptions {
	columns: number;
	rows: number;
	title?: string;
	fontSize?: number;
}

/** The SVG document of a capture: window frame, background cells, then text runs placed per cell. */
export function renderSvg(text: string, options: SvgOptions): string {
	const fontSize = options.fontSize ?? 14;
	const cellWidth = Math.round(fontSize * 0.6021 * 100) / 100;
	// DejaVu Sans Mono: ascent 0.928 em + descent 0.236 em. A line exactly that tall lets box-drawing
	// and block characters (│ █) join between rows, as in a terminal.
	const lineHeight = Math.round(fontSize * 1.164 * 100) / 100;
	const pad = 16;
	const titleBar = 30;
	const width = Math.ceil(pad * 2 + cellWidth * options.columns);
	const height = Math.ceil(titleBar + pad * 2 + lineHeight * options.rows);
	const grid = parseAnsi(text, options.columns).slice(0, options.rows);
	const backgrounds: string[] = [];
	const texts: string[] = [];
	grid.forEach((row, y) => {
		let column = 0;
		const top = Math.round((titleBar + pad + y * lineHeight) * 100) / 100;
		const baseline = Math.round((top + fontSize * 0.928) * 100) / 100;
		let run: {start: number; xs: number[]; chars: string; style: Style} | undefined;
		const flush = () => {
			if (!run || run.chars.trim() === '') {
				run = undefined;
				return;
			}
			const {style} = run;
			let fg = style.fg ?? DEFAULT_FG;
			if (style.inverse) fg = style.bg ?? DEFAULT_BG;
			const attributes = [
				`x="${run.xs.map(x => x.toFixed(2)).join(' ')}"`,
				`y="${baseline}"`,
				`fill="${fg}"`,
				style.bold ? 'font-weight="bold"' : '',
				style.italic ? 'font-style="italic"' : '',
				style.dim ? 'fill-opacity="0.6"' : '',
				style.underline ? 'text-decoration="underline"' : '',
			].filter(Boolean);
			texts.push(`<text ${attributes.join(' ')}>${escapeXml(run.chars)}</text>`);
			run = undefined;
		};
		for (const cell of row) {
			const x = pad + column * cellWidth;
			const bg = cell.style.inverse ? (cell.style.fg ?? DEFAULT_FG) : cell.style.bg;
			if (bg) {
				backgrounds.push(`<rect x="${x.toFixed(2)}" y="${top}" width="${(cellWidth * cell.width + 0.6).toFixed(2)}" height="${lineHeight}" fill="${bg}"/>`);
			}
			if (!run || !sameStyle(run.style, cell.style)) {
				flush();
				run = {start: column, xs: [], chars: '', style: cell.style};
			}
			for (const char of [...cell.char]) {
				run.xs.push(x);
				run.chars += char;
			}
			column += cell.width;
		}
		flush();
	});
	const title = options.title ? `<text x="${width / 2}" y="20" fill="#9a9d9c" text-anchor="middle" font-family="'DejaVu Sans', 'WenQuanYi Zen Hei', sans-serif" font-size="12">${escapeXml(options.title)}</text>` : '';
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
		`<rect width="${width}" height="${height}" rx="8" fill="${DEFAULT_BG}"/>`,
		`<rect width="${width}" height="${titleBar}" rx="8" fill="#2a2d2e"/><rect y="${titleBar - 8}" width="${width}" height="8" fill="#2a2d2e"/>`,
		'<circle cx="18" cy="15" r="6" fill="#ff5f57"/><circle cx="38" cy="15" r="6" fill="#febc2e"/><circle cx="58" cy="15" r="6" fill="#28c840"/>',
		title,
		`<g shape-rendering="crispEdges">${backgrounds.join('')}</g>`,
		`<g font-family="'DejaVu Sans Mono', 'WenQuanYi Zen Hei Mono', 'Noto Sans Mono CJK SC', monospace" font-size="${fontSize}" xml:space="preserve">`,
		...texts,
		'</g>',
		'</svg>',
	].join('\n');
}

function sameStyle(a: Style, b: Style): boolean {
	return a.fg === b.fg && a.bg === b.bg && !a.bold === !b.bold && !a.dim === !b.dim && !a.italic === !b.italic && !a.underline === !b.underline && !a.inverse === !b.inverse;
}

function main(argv: string[]): void {
	const [input, output, ...rest] = argv;
	if (!input || !output) {
		process.stderr.write('usage: ansi-to-svg.ts <capture.ansi> <out.svg> [--cols N] [--rows N] [--title TEXT]\n');
		process.exit(2);
	}
	const flag = (name: string) => {
		const index = rest.indexOf(name);
		return index === -1 ? undefined : rest[index + 1];
	};
	const svg = renderSvg(readFileSync(input, 'utf8'), {
		columns: Number(flag('--cols') ?? 120),
		rows: Number(flag('--rows') ?? 40),
		title: flag('--title'),
	});
	writeFileSync(output, svg);
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
