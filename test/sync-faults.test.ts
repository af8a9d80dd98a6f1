import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import {mkdtempSync, rmSync} from 'node:fs';
import {loadSnapshot, refreshedSnapshot, saveSnapshot, syncAccess} from '../source/core/sync/index.js';
import {BbError} from '../source/core/errors.js';
import {sleep} from '../source/core/bitbucket/concurrency.js';
import {startTestEmulator} from './helpers/emulator.js';
import {clientFor, timeless} from './helpers/sync-harness.js';

async function cleanDeepSync(t: Parameters<typeof startTestEmulator>[0], scenario: 'demo' | 'medium' = 'demo') {
	const emulator = await startTestEmulator(t, {scenario});
	const client = clientFor(emulator);
	try {
		return (await syncAccess(client, {deep: true})).snapshot;
	} finally {
		await client.close();
	}
}

describe('sync under faults (independent emulators, concurrently)', {concurrency: true}, () => {
	test('with 10 % faults (5xx and connection resets) a deep sync yields exactly the clean snapshot', async t => {
		const emulator = await startTestEmulator(t, {scenario: 'medium', faultRate: 0.1});
		const client = clientFor(emulator, undefined, {maxAttempts: 8});
		t.after(() => client.close());
		const [clean, {snapshot, summary}] = await Promise.all([cleanDeepSync(t, 'medium'), syncAccess(client, {deep: true})]);
		const stats = emulator.stats();
		const faults = Object.values(stats.faults).reduce((sum, count) => sum + count, 0);
		assert.ok(faults > 5, `faults were injected: ${JSON.stringify(stats.faults)}`);
		assert.ok((stats.faults.reset ?? 0) > 0, 'some were connection resets');
		assert.deepEqual(timeless(snapshot), timeless(clean));
		assert.ok(summary.requests > stats.requests - 1 - faults / 2, 'retries are counted');
	});

	test('429s from a low rate limit are waited out (shared pause) and the snapshot is the clean one', async t => {
		const clean = await cleanDeepSync(t);
		// Deterministic back-off (the top of each jitter range): random short waits could keep hitting the
		// 800 ms window until the client gives up, which is the behaviour for a persistent limit, not this test.
		const emulator = await startTestEmulator(t, {rateLimit: 16, rateLimitWindowMs: 800, retryAfter: false});
		const client = clientFor(emulator, undefined, {maxAttempts: 12, retry: {baseMs: 60, capMs: 400, random: () => 1, sleep}});
		t.after(() => client.close());
		const {snapshot} = await syncAccess(client, {deep: true});
		assert.ok(emulator.stats().served429 > 0, 'the rate limit was hit');
		assert.deepEqual(timeless(snapshot), timeless(clean));
	});

	test('malformed bodies give a clear error naming the endpoint, and the cached snapshot is kept', async t => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'bbaccess-malformed-'));
		t.after(() => rmSync(dir, {recursive: true, force: true}));
		const paths = {cacheDir: dir};
		const good = await cleanDeepSync(t);
		await saveSnapshot(good, paths);

		const emulator = await startTestEmulator(t, {malformedRate: 0.3, seed: 3});
		// One attempt per request: bodies that stay broken (a retry would mostly mend them).
		const client = clientFor(emulator, undefined, {maxAttempts: 1});
		t.after(() => client.close());
		let failure: BbError | undefined;
		let result: Awaited<ReturnType<typeof syncAccess>> | undefined;
		try {
			result = await syncAccess(client, {deep: true});
		} catch (error) {
			failure = error as BbError;
		}
		assert.ok(emulator.stats().malformed > 0, 'malformed bodies were sent');
		const messages = failure ? [failure] : result!.summary.problems.filter(problem => problem.kind === 'malformed');
		assert.ok(messages.length > 0, 'the malformed bodies were noticed');
		for (const item of messages) {
			assert.equal(failure ? (item as BbError).kind : item.kind, 'malformed');
			assert.match(item.message, /Bitbucket sent a response that is not valid JSON for (GET|PUT|DELETE) \/[12]\.0\/\S+/);
		}
		if (result) {
			// A refresh with new failures never replaces the good cached data.
			const cached = await loadSnapshot(good.apiUrl, good.account.email, paths);
			const decision = refreshedSnapshot(cached!.snapshot, result.snapshot);
			assert.equal(decision.replaced, false);
			assert.ok(decision.keptBecause);
			assert.equal(decision.snapshot, cached!.snapshot);
		}
		const after = await loadSnapshot(good.apiUrl, good.account.email, paths);
		assert.deepEqual(after?.snapshot, good);
	});

	test('a rate limit that persists ends tier 2 early: repositories stay not-loaded, one problem per workspace', async t => {
		const emulator = await startTestEmulator(t, {rateLimit: 40, rateLimitWindowMs: 3_600_000});
		const client = clientFor(emulator, undefined, {maxAttempts: 2});
		t.after(() => client.close());
		const {snapshot, summary} = await syncAccess(client, {deep: true});
		const stats = emulator.stats();
		assert.ok(stats.served429 > 0);
		// Tier 1 (25 requests) got through; tier 2 stopped soon after the limit instead of retrying every repository.
		assert.ok(stats.requests <= 40 + 2 * 8 + 8, `requests sent: ${stats.requests}`);
		const limited = summary.problems.filter(problem => problem.kind === 'rate-limited');
		assert.equal(limited.filter(problem => problem.workspace === 'acme').length, 1, JSON.stringify(limited));
		assert.match(limited.find(problem => problem.workspace === 'acme')!.message, /explicit grants of \d+ repositories could not be read/);
		const notLoaded = Object.values(snapshot.repositoryGrantStatus).filter(state => state.state === 'not-loaded').length;
		assert.ok(notLoaded > 0, 'repositories whose grants could not be read stay not-loaded');
		assert.ok(summary.partial);
	});
});
