/**
 * `bbaccess apply FILE` against the emulator over loopback: a bad line is refused before any request,
 * --dry-run journals and sends nothing, applying applies and verifies, applying again sends nothing.
 */
import assert from 'node:assert/strict';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {after, before, describe, test} from 'node:test';
import {parseChangeFile} from '../source/core/changes/batch/index.js';
import type {IO} from '../source/core/changes/cli-flow.js';
import {EXIT, exitCodeFor, isBbError} from '../source/core/errors.js';
import {DEMO_ADMIN, startEmulator, type EmulatorStats, type ExportedState, type RunningEmulator} from '../source/emulator/index.js';
import {groupHas, projectUserLevel, repoGroupLevel, repoUserLevel} from './helpers/changes-env.js';
import {sink} from './helpers/run-cli.js';

describe('bbaccess apply FILE', () => {
	let emulator: RunningEmulator;
	let root: string;
	const example = path.join(process.cwd(), 'docs/examples/changes.csv');

	async function apply(args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
		const stdout = sink();
		const stderr = sink();
		const stdin = new PassThrough();
		stdin.end();
		const env = {BITBUCKET_EMAIL: DEMO_ADMIN.email, BITBUCKET_API_TOKEN: DEMO_ADMIN.token, BBACCESS_API_URL: emulator.url, XDG_CONFIG_HOME: path.join(root, 'config'), XDG_CACHE_HOME: path.join(root, 'cache'), XDG_STATE_HOME: path.join(root, 'state')};
		const io: IO = {stdout: stdout.stream, stderr: stderr.stream, stdin, isTTY: false, env};
		let code: number;
		try {
			code = await (await import('../source/commands/apply.js')).run(args, io);
		} catch (error) {
			if (!isBbError(error)) throw error;
			stderr.stream.write(`bbaccess: ${error.describe()}\n`);
			code = exitCodeFor(error);
		}
		return {code, stdout: stdout.text(), stderr: stderr.text()};
	}
	const stats = async () => (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as EmulatorStats;
	const state = async () => (await (await fetch(`${emulator.url}/_emulator/state`)).json()) as ExportedState;
	const mutations = async () => {
		const s = await stats();
		return (s.byMethod.PUT ?? 0) + (s.byMethod.DELETE ?? 0) + (s.byMethod.POST ?? 0);
	};

	before(async () => {
		emulator = await startEmulator({scenario: 'demo'});
		root = await mkdtemp(path.join(os.tmpdir(), 'bbaccess-apply-'));
	});
	after(async () => {
		await emulator.stop();
		await rm(root, {recursive: true, force: true});
	});

	test('bad lines are refused with the line number before any request', async () => {
		const cases: Array<[string, RegExp]> = [
			['workspace,target,principal,level,colour\nacme,web-app,user:fmulder,write,red\n', /:1: unknown column 'colour'/],
			['workspace,target,principal,level\nacme,web-app,user:fmulder,write\nacme,web-app,user:ebrown,superuser\n', /:3: level 'superuser' is not one of/],
			['workspace,target,principal,level\n# comment\nacme,web-app,fmulder,write\n', /:3: principal 'fmulder' must be user:NAME or group:SLUG/],
			['{"workspace":"acme","target":"web-app","principal":"user:fmulder","level":"write","extra":"x"}\n', /:1: unknown field 'extra'/],
			['workspace,target,principal,level\nacme,group:qa,user:ebrown,write\n', /:2: a group membership line takes member or not-member/],
		];
		for (const [index, [text, message]] of cases.entries()) {
			const file = path.join(root, `bad-${index}.csv`);
			await writeFile(file, text);
			const run = await apply([file, '--yes']);
			assert.equal(run.code, EXIT.usage, run.stderr);
			assert.match(run.stderr, message);
		}
		assert.equal((await stats()).requests, 0, 'not a single request reached the emulator');
	});

	test('names are resolved like the CLI: ambiguity names the candidates, with the line number', async () => {
		const file = path.join(root, 'ambiguous.csv');
		await writeFile(file, 'workspace,target,principal,level\nacme,web-app,user:John Smith,read\n');
		const run = await apply([file, '--yes']);
		assert.equal(run.code, EXIT.usage);
		assert.match(run.stderr, /ambiguous\.csv:2: 'John Smith' matches 2 people/);
		assert.match(run.stderr, /jsmith-ops/);
		assert.equal(await mutations(), 0);
	});

	test('dry run journals the plan and sends nothing; --yes applies; the same file again sends nothing', async () => {
		assert.equal(parseChangeFile(example, await readFile(example, 'utf8')).length, 6, 'the documented example parses');
		const dry = await apply([example, '--dry-run']);
		assert.equal(dry.code, EXIT.ok, dry.stderr);
		assert.match(dry.stdout, /PUT \/2\.0\/repositories\/acme\/web-app\/permissions-config\/users\//);
		assert.match(dry.stdout, /Cost: sends nothing/);
		assert.equal(await mutations(), 0);
		const journal = await readFile(path.join(root, 'state', 'bbaccess', 'journal.jsonl'), 'utf8');
		assert.equal(journal.trim().split('\n').filter(line => line.includes('"dry-run"')).length, 6);

		const refused = await apply([example]);
		assert.equal(refused.code, EXIT.refused, 'no terminal, no --yes');
		assert.equal(await mutations(), 0);

		const first = await apply([example, '--yes']);
		assert.equal(first.code, EXIT.ok, first.stdout + first.stderr);
		assert.match(first.stdout, /6 applied and verified/);
		assert.match(first.stdout, /Confirmed by --yes in place of typing 'yes' \(/, 'one wording: --yes says it stands in for typing (issue 13 item 20)');
		assert.doesNotMatch(first.stdout + first.stderr, /Typed confirmation required/);
		const s = await state();
		assert.equal(repoUserLevel(s, 'acme/web-app', 'fmulder'), 'write');
		assert.equal(repoGroupLevel(s, 'acme/billing-service', 'qa'), 'read');
		assert.equal(projectUserLevel(s, 'acme', 'MOB', 'ebrown'), 'read');
		assert.equal(repoUserLevel(s, 'acme/api-gateway', 'lilei'), undefined);
		assert.equal(groupHas(s, 'acme', 'security', 'ebrown'), true);
		assert.equal(groupHas(s, 'acme', 'contractors', 'klang'), false);
		const sent = await mutations();
		assert.equal(sent, 6);

		const second = await apply([example, '--yes']);
		assert.equal(second.code, EXIT.ok, second.stderr);
		assert.match(second.stdout, /Nothing will be sent/);
		assert.equal(await mutations(), sent, 'applying the same file twice sends nothing the second time');
	});
});
