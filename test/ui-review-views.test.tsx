/**
 * The Findings and Changes views at 80×24 and 120×40 on hand-made snapshots, and the fix of a
 * marked finding through the change dialog on the emulator (plan → confirm → apply → verify).
 */
import assert from 'node:assert/strict';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {ChangeService, Journal} from '../source/core/changes/index.js';
import type {ExportedState} from '../source/emulator/index.js';
import {setReviewPaths} from '../source/core/review/baseline.js';
import {recordSnapshot} from '../source/core/review/history.js';
import {createMemoryBackend} from './helpers/demo-graph.js';
import {startDemoBackend} from './helpers/demo-backend.js';
import {frameLines, keys, renderExplorer} from './helpers/render.js';
import {demoBuilder, demoSnapshot} from './helpers/snapshot-builder.js';

let root: string;
/** An older kept snapshot (2026-11-15): fmulder then had WRITE on api-gateway (he has no access now); no data-pipeline yet. */
let oldest: string;
before(async () => {
	root = await mkdtemp(path.join(os.tmpdir(), 'bbaccess-review-ui-'));
	// The previous sync: lilei's ADMIN on api-gateway and jalvarez were not there yet; dscully had READ on billing-service.
	const earlier = demoBuilder().repositoryGrant('acme/billing-service', {user: 'dscully'}, 'read').build();
	earlier.memberships = earlier.memberships.filter(edge => edge.user !== '{jalvarez}');
	earlier.repositoryGrants = earlier.repositoryGrants.filter(grant => !(grant.repository === 'acme/api-gateway' && grant.principal.type === 'user'));
	earlier.syncedAt = '2026-11-22T10:00:00.000Z';
	await recordSnapshot(earlier, {cacheDir: root}, {maxSnapshots: 50, maxAgeDays: 3650}, new Date('2026-11-22T10:00:00.000Z'));
	const older = demoBuilder().repositoryGrant('acme/api-gateway', {user: 'fmulder'}, 'write').build();
	older.syncedAt = '2026-11-15T10:00:00.000Z';
	// data-pipeline did not exist yet.
	older.repositories = older.repositories.filter(repository => repository.fullName !== 'acme/data-pipeline');
	older.repositoryGrants = older.repositoryGrants.filter(grant => grant.repository !== 'acme/data-pipeline');
	delete older.repositoryGrantStatus['acme/data-pipeline'];
	oldest = (await recordSnapshot(older, {cacheDir: root}, {maxSnapshots: 50, maxAgeDays: 3650}, new Date('2026-11-15T10:00:00.000Z')))!.id;
	setReviewPaths({cacheDir: root});
});
after(async () => {
	setReviewPaths(undefined);
	await rm(root, {recursive: true, force: true});
});

const lineWith = (text: string, needle: string) => frameLines(text).find(line => line.includes(needle)) ?? '';

for (const size of [{columns: 80, rows: 24}, {columns: 120, rows: 40}]) {
	test(`Findings view at ${size.columns}×${size.rows}: severity, rule and finding; Enter asks which object involved to open`, async () => {
		const ui = renderExplorer(createMemoryBackend(demoSnapshot()), size);
		try {
			await ui.waitFor(t => t.includes('Acme Corp'));
			await ui.press('F');
			const text = await ui.waitFor(t => t.includes('findings') && t.includes('admin-outside'), 'findings view');
			assert.match(lineWith(text, 'admin-outside'), /MEDIUM/);
			assert.match(text, /finding/);
			assert.ok(frameLines(text).every(line => line.length <= size.columns), 'fits the width');
			// The first finding (lilei's ADMIN on api-gateway) names the repository and the person.
			await ui.press(keys.enter);
			const picker = await ui.waitFor(t => t.includes('Open which of the objects involved?'), 'the objects involved');
			assert.match(picker, /repository acme\/api-gateway/);
			assert.match(picker, /person 李雷 \(lilei\)/);
			assert.ok(frameLines(picker).every(line => line.length <= size.columns), 'the picker fits the width');
			await ui.press(keys.enter);
			await ui.waitFor(t => t.includes('api-gateway') && t.includes('Dana Scully') && !t.includes('Open which'), 'the repository of the first finding');
			await ui.press(keys.escape);
			await ui.waitFor(t => t.includes('admin-outside') && !t.includes('Dana Scully'), 'back in findings');
			await ui.press(keys.enter, keys.down, keys.enter);
			const person = await ui.waitFor(t => !t.includes('Open which') && !t.includes('admin-outside') && t.includes('李雷'), 'the person of the first finding');
			assert.match(frameLines(person)[0]!, /findings › 李雷 \(lilei\)/, 'the person view, from findings');
		} finally {
			ui.unmount();
		}
	});

	test(`Changes view at ${size.columns}×${size.rows}: the markers since the previous snapshot`, async () => {
		const ui = renderExplorer(createMemoryBackend(demoSnapshot()), size);
		try {
			await ui.waitFor(t => t.includes('Acme Corp'));
			await ui.press(':', ...'changes', keys.enter);
			const text = await ui.waitFor(t => t.includes('Since snapshot'), 'changes view');
			assert.match(lineWith(text, 'acme/api-gateway'), /↑.*李雷.*WRITE → ADMIN/);
			assert.match(lineWith(text, 'acme/billing-ser'), /−.*Dana Scully.*READ → none|~.*Dana Scully/);
			assert.match(text, /2 Explicit/);
		} finally {
			ui.unmount();
		}
	});
}

test('access rows carry a marker for what changed since the previous snapshot (↑ raised, + new)', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 120, rows: 40, initialView: {view: 'repository', fullName: 'acme/api-gateway'}});
	try {
		const text = await ui.waitFor(t => t.includes('↑ ADMIN'), 'the marker');
		assert.match(lineWith(text, '李雷'), /↑ ADMIN\s+repository grant/);
		assert.match(lineWith(text, 'Dana Scully'), /\bWRITE\b/);
		assert.doesNotMatch(lineWith(text, 'Dana Scully'), /[+↑↓] WRITE/, 'unchanged rows have no marker');
	} finally {
		ui.unmount();
	}
});

test('`:changes ID` compares with a chosen snapshot, and the access rows follow it: − for who lost access', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {columns: 120, rows: 40});
	try {
		await ui.waitFor(t => t.includes('Acme Corp'));
		await ui.press(':', ...`changes ${oldest.split('-')[1]!.slice(0, 6)}`, keys.enter);
		const text = await ui.waitFor(t => t.includes(`Since snapshot ${oldest}`), 'the chosen snapshot');
		assert.match(lineWith(text, 'Fox Mulder'), /−.*Fox Mulder.*acme\/api-gateway.*WRITE → none/);
		await ui.press(':', ...'repo api-gateway', keys.enter);
		const repo = await ui.waitFor(t => t.includes('− none'), 'a − row');
		assert.match(lineWith(repo, 'Fox Mulder'), /− none\s+had WRITE at the compared snapshot/);
		assert.doesNotMatch(repo, /↑ ADMIN/, 'lilei had ADMIN at the chosen snapshot too: no ↑ against it');
		// The tab counts the − row; the summary says so, so the two numbers agree.
		const accessTab = /Access (\d+)/.exec(repo)![1]!;
		const people = /(\d+) people with access/.exec(repo)![1]!;
		assert.equal(Number(accessTab), Number(people) + 1, 'the Access tab is the people with access plus the one − row');
		assert.match(repo, /1 person lost access since the compared snapshot \(− row\)/);
		await ui.press(':', ...'repo data-pipeline', keys.enter);
		const created = await ui.waitFor(t => t.includes('data-pipeline') && t.includes('+ READ'), 'a new repository: everyone is +');
		assert.match(lineWith(created, 'Fox Mulder'), /\+ READ\s+via group contractors/);
		await ui.press(':', ...'changes zzzz', keys.enter);
		await ui.waitFor(t => t.includes("no snapshot has the id 'zzzz'"), 'an unknown id says so');
		await ui.press(':', ...'changes', keys.enter);
		await ui.waitFor(t => /Since snapshot 20261122T100000Z/.test(t), 'back to the previous snapshot');
		await ui.press(':', ...'repo api-gateway', keys.enter);
		const back = await ui.waitFor(t => t.includes('↑ ADMIN'), 'markers against the previous snapshot again');
		assert.doesNotMatch(back, /− none/);
	} finally {
		ui.unmount();
	}
});

test('Findings: space marks two findings and f plans their fixes as one plan; confirm applies and verifies', async () => {
	const demo = await startDemoBackend();
	try {
		await demo.backend.refresh();
		demo.backend.changes ??= new ChangeService({
			client: demo.client,
			graph: () => demo.backend.graph(),
			journal: new Journal(path.join(demo.root, 'state', 'journal.jsonl')),
			account: {email: 'admin@acme.test', apiUrl: demo.emulator.url},
			ensureRepositoryGrants: fullName => demo.backend.ensureRepositoryGrants(fullName),
		});
		await demo.backend.ensureRepositoryGrants('acme/api-gateway');
		await demo.backend.ensureRepositoryGrants('acme/billing-service');
		const ui = renderExplorer(demo.backend, {columns: 120, rows: 40, initialView: {view: 'findings'}, flashMs: 60_000});
		try {
			await ui.waitFor(t => t.includes('findings') && t.includes('admin-outside'), 'findings view');
			await ui.press('/', ...'is admin on acme/api-gateway', keys.enter);
			await ui.waitFor(t => /1 of 1/.test(t), 'one finding');
			await ui.press(' ');
			await ui.waitFor(t => /1 marked/.test(t), 'marked');
			await ui.press(keys.escape);
			await ui.waitFor(t => /23 of 23|Findings 23\s+\d+\/23/.test(t) || !t.includes('1 of 1'), 'filter cleared');
			await ui.press('/', ...'(fmulder) holds read on acme/billing', keys.enter);
			await ui.waitFor(t => /1 of 1/.test(t) && t.includes('fmulder'), 'the other finding');
			await ui.press(' ');
			await ui.waitFor(t => /2 marked/.test(t), 'two marked');
			await ui.press('f');
			const dialog = await ui.waitFor(t => t.includes('Fix 2 findings') && /to confirm|\[y\/N\]/.test(t), 'one plan for both');
			assert.match(dialog, /2 items: 2 to send/, 'planned as one batch (planBatch)');
			assert.match(dialog, /Cost: sends 4 requests/);
			const typed = /Type '([^']+)' to confirm/.exec(dialog)?.[1];
			await ui.press(...(typed ?? 'y'), keys.enter);
			await ui.waitFor(t => t.includes('Result:'), 'applied and verified');
			const state = (await fetch(`${demo.emulator.url}/_emulator/state`).then(response => response.json())) as ExportedState;
			const repos = state.workspaces.find(ws => ws.slug === 'acme')!.repositories;
			assert.equal(repos.find(repo => repo.slug === 'api-gateway')!.users.find(user => user.nickname === 'lilei')?.level, 'write');
			assert.equal(repos.find(repo => repo.slug === 'billing-service')!.users.find(user => user.nickname === 'fmulder'), undefined);
		} finally {
			ui.unmount();
		}
	} finally {
		await demo.close();
	}
});
