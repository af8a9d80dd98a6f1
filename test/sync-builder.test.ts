import {test} from 'node:test';
import assert from 'node:assert/strict';
import {SnapshotBuilder} from '../source/core/sync/snapshot-builder.js';
import {AccessGraph} from '../source/core/graph/index.js';

test('the snapshot builder merges users, drops duplicates from shifted pages, and sorts stably', () => {
	const build = (reverse: boolean) => {
		const builder = new SnapshotBuilder();
		const add = <T>(list: T[], items: T[]) => list.push(...(reverse ? [...items].reverse() : items));
		builder.workspaces.push({uuid: '{w}', slug: 'acme', name: 'Acme', administrator: true, partial: []});
		builder.addUser({uuid: '{b}', displayName: '{b}'});
		builder.addUser({uuid: '{b}', displayName: 'Bea', accountId: '557058:b'});
		builder.addUser({uuid: '{a}', displayName: 'Al'});
		add(builder.memberships, [{workspace: 'acme', user: '{b}', role: 'member'}, {workspace: 'acme', user: '{a}', role: 'owner'}, {workspace: 'acme', user: '{b}', role: 'member'}]);
		add(builder.projects, [{workspace: 'acme', key: 'P', uuid: '{p}', name: 'P'}, {workspace: 'acme', key: 'P', uuid: '{p}', name: 'P'}]);
		add(builder.repositories, [
			{workspace: 'acme', slug: 'web', uuid: '{r2}', name: 'web', fullName: 'acme/web', projectKey: 'P'},
			{workspace: 'acme', slug: 'api', uuid: '{r1}', name: 'api', fullName: 'acme/api', projectKey: 'P'},
			{workspace: 'acme', slug: 'api', uuid: '{r1}', name: 'api', fullName: 'acme/api', projectKey: 'P'},
		]);
		add(builder.projectGrants, [
			{workspace: 'acme', project: 'P', principal: {type: 'user', uuid: '{b}'}, level: 'write'},
			{workspace: 'acme', project: 'P', principal: {type: 'group', slug: 'devs'}, level: 'read'},
		]);
		builder.groups.push({workspace: 'acme', slug: 'devs', name: 'Devs', members: ['{b}', '{a}']});
		builder.projectGrantStatus['acme:P'] = {state: 'loaded', at: 'now'};
		return builder.build('https://api.bitbucket.org', {uuid: '{a}', displayName: 'Al', email: 'al@acme.test'}, '2026-01-01T00:00:00.000Z');
	};
	const snapshot = build(false);
	assert.deepEqual(snapshot.users, [{uuid: '{a}', displayName: 'Al'}, {uuid: '{b}', displayName: 'Bea', accountId: '557058:b'}]);
	assert.equal(snapshot.memberships.length, 2);
	assert.equal(snapshot.projects.length, 1);
	assert.deepEqual(snapshot.repositories.map(repository => repository.fullName), ['acme/api', 'acme/web']);
	assert.deepEqual(snapshot.groups[0]!.members, ['{a}', '{b}']);
	assert.equal(JSON.stringify(build(true)), JSON.stringify(snapshot), 'same data in another order → same JSON');
	assert.equal(AccessGraph.fromSnapshot(snapshot).repositories('acme').length, 2);
});
