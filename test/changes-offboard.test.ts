/**
 * Offboarding on the emulator: one plan removing every explicit grant and group membership of a
 * person, typed confirmation with their name, per-item results — including a workspace whose group
 * membership is managed in Atlassian Administration (acme-labs), where the v1 write is refused and
 * the other items still apply. Later group changes there are refused before any request.
 */
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {isBbError} from '../source/core/errors.js';
import {demoScenario} from '../source/emulator/scenarios/demo.js';
import {groupHas, repoUserLevel, startChangeBench, type ChangeBench} from './helpers/changes-env.js';

/** The demo, but the admin owns acme-labs (so group writes reach the "managed centrally" refusal). */
function labsOwnedScenario() {
	const scenario = demoScenario();
	const labs = scenario.workspaces.find(ws => ws.slug === 'acme-labs')!;
	labs.members = labs.members.filter(nickname => nickname !== 'amorgan');
	labs.owners.push('amorgan');
	// Owners cannot hold explicit grants.
	for (const project of labs.projects ?? []) delete project.users?.amorgan;
	for (const repository of labs.repositories ?? []) delete repository.users?.amorgan;
	return scenario;
}

describe('offboarding', () => {
	let bench: ChangeBench;
	before(async () => {
		bench = await startChangeBench({emulator: {scenario: labsOwnedScenario()}, workspaces: ['acme', 'acme-labs']});
	});
	after(async () => bench.close());

	test('plans every explicit grant and membership of lilei across workspaces, typed with her name', async () => {
		await bench.markStats();
		const lilei = bench.uuidOf('lilei');
		const plan = await bench.service.offboard(lilei, {dryRun: true});
		assert.equal(plan.kind, 'offboard');
		assert.equal(plan.typedConfirmation, 'lilei');
		const summaries = plan.items.map(item => item.summary).sort();
		assert.deepEqual(summaries, [
			"revoke lilei's explicit ADMIN on acme/api-gateway",
			'remove lilei from group developers in acme',
			'remove lilei from group prototypers in acme-labs',
			'remove lilei from group release-managers in acme',
		].sort());
		assert.ok(plan.notes.some(note => /stays a member of workspace acme\b/.test(note)), plan.notes.join('\n'));
		const result = await bench.service.apply(plan);
		assert.equal(result.outcome, 'dry-run');
		assert.deepEqual(await bench.mutations(), {}, 'a dry run sends nothing');
	});

	test('offboarding a workspace owner spends no requests looking for explicit grants owners cannot have', async () => {
		const before = (await fetch(`${bench.emulator.url}/_emulator/stats`).then(response => response.json())) as {requests: number};
		const plan = await bench.service.offboard(bench.uuidOf('wskinner'), {workspaces: ['acme']});
		const after = (await fetch(`${bench.emulator.url}/_emulator/stats`).then(response => response.json())) as {requests: number};
		assert.equal(after.requests, before.requests, 'no request at all');
		assert.equal(plan.items.length, 0);
		assert.equal(plan.actionable, false);
		assert.ok(plan.notes.some(note => /wskinner stays an owner of workspace acme/.test(note)), plan.notes.join('\n'));
	});

	test('refuses to apply without the typed name', async () => {
		const plan = await bench.service.offboard(bench.uuidOf('lilei'));
		await assert.rejects(bench.service.apply(plan, {typed: 'yes'}), (error: unknown) => isBbError(error) && error.kind === 'cancelled');
	});

	test('applies per item: acme changes verified, the centrally managed acme-labs membership fails honestly', async () => {
		const lilei = bench.uuidOf('lilei');
		await bench.markStats();
		const plan = await bench.service.offboard(lilei);
		const result = await bench.service.apply(plan, {typed: 'lilei'});
		assert.equal(result.outcome, 'partial', result.message);
		const byText = new Map(result.items.map(item => [plan.items[item.index]!.summary, item]));
		assert.equal(byText.get("revoke lilei's explicit ADMIN on acme/api-gateway")?.outcome, 'applied-verified');
		assert.equal(byText.get('remove lilei from group developers in acme')?.outcome, 'applied-verified');
		assert.equal(byText.get('remove lilei from group release-managers in acme')?.outcome, 'applied-verified');
		const labs = byText.get('remove lilei from group prototypers in acme-labs')!;
		assert.equal(labs.outcome, 'failed');
		assert.match(labs.message ?? '', /Atlassian Administration/);
		assert.deepEqual(labs.verified, {type: 'membership', member: true}, 'the re-read shows she is still a member');
		const state = await bench.state();
		assert.equal(repoUserLevel(state, 'acme/api-gateway', 'lilei'), undefined);
		assert.ok(!groupHas(state, 'acme', 'developers', 'lilei'));
		assert.ok(groupHas(state, 'acme-labs', 'prototypers', 'lilei'));
		assert.ok(bench.graph.group('acme-labs', 'prototypers')!.members.includes(lilei), 'the graph keeps the verified membership');
		const journal = (await bench.journal.read()).entries.slice(-4);
		assert.deepEqual(journal.map(entry => entry.outcome).sort(), ['applied-verified', 'applied-verified', 'applied-verified', 'failed']);
		assert.ok(journal.every(entry => entry.operation === 'offboard' && entry.batch === journal[0]!.batch));
	});

	test('after the refusal, group changes in acme-labs are refused before any request', async () => {
		await bench.markStats();
		const before = (await fetch(`${bench.emulator.url}/_emulator/stats`).then(response => response.json())) as {requests: number};
		const plan = await bench.service.groupMembership('acme-labs', 'research', bench.uuidOf('dscully'), true);
		assert.equal(plan.items[0]!.blocked?.kind, 'managed-centrally');
		assert.match(plan.items[0]!.blocked!.message, /Atlassian Administration/);
		const after = (await fetch(`${bench.emulator.url}/_emulator/stats`).then(response => response.json())) as {requests: number};
		assert.equal(after.requests, before.requests);
	});

	test('undo of the offboarding restores each applied item', async () => {
		const undo = await bench.service.planUndo();
		assert.equal(undo.items.length, 3, 'only the applied-verified items are undone');
		assert.ok(undo.typedConfirmation, 'restoring ADMIN is typed');
		const result = await bench.service.apply(undo, {typed: undo.typedConfirmation});
		assert.equal(result.outcome, 'applied-verified', result.message);
		const state = await bench.state();
		assert.equal(repoUserLevel(state, 'acme/api-gateway', 'lilei'), 'admin');
		assert.ok(groupHas(state, 'acme', 'developers', 'lilei'));
		assert.ok(groupHas(state, 'acme', 'release-managers', 'lilei'));
	});
});
