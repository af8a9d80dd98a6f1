/**
 * Workspaces the account does not administer (issue 12, item 6): tier 1 reads the account's own
 * repository permissions (GET /2.0/user/workspaces/{ws}/permissions/repositories, CHANGE-3022),
 * validated and paginated, priced in tier 1, kept apart from effective access, and marked as
 * "own permission only" in export and audit. Real HTTP against the emulator on loopback.
 */
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {tier1Price, workspaceTier1Price} from '../source/core/budget/price.js';
import {mergeWorkspaceSnapshot} from '../source/core/explorer-snapshot.js';
import {toCsv} from '../source/core/export/format.js';
import {CSV_COLUMNS, effectiveRows, explicitRows} from '../source/core/export/rows.js';
import {AccessGraph} from '../source/core/graph/index.js';
import type {AccessSnapshot} from '../source/core/model.js';
import {diffSnapshots} from '../source/core/review/drift.js';
import {builtInFindings} from '../source/core/review/findings.js';
import {loadSnapshot, saveSnapshot, syncAccess} from '../source/core/sync/index.js';
import {DEMO_ADMIN, demoScenario, type RunningEmulator} from '../source/emulator/index.js';
import {collectAll, READER_AUTH, startTestEmulator} from './helpers/emulator.js';
import {startRewritingProxy} from './helpers/rewriting-proxy.js';
import {privateCliEnv, runCli} from './helpers/run-cli.js';
import {clientFor, READER} from './helpers/sync-harness.js';

const OWN_ROUTE = 'GET /2.0/user/workspaces/{workspace}/permissions/repositories';

async function sync(emulator: Pick<RunningEmulator, 'url'>, login = undefined as typeof READER | undefined, options: Parameters<typeof syncAccess>[1] = {}) {
	const client = clientFor(emulator, login);
	try {
		const result = await syncAccess(client, options);
		return {...result, sent: client.requestsSent};
	} finally {
		await client.close();
	}
}

function ownCalls(emulator: RunningEmulator): number {
	return Object.values(emulator.stats().byRoute[OWN_ROUTE] ?? {}).reduce((sum, count) => sum + count, 0);
}

test('tier 1 reads the own permissions of the workspace the admin does not administer, and only that one', async t => {
	const emulator = await startTestEmulator(t, {scenario: 'demo'});
	const {snapshot} = await sync(emulator);
	assert.deepEqual(
		snapshot.workspaces.map(workspace => [workspace.slug, workspace.administrator]),
		[['acme', true], ['acme-labs', false]],
	);
	assert.equal(ownCalls(emulator), 1, 'one listing, for acme-labs only');
	assert.deepEqual(snapshot.ownRepositoryPermissions?.map(own => [own.workspace, own.levels]), [
		['acme-labs', {'acme-labs/exp-feature-flags': 'read', 'acme-labs/exp-notebooks': 'read'}],
	]);
	assert.ok(!Number.isNaN(Date.parse(snapshot.ownRepositoryPermissions![0]!.at)), 'the listing carries its read time');

	const graph = AccessGraph.fromSnapshot(snapshot);
	assert.equal(graph.ownRepositoryLevel('acme-labs/exp-feature-flags'), 'read');
	assert.equal(graph.ownRepositoryLevel('acme-labs/llm-eval'), 'none', 'read, and not listed: no access of its own');
	assert.equal(graph.ownRepositoryLevel('acme/api-gateway'), undefined, 'administered workspaces have no own-permission view');
	// Never mixed into effective access: the account's level is not a grant the graph knows of.
	const access = graph.effectiveAccess({type: 'repository', workspace: 'acme-labs', fullName: 'acme-labs/exp-feature-flags'});
	assert.equal(access.complete, false, 'the repository stays incompletely visible');
	assert.ok(!access.entries.some(entry => entry.user.uuid === snapshot.account.uuid), 'the own level is not in effective access');
	assert.ok(!snapshot.repositoryGrants.some(grant => grant.workspace === 'acme-labs'), 'and not stored as a grant');
	// A round trip through the graph (what the explorer saves) keeps it.
	assert.deepEqual(graph.toSnapshot().ownRepositoryPermissions, snapshot.ownRepositoryPermissions);
});

test('a member-only login gets its own level on every repository it has one on (matches the listing read directly)', async t => {
	const emulator = await startTestEmulator(t, {scenario: 'demo'});
	const {snapshot} = await sync(emulator, READER);
	const direct = await collectAll(emulator, '/2.0/user/workspaces/acme/permissions/repositories?pagelen=100', {auth: READER_AUTH});
	const expected = Object.fromEntries(direct.map(item => [item.repository.full_name, item.permission]));
	assert.ok(Object.keys(expected).length >= 5, 'the reader has several own levels in acme');
	assert.deepEqual(snapshot.ownRepositoryPermissions?.find(own => own.workspace === 'acme')?.levels, expected);
});

test('the listing is paginated at pagelen 100, following next', async t => {
	const scenario = demoScenario();
	const labs = scenario.workspaces.find(workspace => workspace.slug === 'acme-labs')!;
	// The demo admin reads project EXP: 150 more repositories there give 152 own levels (two pages).
	for (let index = 0; index < 150; index++) labs.repositories!.push({slug: `exp-extra-${String(index).padStart(3, '0')}`, project: 'EXP'});
	const emulator = await startTestEmulator(t, {scenario});
	const {snapshot} = await sync(emulator, undefined, {workspaces: ['acme-labs']});
	assert.equal(ownCalls(emulator), 2, 'two pages');
	const levels = snapshot.ownRepositoryPermissions![0]!.levels;
	assert.equal(Object.keys(levels).length, 152);
	assert.equal(levels['acme-labs/exp-extra-149'], 'read');
});

test('tier-1 price includes the own-permission listing, and covers what the sync sends', async t => {
	const emulator = await startTestEmulator(t, {scenario: 'demo'});
	const {snapshot} = await sync(emulator);
	const asAdmin = {...snapshot, workspaces: snapshot.workspaces.map(workspace => ({...workspace, administrator: true}))};
	// Not administered: the refused role listing's fallback (1) and the own listing (8 repositories: 1 page).
	assert.equal(workspaceTier1Price(snapshot, 'acme-labs') - workspaceTier1Price(asAdmin, 'acme-labs'), 2);
	const before = emulator.stats().requests;
	const again = await sync(emulator, undefined, {workspaces: ['acme-labs']});
	const sent = emulator.stats().requests - before;
	const price = tier1Price(snapshot, ['acme-labs'])!;
	assert.ok(sent <= price, `sent ${sent} for a price of ${price}`);
	// Exact but for the details request, which the workspace list makes unnecessary.
	assert.ok(price - sent <= 1, `price ${price} is tight (sent ${sent})`);
	assert.equal(again.sent, sent);
});

test('an own-permission answer without a level is refused whole, and said so (not an empty list)', async t => {
	const emulator = await startTestEmulator(t, {scenario: 'demo'});
	const proxy = await startRewritingProxy(emulator.url);
	t.after(() => proxy.close());
	proxy.rewrite = (pathname, body) => {
		if (pathname !== '/2.0/user/workspaces/acme-labs/permissions/repositories') return undefined;
		const page = body as {values: Array<Record<string, unknown>>};
		delete page.values[0]!.permission;
		return page;
	};
	const {snapshot} = await sync(proxy);
	assert.equal(snapshot.ownRepositoryPermissions, undefined, 'nothing half-read is kept');
	const labs = snapshot.workspaces.find(workspace => workspace.slug === 'acme-labs')!;
	assert.ok(labs.partial.some(reason => /^your own repository permissions could not be read: .*has no permission/.test(reason)), labs.partial.join('\n'));
	const problem = snapshot.problems.find(item => item.what === 'GET /2.0/user/workspaces/acme-labs/permissions/repositories');
	assert.equal(problem?.kind, 'malformed');
});

test('snapshots without the field still load; a one-workspace refresh keeps the other workspace\'s own levels', async t => {
	const emulator = await startTestEmulator(t, {scenario: 'demo'});
	const {snapshot} = await sync(emulator, READER);
	const dir = mkdtempSync(path.join(os.tmpdir(), 'bbaccess-own-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	const old: AccessSnapshot = {...snapshot};
	delete old.ownRepositoryPermissions;
	await saveSnapshot(old, {cacheDir: dir});
	const loaded = await loadSnapshot(snapshot.apiUrl, snapshot.account.email, {cacheDir: dir});
	assert.ok(loaded, 'an older snapshot (no ownRepositoryPermissions) is accepted');
	assert.equal(AccessGraph.fromSnapshot(loaded.snapshot).ownRepositoryLevel('acme/billing-service'), undefined);

	await saveSnapshot({...snapshot, ownRepositoryPermissions: 'broken' as never}, {cacheDir: dir});
	assert.equal(await loadSnapshot(snapshot.apiUrl, snapshot.account.email, {cacheDir: dir}), undefined, 'a damaged field is no data');

	const reader = snapshot.ownRepositoryPermissions!;
	assert.ok(reader.some(own => own.workspace === 'acme'));
	const fresh = {...snapshot, ownRepositoryPermissions: reader.filter(own => own.workspace !== 'acme')};
	const merged = mergeWorkspaceSnapshot(snapshot, fresh, 'acme-labs');
	assert.deepEqual(merged.ownRepositoryPermissions, reader, 'the acme entry is not acme-labs\'s to drop');
	assert.equal(mergeWorkspaceSnapshot(snapshot, fresh, 'acme').ownRepositoryPermissions?.some(own => own.workspace === 'acme') ?? false, false);
});

test('export marks own levels as own-permission; explicit rows, drift and audit never treat them as grants', async t => {
	const emulator = await startTestEmulator(t, {scenario: 'demo'});
	const {snapshot} = await sync(emulator);
	const graph = AccessGraph.fromSnapshot(snapshot);
	const me = snapshot.account.uuid;
	const rows = effectiveRows(graph, ['acme-labs']).filter(row => row.userUuid === me);
	assert.deepEqual(rows.map(row => [row.repository, row.level, row.source, row.complete, row.via.length]), [
		['acme-labs/exp-feature-flags', 'read', 'own-permission', false, 0],
		['acme-labs/exp-notebooks', 'read', 'own-permission', false, 0],
	]);
	assert.match(rows[0]!.missing.at(-1)!, /own permission only: .*you do not administer acme-labs, so other people's access is not visible/);
	assert.ok(effectiveRows(graph, ['acme']).every(row => row.source === undefined), 'administered workspaces: graph rows only');
	const csv = toCsv(rows as unknown as Record<string, unknown>[], CSV_COLUMNS.effective).split('\r\n');
	assert.equal(csv[0], 'workspace,project,repository,userUuid,displayName,nickname,level,via,complete,missing,grantsLoadedAt', 'the CSV keeps its columns');
	assert.match(csv[1]!, /^acme-labs,EXP,acme-labs\/exp-feature-flags,\{[^}]+\},Alex Morgan,amorgan,read,"?own-permission \(own permission only/);
	assert.ok(!explicitRows(graph, ['acme-labs']).some(row => row.principalId === me), 'no explicit grant is made up');

	// The own level changes (read → none) and back: neither is an access change, the targets stay not comparable.
	const without: AccessSnapshot = {...snapshot, ownRepositoryPermissions: snapshot.ownRepositoryPermissions!.map(own => ({...own, levels: {}}))};
	const drift = diffSnapshots(snapshot, without, {});
	assert.deepEqual(drift.access.filter(change => change.workspace === 'acme-labs'), []);
	assert.ok(drift.notComparable.some(item => item.workspace === 'acme-labs'), 'acme-labs is not comparable');

	const blind = builtInFindings(graph).find(finding => finding.id === 'blind-spot:acme-labs:not-administered');
	assert.ok(blind, 'the not-administered blind spot');
	assert.match(blind.title, /only your own level on each repository is known \(2 repositories\)/);
	assert.deepEqual(blind.paths, ['own permission only: acme-labs/exp-feature-flags READ', 'own permission only: acme-labs/exp-notebooks READ']);
	assert.ok(!builtInFindings(graph).some(finding => finding.rule !== 'blind-spot' && finding.objects.some(object => 'uuid' in object && object.uuid === me && object.workspace === 'acme-labs')), 'no other finding is built on it');
});

test('bbaccess sync says whose level it is; bbaccess export --format json carries source "own-permission"', async t => {
	const emulator = await startTestEmulator(t, {scenario: 'demo'});
	const {env} = privateCliEnv(t, 'own-perm', DEMO_ADMIN);
	const synced = await runCli(['sync', '--api-url', emulator.url], {env});
	assert.equal(synced.status, 0, synced.stderr);
	assert.match(synced.stdout, /^acme-labs: you do not administer it; your own level is known on 2 repositories \(own permission only; other people's access is not visible\)\.$/m);
	const exported = await runCli(['export', '--workspace', 'acme-labs', '--format', 'json', '--shallow', '--api-url', emulator.url], {env});
	assert.equal(exported.status, 0, exported.stderr);
	const rows = JSON.parse(exported.stdout) as Array<{repository: string | null; nickname: string | null; level: string | null; source?: string; complete: boolean}>;
	const own = rows.filter(row => row.source === 'own-permission');
	assert.deepEqual(own.map(row => [row.repository, row.nickname, row.level, row.complete]), [
		['acme-labs/exp-feature-flags', 'amorgan', 'read', false],
		['acme-labs/exp-notebooks', 'amorgan', 'read', false],
	]);
	assert.ok(rows.filter(row => row.source === undefined).every(row => row.nickname !== 'amorgan'), 'no graph row claims the admin\'s access');
});
