import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createMemoryBackend} from './helpers/demo-graph.js';
import {frameLines, renderExplorer} from './helpers/render.js';
import {demoSnapshot} from './helpers/snapshot-builder.js';

const longPartial = 'Partial: acme-labs: workspace roles not visible, owners shown as members; groups not visible; project grants not visible';

for (const columns of [80, 120]) {
	test(`the DEMO and READ-ONLY badges survive a long status message at ${columns} columns`, () => {
		const backend = createMemoryBackend(demoSnapshot(), {status: {state: 'partial', message: longPartial, demo: true, readOnly: true, readOnlyReason: 'read-only: --read-only'}});
		const ui = renderExplorer(backend, {columns, rows: 24});
		try {
			const header = frameLines(ui.text())[0] ?? '';
			assert.match(header, /\[DEMO\] \[READ-ONLY\]/, header);
			assert.match(header, /Partial: acme-labs/, header);
			assert.ok([...header].length <= columns, `header fits ${columns} columns: ${header}`);
		} finally {
			ui.unmount();
		}
	});
}

test('no badges outside the demo and with changes allowed', () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot(), {status: {message: 'Connected'}}), {columns: 80, rows: 24});
	try {
		const header = frameLines(ui.text())[0] ?? '';
		assert.doesNotMatch(header, /\[DEMO\]|\[READ-ONLY\]/);
		assert.match(header, /Connected/);
	} finally {
		ui.unmount();
	}
});
