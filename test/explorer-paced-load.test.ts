/**
 * PacedGrantLoader on its own: it waits for room before each repository (never asking the ledger
 * for more than it has), retries a repository the ledger refused because another process spent
 * the room meanwhile, and counts real failures without stopping.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {BudgetExhaustedError} from '../source/core/bitbucket/budget.js';
import {BbError} from '../source/core/errors.js';
import {PacedGrantLoader, pacedLoadSummary} from '../source/core/explorer/paced-load.js';

test('waits for room, retries a ledger refusal, counts failures, and says so', async () => {
	let clock = 0;
	let free = 4;
	const sleeps: number[] = [];
	const budget = {limitPerHour: 4, limit: 4, windowMs: 1000, remaining: () => free, freeAt: () => clock + 1000};
	const loaded: string[] = [];
	let refusedOnce = false;
	const loader = new PacedGrantLoader({
		budget,
		concurrency: 1,
		now: () => clock,
		sleep: async ms => {
			sleeps.push(ms);
			clock += ms;
			free = 4; // a new window
		},
		onProgress: () => undefined,
		load: async name => {
			assert.ok(free >= 2, `sent only with room (${free} free)`);
			if (name === 'w/b' && !refusedOnce) {
				refusedOnce = true;
				throw new BudgetExhaustedError('spent by another process', clock + 10, 10);
			}
			if (name === 'w/c') throw new BbError('forbidden', 'no access');
			free -= 2;
			loaded.push(name);
		},
	});
	const result = await loader.run(['w/a', 'w/b', 'w/c', 'w/d', 'w/e']);
	assert.deepEqual(loaded, ['w/a', 'w/b', 'w/d', 'w/e']);
	assert.equal(result.failed, 1);
	assert.equal(result.loaded, 4);
	assert.ok(sleeps.length >= 1, 'waited for the next window');
	assert.equal(pacedLoadSummary(result), 'Paced load done: grants of 4 of 5 repositories loaded; 1 could not be loaded (w/c: no access)');
	assert.equal(loader.current(), undefined);
});

test('run() again replaces the running load: the old one stops, and only the new one reports progress', async () => {
	let release!: () => void;
	const gate = new Promise<void>(resolve => {
		release = resolve;
	});
	let releaseNew!: () => void;
	const newGate = new Promise<void>(resolve => {
		releaseNew = resolve;
	});
	const budget = {limitPerHour: 100, limit: 100, windowMs: 1000, remaining: () => 100, freeAt: () => 0};
	const seen: string[] = [];
	const loader = new PacedGrantLoader({
		budget,
		concurrency: 1,
		onProgress: () => undefined,
		load: async name => {
			seen.push(name);
			if (name === 'old/1') await gate;
			if (name === 'new/1') await newGate;
		},
	});
	const first = loader.run(['old/1', 'old/2', 'old/3']);
	await new Promise(resolve => setImmediate(resolve));
	const second = loader.run(['new/1', 'new/2']);
	assert.equal(loader.current()?.total, 2, 'the progress is the new run');
	release();
	const old = await first;
	assert.equal(loader.current()?.total, 2, 'the replaced run, ending, leaves the new run its progress');
	releaseNew();
	const fresh = await second;
	assert.equal(old.cancelled, true);
	assert.ok(!seen.includes('old/2'), 'the replaced run sent nothing more');
	assert.equal(fresh.loaded, 2);
	assert.equal(loader.current(), undefined);
});
