import {test} from 'node:test';
import assert from 'node:assert/strict';
import {syncAccess, type SyncProgress} from '../source/core/sync/index.js';
import {AccessGraph} from '../source/core/graph/index.js';
import {BbError} from '../source/core/errors.js';
import {projectId} from '../source/core/model.js';
import {startTestEmulator} from './helpers/emulator.js';
import {ADMIN, READER, clientFor, emulatorState} from './helpers/sync-harness.js';

test('tier 1 as the demo admin matches the emulator state; acme-labs is partial with reasons', async t => {
	const emulator = await startTestEmulator(t);
	const client = clientFor(emulator);
	t.after(() => client.close());
	const progress: SyncProgress[] = [];
	const {snapshot, summary} = await syncAccess(client, {onProgress: event => progress.push(event)});
	const state = await emulatorState(emulator);

	assert.equal(snapshot.account.email, ADMIN.email);
	assert.deepEqual(snapshot.workspaces.map(ws => ws.slug), state.workspaces.map(ws => ws.slug).sort());
	const acme = state.workspaces.find(ws => ws.slug === 'acme')!;
	const acmeNode = snapshot.workspaces.find(ws => ws.slug === 'acme')!;
	assert.equal(acmeNode.administrator, true);
	assert.deepEqual(acmeNode.partial, []);
	assert.equal(acmeNode.name, acme.name);

	// Members with their real roles (one /permissions listing).
	const roles = (workspace: string) => snapshot.memberships.filter(edge => edge.workspace === workspace).map(edge => `${edge.user}=${edge.role}`).sort();
	assert.deepEqual(roles('acme'), acme.members.map(member => `${member.uuid}=${member.role === 'owner' ? 'owner' : 'member'}`).sort());
	// Groups with members, from the one v1 call.
	assert.deepEqual(
		snapshot.groups.filter(group => group.workspace === 'acme').map(group => `${group.slug}:${group.members.join(',')}`),
		acme.groups.map(group => `${group.slug}:${group.members.map(member => member.uuid).sort().join(',')}`).sort(),
	);
	// Projects and their explicit grants.
	assert.deepEqual(snapshot.projects.filter(project => project.workspace === 'acme').map(project => project.key), acme.projects.map(project => project.key).sort());
	for (const project of acme.projects) {
		assert.deepEqual(snapshot.projectGrantStatus[projectId('acme', project.key)]?.state, 'loaded');
		const got = snapshot.projectGrants.filter(grant => grant.workspace === 'acme' && grant.project === project.key).map(grant => `${grant.principal.type === 'user' ? grant.principal.uuid : grant.principal.slug}=${grant.level}`).sort();
		const want = [...project.users.map(user => `${user.uuid}=${user.level}`), ...project.groups.map(group => `${group.slug}=${group.level}`)].sort();
		assert.deepEqual(got, want, `grants of ${project.key}`);
	}
	// Repositories mapped to their projects; grants explicitly not loaded (never "none").
	for (const repository of acme.repositories) {
		const node = snapshot.repositories.find(item => item.fullName === repository.fullName);
		assert.ok(node, `repository ${repository.fullName}`);
		assert.equal(node.projectKey, repository.project);
		assert.deepEqual(snapshot.repositoryGrantStatus[repository.fullName], {state: 'not-loaded'});
	}
	// In acme-labs the admin is a plain member: only the repositories visible to them, but each correctly placed.
	const labsRepositories = state.workspaces.find(ws => ws.slug === 'acme-labs')!.repositories;
	for (const node of snapshot.repositories.filter(item => item.workspace === 'acme-labs')) {
		assert.equal(node.projectKey, labsRepositories.find(item => item.fullName === node.fullName)?.project, node.fullName);
	}
	assert.equal(snapshot.repositoryGrants.length, 0);
	assert.equal(summary.repositoriesWithGrantsLoaded, 0);

	// acme-labs: admin listings are 403 → members without roles, no groups, partial with reasons.
	const labs = snapshot.workspaces.find(ws => ws.slug === 'acme-labs')!;
	assert.equal(labs.administrator, false);
	assert.ok(labs.partial.some(reason => /roles not visible/.test(reason)), labs.partial.join('; '));
	assert.ok(labs.partial.some(reason => /groups not visible/.test(reason)), labs.partial.join('; '));
	const labsState = state.workspaces.find(ws => ws.slug === 'acme-labs')!;
	assert.deepEqual(roles('acme-labs'), labsState.members.map(member => `${member.uuid}=member`).sort());
	assert.ok(summary.partial);
	assert.ok(summary.problems.every(problem => problem.workspace === 'acme-labs'), JSON.stringify(summary.problems));
	assert.ok(summary.problems.some(problem => problem.kind === 'not-admin'));

	// Requests: what the emulator saw equals what we counted; the removed listing was never called.
	const stats = emulator.stats();
	assert.equal(summary.requests, stats.requests);
	assert.ok(!Object.keys(stats.byRoute).includes('GET /2.0/workspaces'), Object.keys(stats.byRoute).join(', '));
	assert.equal(stats.byRoute['GET /2.0/repositories/{workspace}']?.['200'], 2, 'one repository listing per workspace');

	// Progress: account → structure → done, with request counts.
	assert.equal(progress[0]?.phase, 'account');
	assert.equal(progress.at(-1)?.phase, 'done');
	assert.ok(progress.some(event => event.phase === 'structure' && event.workspace === 'acme'));
	assert.ok(progress.some(event => event.phase === 'project-grants' && event.done === event.total && event.total > 0));
	assert.equal(progress.at(-1)?.requestsUsed, summary.requests);

	// The graph accepts it.
	const graph = AccessGraph.fromSnapshot(snapshot);
	assert.equal(graph.repositories('acme').length, acme.repositories.length);
	assert.equal(graph.repositoryGrantsState(acme.repositories[0]!.fullName).state, 'not-loaded');
});

test('the workspace filter syncs only the named workspaces; an unknown slug lists the visible ones', async t => {
	const emulator = await startTestEmulator(t);
	const client = clientFor(emulator);
	t.after(() => client.close());
	const {snapshot} = await syncAccess(client, {workspaces: ['acme']});
	assert.deepEqual(snapshot.workspaces.map(ws => ws.slug), ['acme']);
	assert.ok(snapshot.repositories.every(repository => repository.workspace === 'acme'));

	await assert.rejects(syncAccess(client, {workspaces: ['acme', 'nope']}), (error: unknown) =>
		error instanceof BbError && error.kind === 'usage' && /'nope'/.test(error.message) && /acme, acme-labs/.test(error.message));
});

test('the read-only demo login syncs what it can see and marks the rest not visible', async t => {
	const emulator = await startTestEmulator(t);
	const client = clientFor(emulator, READER);
	t.after(() => client.close());
	const {snapshot, summary} = await syncAccess(client);
	assert.ok(snapshot.workspaces.length > 0);
	assert.ok(snapshot.repositories.length > 0, 'repositories are readable');
	assert.ok(snapshot.memberships.length > 0, 'members are readable');
	assert.ok(summary.partial);
	for (const workspace of snapshot.workspaces) assert.ok(workspace.partial.length > 0, `${workspace.slug} is partial`);
	for (const state of Object.values(snapshot.projectGrantStatus)) {
		assert.equal(state.state, 'unavailable');
	}
	assert.ok(summary.problems.some(problem => problem.kind === 'missing-scope' && /admin:workspace:bitbucket/.test(problem.message)), JSON.stringify(summary.problems));
});

test('a wrong token stops the sync with an auth error (no partial snapshot)', async t => {
	const emulator = await startTestEmulator(t);
	const client = clientFor(emulator, {email: ADMIN.email, token: 'wrong-token'});
	t.after(() => client.close());
	await assert.rejects(syncAccess(client), (error: unknown) => error instanceof BbError && error.kind === 'auth');
});

test('cancelling stops the sync with a cancelled error', async t => {
	const emulator = await startTestEmulator(t, {latencyMs: 20});
	const client = clientFor(emulator);
	t.after(() => client.close());
	const abort = new AbortController();
	const run = syncAccess(client, {signal: abort.signal, onProgress: event => {
		if (event.phase === 'structure') abort.abort();
	}});
	await assert.rejects(run, (error: unknown) => error instanceof BbError && error.kind === 'cancelled');
});
