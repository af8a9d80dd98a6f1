import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createMemoryBackend} from './helpers/demo-graph.js';
import {frameLines, renderExplorer} from './helpers/render.js';
import {demoBuilder, demoSnapshot} from './helpers/snapshot-builder.js';

const longPartial = 'Partial: acme-labs: workspace roles not visible, owners shown as members; groups not visible; project grants not visible';
const reason = 'workspace roles not visible, owners shown as members; groups not visible; project grants not visible';

function partialSnapshot() {
	return demoBuilder().workspace('acme-labs', {name: 'Acme Labs', partial: [reason]}).build();
}

for (const columns of [80, 120]) {
	test(`the status slot keeps age, badges and budget at ${columns} columns; partial visibility is a marker (issue 13)`, () => {
		const syncedAt = new Date(Date.now() - 12 * 60_000).toISOString();
		const backend = createMemoryBackend(partialSnapshot(), {
			status: {state: 'partial', message: longPartial, syncedAt, requestsUsed: 357, budgetLeft: 543, demo: true, readOnly: true, readOnlyReason: 'read-only: --read-only'},
		});
		const ui = renderExplorer(backend, {columns, rows: 24});
		try {
			const header = frameLines(ui.text())[0] ?? '';
			assert.match(header, /\[DEMO\] \[READ-ONLY\]/, header);
			assert.match(header, /synced 12 min ago/, header);
			assert.match(header, /357 req \(543 left\)/, header);
			assert.doesNotMatch(header, /Partial:/, header);
			assert.ok([...header].length <= columns, `header fits ${columns} columns: ${header}`);
			if (columns >= 120) assert.match(header, /! 1 problem \(P\)/, header);
		} finally {
			ui.unmount();
		}
	});
}

test('while refreshing the slot says so, with the budget', () => {
	const backend = createMemoryBackend(demoSnapshot(), {status: {state: 'syncing', message: 'synced 12 min ago — refreshing', requestsUsed: 357, budgetLeft: 543}});
	const ui = renderExplorer(backend, {columns: 80, rows: 24});
	try {
		const header = frameLines(ui.text())[0] ?? '';
		assert.match(header, /synced 12 min ago — refreshing · 357 req \(543 left\)/, header);
	} finally {
		ui.unmount();
	}
});

test('P lists every problem in full; the workspace carries the marker', async () => {
	const ui = renderExplorer(createMemoryBackend(partialSnapshot()), {columns: 80, rows: 24});
	try {
		let text = await ui.waitFor(t => t.includes('Acme Labs'));
		assert.match(text, /Acme Labs .*! partial \(P\)/);
		await ui.press('P');
		text = await ui.waitFor(t => t.includes('Problems'), 'the problems pane');
		const joined = frameLines(text).map(line => line.replace(/^[│\s]+|[│\s]+$/g, '')).join(' ');
		assert.match(joined, /acme-labs \(Acme Labs\)/);
		assert.match(joined, /partial: workspace roles not visible, owners shown as members; groups not visible; +project grants not visible/, 'the reason in full (wrapped)');
	} finally {
		ui.unmount();
	}
});

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

test('at 80 columns in a deeper view the problems marker shortens instead of vanishing (issue 13)', () => {
	const syncedAt = new Date(Date.now() - 12 * 60_000).toISOString();
	const backend = createMemoryBackend(partialSnapshot(), {status: {state: 'partial', message: longPartial, syncedAt, requestsUsed: 357, budgetLeft: 543, demo: true}});
	const ui = renderExplorer(backend, {columns: 80, rows: 24, initialView: {view: 'request-log'}});
	try {
		const header = frameLines(ui.text())[0] ?? '';
		assert.match(header, /synced 12 min ago · !1 \(P\) · 357 req \(543 left\)$/, header);
		assert.ok([...header].length <= 80, header);
	} finally {
		ui.unmount();
	}
});
