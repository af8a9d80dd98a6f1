/**
 * The explorer backend against the emulator over loopback HTTP: sync status, refresh that keeps
 * the old graph on failure, cancel, tier-2 de-duplication, exports and web links.
 */
import assert from 'node:assert/strict';
import {readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {BbError} from '../source/core/errors.js';
import {exportFileName, webUrl} from '../source/core/explorer-backend.js';
import {formatAge} from '../source/core/explorer-snapshot.js';
import {baselineFor} from '../source/core/review/baseline.js';
import {startDemoBackend, waitForStatus, type DemoBackend} from './helpers/demo-backend.js';

describe('explorer backend on the demo emulator', () => {
	let demo: DemoBackend;
	before(async () => {
		demo = await startDemoBackend();
		await demo.backend.refresh();
	});
	after(async () => demo.close());

	test('a first sync ends partial on acme-labs (the demo admin is only a member there)', () => {
		const status = demo.backend.status();
		assert.equal(status.state, 'partial');
		assert.match(status.message, /^Partial: acme-labs/);
		assert.ok(status.requestsUsed > 0, 'requests are counted');
		const graph = demo.backend.graph();
		assert.ok(graph?.repository('acme/api-gateway'), 'the graph holds the synced repositories');
		assert.ok(status.syncedAt);
		assert.equal(status.error, undefined);
	});

	test('ensureRepositoryGrants loads one repository once, even when asked concurrently', async () => {
		const graph = demo.backend.graph()!;
		const name = 'acme/api-gateway';
		if (graph.repositoryGrantsState(name).state !== 'loaded') {
			const before = demo.requestLog.entries().length;
			await Promise.all([demo.backend.ensureRepositoryGrants(name), demo.backend.ensureRepositoryGrants(name), demo.backend.ensureRepositoryGrants(name)]);
			const sent = demo.requestLog.entries().slice(before).filter(entry => entry.path.includes('/api-gateway/permissions-config'));
			assert.equal(sent.length, 2, `one request pair (users + groups), got ${sent.map(entry => entry.path).join(', ')}`);
		}
		assert.equal(graph.repositoryGrantsState(name).state, 'loaded');
		const again = demo.requestLog.entries().length;
		await demo.backend.ensureRepositoryGrants(name);
		assert.equal(demo.requestLog.entries().length, again, 'loaded grants are not fetched again');
	});

	test('exportRows writes bbaccess-<view>-<timestamp>.csv and never overwrites', async () => {
		const rows = [{repository: 'acme/api-gateway', user: 'Dana Scully', level: 'WRITE'}];
		const first = await demo.backend.exportRows('Repositories', rows, 'csv');
		const second = await demo.backend.exportRows('Repositories', rows, 'csv');
		assert.equal(path.dirname(first.path), demo.root);
		assert.match(path.basename(first.path), /^bbaccess-repositories-\d{8}-\d{6}\.csv$/);
		assert.notEqual(first.path, second.path);
		assert.equal(first.rows, 1);
		const text = await readFile(first.path, 'utf8');
		assert.match(text, /Dana Scully/);
		const json = await demo.backend.exportRows('Repository access', rows, 'json');
		assert.deepEqual(JSON.parse(await readFile(json.path, 'utf8')), rows);
	});
});

test('exports go to bbaccess\'s state directory by default (not the working directory), mode 0600 (issue 13)', async () => {
	const demo = await startDemoBackend({backend: {exportDir: undefined}});
	try {
		const result = await demo.backend.exportRows('lilei-access', [{a: 1}], 'csv');
		assert.equal(path.dirname(result.path), path.join(demo.paths.stateDir, 'exports'));
		assert.match(path.basename(result.path), /^bbaccess-lilei-access-\d{8}-\d{6}\.csv$/, 'a clean name, no doubled word');
		assert.ok(path.isAbsolute(result.path), 'the full path');
		if (process.platform !== 'win32') assert.equal((await stat(result.path)).mode & 0o777, 0o600);
	} finally {
		await demo.close();
	}
});

describe('refresh failures and cancellation', () => {
	test('a failed refresh keeps the old graph and says so', async () => {
		const demo = await startDemoBackend();
		try {
			await demo.backend.refresh();
			const graph = demo.backend.graph();
			assert.ok(graph);
			await demo.emulator.stop();
			await demo.backend.refresh();
			const status = demo.backend.status();
			assert.equal(demo.backend.graph(), graph, 'the graph is not replaced');
			assert.equal(status.state, 'offline');
			assert.match(status.message, /^Refresh failed: .* — kept data synced /);
			assert.equal(status.error?.kind, 'network');
		} finally {
			await demo.close();
		}
	});

	test('a failed on-demand grants load rejects with the error and leaves the status line alone', async () => {
		const demo = await startDemoBackend();
		try {
			await demo.backend.refresh();
			const message = demo.backend.status().message;
			await demo.emulator.stop();
			await assert.rejects(demo.backend.ensureRepositoryGrants('acme/api-gateway'), (error: unknown) => error instanceof BbError && error.kind === 'network');
			assert.equal(demo.backend.status().message, message);
			assert.equal(demo.backend.graph()?.repositoryGrantsState('acme/api-gateway').state, 'not-loaded');
		} finally {
			await demo.close();
		}
	});

	test('cancelSync stops a running first sync; there is no graph and the status says cancelled', async () => {
		const demo = await startDemoBackend({emulator: {latencyMs: 200}});
		try {
			const running = demo.backend.refresh();
			await waitForStatus(demo.backend, () => (demo.backend.status().progress ?? []).length > 0);
			demo.backend.cancelSync();
			await running;
			const status = demo.backend.status();
			assert.equal(demo.backend.graph(), undefined);
			assert.equal(status.error?.kind, 'cancelled');
			assert.equal(status.message, 'Sync cancelled');
			assert.equal(demo.backend.syncing(), false);
		} finally {
			await demo.close();
		}
	});

	test('a second backend on the same cache shows the snapshot at once with its age', async () => {
		const first = await startDemoBackend();
		try {
			await first.backend.refresh();
			const second = await startDemoBackend({root: first.root, running: first.emulator});
			try {
				const loaded = await second.backend.loadCachedSnapshot();
				assert.ok(loaded, 'the snapshot cache was written by the first sync');
				assert.ok(second.backend.graph()?.repository('acme/api-gateway'));
				assert.match(second.backend.status().message, /^synced (just now|\d+ s ago)$/);
				assert.equal(second.requestLog.entries().length, 0, 'showing the snapshot costs no request');
				const refreshing = second.backend.refresh();
				assert.match(second.backend.status().message, /— refreshing$/);
				await refreshing;
				assert.match(second.backend.status().message, /^Partial: acme-labs/);
			} finally {
				await second.close();
			}
		} finally {
			await first.close();
		}
	});

	test('with the cache off nothing is read or written', async () => {
		const demo = await startDemoBackend({backend: {cache: false}});
		try {
			await demo.backend.refresh();
			const again = await startDemoBackend({root: demo.root, running: demo.emulator});
			try {
				assert.equal(await again.backend.loadCachedSnapshot(), undefined);
			} finally {
				await again.close();
			}
		} finally {
			await demo.close();
		}
	});
});

describe('read-only', () => {
	test('the reader token makes the backend read-only with the reason', async () => {
		const demo = await startDemoBackend({login: 'reader'});
		try {
			await demo.backend.refresh();
			const status = demo.backend.status();
			assert.ok(demo.backend.graph());
			assert.equal(status.readOnly, true, status.message);
			assert.match(status.readOnlyReason ?? '', /^read-only: /);
		} finally {
			await demo.close();
		}
	});

	test('--read-only is kept with its reason', async () => {
		const demo = await startDemoBackend({backend: {readOnly: true}});
		try {
			assert.equal(demo.backend.status().readOnly, true);
			assert.equal(demo.backend.status().readOnlyReason, 'read-only: --read-only');
		} finally {
			await demo.close();
		}
	});
});

describe('pure helpers', () => {
	test('webUrl points at the public bitbucket.org pages', () => {
		assert.equal(webUrl({type: 'repository', workspace: 'acme', fullName: 'acme/api-gateway'}), 'https://bitbucket.org/acme/api-gateway/admin/permissions');
		assert.equal(webUrl({type: 'project', workspace: 'acme', key: 'PLAT'}), 'https://bitbucket.org/acme/workspace/projects/PLAT/settings/permissions');
		assert.equal(webUrl({type: 'user', uuid: '{1234}'}), 'https://bitbucket.org/%7B1234%7D/');
		assert.match(webUrl({type: 'workspace', workspace: 'acme'}), /^https:\/\/bitbucket\.org\/acme\//);
	});

	test('export file names are safe and time-stamped', () => {
		const at = new Date(2026, 10, 29, 9, 5, 7);
		assert.equal(exportFileName('Repository access: acme/api-gateway', 'json', at), 'bbaccess-repository-access-acme-api-gateway-20261129-090507.json');
		assert.equal(exportFileName('../../etc', 'csv', at), 'bbaccess-etc-20261129-090507.csv');
		assert.equal(exportFileName('李雷', 'csv', at), 'bbaccess-rows-20261129-090507.csv');
	});

	test('formatAge', () => {
		assert.equal(formatAge(1000), 'just now');
		assert.equal(formatAge(30_000), '30 s ago');
		assert.equal(formatAge(12 * 60_000 + 5000), '12 min ago');
		assert.equal(formatAge(3 * 3_600_000), '3 h ago');
		assert.equal(formatAge(3 * 86_400_000), '3 days ago');
	});
});

test('the Changes view compares with the history this backend keeps (its own paths, e.g. the demo\'s private folder), not the default folders', async () => {
	const demo = await startDemoBackend();
	try {
		await demo.backend.refresh();
		const first = demo.backend.graph()!;
		// A later sync (a second after the first, so the two snapshots are apart): its baseline is the first one.
		await new Promise(resolve => setTimeout(resolve, 1100));
		await demo.backend.refresh();
		const second = demo.backend.graph()!;
		assert.notEqual(second.syncedAt, first.syncedAt);
		let baseline = baselineFor(second);
		for (let tries = 0; baseline.state === 'loading' && tries < 100; tries++) {
			await new Promise(resolve => setTimeout(resolve, 20));
			baseline = baselineFor(second);
		}
		assert.equal(baseline.state, 'ready', baseline.state === 'none' ? baseline.reason : 'still loading');
		assert.equal(baseline.state === 'ready' ? baseline.snapshot.syncedAt : undefined, first.syncedAt, 'the previous sync, read from the backend\'s own cache folder');
	} finally {
		await demo.close();
	}
});
