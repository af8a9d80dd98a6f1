/**
 * Turns the text of stdin reads into an ordered list of key and paste events (pure; no Ink).
 *
 * Ink hands a whole read to `useInput` as one string when it is plain text (it may be a paste),
 * so `jjj` or `repo x\r` typed in one burst would be one "key". This parser splits every read:
 * each printable grapheme (CJK and emoji included) is its own key, control bytes are Enter, Tab,
 * Backspace and Ctrl-letters, CSI and SS3 sequences are arrows, PgUp/PgDn, Home/End, Delete,
 * Insert, F-keys and Shift-Tab (with Shift/Alt/Ctrl modifiers), and a bracketed paste
 * (`ESC[200~ … ESC[201~`, possibly spread over several reads) is one paste event.
 *
 * Escape timing: Esc followed by a key in the same read is Alt+key; Esc at the end of a read is a
 * lone Esc at once (terminals and tmux write a key's sequence in one write, so a prompt closes
 * without a delay and Esc then `x` typed quickly are two keys). Only an incomplete sequence
 * (`ESC[`, `ESC[1;`, `ESC O`) or an unfinished paste waits for the next read; `flush()` ends it
 * after a short timeout (the caller's).
 *
 * Key names are the registry's vocabulary (key-names.ts): printable characters as themselves,
 * "space", "enter", "tab", "shift+tab", "backspace", "delete", "insert", "esc", "up", "down",
 * "left", "right", "pageup", "pagedown", "home", "end", "f1"…"f12", "ctrl+<letter>", and
 * modifier prefixes "ctrl+", "alt+", "shift+" on named keys ("alt+x", "shift+up").
 */

export interface ParsedKey {
	/** Key name (see above). */
	name: string;
	/** The text the key types: the grapheme for printable keys, the letter for Ctrl/Alt+letter, else "". */
	input: string;
	ctrl: boolean;
	/** Alt (Meta). */
	meta: boolean;
	shift: boolean;
	/** The raw bytes of the key. */
	sequence: string;
}

export type InputEvent = {kind: 'key'; key: ParsedKey} | {kind: 'paste'; text: string};

const ESC = '\u001B';
export const PASTE_START = '\u001B[200~';
export const PASTE_END = '\u001B[201~';

const graphemes = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

/** Names of `ESC [ n ~` keys by n. */
const TILDE_KEYS: Record<string, string> = {
	'1': 'home',
	'2': 'insert',
	'3': 'delete',
	'4': 'end',
	'5': 'pageup',
	'6': 'pagedown',
	'7': 'home',
	'8': 'end',
	'11': 'f1',
	'12': 'f2',
	'13': 'f3',
	'14': 'f4',
	'15': 'f5',
	'17': 'f6',
	'18': 'f7',
	'19': 'f8',
	'20': 'f9',
	'21': 'f10',
	'23': 'f11',
	'24': 'f12',
};

/** Names of `ESC [ X`, `ESC [ 1 ; m X` and `ESC O X` keys by the final byte X. */
const LETTER_KEYS: Record<string, string> = {
	A: 'up',
	B: 'down',
	C: 'right',
	D: 'left',
	H: 'home',
	F: 'end',
	E: 'clear',
	P: 'f1',
	Q: 'f2',
	R: 'f3',
	S: 'f4',
};

/** Linux console F1–F5: `ESC [ [ A` … `ESC [ [ E`. */
const CONSOLE_F_KEYS: Record<string, string> = {A: 'f1', B: 'f2', C: 'f3', D: 'f4', E: 'f5'};

function key(name: string, sequence: string, input = '', mods: {ctrl?: boolean; meta?: boolean; shift?: boolean} = {}): ParsedKey {
	return {name, input, ctrl: mods.ctrl ?? false, meta: mods.meta ?? false, shift: mods.shift ?? false, sequence};
}

/** A named key with xterm modifier parameter m (1 + shift·1 + alt·2 + ctrl·4). */
function modified(base: string, sequence: string, modifier: number): ParsedKey {
	const bits = Math.max(0, modifier - 1);
	const shift = (bits & 1) !== 0;
	const meta = (bits & 2) !== 0;
	const ctrl = (bits & 4) !== 0;
	const prefix = `${ctrl ? 'ctrl+' : ''}${meta ? 'alt+' : ''}${shift ? 'shift+' : ''}`;
	return key(prefix + base, sequence, '', {ctrl, meta, shift});
}

/** One control byte (below 0x20, or DEL). */
function controlKey(char: string): ParsedKey {
	switch (char) {
		case '\r':
		case '\n':
			return key('enter', char);
		case '\t':
			return key('tab', char);
		case '\u007F':
		case '\b':
			return key('backspace', char);
		case '\u0000':
			return key('ctrl+space', char, ' ', {ctrl: true});
		default: {
			const code = char.charCodeAt(0);
			const letter = code <= 26 ? String.fromCharCode(code + 96) : String.fromCharCode(code + 64);
			return key(`ctrl+${letter}`, char, letter, {ctrl: true});
		}
	}
}

function printableKey(grapheme: string): ParsedKey {
	const shift = grapheme.length === 1 && grapheme >= 'A' && grapheme <= 'Z';
	return key(grapheme === ' ' ? 'space' : grapheme, grapheme, grapheme, {shift});
}

function isControl(code: number): boolean {
	return code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0);
}

/** Decode a complete CSI sequence (`ESC [` params final); undefined for sequences that are not keys. */
function csiKey(sequence: string, params: string, final: string): ParsedKey | undefined {
	const fields = params.split(';');
	const modifier = Number(fields[1] ?? '1') || 1;
	if (final === '~') {
		const base = TILDE_KEYS[fields[0] ?? ''];
		return base ? modified(base, sequence, modifier) : undefined;
	}
	if (final === 'Z') return key('shift+tab', sequence, '', {shift: true});
	if (final === 'u') {
		// CSI u (fixterms / kitty): codepoint ; modifier.
		const code = Number(fields[0]);
		if (!Number.isInteger(code) || code <= 0) return undefined;
		const bits = Math.max(0, modifier - 1);
		const char = String.fromCodePoint(code);
		const base = code === 13 ? 'enter' : code === 9 ? 'tab' : code === 27 ? 'esc' : code === 127 ? 'backspace' : undefined;
		if (base) return modified(base, sequence, modifier);
		const ctrl = (bits & 4) !== 0;
		const meta = (bits & 2) !== 0;
		if (!ctrl && !meta) return printableKey(char);
		const lower = char.toLowerCase();
		return key(`${ctrl ? 'ctrl+' : ''}${meta ? 'alt+' : ''}${lower}`, sequence, lower, {ctrl, meta, shift: (bits & 1) !== 0});
	}
	const base = LETTER_KEYS[final];
	if (!base) return undefined;
	if (params !== '' && fields[0] !== '1') return undefined;
	return modified(base, sequence, modifier);
}

type Step = {events: InputEvent[]; next: number} | 'pending';

export class InputParser {
	private pending = '';

	/** Parse one read; returns the events it completes, in order. */
	push(chunk: string): InputEvent[] {
		const text = this.pending + chunk;
		this.pending = '';
		return this.parse(text, false);
	}

	/** An incomplete escape sequence or paste is waiting for the next read. */
	hasPending(): boolean {
		return this.pending !== '';
	}

	/** The wait is for the rest of a paste (the caller may wait longer). */
	pendingIsPaste(): boolean {
		return this.pending.startsWith(PASTE_START);
	}

	/** Timeout: end what is pending (an unfinished paste becomes a paste; a partial sequence becomes keys). */
	flush(): InputEvent[] {
		const text = this.pending;
		this.pending = '';
		if (text === '') return [];
		if (text.startsWith(PASTE_START)) return [{kind: 'paste', text: text.slice(PASTE_START.length)}];
		return this.parse(text, true);
	}

	private parse(text: string, final: boolean): InputEvent[] {
		const events: InputEvent[] = [];
		let index = 0;
		while (index < text.length) {
			const escape = text.indexOf(ESC, index);
			const plainEnd = escape === -1 ? text.length : escape;
			if (plainEnd > index) {
				plainKeys(text.slice(index, plainEnd), events);
				index = plainEnd;
				continue;
			}
			const step = this.escapeSequence(text, index, final);
			if (step === 'pending') {
				this.pending = text.slice(index);
				break;
			}
			events.push(...step.events);
			index = step.next;
		}
		return events;
	}

	/** Parse the sequence that starts with the ESC at `start`. */
	private escapeSequence(text: string, start: number, final: boolean): Step {
		const next = text[start + 1];
		if (next === undefined) return {events: [{kind: 'key', key: key('esc', ESC)}], next: start + 1};
		if (next === '[' || next === 'O') {
			const sequence = this.controlSequence(text, start, start + 1, final);
			if (sequence === 'pending') return 'pending';
			if (sequence) return sequence;
			// Not a key sequence: Alt + the next character.
		}
		if (next === ESC) {
			// ESC ESC [ … is Alt + a sequence; ESC ESC alone is two Esc presses.
			const after = text[start + 2];
			if (after === '[' || after === 'O') {
				const sequence = this.controlSequence(text, start + 1, start + 2, final);
				if (sequence === 'pending') return 'pending';
				if (sequence) {
					// Esc pressed just before a paste (or a report that is not a key) arrives in the same
					// read: the Esc is its own key, never swallowed by what follows it.
					const first = sequence.events[0];
					if (first?.kind !== 'key') return {events: [{kind: 'key', key: key('esc', ESC)}, ...sequence.events], next: sequence.next};
					const events = sequence.events.map(event => (event.kind === 'key' ? {kind: 'key' as const, key: withAlt(event.key, ESC)} : event));
					return {events, next: sequence.next};
				}
			}
			return {events: [{kind: 'key', key: key('esc', ESC)}], next: start + 1};
		}
		// Alt + one key: the next grapheme or control byte.
		const code = next.charCodeAt(0);
		if (isControl(code)) return {events: [{kind: 'key', key: withAlt(controlKey(next), ESC)}], next: start + 2};
		const grapheme = firstGrapheme(text, start + 1);
		const lower = grapheme.toLowerCase();
		const alt = key(`alt+${grapheme}`, ESC + grapheme, lower, {meta: true, shift: grapheme !== lower});
		return {events: [{kind: 'key', key: alt}], next: start + 1 + grapheme.length};
	}

	/**
	 * A CSI (`ESC [`) or SS3 (`ESC O`) sequence whose introducer is at `intro`; undefined when the
	 * bytes do not form one, 'pending' when the read ended inside it.
	 */
	private controlSequence(text: string, start: number, intro: number, final: boolean): Step | undefined {
		if (text[intro] === 'O') {
			const last = text[intro + 1];
			if (last === undefined) return final ? undefined : 'pending';
			const sequence = text.slice(start, intro + 2);
			if (last === 'M') return {events: [{kind: 'key', key: key('enter', sequence)}], next: intro + 2};
			const base = LETTER_KEYS[last];
			if (!base) return undefined;
			return {events: [{kind: 'key', key: key(base, sequence)}], next: intro + 2};
		}
		let index = intro + 1;
		if (text[index] === '[') {
			// Linux console F1–F5.
			const last = text[index + 1];
			if (last === undefined) return final ? undefined : 'pending';
			const name = CONSOLE_F_KEYS[last];
			return name ? {events: [{kind: 'key', key: key(name, text.slice(start, index + 2))}], next: index + 2} : undefined;
		}
		while (index < text.length) {
			const code = text.charCodeAt(index);
			if (code >= 0x20 && code <= 0x3f) {
				index++;
				continue;
			}
			if (code >= 0x40 && code <= 0x7e) break;
			return undefined;
		}
		if (index >= text.length) return final ? undefined : 'pending';
		const sequence = text.slice(start, index + 1);
		const params = text.slice(intro + 1, index);
		const finalByte = text[index] ?? '';
		if (sequence === PASTE_START) {
			const end = text.indexOf(PASTE_END, index + 1);
			if (end === -1) return final ? {events: [{kind: 'paste', text: text.slice(index + 1)}], next: text.length} : 'pending';
			return {events: [{kind: 'paste', text: text.slice(index + 1, end)}], next: end + PASTE_END.length};
		}
		const parsed = csiKey(sequence, params, finalByte);
		// A sequence that is not a key (focus reports, a stray paste end, unknown CSI) is dropped whole.
		return {events: parsed ? [{kind: 'key', key: parsed}] : [], next: index + 1};
	}
}

function withAlt(parsed: ParsedKey, prefix: string): ParsedKey {
	if (parsed.meta) return parsed;
	return {...parsed, name: `alt+${parsed.name}`, meta: true, sequence: prefix + parsed.sequence};
}

function firstGrapheme(text: string, index: number): string {
	for (const {segment} of graphemes.segment(text.slice(index, index + 32))) return segment;
	return text[index] ?? '';
}

/** Text without ESC: one key per grapheme or control byte. */
function plainKeys(text: string, events: InputEvent[]): void {
	let runStart = 0;
	const flushRun = (end: number) => {
		if (end <= runStart) return;
		for (const {segment} of graphemes.segment(text.slice(runStart, end))) events.push({kind: 'key', key: printableKey(segment)});
	};
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (!isControl(code)) continue;
		flushRun(index);
		// C1 controls (0x80–0x9f) are not keys on UTF-8 terminals: dropped.
		if (code < 0x80) events.push({kind: 'key', key: controlKey(text[index] ?? '')});
		runStart = index + 1;
	}
	flushRun(text.length);
}

/** Pasted text for a one-line field: line breaks removed, tabs as spaces, other control characters dropped. */
export function pasteAsLine(text: string): string {
	return text
		.replace(/\u001B\[[0-9;?]*[ -/]*[@-~]/g, '')
		.replace(/[\r\n]+/g, '')
		.replace(/\t/g, ' ')
		.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}
