/** Emulator read endpoints, identifiers, pagination and BBQL, over loopback HTTP. */
import assert from 'node:assert/strict';
import http from 'node:http';
import {after, before, describe, it} from 'node:test';
import type {RunningEmulator} from '../source/emulator/index.js';
import {ADMIN_AUTH, api, collectAll, READER_AUTH, startTestEmulator} from './helpers/emulator.js';

import type {ApiItem as Json, ApiPage as Page} from './helpers/emulator.js';

describe('emulator endpoints', () => {
	let emu: RunningEmulator;
	before(async () => {
		emu = await startTestEmulator(undefined, {scenario: 'demo'});
	});
	after(() => emu.stop());
	const get = async (path: string, auth?: string) => {
		const response = await api(emu, path, {auth});
		assert.equal(response.status, 200, `${path}: ${response.text}`);
		return response.json as Json & Page;
	};

	it('lists the caller\'s workspaces as workspace_access with administrator', async () => {
		const page = (await get('/2.0/user/workspaces'));
		assert.deepEqual(
			page.values.map(v => [v.type, v.workspace.slug, v.administrator]),
			[['workspace_access', 'acme', true], ['workspace_access', 'acme-labs', false]],
		);
		const admins = (await get('/2.0/user/workspaces?administrator=true'));
		assert.deepEqual(admins.values.map(v => v.workspace.slug), ['acme']);
		const reader = (await get('/2.0/user/workspaces', READER_AUTH));
		assert.ok(reader.values.every(v => v.administrator === false));
	});

	it('addresses workspaces, repositories and users by slug, {uuid} or account id', async () => {
		const ws = await get('/2.0/workspaces/acme');
		assert.equal(ws.name, 'Acme Corp');
		assert.equal((await get(`/2.0/workspaces/${encodeURIComponent(ws.uuid)}`)).slug, 'acme');
		const repo = await get('/2.0/repositories/acme/api-gateway');
		assert.equal(repo.full_name, 'acme/api-gateway');
		assert.equal(repo.project.key, 'PLAT');
		assert.equal((await get(`/2.0/repositories/${encodeURIComponent(ws.uuid)}/${encodeURIComponent(repo.uuid)}`)).slug, 'api-gateway');
		const me = await get('/2.0/user');
		assert.equal((await get(`/2.0/users/${encodeURIComponent(me.uuid)}`)).account_id, me.account_id);
		assert.equal((await get(`/2.0/users/${me.account_id}`)).uuid, me.uuid);
		assert.equal((await api(emu, '/2.0/users/%7B00000000-0000-4000-8000-000000000000%7D')).status, 404);
		assert.equal((await api(emu, '/2.0/workspaces/nope')).status, 404);
		assert.equal((await api(emu, '/2.0/repositories/acme/nope')).status, 404);
		assert.equal((await api(emu, '/2.0/workspaces/acme/projects/plat')).status, 404, 'project keys are exact');
	});

	it('paginates like Bitbucket: default pagelen 10, absolute next/previous from the Host header', async () => {
		const first = (await get('/2.0/workspaces/acme/members'));
		assert.equal(first.pagelen, 10);
		assert.equal(first.page, 1);
		assert.equal(first.values.length, 10);
		assert.equal(first.previous, undefined);
		assert.ok(first.size! >= 40);
		assert.ok(first.next!.startsWith(`${emu.url}/2.0/workspaces/acme/members?`));
		assert.equal(new URL(first.next!).searchParams.get('page'), '2');
		const second = (await get(first.next!));
		assert.equal(second.page, 2);
		assert.ok(second.previous!.startsWith(emu.url));
		const page = await new Promise<Page>((resolve, reject) => {
			const {port} = new URL(emu.url);
			const request = http.get({host: '127.0.0.1', port, path: '/2.0/workspaces/acme/members', headers: {host: 'bitbucket.example:8443', authorization: ADMIN_AUTH}}, response => {
				let text = '';
				response.setEncoding('utf8').on('data', chunk => (text += chunk)).on('end', () => resolve(JSON.parse(text) as Page));
			});
			request.on('error', reject);
		});
		assert.ok(page.next!.startsWith('http://bitbucket.example:8443/2.0/workspaces/acme/members?'), 'next is built from the Host the client used');
		const all = await collectAll(emu, '/2.0/workspaces/acme/members?pagelen=7');
		assert.equal(all.length, first.size);
		assert.equal(new Set(all.map(m => m.user.uuid)).size, all.length, 'no duplicates across pages');
	});

	it('rejects pagelen above 100 or below 1 and bad page numbers with 400', async () => {
		assert.equal((await get('/2.0/repositories/acme?pagelen=100')).pagelen, 100);
		for (const query of ['pagelen=101', 'pagelen=0', 'pagelen=abc', 'page=0', 'page=-1']) {
			const response = await api(emu, `/2.0/repositories/acme?${query}`);
			assert.equal(response.status, 400, query);
			assert.equal((response.json as Json).type, 'error');
		}
		const beyond = (await get('/2.0/repositories/acme?page=99'));
		assert.deepEqual(beyond.values, []);
		assert.equal(beyond.next, undefined);
	});

	it('filters with q: permission="owner", project.key, user fields; unsupported q is 400', async () => {
		const owners = await collectAll(emu, '/2.0/workspaces/acme/permissions?q=' + encodeURIComponent('permission="owner"'));
		assert.deepEqual(owners.map(o => o.user.nickname).sort(), ['amorgan', 'hokoye', 'wskinner']);
		assert.ok(owners.every(o => o.permission === 'owner'));
		const plat = await collectAll(emu, '/2.0/repositories/acme?q=' + encodeURIComponent('project.key="PLAT"'));
		assert.ok(plat.length >= 3);
		assert.ok(plat.every(r => r.project.key === 'PLAT'));
		assert.deepEqual(await collectAll(emu, '/2.0/repositories/acme?q=' + encodeURIComponent('project.key="plat"')), [], '= is exact');
		const contains = await collectAll(emu, '/2.0/repositories/acme?q=' + encodeURIComponent('name~"GATE"'));
		assert.deepEqual(contains.map(r => r.slug), ['api-gateway'], '~ ignores case');
		const either = await collectAll(emu, '/2.0/repositories/acme?q=' + encodeURIComponent('project.key="MOB" OR slug="api-gateway"'));
		assert.deepEqual(either.map(r => r.slug).sort(), ['android-app', 'api-gateway', 'ios-app', 'mobile-ci', 'mobile-design-system', 'react-native-bridge']);
		for (const path of [
			'/2.0/repositories/acme?q=' + encodeURIComponent('owner.nickname="x"'),
			'/2.0/repositories/acme?q=' + encodeURIComponent('project.key = '),
			'/2.0/workspaces/acme/projects/PLAT/permissions-config/users?q=' + encodeURIComponent('permission="admin"'),
			'/2.0/repositories/acme/api-gateway/permissions-config/groups?q=' + encodeURIComponent('permission="admin"'),
			'/2.0/user/workspaces?q=' + encodeURIComponent('slug="acme"'),
		]) {
			const response = await api(emu, path);
			assert.equal(response.status, 400, path);
		}
		assert.ok((await get('/2.0/repositories/acme?fields=-links,values.slug')).values.length > 0, 'fields is accepted');
	});

	it('lists members, projects and repositories with their real shapes', async () => {
		const member = ((await get('/2.0/workspaces/acme/members'))).values[0]!;
		assert.equal(member.type, 'workspace_membership');
		assert.equal(member.permission, undefined, 'members carry no permission');
		assert.equal(member.workspace.slug, 'acme');
		assert.equal(member.user.type, 'user');
		const projects = await collectAll(emu, '/2.0/workspaces/acme/projects');
		assert.deepEqual(projects.map(p => p.key), ['PLAT', 'MOB', 'DATA', 'WEB', 'SBX']);
		const plat = await get('/2.0/workspaces/acme/projects/PLAT');
		assert.equal(plat.type, 'project');
		assert.equal(plat.name, 'Platform');
		const site = await get('/2.0/repositories/acme/marketing-site');
		assert.equal(site.is_private, false);
		assert.equal(site.workspace.slug, 'acme');
		assert.equal(site.owner.uuid, (await get('/2.0/workspaces/acme')).uuid);
	});

	it('returns the effective workspace listing (permissions/repositories) with q on permission and repository', async () => {
		const gateway = await collectAll(emu, '/2.0/workspaces/acme/permissions/repositories/api-gateway?pagelen=100');
		const levels = new Map(gateway.map(e => [e.user.nickname, e.permission]));
		assert.equal(levels.get('lilei'), 'admin');
		assert.equal(levels.get('wskinner'), 'admin');
		assert.equal(levels.get('dscully'), 'write');
		assert.equal(levels.get('ngreen'), 'write', 'create-repo on the project counts as write');
		assert.equal(levels.get('fmulder'), undefined);
		assert.ok(gateway.every(e => e.type === 'repository_permission' && e.repository.full_name === 'acme/api-gateway'));
		const all = await collectAll(emu, '/2.0/workspaces/acme/permissions/repositories?pagelen=100');
		assert.equal(all.filter(e => e.repository.full_name === 'acme/api-gateway').length, gateway.length);
		const paged = await collectAll(emu, '/2.0/workspaces/acme/permissions/repositories?pagelen=13');
		assert.deepEqual(paged.map(e => `${e.repository.full_name} ${e.user.uuid}`), all.map(e => `${e.repository.full_name} ${e.user.uuid}`));
		const admins = await collectAll(emu, '/2.0/workspaces/acme/permissions/repositories?q=' + encodeURIComponent('permission>"write" AND repository.name="api-gateway"'));
		assert.deepEqual(new Set(admins.map(e => e.permission)), new Set(['admin']));
		assert.ok(admins.some(e => e.user.nickname === 'lilei'));
		const lilei = gateway.find(e => e.user.nickname === 'lilei')!.user.uuid;
		const reach = await collectAll(emu, '/2.0/workspaces/acme/permissions/repositories?pagelen=5&q=' + encodeURIComponent(`user.uuid="${lilei}"`));
		const expected = all.filter(e => e.user.uuid === lilei);
		assert.ok(expected.length > 3);
		assert.deepEqual(reach.map(e => [e.repository.full_name, e.permission]), expected.map(e => [e.repository.full_name, e.permission]), 'one person\'s reach equals the filtered full listing');
		const writable = await collectAll(emu, '/2.0/workspaces/acme/permissions/repositories?q=' + encodeURIComponent(`user.uuid="${lilei}" AND permission>="write"`));
		assert.deepEqual(writable.map(e => e.repository.full_name), expected.filter(e => e.permission !== 'read').map(e => e.repository.full_name));
	});

	it('shows a plain member only what they can reach', async () => {
		const repos = await collectAll(emu, '/2.0/repositories/acme?pagelen=100', {auth: READER_AUTH});
		const slugs = new Set(repos.map(r => r.slug));
		assert.ok(slugs.has('ios-app'), 'qa reads MOB');
		assert.ok(slugs.has('billing-service'), 'qa writes billing-service');
		assert.ok(slugs.has('marketing-site'), 'public');
		assert.ok(!slugs.has('api-gateway'));
		assert.equal((await api(emu, '/2.0/repositories/acme/api-gateway', {auth: READER_AUTH})).status, 404);
		const projects = await collectAll(emu, '/2.0/workspaces/acme/projects', {auth: READER_AUTH});
		assert.ok(!projects.some(p => p.key === 'SBX'));
		const contributor = await collectAll(emu, '/2.0/repositories/acme?role=contributor', {auth: READER_AUTH});
		assert.deepEqual(contributor.map(r => r.slug), ['billing-service']);
		assert.equal((await api(emu, '/2.0/repositories/acme?role=boss')).status, 400);
	});

	it('lists the caller\'s own repository permissions in a workspace', async () => {
		const mine = await collectAll(emu, '/2.0/user/workspaces/acme/permissions/repositories?pagelen=100', {auth: READER_AUTH});
		assert.deepEqual(
			mine.map(e => [e.type, e.repository.full_name, e.permission]).sort(),
			[
				['repository_permission', 'acme/analytics-dashboards', 'read'],
				['repository_permission', 'acme/android-app', 'read'],
				['repository_permission', 'acme/billing-service', 'write'],
				['repository_permission', 'acme/ios-app', 'read'],
				['repository_permission', 'acme/mobile-ci', 'read'],
				['repository_permission', 'acme/mobile-design-system', 'read'],
				['repository_permission', 'acme/react-native-bridge', 'read'],
			],
			'public repositories without a grant are left out',
		);
		const writable = await collectAll(emu, '/2.0/user/workspaces/acme/permissions/repositories?q=' + encodeURIComponent('permission>"read"'), {auth: READER_AUTH});
		assert.deepEqual(writable.map(e => e.repository.full_name), ['acme/billing-service']);
	});

	it('answers the caller\'s membership and single members', async () => {
		const mine = await get('/2.0/user/workspaces/acme-labs/permission');
		assert.equal(mine.permission, 'member');
		const walter = (await collectAll(emu, '/2.0/workspaces/acme/members?q=' + encodeURIComponent('user.nickname="wskinner"')))[0]!;
		const one = await get(`/2.0/workspaces/acme/members/${encodeURIComponent(walter.user.uuid)}`);
		assert.equal(one.user.display_name, 'Walter Skinner');
		const labsOnly = (await collectAll(emu, '/2.0/workspaces/acme-labs/members?q=' + encodeURIComponent('user.nickname="eozturk"')))[0]!;
		assert.equal((await api(emu, `/2.0/workspaces/acme/members/${encodeURIComponent(labsOnly.user.uuid)}`)).status, 404);
	});
});
