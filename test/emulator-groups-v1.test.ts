/** Emulator 1.0 groups API over loopback HTTP: bare arrays, member PUT/DELETE, conflicts, central administration. */
import assert from 'node:assert/strict';
import {after, before, beforeEach, describe, it} from 'node:test';
import {demoScenario, type RunningEmulator} from '../source/emulator/index.js';
import {api, basicAuth, collectAll, startTestEmulator} from './helpers/emulator.js';

type GroupV1 = {name: string; slug: string; permission: string | null; auto_add: boolean; owner: {uuid: string}; members: UserV1[]};
type UserV1 = {display_name: string; uuid: string; account_id: string; nickname: string; is_team: boolean; resource_uri: string};
type ErrorBody = {error: {message: string; detail?: string}};

/** The demo plus a login for Maya Frost, owner of the centrally administered acme-labs. */
const MAYA = basicAuth('maya@acme.test', 'maya-token');
function scenario() {
	const s = demoScenario();
	Object.assign(s.users.find(u => u.nickname === 'mfrost')!, {email: 'maya@acme.test', tokens: [{token: 'maya-token', scopes: ['read:user', 'read:workspace', 'admin:workspace']}]});
	return s;
}

describe('emulator v1 groups', () => {
	let emu: RunningEmulator;
	const uuids = new Map<string, string>();
	before(async () => {
		emu = await startTestEmulator(undefined, {scenario: scenario()});
		for (const ws of ['acme', 'acme-labs']) {
			for (const m of await collectAll(emu, `/2.0/workspaces/${ws}/members?pagelen=100`, {auth: ws === 'acme' ? undefined : MAYA})) uuids.set(m.user.nickname, m.user.uuid);
		}
	});
	after(() => emu.stop());
	beforeEach(() => emu.reset());
	const user = (nick: string) => encodeURIComponent(uuids.get(nick)!);

	it('lists every group as a bare array with members embedded', async () => {
		const response = await api(emu, '/1.0/groups/acme');
		assert.equal(response.status, 200);
		const groups = response.json as GroupV1[];
		assert.ok(Array.isArray(groups));
		assert.deepEqual(groups.map(g => g.slug), ['developers', 'qa', 'contractors', 'release-managers', 'security', 'interns']);
		const developers = groups.find(g => g.slug === 'developers')!;
		assert.equal(developers.name, 'Developers');
		assert.ok(developers.members.some(m => m.nickname === 'dscully' && m.uuid === uuids.get('dscully') && m.is_team === false));
		assert.deepEqual(groups.find(g => g.slug === 'interns')!.members, []);
		assert.equal((await api(emu, '/1.0/groups/acme/')).status, 200, 'a trailing slash is accepted');
		const labs = await api(emu, '/1.0/groups/acme-labs', {auth: MAYA});
		assert.equal(labs.status, 200, 'reads work on centrally administered workspaces');
	});

	it('takes the workspace slug only', async () => {
		const ws = (await api(emu, '/2.0/workspaces/acme')).json as {uuid: string};
		assert.equal((await api(emu, `/1.0/groups/${encodeURIComponent(ws.uuid)}`)).status, 404);
	});

	it('lists one group\'s members', async () => {
		const response = await api(emu, '/1.0/groups/acme/release-managers/members');
		assert.equal(response.status, 200);
		assert.deepEqual((response.json as UserV1[]).map(m => m.nickname).sort(), ['jsmith-ops', 'lilei', 'ngreen']);
		assert.equal((await api(emu, '/1.0/groups/acme/nope/members')).status, 404);
	});

	it('adds a member with PUT {} (200, the user), 409 when already in, removes with DELETE (204), 404 when not in', async () => {
		const path = `/1.0/groups/acme/interns/members/${user('tcarter')}`;
		const added = await api(emu, path, {method: 'PUT', body: {}});
		assert.equal(added.status, 200);
		assert.equal((added.json as UserV1).nickname, 'tcarter');
		assert.equal((added.json as UserV1).uuid, uuids.get('tcarter'));
		const again = await api(emu, path, {method: 'PUT', body: {}});
		assert.equal(again.status, 409);
		assert.match((again.json as ErrorBody).error.detail!, /already a member/);
		const members = (await api(emu, '/1.0/groups/acme/interns/members')).json as UserV1[];
		assert.deepEqual(members.map(m => m.nickname), ['tcarter']);
		assert.equal((await api(emu, path, {method: 'DELETE'})).status, 204);
		assert.equal((await api(emu, path, {method: 'DELETE'})).status, 404);
		const noBody = await fetch(`${emu.url}/1.0/groups/acme/interns/members/${user('lwong')}`, {method: 'PUT', headers: {authorization: basicAuth('admin@acme.test', 'demo-admin-token'), 'content-type': 'application/json'}});
		assert.equal(noBody.status, 200, 'no body works like {}');
	});

	it('refuses users outside the workspace (400) and unknown users (404)', async () => {
		const outsider = await api(emu, `/1.0/groups/acme/qa/members/${user('eozturk')}`, {method: 'PUT', body: {}});
		assert.equal(outsider.status, 400);
		assert.match((outsider.json as ErrorBody).error.message, /not a member of workspace 'acme'/);
		assert.equal((await api(emu, '/1.0/groups/acme/qa/members/%7B00000000-0000-4000-8000-000000000000%7D', {method: 'PUT', body: {}})).status, 404);
		assert.equal((await api(emu, `/1.0/groups/acme/nope/members/${user('dscully')}`, {method: 'PUT', body: {}})).status, 404);
	});

	it('refuses group writes on a centrally administered workspace with 403 pointing to admin.atlassian.com', async () => {
		for (const method of ['PUT', 'DELETE']) {
			const response = await api(emu, `/1.0/groups/acme-labs/research/members/${user('lilei')}`, {method, body: method === 'PUT' ? {} : undefined, auth: MAYA});
			assert.equal(response.status, 403, method);
			assert.match((response.json as ErrorBody).error.message, /managed in Atlassian Administration \(admin\.atlassian\.com\)/);
		}
		const members = (await api(emu, '/1.0/groups/acme-labs/research/members', {auth: MAYA})).json as UserV1[];
		assert.ok(!members.some(m => m.nickname === 'lilei'), 'nothing changed');
	});
});
