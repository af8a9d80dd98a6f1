/**
 * Display-width helpers: East Asian wide characters (李雷) take two cells, so padding and
 * truncation go by string-width, with a fast path for plain ASCII. Text with control characters
 * is measured and cut in its sanitised form (core/text/sanitize.ts), as it is drawn.
 */
import stringWidth from 'string-width';
import {sanitizeText} from '../../core/text/sanitize.js';

const PLAIN_ASCII = /^[\x20-\x7e]*$/;

/** Cells `text` takes once shown; control characters count as the visible form the sanitiser gives them. */
export function displayWidth(text: string): number {
	return PLAIN_ASCII.test(text) ? text.length : stringWidth(sanitizeText(text));
}

/** Cut to at most `width` cells, ending with "…" when cut. */
export function truncateToWidth(text: string, width: number): string {
	if (width <= 0) return '';
	if (PLAIN_ASCII.test(text)) return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
	// Server text is made visible first (␛ instead of ESC), so widths match what is drawn.
	text = sanitizeText(text);
	if (stringWidth(text) <= width) return text;
	let out = '';
	let used = 0;
	for (const char of text) {
		const w = stringWidth(char);
		if (used + w > width - 1) break;
		out += char;
		used += w;
	}
	return `${out}…`;
}

/** Truncate and pad with spaces to exactly `width` cells. */
export function fitToWidth(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	const cut = truncateToWidth(text, width);
	const pad = Math.max(0, width - displayWidth(cut));
	return align === 'right' ? ' '.repeat(pad) + cut : cut + ' '.repeat(pad);
}

/** 3000 → "3,000" (the same grouping as the CLI). */
export {formatCount} from '../../core/text/numbers.js';
