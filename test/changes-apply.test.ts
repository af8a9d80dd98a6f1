/**
 * Apply → verify → journal on the demo emulator over loopback HTTP, for users and groups on
 * repositories and projects, group membership, typed confirmation, dry-run, read-only and undo.
 * The emulator's /_emulator/state is the truth the graph and the journal are compared with.
 */
import assert from 'node:assert/strict';
import {stat} from 'node:fs/promises';
import {after, before, describe, test} from 'node:test';
import {ChangeService, Journal} from '../source/core/changes/index.js';
import {isBbError} from '../source/core/errors.js';
import {
	groupHas,
	projectGroupLevel,
	projectUserLevel,
	repoGroupLevel,
	repoUserLevel,
	startChangeBench,
	type ChangeBench,
} from './helpers/changes-env.js';

const apiGateway = {type: 'repository', workspace: 'acme', fullName: 'acme/api-gateway'} as const;
const billing = {type: 'repository', workspace: 'acme', fullName: 'acme/billing-service'} as const;
const dataPipeline = {type: 'repository', workspace: 'acme', fullName: 'acme/data-pipeline'} as const;
const plat = {type: 'project', workspace: 'acme', key: 'PLAT'} as const;
const mob = {type: 'project', workspace: 'acme', key: 'MOB'} as const;

describe('applying changes as the demo admin', () => {
	let bench: ChangeBench;
	before(async () => {
		bench = await startChangeBench();
	});
	after(async () => bench.close());

	test("revoke lilei's repository ADMIN: one DELETE, verified, graph and journal agree with Bitbucket", async () => {
		await bench.markStats();
		const lilei = bench.uuidOf('lilei');
		const plan = await bench.service.revoke(apiGateway, {type: 'user', uuid: lilei});
		await assert.rejects(bench.service.apply(plan), (error: unknown) => isBbError(error) && error.kind === 'cancelled', 'ADMIN removal needs the typed name');
		assert.deepEqual(await bench.mutations(), {}, 'a wrong confirmation sends nothing');
		const result = await bench.service.apply(plan, {typed: 'acme/api-gateway'});
		assert.equal(result.outcome, 'applied-verified', result.message);
		assert.deepEqual(await bench.mutations(), {'DELETE /2.0/repositories/{workspace}/{repo_slug}/permissions-config/users/{selected_user_id}': {'204': 1}});
		assert.equal(repoUserLevel(await bench.state(), 'acme/api-gateway', 'lilei'), undefined);
		assert.equal(bench.graph.effectiveLevel(lilei, apiGateway).level, 'write', 'the graph shows the verified state: WRITE via developers');
		const {entries} = await bench.journal.read();
		const last = entries.at(-1)!;
		assert.equal(last.outcome, 'applied-verified');
		assert.equal(last.account, 'admin@acme.test');
		assert.equal(last.apiUrl, bench.emulator.url);
		assert.deepEqual(last.before, {type: 'permission', level: 'admin'});
		assert.deepEqual(last.verified, {type: 'permission'});
		assert.ok(last.requests.some(request => request.method === 'DELETE' && request.status === 204), JSON.stringify(last.requests));
		assert.equal((await stat(bench.journal.file)).mode & 0o777, 0o600, 'the journal is private');
	});

	test('undo restores the journaled before-state through the same confirm step', async () => {
		const lilei = bench.uuidOf('lilei');
		assert.match(bench.service.lastChange()?.title ?? '', /Revoke lilei/);
		const undo = await bench.service.planUndo();
		assert.equal(undo.kind, 'undo');
		assert.equal(undo.items[0]!.mutation?.method, 'PUT');
		assert.deepEqual(undo.items[0]!.mutation?.body, {permission: 'admin'});
		assert.equal(undo.typedConfirmation, 'acme/api-gateway', 'restoring ADMIN is typed too');
		const result = await bench.service.apply(undo, {typed: 'acme/api-gateway'});
		assert.equal(result.outcome, 'applied-verified');
		assert.equal(repoUserLevel(await bench.state(), 'acme/api-gateway', 'lilei'), 'admin');
		assert.equal(bench.graph.effectiveLevel(lilei, apiGateway).level, 'admin');
		const {entries} = await bench.journal.read();
		assert.equal(entries.at(-1)!.operation, 'undo');
		assert.ok(entries.at(-1)!.undoOf);
	});

	test('undo refuses when the state moved on after the change', async () => {
		const dscully = bench.uuidOf('dscully');
		const plan = await bench.service.grant(billing, {type: 'user', uuid: dscully}, 'write');
		assert.equal((await bench.service.apply(plan)).outcome, 'applied-verified');
		// Someone else changes it in Bitbucket meanwhile.
		await bench.client.put(`/2.0/repositories/acme/billing-service/permissions-config/users/${encodeURIComponent(dscully)}`, {permission: 'read'});
		await bench.markStats();
		const undo = await bench.service.planUndo();
		assert.equal(undo.items[0]!.blocked?.kind, 'stale');
		assert.match(undo.items[0]!.blocked!.message, /now shows READ where the change left WRITE/);
		assert.equal(undo.actionable, false);
		const result = await bench.service.apply(undo);
		assert.equal(result.outcome, 'blocked');
		assert.deepEqual(await bench.mutations(), {});
		assert.equal(repoUserLevel(await bench.state(), 'acme/billing-service', 'dscully'), 'read');
	});

	test('undo of a session change with a conflicting ADMIN item: the conflict is left alone and asks for no typed ADMIN confirmation', async () => {
		const lilei = bench.uuidOf('lilei');
		const fmulder = bench.uuidOf('fmulder');
		const plan = await bench.service.plan(
			[
				{type: 'permission', target: apiGateway, principal: {type: 'user', uuid: lilei}, level: undefined},
				{type: 'permission', target: billing, principal: {type: 'user', uuid: fmulder}, level: 'write'},
			],
			{title: 'two changes'},
		);
		assert.equal((await bench.service.apply(plan, {typed: plan.typedConfirmation})).outcome, 'applied-verified');
		// Someone gives lilei WRITE meanwhile: undoing would have restored ADMIN over it.
		await bench.client.put(`/2.0/repositories/acme/api-gateway/permissions-config/users/${encodeURIComponent(lilei)}`, {permission: 'write'});
		const undo = await bench.service.planUndo();
		assert.equal(undo.items[0]!.blocked?.kind, 'stale');
		assert.deepEqual(undo.items[0]!.effects, [], 'a conflict left alone changes nothing');
		assert.equal(undo.actionable, true);
		assert.equal(undo.typedConfirmation, undefined, 'no ADMIN is touched: no typed confirmation');
		assert.equal((await bench.service.apply(undo)).outcome, 'applied-verified');
		const state = await bench.state();
		assert.equal(repoUserLevel(state, 'acme/api-gateway', 'lilei'), 'write', 'the conflicting entry is left alone');
		assert.equal(repoUserLevel(state, 'acme/billing-service', 'fmulder'), 'read', 'the other item is undone');
		// Put lilei's ADMIN back for the tests after this one.
		await bench.client.put(`/2.0/repositories/acme/api-gateway/permissions-config/users/${encodeURIComponent(lilei)}`, {permission: 'admin'});
	});

	test('grant and change a group level on a repository, then revoke it', async () => {
		const contractors = {type: 'group', slug: 'contractors'} as const;
		const raise = await bench.service.grant(dataPipeline, contractors, 'write');
		assert.deepEqual(raise.items[0]!.before, {type: 'permission', level: 'read'});
		assert.equal((await bench.service.apply(raise)).outcome, 'applied-verified');
		assert.equal(repoGroupLevel(await bench.state(), 'acme/data-pipeline', 'contractors'), 'write');
		const revoke = await bench.service.revoke(dataPipeline, contractors);
		assert.equal((await bench.service.apply(revoke)).outcome, 'applied-verified');
		assert.equal(repoGroupLevel(await bench.state(), 'acme/data-pipeline', 'contractors'), undefined);
		const fmulder = bench.uuidOf('fmulder');
		assert.equal(bench.graph.effectiveLevel(fmulder, dataPipeline).level, undefined, 'fmulder lost access through contractors');
	});

	test('project permissions for a user and a group: set, change, remove', async () => {
		const jalvarez = {type: 'user', uuid: bench.uuidOf('jalvarez')} as const;
		const lower = await bench.service.grant(mob, jalvarez, 'write');
		assert.equal(lower.typedConfirmationReason, 'removes ADMIN');
		assert.equal(lower.typedConfirmation, 'acme:MOB');
		assert.equal((await bench.service.apply(lower, {typed: lower.typedConfirmation})).outcome, 'applied-verified');
		assert.equal(projectUserLevel(await bench.state(), 'acme', 'MOB', 'jalvarez'), 'write');
		const interns = {type: 'group', slug: 'interns'} as const;
		const add = await bench.service.grant(plat, interns, 'create-repo');
		assert.equal((await bench.service.apply(add)).outcome, 'applied-verified');
		assert.equal(projectGroupLevel(await bench.state(), 'acme', 'PLAT', 'interns'), 'create-repo');
		const remove = await bench.service.revoke(plat, interns);
		assert.equal((await bench.service.apply(remove)).outcome, 'applied-verified');
		assert.equal(projectGroupLevel(await bench.state(), 'acme', 'PLAT', 'interns'), undefined);
		const removeUser = await bench.service.revoke(mob, jalvarez);
		assert.equal((await bench.service.apply(removeUser)).outcome, 'applied-verified');
		assert.equal(projectUserLevel(await bench.state(), 'acme', 'MOB', 'jalvarez'), undefined);
	});

	test('group membership: add, then remove (v1 API), verified by re-reading the members', async () => {
		const fmulder = bench.uuidOf('fmulder');
		const add = await bench.service.groupMembership('acme', 'interns', fmulder, true);
		assert.equal(add.items[0]!.mutation?.method, 'PUT');
		await bench.markStats();
		assert.equal((await bench.service.apply(add)).outcome, 'applied-verified');
		assert.deepEqual(await bench.mutations(), {'PUT /1.0/groups/{workspace}/{group_slug}/members/{member}': {'200': 1}});
		assert.ok(groupHas(await bench.state(), 'acme', 'interns', 'fmulder'));
		assert.ok(bench.graph.group('acme', 'interns')!.members.includes(fmulder));
		const remove = await bench.service.groupMembership('acme', 'interns', fmulder, false);
		assert.equal((await bench.service.apply(remove)).outcome, 'applied-verified');
		assert.ok(!groupHas(await bench.state(), 'acme', 'interns', 'fmulder'));
		assert.ok(!bench.graph.group('acme', 'interns')!.members.includes(fmulder));
	});

	test('dry-run plans and journals but sends no mutating request', async () => {
		await bench.markStats();
		const plan = await bench.service.grant(billing, {type: 'user', uuid: bench.uuidOf('lilei')}, 'admin', {dryRun: true});
		const result = await bench.service.apply(plan);
		assert.equal(result.outcome, 'dry-run');
		assert.deepEqual(await bench.mutations(), {});
		assert.equal(repoUserLevel(await bench.state(), 'acme/billing-service', 'lilei'), undefined);
		const {entries} = await bench.journal.read();
		assert.equal(entries.at(-1)!.outcome, 'dry-run');
		assert.deepEqual(entries.at(-1)!.requests, []);
	});

	test('no-ops and refusals are journaled honestly and send nothing', async () => {
		await bench.markStats();
		const owner = await bench.service.grant(billing, {type: 'user', uuid: bench.uuidOf('wskinner')}, 'read');
		assert.equal((await bench.service.apply(owner)).outcome, 'blocked');
		const noop = await bench.service.grant(billing, {type: 'user', uuid: bench.uuidOf('fmulder')}, 'read');
		assert.equal((await bench.service.apply(noop)).outcome, 'no-op');
		assert.deepEqual(await bench.mutations(), {});
		const outcomes = (await bench.journal.read()).entries.slice(-2).map(entry => entry.outcome);
		assert.deepEqual(outcomes, ['blocked', 'no-op']);
	});

	test('the journal never holds the token', async () => {
		const {readFile} = await import('node:fs/promises');
		const text = await readFile(bench.journal.file, 'utf8');
		assert.ok(text.length > 0);
		assert.doesNotMatch(text, /demo-admin-token/);
		assert.doesNotMatch(text, /authorization|Basic /i);
	});

	test('a read-only service refuses to plan or apply, saying why', async () => {
		const service = new ChangeService({
			client: bench.client,
			graph: () => bench.graph,
			journal: bench.journal,
			account: {email: 'admin@acme.test', apiUrl: bench.emulator.url},
			readOnlyReason: 'read-only: --read-only',
		});
		await bench.markStats();
		assert.equal(service.readOnlyReason(), 'read-only: --read-only');
		await assert.rejects(service.revoke(apiGateway, {type: 'user', uuid: bench.uuidOf('lilei')}), /changes are disabled \(read-only: --read-only\)/);
		const plan = await bench.service.revoke(apiGateway, {type: 'user', uuid: bench.uuidOf('lilei')});
		await assert.rejects(service.apply(plan, {typed: 'acme/api-gateway'}), /changes are disabled/);
		assert.deepEqual(await bench.mutations(), {});
	});

	test('a plan confirmed much later is re-checked first: if the entry changed meanwhile, nothing is sent', async () => {
		const later = new ChangeService({
			client: bench.client,
			graph: () => bench.graph,
			journal: bench.journal,
			account: {email: 'admin@acme.test', apiUrl: bench.emulator.url},
			now: () => new Date(Date.now() + 5 * 60_000),
		});
		const dscully = bench.uuidOf('dscully');
		const plan = await bench.service.revoke(billing, {type: 'user', uuid: dscully});
		assert.deepEqual(plan.items[0]!.before, {type: 'permission', level: 'read'});
		await bench.client.put(`/2.0/repositories/acme/billing-service/permissions-config/users/${encodeURIComponent(dscully)}`, {permission: 'admin'});
		await bench.markStats();
		const result = await later.apply(plan);
		assert.equal(result.items[0]!.outcome, 'blocked');
		assert.match(result.items[0]!.message ?? '', /Bitbucket now shows ADMIN, the plan was made for READ/);
		assert.deepEqual(await bench.mutations(), {}, 'the stale DELETE was not sent');
		assert.equal(repoUserLevel(await bench.state(), 'acme/billing-service', 'dscully'), 'admin');
	});

	test('a journal that cannot be written does not hide a change that was made', async () => {
		const {writeFile} = await import('node:fs/promises');
		const blocker = `${bench.root}/not-a-dir`;
		await writeFile(blocker, 'x');
		const service = new ChangeService({
			client: bench.client,
			graph: () => bench.graph,
			journal: new Journal(`${blocker}/journal.jsonl`),
			account: {email: 'admin@acme.test', apiUrl: bench.emulator.url},
		});
		const plan = await service.grant(billing, {type: 'user', uuid: bench.uuidOf('fmulder')}, 'write');
		const result = await service.apply(plan);
		assert.equal(result.outcome, 'applied-verified');
		assert.match(result.message, /NOT journaled: could not write the change journal/);
		assert.equal(repoUserLevel(await bench.state(), 'acme/billing-service', 'fmulder'), 'write');
	});

	test('a token known to lack every admin/permission scope makes the service read-only', () => {
		const service = new ChangeService({
			client: bench.client,
			graph: () => bench.graph,
			journal: bench.journal,
			account: {email: 'reader@acme.test', apiUrl: bench.emulator.url},
			grantedScopes: ['read:user:bitbucket', 'read:workspace:bitbucket', 'read:project:bitbucket', 'read:repository:bitbucket'],
		});
		assert.match(service.readOnlyReason() ?? '', /^read-only: the API token lacks admin:project:bitbucket/);
	});
});
