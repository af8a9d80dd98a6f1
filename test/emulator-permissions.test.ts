/** Emulator admin rights, the permission model and permissions-config writes, over loopback HTTP. */
import assert from 'node:assert/strict';
import {after, before, beforeEach, describe, it} from 'node:test';
import {demoScenario, type RunningEmulator} from '../source/emulator/index.js';
import {api, basicAuth, collectAll, READER_AUTH, startTestEmulator, type ApiItem} from './helpers/emulator.js';

type ErrorBody = {type: string; error: {message: string; detail?: unknown}};
const JOSE = basicAuth('jose@acme.test', 'jose-token');
const LILEI = basicAuth('lilei@acme.test', 'lilei-token');

/** The demo plus logins for José (explicit admin on MOB) and 李雷 (explicit admin on api-gateway). */
function scenario() {
	const s = demoScenario();
	const all = ['read:user', 'read:workspace', 'read:project', 'read:repository', 'admin:project', 'admin:repository', 'write:permission', 'delete:permission'];
	Object.assign(s.users.find(u => u.nickname === 'jalvarez')!, {email: 'jose@acme.test', tokens: [{token: 'jose-token', scopes: all}]});
	Object.assign(s.users.find(u => u.nickname === 'lilei')!, {email: 'lilei@acme.test', tokens: [{token: 'lilei-token', scopes: all}]});
	return s;
}

describe('emulator permissions', () => {
	let emu: RunningEmulator;
	const uuids = new Map<string, string>();
	before(async () => {
		emu = await startTestEmulator(undefined, {scenario: scenario()});
		for (const m of await collectAll(emu, '/2.0/workspaces/acme/members?pagelen=100')) uuids.set(m.user.nickname, m.user.uuid);
	});
	after(() => emu.stop());
	beforeEach(() => emu.reset());
	const user = (nick: string) => encodeURIComponent(uuids.get(nick)!);
	const PLAT = '/2.0/workspaces/acme/projects/PLAT/permissions-config';
	const GATEWAY = '/2.0/repositories/acme/api-gateway/permissions-config';

	describe('admin rights', () => {
		it('refuses permissions-config to a plain member with 403 naming the project or repository', async () => {
			for (const path of [`${PLAT}/users`, `${PLAT}/groups`, `${PLAT}/groups/developers`, '/2.0/repositories/acme/billing-service/permissions-config/users']) {
				const response = await api(emu, path, {auth: READER_AUTH});
				assert.equal(response.status, 403, path);
				assert.match((response.json as ErrorBody).error.message, /administrator of (project 'PLAT'|repository 'acme\/billing-service')/);
			}
		});

		it('refuses the workspace listings and v1 groups where the caller is not a workspace admin', async () => {
			for (const path of ['/2.0/workspaces/acme-labs/permissions', '/2.0/workspaces/acme-labs/permissions/repositories', '/1.0/groups/acme-labs']) {
				const response = await api(emu, path);
				assert.equal(response.status, 403, path);
				assert.match((response.json as ErrorBody).error.message, /administrator of workspace 'acme-labs'/);
			}
			assert.equal((await api(emu, '/2.0/workspaces/acme/permissions', {auth: READER_AUTH})).status, 403);
		});

		it('counts explicit and inherited admin: José administers MOB and its repositories, not PLAT', async () => {
			assert.equal((await api(emu, '/2.0/workspaces/acme/projects/MOB/permissions-config/users', {auth: JOSE})).status, 200);
			assert.equal((await api(emu, '/2.0/repositories/acme/ios-app/permissions-config/users', {auth: JOSE})).status, 200);
			assert.equal((await api(emu, `${PLAT}/users`, {auth: JOSE})).status, 404, 'PLAT is not visible to José');
			assert.equal((await api(emu, `${GATEWAY}/users`, {auth: LILEI})).status, 200, '李雷 is explicit admin of api-gateway');
			assert.equal((await api(emu, `${PLAT}/users`, {auth: LILEI})).status, 403, 'write/create-repo on PLAT is not admin');
		});

		it('lets owners administer everything in their workspace', async () => {
			assert.equal((await api(emu, `${PLAT}/users`)).status, 200);
			assert.equal((await api(emu, '/2.0/repositories/acme/security-scanner/permissions-config/groups')).status, 200);
		});
	});

	describe('explicit grants', () => {
		it('lists and reads explicit grants; a principal without one is 404', async () => {
			const groups = await collectAll(emu, `${PLAT}/groups`);
			assert.deepEqual(groups.map(g => [g.type, g.group.slug, g.permission]), [
				['project_group_permission', 'developers', 'write'],
				['project_group_permission', 'release-managers', 'create-repo'],
				['project_group_permission', 'security', 'read'],
			]);
			const lilei = await api(emu, `${GATEWAY}/users/${user('lilei')}`);
			assert.equal(lilei.status, 200);
			assert.equal((lilei.json as ApiItem).type, 'repository_user_permission');
			assert.equal((lilei.json as ApiItem).permission, 'admin');
			const byAccountId = await api(emu, `${GATEWAY}/users/${(lilei.json as ApiItem).user.account_id}`);
			assert.equal(byAccountId.status, 200);
			assert.equal((await api(emu, `${GATEWAY}/users/${user('dscully')}`)).status, 404, 'Dana has access only via groups');
			assert.equal((await api(emu, `${PLAT}/groups/qa`)).status, 404);
			assert.equal((await api(emu, `${PLAT}/groups/no-such-group`)).status, 404);
		});

		it('PUT creates and replaces (200 with the permission object); DELETE is 204, then 404', async () => {
			const created = await api(emu, `${PLAT}/users/${user('dscully')}`, {method: 'PUT', body: {permission: 'admin'}});
			assert.equal(created.status, 200);
			assert.equal((created.json as ApiItem).type, 'project_user_permission');
			assert.equal((created.json as ApiItem).permission, 'admin');
			assert.equal((created.json as ApiItem).user.nickname, 'dscully');
			const replaced = await api(emu, `${PLAT}/users/${user('dscully')}`, {method: 'PUT', body: {permission: 'read'}});
			assert.equal((replaced.json as ApiItem).permission, 'read');
			assert.equal(((await api(emu, `${PLAT}/users/${user('dscully')}`)).json as ApiItem).permission, 'read');
			assert.equal((await api(emu, `${PLAT}/users/${user('dscully')}`, {method: 'DELETE'})).status, 204);
			assert.equal((await api(emu, `${PLAT}/users/${user('dscully')}`, {method: 'DELETE'})).status, 404);
			assert.equal((await api(emu, `${PLAT}/users/${user('dscully')}`)).status, 404);
			const group = await api(emu, `${GATEWAY}/groups/qa`, {method: 'PUT', body: {permission: 'write'}});
			assert.equal(group.status, 200);
			assert.equal((group.json as ApiItem).type, 'repository_group_permission');
			assert.equal((group.json as ApiItem).group.slug, 'qa');
			assert.equal((await api(emu, `${GATEWAY}/groups/qa`, {method: 'DELETE'})).status, 204);
		});

		it('refuses invalid levels, owners, non-members and unknown groups', async () => {
			const cases: Array<[string, unknown, number, RegExp]> = [
				[`${PLAT}/users/${user('dscully')}`, {permission: 'owner'}, 400, /Invalid permission/],
				[`${PLAT}/users/${user('dscully')}`, {}, 400, /No permission value/],
				[`${GATEWAY}/users/${user('dscully')}`, {permission: 'create-repo'}, 400, /Invalid permission/],
				[`${PLAT}/users/${user('wskinner')}`, {permission: 'read'}, 400, /owns workspace 'acme'/],
				[`${PLAT}/groups/no-such-group`, {permission: 'read'}, 404, /not found/],
				[`${PLAT}/users/%7B00000000-0000-4000-8000-000000000000%7D`, {permission: 'read'}, 404, /No user/],
			];
			for (const [path, body, status, message] of cases) {
				const response = await api(emu, path, {method: 'PUT', body});
				assert.equal(response.status, status, `${path} ${JSON.stringify(body)}`);
				assert.match((response.json as ErrorBody).error.message, message);
			}
			const labsOnly = (await collectAll(emu, '/2.0/workspaces/acme-labs/members?q=' + encodeURIComponent('user.nickname="eozturk"')))[0]!;
			const outsider = await api(emu, `${PLAT}/users/${encodeURIComponent(labsOnly.user.uuid)}`, {method: 'PUT', body: {permission: 'read'}});
			assert.equal(outsider.status, 400);
			assert.match((outsider.json as ErrorBody).error.message, /not a member of workspace 'acme'/);
			const badJson = await fetch(`${emu.url}${PLAT}/users/${user('dscully')}`, {method: 'PUT', headers: {authorization: basicAuth('admin@acme.test', 'demo-admin-token'), 'content-type': 'application/json'}, body: '{'});
			assert.equal(badJson.status, 400);
			const huge = await api(emu, `${PLAT}/users/${user('dscully')}`, {method: 'PUT', body: {permission: 'read', padding: 'x'.repeat(1_100_000)}});
			assert.equal(huge.status, 413);
			assert.equal((await api(emu, `${PLAT}/users/${user('dscully')}`)).status, 404, 'nothing was applied');
		});

		it('counts writes per route template in the stats', async () => {
			await api(emu, `${PLAT}/users/${user('dscully')}`, {method: 'PUT', body: {permission: 'write'}});
			await api(emu, `${PLAT}/users/${user('dscully')}`, {method: 'DELETE'});
			await api(emu, `${PLAT}/users/${user('dscully')}`, {method: 'DELETE'});
			const stats = emu.stats();
			assert.deepEqual(stats.byRoute['PUT /2.0/workspaces/{workspace}/projects/{project_key}/permissions-config/users/{selected_user_id}'], {'200': 1});
			assert.deepEqual(stats.byRoute['DELETE /2.0/workspaces/{workspace}/projects/{project_key}/permissions-config/users/{selected_user_id}'], {'204': 1, '404': 1});
			assert.equal(stats.byMethod.PUT, 1);
			assert.equal(stats.byMethod.DELETE, 2);
			const served = (await api(emu, '/_emulator/stats', {auth: null})).json as typeof stats;
			assert.deepEqual(served.byMethod, stats.byMethod);
		});
	});

	describe('effective access', () => {
		const effective = async (repo: string) =>
			new Map((await collectAll(emu, `/2.0/workspaces/acme/permissions/repositories/${repo}?pagelen=100`)).map(e => [e.user.nickname, e.permission]));

		it('follows the demo facts: owners, groups, project inheritance, create-repo as write, highest wins', async () => {
			const gateway = await effective('api-gateway');
			assert.equal(gateway.get('wskinner'), 'admin');
			assert.equal(gateway.get('amorgan'), 'admin');
			assert.equal(gateway.get('lilei'), 'admin', 'explicit admin beats write via developers');
			assert.equal(gateway.get('dscully'), 'write');
			assert.equal(gateway.get('ngreen'), 'write', 'release-managers create-repo on PLAT → write');
			assert.equal(gateway.get('avazquez'), 'read', 'security read on PLAT');
			assert.equal(gateway.get('fmulder'), undefined);
			const billing = await effective('billing-service');
			assert.equal(billing.get('fmulder'), 'read');
			assert.equal(billing.get('rchen'), 'write', 'qa write on billing-service');
			const pipeline = await effective('data-pipeline');
			assert.equal(pipeline.get('ppaquet'), 'read', 'contractors read on data-pipeline');
			const ios = await effective('ios-app');
			assert.equal(ios.get('jalvarez'), 'admin', 'project admin is admin on its repositories');
		});

		it('changes with writes: a grant raises, a revoke leaves inherited access, a group change moves members', async () => {
			await api(emu, `${GATEWAY}/users/${user('dscully')}`, {method: 'PUT', body: {permission: 'admin'}});
			assert.equal((await effective('api-gateway')).get('dscully'), 'admin');
			await api(emu, `${GATEWAY}/users/${user('dscully')}`, {method: 'DELETE'});
			assert.equal((await effective('api-gateway')).get('dscully'), 'write', 'still write via developers on PLAT');
			assert.equal((await api(emu, `/1.0/groups/acme/developers/members/${user('dscully')}`, {method: 'DELETE'})).status, 204);
			assert.equal((await effective('api-gateway')).get('dscully'), undefined);
			await api(emu, `${PLAT}/groups/developers`, {method: 'DELETE'});
			assert.equal((await effective('api-gateway')).get('hanmeimei'), undefined);
			emu.reset();
			assert.equal((await effective('api-gateway')).get('hanmeimei'), 'write', 'reset restores the scenario');
		});
	});

	it('exposes the explicit state at /_emulator/state', async () => {
		await api(emu, `${PLAT}/users/${user('dscully')}`, {method: 'PUT', body: {permission: 'write'}});
		const state = (await api(emu, '/_emulator/state', {auth: null})).json as {workspaces: Array<{slug: string; projects: Array<{key: string; users: Array<{nickname: string; level: string}>}>}>};
		const plat = state.workspaces.find(w => w.slug === 'acme')!.projects.find(p => p.key === 'PLAT')!;
		assert.ok(plat.users.some(u => u.nickname === 'dscully' && u.level === 'write'));
		assert.equal((await api(emu, '/_emulator/reset', {auth: null, method: 'POST'})).status, 204);
		assert.equal(emu.stats().requests, 0);
	});
});
