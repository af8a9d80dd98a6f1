/**
 * `L` paced across budget windows (issue 12: "the TUI's L when the admin accepts waiting"): a load
 * larger than the whole budget is offered paced, shows its progress under the tabs, never exceeds
 * the ledger (the emulator enforces the same limit and serves no 429), and Esc stops it keeping
 * what was loaded. Real backend on the demo emulator over loopback HTTP, 80×24, keys in bursts.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {RequestBudget} from '../source/core/bitbucket/budget.js';
import {displayWidth} from '../source/ui/components/text-width.js';
import {startDemoBackend, type DemoBackend} from './helpers/demo-backend.js';
import {frameLines, renderExplorer} from './helpers/render.js';

const WINDOW_MS = 2000;
const LIMIT = 24;

async function pacedDemo(): Promise<{demo: DemoBackend; budget: RequestBudget}> {
	const budget = new RequestBudget({policy: {limit: LIMIT, windowMs: WINDOW_MS}, wait: false});
	// The server counts the same hour (scaled): a request past the ledger would be a 429.
	const demo = await startDemoBackend({budget, emulator: {rateLimit: LIMIT, rateLimitWindowMs: WINDOW_MS}, backend: {workspaces: ['acme']}});
	budget.wait = true; // tier 1 (more than one window) may wait; the paced load must not need it
	await demo.backend.refresh();
	budget.wait = false;
	assert.ok(demo.backend.graph(), 'tier 1 synced');
	await new Promise(resolve => setTimeout(resolve, WINDOW_MS + 300)); // tier 1 leaves the window
	return {demo, budget};
}

const flat = (text: string) => text.replace(/[│\n]+/g, ' ').replace(/\s+/g, ' ');
const notLoaded = (demo: DemoBackend) => demo.backend.graph()!.repositories('acme').filter(repo => demo.backend.graph()!.repositoryGrantsState(repo.fullName).state === 'not-loaded').length;

test('L larger than the whole budget: paced across windows with progress, within the ledger, 0 429s', {timeout: 60_000}, async t => {
	const {demo} = await pacedDemo();
	t.after(() => demo.close());
	const missing = notLoaded(demo);
	assert.ok(missing * 2 > LIMIT, `more than one window: ${missing} repositories`);
	const ui = renderExplorer(demo.backend, {initialView: {view: 'workspace', workspace: 'acme', section: 'repositories'}});
	try {
		await ui.waitFor(text => text.includes('Repositories'), 'the workspace');
		ui.stdin.write('L');
		const dialog = await ui.waitFor(text => text.includes('Load repository grants: over budget'), 'the over-budget dialog');
		for (const line of frameLines(dialog)) assert.ok(displayWidth(line) <= 80, `fits 80 columns: ${line}`);
		assert.match(flat(dialog), /more than the whole budget/);
		assert.match(flat(dialog), /Paced, it starts now and goes on as the budget frees up/);
		assert.match(flat(dialog), /p Pace it over windows: about \d+ s \(Esc stops\)/);
		assert.doesNotMatch(flat(dialog), /w Wait and run/, 'it never fits one window: no plain wait');
		ui.stdin.write('p');
		const progress = await ui.waitFor(text => /loading grants \[[█░]+\] \d+\/\d+ · (ETA \d+ (ms|s)|done)/.test(text), 'the progress line');
		assert.ok(frameLines(progress).every(line => displayWidth(line) <= 80), 'the progress line fits 80 columns');
		assert.equal(demo.backend.status().pacedLoad?.limit, LIMIT);
		await ui.waitFor(() => demo.backend.status().notice?.startsWith('Paced load done') === true, 'the load ends', 45_000);
		assert.equal(demo.backend.status().notice, `Paced load done: grants of ${missing} of ${missing} repositories loaded`);
		assert.equal(notLoaded(demo), 0, 'every repository loaded');
		assert.equal(demo.emulator.stats().served429, 0, 'the ledger was never exceeded: no 429');
		assert.equal(demo.backend.status().pacedLoad, undefined);
	} finally {
		ui.unmount();
	}
});

test('Esc stops a paced load: what it loaded stays, nothing more is sent, L goes on', {timeout: 60_000}, async t => {
	const {demo} = await pacedDemo();
	t.after(() => demo.close());
	const missing = notLoaded(demo);
	const ui = renderExplorer(demo.backend, {initialView: {view: 'workspace', workspace: 'acme', section: 'repositories'}});
	try {
		await ui.waitFor(text => text.includes('Repositories'), 'the workspace');
		ui.stdin.write('Lp');
		// The first window's room is spent: it waits for the next one.
		await ui.waitFor(() => (demo.backend.status().pacedLoad?.done ?? 0) >= 4, 'some loaded', 20_000);
		ui.stdin.write('\u001B');
		await ui.waitFor(() => demo.backend.status().notice?.startsWith('Paced load stopped') === true, 'stopped', 10_000);
		const left = notLoaded(demo);
		assert.ok(left > 0 && left < missing, `some loaded, some left: ${left} of ${missing}`);
		assert.match(demo.backend.status().notice!, /press L to go on/);
		const sent = demo.emulator.stats().requests;
		await new Promise(resolve => setTimeout(resolve, WINDOW_MS + 300));
		assert.equal(demo.emulator.stats().requests, sent, 'nothing sent after Esc');
		assert.equal(notLoaded(demo), left, 'what was loaded stays');
	} finally {
		ui.unmount();
	}
});
