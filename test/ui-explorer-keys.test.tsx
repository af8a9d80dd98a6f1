import {test} from 'node:test';
import assert from 'node:assert/strict';
import {explorerCommands} from '../source/ui/keys/command-sets.js';
import {activeIn} from '../source/ui/keys/registry.js';
import {osc52} from '../source/ui/explorer/system-services.js';
import {createMemoryBackend} from './helpers/demo-graph.js';
import {frameLines, keys, renderExplorer} from './helpers/render.js';
import {demoBuilder, demoSnapshot} from './helpers/snapshot-builder.js';

function rowsWith(text: string, pattern: RegExp): string[] {
	return frameLines(text).filter(line => pattern.test(line));
}

const members = {view: 'workspace', workspace: 'acme', section: 'members'} as const;

test('j/k, G/g and PgDn move the cursor; the indicator follows', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {initialView: members});
	try {
		await ui.waitFor(t => t.includes('1 of 5'));
		await ui.press('j', 'j');
		await ui.waitFor(t => t.includes('3 of 5'), 'after jj');
		await ui.press('k');
		await ui.waitFor(t => t.includes('2 of 5'), 'after k');
		await ui.press('G');
		await ui.waitFor(t => t.includes('5 of 5'), 'after G');
		await ui.press('g');
		await ui.waitFor(t => t.includes('1 of 5'), 'after g');
		await ui.press(keys.pageDown);
		await ui.waitFor(t => t.includes('5 of 5'), 'after PgDn');
		await ui.press(keys.down);
		await ui.waitFor(t => t.includes('5 of 5'), 'clamped at the end');
	} finally {
		ui.unmount();
	}
});

test('/ filters incrementally with smart case; Enter keeps it, Esc clears it, then Esc goes back', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {initialView: members});
	try {
		await ui.waitFor(t => t.includes('Dana Scully'));
		await ui.press('/', ...'scully');
		let text = await ui.waitFor(t => t.includes('1 of 1 (filtered from 5)'), 'lower-case filter');
		assert.equal(rowsWith(text, /Fox Mulder/).length, 0);
		assert.equal(rowsWith(text, /Dana Scully/).length, 1);
		await ui.press(keys.ctrlU, ...'SCULLY');
		text = await ui.waitFor(t => t.includes('0 of 5'), 'capitals are case-sensitive');
		assert.match(text, /No rows match "SCULLY"/);
		assert.match(text, /case-sensitive/);
		await ui.press(keys.ctrlU, ...'Scully');
		await ui.waitFor(t => t.includes('1 of 1 (filtered from 5)'), 'exact-case match');
		await ui.press(keys.enter);
		text = await ui.waitFor(t => !frameLines(t).some(line => line.startsWith('/Scully')), 'prompt closed');
		assert.match(frameLines(text)[1] ?? '', /\/Scully · 1 of 1 \(filtered from 5\)/, 'Enter keeps the filter, shown in the title (issue 13)');
		await ui.press(keys.escape);
		await ui.waitFor(t => t.includes('1 of 5') && t.includes('Fox Mulder'), 'Esc clears the filter first');
		await ui.press(keys.escape);
		await ui.waitFor(t => t.includes('Workspaces 1'), 'then Esc goes back');
	} finally {
		ui.unmount();
	}
});

test('the filter matches words in any column (AND) and ids; Esc in the prompt clears it', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {initialView: members});
	try {
		await ui.waitFor(t => t.includes('Dana Scully'));
		await ui.press('/', ...'member release');
		const text = await ui.waitFor(t => t.includes('(filtered from 5)'));
		assert.equal(rowsWith(text, /李雷/).length, 1);
		assert.equal(rowsWith(text, /Dana Scully/).length, 0);
		await ui.press(keys.escape);
		await ui.waitFor(t => t.includes('1 of 5') && t.includes('Dana Scully'), 'cleared');
	} finally {
		ui.unmount();
	}
});

test('S sorts by the next column that changes the order (default order first), s reverses; the title says which (issue 13)', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 100, initialView: {view: 'workspace', workspace: 'acme', section: 'repositories'}});
	const order = (text: string) => rowsWith(text, /(api-gateway|billing-service|data-pipeline|legacy-tools)/).map(line => /(api-gateway|billing-service|data-pipeline|legacy-tools)/.exec(line)?.[1]);
	try {
		let text = await ui.waitFor(t => t.includes('sort: name'));
		assert.deepEqual(order(text), ['api-gateway', 'billing-service', 'data-pipeline', 'legacy-tools']);
		// The list is sorted by name: the name column ("repository ↑") would change nothing, so S skips it.
		await ui.press('S');
		text = await ui.waitFor(t => t.includes('sort: project ↑'), 'the first column that reorders');
		assert.doesNotMatch(text, /sort: repository/);
		assert.match(text, /Sorted by project \(s reverses\)/);
		assert.deepEqual(order(text), ['data-pipeline', 'legacy-tools', 'api-gateway', 'billing-service']);
		await ui.press('s');
		text = await ui.waitFor(t => t.includes('sort: project ↓'), 'reversed');
		assert.deepEqual(order(text), ['billing-service', 'api-gateway', 'legacy-tools', 'data-pipeline']);
		await ui.press('S', 'S', 'S');
		await ui.waitFor(t => t.includes('sort: name') && !t.includes('↑'), 'cycles back to the default order');
		await ui.press('j');
		await ui.waitFor(t => t.includes('› billing-service'), 'second row selected');
		await ui.press('S');
		text = await ui.waitFor(t => t.includes('sort: project ↑'), 'sorted again');
		assert.match(text, /› billing-service/, 'the selection follows its row');
		assert.match(text, /4 of 4/);
	} finally {
		ui.unmount();
	}
});

test('? shows every registry key of the view; Esc closes it', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 160, rows: 50});
	try {
		await ui.waitFor(t => t.includes('Acme Corp'));
		await ui.press('?');
		const text = await ui.waitFor(t => t.includes('Keys') && t.includes('Navigation'), 'help overlay');
		for (const command of explorerCommands().filter(c => activeIn(c, 'workspaces'))) {
			assert.ok(text.includes(command.description.slice(0, 40)), `help lists ${command.id}`);
		}
		assert.match(text, /Ctrl-C/);
		await ui.press('j'); // keys go to the overlay, not the list
		await ui.press(keys.escape);
		const after = await ui.waitFor(t => !t.includes('Navigation'), 'closed');
		assert.match(after, /1 of 1/);
	} finally {
		ui.unmount();
	}
});

test('the footer shows 4–6 context hints and ? help at 80 columns', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {initialView: members});
	try {
		const text = await ui.waitFor(t => t.includes('Dana Scully'));
		const footer = frameLines(text).at(-1) ?? '';
		const hints = footer.match(/(Enter|Esc|\/|:|s|r|e|y|o|q|\?) [a-z]+/g) ?? [];
		assert.ok(hints.length >= 4 && hints.length <= 6, `footer: ${footer}`);
		assert.match(footer, /Enter open/);
		assert.match(footer, /\? help$/);
	} finally {
		ui.unmount();
	}
});

test('y copies the selected id (injected clipboard; default is OSC 52) and flashes what was copied', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {initialView: {view: 'workspace', workspace: 'acme', section: 'repositories'}});
	try {
		await ui.waitFor(t => t.includes('api-gateway'));
		await ui.press('y');
		await ui.waitFor(t => t.includes('Copied repository full name: acme/api-gateway'));
		assert.deepEqual(ui.copied, ['acme/api-gateway']);
	} finally {
		ui.unmount();
	}
	const osc = renderExplorer(createMemoryBackend(demoSnapshot()), {useDefaultClipboard: true});
	try {
		await osc.waitFor(t => t.includes('Acme Corp'));
		await osc.press('y');
		const text = await osc.waitFor(t => t.includes('workspace slug: acme — sent to the clipboard via OSC 52'), 'what was sent, not "Copied" (issue 13)');
		assert.doesNotMatch(text, /Copied/);
		assert.ok(osc.stdout.writes.includes(osc52('acme')), 'OSC 52 written to the terminal');
		assert.equal(osc52('acme'), '\u001B]52;c;YWNtZQ==\u0007');
	} finally {
		osc.unmount();
	}
});

test('o opens the Bitbucket page through the injected opener, or shows the URL when it cannot', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 120, initialView: {view: 'repository', fullName: 'acme/api-gateway'}});
	try {
		await ui.waitFor(t => t.includes('Dana Scully'));
		await ui.press('g', 'o');
		await ui.waitFor(t => t.includes('No browser available here: https://bitbucket.org/'), 'URL shown');
		assert.equal(ui.opened.length, 1);
		await ui.press('2', 'o');
		await ui.waitFor(() => ui.opened.length === 2);
	} finally {
		ui.unmount();
	}
	const ok = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 120, openerResult: true});
	try {
		await ok.waitFor(t => t.includes('Acme Corp'));
		await ok.press('o');
		await ok.waitFor(t => t.includes('Opened https://bitbucket.org/acme'));
		assert.deepEqual(ok.opened, ['https://bitbucket.org/acme']);
	} finally {
		ok.unmount();
	}
});

test('e exports the list as shown (filter applied) as CSV or JSON and says where', async () => {
	const backend = createMemoryBackend(demoSnapshot());
	const ui = renderExplorer(backend, {initialView: members});
	try {
		await ui.waitFor(t => t.includes('Dana Scully'));
		await ui.press('/', ...'member', keys.enter);
		await ui.waitFor(t => t.includes('(filtered from 5)'));
		await ui.press('e');
		await ui.waitFor(t => t.includes('4 rows of Members as:') && t.includes('CSV') && t.includes('JSON'), 'export dialog');
		await ui.press('j');
		await ui.waitFor(t => t.includes('Exported 4 rows to /tmp/acme-members.json'), 'flash');
		assert.equal(backend.calls.exports.length, 1);
		const exported = backend.calls.exports[0]!;
		assert.equal(exported.format, 'json');
		assert.equal(exported.name, 'acme-members');
		assert.ok(exported.rows.every(row => row['role'] === 'member'));
		await ui.press('e', keys.escape);
		await ui.waitFor(t => !t.includes('as:'), 'Esc cancels');
		assert.equal(backend.calls.exports.length, 1);
	} finally {
		ui.unmount();
	}
});

test(': jumps with Tab completion; - toggles back to the previous view', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 100});
	try {
		await ui.waitFor(t => t.includes('Acme Corp'));
		await ui.press(':', ...'us', keys.tab);
		await ui.waitFor(t => t.includes(':user '), 'command word completed');
		await ui.press(...'dsc', keys.tab);
		await ui.waitFor(t => t.includes(':user dscully') && t.includes('Dana Scully'), 'name completed');
		await ui.press(keys.enter);
		const header = (t: string) => frameLines(t)[0] ?? '';
		await ui.waitFor(t => /^workspaces › Dana Scully \(dscully\) /.test(header(t)), 'person view');
		await ui.press(':', ...'repo api-gateway', keys.enter);
		await ui.waitFor(t => header(t).startsWith('workspaces › Dana Scully (dscully) › api-gateway'), 'repository: the breadcrumb is the path taken');
		await ui.press('-');
		await ui.waitFor(t => /^workspaces › Dana Scully \(dscully\) /.test(header(t)), 'previous view');
		await ui.press('-');
		await ui.waitFor(t => header(t).startsWith('workspaces › Dana Scully (dscully) › api-gateway'), 'and back again');
		await ui.press(keys.escape);
		await ui.waitFor(t => /^workspaces › Dana Scully \(dscully\) /.test(header(t)), 'Esc goes back along the path taken, not to the workspace list');
		await ui.press(':', ...'frobnicate', keys.enter);
		await ui.waitFor(t => t.includes('Unknown command "frobnicate"'), 'unknown command');
		await ui.press(':', ...'group nosuch', keys.enter);
		await ui.waitFor(t => t.includes('No group matches "nosuch"'), 'no match');
	} finally {
		ui.unmount();
	}
});

test('a key that cannot act says why; q and Ctrl-C quit', async () => {
	const backend = createMemoryBackend(demoSnapshot());
	backend.addRequest({});
	const ui = renderExplorer(backend, {initialView: {view: 'request-log'}});
	try {
		await ui.waitFor(t => t.includes('/2.0/user'));
		await ui.press(keys.enter);
		await ui.waitFor(t => t.includes('This row has no view of its own.'), 'disabled reason');
		await ui.press('4');
		await ui.waitFor(t => t.includes('This view has no section 4.'), 'section reason');
		await ui.press('q');
		assert.equal(ui.quits, 1);
		await ui.press(keys.ctrlC);
		assert.equal(ui.quits, 2);
	} finally {
		ui.unmount();
	}
});

test('flash messages clear themselves', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {flashMs: 30});
	try {
		await ui.waitFor(t => t.includes('Acme Corp'));
		await ui.press(keys.escape);
		// The flash lives 30 ms: look for it in every frame drawn, not only the latest.
		await ui.waitFor(() => ui.stdout.frames.some(frame => frame.includes('Already at the top')), 'flash shown');
		await ui.waitFor(t => !t.includes('Already at the top') && t.includes('? help'), 'flash cleared');
	} finally {
		ui.unmount();
	}
});

test('r refreshes the current workspace through the backend', async () => {
	const backend = createMemoryBackend(demoSnapshot());
	const ui = renderExplorer(backend, {initialView: members});
	try {
		await ui.waitFor(t => t.includes('Dana Scully'));
		await ui.press('r');
		await ui.waitFor(t => t.includes('Refreshed acme'), 'refresh flash');
		assert.deepEqual(backend.calls.refresh, [{workspace: 'acme'}]);
		backend.setStatus({state: 'syncing', message: 'Syncing… 1/1 workspaces'});
		await ui.waitFor(t => t.includes('Syncing… 1/1 workspaces'), 'status in the header');
		await ui.press('r');
		await ui.waitFor(t => t.includes('A sync is already running.'), 'disabled while syncing');
		assert.equal(backend.calls.refresh.length, 1);
	} finally {
		ui.unmount();
	}
});

test('L loads the repository grants a view is missing, after asking, within the request budget', async () => {
	const backend = createMemoryBackend(demoSnapshot(), {autoLoad: true});
	const ui = renderExplorer(backend, {columns: 100, initialView: {view: 'person', uuid: '{jalvarez}'}});
	try {
		await ui.waitFor(t => t.includes('Incomplete: grants of 1 repository not loaded (L loads them)'), 'the banner agrees with L (issue 13)');
		await ui.press('L');
		await ui.waitFor(t => t.includes('1 repository: about 2 requests'), 'asks first');
		await ui.press('n');
		await ui.waitFor(t => !t.includes('about 2 requests'));
		assert.deepEqual(backend.calls.ensure, [], 'declining sends nothing');
		await ui.press('L', 'y');
		await ui.waitFor(t => t.includes('Loaded the grants of 1 repository'), 'done');
		assert.deepEqual(backend.calls.ensure, ['acme/legacy-tools']);
		await ui.waitFor(t => !t.includes('Incomplete'), 'complete now');
		await ui.press('L');
		await ui.waitFor(t => t.includes('Every repository grant this view needs is loaded.'), 'nothing left');
	} finally {
		ui.unmount();
	}
	const poor = createMemoryBackend(demoSnapshot(), {status: {budgetLeft: 1}});
	const limited = renderExplorer(poor, {initialView: {view: 'person', uuid: '{jalvarez}'}});
	try {
		await limited.waitFor(t => t.includes('Incomplete'));
		await limited.press('L');
		await limited.waitFor(t => t.includes('over budget') && t.includes('about 2 requests; 1 left this hour'), 'over budget: the one dialog');
		await limited.press('c');
		await limited.waitFor(t => !t.includes('over budget'), 'cancelled');
		assert.deepEqual(poor.calls.ensure, []);
	} finally {
		limited.unmount();
	}
});

test('Ctrl-C quits even with a modal open; other keys stay in the modal', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()));
	try {
		await ui.waitFor(t => t.includes('Acme Corp'));
		await ui.press('?');
		await ui.waitFor(t => t.includes('Navigation'));
		await ui.press('q');
		await ui.waitFor(t => !t.includes('Navigation'), 'q closes the overlay');
		assert.equal(ui.quits, 0, 'q in a modal does not quit');
		await ui.press('e');
		await ui.waitFor(t => t.includes('CSV'));
		await ui.press(keys.ctrlC);
		assert.equal(ui.quits, 1);
	} finally {
		ui.unmount();
	}
});

test('the help overlay filters its keys with /', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 100, rows: 30});
	try {
		await ui.waitFor(t => t.includes('Acme Corp'));
		await ui.press('?', '/', ...'copy');
		let text = await ui.waitFor(t => t.includes('Keys  /copy'), 'typing a filter');
		assert.match(text, /Copy the id of the selected row/);
		assert.doesNotMatch(text, /Move down/);
		await ui.press(keys.enter);
		text = await ui.waitFor(t => t.includes('Esc clear filter'), 'filter kept');
		assert.match(text, /Copy the id/);
		await ui.press(keys.escape);
		await ui.waitFor(t => t.includes('Move down'), 'filter cleared');
		await ui.press(keys.escape);
		await ui.waitFor(t => !t.includes('Move down'), 'closed');
	} finally {
		ui.unmount();
	}
});

test('keys typed faster than frames are not lost in the filter', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {initialView: members});
	try {
		await ui.waitFor(t => t.includes('Dana Scully'));
		await ui.press('/');
		for (const char of 'scully') ui.stdin.write(char);
		const text = await ui.waitFor(t => t.includes('/scully'), 'every key applied');
		await ui.waitFor(t => t.includes('1 of 1 (filtered from 5)'), 'filter applied');
		assert.equal(rowsWith(text, /Fox Mulder/).length, 0);
	} finally {
		ui.unmount();
	}
});

test('moves typed faster than frames all count', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {initialView: members});
	try {
		await ui.waitFor(t => t.includes('1 of 5'));
		for (let i = 0; i < 3; i++) ui.stdin.write('j');
		await ui.waitFor(t => t.includes('4 of 5'), 'three moves');
	} finally {
		ui.unmount();
	}
});

test('o and y act on the same object: the selected row (person Groups tab, row developers) (issue 13)', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 120, initialView: {view: 'person', uuid: '{dscully}'}});
	try {
		await ui.waitFor(t => t.includes('Dana Scully'));
		await ui.press('2');
		await ui.waitFor(t => t.includes('developers') && t.includes('GROUP'), 'groups tab');
		await ui.press('y', 'o');
		await ui.waitFor(() => ui.opened.length === 1, 'opened');
		assert.deepEqual(ui.copied, ['acme:developers']);
		assert.match(ui.opened[0] ?? '', /bitbucket\.org\/acme/, 'the group’s workspace');
		assert.doesNotMatch(ui.opened[0] ?? '', /dscully/, 'not the person');
	} finally {
		ui.unmount();
	}
	const {copyMessage} = await import('../source/ui/explorer/commands/action-commands.js');
	assert.match(copyMessage({text: 'acme', label: 'workspace slug'}, 'sent', true), /^workspace slug: acme — sent to the clipboard via OSC 52 \(not confirmed: tmux needs 'set -g set-clipboard on'\)/);
	assert.equal(copyMessage({text: 'acme', label: 'workspace slug'}, 'copied', false), 'Copied workspace slug: acme');
});

test('L loads what the view shows: a filtered Repositories tab offers the filtered ones (issue 13)', async () => {
	const snapshot = demoBuilder()
		.repository('acme/mobile-ios', {project: 'DATA', grants: 'not-loaded'})
		.repository('acme/mobile-android', {project: 'DATA', grants: 'not-loaded'})
		.repository('acme/web-shop', {project: 'DATA', grants: 'not-loaded'})
		.build();
	const backend = createMemoryBackend(snapshot, {autoLoad: true});
	const ui = renderExplorer(backend, {columns: 100, initialView: {view: 'workspace', workspace: 'acme', section: 'repositories'}});
	try {
		await ui.waitFor(t => t.includes('mobile-ios'));
		await ui.press('L');
		await ui.waitFor(t => t.includes('4 repositories: about 8 requests'), 'unfiltered: every one not loaded');
		await ui.press('n', '/', ...'mobile', keys.enter);
		await ui.waitFor(t => t.includes('/mobile · 1 of 2'), 'filtered, the filter in the title');
		await ui.press('L');
		await ui.waitFor(t => t.includes('2 repositories: about 4 requests'), 'only the two shown');
		await ui.press('y');
		await ui.waitFor(() => backend.calls.ensure.length === 2);
		assert.deepEqual([...backend.calls.ensure].sort(), ['acme/mobile-android', 'acme/mobile-ios']);
	} finally {
		ui.unmount();
	}
});

test('notes do not follow into other views (issue 13)', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 100, flashMs: 60_000, initialView: {view: 'workspace', workspace: 'acme', section: 'repositories'}});
	try {
		await ui.waitFor(t => t.includes('api-gateway'));
		await ui.press('S');
		await ui.waitFor(t => t.includes('Sorted by project'), 'the note');
		await ui.press(keys.enter);
		await ui.waitFor(t => t.includes('Access') && !t.includes('Sorted by'), 'gone in the next view');
		await ui.press('S');
		await ui.waitFor(t => t.includes('Sorted by'), 'a note here');
		await ui.press(keys.escape);
		await ui.waitFor(t => t.includes('REPOSITORY') && !t.includes('Sorted by'), 'gone after going back');
	} finally {
		ui.unmount();
	}
});
