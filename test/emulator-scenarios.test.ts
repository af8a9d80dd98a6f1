/** Emulator scenarios: the demo facts, validation of scenario files, generated sizes and the demo logins. */
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {
	demoScenario,
	generateScenario,
	resolveScenario,
	ScenarioError,
	SIZE_SPECS,
	validateScenario,
	type RunningEmulator,
	type Scenario,
} from '../source/emulator/index.js';
import {api, collectAll, READER_AUTH, startTestEmulator} from './helpers/emulator.js';

type GroupV1 = {slug: string; members: Array<{nickname: string}>};

describe('demo scenario facts (over HTTP)', () => {
	let emu: RunningEmulator;
	before(async () => {
		emu = await startTestEmulator(undefined, {scenario: 'demo'});
	});
	after(() => emu.stop());

	it('has acme (Acme Corp, local) and acme-labs (Acme Labs, central; the admin is a plain member)', async () => {
		const access = await collectAll(emu, '/2.0/user/workspaces');
		assert.deepEqual(access.map(a => [a.workspace.slug, a.administrator]), [['acme', true], ['acme-labs', false]]);
		assert.equal(((await api(emu, '/2.0/workspaces/acme')).json as {name: string}).name, 'Acme Corp');
		assert.equal(((await api(emu, '/2.0/workspaces/acme-labs')).json as {name: string}).name, 'Acme Labs');
		assert.equal((await api(emu, '/2.0/workspaces/acme-labs/permissions')).status, 403);
	});

	it('has about 40 members in acme with non-ASCII names and a shared display name; about 12 in acme-labs', async () => {
		const members = await collectAll(emu, '/2.0/workspaces/acme/members?pagelen=100');
		assert.ok(members.length >= 38 && members.length <= 48, `${members.length} members`);
		const names = members.map(m => m.user.display_name);
		assert.ok(names.filter(n => /[^\x00-\x7F]/.test(n)).length >= 4, 'several non-ASCII names');
		assert.ok(names.some((n, i) => names.indexOf(n) !== i), 'two people share a display name');
		const labs = await collectAll(emu, '/2.0/workspaces/acme-labs/members?pagelen=100');
		assert.ok(labs.length >= 10 && labs.length <= 14, `${labs.length} labs members`);
		const owners = await collectAll(emu, '/2.0/workspaces/acme/permissions?q=' + encodeURIComponent('permission="owner"'));
		assert.ok(owners.some(o => o.user.nickname === 'wskinner' && o.user.display_name === 'Walter Skinner'));
		const reader = await api(emu, '/2.0/user/workspaces/acme/permission', {auth: READER_AUTH});
		assert.equal((reader.json as {permission: string}).permission, 'member');
	});

	it('has the projects, repositories and groups docs rely on', async () => {
		const projects = await collectAll(emu, '/2.0/workspaces/acme/projects');
		assert.deepEqual(projects.map(p => [p.key, p.name]), [['PLAT', 'Platform'], ['MOB', 'Mobile'], ['DATA', 'Data'], ['WEB', 'Website'], ['SBX', 'Sandbox']]);
		const repos = await collectAll(emu, '/2.0/repositories/acme?pagelen=100');
		assert.ok(repos.length >= 25 && repos.length <= 35, `${repos.length} repos`);
		const projectOf = new Map(repos.map(r => [r.slug, r.project.key]));
		for (const [slug, key] of [['api-gateway', 'PLAT'], ['billing-service', 'PLAT'], ['auth-service', 'PLAT'], ['ios-app', 'MOB'], ['android-app', 'MOB'], ['data-pipeline', 'DATA'], ['warehouse-models', 'DATA'], ['marketing-site', 'WEB']] as const) {
			assert.equal(projectOf.get(slug), key, slug);
		}
		assert.ok(![...projectOf.values()].includes('SBX'), 'Sandbox has no repositories');
		assert.equal(repos.find(r => r.slug === 'marketing-site')!.is_private, false);
		const state = (await api(emu, '/_emulator/state', {auth: null})).json as {workspaces: Array<{slug: string; members: unknown[]; repositories: unknown[]}>};
		assert.equal(state.workspaces.find(w => w.slug === 'acme-labs')!.repositories.length, 8);
		const labsRepos = await collectAll(emu, '/2.0/repositories/acme-labs?pagelen=100');
		assert.deepEqual(labsRepos.map(r => r.project.key), ['EXP', 'EXP'], 'the admin, a plain member there, sees only what is granted');
		const groups = (await api(emu, '/1.0/groups/acme')).json as GroupV1[];
		const members = (slug: string) => groups.find(g => g.slug === slug)!.members.map(m => m.nickname);
		assert.deepEqual(groups.map(g => g.slug), ['developers', 'qa', 'contractors', 'release-managers', 'security', 'interns']);
		assert.deepEqual(members('interns'), []);
		assert.ok(members('developers').includes('dscully'));
		assert.ok(members('developers').includes('lilei') && members('release-managers').includes('lilei'));
		assert.ok(members('contractors').includes('fmulder'));
	});

	it('has the grants docs rely on', async () => {
		const level = async (path: string) => ((await api(emu, path)).json as {permission?: string}).permission;
		const uuid = async (nick: string) => (await collectAll(emu, '/2.0/workspaces/acme/members?q=' + encodeURIComponent(`user.nickname="${nick}"`)))[0]!.user.uuid;
		assert.equal(await level('/2.0/workspaces/acme/projects/PLAT/permissions-config/groups/developers'), 'write');
		assert.equal(await level('/2.0/workspaces/acme/projects/PLAT/permissions-config/groups/release-managers'), 'create-repo');
		assert.equal(await level(`/2.0/repositories/acme/api-gateway/permissions-config/users/${encodeURIComponent(await uuid('lilei'))}`), 'admin');
		assert.equal(await level(`/2.0/workspaces/acme/projects/MOB/permissions-config/users/${encodeURIComponent(await uuid('jalvarez'))}`), 'admin');
		assert.equal(await level(`/2.0/repositories/acme/billing-service/permissions-config/users/${encodeURIComponent(await uuid('fmulder'))}`), 'read');
		assert.equal(await level('/2.0/repositories/acme/data-pipeline/permissions-config/groups/contractors'), 'read');
		const names = new Map((await collectAll(emu, '/2.0/workspaces/acme/members?pagelen=100')).map(m => [m.user.nickname, m.user.display_name]));
		assert.equal(names.get('lilei'), '李雷');
		assert.equal(names.get('jalvarez'), 'José Álvarez');
		assert.equal(names.get('dscully'), 'Dana Scully');
		assert.equal(names.get('fmulder'), 'Fox Mulder');
	});
});

describe('scenario validation', () => {
	let dir: string;
	before(async () => {
		dir = await mkdtemp(path.join(os.tmpdir(), 'bbaccess-scenario-'));
	});
	after(() => rm(dir, {recursive: true, force: true}));

	const minimal = (): Scenario => ({
		users: [{nickname: 'ann', displayName: 'Ann'}, {nickname: 'bob', displayName: 'Bob'}],
		workspaces: [{slug: 'tiny', name: 'Tiny', owners: ['ann'], members: ['bob'], groups: [{slug: 'devs', name: 'Devs', members: ['bob']}], projects: [{key: 'P', name: 'P', groups: {devs: 'write'}}], repositories: [{slug: 'r', project: 'P', users: {bob: 'admin'}}]}],
	});

	it('accepts a minimal scenario and adds the demo logins', async () => {
		const scenario = await resolveScenario(minimal());
		const admin = scenario.users.find(u => u.email === 'admin@acme.test')!;
		const reader = scenario.users.find(u => u.email === 'reader@acme.test')!;
		assert.ok(scenario.workspaces[0]!.owners.includes(admin.nickname));
		assert.ok(scenario.workspaces[0]!.members.includes(reader.nickname));
		assert.deepEqual(reader.tokens![0]!.scopes, ['read:user:bitbucket', 'read:workspace:bitbucket', 'read:project:bitbucket', 'read:repository:bitbucket']);
	});

	const broken: Array<[string, (s: Scenario) => void, RegExp]> = [
		['a level', s => (s.workspaces[0]!.repositories![0]!.users = {bob: 'owner' as 'admin'}), /workspaces\[0\]\.repositories\[0\]\.users\.bob: 'owner' is not a valid level/],
		['an owner grant', s => (s.workspaces[0]!.projects![0]!.users = {ann: 'read'}), /projects\[0\]\.users\.ann: 'ann' owns the workspace/],
		['an unknown user', s => s.workspaces[0]!.members.push('zed'), /workspaces\[0\]\.members\[1\]: unknown user 'zed'/],
		['an unknown group', s => (s.workspaces[0]!.projects![0]!.groups = {ops: 'read'}), /projects\[0\]\.groups\.ops: unknown group 'ops'/],
		['an unknown project', s => (s.workspaces[0]!.repositories![0]!.project = 'Q'), /repositories\[0\]\.project: unknown project 'Q'/],
		['a duplicate nickname', s => s.users.push({nickname: 'ann', displayName: 'Ann 2'}), /users\[2\]\.nickname: 'ann' is used twice/],
		['a bad uuid', s => (s.users[0]!.uuid = 'not-a-uuid'), /users\[0\]\.uuid/],
		['a uuid used twice', s => {
			s.workspaces[0]!.uuid = '{11111111-2222-4333-8444-555555555555}';
			s.workspaces[0]!.repositories![0]!.uuid = '{11111111-2222-4333-8444-555555555555}';
		}, /repositories\[0\]\.uuid: '\{11111111-2222-4333-8444-555555555555\}' is used twice/],
		['an unknown field', s => Object.assign(s.workspaces[0]!, {colour: 'red'}), /workspaces\[0\]\.colour: unknown field/],
		['an unknown scope', s => Object.assign(s.users[0]!, {email: 'a@x.test', tokens: [{token: 't', scopes: ['read:everything']}]}), /users\[0\]\.tokens\[0\]\.scopes\[0\]: unknown scope/],
		['a group member outside the workspace', s => s.workspaces[0]!.groups![0]!.members.push('ann', 'ann'), /groups\[0\]\.members\[2\]: 'ann' is listed twice/],
	];
	for (const [what, breakIt, message] of broken) {
		it(`names the bad field for ${what}`, () => {
			const scenario = minimal();
			breakIt(scenario);
			assert.throws(() => validateScenario(scenario), (error: unknown) => error instanceof ScenarioError && message.test(error.message));
		});
	}

	it('loads FILE.json and names the file and field on errors', async () => {
		const good = path.join(dir, 'good.json');
		await writeFile(good, JSON.stringify(minimal()));
		const emu = await startTestEmulator(undefined, {scenario: good});
		try {
			const repos = await collectAll(emu, '/2.0/repositories/tiny');
			assert.deepEqual(repos.map(r => r.slug), ['r']);
		} finally {
			await emu.stop();
		}
		const bad = path.join(dir, 'bad.json');
		const scenario = minimal();
		scenario.workspaces[0]!.projects![0]!.key = 'lower';
		await writeFile(bad, JSON.stringify(scenario));
		await assert.rejects(resolveScenario(bad), (error: unknown) => error instanceof ScenarioError && error.message.includes('bad.json') && error.message.includes('projects[0].key'));
		const notJson = path.join(dir, 'broken.json');
		await writeFile(notJson, '{"users": [');
		await assert.rejects(resolveScenario(notJson), /not valid JSON/);
		await assert.rejects(resolveScenario(path.join(dir, 'missing.json')), /no such file/);
		await assert.rejects(resolveScenario('huge'), /unknown scenario 'huge'/);
	});
});

describe('generated scenarios', () => {
	it('medium has the documented sizes, is valid, deterministic per seed, and includes the demo logins', async () => {
		const a = generateScenario('medium', 5);
		const ws = a.workspaces[0]!;
		const spec = SIZE_SPECS.medium;
		assert.equal(ws.owners.length + ws.members.length, spec.members);
		assert.equal(ws.groups!.length, spec.groups);
		assert.equal(ws.projects!.length, spec.projects);
		assert.equal(ws.repositories!.length, spec.repositories);
		assert.doesNotThrow(() => validateScenario(structuredClone(a)));
		assert.deepEqual(generateScenario('medium', 5), a);
		assert.notDeepEqual(generateScenario('medium', 6), a);
		assert.ok(ws.owners.length >= 1 && ws.owners.length <= 6, '≈1% owners');
		assert.ok(ws.groups!.every(g => g.members.length <= 300));
		assert.ok(ws.groups!.some(g => g.members.length === 0));
		assert.ok(ws.projects!.every(p => Object.keys(p.users ?? {}).length <= 8 && Object.keys(p.groups ?? {}).length <= 4));
		const granted = ws.repositories!.filter(r => r.users).length / spec.repositories;
		assert.ok(granted > 0.2 && granted < 0.4, `${granted} of repositories have grants`);
		const emu = await startTestEmulator(undefined, {scenario: 'medium', seed: 5});
		try {
			const workspaces = await collectAll(emu, '/2.0/user/workspaces');
			assert.deepEqual(workspaces.map(w => [w.workspace.slug, w.administrator]), [['globex', true]]);
			const readerView = await collectAll(emu, '/2.0/user/workspaces', {auth: READER_AUTH});
			assert.deepEqual(readerView.map(w => [w.workspace.slug, w.administrator]), [['globex', false]]);
		} finally {
			await emu.stop();
		}
	});

	it('large and xl have the documented sizes', () => {
		for (const size of ['large', 'xl'] as const) {
			const ws = generateScenario(size, 1).workspaces[0]!;
			const spec = SIZE_SPECS[size];
			assert.deepEqual(
				[ws.owners.length + ws.members.length, ws.groups!.length, ws.projects!.length, ws.repositories!.length],
				[spec.members, spec.groups, spec.projects, spec.repositories],
			);
		}
	});

	it('the demo scenario object validates', () => {
		assert.doesNotThrow(() => validateScenario(demoScenario()));
	});
});
