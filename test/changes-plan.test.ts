/**
 * Planning on the demo emulator over loopback HTTP: before → after of the explicit entry and of
 * effective access, revoke warnings, no-ops, and every constraint said before anything is sent.
 * Planning must never send a mutating request: each test checks /_emulator/stats.
 */
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {ChangeService, formatPlan} from '../source/core/changes/index.js';
import {startChangeBench, type ChangeBench} from './helpers/changes-env.js';

const apiGateway = {type: 'repository', workspace: 'acme', fullName: 'acme/api-gateway'} as const;
const billing = {type: 'repository', workspace: 'acme', fullName: 'acme/billing-service'} as const;
const plat = {type: 'project', workspace: 'acme', key: 'PLAT'} as const;

async function stats(bench: ChangeBench): Promise<{requests: number}> {
	return (await fetch(`${bench.emulator.url}/_emulator/stats`).then(response => response.json())) as {requests: number};
}

describe('planning changes as the demo admin', () => {
	let bench: ChangeBench;
	before(async () => {
		bench = await startChangeBench({workspaces: ['acme', 'acme-labs']});
		await bench.markStats();
	});
	after(async () => {
		assert.deepEqual(await bench.mutations(), {}, 'planning sent no mutating request');
		await bench.close();
	});

	test("revoking lilei's repository ADMIN shows ADMIN → none, effective ADMIN → WRITE, and where WRITE remains", async () => {
		const plan = await bench.service.revoke(apiGateway, {type: 'user', uuid: bench.uuidOf('lilei')});
		assert.equal(plan.items.length, 1);
		const item = plan.items[0]!;
		assert.deepEqual(item.before, {type: 'permission', level: 'admin'});
		assert.deepEqual(item.after, {type: 'permission', level: undefined});
		assert.equal(item.mutation?.method, 'DELETE');
		assert.match(item.mutation!.path, /^\/2\.0\/repositories\/acme\/api-gateway\/permissions-config\/users\/%7B[0-9a-f-]+%7D$/);
		assert.deepEqual(
			item.effects.map(effect => [effect.userName, effect.before, effect.after]),
			[['lilei', 'admin', 'write']],
		);
		const texts = item.remaining.map(remaining => remaining.text);
		assert.ok(texts.includes('lilei keeps WRITE on api-gateway via group developers on project PLAT'), texts.join('\n'));
		assert.deepEqual(item.remaining[0]!.jumpTo, {type: 'project', workspace: 'acme', key: 'PLAT'});
		assert.equal(plan.typedConfirmation, 'acme/api-gateway', 'removing ADMIN needs the resource name typed');
		assert.equal(plan.typedConfirmationReason, 'removes ADMIN');
		assert.equal(plan.affectedUsers, 1);
		assert.ok(formatPlan(plan).some(line => line.includes('DELETE /2.0/repositories/acme/api-gateway/permissions-config/users/')));
	});

	test('granting a group a project level affects every member and names the inherited repositories', async () => {
		const plan = await bench.service.grant(plat, {type: 'group', slug: 'contractors'}, 'write');
		const item = plan.items[0]!;
		assert.deepEqual(item.before, {type: 'permission', level: undefined});
		assert.deepEqual(item.mutation, {method: 'PUT', path: '/2.0/workspaces/acme/projects/PLAT/permissions-config/groups/contractors', body: {permission: 'write'}});
		const contractors = bench.graph.group('acme', 'contractors')!.members;
		assert.equal(item.affectedUsers, contractors.length);
		assert.ok(item.effects.some(effect => effect.userName === 'fmulder' && effect.before === 'none' && effect.after === 'write'));
		assert.ok(item.notes.some(note => /repositories inherit/.test(note)));
		assert.equal(plan.typedConfirmation, undefined, 'a WRITE grant to a small group needs only y/N');
	});

	test('an existing level is a no-op that sends nothing', async () => {
		const plan = await bench.service.grant(billing, {type: 'user', uuid: bench.uuidOf('fmulder')}, 'read');
		assert.match(plan.items[0]!.noop ?? '', /already has READ/);
		assert.equal(plan.actionable, false);
		assert.equal(plan.items[0]!.mutation, undefined);
	});

	test('revoking where nothing is explicit is a no-op that says where the access comes from', async () => {
		const plan = await bench.service.revoke(apiGateway, {type: 'user', uuid: bench.uuidOf('dscully')});
		const item = plan.items[0]!;
		assert.match(item.noop ?? '', /no explicit permission/);
		assert.ok(item.remaining.some(remaining => remaining.text === 'dscully keeps WRITE on api-gateway via group developers on project PLAT'));
	});

	test('membership no-ops: already a member / not a member', async () => {
		const add = await bench.service.groupMembership('acme', 'developers', bench.uuidOf('dscully'), true);
		assert.match(add.items[0]!.noop ?? '', /already a member/);
		const remove = await bench.service.groupMembership('acme', 'interns', bench.uuidOf('dscully'), false);
		assert.match(remove.items[0]!.noop ?? '', /not a member/);
	});

	test('removing a user from a group shows what they lose and what remains', async () => {
		const dscully = await bench.service.groupMembership('acme', 'developers', bench.uuidOf('dscully'), false);
		const item = dscully.items[0]!;
		assert.equal(item.mutation?.method, 'DELETE');
		assert.equal(item.mutation?.path, `/1.0/groups/acme/developers/members/${encodeURIComponent(bench.uuidOf('dscully'))}`);
		const onPlat = item.effects.find(effect => effect.target.type === 'project' && effect.target.key === 'PLAT');
		assert.deepEqual([onPlat?.before, onPlat?.after], ['write', 'none'], 'dscully loses WRITE on PLAT');
		const lilei = await bench.service.groupMembership('acme', 'developers', bench.uuidOf('lilei'), false);
		const kept = lilei.items[0]!.effects.find(effect => effect.target.type === 'project' && effect.target.key === 'PLAT');
		assert.deepEqual([kept?.before, kept?.after], ['create-repo', 'create-repo'], 'release-managers still gives lilei CREATE-REPO on PLAT');
		assert.ok(lilei.items[0]!.remaining.some(remaining => remaining.text === 'lilei keeps CREATE-REPO on project PLAT via group release-managers'));
	});

	test('a workspace owner cannot get an explicit grant: refused before any request', async () => {
		const plan = await bench.service.grant(apiGateway, {type: 'user', uuid: bench.uuidOf('wskinner')}, 'read');
		assert.equal(plan.items[0]!.blocked?.kind, 'owner');
		assert.match(plan.items[0]!.blocked!.message, /wskinner is an owner of workspace acme/);
		assert.equal(plan.actionable, false);
	});

	test('a non-member cannot get an explicit grant or join a group', async () => {
		const outsider = bench.graph.users().find(user => bench.graph.roleOf('acme', user.uuid) === undefined);
		assert.ok(outsider, 'the demo has people outside acme');
		const grant = await bench.service.grant(apiGateway, {type: 'user', uuid: outsider.uuid}, 'read');
		assert.equal(grant.items[0]!.blocked?.kind, 'not-member');
		assert.match(grant.items[0]!.blocked!.message, /not a member of workspace acme/);
		const join = await bench.service.groupMembership('acme', 'developers', outsider.uuid, true);
		assert.equal(join.items[0]!.blocked?.kind, 'not-member');
	});

	test('where the account is not admin (acme-labs) the change is refused, naming the account', async () => {
		const exp = {type: 'project', workspace: 'acme-labs', key: 'EXP'} as const;
		const plan = await bench.service.grant(exp, {type: 'user', uuid: bench.uuidOf('lilei')}, 'read');
		assert.equal(plan.items[0]!.blocked?.kind, 'not-admin');
		assert.match(plan.items[0]!.blocked!.message, /^your account \(admin@acme\.test\) is not an admin of acme-labs:EXP — .*administrator of project 'EXP'/);
	});

	test('a change affecting 10 or more people needs the resource name typed', async () => {
		const sandbox = {type: 'project', workspace: 'acme', key: 'SBX'} as const;
		const plan = await bench.service.grant(sandbox, {type: 'group', slug: 'developers'}, 'read');
		assert.equal(plan.affectedUsers, bench.graph.group('acme', 'developers')!.members.length);
		assert.ok(plan.affectedUsers >= 10);
		assert.equal(plan.typedConfirmation, 'acme:SBX');
		assert.equal(plan.typedConfirmationReason, `affects ${plan.affectedUsers} people`);
	});

	test('ADMIN grants need typed confirmation', async () => {
		const plan = await bench.service.grant(billing, {type: 'user', uuid: bench.uuidOf('dscully')}, 'admin');
		assert.equal(plan.typedConfirmation, 'acme/billing-service');
		assert.equal(plan.typedConfirmationReason, 'grants ADMIN');
	});
	test('known scopes refuse a change without any request and name the missing scope', async () => {
		const service = new ChangeService({
			client: bench.client,
			graph: () => bench.graph,
			journal: bench.journal,
			account: {email: 'admin@acme.test', apiUrl: bench.emulator.url},
			grantedScopes: ['read:user:bitbucket', 'read:workspace:bitbucket', 'read:project:bitbucket', 'read:repository:bitbucket', 'admin:project:bitbucket', 'write:permission:bitbucket'],
		});
		const before = await stats(bench);
		const plan = await service.revoke(plat, {type: 'group', slug: 'developers'});
		assert.equal(plan.items[0]!.blocked?.kind, 'missing-scope');
		assert.deepEqual(plan.items[0]!.blocked?.requiredScopes, ['delete:permission:bitbucket']);
		assert.match(plan.items[0]!.blocked!.message, /delete:permission:bitbucket/);
		assert.equal((await stats(bench)).requests, before.requests, 'not even the pre-read was sent');
	});
});

describe('planning with the read-only demo token', () => {
	let bench: ChangeBench;
	before(async () => {
		bench = await startChangeBench({login: 'reader'});
		await bench.markStats();
	});
	after(async () => {
		assert.deepEqual(await bench.mutations(), {}, 'nothing mutating was sent');
		await bench.close();
	});

	test('a missing scope (or missing admin rights) is said before anything is sent', async () => {
		const repository = bench.graph.repositories('acme')[0];
		assert.ok(repository, 'the reader sees some acme repositories');
		const target = {type: 'repository', workspace: 'acme', fullName: repository.fullName} as const;
		const plan = await bench.service.grant(target, {type: 'user', uuid: bench.uuidOf('dscully')}, 'read');
		const blocked = plan.items[0]!.blocked;
		assert.ok(blocked, 'the plan is refused');
		assert.ok(['missing-scope', 'not-admin'].includes(blocked.kind), blocked.kind);
		assert.equal(plan.actionable, false);
	});

});

test('change paths encode every segment and refuse names that would change the path', async () => {
	const {permissionPath, groupMemberPath} = await import('../source/core/changes/endpoints.js');
	assert.equal(
		permissionPath({type: 'repository', workspace: 'acme', fullName: 'acme/a b'}, {type: 'user', uuid: '{1234}'}),
		'/2.0/repositories/acme/a%20b/permissions-config/users/%7B1234%7D',
	);
	assert.equal(groupMemberPath('acme', 'dev/ops', '{u}'), '/1.0/groups/acme/dev%2Fops/members/%7Bu%7D');
	assert.throws(() => permissionPath({type: 'repository', workspace: 'acme', fullName: 'acme/..'}, {type: 'group', slug: 'x'}), /not a valid name/);
	assert.throws(() => permissionPath({type: 'project', workspace: '..', key: 'PLAT'}, {type: 'group', slug: 'x'}), /not a valid name/);
});
