/**
 * Issue #11.1 for the change pipeline: the reads behind offboarding, email look-ups and verifying a
 * group change are validated like every other response. A list item without its identifying field
 * makes the whole answer malformed instead of silently dropping a grant to revoke, a residual access
 * or a member ("removed, verified" when the answer was hollow).
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readState} from '../source/core/changes/endpoints.js';
import {lookupEmails} from '../source/core/changes/batch/email-lookup.js';
import {residualAccess} from '../source/core/changes/batch/offboard-email.js';
import {AccessGraph} from '../source/core/graph/index.js';
import {emptySnapshot} from '../source/core/model.js';
import {BbError} from '../source/core/errors.js';
import {startTestEmulator} from './helpers/emulator.js';
import {startRewritingProxy} from './helpers/rewriting-proxy.js';
import {privateCliEnv, runCli} from './helpers/run-cli.js';
import {ADMIN} from './helpers/sync-harness.js';

const malformed = (endpoint: RegExp, field: RegExp) => (error: unknown) => error instanceof BbError && error.kind === 'malformed' && endpoint.test(error.message) && field.test(error.message);

test('offboard: a hollow effective listing is reported as not checked, never planned as "no access left"', async t => {
	const emulator = await startTestEmulator(t);
	const proxy = await startRewritingProxy(emulator.url);
	t.after(() => proxy.close());
	const {env} = privateCliEnv(t, 'changes-validation', ADMIN);
	const args = ['offboard', '--user', 'lilei', '--workspace', 'acme', '--dry-run', '--no-cache', '--api-url', proxy.url];

	const good = await runCli(args, {env});
	assert.equal(good.status, 0, good.stdout + good.stderr);
	assert.match(good.stdout, /revoke lilei's explicit ADMIN on acme\/api-gateway/);

	proxy.rewrite = (pathname, body) => (pathname === '/2.0/workspaces/acme/permissions/repositories' ? {...(body as object), values: (body as {values: unknown[]}).values.map(() => ({permission: 'admin'}))} : undefined);
	const hollow = await runCli(args, {env});
	const text = hollow.stdout + hollow.stderr;
	assert.doesNotMatch(text, /keeps no project or repository access in acme/, text);
	assert.match(text, /could not list acme's repository permissions \(Bitbucket sent an incomplete answer for GET \/2\.0\/workspaces\/acme\/permissions\/repositories: item 1 of \d+ has no repository\.full_name/, text);
});

test('email look-up, residual access and a membership verify read refuse items without their ids', async () => {
	const hollowList = {getAll: async <T>() => [{user: {uuid: '{a}', email: 'a@x.test'}}, {user: {email: 'b@x.test'}}] as T[]};
	await assert.rejects(lookupEmails(hollowList, ['acme'], ['a@x.test', 'b@x.test']), malformed(/GET \/2\.0\/workspaces\/acme\/members/, /item 2 of 2 has no user\.uuid/));

	const hollowReach = {getAll: async <T>() => [{permission: 'write', repository: {full_name: 'acme/api'}}, {permission: 'read'}] as T[]};
	const graph = AccessGraph.fromSnapshot(emptySnapshot('http://127.0.0.1:1', {uuid: '{admin}', displayName: 'Admin', email: 'admin@acme.test'}, '2026-01-01T00:00:00.000Z'));
	await assert.rejects(residualAccess(hollowReach, graph, 'acme', '{a}'), malformed(/GET \/2\.0\/workspaces\/acme\/permissions\/repositories/, /item 2 of 2 has no repository\.full_name/));

	const change = {type: 'membership', workspace: 'acme', group: 'developers', user: '{a}', member: false} as const;
	const hollowMembers = {getOptional: async <T>() => [{uuid: '{b}'}, {display_name: 'no id'}] as T, put: async <T>() => undefined as T, delete: async () => undefined};
	await assert.rejects(readState(hollowMembers, change), malformed(/GET \/1\.0\/groups\/acme\/developers\/members/, /item 2 of 2 has no uuid/));
	const members = {...hollowMembers, getOptional: async <T>() => [{uuid: '{b}'}, {uuid: '{a}'}] as T};
	assert.deepEqual(await readState(members, change), {type: 'membership', member: true});
});
