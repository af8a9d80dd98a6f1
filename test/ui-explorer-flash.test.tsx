/**
 * The footer's flash says what it has to say in full at 80×24 (issue 13): the export's path, the
 * clipboard setting `y` could not confirm, the reason a change key cannot act. It wraps onto at
 * most three lines and the table gives those lines up, so the frame still fits the terminal.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {displayWidth} from '../source/ui/components/text-width.js';
import {flashLines, MAX_FLASH_LINES} from '../source/ui/explorer/chrome.js';
import {createMemoryBackend} from './helpers/demo-graph.js';
import {frameLines, keys, renderExplorer} from './helpers/render.js';
import {demoSnapshot} from './helpers/snapshot-builder.js';

/** The footer lines after the table, joined back as one text (continuation lines are indented). */
function footerText(text: string, from: RegExp): string {
	const lines = frameLines(text);
	const start = lines.findIndex(line => from.test(line));
	assert.ok(start >= 0, `no footer line matching ${from}:\n${text}`);
	// A break after a space loses the space (the frame's lines are right-trimmed); after a slash, nothing.
	return lines
		.slice(start)
		.map(line => line.trimEnd())
		.reduce((joined, line) => `${joined}${joined.endsWith('/') ? '' : ' '}${line.replace(/^ {2}/, '')}`);
}

function assertFits(text: string, columns: number, rows: number): void {
	const lines = frameLines(text);
	assert.ok(lines.length <= rows, `frame has ${lines.length} lines for ${rows} rows`);
	for (const line of lines) assert.ok(displayWidth(line) <= columns, `line wider than ${columns}: "${line}"`);
}

test('flashLines wraps to the width, breaks after a slash or a space, and cuts only past the cap', () => {
	assert.deepEqual(flashLines(undefined, 80), []);
	assert.deepEqual(flashLines({level: 'info', text: 'Sorted by name'}, 80), ['Sorted by name']);
	const path = '/home/alexandra.morgan/.local/state/bbaccess/exports/bbaccess-lilei-access-20261203-085144.csv';
	const lines = flashLines({level: 'info', text: `Exported 21 rows to ${path}`}, 80);
	assert.equal(lines.length, 2, lines.join('\n'));
	for (const line of lines) assert.ok(displayWidth(line) <= 80, line);
	assert.match(lines[0]!, /\/$/, 'the break falls after a slash');
	assert.equal(`${lines[0]}${lines[1]!.slice(2)}`, `Exported 21 rows to ${path}`, 'nothing lost');
	const long = flashLines({level: 'warn', text: 'word '.repeat(100)}, 60);
	assert.equal(long.length, MAX_FLASH_LINES);
	assert.match(long[0]!, /^Note: /);
	assert.match(long.at(-1)!, /…$/, 'cut with an ellipsis past the cap');
});

test('e at 80×24: the flash shows the full path of the export, and the frame still fits', async () => {
	const backend = createMemoryBackend(demoSnapshot());
	const path = '/home/alexandra.morgan/.local/state/bbaccess/exports/bbaccess-acme-members-20261203-085144.csv';
	backend.exportRows = async (_name, rows) => ({path, rows: rows.length});
	const ui = renderExplorer(backend, {columns: 80, rows: 24, initialView: {view: 'workspace', workspace: 'acme', section: 'members'}});
	try {
		await ui.waitFor(t => t.includes('Dana Scully'));
		await ui.press('e', 'c');
		const text = await ui.waitFor(t => t.includes('Exported 5 rows to'), 'the flash');
		assert.equal(footerText(text, /^Exported 5 rows to/), `Exported 5 rows to ${path}`);
		assertFits(text, 80, 24);
	} finally {
		ui.unmount();
	}
});

test('y under tmux at 80×24: the value and the tmux setting it may need are both shown', async () => {
	const saved = process.env['TMUX'];
	process.env['TMUX'] = '/tmp/tmux-0/default,1,0';
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 80, rows: 24, useDefaultClipboard: true, initialView: {view: 'person', uuid: '{dscully}'}});
	try {
		await ui.waitFor(t => t.includes('Dana Scully'));
		await ui.press('2');
		await ui.waitFor(t => /›\s+developers/.test(t), 'the Groups tab');
		await ui.press('y');
		const text = await ui.waitFor(t => t.includes('sent to the clipboard via OSC 52'), 'the flash');
		assert.equal(footerText(text, /^group id: /), "group id: acme:developers — sent to the clipboard via OSC 52 (not confirmed: tmux needs 'set -g set-clipboard on')");
		assert.doesNotMatch(text, /Copied/);
		assertFits(text, 80, 24);
	} finally {
		ui.unmount();
		if (saved === undefined) delete process.env['TMUX'];
		else process.env['TMUX'] = saved;
	}
});

test('a change key on the request log at 80×24 says why in full', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 80, rows: 24, initialView: {view: 'workspaces'}});
	try {
		await ui.waitFor(t => t.includes('Acme Corp'));
		await ui.press('l');
		await ui.waitFor(t => t.includes('Requests'), 'the request log');
		await ui.press('x');
		const text = await ui.waitFor(t => t.includes('Note: x (revoke)'), 'the reason');
		assert.equal(footerText(text, /^Note: x \(revoke\)/), 'Note: x (revoke) acts in a person, group, project or repository view, not in the request log.');
		assertFits(text, 80, 24);
		await ui.press(keys.escape);
	} finally {
		ui.unmount();
	}
});
