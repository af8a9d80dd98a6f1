/**
 * The one sanitiser for server text (display names, nicknames, group, project and repository names,
 * descriptions, Bitbucket's error messages). Bitbucket hands us attacker-controlled strings; before
 * any of them reaches a terminal or a CSV file its control characters are made visible, never obeyed:
 *
 * - C0 controls U+0000–U+001F become their Unicode control pictures (U+2400 block): ESC → ␛,
 *   BEL → ␇, CR → ␍, LF → ␊ …; DEL (U+007F) → ␡. `"\u001b]0;pwned\u0007"` shows as `␛]0;pwned␇`.
 * - C1 controls U+0080–U+009F (an 8-bit CSI is U+009B), bidi embeddings, overrides, isolates and
 *   marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) and the line/paragraph
 *   separators U+2028/U+2029 become `⟪U+202E⟫`.
 *
 * `sanitizeText` is for one value (a table cell, a CSV cell, a name): nothing survives, not even a
 * newline. `sanitizeOutput` is for composed output whose line breaks and tabs are ours (a report, a
 * frame's text): it keeps "\n" and "\t" and neutralises everything else. JSON output stays exact:
 * `safeJson` escapes the same characters as `\uXXXX`, which parse back to the very same string.
 */

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_KEEPING_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function visible(character: string): string {
	const code = character.charCodeAt(0);
	if (code < 0x20) return String.fromCharCode(0x2400 + code);
	if (code === 0x7f) return '\u2421';
	return `⟪U+${code.toString(16).toUpperCase().padStart(4, '0')}⟫`;
}

function replaceWith(pattern: RegExp, text: string, replace: (character: string) => string): string {
	pattern.lastIndex = 0;
	if (!pattern.test(text)) return text;
	pattern.lastIndex = 0;
	return text.replace(pattern, replace);
}

/** One value of server text, safe to show: every control, bidi and separator character made visible. */
export function sanitizeText(text: string): string {
	return replaceWith(UNSAFE, text, visible);
}

/** Composed output text: like sanitizeText, but our own "\n" and "\t" stay. */
export function sanitizeOutput(text: string): string {
	return replaceWith(UNSAFE_KEEPING_LINES, text, visible);
}

/** True when `text` holds nothing sanitizeText would change. */
export function isSafeText(text: string): boolean {
	UNSAFE.lastIndex = 0;
	return !UNSAFE.test(text);
}

/**
 * JSON.stringify whose text holds no raw control, C1 or bidi character: JSON.stringify already
 * escapes C0; the rest is escaped here as \uXXXX. Parsing gives back exactly the original values.
 */
export function safeJson(value: unknown, space?: number): string {
	const text = JSON.stringify(value, null, space);
	return text === undefined ? text : replaceWith(UNSAFE_IN_JSON, text, character => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Write composed output text to a stream, sanitised (the CLI's human-readable output). */
export function writeText(stream: NodeJS.WritableStream, text: string): boolean {
	return stream.write(sanitizeOutput(text));
}
