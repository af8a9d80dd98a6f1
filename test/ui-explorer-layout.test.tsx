import {test} from 'node:test';
import assert from 'node:assert/strict';
import {displayWidth} from '../source/ui/components/text-width.js';
import {defaultTheme, noColorTheme, themeFromEnv} from '../source/ui/theme.js';
import {createMemoryBackend, largeSnapshot} from './helpers/demo-graph.js';
import {frameLines, keys, renderExplorer} from './helpers/render.js';
import {SnapshotBuilder, demoBuilder, demoSnapshot} from './helpers/snapshot-builder.js';

const bigRepos = {view: 'workspace', workspace: 'bigco', section: 'repositories'} as const;

function assertFits(text: string, columns: number, rows: number): void {
	const lines = frameLines(text);
	assert.ok(lines.length <= rows, `frame has ${lines.length} lines for ${rows} rows`);
	for (const line of lines) assert.ok(displayWidth(line) <= columns, `line wider than ${columns}: "${line}"`);
}

/** Colour SGR parameters: 30–49 (incl. 38/48 extended) and 90–107. */
function colourCodes(frame: string): string[] {
	const found: string[] = [];
	for (const match of frame.matchAll(/\u001B\[([0-9;]*)m/g)) {
		const params = (match[1] ?? '').split(';').map(Number);
		if (params.some(p => (p >= 30 && p <= 49) || (p >= 90 && p <= 107))) found.push(match[0]);
	}
	return found;
}

test('3,000 rows at 80×24: the frame stays within the terminal and renders only the visible rows', async () => {
	const ui = renderExplorer(createMemoryBackend(largeSnapshot()), {initialView: bigRepos});
	try {
		let text = await ui.waitFor(t => t.includes('1 of 3,000'), 'indicator');
		assertFits(text, 80, 24);
		const rows = frameLines(text).filter(line => /service-\d{4}/.test(line));
		assert.ok(rows.length > 5 && rows.length < 24, `${rows.length} rows rendered`);
		await ui.press(keys.pageDown);
		text = await ui.waitFor(t => new RegExp(`${rows.length + 1} of 3,000`).test(t), 'page down');
		await ui.press('G');
		text = await ui.waitFor(t => t.includes('3,000 of 3,000'), 'bottom');
		assert.match(text, /› service-2999/);
		assertFits(text, 80, 24);
		await ui.press('/', ...'service-29');
		text = await ui.waitFor(t => t.includes('of 100 (filtered from 3,000)'), 'filtered');
		assertFits(text, 80, 24);
	} finally {
		ui.unmount();
	}
});

test('every view fits 80×24 and 120×40', async () => {
	const views = [
		{view: 'workspaces'},
		{view: 'workspace', workspace: 'acme'},
		{view: 'group', workspace: 'acme', slug: 'developers'},
		{view: 'project', workspace: 'acme', key: 'PLAT'},
		{view: 'repository', fullName: 'acme/api-gateway'},
		{view: 'person', uuid: '{lilei}'},
		{view: 'request-log'},
	] as const;
	for (const size of [{columns: 80, rows: 24}, {columns: 120, rows: 40}]) {
		for (const view of views) {
			const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {...size, initialView: view});
			try {
				const text = await ui.waitFor(t => t.includes('? help'), `${view.view} at ${size.columns}×${size.rows}`);
				assertFits(text, size.columns, size.rows);
				await ui.press('?');
				assertFits(await ui.waitFor(t => t.includes('Navigation')), size.columns, size.rows);
			} finally {
				ui.unmount();
			}
		}
	}
});

test('a narrow terminal drops low-priority columns; the level stays a word', async () => {
	const wide = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 120});
	const narrow = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 60, rows: 20});
	try {
		const wideText = await wide.waitFor(t => t.includes('Acme Corp'));
		const narrowText = await narrow.waitFor(t => t.includes('Acme Corp'));
		const header = (text: string) => frameLines(text).find(line => line.includes('NAME')) ?? '';
		assert.match(header(wideText), /SLUG/);
		assert.match(header(wideText), /PROJECTS/);
		assert.doesNotMatch(header(narrowText), /PROJECTS/);
		assert.match(narrowText, /Acme Corp/, 'the name is not cut to make room for counts');
		assert.match(header(narrowText), /NAME/);
		assertFits(narrowText, 60, 20);
	} finally {
		wide.unmount();
		narrow.unmount();
	}
	const access = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 60, rows: 16, initialView: {view: 'repository', fullName: 'acme/api-gateway'}});
	try {
		const text = await access.waitFor(t => t.includes('Dana Scully'));
		assert.match(frameLines(text).find(line => line.includes('Dana')) ?? '', /WRITE/);
		assertFits(text, 60, 16);
	} finally {
		access.unmount();
	}
});

test('CJK names align: columns start at the same display column', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {initialView: {view: 'repository', fullName: 'acme/api-gateway'}});
	try {
		const text = await ui.waitFor(t => t.includes('李雷'));
		const levelColumn = (needle: string) => {
			const line = frameLines(text).find(l => l.includes(needle)) ?? '';
			const at = line.search(/ADMIN|WRITE|READ/);
			return displayWidth(line.slice(0, at));
		};
		assert.equal(levelColumn('李雷'), levelColumn('Dana Scully'));
		assert.equal(levelColumn('李雷'), levelColumn('Walter Skinner'));
	} finally {
		ui.unmount();
	}
});

test('resizing reflows the frame to the new size', async () => {
	const ui = renderExplorer(createMemoryBackend(largeSnapshot()), {columns: 120, rows: 40, initialView: bigRepos});
	try {
		let text = await ui.waitFor(t => t.includes('1 of 3,000'));
		assertFits(text, 120, 40);
		const before = frameLines(text).filter(line => /service-\d{4}/.test(line)).length;
		ui.resize(60, 16);
		text = await ui.waitFor(t => frameLines(t).length <= 16, 'smaller frame');
		assertFits(text, 60, 16);
		const after = frameLines(text).filter(line => /service-\d{4}/.test(line)).length;
		assert.ok(after < before, `${after} rows after, ${before} before`);
	} finally {
		ui.unmount();
	}
});

test('NO_COLOR picks the colourless theme; it emits no colour codes and levels stay words', async () => {
	assert.equal(themeFromEnv({NO_COLOR: '1'}).name, 'no-color');
	assert.equal(themeFromEnv({NO_COLOR: ''}).name, 'default', 'an empty NO_COLOR does not count');
	assert.equal(themeFromEnv({}).name, 'default');
	assert.equal(defaultTheme.color, true);
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {theme: noColorTheme, initialView: {view: 'repository', fullName: 'acme/api-gateway'}});
	try {
		await ui.waitFor(t => t.includes('Dana Scully'));
		assert.deepEqual(colourCodes(ui.lastFrame()), []);
		assert.match(ui.text(), /WRITE/);
	} finally {
		ui.unmount();
	}
});

test('a terminal too small to draw in says so instead of overflowing (below 60×16, issue 13)', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 40, rows: 10});
	try {
		const text = await ui.waitFor(t => t.includes('Terminal too small (needs 60×16'));
		assert.doesNotMatch(text, /│|NONE/, 'no broken frame');
		assert.ok(frameLines(text).length <= 5);
		ui.resize(80, 24);
		await ui.waitFor(t => t.includes('Acme Corp'), 'draws once large enough');
	} finally {
		ui.unmount();
	}
});

test('VIA keeps its place: at 60 columns USER is cut before VIA goes, LEVEL is as wide as its levels (issue 13 item 11)', async () => {
	const snapshot = demoSnapshot();
	const views = [
		{size: {columns: 60, rows: 16}, via: /via group developers on/},
		{size: {columns: 80, rows: 24}, via: /via group developers on project PLAT/},
	];
	for (const {size, via} of views) {
		const ui = renderExplorer(createMemoryBackend(snapshot), {...size, initialView: {view: 'repository', fullName: 'acme/api-gateway'}});
		try {
			const text = await ui.waitFor(t => t.includes('Dana Scully'), `the access list at ${size.columns}×${size.rows}`);
			assertFits(text, size.columns, size.rows);
			const lines = frameLines(text);
			const header = lines.find(line => /^ {2}USER/.test(line)) ?? '';
			assert.match(header, /USER +LEVEL {2}VIA$/, `VIA is shown and LEVEL is no wider than ADMIN/WRITE/READ: "${header}"`);
			assert.match(lines.find(line => line.includes('Dana Scully')) ?? '', via, 'the provenance reads on');
		} finally {
			ui.unmount();
		}
	}
});

test('at 80×24 a long name is cut with an ellipsis so VIA reads "via group release-managers on project PLAT" whole (issue 13 item 11)', async () => {
	const snapshot = new SnapshotBuilder()
		.workspace('acme', {name: 'Acme Corp'})
		.user('wskinner', 'Walter Skinner')
		.user('mkowalska', 'Małgorzata Kowalska')
		.user('jsmith-ops', 'John Smith')
		.member('acme', 'wskinner', 'owner')
		.member('acme', 'mkowalska')
		.member('acme', 'jsmith-ops')
		.group('acme', 'release-managers', ['mkowalska', 'jsmith-ops'], 'Release managers')
		.project('acme', 'PLAT', {name: 'Platform'})
		.repository('acme/api-gateway', {project: 'PLAT', name: 'API Gateway'})
		.projectGrant('acme', 'PLAT', {group: 'release-managers'}, 'write')
		.build();
	const ui = renderExplorer(createMemoryBackend(snapshot), {initialView: {view: 'repository', fullName: 'acme/api-gateway'}});
	try {
		const text = await ui.waitFor(t => t.includes('John Smith'));
		assertFits(text, 80, 24);
		const long = frameLines(text).find(line => line.includes('Małgorzata')) ?? '';
		assert.match(long, /Małgorzata Kowalska \(mk[a-z]*…\s+WRITE  via group release-managers on project PLAT$/, `USER is cut, VIA is whole: "${long}"`);
		assert.match(frameLines(text).find(line => line.includes('jsmith-ops')) ?? '', /John Smith \(jsmith-ops\)\s+WRITE  via group release-managers on project PLAT$/);
	} finally {
		ui.unmount();
	}
});

test('golden frame: the api-gateway access view at 80×24 without colour', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {theme: noColorTheme, initialView: {view: 'repository', fullName: 'acme/api-gateway'}});
	try {
		const text = await ui.waitFor(t => t.includes('? help'));
		const expected = [
			'workspaces › acme › PLAT › api-gateway                                 Connected',
			'1 Access 3  2 Grants 3                      1 of 3 · sort: level (highest first)',
			'acme/api-gateway · project PLAT · 3 people with access · grants loaded 3 h ago',
			'  USER                       LEVEL  VIA',
			'› Walter Skinner (wskinner)  ADMIN  workspace owner',
			'  李雷 (lilei)               ADMIN  repository grant; via group developers on p…',
			'  Dana Scully (dscully)      WRITE  via group developers on project PLAT',
			...Array.from({length: 15}, () => ''),
			'Enter open  / filter  r refresh ~2 req  S sort  : jump  Esc back          ? help',
		];
		assert.deepEqual(frameLines(text), expected);
	} finally {
		ui.unmount();
	}
});

test('tabs never vanish: full, then shortened labels, then numbers (issue 13)', async () => {
	const {tabLabels} = await import('../source/ui/explorer/chrome.js');
	const tabs = [
		{title: 'Access', count: 29},
		{title: 'Repositories', count: 12},
		{title: 'Grants', count: 5},
	];
	assert.deepEqual(tabLabels(tabs, 0, 80), ['1 Access 29', '2 Repositories 12', '3 Grants 5']);
	assert.deepEqual(tabLabels(tabs, 0, 35), ['1 Access 29', '2 Repo… 12', '3 Grants 5']);
	assert.deepEqual(tabLabels(tabs, 1, 23), ['1', '2 Repositories 12', '3']);
	assert.deepEqual(tabLabels(tabs, 1, 13), ['1', '2 Repo…', '3']);
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 80, rows: 24, initialView: {view: 'project', workspace: 'acme', key: 'PLAT'}});
	try {
		const text = await ui.waitFor(t => t.includes('? help'));
		const tabLine = frameLines(text)[1] ?? '';
		assert.match(tabLine, /1 Access \d+ {2}2 Repo\S* \d+ {2}3 Grants \d+/, tabLine);
	} finally {
		ui.unmount();
	}
});

test('a long filter at 80 columns: the title keeps the filter text and the sort, dropping the counts first (issue 13 items 18, 21)', async () => {
	const {indicatorText} = await import('../source/ui/explorer/explorer.js');
	assert.equal(indicatorText(0, 1, 30, 'mobile-design', 'repository ↑', 5), '/mobile-design · 1 of 1 (filtered from 30) · sort: repository ↑');
	assert.equal(indicatorText(0, 1, 30, 'mobile-design', 'repository ↑', 5, 'mobile-design', 'short'), '/mobile-design · 1 of 1 · sort: repository ↑');
	assert.equal(indicatorText(0, 1, 30, 'mobile-design', 'repository ↑', 5, 'mobile-design', 'minimal'), '/mobile-design · sort: repository ↑');
	assert.equal(indicatorText(4, 100, 3000, 'service-29', 'name', 5, '', 'minimal'), '5 of 100 (filtered from 3,000) · sort: name', 'while typing (the prompt shows the text) the counts stay');
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 80, rows: 24, initialView: {view: 'workspace', workspace: 'acme', section: 'repositories'}});
	try {
		await ui.waitFor(t => t.includes('api-gateway'));
		const plain = frameLines(await ui.waitFor(t => t.includes('sort: name')))[1] ?? '';
		assert.match(plain, /1 of \d+ · sort: name$/, `room enough: the full form (${plain})`);
		await ui.press('/', ...'billing-serv', keys.enter, 'S');
		const text = await ui.waitFor(t => t.includes('Sorted by'));
		const tabLine = frameLines(text)[1] ?? '';
		assert.ok(displayWidth(tabLine) <= 80, tabLine);
		assert.match(tabLine, /\/billing-serv · (1 of 1 · )?sort: project ↑$/, `filter and sort in full: ${tabLine}`);
		assert.match(tabLine, /^1\S* .*4 Repo\S* \d+/, `every tab still there: ${tabLine}`);
	} finally {
		ui.unmount();
	}
});

test('choice dialogs wrap their message at 60×16 instead of cutting it (issue 13)', async () => {
	const snapshot = demoBuilder().repository('acme/mobile-ios', {project: 'DATA', grants: 'not-loaded'}).repository('acme/mobile-android', {project: 'DATA', grants: 'not-loaded'}).build();
	const ui = renderExplorer(createMemoryBackend(snapshot, {status: {budgetLeft: 123_456}}), {columns: 60, rows: 16, initialView: {view: 'workspace', workspace: 'acme', section: 'repositories'}});
	try {
		await ui.waitFor(t => t.includes('mobile-ios'));
		await ui.press('L');
		const text = await ui.waitFor(t => t.includes('Load repository grants'), 'the dialog');
		assertFits(text, 60, 16);
		const joined = frameLines(text).map(line => line.replace(/^[│\s]+|[│\s]+$/g, '')).join(' ');
		assert.match(joined, /3 repositories: about 6 requests \(123,456 left +this hour\)\./);
	} finally {
		ui.unmount();
	}
});
