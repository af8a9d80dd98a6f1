/**
 * The change commands as scripts run them, against the emulator over loopback HTTP with private
 * XDG dirs and credentials from the environment. Most runs call the command module in-process with
 * captured streams (fast); one spawns the real CLI to prove the process boundary (exit code, no stack).
 * Exit codes: 0 applied/no-op, 1 failed, 2 usage, 3 refused. /_emulator/stats proves what was sent.
 */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {after, before, describe, test} from 'node:test';
import type {IO} from '../source/core/changes/cli-flow.js';
import {EXIT, exitCodeFor, isBbError} from '../source/core/errors.js';
import {DEMO_ADMIN, DEMO_READER, startEmulator, type EmulatorStats, type ExportedState, type RunningEmulator} from '../source/emulator/index.js';
import {demoScenario} from '../source/emulator/scenarios/demo.js';
import {groupHas, repoUserLevel} from './helpers/changes-env.js';
import {sink, xdgDirs} from './helpers/run-cli.js';

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

const COMMANDS = {
	grant: () => import('../source/commands/grant.js'),
	revoke: () => import('../source/commands/revoke.js'),
	group: () => import('../source/commands/group.js'),
	offboard: () => import('../source/commands/offboard.js'),
	journal: () => import('../source/commands/journal.js'),
};

/** The demo plus a second "Dana Scully" (same display name, other nickname) to make names ambiguous. */
function scenarioWithTwin() {
	const scenario = demoScenario();
	const original = scenario.users.find(user => user.nickname === 'dscully')!;
	scenario.users.push({nickname: 'dscully2', displayName: original.displayName});
	scenario.workspaces.find(ws => ws.slug === 'acme')!.members.push('dscully2');
	return scenario;
}

describe('change commands (CLI)', () => {
	let emulator: RunningEmulator;
	let root: string;

	function env(login: {email: string; token: string}): NodeJS.ProcessEnv {
		return {
			BITBUCKET_EMAIL: login.email,
			BITBUCKET_API_TOKEN: login.token,
			BBACCESS_API_URL: emulator.url,
			...xdgDirs(root),
		};
	}

	/** Run a command module in-process; `answer` is typed at the prompt of a simulated terminal. */
	async function cli(args: string[], options: {login?: {email: string; token: string}; answer?: string} = {}): Promise<Run> {
		const [name, ...rest] = args as [keyof typeof COMMANDS, ...string[]];
		const stdout = sink();
		const stderr = sink();
		const stdin = new PassThrough();
		if (options.answer !== undefined) stdin.end(`${options.answer}\n`);
		else stdin.end();
		const io: IO = {stdout: stdout.stream, stderr: stderr.stream, stdin, isTTY: options.answer !== undefined, env: env(options.login ?? DEMO_ADMIN)};
		let code: number;
		try {
			code = await (await COMMANDS[name]()).run(rest, io);
		} catch (error) {
			if (!isBbError(error)) throw error;
			stderr.stream.write(`bbaccess: ${error.describe()}\n`);
			code = exitCodeFor(error);
		}
		return {code, stdout: stdout.text(), stderr: stderr.text()};
	}

	async function mutations(): Promise<number> {
		const stats = (await fetch(`${emulator.url}/_emulator/stats`).then(response => response.json())) as EmulatorStats;
		return (stats.byMethod.PUT ?? 0) + (stats.byMethod.DELETE ?? 0) + (stats.byMethod.POST ?? 0);
	}

	async function state(): Promise<ExportedState> {
		return (await fetch(`${emulator.url}/_emulator/state`).then(response => response.json())) as ExportedState;
	}

	before(async () => {
		emulator = await startEmulator({scenario: scenarioWithTwin()});
		root = await mkdtemp(path.join(os.tmpdir(), 'bbaccess-changes-cli-'));
	});
	after(async () => {
		await emulator.stop();
		await rm(root, {recursive: true, force: true});
	});

	const revoke = ['revoke', '--workspace', 'acme', '--repo', 'api-gateway', '--user', 'lilei'];

	test('the real process without a terminal and without --yes: plan shown, refused with exit 3, nothing sent', async () => {
		const run = await new Promise<Run>((resolve, reject) => {
			const child = spawn(process.execPath, ['--import', 'tsx', 'source/cli.tsx', ...revoke], {stdio: ['pipe', 'pipe', 'pipe'], env: {...process.env, ...env(DEMO_ADMIN)}});
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', chunk => (stdout += String(chunk)));
			child.stderr.on('data', chunk => (stderr += String(chunk)));
			child.stdin.end();
			child.on('error', reject);
			child.on('close', code => resolve({code, stdout, stderr}));
		});
		assert.equal(run.code, EXIT.refused, run.stderr);
		assert.match(run.stdout, /explicit entry: ADMIN → NONE/);
		assert.match(run.stdout, /effective: lilei ADMIN → WRITE on api-gateway/);
		assert.match(run.stdout, /! lilei keeps WRITE on api-gateway via group developers on project PLAT/);
		assert.match(run.stderr, /refusing to change access without confirmation: not an interactive terminal/);
		assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
		assert.equal(await mutations(), 0);
	});

	test('dry-run, --read-only, the reader token, a wrong typed confirmation and bad flags send nothing', async () => {
		const [dry, readOnly, reader, wrongTyped, declined, usage] = await Promise.all([
			cli([...revoke, '--dry-run']),
			cli([...revoke, '--yes', '--read-only']),
			cli(['group', 'add', '--workspace', 'acme', '--group', 'developers', '--user', 'fmulder', '--yes'], {login: DEMO_READER}),
			cli(revoke, {answer: 'api-gateway'}),
			cli(['grant', '--workspace', 'acme', '--repo', 'billing-service', '--user', 'dscully', '--level', 'write'], {answer: ''}),
			cli(['grant', '--workspace', 'acme', '--repo', 'api-gateway', '--user', 'dscully', '--level', 'owner']),
		]);
		assert.equal(dry.code, EXIT.ok, dry.stderr);
		assert.match(dry.stdout, /Dry run: would revoke lilei's explicit ADMIN on acme\/api-gateway/);
		assert.equal(readOnly.code, EXIT.refused);
		assert.match(readOnly.stderr, /changes are disabled \(read-only: --read-only\)/);
		assert.equal(reader.code, EXIT.refused, reader.stdout + reader.stderr);
		assert.match(reader.stderr, /changes are disabled \(read-only: token lacks admin:workspace:bitbucket\)/);
		assert.equal(wrongTyped.code, EXIT.refused);
		assert.match(wrongTyped.stderr, /Type 'acme\/api-gateway' to confirm \(removes ADMIN\)/);
		assert.match(wrongTyped.stderr, /cancelled: nothing was sent/);
		assert.equal(declined.code, EXIT.refused, 'the default answer is No');
		assert.match(declined.stderr, /Apply this change\? \[y\/N\]/);
		assert.equal(usage.code, EXIT.usage);
		assert.match(usage.stderr, /--level for a repository is one of read, write, admin, got 'owner'/);
		assert.equal(await mutations(), 0, 'no PUT or DELETE reached the emulator');
		assert.equal(repoUserLevel(await state(), 'acme/api-gateway', 'lilei'), 'admin');
	});

	test('an ambiguous display name is an error listing the candidates with their uuids', async () => {
		const run = await cli(['grant', '--workspace', 'acme', '--repo', 'billing-service', '--user', 'Dana Scully', '--level', 'read', '--yes']);
		assert.equal(run.code, EXIT.usage, run.stderr);
		assert.match(run.stderr, /'Dana Scully' matches 2 people; pass --user with one of their uuids:/);
		assert.match(run.stderr, /\(dscully\) \{[0-9a-f-]+\}/);
		assert.match(run.stderr, /\(dscully2\) \{[0-9a-f-]+\}/);
	});

	test('typing the resource name in a terminal applies and verifies', async () => {
		const run = await cli(['grant', '--workspace', 'acme', '--repo', 'billing-service', '--user', 'dscully', '--level', 'admin'], {answer: 'acme/billing-service'});
		assert.equal(run.code, EXIT.ok, run.stderr);
		assert.match(run.stdout, /Done: grant ADMIN to dscully on acme\/billing-service; Bitbucket now shows ADMIN/);
		assert.equal(repoUserLevel(await state(), 'acme/billing-service', 'dscully'), 'admin');
	});

	test('--yes --json applies, verifies and prints one JSON document; the journal command lists it', async () => {
		const run = await cli([...revoke, '--yes', '--json']);
		assert.equal(run.code, EXIT.ok, run.stderr);
		assert.match(run.stderr, /Confirmed by --yes in place of typing 'acme\/api-gateway' \(removes ADMIN\)/, 'one wording: --yes says it stands in for typing (issue 13)');
		assert.doesNotMatch(run.stderr, /Typed confirmation required/);
		const output = JSON.parse(run.stdout) as {outcome: string; plan: {items: {mutation: {method: string}}[]}; result: {items: {outcome: string}[]}};
		assert.equal(output.outcome, 'applied-verified');
		assert.equal(output.plan.items[0]!.mutation.method, 'DELETE');
		assert.equal(output.result.items[0]!.outcome, 'applied-verified');
		assert.equal(repoUserLevel(await state(), 'acme/api-gateway', 'lilei'), undefined);
		const again = await cli(revoke);
		assert.equal(again.code, EXIT.ok, 'a no-op exits 0 even without a terminal');
		assert.match(again.stdout, /Nothing to do: lilei has no explicit permission on acme\/api-gateway/);
		const [text, json] = await Promise.all([cli(['journal']), cli(['journal', '--json', '--limit', '1'])]);
		assert.equal(text.code, EXIT.ok);
		assert.match(text.stdout, /applied-verified +revoke lilei's explicit ADMIN on acme\/api-gateway \(ADMIN → NONE\) by admin@acme\.test \[DELETE /);
		assert.match(text.stdout, /dry-run +revoke lilei's explicit ADMIN/);
		const entries = JSON.parse(json.stdout) as {outcome: string}[];
		assert.equal(entries.length, 1);
		assert.equal(entries[0]!.outcome, 'no-op');
		assert.doesNotMatch(text.stdout + json.stdout, /demo-admin-token/);
	});

	test('group add and remove by nickname; offboard refuses without the typed name', async () => {
		const add = await cli(['group', 'add', '--workspace', 'acme', '--group', 'interns', '--user', 'fmulder', '--yes']);
		assert.equal(add.code, EXIT.ok, add.stderr);
		assert.match(add.stdout, /Done: add fmulder to group interns in acme; Bitbucket now shows member/);
		assert.ok(groupHas(await state(), 'acme', 'interns', 'fmulder'));
		const [remove, missing, offboard] = await Promise.all([
			cli(['group', 'remove', '--workspace', 'acme', '--group', 'interns', '--user', 'fmulder', '--yes']),
			cli(['group', 'add', '--workspace', 'acme', '--user', 'fmulder']),
			cli(['offboard', '--user', 'fmulder', '--workspace', 'acme'], {answer: 'yes'}),
		]);
		assert.equal(remove.code, EXIT.ok, remove.stderr);
		assert.ok(!groupHas(await state(), 'acme', 'interns', 'fmulder'));
		assert.equal(missing.code, EXIT.usage);
		assert.match(missing.stderr, /--group is required/);
		assert.equal(offboard.code, EXIT.refused);
		assert.match(offboard.stdout, /Offboard Fox Mulder \(fmulder\)/);
		assert.match(offboard.stderr, /Type 'fmulder' to confirm/);
	});
});
