/**
 * The explorer at 80×24 on the demo emulator (loopback HTTP): in acme-labs, which the demo admin
 * does not administer, the Repositories tab and the repository view show the admin's own level,
 * marked as own permission only; administered workspaces show no such column. Keys are typed in
 * bursts, as a person types.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {startDemoBackend} from './helpers/demo-backend.js';
import {frameLines, keys, renderExplorer} from './helpers/render.js';

test('acme-labs: a "Your access" column marked own, a notice, and the repository view says whose level it is (80×24)', async () => {
	const demo = await startDemoBackend();
	await demo.backend.refresh();
	const ui = renderExplorer(demo.backend, {columns: 80, rows: 24, initialView: {view: 'workspace', workspace: 'acme-labs'}});
	try {
		await ui.waitFor(t => t.includes('Members'), 'the workspace view');
		ui.stdin.write(keys.tab + keys.tab + keys.tab); // Members → Groups → Projects → Repositories, in one burst
		const tab = await ui.waitFor(t => t.includes('Your access') && t.includes('exp-feature-flags'), 'the Repositories tab with the own column');
		assert.match(tab, /Your access: own permission only; others' access in acme-labs not visible/);
		const lines = frameLines(tab);
		assert.match(lines.find(line => line.includes('exp-feature-flags'))!, /READ \(own\)/);
		assert.match(lines.find(line => line.includes('exp-notebooks'))!, /READ \(own\)/);
		assert.ok(lines.every(line => line.length <= 80), 'fits 80 columns');

		ui.stdin.write('/exp-feat' + keys.enter + keys.enter); // filter, then open the match
		const view = await ui.waitFor(t => t.includes('your access: READ (own permission only; you do not administer acme-labs)'), 'the repository view summary');
		assert.match(view, /acme-labs\/exp-feature-flags/);
		// Access rows come from the graph only: the own level is not listed there as a person with access.
		assert.ok(!frameLines(view).some(line => /Alex Morgan/.test(line) && /READ/.test(line) && !line.includes('your access')), view);
	} finally {
		ui.unmount();
		await demo.close();
	}
});

test('an administered workspace has no "Your access" column', async () => {
	const demo = await startDemoBackend();
	await demo.backend.refresh();
	const ui = renderExplorer(demo.backend, {columns: 80, rows: 24, initialView: {view: 'workspace', workspace: 'acme'}});
	try {
		await ui.waitFor(t => t.includes('Members'), 'the workspace view');
		ui.stdin.write(keys.tab + keys.tab + keys.tab);
		const tab = await ui.waitFor(t => t.includes('api-gateway'), 'the Repositories tab');
		assert.ok(!tab.includes('Your access'), tab);
		assert.ok(!tab.includes('(own)'));
	} finally {
		ui.unmount();
		await demo.close();
	}
});

test('the signed-in account\'s person view lists its own levels in a tab of their own (80×24)', async () => {
	const demo = await startDemoBackend();
	await demo.backend.refresh();
	const me = demo.backend.graph()!.account.uuid;
	const ui = renderExplorer(demo.backend, {columns: 80, rows: 24, initialView: {view: 'person', uuid: me}});
	try {
		await ui.waitFor(t => /1 Access \d+\s+2\s+3\s+4/.test(t), 'four tabs (narrow: numbers only)');
		ui.stdin.write(keys.tab + keys.tab + keys.tab);
		const tab = await ui.waitFor(t => t.includes('YOUR LEVEL (OWN)'), 'the own-permission rows');
		assert.match(tab, /acme-labs\/exp-feature-flags\s+READ \(own\)/);
		assert.match(tab, /others' access in acme-labs not visible/);
	} finally {
		ui.unmount();
		await demo.close();
	}
});

test('other people\'s person views have no own-permission tab', async () => {
	const demo = await startDemoBackend();
	await demo.backend.refresh();
	const other = demo.backend.graph()!.members('acme').find(member => member.user.nickname === 'dscully')!.user.uuid;
	const ui = renderExplorer(demo.backend, {columns: 80, rows: 24, initialView: {view: 'person', uuid: other}});
	try {
		await ui.waitFor(t => t.includes('Dana Scully'), 'the person view');
		ui.stdin.write(keys.tab + keys.tab + keys.tab); // past the last tab: wraps or stays, never an own tab
		await new Promise(resolve => setTimeout(resolve, 50));
		assert.ok(!ui.text().includes('YOUR LEVEL (OWN)'), ui.text());
		assert.ok(!/\b4\b.*\d+ of/.test(ui.text().split('\n')[1]!), 'three tabs');
	} finally {
		ui.unmount();
		await demo.close();
	}
});

test('the reader\'s repository view says one true thing about the grants it cannot read (80×24, issue 13 item 16)', async () => {
	const demo = await startDemoBackend({login: 'reader'});
	await demo.backend.refresh();
	const ui = renderExplorer(demo.backend, {columns: 80, rows: 24, initialView: {view: 'repository', fullName: 'acme/analytics-dashboards'}});
	try {
		const frame = await ui.waitFor(t => t.includes('Repository grants unavailable'), 'the 403 is said once, as the notice');
		const view = frameLines(frame).join(' ');
		assert.match(view, /Repository grants unavailable: .*needs admin rights \(403\)/);
		assert.match(view, /Nobody is known to reach it: this account cannot read its grants \(see the note above\)/, 'the empty list points at the note');
		assert.doesNotMatch(view, /No access known yet|not loaded|so far/, 'no second, contradicting reason, no promise of more');
		assert.match(view, /· 0 people with access known your access/);
		assert.match(view, /your access: READ \(own permission only/);
	} finally {
		ui.unmount();
		await demo.close();
	}
});
