// Colour support is decided when Ink's colour library loads, so force it on before importing
// anything that loads Ink; NO_COLOR is read by the explorer's theme on first use.
import {test} from 'node:test';
import assert from 'node:assert/strict';

process.env['FORCE_COLOR'] = '1';
process.env['NO_COLOR'] = '1';

const {createMemoryBackend} = await import('./helpers/demo-graph.js');
const {renderExplorer} = await import('./helpers/render.js');
const {demoSnapshot} = await import('./helpers/snapshot-builder.js');
const {defaultTheme} = await import('../source/ui/theme.js');

/** Colour SGR parameters: 30–49 (incl. 38/48 extended) and 90–107. */
function colourCodes(frame: string): string[] {
	const found: string[] = [];
	for (const match of frame.matchAll(/\u001B\[([0-9;]*)m/g)) {
		const params = (match[1] ?? '').split(';').map(Number);
		if (params.some(p => (p >= 30 && p <= 49) || (p >= 90 && p <= 107))) found.push(match[0]);
	}
	return found;
}

const repository = {view: 'repository', fullName: 'acme/api-gateway'} as const;

test('with colour forced on, the default theme does colour the frame (the check below can fail)', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {theme: defaultTheme, initialView: repository});
	try {
		await ui.waitFor(t => t.includes('Dana Scully'));
		assert.ok(colourCodes(ui.lastFrame()).length > 0);
	} finally {
		ui.unmount();
	}
});

test('NO_COLOR in the environment: no colour codes anywhere, levels are words, selection still marked', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {initialView: repository});
	try {
		await ui.waitFor(t => t.includes('Dana Scully'));
		assert.deepEqual(colourCodes(ui.lastFrame()), []);
		assert.match(ui.text(), /› Walter Skinner/);
		assert.match(ui.text(), /WRITE/);
		await ui.press('?');
		await ui.waitFor(t => t.includes('Navigation'));
		assert.deepEqual(colourCodes(ui.lastFrame()), [], 'help overlay too');
	} finally {
		ui.unmount();
	}
});
