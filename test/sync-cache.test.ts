import {test} from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {loadSnapshot, refreshedSnapshot, saveSnapshot, snapshotFile, syncAccess} from '../source/core/sync/index.js';
import type {AccessSnapshot} from '../source/core/model.js';
import {startTestEmulator} from './helpers/emulator.js';
import {ADMIN, clientFor} from './helpers/sync-harness.js';

function tempDir(t: {after: (fn: () => void) => void}): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'bbaccess-cache-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	return dir;
}

async function demoSnapshot(t: Parameters<typeof startTestEmulator>[0]): Promise<AccessSnapshot> {
	const emulator = await startTestEmulator(t);
	const client = clientFor(emulator);
	try {
		return (await syncAccess(client)).snapshot;
	} finally {
		await client.close();
	}
}

test('the snapshot is cached per account, mode 0600, without secrets, and loads with its age', async t => {
	const dir = tempDir(t);
	const snapshot = await demoSnapshot(t);
	const file = await saveSnapshot(snapshot, {cacheDir: dir});
	assert.equal(file, snapshotFile(snapshot.apiUrl, ADMIN.email, {cacheDir: dir}));
	assert.equal(statSync(file).mode & 0o777, 0o600);
	assert.doesNotMatch(path.basename(file), /acme|admin/);
	const text = readFileSync(file, 'utf8');
	assert.doesNotMatch(text, /demo-admin-token|Basic |authorization/i);
	assert.deepEqual(readdirSync(dir).filter(name => name !== 'history'), [path.basename(file)], 'no temp files left behind (history/ holds the kept copies)');

	const loaded = await loadSnapshot(`${snapshot.apiUrl}/`, 'ADMIN@acme.test', {cacheDir: dir});
	assert.deepEqual(loaded?.snapshot, snapshot);
	assert.ok(loaded!.ageMs >= 0 && loaded!.ageMs < 60_000);
	assert.equal(await loadSnapshot(snapshot.apiUrl, 'reader@acme.test', {cacheDir: dir}), undefined, 'another account has its own cache');
	assert.equal(await loadSnapshot('https://api.bitbucket.org', ADMIN.email, {cacheDir: dir}), undefined, 'another API URL has its own cache');
});

test('a damaged or foreign cache file is ignored, not fatal', async t => {
	const dir = tempDir(t);
	const file = snapshotFile('https://api.bitbucket.org', ADMIN.email, {cacheDir: dir});
	writeFileSync(file, '{"formatVersion": 1, "apiUrl": "https://api.bitb');
	assert.equal(await loadSnapshot('https://api.bitbucket.org', ADMIN.email, {cacheDir: dir}), undefined);
	writeFileSync(file, JSON.stringify({formatVersion: 99}));
	assert.equal(await loadSnapshot('https://api.bitbucket.org', ADMIN.email, {cacheDir: dir}), undefined);
});

test('a partial refresh never replaces good data with less; a complete one does', async t => {
	const good = await demoSnapshot(t);
	const worse: AccessSnapshot = {
		...good,
		syncedAt: new Date(Date.now() + 1000).toISOString(),
		memberships: good.memberships.filter(edge => edge.workspace !== 'acme'),
		workspaces: good.workspaces.map(ws => (ws.slug === 'acme' ? {...ws, partial: ['members not visible: Bitbucket failed (503)']} : ws)),
		problems: [...good.problems, {workspace: 'acme', what: 'GET /2.0/workspaces/acme/permissions', message: 'Bitbucket failed on GET /2.0/workspaces/acme/permissions (503)', kind: 'server'}],
	};
	const kept = refreshedSnapshot(good, worse);
	assert.equal(kept.replaced, false);
	assert.equal(kept.snapshot, good);
	assert.match(kept.keptBecause ?? '', /acme/);

	const newer = {...good, syncedAt: new Date(Date.now() + 2000).toISOString()};
	const replaced = refreshedSnapshot(good, newer);
	assert.equal(replaced.replaced, true);
	assert.equal(replaced.snapshot.syncedAt, newer.syncedAt);
	assert.equal(refreshedSnapshot(undefined, worse).replaced, true, 'with nothing cached, partial data is better than none');
});

test('a workspace-filtered refresh is merged into the cached snapshot; loaded repository grants survive', async t => {
	const emulator = await startTestEmulator(t);
	const client = clientFor(emulator);
	t.after(() => client.close());
	const full = (await syncAccess(client, {deep: true})).snapshot;
	const onlyAcme = (await syncAccess(client, {workspaces: ['acme']})).snapshot;
	const decision = refreshedSnapshot(full, onlyAcme, ['acme']);
	assert.equal(decision.replaced, true);
	assert.deepEqual(decision.snapshot.workspaces.map(ws => ws.slug), ['acme', 'acme-labs']);
	assert.equal(decision.snapshot.repositories.length, full.repositories.length);
	const acmeRepository = full.repositories.find(repository => repository.workspace === 'acme')!.fullName;
	assert.equal(decision.snapshot.repositoryGrantStatus[acmeRepository]?.state, 'loaded', 'tier-2 data carried over');
	assert.deepEqual(
		decision.snapshot.repositoryGrants.filter(grant => grant.repository === acmeRepository),
		full.repositoryGrants.filter(grant => grant.repository === acmeRepository),
	);
});
