import {test} from 'node:test';
import assert from 'node:assert/strict';
import {estimateDeepSync, loadRepositoryGrants, syncAccess, type SyncProgress} from '../source/core/sync/index.js';
import {AccessGraph} from '../source/core/graph/index.js';
import {startTestEmulator} from './helpers/emulator.js';
import {clientFor, emulatorState} from './helpers/sync-harness.js';

function grantText(grant: {principal: {type: 'user'; uuid: string} | {type: 'group'; slug: string}; level: string}): string {
	return `${grant.principal.type === 'user' ? grant.principal.uuid : grant.principal.slug}=${grant.level}`;
}

test('deep sync loads every visible repository grant, estimates first, and reports not-visible ones', async t => {
	const emulator = await startTestEmulator(t);
	const client = clientFor(emulator);
	t.after(() => client.close());
	const progress: SyncProgress[] = [];
	const {snapshot, summary} = await syncAccess(client, {deep: true, onProgress: event => progress.push(event)});
	const state = await emulatorState(emulator);
	const acme = state.workspaces.find(ws => ws.slug === 'acme')!;
	for (const repository of acme.repositories) {
		assert.equal(snapshot.repositoryGrantStatus[repository.fullName]?.state, 'loaded', repository.fullName);
		const got = snapshot.repositoryGrants.filter(grant => grant.repository === repository.fullName).map(grantText).sort();
		const want = [...repository.users.map(user => `${user.uuid}=${user.level}`), ...repository.groups.map(group => `${group.slug}=${group.level}`)].sort();
		assert.deepEqual(got, want, repository.fullName);
	}
	const labs = snapshot.repositories.filter(repository => repository.workspace === 'acme-labs');
	for (const repository of labs) {
		const status = snapshot.repositoryGrantStatus[repository.fullName];
		assert.ok(status?.state === 'unavailable' && /not visible/.test(status.reason), JSON.stringify(status));
	}
	if (labs.length > 0) assert.ok(summary.problems.some(problem => problem.workspace === 'acme-labs' && /repositories not visible/.test(problem.message)));
	assert.equal(summary.repositoriesWithGrantsLoaded, acme.repositories.length);
	assert.ok(summary.deepEstimate && summary.deepEstimate.requests === snapshot.repositories.length * 2, JSON.stringify(summary.deepEstimate));
	const announce = progress.find(event => event.phase === 'repository-grants' && event.message);
	assert.match(announce?.message ?? '', new RegExp(`about ${snapshot.repositories.length * 2} requests`));
	// Two listings per repository, exactly.
	const stats = emulator.stats();
	const perRepo = Object.entries(stats.byRoute).filter(([route]) => route.includes('{repo_slug}/permissions-config'));
	const total = perRepo.reduce((sum, [, statuses]) => sum + Object.values(statuses).reduce((a, b) => a + b, 0), 0);
	assert.equal(total, snapshot.repositories.length * 2);
	AccessGraph.fromSnapshot(snapshot);
});

test('tier 2 on demand goes into the graph through setRepositoryGrants; the estimate shrinks', async t => {
	const emulator = await startTestEmulator(t);
	const client = clientFor(emulator);
	t.after(() => client.close());
	const {snapshot} = await syncAccess(client, {workspaces: ['acme']});
	const graph = AccessGraph.fromSnapshot(snapshot);
	const before = estimateDeepSync(graph, 8, 100);
	assert.equal(before.requests, snapshot.repositories.length * 2);
	assert.equal(before.seconds, Math.ceil((before.requests * 100) / 8 / 1000));
	const [first, second] = graph.repositories('acme');
	const requestsBefore = client.requestsSent;
	let changes = 0;
	graph.onChange(() => changes++);
	await loadRepositoryGrants(client, graph, [first!.fullName, second!.fullName, first!.fullName]);
	assert.equal(client.requestsSent - requestsBefore, 4, 'two listings per repository, duplicates once');
	assert.equal(graph.repositoryGrantsState(first!.fullName).state, 'loaded');
	assert.equal(graph.repositoryGrantsState(second!.fullName).state, 'loaded');
	assert.ok(changes >= 2);
	const state = await emulatorState(emulator);
	const want = state.workspaces.find(ws => ws.slug === 'acme')!.repositories.find(repository => repository.fullName === first!.fullName)!;
	assert.deepEqual(graph.repositoryGrants(first!.fullName).map(grantText).sort(), [...want.users.map(user => `${user.uuid}=${user.level}`), ...want.groups.map(group => `${group.slug}=${group.level}`)].sort());
	assert.equal(estimateDeepSync(graph, 8, 100).requests, before.requests - 4);
});

test('on-demand grants of a repository the account cannot administer become unavailable with the reason', async t => {
	const emulator = await startTestEmulator(t);
	const client = clientFor(emulator);
	t.after(() => client.close());
	const {snapshot} = await syncAccess(client, {workspaces: ['acme-labs']});
	const graph = AccessGraph.fromSnapshot(snapshot);
	const repository = graph.repositories('acme-labs')[0];
	assert.ok(repository, 'acme-labs has a visible repository');
	await loadRepositoryGrants(client, graph, [repository.fullName]);
	const state = graph.repositoryGrantsState(repository.fullName);
	assert.equal(state.state, 'unavailable');
	assert.match(state.state === 'unavailable' ? state.reason : '', /admin/);
});

test('tier 2 names people that only its grants mention', async t => {
	const emulator = await startTestEmulator(t);
	const client = clientFor(emulator);
	t.after(() => client.close());
	const {snapshot} = await syncAccess(client, {workspaces: ['acme']});
	const lilei = snapshot.users.find(user => user.nickname === 'lilei')!;
	assert.ok(lilei, 'lilei is in the demo');
	// As if tier 1 had not listed lilei (e.g. a workspace whose member listing was not visible).
	const graph = AccessGraph.fromSnapshot({...snapshot, users: snapshot.users.filter(user => user.uuid !== lilei.uuid), memberships: snapshot.memberships.filter(edge => edge.user !== lilei.uuid)});
	assert.equal(graph.user(lilei.uuid), undefined);
	await loadRepositoryGrants(client, graph, ['acme/api-gateway']);
	assert.equal(graph.user(lilei.uuid)?.displayName, '李雷');
	const entry = graph.effectiveAccess({type: 'repository', workspace: 'acme', fullName: 'acme/api-gateway'}).entries.find(e => e.user.uuid === lilei.uuid);
	assert.equal(entry?.user.displayName, '李雷');
	assert.equal(entry?.level, 'admin');
});
