import {test} from 'node:test';
import assert from 'node:assert/strict';
import {syncAccess} from '../source/core/sync/index.js';
import {ALL_SCOPES, type Scenario} from '../source/emulator/index.js';
import {projectId} from '../source/core/model.js';
import {startTestEmulator} from './helpers/emulator.js';
import {clientFor} from './helpers/sync-harness.js';

const PAT = {email: 'pat@example.test', token: 'pat-token'};

/** `big`: 30 projects and 30 repositories where pat is a plain member; `own`: pat's own workspace. */
function scenario(): Scenario {
	const keys = Array.from({length: 30}, (_, index) => `P${index}`);
	return {
		name: 'budget-guard',
		users: [
			{nickname: 'boss', displayName: 'Boss'},
			{nickname: 'pat', displayName: 'Pat', email: PAT.email, tokens: [{token: PAT.token, scopes: [...ALL_SCOPES]}]},
		],
		workspaces: [
			{
				slug: 'big',
				name: 'Big',
				owners: ['boss'],
				members: ['pat'],
				projects: keys.map(key => ({key, name: key, isPrivate: false})),
				repositories: keys.map((key, index) => ({slug: `repo-${index}`, project: key, isPrivate: false})),
			},
			{
				slug: 'own',
				name: 'Own',
				owners: ['pat'],
				members: ['boss'],
				projects: keys.slice(0, 12).map(key => ({key, name: key})),
				repositories: keys.slice(0, 12).map((key, index) => ({slug: `repo-${index}`, project: key})),
			},
		],
	};
}

test('in a workspace the account does not administer, grants are probed, not requested one by one', async t => {
	const emulator = await startTestEmulator(t, {scenario: scenario()});
	const client = clientFor(emulator, PAT, {concurrency: 4});
	t.after(() => client.close());
	const {snapshot, summary} = await syncAccess(client, {deep: true});
	const stats = emulator.stats();
	const count = (route: string) => Object.values(stats.byRoute[route] ?? {}).reduce((sum, n) => sum + n, 0);

	// big: 4 probes (the client's concurrency) × 2 listings, instead of 30 × 2, for projects and for repositories.
	// own: pat is owner, so all 12 are requested.
	assert.equal(count('GET /2.0/workspaces/{workspace}/projects/{project_key}/permissions-config/users'), 4 + 12);
	assert.equal(count('GET /2.0/repositories/{workspace}/{repo_slug}/permissions-config/users'), 4 + 12);

	for (const key of ['P0', 'P29']) {
		const state = snapshot.projectGrantStatus[projectId('big', key)];
		assert.equal(state?.state, 'unavailable', key);
	}
	const skipped = snapshot.projectGrantStatus[projectId('big', 'P29')];
	assert.match(skipped?.state === 'unavailable' ? skipped.reason : '', /not requested: the first 4 projects of big were refused/);
	assert.equal(snapshot.repositoryGrantStatus['big/repo-29']?.state, 'unavailable');
	assert.equal(snapshot.repositoryGrantStatus['own/repo-11']?.state, 'loaded');
	assert.equal(snapshot.projectGrantStatus[projectId('own', 'P11')]?.state, 'loaded');

	const big = snapshot.workspaces.find(workspace => workspace.slug === 'big')!;
	assert.ok(big.partial.some(reason => /30 of 30 projects not visible: needs admin rights \(403\); 26 not requested/.test(reason)), big.partial.join(' | '));
	assert.ok(summary.problems.some(problem => problem.workspace === 'big' && /30 of 30 repositories not visible/.test(problem.message)));
});
