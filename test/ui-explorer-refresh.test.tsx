/**
 * Issue 12, "refresh what you look at": `r` refreshes the scope in view with its price in the
 * footer, `R` refreshes tier 1 of everything after a priced confirmation, and one over-budget
 * dialog (r, R, L) shows the price, what is left and when it frees up, and can wait. Real backend
 * on the demo emulator over loopback HTTP, 80×24, keys typed in bursts.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {BitbucketClient} from '../source/core/bitbucket/client.js';
import {RequestBudget} from '../source/core/bitbucket/budget.js';
import {startFromCache} from '../source/core/budget/cached-start.js';
import {addGroupMember, putProjectGroupPermission, putRepositoryUserPermission} from '../source/core/bitbucket/api.js';
import {displayWidth} from '../source/ui/components/text-width.js';
import {DEMO_ADMIN} from '../source/emulator/index.js';
import type {ViewRef} from '../source/ui/explorer/view-ref.js';
import {startDemoBackend, type DemoBackend} from './helpers/demo-backend.js';
import {frameLines, renderExplorer, type ExplorerHarness} from './helpers/render.js';
import {createMemoryBackend} from './helpers/demo-graph.js';
import {demoSnapshot} from './helpers/snapshot-builder.js';

const footer = (text: string) => frameLines(text).at(-1) ?? '';
const priceIn = (text: string) => Number(/r refresh ~(\d+) req/.exec(footer(text))?.[1] ?? Number.NaN);

async function synced(options: Parameters<typeof startDemoBackend>[0] = {}): Promise<DemoBackend> {
	const demo = await startDemoBackend(options);
	await demo.backend.refresh();
	assert.ok(demo.backend.graph(), 'tier 1 synced');
	return demo;
}

function sentSince(demo: DemoBackend): () => number {
	const before = demo.emulator.stats().requests;
	return () => demo.emulator.stats().requests - before;
}

/** Every line of the frame fits 80 columns, and a dialog is drawn whole (its bottom border is there). */
function assertFits(text: string): void {
	for (const line of frameLines(text)) assert.ok(displayWidth(line) <= 80, `fits 80 columns: ${line}`);
	assert.equal(frameLines(text).length <= 24, true, 'fits 24 rows');
	assert.ok(text.includes('╰'), 'the dialog is drawn whole');
}

test('r refreshes the scope in view: the footer price is exactly what it sends, in every view at 80×24', async t => {
	const demo = await synced();
	t.after(() => demo.close());
	await demo.backend.ensureRepositoryGrants('acme/api-gateway');
	const graph = demo.backend.graph()!;
	const lilei = graph.users().find(user => user.nickname === 'lilei')!;
	// The person view has more keys in its footer (L, a, x): its price shows from 100 columns.
	const views: {ref: ViewRef; price: number; columns?: number}[] = [
		{ref: {view: 'repository', fullName: 'acme/api-gateway'}, price: 2},
		// Two permission listings and one page of its 12 repositories.
		{ref: {view: 'project', workspace: 'acme', key: 'PLAT'}, price: 3},
		{ref: {view: 'group', workspace: 'acme', slug: 'developers'}, price: 1},
		{ref: {view: 'workspace', workspace: 'acme'}, price: demo.backend.refreshPrice({workspace: 'acme'})!},
		{ref: {view: 'workspaces'}, price: demo.backend.refreshPrice()!},
		{ref: {view: 'person', uuid: lilei.uuid}, price: demo.backend.refreshPrice({workspaces: graph.workspaces().filter(ws => graph.roleOf(ws.slug, lilei.uuid)).map(ws => ws.slug)})!, columns: 100},
	];
	assert.ok(views[3]!.price > 3 && views[4]!.price > views[3]!.price, 'a workspace costs more than a project, everything more than one workspace');
	for (const {ref, price, columns} of views) {
		const ui = renderExplorer(demo.backend, {initialView: ref, columns});
		try {
			const before = await ui.waitFor(text => /r refresh ~\d+ req/.test(footer(text)), `the price in the footer of ${ref.view}`);
			assert.equal(priceIn(before), price, `${ref.view}: the footer price`);
			const sent = sentSince(demo);
			await ui.press('r');
			await ui.waitFor(text => footer(text).includes('Refreshed'), `${ref.view}: refreshed`, 10_000);
			assert.equal(sent(), price, `${ref.view}: sent what the footer said`);
		} finally {
			ui.unmount();
		}
	}
});

test('a partial refresh changes only its part: project, groups and a loaded repository, everything else kept', async t => {
	const demo = await synced();
	t.after(() => demo.close());
	await demo.backend.ensureRepositoryGrants('acme/api-gateway');
	await demo.backend.ensureRepositoryGrants('acme/billing-service');
	const graph = demo.backend.graph()!;
	const billingAt = graph.repositoryGrantsState('acme/billing-service');
	const labs = JSON.stringify({members: graph.members('acme-labs'), repositories: graph.repositories('acme-labs')});
	const outsider = graph.members('acme').find(({user}) => !graph.group('acme', 'developers')!.members.includes(user.uuid))!.user;
	// Someone else changes Bitbucket meanwhile.
	const admin = new BitbucketClient({apiUrl: demo.emulator.url, email: DEMO_ADMIN.email, token: DEMO_ADMIN.token});
	t.after(() => admin.close());
	await putProjectGroupPermission(admin, 'acme', 'PLAT', 'qa', 'read');
	await addGroupMember(admin, 'acme', 'developers', outsider.uuid);
	await putRepositoryUserPermission(admin, 'acme', 'api-gateway', outsider.uuid, 'admin');

	const ui = renderExplorer(demo.backend, {initialView: {view: 'workspace', workspace: 'acme'}});
	try {
		await ui.waitFor(text => text.includes('Members'), 'the workspace');
		// A burst: jump to the project and refresh it, in one read.
		ui.stdin.write(':project PLAT\rr');
		await ui.waitFor(text => footer(text).includes('Refreshed project acme:PLAT'), 'the project refreshed', 10_000);
		const afterProject = demo.backend.graph()!;
		assert.ok(afterProject.projectGrants('acme', 'PLAT').some(grant => grant.principal.type === 'group' && grant.principal.slug === 'qa'), 'the new project grant is shown');
		assert.ok(!afterProject.group('acme', 'developers')!.members.includes(outsider.uuid), 'groups were not part of it');
		assert.deepEqual(afterProject.repositoryGrantsState('acme/billing-service'), billingAt, 'loaded repository grants are kept');
		assert.equal(JSON.stringify({members: afterProject.members('acme-labs'), repositories: afterProject.repositories('acme-labs')}), labs, 'other workspaces are kept');

		ui.stdin.write(':group developers\rr');
		await ui.waitFor(text => footer(text).includes("Refreshed acme's groups"), 'the groups refreshed', 10_000);
		assert.ok(demo.backend.graph()!.group('acme', 'developers')!.members.includes(outsider.uuid), 'the new member is shown');
		assert.ok(demo.backend.graph()!.projectGrants('acme', 'PLAT').some(grant => grant.principal.type === 'group' && grant.principal.slug === 'qa'), 'the project refresh is kept');

		ui.stdin.write(':repo api-gateway\rr');
		const text = await ui.waitFor(text => footer(text).includes("Refreshed acme/api-gateway's grants"), 'the loaded repository re-read', 10_000);
		const grants = demo.backend.graph()!.repositoryGrants('acme/api-gateway');
		assert.ok(grants.some(grant => grant.principal.type === 'user' && grant.principal.uuid === outsider.uuid && grant.level === 'admin'), 'the new grant is shown');
		assert.match(frameLines(text)[2] ?? '', /grants loaded just now/, 'the summary says when the grants were read');
	} finally {
		ui.unmount();
	}
});

test('R asks first with the price and the budget left; declining sends nothing; yes refreshes tier 1 only', async t => {
	const budget = new RequestBudget({policy: {limit: 1000, windowMs: 3_600_000}});
	const demo = await synced({budget});
	t.after(() => demo.close());
	await demo.backend.ensureRepositoryGrants('acme/api-gateway');
	const loadedAt = demo.backend.graph()!.repositoryGrantsState('acme/api-gateway');
	const price = demo.backend.refreshPrice()!;
	const left = budget.remaining();
	const ui = renderExplorer(demo.backend, {initialView: {view: 'project', workspace: 'acme', key: 'PLAT'}});
	try {
		await ui.waitFor(text => text.includes('Platform · acme:PLAT'), 'the project');
		const sent = sentSince(demo);
		ui.stdin.write('R');
		const dialog = await ui.waitFor(text => text.includes('Refresh everything'), 'the confirmation');
		assertFits(dialog);
		const flat = dialog.replace(/[│\n]+/g, ' ').replace(/\s+/g, ' ');
		assert.ok(flat.includes(`all workspaces: about ${price} requests (${left} of 1,000 left this hour).`), flat);
		assert.match(flat, /Loaded repository grants are kept, not re-read/);
		ui.stdin.write('n');
		await ui.waitFor(text => !text.includes('Refresh everything'), 'declined');
		assert.equal(sent(), 0, 'declining sends nothing');
		ui.stdin.write('Ry');
		await ui.waitFor(text => footer(text).includes('Refreshed all workspaces'), 'refreshed', 10_000);
		assert.equal(sent(), price, 'sent what it said');
		assert.deepEqual(demo.backend.graph()!.repositoryGrantsState('acme/api-gateway'), loadedAt, 'loaded repository grants were not re-read');
	} finally {
		ui.unmount();
	}
});

async function overBudget(ui: ExplorerHarness, keys: string, title: string): Promise<string> {
	ui.stdin.write(keys);
	const text = await ui.waitFor(frame => frame.includes(`${title}: over budget`), `the over-budget dialog of ${keys}`);
	assertFits(text);
	return text.replace(/[│\n]+/g, ' ').replace(/\s+/g, ' ');
}

test('over budget: one dialog for r, R and L says the price, what is left and when it frees up; cancel sends nothing', async t => {
	const budget = new RequestBudget({policy: {limit: 100, windowMs: 60_000}});
	const demo = await synced({budget});
	t.after(() => demo.close());
	budget.record(budget.remaining() - 1);
	const ui = renderExplorer(demo.backend, {initialView: {view: 'workspace', workspace: 'acme', section: 'repositories'}});
	try {
		await ui.waitFor(text => text.includes('Repositories'), 'the workspace');
		const sent = sentSince(demo);
		const price = demo.backend.refreshPrice({workspace: 'acme'})!;
		let flat = await overBudget(ui, 'r', 'Refresh');
		assert.ok(flat.includes(`acme: about ${price} requests; 1 left in this 1m window. Enough frees up in`), flat);
		assert.match(flat, /w Wait and run when it frees up/);
		assert.match(flat, /\d+ req \(1 left\)/, 'the header caught up with the ledger');
		ui.stdin.write('c');
		await ui.waitFor(text => !text.includes('over budget'), 'cancelled');

		flat = await overBudget(ui, 'R', 'Refresh everything');
		assert.ok(flat.includes(`all workspaces: about ${demo.backend.refreshPrice()} requests; 1 left`), flat);
		ui.stdin.write('\u001B');
		await ui.waitFor(text => !text.includes('over budget'), 'Esc cancels too');

		flat = await overBudget(ui, 'L', 'Load repository grants');
		assert.match(flat, /\d+ repositories: about \d+ requests; 1 left in this 1m window\. Enough frees up in \d+ s\./);
		ui.stdin.write('c');
		await ui.waitFor(text => !text.includes('over budget'), 'cancelled');
		await new Promise(resolve => setTimeout(resolve, 100));
		assert.equal(sent(), 0, 'nothing was sent');
		assert.equal(demo.backend.status().waiting, undefined, 'nothing waits');
	} finally {
		ui.unmount();
	}
});

test('wait and run when it frees up: the status says it waits, Esc stops it, or it starts by itself', async t => {
	const budget = new RequestBudget({policy: {limit: 40, windowMs: 3000}});
	const demo = await synced({budget});
	t.after(() => demo.close());
	await demo.backend.ensureRepositoryGrants('acme/api-gateway');
	await new Promise(resolve => setTimeout(resolve, 3200)); // the sync's requests leave the window
	budget.record(budget.remaining() - 1);
	const ui = renderExplorer(demo.backend, {initialView: {view: 'repository', fullName: 'acme/api-gateway'}});
	try {
		await ui.waitFor(text => text.includes('grants loaded'), 'the repository');
		const sent = sentSince(demo);
		await overBudget(ui, 'r', 'Refresh');
		ui.stdin.write('w');
		const waiting = await ui.waitFor(text => text.includes('waiting for budget'), 'the status says it waits');
		// At 80 columns the line keeps the price and the wait; the label is cut.
		assert.match(waiting, /waiting for budget: ~2 req, starts in \d+ (ms|s) \(Esc stops\): refresh acme\/api/);
		assert.equal(demo.backend.status().waiting?.label, "refresh acme/api-gateway's grants");
		ui.stdin.write('\u001B');
		await ui.waitFor(text => !text.includes('waiting for budget') && footer(text).includes('Stopped waiting'), 'Esc stops the wait');
		await new Promise(resolve => setTimeout(resolve, 3300));
		assert.equal(sent(), 0, 'a stopped wait sends nothing, even after the budget frees up');

		budget.record(budget.remaining() - 1);
		await overBudget(ui, 'r', 'Refresh');
		ui.stdin.write('w');
		await ui.waitFor(text => text.includes('waiting for budget'), 'waiting again');
		await ui.waitFor(text => footer(text).includes("Refreshed acme/api-gateway's grants"), 'it started by itself', 10_000);
		assert.equal(sent(), 2);
		assert.equal(demo.backend.status().waiting, undefined);
	} finally {
		ui.unmount();
	}
});

test('a start that did not refresh for the budget says so in the status line, whole at 80×24', async t => {
	const first = await synced();
	t.after(() => first.close());
	// A second start on the same snapshot cache, with the hour nearly spent (another tool used it).
	const budget = new RequestBudget({policy: {limit: 1000, windowMs: 3_600_000}});
	budget.record(995);
	const second = await startDemoBackend({root: first.root, running: first.emulator, budget});
	t.after(() => second.close());
	const sent = sentSince(first);
	const plan = await startFromCache({
		backend: second.backend,
		budget,
		refreshAfterMs: 0,
		cache: true,
		account: {apiUrl: first.emulator.url, email: DEMO_ADMIN.email, paths: second.paths},
	});
	assert.equal(plan.refreshing, false);
	assert.equal(sent(), 0, 'nothing sent');
	assert.match(second.backend.status().notice ?? '', /^not refreshed: needs ~\d+ req, 5 left; frees up in \d+ min — press r$/);
	const ui = renderExplorer(second.backend);
	try {
		const text = await ui.waitFor(frame => frame.includes('not refreshed'), 'the note in the status line');
		const line = frameLines(text).find(item => item.includes('not refreshed'))!;
		assert.ok(line.endsWith(`${second.backend.status().notice}`), `shown whole: ${line}`);
		assert.ok(displayWidth(line) <= 80);
		assert.match(frameLines(text)[0] ?? '', /synced just now/, 'the header still has the age');
	} finally {
		ui.unmount();
	}
});

test("the explorer's e export of a Repositories tab says when each repository's grants were read", async () => {
	const backend = createMemoryBackend(demoSnapshot());
	const ui = renderExplorer(backend, {initialView: {view: 'workspace', workspace: 'acme', section: 'repositories'}});
	try {
		await ui.waitFor(text => text.includes('api-gateway'), 'the Repositories tab');
		ui.stdin.write('ec');
		await ui.waitFor(() => backend.calls.exports.length === 1, 'exported');
		const rows = backend.calls.exports[0]!.rows;
		const row = (name: string) => rows.find(item => item['fullName'] === name)!;
		assert.equal(row('acme/api-gateway')['grantsLoadedAt'], '2026-11-29T10:00:00.000Z');
		assert.equal(row('acme/legacy-tools')['grantsLoadedAt'], undefined, 'not loaded: no time');
	} finally {
		ui.unmount();
	}
});
