import {test} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync, readFileSync} from 'node:fs';
import {
	toGroupNode,
	toProjectGrant,
	toRepositoryGrant,
	toRepositoryNode,
	toUserNode,
	toWorkspaceNode,
	toWorkspaceRole,
} from '../source/core/bitbucket/mappers.js';
import {parseRetryAfter} from '../source/core/bitbucket/http-errors.js';
import {loggablePath} from '../source/core/bitbucket/request-log.js';
import type {RepositoryDto, UserDto} from '../source/core/bitbucket/models.js';

test('Retry-After: seconds, an HTTP date, or nothing usable', () => {
	const now = Date.UTC(2026, 0, 1, 12, 0, 0);
	assert.equal(parseRetryAfter('7', now), 7000);
	assert.equal(parseRetryAfter(['2.5'], now), 2500);
	assert.equal(parseRetryAfter(new Date(now + 30_000).toUTCString(), now), 30_000);
	assert.equal(parseRetryAfter(new Date(now - 30_000).toUTCString(), now), 0);
	assert.equal(parseRetryAfter('soon', now), undefined);
	assert.equal(parseRetryAfter(undefined, now), undefined);
});

test('logged paths keep the page number and drop every other query value', () => {
	assert.equal(loggablePath('/2.0/repositories/acme?pagelen=100&q=project.key%3D%22X%22&page=3'), '/2.0/repositories/acme?page=3');
	assert.equal(loggablePath('/2.0/repositories/acme?q=secret'), '/2.0/repositories/acme');
	assert.equal(loggablePath('/2.0/user'), '/2.0/user');
	assert.equal(loggablePath('/2.0/x?page=opaque-cursor'), '/2.0/x');
});

test('mappers keep what the model needs and skip what it cannot use', () => {
	assert.deepEqual(toUserNode({uuid: '{u}', display_name: 'Ada', nickname: 'ada', account_id: '557058:1'}), {uuid: '{u}', displayName: 'Ada', nickname: 'ada', accountId: '557058:1'});
	assert.equal(toUserNode({display_name: 'no uuid'}), undefined);
	assert.equal(toUserNode({uuid: '{u}'})?.displayName, '{u}');
	assert.equal(toWorkspaceRole('owner'), 'owner');
	assert.equal(toWorkspaceRole('collaborator'), 'member');
	assert.equal(toWorkspaceRole(undefined), 'member');
	assert.deepEqual(toWorkspaceNode({slug: 'acme', uuid: '{w}'}, true), {uuid: '{w}', slug: 'acme', name: 'acme', administrator: true, partial: []});
	assert.deepEqual(toGroupNode('acme', {slug: 'devs', name: 'Developers', members: [{uuid: '{a}'}, {uuid: '{a}'}, {display_name: 'x'}]}), {workspace: 'acme', slug: 'devs', name: 'Developers', members: ['{a}']});

	// Repositories map to projects by key, or by uuid when only the uuid is given.
	const byUuid = new Map([['{p}', 'PRJ']]);
	assert.equal(toRepositoryNode('acme', {slug: 'api', project: {key: 'K'}})?.projectKey, 'K');
	assert.equal(toRepositoryNode('acme', {slug: 'api', project: {uuid: '{p}'}}, byUuid)?.projectKey, 'PRJ');
	assert.equal(toRepositoryNode('acme', {full_name: 'acme/web'})?.fullName, 'acme/web');

	// Levels outside the model ("none") are skipped, never turned into a grant.
	assert.equal(toProjectGrant('acme', 'K', {permission: 'none', user: {uuid: '{u}'}}), undefined);
	assert.deepEqual(toProjectGrant('acme', 'K', {permission: 'create-repo', group: {full_slug: 'acme:devs'}}), {workspace: 'acme', project: 'K', principal: {type: 'group', slug: 'devs'}, level: 'create-repo'});
	assert.equal(toRepositoryGrant('acme', 'acme/api', {permission: 'create-repo', user: {uuid: '{u}'}}), undefined, 'create-repo is a project level only');
	assert.deepEqual(toRepositoryGrant('acme', 'acme/api', {permission: 'admin', user: {uuid: '{u}'}}), {workspace: 'acme', repository: 'acme/api', principal: {type: 'user', uuid: '{u}'}, level: 'admin'});
});

const FIXTURES = '../shared/reference/fixtures';

test('mappers read real Bitbucket captures (reference fixtures)', {skip: existsSync(FIXTURES) ? false : `reference fixtures not found at ${FIXTURES}`}, () => {
	const read = <T>(name: string) => JSON.parse(readFileSync(`${FIXTURES}/${name}`, 'utf8')) as T;
	const page = read<{values: RepositoryDto[]}>('goscm_repositories_atlassian_page1.json');
	const nodes = page.values.map(item => toRepositoryNode('atlassian', item));
	assert.ok(nodes.length > 0);
	for (const node of nodes) {
		assert.ok(node && node.fullName.startsWith('atlassian/') && node.uuid.startsWith('{'), JSON.stringify(node));
	}
	const user = toUserNode(read<UserDto>('sourcegraph_2022_user.json'));
	assert.ok(user?.uuid.startsWith('{') && user.displayName.length > 0);
});
