/**
 * Cross-check of two independent implementations of Bitbucket's permission model: the graph's
 * effective access (computed from explicit grants, group membership, project inheritance and owners)
 * must give every user exactly the level the emulator's own effective listing
 * (GET /2.0/workspaces/{ws}/permissions/repositories) reports, on every repository, over real HTTP;
 * and a member's own levels (GET /2.0/user/workspaces/{ws}/permissions/repositories) equal the admin's graph.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {listEffectiveRepositoryPermissions} from '../source/core/bitbucket/api.js';
import {AccessGraph} from '../source/core/graph/index.js';
import {syncAccess} from '../source/core/sync/index.js';
import {startTestEmulator} from './helpers/emulator.js';
import {clientFor, READER} from './helpers/sync-harness.js';

for (const scenario of ['demo', 'medium'] as const) {
	test(`graph effective access equals the emulator's effective listing on every repository (${scenario})`, async t => {
		const emulator = await startTestEmulator(t, {scenario, seed: 7});
		const client = clientFor(emulator, undefined, {concurrency: 8});
		t.after(() => client.close());
		const {snapshot} = await syncAccess(client, {deep: true});
		const graph = AccessGraph.fromSnapshot(snapshot);
		const administered = graph.workspaces().filter(workspace => workspace.partial.length === 0);
		assert.ok(administered.length > 0, 'at least one fully visible workspace');
		let compared = 0;
		for (const workspace of administered) {
			const listing = await listEffectiveRepositoryPermissions(client, workspace.slug);
			const fromEmulator = new Map<string, string>();
			for (const item of listing) fromEmulator.set(`${item.repository?.full_name} ${item.user?.uuid}`, item.permission ?? '?');
			const fromGraph = new Map<string, string>();
			for (const repository of graph.repositories(workspace.slug)) {
				const access = graph.effectiveAccess({type: 'repository', workspace: workspace.slug, fullName: repository.fullName});
				assert.equal(access.complete, true, `${repository.fullName}: ${access.missing.join('; ')}`);
				for (const entry of access.entries) fromGraph.set(`${repository.fullName} ${entry.user.uuid}`, entry.level);
			}
			const differences = [...new Set([...fromEmulator.keys(), ...fromGraph.keys()])]
				.filter(key => fromEmulator.get(key) !== fromGraph.get(key))
				.map(key => `${key}: emulator ${fromEmulator.get(key) ?? 'none'}, graph ${fromGraph.get(key) ?? 'none'}`);
			assert.deepEqual(differences.slice(0, 10), [], `${differences.length} differences in ${workspace.slug}`);
			compared += fromGraph.size;
		}
		assert.ok(compared > 100, `compared ${compared} user–repository pairs`);
	});
}

test('a member\'s own-permission levels (CHANGE-3022 listing, read as that member) equal the admin\'s graph for that member', async t => {
	const emulator = await startTestEmulator(t, {scenario: 'demo'});
	const admin = clientFor(emulator, undefined, {concurrency: 8});
	const reader = clientFor(emulator, READER);
	t.after(() => Promise.all([admin.close(), reader.close()]));
	const [{snapshot: full}, {snapshot: mine}] = await Promise.all([syncAccess(admin, {deep: true, workspaces: ['acme']}), syncAccess(reader, {workspaces: ['acme']})]);
	const graph = AccessGraph.fromSnapshot(full);
	const own = mine.ownRepositoryPermissions?.find(item => item.workspace === 'acme');
	assert.ok(own, 'the reader does not administer acme: its own levels were read');
	const fromGraph: Record<string, string> = {};
	for (const repository of graph.repositories('acme')) {
		const entry = graph.effectiveAccess({type: 'repository', workspace: 'acme', fullName: repository.fullName}).entries.find(item => item.user.uuid === mine.account.uuid);
		if (entry) fromGraph[repository.fullName] = entry.level;
	}
	assert.ok(Object.keys(fromGraph).length >= 5, 'the reader reaches several repositories');
	assert.deepEqual(own.levels, fromGraph);
});
