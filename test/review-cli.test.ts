/**
 * The review commands on real syncs of the emulator over loopback: sync (the real CLI process),
 * a change made through the REST API, sync again; then snapshots, diff, audit (with a policy and
 * --fail-on), audit --fix through the change pipeline, and the report.
 */
import assert from 'node:assert/strict';
import {mkdtemp, readFile, readdir, rm, stat, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {after, before, describe, test} from 'node:test';
import type {IO} from '../source/core/changes/cli-flow.js';
import {exitCodeFor, isBbError} from '../source/core/errors.js';
import {DEMO_ADMIN, startEmulator, type ExportedState, type RunningEmulator} from '../source/emulator/index.js';
import {runCli, sink, xdgDirs} from './helpers/run-cli.js';
import {putRepositoryUser} from './helpers/emulator.js';

const MODULES = {
	snapshots: () => import('../source/commands/snapshots.js'),
	diff: () => import('../source/commands/diff.js'),
	audit: () => import('../source/commands/audit.js'),
	report: () => import('../source/commands/report.js'),
};

describe('review commands on two syncs of the emulator', () => {
	let emulator: RunningEmulator;
	let root: string;
	let env: NodeJS.ProcessEnv;
	let dscully: string;

	async function cli(args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
		const [name, ...rest] = args as [keyof typeof MODULES, ...string[]];
		const stdout = sink();
		const stderr = sink();
		const stdin = new PassThrough();
		stdin.end();
		const io: IO = {stdout: stdout.stream, stderr: stderr.stream, stdin, isTTY: false, env};
		let code: number;
		try {
			code = await (await MODULES[name]()).run(rest, io);
		} catch (error) {
			if (!isBbError(error)) throw error;
			stderr.stream.write(`bbaccess: ${error.describe()}\n`);
			code = exitCodeFor(error);
		}
		return {code, stdout: stdout.text(), stderr: stderr.text()};
	}

	before(async () => {
		emulator = await startEmulator({scenario: 'demo'});
		root = await mkdtemp(path.join(os.tmpdir(), 'bbaccess-review-cli-'));
		env = {
			...process.env,
			BITBUCKET_EMAIL: DEMO_ADMIN.email,
			BITBUCKET_API_TOKEN: DEMO_ADMIN.token,
			BBACCESS_API_URL: emulator.url,
			...xdgDirs(root),
		};
		const first = await runCli(['sync', '--deep', '--workspace', 'acme'], {env});
		assert.equal(first.status, 0, first.stderr);
		const state = (await fetch(`${emulator.url}/_emulator/state`).then(response => response.json())) as ExportedState;
		dscully = state.users.find(user => user.nickname === 'dscully')!.uuid;
		// A change made outside bbaccess, through the REST API.
		await putRepositoryUser(emulator, 'acme/billing-service', dscully, 'admin');
		const second = await runCli(['sync', '--deep', '--workspace', 'acme'], {env});
		assert.equal(second.status, 0, second.stderr);
	});
	after(async () => {
		await emulator.stop();
		await rm(root, {recursive: true, force: true});
	});

	test('every sync keeps a gzip snapshot, 0600 in a 0700 folder; `snapshots` lists them', async () => {
		const dir = path.join(root, 'cache', 'bbaccess', 'history');
		assert.equal((await stat(dir)).mode & 0o777, 0o700);
		const files = (await readdir(dir)).filter(name => name.endsWith('.json.gz'));
		assert.equal(files.length, 2);
		for (const name of files) {
			assert.equal((await stat(path.join(dir, name))).mode & 0o777, 0o600);
			assert.deepEqual([...(await readFile(path.join(dir, name))).subarray(0, 2)], [0x1f, 0x8b], 'gzip magic');
		}
		const listed = await cli(['snapshots']);
		assert.equal(listed.code, 0, listed.stderr);
		assert.match(listed.stdout, /^ID\s+SYNCED\s+ACCOUNT\s+WORKSPACES\s+COMPLETENESS\s+SIZE/);
		assert.match(listed.stdout, /admin@acme\.test\s+acme\s+complete \(/);
		assert.match(listed.stdout, /2 snapshots in /);
	});

	test('diff shows exactly the change made through the API, effective and explicit', async () => {
		const run = await cli(['diff', '--format', 'json']);
		assert.equal(run.code, 0, run.stderr);
		const report = JSON.parse(run.stdout) as {access: {kind: string; targetName: string; user: string; before: string; after: string; whyAfter: string}[]; state: {kind: string; text: string}[]; notComparable: unknown[]};
		assert.deepEqual(
			report.access.map(change => [change.kind, change.targetName, change.user, change.before, change.after, change.whyAfter]),
			[['raised', 'acme/billing-service', dscully, 'write', 'admin', 'repository grant; via group developers on project PLAT']],
		);
		assert.deepEqual(report.state.map(change => [change.kind, change.text]), [['grant-added', 'grant added: Dana Scully (dscully) gets ADMIN on acme/billing-service']]);
		assert.deepEqual(report.notComparable, []);
		const text = await cli(['diff', '--since', '1d', '--workspace', 'acme']);
		assert.match(text.stdout, /↑ Dana Scully \(dscully\) on acme\/billing-service: WRITE → ADMIN/);
		const chosen = await cli(['diff', '--from', 'latest~1', '--to', 'latest', '--format', 'json']);
		assert.equal(chosen.code, 0, chosen.stderr);
		assert.deepEqual(JSON.parse(chosen.stdout), report, '--from/--to name the same pair');
		const reversed = JSON.parse((await cli(['diff', '--from', 'latest', '--to', 'latest~1', '--format', 'json'])).stdout) as typeof report;
		assert.deepEqual(reversed.access.map(change => [change.kind, change.before, change.after]), [['lowered', 'admin', 'write']], 'the other way round: lowered');
		assert.equal((await cli(['diff', '--to', 'latest'])).code, 2, '--to needs --from');
		assert.equal((await cli(['diff', '--workspace', 'nowhere'])).code, 2);
		const csv = await cli(['diff', '--format', 'csv']);
		assert.match(csv.stdout, /^section,kind,workspace,target,person/);
		assert.equal((await cli(['diff', '--since', 'soon'])).code, 2);
	});

	test('audit finds the new admin; --fail-on and a policy decide the exit code; a bad policy is refused with line and column', async () => {
		const plain = await cli(['audit', '--fail-on', 'high']);
		assert.equal(plain.code, 0, plain.stderr);
		assert.match(plain.stdout, /MEDIUM\s+admin-outside-owners\s+Dana Scully \(dscully\) is ADMIN on acme\/billing-service but not an owner of acme/);
		assert.match(plain.stdout, /INFO\s+blind-spot\s+repository, project and workspace access tokens and deploy keys of acme never appear/);
		const policy = path.join(root, 'policy.json');
		await writeFile(policy, JSON.stringify({rules: [{rule: 'max-admins', max: 1, severity: 'high'}]}));
		const strict = await cli(['audit', '--policy', policy, '--fail-on', 'high', '--format', 'json']);
		assert.equal(strict.code, 6, strict.stderr);
		const ids = (JSON.parse(strict.stdout) as {id: string}[]).map(finding => finding.id);
		assert.ok(ids.includes('policy:max-admins:acme/billing-service'), ids.join('\n'));
		const yaml = path.join(root, 'policy.yaml');
		await writeFile(yaml, 'rules:\n  - rule: max-admins\n    max: 1\n    severity: high\n');
		const fromYaml = await cli(['audit', '--policy', yaml, '--fail-on', 'high', '--format', 'json']);
		assert.equal(fromYaml.code, 6, fromYaml.stderr);
		assert.ok((JSON.parse(fromYaml.stdout) as {id: string}[]).some(finding => finding.id === 'policy:max-admins:acme/billing-service'), 'the YAML policy applies');
		await writeFile(yaml, 'rules:\n  - rule: max-admins\n    max: lots\n');
		const badYaml = await cli(['audit', '--policy', yaml]);
		assert.equal(badYaml.code, 2);
		assert.match(badYaml.stderr, /policy .*policy\.yaml:3:10: "max" must be a whole number ≥ 0; got "lots"/);
		await writeFile(policy, '{"rules": [\n  {"rule": "max-level", "group": "contractors", "level": "OWNER"}\n]}');
		const bad = await cli(['audit', '--policy', policy]);
		assert.equal(bad.code, 2);
		assert.match(bad.stderr, /policy .*policy\.json:2:58: "level" must be READ, WRITE, CREATE-REPO or ADMIN; got "OWNER"/);
	});

	test('audit --fix plans the proposed fix through the change pipeline: applied, verified, journaled', async () => {
		const id = `admin-outside-owners:acme/billing-service:u:${dscully}`;
		const run = await cli(['audit', '--fix', id, '--yes']);
		assert.equal(run.code, 0, run.stderr);
		assert.match(run.stdout, /WRITE/);
		const state = (await fetch(`${emulator.url}/_emulator/state`).then(response => response.json())) as ExportedState;
		const repo = state.workspaces.find(ws => ws.slug === 'acme')!.repositories.find(item => item.slug === 'billing-service')!;
		assert.equal(repo.users.find(user => user.uuid === dscully)?.level, 'write');
		const journal = await readFile(path.join(root, 'state', 'bbaccess', 'journal.jsonl'), 'utf8');
		assert.match(journal, /"outcome":"applied-verified"/);
		const again = await cli(['audit', '--fix', id, '--yes']);
		assert.equal(again.code, 2, 'the finding is gone once fixed');
	});

	test('report: scope, SHA-256, findings, drift and the journal, in Markdown and HTML', async () => {
		const md = path.join(root, 'review.md');
		const run = await cli(['report', '--out', md]);
		assert.equal(run.code, 0, run.stderr);
		const text = await readFile(md, 'utf8');
		assert.match(text, /\| SHA-256 of the snapshot \| `[0-9a-f]{64}` \|/);
		assert.match(text, /## Findings \(\d+\)/);
		assert.match(text, /## Drift/);
		assert.match(text, /## Changes made in this period \(1\)/);
		assert.match(text, /applied-verified \(verified: WRITE\)/);
		const html = path.join(root, 'review.html');
		const htmlRun = await cli(['report', '--out', html, '--project', 'PLAT']);
		assert.equal(htmlRun.code, 0, htmlRun.stderr);
		const page = await readFile(html, 'utf8');
		assert.match(page, /<table class="heat">/);
		assert.doesNotMatch(page, /<script|https?:\/\/(?!127\.0\.0\.1)[a-z]/i, 'no script and no external address');
	});
	test('report: the drift and the journal start at the previous review, not merely the previous sync', async () => {
		// The reports above were reviews of the latest snapshot; now two more syncs, each after a REST change.
		const state = (await fetch(`${emulator.url}/_emulator/state`).then(response => response.json())) as ExportedState;
		const lilei = state.users.find(user => user.nickname === 'lilei')!.uuid;
		await putRepositoryUser(emulator, 'acme/billing-service', lilei, 'write');
		assert.equal((await runCli(['sync', '--deep', '--workspace', 'acme'], {env})).status, 0);
		await putRepositoryUser(emulator, 'acme/billing-service', lilei, 'admin');
		assert.equal((await runCli(['sync', '--deep', '--workspace', 'acme'], {env})).status, 0);
		const lastSync = await cli(['diff', '--format', 'json']);
		assert.deepEqual((JSON.parse(lastSync.stdout) as {state: {text: string}[]}).state.map(change => change.text), ['grant changed: 李雷 (lilei) on acme/billing-service: WRITE → ADMIN'], 'the previous sync saw the WRITE');
		const md = path.join(root, 'review-2.md');
		const run = await cli(['report', '--out', md]);
		assert.equal(run.code, 0, run.stderr);
		const text = await readFile(md, 'utf8');
		assert.match(text, /since the previous review \(20\d\d-/);
		assert.match(text, /grant added: 李雷 \(lilei\) gets ADMIN on acme\/billing-service/, 'compared with the reviewed snapshot, before both changes');
		assert.doesNotMatch(text, /grant changed: 李雷/, 'not the previous sync, which saw the WRITE grant');
		assert.match(text, /## Changes made in this period \(0\)/, 'the fix journaled before the previous review is not in this period');
		// A chosen snapshot instead: --from.
		const oldest = (JSON.parse((await cli(['snapshots', '--json'])).stdout) as {id: string}[])[0]!.id;
		const chosen = path.join(root, 'review-chosen.md');
		assert.equal((await cli(['report', '--out', chosen, '--from', oldest])).code, 0);
		const chosenText = await readFile(chosen, 'utf8');
		assert.match(chosenText, new RegExp(`From snapshot ${oldest} \\(synced`));
		assert.doesNotMatch(chosenText, /since the previous review/);
		assert.match(chosenText, /## Changes made in this period \(1\)/, 'the fix journaled since the oldest snapshot');
		const reviews = path.join(root, 'cache', 'bbaccess', 'history', 'reviews.jsonl');
		assert.equal((await stat(reviews)).mode & 0o777, 0o600);
		assert.equal((await readFile(reviews, 'utf8')).trim().split('\n').length, 4);
	});
});
