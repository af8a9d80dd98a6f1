import {test} from 'node:test';
import assert from 'node:assert/strict';
import {BbError} from '../source/core/errors.js';
import {createMemoryBackend} from './helpers/demo-graph.js';
import {frameLines, keys, renderExplorer} from './helpers/render.js';
import {SnapshotBuilder, demoBuilder, demoSnapshot} from './helpers/snapshot-builder.js';

/** The frame line that contains `needle`. */
function lineWith(text: string, needle: string): string {
	return frameLines(text).find(line => line.includes(needle)) ?? '';
}

for (const size of [{columns: 80, rows: 24}, {columns: 120, rows: 40}]) {
	test(`workspaces view at ${size.columns}×${size.rows}: name, role, counts`, async () => {
		const ui = renderExplorer(createMemoryBackend(demoSnapshot()), size);
		try {
			const text = await ui.waitFor(t => t.includes('Acme Corp'), 'workspace row');
			const row = lineWith(text, 'Acme Corp');
			assert.match(row, /owner/);
			assert.match(row, /\b5\b.*\b4\b/, 'members … repositories');
			assert.match(lineWith(text, 'NAME'), /MEMBERS/);
			if (size.columns >= 120) assert.match(lineWith(text, 'NAME'), /SLUG.*GROUPS.*PROJECTS/);
			assert.match(frameLines(text)[0] ?? '', /workspaces.*Connected/);
		} finally {
			ui.unmount();
		}
	});

	test(`drill acme → Repositories → api-gateway at ${size.columns}×${size.rows}: Dana Scully WRITE via group developers on project PLAT`, async () => {
		const ui = renderExplorer(createMemoryBackend(demoSnapshot()), size);
		try {
			await ui.waitFor(t => t.includes('Acme Corp'));
			await ui.press(keys.enter);
			await ui.waitFor(t => t.includes('1 Members 5'), 'workspace sections');
			await ui.press('4');
			await ui.waitFor(t => t.includes('api-gateway') && t.includes('REPOSITORY'), 'repositories section');
			await ui.press(keys.enter);
			const text = await ui.waitFor(t => t.includes('Dana Scully'), 'repository access');
			assert.match(frameLines(text)[0] ?? '', /^workspaces › acme › api-gateway /, 'the path taken');
			const dana = lineWith(text, 'Dana Scully');
			assert.match(dana, /WRITE/);
			assert.match(dana, /via group developers on project PLAT/);
			assert.match(lineWith(text, 'Walter Skinner'), /ADMIN\s+workspace owner/);
			assert.match(lineWith(text, '李雷'), /ADMIN\s+repository grant/);
			assert.ok(!text.includes('No access'), 'never says no access');
		} finally {
			ui.unmount();
		}
	});
}

test(':user lilei opens the person view: api-gateway ADMIN (repository grant), role and groups', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 120, rows: 40});
	try {
		await ui.waitFor(t => t.includes('Acme Corp'));
		await ui.press(':', ...'user lilei', keys.enter);
		const text = await ui.waitFor(t => t.includes('workspaces › 李雷 (lilei)'), 'person view');
		assert.match(lineWith(text, 'acme/api-gateway'), /ADMIN\s+repository grant/);
		assert.match(lineWith(text, 'acme:PLAT'), /CREATE-REPO/);
		assert.match(text, /Role: acme: member/);
		await ui.press('2');
		const groups = await ui.waitFor(t => t.includes('release-managers'), 'groups section');
		assert.match(groups, /developers/);
		await ui.press('3');
		const direct = await ui.waitFor(t => t.includes('GRANTED ON'), 'direct grants section');
		assert.match(lineWith(direct, 'acme/api-gateway'), /repo\s+ADMIN/);
		assert.equal(frameLines(direct).filter(line => line.includes('acme:PLAT')).length, 0, 'group grants are not direct grants');
	} finally {
		ui.unmount();
	}
});

test('initialView opens a view directly; Esc leads back to the workspace list', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {initialView: {view: 'person', uuid: '{fmulder}'}});
	try {
		const text = await ui.waitFor(t => t.includes('Fox Mulder'), 'person view');
		assert.match(lineWith(text, 'billing-service'), /READ\s+repository grant/);
		assert.match(lineWith(text, 'data-pipeline'), /READ\s+via group contractors/);
		await ui.press(keys.escape);
		await ui.waitFor(t => t.includes('Acme Corp') && t.includes('Workspaces 1'), 'workspace list');
	} finally {
		ui.unmount();
	}
});

test('group view: members, then what the group grants', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {initialView: {view: 'group', workspace: 'acme', slug: 'developers'}});
	try {
		const text = await ui.waitFor(t => t.includes('Dana Scully'), 'group members');
		assert.match(frameLines(text)[0] ?? '', /^workspaces › acme › group developers /);
		assert.match(text, /李雷/);
		await ui.press(keys.tab);
		const grants = await ui.waitFor(t => t.includes('GRANTED ON'), 'group grants');
		assert.match(lineWith(grants, 'PLAT'), /project\s+WRITE/);
	} finally {
		ui.unmount();
	}
});

test('project view: who can reach it, its repositories, its grants', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 100, rows: 30, initialView: {view: 'project', workspace: 'acme', key: 'PLAT'}});
	try {
		const text = await ui.waitFor(t => t.includes('Dana Scully'), 'project access');
		assert.match(lineWith(text, 'Dana Scully'), /WRITE\s+via group developers/);
		assert.match(lineWith(text, '李雷'), /CREATE-REPO\s+via group release-managers/);
		await ui.press('2');
		const repos = await ui.waitFor(t => t.includes('billing-service'), 'project repositories');
		assert.match(repos, /api-gateway/);
		assert.ok(!repos.includes('data-pipeline'), 'only the project’s repositories');
	} finally {
		ui.unmount();
	}
});

test('repository with grants not loaded: loads them on open with a spinner, never shows "no access"', async () => {
	const backend = createMemoryBackend(demoSnapshot());
	const ui = renderExplorer(backend, {initialView: {view: 'repository', fullName: 'acme/legacy-tools'}});
	try {
		const loading = await ui.waitFor(t => t.includes('Loading repository grants'), 'loading notice');
		assert.deepEqual(backend.calls.ensure, ['acme/legacy-tools']);
		assert.match(lineWith(loading, 'Walter Skinner'), /ADMIN\s+workspace owner/);
		assert.ok(!/Nobody can reach/.test(loading));
		backend.resolveGrants('acme/legacy-tools', [{workspace: 'acme', repository: 'acme/legacy-tools', principal: {type: 'user', uuid: '{jalvarez}'}, level: 'write'}]);
		const loaded = await ui.waitFor(t => t.includes('José Álvarez'), 'loaded grants');
		assert.match(lineWith(loaded, 'José Álvarez'), /WRITE\s+repository grant/);
		assert.ok(!loaded.includes('Loading repository grants'));
		assert.equal(backend.calls.ensure.length, 1, 'one load per repository');
	} finally {
		ui.unmount();
	}
});

test('repository grants that fail to load: the error is shown and r retries', async () => {
	const backend = createMemoryBackend(demoSnapshot());
	const ui = renderExplorer(backend, {initialView: {view: 'repository', fullName: 'acme/legacy-tools'}});
	try {
		await ui.waitFor(t => t.includes('Loading repository grants'));
		backend.rejectGrants('acme/legacy-tools', new BbError('not-admin', 'You are not an admin of acme/legacy-tools.'));
		const failed = await ui.waitFor(t => t.includes('Could not load repository grants'), 'error notice');
		assert.match(failed, /not an admin/);
		await ui.press('r');
		await ui.waitFor(t => backend.calls.ensure.length >= 2 && t.includes('Loading repository grants'), 'retry');
		assert.deepEqual(backend.calls.ensure, ['acme/legacy-tools', 'acme/legacy-tools'], 'one retry, not one per trigger');
		assert.deepEqual(backend.calls.refresh, [{repository: 'acme/legacy-tools'}], "r on a repository refreshes just its grants");
	} finally {
		ui.unmount();
	}
});

test('request log (l): method, path, status and ms of this session, never headers', async () => {
	const backend = createMemoryBackend(demoSnapshot());
	backend.addRequest({method: 'GET', path: '/2.0/user/workspaces', status: 200, ms: 41});
	backend.addRequest({method: 'GET', path: '/1.0/groups/acme', status: 403, ms: 17});
	const ui = renderExplorer(backend, {columns: 100});
	try {
		await ui.waitFor(t => t.includes('Acme Corp'));
		await ui.press('l');
		const text = await ui.waitFor(t => t.includes('/2.0/user/workspaces'), 'request log');
		assert.match(lineWith(text, '/2.0/user/workspaces'), /GET.*200\s+41 ms/);
		assert.match(lineWith(text, '/1.0/groups/acme'), /403\s+17 ms/);
		assert.ok(!/authorization/i.test(text));
		backend.addRequest({method: 'GET', path: '/2.0/repositories/acme', status: 200, ms: 5});
		await ui.waitFor(t => t.includes('/2.0/repositories/acme'), 'live update');
	} finally {
		ui.unmount();
	}
});

test('empty states say what the emptiness means', async () => {
	const snapshot = new SnapshotBuilder().workspace('acme').user('wskinner', 'Walter Skinner').member('acme', 'wskinner', 'owner').group('acme', 'interns', []).build();
	const ui = renderExplorer(createMemoryBackend(snapshot), {initialView: {view: 'group', workspace: 'acme', slug: 'interns'}});
	try {
		await ui.waitFor(t => t.includes('This group has no members.'), 'empty group');
		await ui.press('2');
		await ui.waitFor(t => t.includes('holds no explicit grants'), 'no grants');
	} finally {
		ui.unmount();
	}
	const none = renderExplorer(createMemoryBackend(new SnapshotBuilder().build()));
	try {
		await none.waitFor(t => t.includes('No workspaces'), 'no workspaces');
	} finally {
		none.unmount();
	}
	const noData = renderExplorer(createMemoryBackend(undefined, {status: {state: 'syncing', message: 'Syncing… 1/3 workspaces'}}));
	try {
		await noData.waitFor(t => t.includes('No data yet: Syncing… 1/3 workspaces'), 'no graph');
	} finally {
		noData.unmount();
	}
});

test('error state: a view of something that is gone says so', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {initialView: {view: 'repository', fullName: 'acme/gone'}});
	try {
		const text = await ui.waitFor(t => t.includes('is not in the synced data'), 'not found');
		assert.match(text, /Repository acme\/gone/);
	} finally {
		ui.unmount();
	}
});

test('partial workspace: the sections say what is not visible', async () => {
	const snapshot = demoBuilder().workspace('acme-labs', {administrator: false, partial: ['members not visible (403)']}).member('acme-labs', 'wskinner').build();
	const ui = renderExplorer(createMemoryBackend(snapshot), {columns: 120, rows: 30});
	try {
		const text = await ui.waitFor(t => t.includes('acme-labs'));
		assert.match(lineWith(text, 'acme-labs'), /! partial \(P\)/, 'a marker on the workspace; P lists the reason');
		await ui.press('j', keys.enter);
		await ui.waitFor(t => t.includes('Partial visibility (P lists it in full): members not visible (403)'), 'partial notice');
	} finally {
		ui.unmount();
	}
});

test('d describes the selected row: one line per source, the explicit entries that could change and their keys (issue 13)', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 120, rows: 30, initialView: {view: 'repository', fullName: 'acme/api-gateway'}});
	try {
		await ui.waitFor(t => t.includes('李雷'));
		await ui.press('j', 'd');
		const text = await ui.waitFor(t => t.includes('Describe:'), 'the describe pane');
		const lines = frameLines(text).map(line => line.replace(/^[│\s]+|[│\s]+$/g, ''));
		const joined = lines.join('\n');
		assert.match(joined, /Why 李雷 \(lilei\) has ADMIN on repository acme\/api-gateway: 3 sources/);
		assert.match(joined, /ADMIN\s+repository grant on acme\/api-gateway · user \(direct\)/);
		assert.match(joined, /WRITE\s+project PLAT grant \(inherited\) · group developers/);
		assert.match(joined, /project PLAT grant .* group release-managers \(granted CREATE-REPO\)/);
		assert.match(joined, /x {2}revoke the direct entry on repository acme\/api-gateway · a {2}change its level/);
		assert.match(joined, /remove lilei from group developers/);
		await ui.press(keys.escape);
		await ui.waitFor(t => !t.includes('Describe:'), 'closed');
	} finally {
		ui.unmount();
	}
});

test('the VIA column has normal contrast (it is the most important information)', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 120, rows: 24, initialView: {view: 'repository', fullName: 'acme/api-gateway'}});
	try {
		await ui.waitFor(t => t.includes('Dana Scully'));
		const line = ui.lastFrame().split('\n').find(l => l.includes('via group developers on project PLAT')) ?? '';
		const before = line.slice(0, line.indexOf('via group developers'));
		// The cell is not wrapped in a dim/grey colour code.
		assert.doesNotMatch(before.slice(-12), /\u001B\[(2|90)m/, JSON.stringify(before.slice(-20)));
	} finally {
		ui.unmount();
	}
});

test('a public repository shows Anyone (public) READ as a row and in the summary; the Repositories view marks it (issue 13)', async () => {
	const snapshot = demoBuilder().build();
	const gateway = snapshot.repositories.find(repo => repo.fullName === 'acme/api-gateway')!;
	gateway.isPrivate = false;
	const ui = renderExplorer(createMemoryBackend(snapshot), {columns: 100, rows: 24, initialView: {view: 'repository', fullName: 'acme/api-gateway'}});
	try {
		const text = await ui.waitFor(t => t.includes('Anyone (public)'));
		assert.match(lineWith(text, 'Anyone (public)'), /Anyone \(public\)\s+READ\s+public repository/);
		assert.match(text, /3 people with access \+ anyone \(public: everyone can read it\)/);
		assert.match(text, /1 Access 4/, 'counted in the tab');
	} finally {
		ui.unmount();
	}
	const list = renderExplorer(createMemoryBackend(snapshot), {columns: 100, rows: 24, initialView: {view: 'workspace', workspace: 'acme', section: 'repositories'}});
	try {
		const text = await list.waitFor(t => t.includes('api-gateway'));
		assert.match(lineWith(text, 'api-gateway'), /public/);
	} finally {
		list.unmount();
	}
});

test('density: columns sized by content, one "Name (nick)" form, no redundant columns (issue 13)', async () => {
	const repos = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 120, rows: 24, initialView: {view: 'workspace', workspace: 'acme', section: 'repositories'}});
	try {
		const text = await repos.waitFor(t => t.includes('REPOSITORY'));
		const header = frameLines(text).find(line => line.includes('REPOSITORY')) ?? '';
		assert.ok(header.indexOf('PROJECT') < 40, `PROJECT follows the names, not the edge: ${header}`);
	} finally {
		repos.unmount();
	}
	const grants = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 120, rows: 24, initialView: {view: 'repository', fullName: 'acme/api-gateway'}});
	try {
		await grants.waitFor(t => t.includes('Dana Scully'));
		await grants.press('2');
		const text = await grants.waitFor(t => t.includes('GRANTED TO'));
		assert.match(lineWith(text, 'lilei'), /李雷 \(lilei\)/, 'the Grants tab names people like the Access tab');
	} finally {
		grants.unmount();
	}
	const person = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 120, rows: 24, initialView: {view: 'person', uuid: '{lilei}'}});
	try {
		await person.waitFor(t => t.includes('acme/api-gateway'));
		await person.press('3');
		const text = await person.waitFor(t => t.includes('GRANTED ON'));
		assert.doesNotMatch(frameLines(text).find(line => line.includes('GRANTED ON')) ?? '', /NAME/);
	} finally {
		person.unmount();
	}
	const project = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 120, rows: 24, initialView: {view: 'project', workspace: 'acme', key: 'PLAT'}});
	try {
		await project.waitFor(t => t.includes('Access'));
		await project.press('2');
		const text = await project.waitFor(t => t.includes('REPOSITORY'));
		assert.doesNotMatch(frameLines(text).find(line => line.includes('REPOSITORY')) ?? '', /PROJECT/);
	} finally {
		project.unmount();
	}
});

test('person banner: what L cannot fix is counted first, so "more" explains itself at 80 columns (issue 13 item 15)', async () => {
	const snapshot = demoBuilder()
		.workspace('acme-labs', {administrator: false, partial: ['workspace roles not visible, owners shown as members: needs admin rights (403)', 'groups not visible: needs admin rights (403)']})
		.member('acme-labs', 'wskinner')
		.build();
	const ui = renderExplorer(createMemoryBackend(snapshot, {autoLoad: true}), {columns: 80, rows: 24, initialView: {view: 'person', uuid: '{wskinner}'}});
	try {
		const text = await ui.waitFor(t => t.includes('Incomplete'));
		const banner = lineWith(text, 'Incomplete');
		assert.match(banner, /^! Incomplete: 1 repository to load \(L\); 2 reasons L cannot fix \(see P, d\): /, `the counts fit in 80 columns: ${banner}`);
		await ui.press('L');
		await ui.waitFor(t => t.includes('1 repository: about 2 requests'), 'L offers the same count');
		await ui.press('y');
		const loaded = await ui.waitFor(t => t.includes('Incomplete: 2 reasons L cannot fix (P and d list them): workspace acme-labs'), 'after L: only what L cannot fix');
		assert.doesNotMatch(lineWith(loaded, 'Incomplete'), /to load|L loads/);
	} finally {
		ui.unmount();
	}
});
