import {test} from 'node:test';
import assert from 'node:assert/strict';
import {AccessGraph} from '../source/core/graph/index.js';
import type {Target} from '../source/core/model.js';
import {demoSnapshot} from './helpers/snapshot-builder.js';

const gateway: Target = {type: 'repository', workspace: 'acme', fullName: 'acme/api-gateway'};
const legacy: Target = {type: 'repository', workspace: 'acme', fullName: 'acme/legacy-tools'};

test('tier-2 load: setRepositoryGrants makes a not-loaded repository complete and notifies once', () => {
	const graph = AccessGraph.fromSnapshot(demoSnapshot());
	let calls = 0;
	const unsubscribe = graph.onChange(() => calls++);
	assert.equal(graph.effectiveAccess(legacy).complete, false);
	graph.setRepositoryGrants('acme/legacy-tools', [{workspace: 'acme', repository: 'acme/legacy-tools', principal: {type: 'user', uuid: '{jalvarez}'}, level: 'write'}], {state: 'loaded', at: '2026-11-29T12:00:00Z'});
	assert.equal(calls, 1);
	assert.equal(graph.revision, 1);
	const access = graph.effectiveAccess(legacy);
	assert.equal(access.complete, true);
	assert.deepEqual(access.entries.map(e => `${e.user.nickname}:${e.level}`), ['wskinner:admin', 'jalvarez:write']);
	assert.deepEqual(graph.reachableBy('{jalvarez}').entries.map(e => e.level), ['write']);
	assert.equal(graph.reachableBy('{jalvarez}').complete, true);
	unsubscribe();
	graph.setRepositoryGrant('acme/legacy-tools', {type: 'user', uuid: '{jalvarez}'}, undefined);
	assert.equal(calls, 1);
	assert.equal(graph.revision, 2);
});

test('setRepositoryGrant and setProjectGrant change one entry; a no-op does not bump the revision', () => {
	const graph = AccessGraph.fromSnapshot(demoSnapshot());
	graph.setRepositoryGrant('acme/api-gateway', {type: 'user', uuid: '{lilei}'}, undefined);
	assert.equal(graph.effectiveLevel('{lilei}', gateway).level, 'write');
	assert.equal(graph.revision, 1);
	graph.setRepositoryGrant('acme/api-gateway', {type: 'user', uuid: '{lilei}'}, undefined);
	assert.equal(graph.revision, 1);
	graph.setProjectGrant('acme', 'PLAT', {type: 'group', slug: 'developers'}, 'admin');
	assert.equal(graph.effectiveLevel('{dscully}', gateway).level, 'admin');
	assert.deepEqual(graph.projectGrants('acme', 'PLAT').map(g => g.level).sort(), ['admin', 'create-repo']);
	graph.setProjectGrant('acme', 'PLAT', {type: 'group', slug: 'developers'}, 'admin');
	assert.equal(graph.revision, 2);
	assert.deepEqual(graph.projectGrantsState('acme', 'PLAT').state, 'loaded');
});

test('setGroupMembership adds and removes access through the group everywhere', () => {
	const graph = AccessGraph.fromSnapshot(demoSnapshot());
	graph.setGroupMembership('acme', 'developers', '{jalvarez}', true);
	assert.equal(graph.effectiveLevel('{jalvarez}', gateway).level, 'write');
	assert.deepEqual(graph.group('acme', 'developers')?.members, ['{dscully}', '{lilei}', '{jalvarez}']);
	assert.deepEqual(graph.groupsOf('acme', '{jalvarez}').map(g => g.slug), ['developers']);
	graph.setGroupMembership('acme', 'developers', '{dscully}', false);
	assert.equal(graph.effectiveLevel('{dscully}', gateway).level, undefined);
	assert.deepEqual(graph.reachableBy('{dscully}').entries, []);
	assert.equal(graph.revision, 2);
});

test('mutations on unknown things or with mismatched grants throw a clear BbError', () => {
	const graph = AccessGraph.fromSnapshot(demoSnapshot());
	assert.throws(() => graph.setGroupMembership('acme', 'nope', '{jalvarez}', true), {name: 'BbError', kind: 'not-found', message: 'group acme:nope is not in the synced data'});
	assert.throws(() => graph.setRepositoryGrant('acme/nope', {type: 'user', uuid: '{jalvarez}'}, 'read'), {kind: 'not-found'});
	assert.throws(() => graph.setProjectGrant('acme', 'NOPE', {type: 'user', uuid: '{jalvarez}'}, 'read'), {kind: 'not-found'});
	assert.throws(
		() => graph.setRepositoryGrants('acme/api-gateway', [{workspace: 'acme', repository: 'acme/other', principal: {type: 'user', uuid: '{jalvarez}'}, level: 'read'}], {state: 'loaded', at: 'x'}),
		{kind: 'malformed'},
	);
	assert.equal(graph.revision, 0);
});

test('nodes handed out are frozen, so callers cannot corrupt the indexes', () => {
	const graph = AccessGraph.fromSnapshot(demoSnapshot());
	assert.throws(() => {
		(graph.group('acme', 'developers')!.members as string[]).push('{jalvarez}');
	}, TypeError);
	assert.throws(() => {
		graph.repositoryGrants('acme/api-gateway')[0]!.level = 'read';
	}, TypeError);
});

test('toSnapshot of the demo graph equals its input and survives a JSON round trip', () => {
	const snapshot = demoSnapshot();
	const graph = AccessGraph.fromSnapshot(snapshot);
	assert.deepEqual(graph.toSnapshot(), snapshot);
	const again = AccessGraph.fromSnapshot(JSON.parse(JSON.stringify(graph.toSnapshot())));
	assert.deepEqual(again.effectiveAccess(gateway), graph.effectiveAccess(gateway));
	assert.deepEqual(again.reachableBy('{lilei}'), graph.reachableBy('{lilei}'));
});

test('addUsers names people only known by uuid, once, and makes them searchable', () => {
	const snapshot = demoSnapshot();
	snapshot.repositoryGrants.push({workspace: 'acme', repository: 'acme/api-gateway', principal: {type: 'user', uuid: '{guest}'}, level: 'read'});
	const graph = AccessGraph.fromSnapshot(snapshot);
	assert.deepEqual(graph.search('guest person'), []);
	graph.addUsers([{uuid: '{guest}', displayName: 'Guest Person', nickname: 'guest'}, {uuid: '{dscully}', displayName: 'Renamed'}]);
	assert.equal(graph.revision, 1);
	assert.equal(graph.effectiveLevel('{guest}', gateway).level, 'read');
	assert.equal(graph.effectiveAccess(gateway).entries.find(entry => entry.user.uuid === '{guest}')?.user.displayName, 'Guest Person');
	assert.equal(graph.user('{dscully}')?.displayName, 'Dana Scully', 'known users are not replaced');
	assert.deepEqual(graph.search('guest person').map(hit => hit.id), ['{guest}']);
	graph.addUsers([{uuid: '{guest}', displayName: 'Again'}]);
	assert.equal(graph.revision, 1, 'nothing new, no change');
});
