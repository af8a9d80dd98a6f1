/**
 * The app shell on the demo emulator (real HTTP on loopback): the sync screen with per-workspace
 * progress ending "Partial: acme-labs …", Esc cancelling a sync, startup from a cached snapshot
 * (data at once, refresh in the background), a failed refresh keeping the explorer's data, and
 * Ctrl-C quitting.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {render} from 'ink-testing-library';
import {ExplorerApp} from '../source/ui/app/explorer-app.js';
import {ThemeProvider, noColorTheme} from '../source/ui/theme.js';
import type {AppExplorerBackend} from '../source/core/explorer-backend.js';
import {startDemoBackend, waitForStatus} from './helpers/demo-backend.js';

type Rendered = ReturnType<typeof render>;

// Generous deadlines: the suite runs beside other CPU-heavy tests; a pass never waits for them.
async function waitForFrame(view: Rendered, predicate: (frame: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const frame = view.lastFrame() ?? '';
		if (predicate(frame)) return frame;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last frame:\n${frame}`);
		await new Promise(resolve => setTimeout(resolve, 10));
	}
}

async function waitUntil(predicate: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!predicate()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 10));
	}
}

function mount(backend: AppExplorerBackend, props: {finishHoldMs?: number; autoRefresh?: boolean} = {}) {
	const quits: number[] = [];
	const view = render(
		<ThemeProvider theme={noColorTheme}>
			<ExplorerApp backend={backend} onQuit={code => quits.push(code)} account="admin@acme.test" apiUrl="http://127.0.0.1:1" {...props} />
		</ThemeProvider>,
	);
	return {view, quits};
}

const ESC = '\u001B';
const CTRL_C = '\u0003';

test('the sync screen shows per-workspace progress and ends "Partial: acme-labs …"', async () => {
	const demo = await startDemoBackend({emulator: {latencyMs: 15}});
	const {view} = mount(demo.backend, {finishHoldMs: 60_000});
	try {
		const final = await waitForFrame(view, frame => frame.includes('Partial: acme-labs'), 'the partial status');
		assert.ok(view.frames.some(frame => frame.includes('Syncing…')), 'Syncing… was shown first');
		const progressRow = /^\s*acme\s+[█░]+\s+\d+\/\d+/m;
		assert.ok(view.frames.some(frame => progressRow.test(frame) && frame.includes('Syncing…')), 'a progress bar for acme while syncing');
		assert.ok(view.frames.some(frame => /Requests used \d+/.test(frame)), 'requests used are shown');
		assert.match(final, /^\s*acme-labs\s+█+\s+\d+\/\d+\s+done/m);
		assert.match(final, /Opening the explorer/);
		assert.ok(final.split('\n').length <= 24, 'the frame fits the terminal height');
	} finally {
		view.unmount();
		await demo.close();
	}
});

test('Esc cancels a running sync; q then quits', async () => {
	const demo = await startDemoBackend({emulator: {latencyMs: 150}});
	const {view, quits} = mount(demo.backend);
	try {
		await waitForFrame(view, frame => frame.includes('Syncing…'), 'Syncing…');
		view.stdin.write(ESC);
		const frame = await waitForFrame(view, text => text.includes('Sync cancelled'), 'the cancelled status');
		assert.match(frame, /r retry · q quit/);
		assert.equal(demo.backend.graph(), undefined);
		view.stdin.write('q');
		await waitUntil(() => quits.length > 0, 'the quit');
		assert.deepEqual(quits, [0]);
	} finally {
		view.unmount();
		await demo.close();
	}
});

test('Ctrl-C on the sync screen cancels instead of killing the app', async () => {
	const demo = await startDemoBackend({emulator: {latencyMs: 150}});
	const {view, quits} = mount(demo.backend);
	try {
		await waitForFrame(view, frame => frame.includes('Syncing…'), 'Syncing…');
		view.stdin.write(CTRL_C);
		await waitForFrame(view, text => text.includes('Sync cancelled'), 'the cancelled status');
		assert.deepEqual(quits, []);
	} finally {
		view.unmount();
		await demo.close();
	}
});

test('startup from a snapshot shows data at once with its age, then refreshes', async () => {
	const first = await startDemoBackend();
	await first.backend.refresh();
	const second = await startDemoBackend({root: first.root, running: first.emulator, emulator: {}});
	try {
		const cached = await second.backend.loadCachedSnapshot();
		assert.ok(cached);
		const {view, quits} = mount(second.backend);
		try {
			const firstFrame = view.frames[0] ?? '';
			assert.doesNotMatch(firstFrame, /Syncing…|Discovering workspaces/, 'no sync screen when a snapshot exists');
			assert.match(firstFrame, /acme/);
			await waitForStatus(second.backend, () => !second.backend.syncing() && second.backend.status().state !== 'syncing');
			assert.match(second.backend.status().message, /^Partial: acme-labs/);
			assert.ok(second.requestLog.entries().length > 0, 'the background refresh ran');
			view.stdin.write(CTRL_C);
			await waitUntil(() => quits.length > 0, 'the quit');
			assert.deepEqual(quits, [0]);
		} finally {
			view.unmount();
		}
	} finally {
		await second.close();
		await first.close();
	}
});

test('a failed refresh keeps the explorer on the old data', async () => {
	const demo = await startDemoBackend();
	await demo.backend.refresh();
	const graph = demo.backend.graph();
	const {view} = mount(demo.backend, {autoRefresh: false});
	try {
		await waitForFrame(view, frame => /acme/.test(frame) && !frame.includes('Syncing…'), 'the explorer');
		await demo.emulator.stop();
		await demo.backend.refresh();
		assert.equal(demo.backend.graph(), graph);
		assert.match(demo.backend.status().message, /^Refresh failed: /);
		const frame = await waitForFrame(view, text => text.includes('acme'), 'the explorer still showing data');
		assert.doesNotMatch(frame, /Sync failed|r retry/);
	} finally {
		view.unmount();
		await demo.close();
	}
});
