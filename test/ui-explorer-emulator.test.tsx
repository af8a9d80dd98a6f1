// The explorer on the real backend against the demo emulator (loopback HTTP): tier-1 sync, then
// tier-2 repository grants loaded when a repository view opens.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {startDemoBackend} from './helpers/demo-backend.js';
import {frameLines, keys, renderExplorer} from './helpers/render.js';

test('on the demo emulator: opening api-gateway loads its grants, then shows who and why', async t => {
	const demo = await startDemoBackend();
	t.after(() => demo.close());
	await demo.backend.refresh();
	const graph = demo.backend.graph();
	assert.ok(graph, 'tier 1 produced a graph');
	const ui = renderExplorer(demo.backend, {columns: 120, rows: 40});
	try {
		await ui.waitFor(t => t.includes('acme') && t.includes('Workspaces'), 'workspace list');
		await ui.press(':', ...'repo api-gateway', keys.enter);
		const text = await ui.waitFor(t => t.includes('workspaces › api-gateway') && /李雷.*ADMIN\s+repository grant/.test(t), 'loaded access', 10_000);
		assert.equal(demo.backend.graph()?.repositoryGrantsState('acme/api-gateway').state, 'loaded');
		const line = (needle: string) => frameLines(text).find(l => l.includes(needle)) ?? '';
		assert.match(line('Dana Scully'), /WRITE\s+via group developers on project PLAT/);
		assert.match(line('李雷'), /ADMIN\s+repository grant/);
		assert.ok(!/Nobody can reach/.test(text));
		await ui.press('l');
		const log = await ui.waitFor(t => t.includes('permissions-config'), 'request log shows the tier-2 calls');
		assert.match(log, /GET\s+\/2\.0\/repositories\/acme\/api-gateway\/permissions-config/);
		assert.ok(!/authorization|demo-admin-token/i.test(log), 'no credentials in the log view');
	} finally {
		ui.unmount();
	}
});

test("the reader's repository view says one true thing about grants it cannot read (issue 13)", async t => {
	const demo = await startDemoBackend({login: 'reader'});
	t.after(() => demo.close());
	await demo.backend.refresh();
	const graph = demo.backend.graph()!;
	const repository = graph.workspaces().flatMap(ws => graph.repositories(ws.slug))[0];
	assert.ok(repository, 'the reader sees some repository');
	const ui = renderExplorer(demo.backend, {columns: 120, rows: 30, initialView: {view: 'repository', fullName: repository.fullName}});
	try {
		const text = await ui.waitFor(t => /unavailable|Could not load/.test(t), 'the grants state', 10_000);
		assert.doesNotMatch(text, /not loaded/, 'never both "unavailable" and "not loaded"');
	} finally {
		ui.unmount();
	}
});
