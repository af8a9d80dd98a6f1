import {test} from 'node:test';
import assert from 'node:assert/strict';
import {AccessGraph} from '../source/core/graph/index.js';
import type {Target} from '../source/core/model.js';
import {demoBuilder, demoSnapshot, SnapshotBuilder} from './helpers/snapshot-builder.js';

const repo = (fullName: string): Target => ({type: 'repository', workspace: fullName.split('/')[0]!, fullName});
const project = (workspace: string, key: string): Target => ({type: 'project', workspace, key});

function entryOf(graph: AccessGraph, target: Target, nickname: string) {
	return graph.effectiveAccess(target).entries.find(entry => entry.user.nickname === nickname);
}

test('the workspace owner is ADMIN via owner on every repository and project', () => {
	const graph = AccessGraph.fromSnapshot(demoSnapshot());
	const targets = [...graph.repositories('acme').map(r => repo(r.fullName)), ...graph.projects('acme').map(p => project('acme', p.key))];
	assert.equal(targets.length, 6);
	for (const target of targets) {
		const entry = entryOf(graph, target, 'wskinner');
		assert.ok(entry, `wskinner missing on ${JSON.stringify(target)}`);
		assert.equal(entry.level, 'admin');
		assert.deepEqual(entry.sources[0], {kind: 'owner', principal: 'user', level: 'admin'});
	}
});

test('dscully has WRITE on acme/api-gateway through group developers on project PLAT', () => {
	const graph = AccessGraph.fromSnapshot(demoSnapshot());
	const entry = entryOf(graph, repo('acme/api-gateway'), 'dscully');
	assert.ok(entry);
	assert.equal(entry.level, 'write');
	assert.deepEqual(entry.sources, [{kind: 'project', principal: 'group', group: 'developers', project: 'PLAT', level: 'write'}]);
});

test('lilei is ADMIN on api-gateway by a repository grant, with both group project grants listed after it', () => {
	const graph = AccessGraph.fromSnapshot(demoSnapshot());
	const entry = entryOf(graph, repo('acme/api-gateway'), 'lilei');
	assert.ok(entry);
	assert.equal(entry.level, 'admin');
	assert.deepEqual(entry.sources, [
		{kind: 'repository', principal: 'user', level: 'admin'},
		{kind: 'project', principal: 'group', group: 'developers', project: 'PLAT', level: 'write'},
		{kind: 'project', principal: 'group', group: 'release-managers', project: 'PLAT', level: 'write', grantedLevel: 'create-repo'},
	]);
	// On the project itself create-repo stays create-repo.
	const onProject = entryOf(graph, project('acme', 'PLAT'), 'lilei');
	assert.equal(onProject?.level, 'create-repo');
	assert.deepEqual(onProject?.sources[0], {kind: 'project', principal: 'group', group: 'release-managers', project: 'PLAT', level: 'create-repo'});
});

test('fmulder reads billing-service by a user grant and data-pipeline through contractors', () => {
	const graph = AccessGraph.fromSnapshot(demoSnapshot());
	assert.deepEqual(entryOf(graph, repo('acme/billing-service'), 'fmulder')?.sources, [{kind: 'repository', principal: 'user', level: 'read'}]);
	assert.deepEqual(entryOf(graph, repo('acme/data-pipeline'), 'fmulder')?.sources, [
		{kind: 'repository', principal: 'group', group: 'contractors', level: 'read'},
	]);
	assert.equal(entryOf(graph, repo('acme/api-gateway'), 'fmulder'), undefined);
	const level = graph.effectiveLevel('{fmulder}', repo('acme/data-pipeline'));
	assert.equal(level.level, 'read');
	assert.equal(level.complete, true);
	assert.equal(graph.effectiveLevel('{fmulder}', repo('acme/api-gateway')).level, undefined);
});

test('entries are sorted by level, then display name', () => {
	const graph = AccessGraph.fromSnapshot(demoSnapshot());
	const names = graph.effectiveAccess(repo('acme/api-gateway')).entries.map(entry => `${entry.level}:${entry.user.displayName}`);
	assert.deepEqual(names, ['admin:Walter Skinner', 'admin:李雷', 'write:Dana Scully']);
	assert.deepEqual(graph.whoCanAdmin(repo('acme/api-gateway')).map(entry => entry.user.nickname), ['wskinner', 'lilei']);
});

test('a repository whose grants are not loaded gives an incomplete answer that says why', () => {
	const graph = AccessGraph.fromSnapshot(demoSnapshot());
	const access = graph.effectiveAccess(repo('acme/legacy-tools'));
	assert.equal(access.complete, false);
	assert.deepEqual(access.missing, ['repository grants of acme/legacy-tools not loaded']);
	// What is known is still shown: the owner.
	assert.deepEqual(access.entries.map(entry => entry.user.nickname), ['wskinner']);
	assert.equal(graph.effectiveLevel('{jalvarez}', repo('acme/legacy-tools')).complete, false);
	assert.equal(graph.effectiveAccess(repo('acme/api-gateway')).complete, true);
});

test('unavailable project grants make every repository of the project incomplete, naming the reason', () => {
	const snapshot = new SnapshotBuilder()
		.workspace('acme')
		.project('acme', 'PLAT', {grants: {unavailable: 'not an admin of this project'}})
		.repository('acme/api-gateway', {project: 'PLAT'})
		.build();
	const graph = AccessGraph.fromSnapshot(snapshot);
	assert.deepEqual(graph.effectiveAccess(repo('acme/api-gateway')).missing, ['project grants of acme:PLAT unavailable: not an admin of this project']);
	assert.deepEqual(graph.effectiveAccess(project('acme', 'PLAT')).missing, ['project grants of acme:PLAT unavailable: not an admin of this project']);
	assert.deepEqual(graph.projectGrantsState('acme', 'PLAT'), {state: 'unavailable', reason: 'not an admin of this project'});
});

test('a partial workspace and a grant to an unknown group both make answers incomplete', () => {
	const snapshot = demoBuilder().workspace('labs', {partial: ['groups not visible (403)']}).repository('labs/x').repositoryGrant('labs/x', {group: 'ghosts'}, 'write').build();
	const graph = AccessGraph.fromSnapshot(snapshot);
	const access = graph.effectiveAccess(repo('labs/x'));
	assert.equal(access.complete, false);
	assert.deepEqual(access.missing, ['workspace labs: groups not visible (403)', 'group labs:ghosts is not in the synced data (named by a repository labs/x grant)']);
});

test('a grant to a user outside the users list still shows that user, by uuid', () => {
	const snapshot = demoBuilder().repositoryGrant('acme/api-gateway', {user: 'stranger'}, 'read').build();
	const graph = AccessGraph.fromSnapshot(snapshot);
	const entry = graph.effectiveAccess(repo('acme/api-gateway')).entries.find(item => item.user.uuid === '{stranger}');
	assert.deepEqual(entry?.user, {uuid: '{stranger}', displayName: '{stranger}'});
});

test('an unknown target answers empty and incomplete instead of throwing', () => {
	const graph = AccessGraph.fromSnapshot(demoSnapshot());
	assert.deepEqual(graph.effectiveAccess(repo('acme/nope')), {entries: [], complete: false, missing: ['repository acme/nope is not in the synced data']});
	assert.equal(graph.effectiveAccess(project('acme', 'NOPE')).complete, false);
});

test('reachableBy lists every project and repository with sources, and says what is not loaded', () => {
	const graph = AccessGraph.fromSnapshot(demoSnapshot());
	const lilei = graph.reachableBy('{lilei}');
	assert.deepEqual(
		lilei.entries.map(entry => `${entry.target.type === 'project' ? entry.target.key : entry.target.fullName}=${entry.level}`),
		['PLAT=create-repo', 'acme/api-gateway=admin', 'acme/billing-service=write'],
	);
	assert.equal(lilei.complete, false);
	assert.deepEqual(lilei.missing, ['repository grants of 1 repository in acme not loaded']);
	const owner = graph.reachableBy('{wskinner}');
	assert.equal(owner.entries.length, 6);
	assert.ok(owner.entries.every(entry => entry.level === 'admin' && entry.sources[0]!.kind === 'owner'));
	assert.deepEqual(graph.reachableBy('{nobody}'), {entries: [], complete: true, missing: []});
});

test('groupsOf, grantsOfGroup and explicitGrantsOf answer from the indexes', () => {
	const graph = AccessGraph.fromSnapshot(demoSnapshot());
	assert.deepEqual(graph.groupsOf('acme', '{lilei}').map(g => g.slug), ['developers', 'release-managers']);
	assert.deepEqual(graph.groupsOf('other', '{lilei}'), []);
	const developers = graph.grantsOfGroup('acme', 'developers');
	assert.deepEqual(developers.projects.map(g => `${g.project}:${g.level}`), ['PLAT:write']);
	assert.deepEqual(developers.repositories, []);
	const fmulder = graph.explicitGrantsOf('{fmulder}');
	assert.deepEqual(fmulder.repositories.map(g => `${g.repository}:${g.level}`), ['acme/billing-service:read']);
	assert.equal(graph.roleOf('acme', '{wskinner}'), 'owner');
	assert.equal(graph.roleOf('acme', '{dscully}'), 'member');
	assert.equal(graph.roleOf('acme', '{nobody}'), undefined);
	assert.deepEqual(graph.members('acme').map(m => m.user.nickname), ['dscully', 'fmulder', 'jalvarez', 'wskinner', 'lilei']);
	assert.deepEqual(graph.repositoriesOf('acme', 'PLAT').map(r => r.slug), ['api-gateway', 'billing-service']);
});

test('a snapshot of another format version is refused with a clear error', () => {
	const snapshot = {...demoSnapshot(), formatVersion: 99} as unknown as ReturnType<typeof demoSnapshot>;
	assert.throws(() => AccessGraph.fromSnapshot(snapshot), {name: 'BbError', kind: 'malformed', message: /format 99 is not supported/});
});
