/**
 * Offboarding by e-mail against the emulator over loopback: the members endpoint's documented e-mail
 * rules (admins only, ≤ 90 addresses, emails only when asked with fields=+values.user.email), then
 * `offboard --email … --report` on the demo: dscully's grants and memberships go, and the report's
 * residual section is exactly what the emulator's effective listing shows afterwards.
 */
import assert from 'node:assert/strict';
import {existsSync, readFileSync} from 'node:fs';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {after, before, describe, test} from 'node:test';
import type {IO} from '../source/core/changes/cli-flow.js';
import {EXIT, exitCodeFor, isBbError} from '../source/core/errors.js';
import {DEMO_ADMIN, DEMO_READER, startEmulator, type ExportedState, type RunningEmulator} from '../source/emulator/index.js';
import {groupHas, workspaceIn} from './helpers/changes-env.js';
import {sink} from './helpers/run-cli.js';
import {basicAuth} from './helpers/emulator.js';

const SPEC = path.join(process.cwd(), '..', 'shared', 'reference', 'bitbucket-cloud-openapi.json');

describe('offboarding by e-mail', () => {
	let emulator: RunningEmulator;
	let root: string;
	const auth = (login: {email: string; token: string}) => ({authorization: basicAuth(login.email, login.token)});
	const members = (q: string, login: {email: string; token: string} = DEMO_ADMIN, extra = '') => fetch(`${emulator.url}/2.0/workspaces/acme/members?q=${encodeURIComponent(q)}${extra}`, {headers: auth(login)});

	before(async () => {
		emulator = await startEmulator({scenario: 'demo'});
		root = await mkdtemp(path.join(os.tmpdir(), 'bbaccess-offboard-email-'));
	});
	after(async () => {
		await emulator.stop();
		await rm(root, {recursive: true, force: true});
	});

	test('emulator fidelity: members?q=user.email IN (…) follows the documented rules', async t => {
		if (existsSync(SPEC)) {
			const spec = JSON.parse(readFileSync(SPEC, 'utf8')) as {paths: Record<string, {get: {description: string; responses: Record<string, {description: string}>}}>};
			const get = spec.paths['/workspaces/{workspace}/members']!.get;
			assert.match(get.description, /up to 90 addresses/);
			assert.match(get.description, /workspace administrator/);
			assert.match(get.responses['400']!.description, /more than 90 emails/);
		} else {
			t.diagnostic(`skipping the OpenAPI cross-check: ${SPEC} is absent`);
		}
		const found = (await (await members('user.email IN ("dscully@acme.test","nobody@acme.test")')).json()) as {values: Array<{user: {nickname: string; email?: string}}>};
		assert.deepEqual(found.values.map(value => value.user.nickname), ['dscully']);
		assert.equal(found.values[0]!.user.email, undefined, 'emails only with fields=+values.user.email');
		const withEmail = (await (await members('user.email IN ("dscully@acme.test")', DEMO_ADMIN, '&fields=%2Bvalues.user.email')).json()) as {values: Array<{user: {email?: string}}>};
		assert.equal(withEmail.values[0]!.user.email, 'dscully@acme.test');
		const plain = (await (await fetch(`${emulator.url}/2.0/workspaces/acme/members?fields=%2Bvalues.user.email`, {headers: auth(DEMO_ADMIN)})).json()) as {values: Array<{user: {email?: string}}>};
		assert.ok(plain.values.every(value => value.user.email === undefined), 'no e-mail filter, no e-mails');
		assert.equal((await members('user.email IN ("dscully@acme.test")', DEMO_READER)).status, 403, 'workspace administrators only');
		const many = Array.from({length: 91}, (_, i) => `"p${i}@acme.test"`).join(',');
		assert.equal((await members(`user.email IN (${many})`)).status, 400, 'more than 90 addresses');
		const ninety = Array.from({length: 90}, (_, i) => `"p${i}@acme.test"`).join(',');
		assert.equal((await members(`user.email IN (${ninety})`)).status, 200);
	});

	test('offboard --email removes dscully\'s grants and memberships; the report\'s residual section matches the emulator', async () => {
		const report = path.join(root, 'ticket.md');
		const stdout = sink();
		const stderr = sink();
		const stdin = new PassThrough();
		stdin.end();
		const env = {BITBUCKET_EMAIL: DEMO_ADMIN.email, BITBUCKET_API_TOKEN: DEMO_ADMIN.token, BBACCESS_API_URL: emulator.url, XDG_CONFIG_HOME: path.join(root, 'config'), XDG_CACHE_HOME: path.join(root, 'cache'), XDG_STATE_HOME: path.join(root, 'state')};
		const io: IO = {stdout: stdout.stream, stderr: stderr.stream, stdin, isTTY: false, env};
		let code: number;
		try {
			code = await (await import('../source/commands/offboard.js')).run(['--email', 'DScully@acme.test', '--report', report, '--yes'], io);
		} catch (error) {
			if (!isBbError(error)) throw error;
			code = exitCodeFor(error);
			stderr.stream.write(error.describe());
		}
		const state = (await (await fetch(`${emulator.url}/_emulator/state`)).json()) as ExportedState;
		const acme = workspaceIn(state, 'acme');
		assert.equal(groupHas(state, 'acme', 'developers', 'dscully'), false, 'removed from developers');
		for (const repo of acme.repositories) assert.ok(!repo.users.some(user => user.nickname === 'dscully'), `no explicit grant left on ${repo.fullName}`);
		for (const project of acme.projects) assert.ok(!project.users.some(user => user.nickname === 'dscully'), `no explicit grant left on ${project.key}`);
		assert.ok([EXIT.ok, EXIT.failed].includes(code as 0 | 1), stdout.text() + stderr.text());
		assert.match(stdout.text(), /Offboard Dana Scully/);
		const text = await readFile(report, 'utf8');
		assert.match(text, /### Removed\n\n- remove dscully from group developers/i);
		assert.match(text, /acme-labs: not looked up — this account does not administer it/);
		assert.match(text, /Bitbucket has no API to remove a member from a workspace/);
		assert.match(text, /access tokens and deploy keys are not listed by any permission API/);
		// The residual section = the emulator's effective listing for dscully in acme, re-read now.
		const uuid = acme.members.find(member => member.nickname === 'dscully')?.uuid;
		const listing = (await (
			await fetch(`${emulator.url}/2.0/workspaces/acme/permissions/repositories?pagelen=100&q=${encodeURIComponent(`user.uuid="${uuid ?? ''}"`)}`, {headers: auth(DEMO_ADMIN)})
		).json()) as {values: Array<{permission: string; repository: {full_name: string}}>};
		const section = text.split('### Residual access (re-read from Bitbucket after the change)\n\n')[1]!.split('\n\n')[0]!;
		const expected = listing.values.map(value => `${value.repository.full_name}: ${value.permission.toUpperCase()}`).sort();
		const reported = section.split('\n').filter(line => line.startsWith('- ') && line !== '- no residual access').map(line => line.slice(2).split(' — ')[0]!).sort();
		assert.deepEqual(reported, expected);
		if (expected.length === 0) assert.match(section, /no residual access/);
	});
});
