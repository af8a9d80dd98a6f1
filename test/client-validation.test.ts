/**
 * Issue #11.1: every response is validated at the client boundary. An item without its identifying
 * field makes the whole answer malformed (named endpoint and field, exit 1, the saved snapshot kept);
 * a valid smaller answer (people really left) still replaces the snapshot.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {listGroups, listWorkspacePermissions} from '../source/core/bitbucket/api.js';
import {checkGroupPermission, checkV1Group, checkWorkspacePermission, validItems} from '../source/core/bitbucket/validate.js';
import {BbError} from '../source/core/errors.js';
import {startTestEmulator} from './helpers/emulator.js';
import {startRewritingProxy} from './helpers/rewriting-proxy.js';
import {runCli, xdgDirs} from './helpers/run-cli.js';
import {ADMIN, clientFor} from './helpers/sync-harness.js';

function cliEnv(home: string): NodeJS.ProcessEnv {
	return {
		PATH: process.env.PATH,
		HOME: home,
		...xdgDirs(home),
		BITBUCKET_EMAIL: ADMIN.email,
		BITBUCKET_API_TOKEN: ADMIN.token,
		NO_COLOR: '1',
	};
}

test('validators name the first missing field; present but unknown values pass', () => {
	assert.equal(checkWorkspacePermission({permission: 'owner', user: {uuid: '{u}'}}), undefined);
	assert.equal(checkWorkspacePermission({}), 'user.uuid');
	assert.equal(checkWorkspacePermission({user: {uuid: '{u}'}}), 'permission');
	assert.equal(checkGroupPermission({permission: 'none', group: {full_slug: 'acme:devs'}}), undefined);
	assert.equal(checkGroupPermission({permission: 'read', group: {name: 'x'}}), 'group.slug or group.full_slug');
	assert.equal(checkV1Group({slug: 'devs', members: [{uuid: '{a}'}, {display_name: 'no uuid'}]}), 'members[1].uuid');
	assert.equal(checkV1Group(null), 'the item itself (not an object)');
	assert.throws(() => validItems([{permission: 'owner', user: {uuid: '{u}'}}, {}], checkWorkspacePermission, 'GET /2.0/workspaces/acme/permissions'), (error: unknown) =>
		error instanceof BbError && error.kind === 'malformed' && error.endpoint === 'GET /2.0/workspaces/acme/permissions' && /item 2 of 2 has no user\.uuid/.test(error.message));
});

test('endpoints refuse answers whose items lack their identifying fields', async t => {
	const emulator = await startTestEmulator(t);
	const proxy = await startRewritingProxy(emulator.url);
	t.after(() => proxy.close());
	const client = clientFor({url: proxy.url});
	t.after(() => client.close());
	proxy.rewrite = (pathname, body) => {
		if (pathname === '/2.0/workspaces/acme/permissions') return {...(body as object), values: (body as {values: unknown[]}).values.map(() => ({}))};
		if (pathname === '/1.0/groups/acme') return (body as unknown[]).map(() => ({name: 'nameless'}));
		return undefined;
	};
	await assert.rejects(listWorkspacePermissions(client, 'acme'), (error: unknown) => error instanceof BbError && error.kind === 'malformed' && /GET \/2\.0\/workspaces\/acme\/permissions.*no user\.uuid/.test(error.message));
	await assert.rejects(listGroups(client, 'acme'), (error: unknown) => error instanceof BbError && error.kind === 'malformed' && /GET \/1\.0\/groups\/acme.*no slug/.test(error.message));
});

test('bbaccess sync: hollow items exit 1 naming endpoint and field and keep the snapshot; a valid smaller answer replaces it', async t => {
	const home = mkdtempSync(path.join(os.tmpdir(), 'bbaccess-validate-'));
	t.after(() => rmSync(home, {recursive: true, force: true}));
	const emulator = await startTestEmulator(t);
	const proxy = await startRewritingProxy(emulator.url);
	t.after(() => proxy.close());
	const env = cliEnv(home);

	const first = await runCli(['sync', '--deep', '--json', '--api-url', proxy.url], {env});
	assert.equal(first.status, 0, first.stderr);
	const good = JSON.parse(first.stdout) as {snapshotFile: string; members: number; groups: number};
	const before = readFileSync(good.snapshotFile, 'utf8');

	for (const [endpoint, rewrite, field] of [
		['/2.0/workspaces/acme/permissions', (body: {values: unknown[]}) => ({...body, values: body.values.map(() => ({}))}), 'user.uuid'],
		['/1.0/groups/acme', (body: unknown[]) => body.map(() => ({})), 'slug'],
	] as const) {
		proxy.rewrite = (pathname, body) => (pathname === endpoint ? rewrite(body as never) : undefined);
		const broken = await runCli(['sync', '--api-url', proxy.url], {env});
		assert.equal(broken.status, 1, broken.stdout + broken.stderr);
		assert.ok(broken.stdout.includes(`GET ${endpoint}`) && broken.stdout.includes(`has no ${field}`), broken.stdout);
		assert.match(broken.stdout, /could not be read/);
		assert.match(broken.stdout, /Snapshot not replaced/);
		assert.equal(readFileSync(good.snapshotFile, 'utf8'), before, `the snapshot survives hollow items from ${endpoint}`);
	}

	// People really left: a valid, smaller answer replaces the snapshot (exit 0).
	proxy.rewrite = (pathname, body) => {
		if (pathname !== '/2.0/workspaces/acme/permissions') return undefined;
		const page = body as {values: Array<{permission: string}>; size?: number};
		const values = page.values.filter((item, index) => item.permission === 'owner' || index % 2 === 0);
		return {...page, values, size: undefined, next: undefined};
	};
	const smaller = await runCli(['sync', '--json', '--api-url', proxy.url], {env});
	assert.equal(smaller.status, 0, smaller.stdout + smaller.stderr);
	const report = JSON.parse(smaller.stdout) as {snapshotSaved: boolean; members: number};
	assert.equal(report.snapshotSaved, true);
	assert.ok(report.members < good.members, `${report.members} < ${good.members}`);
	assert.notEqual(readFileSync(good.snapshotFile, 'utf8'), before);
});
