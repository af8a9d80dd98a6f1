/**
 * Issue #11, done when: a fault run ends with "the same export as a clean run". The listings of a
 * workspace finish in any order (retries delay some); the workspace's partial reasons, which fill an
 * export's `missing` column, must not follow that order: the same data gives the same export.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {syncAccess} from '../source/core/sync/index.js';
import {startTestEmulator} from './helpers/emulator.js';
import {startRewritingProxy} from './helpers/rewriting-proxy.js';
import {clientFor} from './helpers/sync-harness.js';

test('partial reasons keep the order of the steps whichever listing answers first', async t => {
	const emulator = await startTestEmulator(t);
	const proxy = await startRewritingProxy(emulator.url);
	t.after(() => proxy.close());
	const client = clientFor({url: proxy.url});
	t.after(() => client.close());
	// acme-labs is administered elsewhere: roles, groups and project grants are each refused (403).
	const partialWith = async (slow: string): Promise<string[]> => {
		proxy.delay = (_method, pathname) => (pathname.startsWith(slow) ? 300 : 0);
		const {snapshot} = await syncAccess(client, {workspaces: ['acme-labs']});
		return snapshot.workspaces.find(workspace => workspace.slug === 'acme-labs')!.partial;
	};
	const rolesLate = await partialWith('/2.0/workspaces/acme-labs/permissions');
	const groupsLate = await partialWith('/1.0/groups/acme-labs');
	const grantsLate = await partialWith('/2.0/workspaces/acme-labs/projects/');
	assert.equal(rolesLate.length, 3, rolesLate.join('\n'));
	assert.deepEqual(groupsLate, rolesLate);
	assert.deepEqual(grantsLate, rolesLate);
	assert.match(rolesLate[0]!, /^workspace roles not visible/);
	assert.match(rolesLate[1]!, /^groups not visible/);
	assert.match(rolesLate[2]!, /^explicit grants of 1 of 1 projects not visible/);
});
