import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {RequestBudget} from '../source/core/bitbucket/budget.js';
import {startFromCache} from '../source/core/budget/cached-start.js';
import {createExplorerBackend} from '../source/core/explorer-backend.js';
import {saveSnapshot, syncAccess} from '../source/core/sync/index.js';
import {startTestEmulator} from './helpers/emulator.js';
import {ADMIN, clientFor} from './helpers/sync-harness.js';

async function setup(t: Parameters<typeof startTestEmulator>[0], ageMs: number) {
	const emulator = await startTestEmulator(t);
	const dir = mkdtempSync(path.join(os.tmpdir(), 'bbaccess-start-'));
	t?.after(() => rmSync(dir, {recursive: true, force: true}));
	const paths = {cacheDir: path.join(dir, 'cache'), stateDir: path.join(dir, 'state')};
	const seed = clientFor(emulator);
	const {snapshot} = await syncAccess(seed);
	await seed.close();
	await saveSnapshot({...snapshot, syncedAt: new Date(Date.now() - ageMs).toISOString()}, paths);
	const budget = new RequestBudget({policy: {limit: 1000, windowMs: 3_600_000}});
	const client = clientFor(emulator, ADMIN, {budget});
	const backend = createExplorerBackend({client, credentials: {email: ADMIN.email}, budget, paths, changes: false});
	t?.after(async () => {
		await backend.close();
		await client.close();
	});
	const sent = emulator.stats().requests;
	const start = (options: {offline?: boolean; refreshAfterMs?: number} = {}) =>
		startFromCache({backend, budget, refreshAfterMs: options.refreshAfterMs ?? 15 * 60_000, cache: true, offline: options.offline, account: {apiUrl: emulator.url, email: ADMIN.email, paths}});
	return {emulator, backend, budget, start, sentSince: () => emulator.stats().requests - sent};
}

test('a snapshot younger than refreshAfter opens without a single request', async t => {
	const {backend, start, sentSince} = await setup(t, 60_000);
	const plan = await start();
	assert.equal(plan.refreshing, false);
	assert.match(plan.reason, /younger than refreshAfter: nothing sent/);
	assert.ok(backend.graph()?.repository('acme/api-gateway'), 'the snapshot is shown');
	assert.match(backend.status().message, /synced 1 min ago/);
	assert.equal(backend.status().budgetLeft, 1000, 'the header has the budget left');
	assert.equal(sentSince(), 0);
});

test('an older snapshot is shown at once and tier 1 is refreshed in the background, priced', async t => {
	const {backend, start, sentSince} = await setup(t, 20 * 60_000);
	const plan = await start();
	assert.equal(plan.refreshing, true);
	assert.ok(plan.price && plan.price > 10, `priced: ${plan.price}`);
	assert.ok(backend.graph(), 'shown before the refresh ends');
	await backend.refresh();
	assert.ok(sentSince() > 0 && sentSince() <= plan.price!, `spent ${sentSince()} for a price of ${plan.price}`);
});

test('an older snapshot is not refreshed when the budget cannot pay for it', async t => {
	const {backend, start, budget, sentSince} = await setup(t, 20 * 60_000);
	budget.record(995);
	const plan = await start();
	assert.equal(plan.refreshing, false);
	assert.match(plan.reason, /not refreshed: it needs about \d+ requests and 5 are left this hour/);
	assert.equal(sentSince(), 0);
	// The explorer's status line says it (issue 12): short enough for 80 columns.
	assert.equal(backend.status().notice, plan.notice);
	assert.match(plan.notice ?? '', new RegExp(`^not refreshed: needs ~${plan.price} req, 5 left; frees up in \\d+ min — press r$`));
});

test('--offline never sends a request, even for grants the view asks for', async t => {
	const {backend, start, sentSince} = await setup(t, 5 * 3_600_000);
	const plan = await start({offline: true});
	assert.equal(plan.refreshing, false);
	await assert.rejects(backend.ensureRepositoryGrants('acme/api-gateway'), /offline/);
	assert.equal(sentSince(), 0);
});
