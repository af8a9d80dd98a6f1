/** Emulator auth, scopes and removed endpoints, over loopback HTTP. */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {demoScenario, type RunningEmulator, type Scenario} from '../source/emulator/index.js';
import {ADMIN_AUTH, api, basicAuth, READER_AUTH, startTestEmulator} from './helpers/emulator.js';

type ErrorBody = {type: string; error: {message: string; detail?: unknown; data?: Record<string, unknown>}};

/** The demo plus tokens of the admin with chosen scopes (to prove each route's scope). */
function scopedScenario(): Scenario {
	const scenario = demoScenario();
	const admin = scenario.users.find(user => user.email === 'admin@acme.test')!;
	admin.tokens!.push(
		{token: 'no-scopes', scopes: []},
		{token: 'reads-only', scopes: ['read:user', 'read:workspace', 'read:project', 'read:repository']},
		{token: 'admin-no-write', scopes: ['read:user', 'read:workspace', 'read:project', 'read:repository', 'admin:project', 'admin:repository', 'admin:workspace']},
		{token: 'write-no-delete', scopes: ['read:project', 'read:repository', 'admin:project', 'admin:repository', 'write:permission']},
	);
	return scenario;
}

describe('emulator auth', () => {
	let emu: RunningEmulator;
	before(async () => {
		emu = await startTestEmulator(undefined, {scenario: scopedScenario()});
	});
	after(() => emu.stop());

	it('accepts Basic email:token and answers /2.0/user with the account', async () => {
		const response = await api(emu, '/2.0/user', {auth: ADMIN_AUTH});
		assert.equal(response.status, 200);
		const user = response.json as Record<string, unknown>;
		assert.equal(user.type, 'user');
		assert.equal(user.nickname, 'amorgan');
		assert.match(String(user.uuid), /^\{[0-9a-f-]{36}\}$/);
		const reader = await api(emu, '/2.0/user', {auth: READER_AUTH});
		assert.equal((reader.json as Record<string, unknown>).nickname, 'rchen');
	});

	for (const [name, auth] of [
		['missing credentials', null],
		['a wrong token', basicAuth('admin@acme.test', 'wrong-token')],
		['the nickname instead of the email', basicAuth('amorgan', 'demo-admin-token')],
		['another user\'s token', basicAuth('admin@acme.test', 'demo-reader-token')],
		['a Bearer token', 'Bearer demo-admin-token'],
		['garbage', 'Basic ???'],
	] as const) {
		it(`answers 401 with the Bitbucket realm for ${name}`, async () => {
			const response = await api(emu, '/2.0/user', {auth});
			assert.equal(response.status, 401);
			assert.equal(response.headers.get('www-authenticate'), 'Basic realm="Bitbucket.org HTTP"');
			const body = response.json as ErrorBody;
			assert.equal(body.type, 'error');
			assert.ok(body.error.message.length > 0);
			assert.ok(!response.text.includes('demo-admin-token'), 'the token is never echoed');
		});
	}

	it('treats the email case-insensitively', async () => {
		const response = await api(emu, '/2.0/user', {auth: basicAuth('Admin@ACME.test', 'demo-admin-token')});
		assert.equal(response.status, 200);
	});

	const SCOPED: Array<[method: string, path: string, required: string[], body?: unknown]> = [
		['GET', '/2.0/user', ['read:user:bitbucket']],
		['GET', '/2.0/users/%7Bnot-checked%7D', ['read:user:bitbucket']],
		['GET', '/2.0/user/workspaces', ['read:workspace:bitbucket']],
		['GET', '/2.0/workspaces/acme', ['read:workspace:bitbucket']],
		['GET', '/2.0/workspaces/acme/members', ['read:workspace:bitbucket']],
		['GET', '/2.0/workspaces/acme/permissions', ['read:workspace:bitbucket']],
		['GET', '/2.0/workspaces/acme/permissions/repositories', ['read:repository:bitbucket']],
		['GET', '/2.0/workspaces/acme/permissions/repositories/api-gateway', ['read:repository:bitbucket']],
		['GET', '/2.0/user/workspaces/acme/permission', ['read:workspace:bitbucket']],
		['GET', '/2.0/user/workspaces/acme/permissions/repositories', ['read:repository:bitbucket']],
		['GET', '/2.0/workspaces/acme/members/x', ['read:workspace:bitbucket']],
		['GET', '/2.0/workspaces/acme/projects/PLAT', ['read:project:bitbucket']],
		['GET', '/2.0/repositories/acme/api-gateway', ['read:repository:bitbucket']],
		['GET', '/1.0/groups/acme/qa/members', ['admin:workspace:bitbucket']],
		['DELETE', '/1.0/groups/acme/qa/members/%7Bx%7D', ['admin:workspace:bitbucket']],
		['GET', '/2.0/workspaces/acme/projects', ['read:project:bitbucket']],
		['GET', '/2.0/workspaces/acme/projects/PLAT/permissions-config/users', ['read:project:bitbucket']],
		['GET', '/2.0/repositories/acme', ['read:repository:bitbucket']],
		['GET', '/2.0/repositories/acme/api-gateway/permissions-config/groups', ['read:repository:bitbucket']],
		['GET', '/1.0/groups/acme', ['admin:workspace:bitbucket']],
		['PUT', '/1.0/groups/acme/qa/members/%7Bx%7D', ['admin:workspace:bitbucket'], {}],
		['PUT', '/2.0/workspaces/acme/projects/PLAT/permissions-config/groups/qa', ['admin:project:bitbucket', 'write:permission:bitbucket'], {permission: 'read'}],
		['DELETE', '/2.0/workspaces/acme/projects/PLAT/permissions-config/groups/qa', ['admin:project:bitbucket', 'delete:permission:bitbucket']],
		['PUT', '/2.0/repositories/acme/api-gateway/permissions-config/users/x', ['admin:repository:bitbucket', 'write:permission:bitbucket'], {permission: 'read'}],
		['DELETE', '/2.0/repositories/acme/api-gateway/permissions-config/users/x', ['admin:repository:bitbucket', 'delete:permission:bitbucket']],
	];
	for (const [method, path, required, body] of SCOPED) {
		it(`${method} ${path} needs ${required.join(' + ')}`, async () => {
			const response = await api(emu, path, {method, body, auth: basicAuth('admin@acme.test', 'no-scopes')});
			assert.equal(response.status, 403);
			const error = (response.json as ErrorBody).error;
			assert.equal(error.message, 'Your credentials lack one or more required privilege scopes.');
			assert.deepEqual(error.detail, {granted: [], required});
		});
	}

	it('names granted and required scopes when only some are missing', async () => {
		const write = await api(emu, '/2.0/workspaces/acme/projects/PLAT/permissions-config/groups/qa', {
			method: 'PUT',
			body: {permission: 'read'},
			auth: basicAuth('admin@acme.test', 'admin-no-write'),
		});
		assert.equal(write.status, 403);
		const detail = (write.json as ErrorBody).error.detail as {granted: string[]; required: string[]};
		assert.ok(detail.granted.includes('admin:project:bitbucket'));
		assert.deepEqual(detail.required, ['admin:project:bitbucket', 'write:permission:bitbucket']);
		const remove = await api(emu, '/2.0/workspaces/acme/projects/PLAT/permissions-config/groups/qa', {method: 'DELETE', auth: basicAuth('admin@acme.test', 'write-no-delete')});
		assert.equal(remove.status, 403);
		assert.deepEqual(((remove.json as ErrorBody).error.detail as {required: string[]}).required, ['admin:project:bitbucket', 'delete:permission:bitbucket']);
	});

	it('lets the reader token read but not list groups (no admin:workspace scope)', async () => {
		assert.equal((await api(emu, '/2.0/repositories/acme', {auth: READER_AUTH})).status, 200);
		const groups = await api(emu, '/1.0/groups/acme', {auth: READER_AUTH});
		assert.equal(groups.status, 403);
		assert.deepEqual(((groups.json as ErrorBody).error.detail as {required: string[]}).required, ['admin:workspace:bitbucket']);
	});

	for (const path of ['/2.0/workspaces', '/2.0/user/permissions/workspaces', '/2.0/user/permissions/repositories', '/2.0/repositories']) {
		it(`GET ${path} is gone (410, CHANGE-2770)`, async () => {
			const response = await api(emu, `${path}?pagelen=10`);
			assert.equal(response.status, 410);
			const body = response.json as ErrorBody;
			assert.equal(body.error.message, 'CHANGE-2770 - Functionality has been deprecated');
			assert.equal(body.error.detail, 'Please read the changelog entry for more details.');
			assert.equal(body.error.data?.announcement_url, 'https://developer.atlassian.com/cloud/bitbucket/changelog#CHANGE-2770');
		});
	}

	it('answers unknown paths with 404 and wrong methods with 405, in the error envelope', async () => {
		const missing = await api(emu, '/2.0/nothing/here');
		assert.equal(missing.status, 404);
		assert.equal((missing.json as ErrorBody).type, 'error');
		const wrong = await api(emu, '/2.0/user', {method: 'DELETE'});
		assert.equal(wrong.status, 405);
	});
});
