/**
 * The input parser: stdin reads → ordered key and paste events.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {InputParser, pasteAsLine, type InputEvent} from '../source/ui/keys/input-parser.js';

function names(events: readonly InputEvent[]): string[] {
	return events.map(event => (event.kind === 'paste' ? `paste:${event.text}` : event.key.name));
}

function parse(...reads: string[]): string[] {
	const parser = new InputParser();
	return reads.flatMap(read => names(parser.push(read)));
}

test('plain text is one key per grapheme: letters, CJK, emoji with modifiers and ZWJ, combining marks', () => {
	assert.deepEqual(parse('jjj'), ['j', 'j', 'j']);
	assert.deepEqual(parse('李雷 x'), ['李', '雷', 'space', 'x']);
	assert.deepEqual(parse('👍🏽👨‍👩‍👧e\u0301'), ['👍🏽', '👨‍👩‍👧', 'e\u0301']);
	const [upper] = new InputParser().push('G');
	assert.ok(upper?.kind === 'key' && upper.key.shift && upper.key.input === 'G');
});

test('control bytes: Enter, Tab, Backspace (DEL and BS), Ctrl-letters', () => {
	assert.deepEqual(parse(':repo api-gateway\r'), [':', 'r', 'e', 'p', 'o', 'space', 'a', 'p', 'i', '-', 'g', 'a', 't', 'e', 'w', 'a', 'y', 'enter']);
	assert.deepEqual(parse('\t\u007F\b\n\u0003\u0015'), ['tab', 'backspace', 'backspace', 'enter', 'ctrl+c', 'ctrl+u']);
	const [ctrlU] = new InputParser().push('\u0015');
	assert.ok(ctrlU?.kind === 'key' && ctrlU.key.ctrl && ctrlU.key.input === 'u');
});

test('CSI and SS3 sequences: arrows, PgUp/PgDn, Home/End, Delete, F-keys, Shift-Tab, modifiers', () => {
	assert.deepEqual(parse('\u001B[A\u001B[B\u001B[C\u001B[D'), ['up', 'down', 'right', 'left']);
	assert.deepEqual(parse('\u001BOA\u001BOB\u001BOH\u001BOF\u001BOP\u001BOM'), ['up', 'down', 'home', 'end', 'f1', 'enter']);
	assert.deepEqual(parse('\u001B[5~\u001B[6~\u001B[1~\u001B[4~\u001B[H\u001B[F\u001B[3~\u001B[2~'), ['pageup', 'pagedown', 'home', 'end', 'home', 'end', 'delete', 'insert']);
	assert.deepEqual(parse('\u001B[11~\u001B[15~\u001B[17~\u001B[24~\u001B[[A\u001B[1;2P'), ['f1', 'f5', 'f6', 'f12', 'f1', 'shift+f1']);
	assert.deepEqual(parse('\u001B[Z\u001B[1;5A\u001B[1;3B\u001B[1;2C\u001B[5;5~'), ['shift+tab', 'ctrl+up', 'alt+down', 'shift+right', 'ctrl+pageup']);
	assert.deepEqual(parse('j\u001B[Bj'), ['j', 'down', 'j'], 'keys around a sequence keep their order');
});

test('Esc: alone at the end of a read at once; Esc + key in one read is Alt; Esc then a key in the next read are two keys', () => {
	assert.deepEqual(parse('\u001B'), ['esc']);
	assert.deepEqual(parse('\u001Bx'), ['alt+x']);
	assert.deepEqual(parse('\u001B', 'x'), ['esc', 'x']);
	assert.deepEqual(parse('\u001B\u001B'), ['esc', 'esc']);
	assert.deepEqual(parse('\u001B\u001B[A'), ['alt+up']);
	assert.deepEqual(parse('\u001B\r\u001B\u007F'), ['alt+enter', 'alt+backspace']);
	const [alt] = new InputParser().push('\u001Bx');
	assert.ok(alt?.kind === 'key' && alt.key.meta && alt.key.input === 'x');
});

test('a sequence split over reads waits for its end; flush() ends a sequence that never completes', () => {
	assert.deepEqual(parse('\u001B[', 'A'), ['up']);
	assert.deepEqual(parse('\u001B[1;', '5A'), ['ctrl+up']);
	const parser = new InputParser();
	assert.deepEqual(names(parser.push('\u001BO')), []);
	assert.ok(parser.hasPending());
	assert.deepEqual(names(parser.flush()), ['alt+O']);
	assert.ok(!parser.hasPending());
});

test('bracketed paste: one event, in order with keys, also when split over reads; unknown sequences are dropped', () => {
	assert.deepEqual(parse('/\u001B[200~api-gateway\n\u001B[201~\r'), ['/', 'paste:api-gateway\n', 'enter']);
	assert.deepEqual(parse('\u001B[200~Fox', ' Mul', 'der\u001B[201~j'), ['paste:Fox Mulder', 'j']);
	assert.deepEqual(parse('\u001B[20', '0~a\u001B[201~'), ['paste:a']);
	const parser = new InputParser();
	parser.push('\u001B[200~never ends');
	assert.ok(parser.pendingIsPaste());
	assert.deepEqual(names(parser.flush()), ['paste:never ends']);
	assert.deepEqual(parse('\u001B[I\u001B[201~\u001B[?1;2cq'), ['q'], 'focus reports, a stray paste end and device attributes are not keys');
	assert.deepEqual(parse('\u001B\u001B[200~q\r\u001B[201~'), ['esc', 'paste:q\r'], 'Esc pressed just before a paste, in one read, is still an Esc');
	assert.deepEqual(parse('\u001B\u001B[I'), ['esc'], 'Esc before a focus report is still an Esc');
});

test('pasteAsLine removes line breaks and control characters', () => {
	assert.equal(pasteAsLine('api-gateway\n'), 'api-gateway');
	assert.equal(pasteAsLine('a\r\nb\tc\u0007\u001B[31md'), 'ab cd');
});
