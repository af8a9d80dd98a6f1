/**
 * `bbaccess` in a real terminal (tmux 120×40) against the emulator with credentials from the
 * environment and private XDG directories: the first start syncs on the sync screen; the second
 * start shows the cached snapshot at once ("synced … — refreshing") and refreshes in the background.
 * Also: --read-only shows in the header, and q exits 0.
 */
import assert from 'node:assert/strict';
import {mkdtemp, readdir, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {DEMO_ADMIN, startEmulator, type RunningEmulator} from '../source/emulator/index.js';
import {TmuxSession, tmuxAvailable} from './helpers/tmux-session.js';
import {xdgDirs} from './helpers/run-cli.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed (apt-get install tmux)';

let emulator: RunningEmulator;
let root: string;
before(async () => {
	emulator = await startEmulator({scenario: 'demo', latencyMs: 40});
	root = await mkdtemp(path.join(os.tmpdir(), 'bbaccess-journey-'));
});
after(async () => {
	await emulator.stop();
	await rm(root, {recursive: true, force: true});
});

function start(args: string): TmuxSession {
	return TmuxSession.start({
		command: `node --import tsx source/cli.tsx ${args}`,
		cwd: process.cwd(),
		env: {
			TERM: 'xterm-256color',
			BITBUCKET_EMAIL: DEMO_ADMIN.email,
			BITBUCKET_API_TOKEN: DEMO_ADMIN.token,
			...xdgDirs(root),
		},
		columns: 120,
		rows: 40,
	});
}

test('first start syncs; a second start within refreshAfter shows the snapshot at once and sends nothing', {skip, timeout: 60_000}, async () => {
	const first = start(`--api-url ${emulator.url}`);
	try {
		await first.waitFor(text => text.includes('Syncing…') || text.includes('Acme Corp'), {timeoutMs: 30_000});
		await first.waitFor('Acme Corp', {timeoutMs: 30_000});
		// The list can appear while the last workspace is still finishing; the status then settles.
		const screen = await first.waitFor(/synced [^—\n]*· ! 1 problem \(P\)/, {timeoutMs: 30_000});
		assert.match(screen, /Acme Corp/);
		first.keys('q');
		assert.equal(await first.exitCode(), 0);
	} finally {
		first.close();
	}
	const cached = (await readdir(path.join(root, 'cache', 'bbaccess'))).filter(name => name.startsWith('snapshot-'));
	assert.equal(cached.length, 1, 'the first sync wrote one snapshot');

	const sent = emulator.stats().requests;
	const second = start(`--api-url ${emulator.url} --read-only`);
	try {
		const screen = await second.waitFor('Acme Corp', {timeoutMs: 30_000});
		assert.doesNotMatch(screen, /Syncing…\n/, 'no sync screen with a snapshot');
		await second.waitFor(/synced [^—\n]*· ! 1 problem \(P\)/, {timeoutMs: 30_000});
		await second.waitFor(/\b0 req \([\d,]+ left\)/, {timeoutMs: 30_000});
		second.keys('q');
		assert.equal(await second.exitCode(), 0);
		assert.equal(emulator.stats().requests, sent, 'a snapshot younger than refreshAfter costs no request');
	} finally {
		second.close();
	}
});
