/**
 * Issue #11.7: exit codes and streams. A closed pipe ends quietly with 0; a plain-http API URL gets
 * exit 2 wherever it comes from; a broken scenario file prints no usage line; a refusal for lack of
 * --yes outside a terminal is journaled; CLI sync in a terminal ends its progress line on Ctrl-C.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {startTestEmulator} from './helpers/emulator.js';
import {runCli, xdgDirs} from './helpers/run-cli.js';
import {ADMIN} from './helpers/sync-harness.js';
import {TmuxSession, tmuxAvailable} from './helpers/tmux-session.js';

function home(t: {after(fn: () => void): void}): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'bbaccess-exit-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	return dir;
}

function cliEnv(dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	return {
		PATH: process.env.PATH,
		HOME: dir,
		...xdgDirs(dir),
		BITBUCKET_EMAIL: ADMIN.email,
		BITBUCKET_API_TOKEN: ADMIN.token,
		NO_COLOR: '1',
		...extra,
	};
}

test('export into a pipe whose reader goes away (| head -1) ends quietly with 0', async t => {
	const emulator = await startTestEmulator(t, {scenario: 'medium'});
	const env = cliEnv(home(t), {BBACCESS_API_URL: emulator.url});
	const result = await new Promise<{code: number | null; stderr: string}>((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'source/cli.tsx', 'export', '--shallow', '--what', 'effective'], {env, stdio: ['ignore', 'pipe', 'pipe']});
		let stderr = '';
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		// Like `head -1`: read the first chunk, then close the pipe.
		child.stdout.once('data', () => child.stdout.destroy());
		child.on('error', reject);
		child.on('close', code => resolve({code, stderr}));
	});
	assert.equal(result.code, 0, result.stderr);
	assert.doesNotMatch(result.stderr, /EPIPE|unexpected error|at .*\.ts:\d+/);
});

test('a plain-http API URL to another host: exit 2 from --api-url and from BBACCESS_API_URL alike', async t => {
	const dir = home(t);
	const fromFlag = await runCli(['sync', '--api-url', 'http://example.com'], {env: cliEnv(dir)});
	const fromEnv = await runCli(['sync'], {env: cliEnv(dir, {BBACCESS_API_URL: 'http://example.com'})});
	assert.equal(fromFlag.status, 2, fromFlag.stderr);
	assert.equal(fromEnv.status, 2, fromEnv.stderr);
	assert.match(fromFlag.stderr, /--api-url: refusing plain http to example\.com/);
	assert.match(fromEnv.stderr, /BBACCESS_API_URL: refusing plain http to example\.com/);
	assert.doesNotMatch(fromEnv.stderr, /Usage:/, 'no usage line for a bad environment variable');
});

test('a broken scenario file: one line, exit 2, no usage line', async t => {
	const dir = home(t);
	const file = path.join(dir, 'broken.json');
	writeFileSync(file, '{"users": [');
	const result = await runCli(['emulator', '--scenario', file], {env: cliEnv(dir)});
	assert.equal(result.status, 2, result.stderr);
	assert.match(result.stderr, /bad scenario: .*not valid JSON/);
	assert.doesNotMatch(result.stderr, /Usage:/);
	assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
});

test('a change refused for lack of --yes outside a terminal is journaled (exit 3)', async t => {
	const emulator = await startTestEmulator(t);
	const dir = home(t);
	const env = cliEnv(dir, {BBACCESS_API_URL: emulator.url});
	const refused = await runCli(['grant', '--workspace', 'acme', '--repo', 'api-gateway', '--user', 'dscully', '--level', 'read'], {env});
	assert.equal(refused.status, 3, refused.stdout + refused.stderr);
	const lines = readFileSync(path.join(dir, 'state', 'bbaccess', 'journal.jsonl'), 'utf8').trim().split('\n');
	const entry = JSON.parse(lines.at(-1)!) as {outcome: string; message: string; requests: unknown[]};
	assert.equal(entry.outcome, 'not-attempted');
	assert.match(entry.message, /no confirmation outside a terminal/);
	assert.deepEqual(entry.requests, []);
	const journal = await runCli(['journal'], {env});
	assert.match(journal.stdout, /not-attempted.*dscully/);
});

test('CLI sync in a terminal, Ctrl-C: the progress line ends before the message (tmux)', {skip: tmuxAvailable() ? false : 'tmux not installed'}, async t => {
	const emulator = await startTestEmulator(t, {latencyMs: 400});
	const dir = home(t);
	const env = cliEnv(dir, {BBACCESS_API_URL: emulator.url});
	const tmux = TmuxSession.start({
		// The shell survives the Ctrl-C (a trap) so it can print the exit code; node gets SIGINT as usual.
		command: `trap 'true' INT; node --import tsx source/cli.tsx sync --deep`,
		cwd: process.cwd(),
		env: Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined)),
		columns: 120,
		rows: 10,
	});
	t.after(() => tmux.close());
	await tmux.waitFor(/requests/, {timeoutMs: 30_000});
	tmux.keys('C-c');
	assert.equal(await tmux.exitCode({timeoutMs: 30_000}), 3);
	const screen = tmux.capture();
	assert.ok(screen.split('\n').some(line => line.startsWith('bbaccess: Sync cancelled')), screen);
	assert.doesNotMatch(screen, /requests\s*bbaccess:/);
});
