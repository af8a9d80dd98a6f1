/**
 * Issue #11.6: every directory bbaccess creates is 0700 and every file 0600, whatever the umask:
 * the config folder (conf would make it 0777 under umask 000), the cache, snapshots, the budget
 * ledger, request logs, the journal and `export --out` files. The CLI runs here under umask 000.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {openConfig} from '../source/core/credentials/config.js';
import {appPaths} from '../source/core/paths.js';
import {startTestEmulator} from './helpers/emulator.js';
import {runCli} from './helpers/run-cli.js';
import {ADMIN} from './helpers/sync-harness.js';

const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);

test('under umask 000: folders 0700, files 0600', async t => {
	const previous = process.umask(0o000);
	t.after(() => process.umask(previous));
	const home = mkdtempSync(path.join(os.tmpdir(), 'bbaccess-modes-'));
	t.after(() => rmSync(home, {recursive: true, force: true}));
	const emulator = await startTestEmulator(t);
	const xdg = {XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache'), XDG_STATE_HOME: path.join(home, 'state')};
	const paths = appPaths(xdg);

	// The config store (what `login` writes through).
	openConfig(paths).write({apiUrl: emulator.url, accounts: {[emulator.url]: {email: ADMIN.email}}});
	assert.equal(mode(paths.configDir), '700', 'config folder');
	assert.equal(mode(paths.configFile), '600', 'config file');

	// The CLI inherits the umask: sync with a request log, an export to a file, a journaled dry run.
	const env: NodeJS.ProcessEnv = {PATH: process.env.PATH, HOME: home, ...xdg, BITBUCKET_EMAIL: ADMIN.email, BITBUCKET_API_TOKEN: ADMIN.token, BBACCESS_API_URL: emulator.url, NO_COLOR: '1'};
	const sync = await runCli(['sync', '--debug', '--workspace', 'acme'], {env});
	assert.equal(sync.status, 0, sync.stdout + sync.stderr);
	const out = path.join(home, 'members.csv');
	const exported = await runCli(['export', '--workspace', 'acme', '--what', 'members', '--out', out], {env});
	assert.equal(exported.status, 0, exported.stderr);
	const dryRun = await runCli(['grant', '--workspace', 'acme', '--repo', 'api-gateway', '--user', 'dscully', '--level', 'read', '--dry-run'], {env});
	assert.equal(dryRun.status, 0, dryRun.stdout + dryRun.stderr);

	assert.equal(mode(out), '600', 'export --out file');
	// A report written over an existing, readable file narrows it (writeFile's mode covers new files only).
	const report = path.join(home, 'review.md');
	writeFileSync(report, 'old\n', {mode: 0o644});
	const reported = await runCli(['report', '--out', report], {env});
	assert.equal(reported.status, 0, reported.stdout + reported.stderr);
	assert.equal(mode(report), '600', 'report --out over an existing 0644 file');
	for (const dir of [paths.cacheDir, paths.stateDir, paths.logDir]) {
		assert.equal(mode(dir), '700', dir);
		for (const name of readdirSync(dir)) {
			const file = path.join(dir, name);
			if (statSync(file).isFile()) assert.equal(mode(file), '600', file);
		}
	}
	assert.ok(readdirSync(paths.cacheDir).some(name => name.startsWith('snapshot-')), 'a snapshot was written');
	assert.ok(readdirSync(paths.logDir).length > 0, 'a request log was written');
	assert.equal(mode(paths.journalFile), '600');
});
