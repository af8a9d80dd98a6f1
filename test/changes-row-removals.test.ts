/**
 * What x acts on for an Access row (ui/changes/row-removals.ts): the real sources when the
 * target's grants are known; the person's own entry on the target (planned with one pre-read)
 * when they are not loaded yet, so typing ahead of a load never offers only inherited sources.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {AccessGraph} from '../source/core/graph/index.js';
import {rowRemovals} from '../source/ui/changes/row-removals.js';
import type {TableRow} from '../source/ui/components/table-model.js';
import {demoBuilder} from './helpers/snapshot-builder.js';

function personRow(graph: AccessGraph, nickname: string): TableRow {
	const user = graph.users().find(candidate => candidate.nickname === nickname)!;
	return {id: user.uuid, cells: {}, open: {view: 'person', uuid: user.uuid}} as unknown as TableRow;
}

test('x on an inherited row: real sources when the grants are loaded; the own entry first when they are not', () => {
	const loaded = AccessGraph.fromSnapshot(demoBuilder().build());
	const onBilling = rowRemovals(loaded, {view: 'repository', fullName: 'acme/billing-service'}, 'access', personRow(loaded, 'dscully'))!;
	assert.equal(onBilling.direct, undefined, 'dscully has no entry on billing-service and the snapshot knows it');
	assert.ok(onBilling.options.some(option => option.kind === 'revoke' && option.principal.type === 'group'), 'the group grant on PLAT is offered');

	const snapshot = demoBuilder().build();
	snapshot.repositoryGrantStatus['acme/billing-service'] = {state: 'not-loaded'};
	snapshot.repositoryGrants = snapshot.repositoryGrants.filter(grant => grant.repository !== 'acme/billing-service');
	const notLoaded = AccessGraph.fromSnapshot(snapshot);
	const typedAhead = rowRemovals(notLoaded, {view: 'repository', fullName: 'acme/billing-service'}, 'access', personRow(notLoaded, 'dscully'))!;
	assert.deepEqual(typedAhead.direct?.target, {type: 'repository', workspace: 'acme', fullName: 'acme/billing-service'});
	assert.equal(typedAhead.direct?.principal.type, 'user');
});
