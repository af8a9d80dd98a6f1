/**
 * `bbaccess export` end to end against the emulator's demo scenario over loopback HTTP, with
 * credentials from the environment and private XDG dirs. Most cases run the command module in
 * process (fast); one runs the real CLI for exit codes and stderr.
 */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdir, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {after, before, describe, test} from 'node:test';
import {run} from '../source/commands/export.js';
import {budgetFile, RequestBudget} from '../source/core/bitbucket/budget.js';
import {EXIT} from '../source/core/errors.js';
import type {EffectiveRow, GroupRow, MemberRow} from '../source/core/export/rows.js';
import {DEMO_ADMIN, DEMO_READER, startEmulator, type RunningEmulator} from '../source/emulator/index.js';
import {xdgDirs} from './helpers/run-cli.js';

interface Result {
	code: number;
	stdout: string;
	stderr: string;
}

function collect(): {stream: PassThrough; text: () => string} {
	const stream = new PassThrough();
	const chunks: Buffer[] = [];
	stream.on('data', (chunk: Buffer) => chunks.push(chunk));
	return {stream, text: () => Buffer.concat(chunks).toString('utf8')};
}

describe('bbaccess export', () => {
	let emulator: RunningEmulator;
	let root: string;
	let home = 0;

	/** A fresh XDG home per call unless `shared` is given (to test the snapshot cache). */
	function envFor(login: {email: string; token: string}, shared?: string): NodeJS.ProcessEnv {
		const dir = shared ?? path.join(root, `home-${++home}`);
		return {
			BITBUCKET_EMAIL: login.email,
			BITBUCKET_API_TOKEN: login.token,
			BBACCESS_API_URL: emulator.url,
			...xdgDirs(dir),
		};
	}

	async function exportIn(args: string[], login: {email: string; token: string} = DEMO_ADMIN, shared?: string): Promise<Result> {
		const out = collect();
		const err = collect();
		const code = await run(args, {stdout: out.stream, stderr: err.stream, env: envFor(login, shared), progress: false});
		return {code, stdout: out.text(), stderr: err.text()};
	}

	function cli(args: string[], login: {email: string; token: string} = DEMO_ADMIN, shared?: string): Promise<Result> {
		return new Promise((resolve, reject) => {
			const child = spawn(process.execPath, ['--import', 'tsx', 'source/cli.tsx', ...args], {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, ...envFor(login, shared)}});
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', chunk => (stdout += String(chunk)));
			child.stderr.on('data', chunk => (stderr += String(chunk)));
			child.on('error', reject);
			child.on('close', code => resolve({code: code ?? -1, stdout, stderr}));
		});
	}

	/** Requests the emulator served for repository permissions-config (tier 2), any status. */
	function tierTwoRequests(): number {
		return Object.entries(emulator.stats().byRoute)
			.filter(([route]) => route.includes('/2.0/repositories/{workspace}/{repo_slug}/permissions-config'))
			.reduce((sum, [, byStatus]) => sum + Object.values(byStatus).reduce((a, b) => a + b, 0), 0);
	}

	before(async () => {
		emulator = await startEmulator({scenario: 'demo'});
		root = await mkdtemp(path.join(os.tmpdir(), 'bbaccess-export-'));
	});

	after(async () => {
		await emulator.stop();
		await rm(root, {recursive: true, force: true});
	});

	test('effective JSON: demo facts with sources, every repository grant loaded', async () => {
		const sent = tierTwoRequests();
		const result = await exportIn(['--workspace', 'acme', '--format', 'json']);
		assert.equal(result.code, EXIT.ok, result.stderr);
		assert.equal(tierTwoRequests() - sent, 60, 'two listings per repository');
		const rows = JSON.parse(result.stdout) as EffectiveRow[];
		const find = (repository: string, nickname: string) => rows.find(row => row.repository === repository && row.nickname === nickname);
		assert.deepEqual(find('acme/api-gateway', 'dscully')?.via, [{kind: 'project', principal: 'group', group: 'developers', project: 'PLAT', level: 'write'}]);
		assert.equal(find('acme/api-gateway', 'dscully')?.level, 'write');
		assert.equal(find('acme/api-gateway', 'lilei')?.level, 'admin');
		assert.deepEqual(find('acme/api-gateway', 'lilei')?.via[0], {kind: 'repository', principal: 'user', level: 'admin'});
		assert.deepEqual(find('acme/api-gateway', 'wskinner')?.via, [{kind: 'owner', principal: 'user', level: 'admin'}]);
		assert.equal(find('acme/billing-service', 'fmulder')?.level, 'read');
		assert.deepEqual(find('acme/data-pipeline', 'fmulder')?.via, [{kind: 'repository', principal: 'group', group: 'contractors', level: 'read'}]);
		assert.ok(rows.every(row => row.workspace === 'acme' && row.complete), 'deep export is complete');
		assert.match(result.stderr, /Loading the grants of 30 repositories/);
	});

	test('--shallow loads no repository grants and marks those rows complete=false', async () => {
		const sentBefore = tierTwoRequests();
		const result = await exportIn(['--workspace', 'acme', '--shallow', '--format', 'json']);
		assert.equal(result.code, EXIT.ok, result.stderr);
		assert.equal(tierTwoRequests(), sentBefore, 'no repository permissions-config requests');
		const rows = JSON.parse(result.stdout) as EffectiveRow[];
		const gateway = rows.filter(row => row.repository === 'acme/api-gateway');
		assert.ok(gateway.length > 0 && gateway.every(row => !row.complete && row.missing.includes('repository grants of acme/api-gateway not loaded')));
		// What is known from tier 1 is still there: the inherited project grant.
		assert.equal(gateway.find(row => row.nickname === 'dscully')?.level, 'write');
		assert.ok(rows.filter(row => row.repository === null).every(row => row.complete), 'project rows are complete');
		assert.match(result.stderr, /rows are incomplete/);
	});

	test('CSV to --out, then members and groups from the fresh snapshot cache without a re-sync', async () => {
		const shared = path.join(root, 'shared-home');
		const file = path.join(root, 'effective.csv');
		const first = await exportIn(['--workspace', 'acme', '--out', file], DEMO_ADMIN, shared);
		assert.equal(first.code, EXIT.ok, first.stderr);
		assert.equal(first.stdout, '');
		assert.match(first.stderr, new RegExp(`rows \\(CSV\\) to ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
		const csv = await readFile(file, 'utf8');
		assert.ok(csv.startsWith('workspace,project,repository,userUuid,displayName,nickname,level,via,complete,missing,grantsLoadedAt\r\n'));
		assert.match(csv, /\r\nacme,PLAT,acme\/api-gateway,\{[^}]+\},Dana Scully,dscully,write,via group developers on project PLAT \(WRITE\),true,,\d{4}-\d\d-\d\dT[\d:.]+Z\r\n/);

		const requestsBefore = emulator.stats().requests;
		const members = await exportIn(['--workspace', 'acme', '--what', 'members', '--format', 'json'], DEMO_ADMIN, shared);
		assert.equal(members.code, EXIT.ok, members.stderr);
		assert.match(members.stderr, /Using access data synced/);
		assert.equal(emulator.stats().requests, requestsBefore, 'members came from the cache');
		const memberRows = JSON.parse(members.stdout) as MemberRow[];
		assert.deepEqual(memberRows.find(row => row.nickname === 'lilei')?.groups, ['developers', 'release-managers']);
		assert.equal(memberRows.find(row => row.nickname === 'wskinner')?.role, 'owner');

		const groups = await exportIn(['--workspace', 'acme', '--what', 'groups', '--format', 'json'], DEMO_ADMIN, shared);
		const developers = (JSON.parse(groups.stdout) as GroupRow[]).find(row => row.group === 'developers');
		assert.equal(developers?.memberCount, 20);
		assert.ok(developers?.members.some(member => member.nickname === 'dscully'));
	});

	test('the reader account gets a partial acme-labs export that says what is missing', async () => {
		const result = await exportIn(['--workspace', 'acme-labs', '--what', 'explicit', '--format', 'json', '--shallow'], DEMO_READER);
		assert.equal(result.code, EXIT.ok, result.stderr);
		const rows = JSON.parse(result.stdout) as {complete: boolean; missing: string[]}[];
		assert.ok(rows.length > 0 && rows.some(row => !row.complete));
		assert.match(result.stderr, /Partial: acme-labs/);
	});

	test('bad input is refused before any request, with a clear message', async () => {
		const requests = emulator.stats().requests;
		await assert.rejects(exportIn(['--what', 'everything']), {name: 'BbError', kind: 'usage', message: "--what takes effective, explicit, members, groups; got 'everything'"});
		await assert.rejects(exportIn(['--format', 'xml']), {kind: 'usage', message: "--format takes csv or json; got 'xml'"});
		const folder = path.join(root, 'a-folder');
		await mkdir(folder);
		await assert.rejects(exportIn(['--out', folder]), {kind: 'usage', message: `--out ${folder} is a directory; give a file name`});
		await assert.rejects(exportIn(['--out', path.join(root, 'no', 'such', 'x.csv')]), {kind: 'usage', message: /folder .* does not exist/});
		assert.equal(emulator.stats().requests, requests);
		await assert.rejects(exportIn(['--workspace', 'nope', '--shallow']), {name: 'BbError', message: /'nope'/});
	});

	test('a tier-2 load the request budget cannot pay for is refused up front (exit 3, like sync), pointing to --shallow', async () => {
		const shared = path.join(root, 'budget-home');
		const env = envFor(DEMO_ADMIN, shared);
		// 850 of the default 900 requests/hour already spent by this account (by another process): enough
		// left for two tier-1 syncs of acme, not for its 60 tier-2 requests.
		new RequestBudget({file: budgetFile(path.join(env.XDG_CACHE_HOME!, 'bbaccess'), emulator.url, DEMO_ADMIN.email), limitPerHour: 900}).record(850);
		const before = tierTwoRequests();
		await assert.rejects(exportIn(['--workspace', 'acme'], DEMO_ADMIN, shared), {
			name: 'BbError',
			kind: 'cancelled',
			message: /grants of 30 repositories needs about 60 requests, but only \d+ of 900 are left this hour\. Nothing was sent for them\./,
			hint: /--shallow/,
		});
		assert.equal(tierTwoRequests(), before, 'no repository grants were requested');
		const shallow = await exportIn(['--workspace', 'acme', '--shallow'], DEMO_ADMIN, shared);
		assert.equal(shallow.code, EXIT.ok, shallow.stderr);
		// The CLI: exit 3 (refused), like sync's own price check; no rows, no tier-2 request.
		const refused = await cli(['export', '--workspace', 'acme'], DEMO_ADMIN, shared);
		assert.equal(refused.code, EXIT.refused, refused.stderr);
		assert.match(refused.stderr, /Nothing was sent for them\.\nUse --shallow/);
		assert.equal(refused.stdout, '', 'no rows when refused');
		assert.equal(tierTwoRequests(), before, 'the CLI requested no repository grants either');
	});

	test('--out replaces an existing file and leaves no temporary file behind', async () => {
		const file = path.join(root, 'again.json');
		await writeFile(file, 'old content');
		const result = await exportIn(['--workspace', 'acme', '--what', 'members', '--out', file]);
		assert.equal(result.code, EXIT.ok, result.stderr);
		assert.ok(Array.isArray(JSON.parse(await readFile(file, 'utf8'))), '--out *.json picks JSON');
		assert.deepEqual((await readdir(root)).filter(name => name.includes('.tmp')), []);
	});

	test('the CLI: exit 0 with rows on stdout, exit 2 with usage on bad flags, exit 4 on a wrong token; no token printed', async () => {
		const [ok, bad, auth] = await Promise.all([
			cli(['export', '--workspace', 'acme', '--what', 'groups']),
			cli(['export', '--bogus']),
			cli(['export', '--workspace', 'acme'], {email: DEMO_ADMIN.email, token: 'wrong-token'}),
		]);
		assert.equal(ok.code, EXIT.ok, ok.stderr);
		assert.match(ok.stdout, /^workspace,group,name,memberCount,members\r\n/);
		assert.equal(bad.code, EXIT.usage);
		assert.match(bad.stderr, /unknown option '--bogus'[\s\S]*Usage: bbaccess export/);
		assert.equal(auth.code, EXIT.auth, auth.stderr);
		assert.doesNotMatch(auth.stderr, /at .*\.ts:\d+/, 'no stack trace');
		for (const output of [ok, bad, auth]) assert.doesNotMatch(output.stdout + output.stderr, /demo-admin-token|wrong-token/);
	});
});
