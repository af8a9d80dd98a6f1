/**
 * The sync screen as a component: it fits the terminal height with many workspaces, says DEMO and
 * read-only in the header, and shows the failure's hint with retry/quit keys.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {render} from 'ink-testing-library';
import type {BackendStatus} from '../source/core/backend.js';
import {SyncScreen} from '../source/ui/app/sync-screen.js';
import {progressCells} from '../source/ui/app/progress-bar.js';
import {ThemeProvider, noColorTheme} from '../source/ui/theme.js';

function status(patch: Partial<BackendStatus>): BackendStatus {
	return {state: 'syncing', message: 'Syncing…', requestsUsed: 0, readOnly: false, demo: false, ...patch};
}

function frameOf(props: Parameters<typeof SyncScreen>[0]): string {
	const view = render(
		<ThemeProvider theme={noColorTheme}>
			<SyncScreen {...props} />
		</ThemeProvider>,
	);
	const frame = view.lastFrame() ?? '';
	view.unmount();
	return frame;
}

test('many workspaces: the frame stays within the terminal height and says how many are hidden', () => {
	const progress = Array.from({length: 40}, (_, i) => ({phase: 'structure' as const, workspace: `ws-${i}`, done: i % 5, total: 5, requestsUsed: i}));
	const frame = frameOf({status: status({progress, requestsUsed: 123, budgetLeft: 777, budgetPerHour: 900}), columns: 100, rows: 24});
	const lines = frame.split('\n');
	assert.ok(lines.length <= 24, `${lines.length} lines`);
	assert.match(frame, /… and \d+ more workspaces/);
	assert.match(frame, /Requests used 123 · budget left 777 of 900\/h/);
	assert.match(frame, /Esc cancel/);
	assert.match(frame, /^ ws-0 +░+ 0\/5 +step 1\/2: members, groups, projects, repositories/m);
});

test('the header says DEMO, the account and read-only with its reason', () => {
	const frame = frameOf({
		status: status({demo: true, readOnly: true, readOnlyReason: 'read-only: --read-only'}),
		account: 'admin@acme.test',
		apiUrl: 'http://127.0.0.1:4321',
		columns: 140,
		rows: 24,
	});
	assert.match(frame, /bbaccess DEMO · admin@acme.test · 127\.0\.0\.1:4321 · built-in emulator, sample data · read-only: --read-only/);
	assert.match(frame, /Discovering workspaces…/);
});

test('a failed first sync shows the message, its hint and the retry and quit keys', () => {
	const frame = frameOf({
		status: status({state: 'error', message: 'Sync failed: Bitbucket rejected the API token', error: {kind: 'auth', message: 'rejected', hint: 'Run `bbaccess login` to store a new API token.'}}),
		columns: 100,
		rows: 24,
	});
	assert.match(frame, /Sync failed: Bitbucket rejected the API token/);
	assert.match(frame, /Run `bbaccess login`/);
	assert.match(frame, /r retry · q quit/);
	assert.doesNotMatch(frame, /Esc cancel/);
});

test('finished: the last status stays while the explorer opens', () => {
	const progress = [{phase: 'done' as const, workspace: 'acme', done: 5, total: 5, requestsUsed: 20}];
	const frame = frameOf({status: status({state: 'connected', message: 'Connected', progress}), columns: 100, rows: 24, finished: true});
	assert.match(frame, /Connected/);
	assert.match(frame, /^ acme +█+ 5\/5 +done/m);
	assert.match(frame, /Opening the explorer…/);
});

test('a row says done only when the workspace is done, not when a phase is', () => {
	const progress = [{phase: 'structure' as const, workspace: 'acme', done: 5, total: 5, requestsUsed: 5}];
	const frame = frameOf({status: status({progress}), columns: 120, rows: 24});
	assert.match(frame, /^ acme +█+ 5\/5 +step 1\/2: members, groups, projects, repositories/m);
});

test('progress cells are proportional and bounded', () => {
	assert.equal(progressCells(0, 10, 20), 0);
	assert.equal(progressCells(5, 10, 20), 10);
	assert.equal(progressCells(12, 10, 20), 20);
	assert.equal(progressCells(3, 0, 20), 0);
	assert.equal(progressCells(1, 3, 0), 0);
});

test('bars are proportional to the count beside them (issue 13)', () => {
	const progress = [
		{phase: 'project-grants' as const, workspace: 'acme', done: 1, total: 5, requestsUsed: 5},
		{phase: 'project-grants' as const, workspace: 'beta', done: 4, total: 5, requestsUsed: 5},
		{phase: 'structure' as const, workspace: 'big', done: 4, total: 150, requestsUsed: 5},
	];
	const frame = frameOf({status: status({progress}), columns: 120, rows: 24});
	const cells = (name: string) => (new RegExp(`^ ${name} +(█*)`, 'm').exec(frame)?.[1] ?? '').length;
	assert.ok(cells('acme') < cells('beta'), `1/5 (${cells('acme')}) is shorter than 4/5 (${cells('beta')})`);
	assert.ok(cells('big') <= 1, `4/150 is nearly empty (${cells('big')})`);
	assert.match(frame, /step 2\/2: project grants/);
});

test('counts are grouped like the rest of the app (2,002), and the bar stays proportional (issue 13)', () => {
	const progress = [{phase: 'structure' as const, workspace: 'big', done: 1001, total: 2002, requestsUsed: 5}];
	const frame = frameOf({status: status({progress}), columns: 120, rows: 24});
	const row = /^ big +(█*)(░*) 1,001\/2,002 +step 1\/2/m.exec(frame);
	assert.ok(row, frame);
	assert.equal(row[1]!.length, row[2]!.length, 'half the bar for half the count');
});
