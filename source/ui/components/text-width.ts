/**
 * Display-width helpers: East Asian wide characters (李雷) take two cells, so padding and
 * truncation go by string-width, with a fast path for plain ASCII.
 */
import stringWidth from 'string-width';

const PLAIN_ASCII = /^[\x20-\x7e]*$/;

export function displayWidth(text: string): number {
	return PLAIN_ASCII.test(text) ? text.length : stringWidth(text);
}

/** Cut to at most `width` cells, ending with "…" when cut. */
export function truncateToWidth(text: string, width: number): string {
	if (width <= 0) return '';
	if (PLAIN_ASCII.test(text)) return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
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

/** 3000 → "3,000". */
export function formatCount(value: number): string {
	return value.toLocaleString('en-US');
}
