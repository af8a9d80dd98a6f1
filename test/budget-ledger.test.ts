import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {budgetFile, isBudgetExhausted, RequestBudget} from '../source/core/bitbucket/budget.js';
import {budgetWaitMs, parseBudget} from '../source/core/budget/policy.js';
import {resolveBudgetPolicy} from '../source/core/session.js';

test('budgets are written N/W: 1000/1h, 600/30m, 40/5s; anything else is a usage error', () => {
	assert.deepEqual(parseBudget('1000/1h'), {limit: 1000, windowMs: 3_600_000});
	assert.deepEqual(parseBudget('600/h'), {limit: 600, windowMs: 3_600_000});
	assert.deepEqual(parseBudget('40/5s'), {limit: 40, windowMs: 5000});
	assert.deepEqual(parseBudget('100/30m'), {limit: 100, windowMs: 1_800_000});
	for (const bad of ['1000', '1000/1d', '0/1h', 'x/1h', '10/0s', '10/48h']) assert.throws(() => parseBudget(bad), {kind: 'usage'}, bad);
	assert.deepEqual(resolveBudgetPolicy(undefined, {budget: '600/1h', requestsPerHour: 10}), {limit: 600, windowMs: 3_600_000});
	assert.deepEqual(resolveBudgetPolicy('40/5s', {budget: '600/1h'}), {limit: 40, windowMs: 5000});
	assert.deepEqual(resolveBudgetPolicy(undefined, {requestsPerHour: 500}), {limit: 500, windowMs: 3_600_000});
	assert.throws(() => resolveBudgetPolicy(undefined, {budget: 'lots'}), {kind: 'config'});
});

test('acquire refuses past the limit (saying when it frees up) and, in wait mode, waits for the window to move', async () => {
	let now = 1_000_000;
	const slept: number[] = [];
	const budget = new RequestBudget({
		policy: {limit: 3, windowMs: 10_000},
		now: () => now,
		sleep: async ms => {
			slept.push(ms);
			now += ms;
		},
	});
	for (let index = 0; index < 3; index++) await budget.acquire();
	assert.equal(budget.remaining(), 0);
	const refused = await budget.acquire().then(() => undefined, (error: unknown) => error);
	assert.ok(isBudgetExhausted(refused), String(refused));
	assert.match(refused.message, /3 of 3 requests used in this 10s window; the next request is free in 11 s/);
	assert.equal(refused.freeAt, 1_000_000 + 10_000 + budget.marginMs);
	assert.equal(budget.used(), 3, 'a refused request is not counted');

	budget.wait = true;
	await budget.acquire();
	assert.deepEqual(slept, [10_000 + budget.marginMs]);
	assert.equal(budget.used(), 1);
	await assert.rejects(budget.acquire(4), {kind: 'rate-limited', message: /never/});
});

test('two processes spending one ledger at once lose no counts and never pass the limit together', async t => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'bbaccess-ledger-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	const file = budgetFile(dir, 'https://api.bitbucket.org', 'admin@acme.test');
	const spend = (count: number) =>
		new Promise<number>((resolve, reject) => {
			const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/spend-budget.ts', file, '300', '600000', String(count)], {stdio: ['ignore', 'pipe', 'inherit']});
			let output = '';
			child.stdout.on('data', chunk => (output += String(chunk)));
			child.once('error', reject);
			child.once('exit', code => (code === 0 ? resolve(Number(output.trim())) : reject(new Error(`spender exited ${code}`))));
		});
	const both = Promise.all([spend(250), spend(250)]);
	// Both are loaded and polling for the start signal before either spends.
	await new Promise(resolve => setTimeout(resolve, 10));
	writeFileSync(`${file}.go`, '');
	const [first, second] = await both;
	assert.equal(first + second, 300, `granted ${first} + ${second}`);
	assert.ok(first > 0 && second > 0, 'both spent');
	const reader = new RequestBudget({file, policy: {limit: 300, windowMs: 600_000}});
	assert.equal(reader.used(), 300, 'every granted request is in the ledger');

	// Plain counting across processes adds up too.
	new RequestBudget({file, policy: {limit: 1000, windowMs: 600_000}}).record(7);
	assert.equal(reader.used(), 307);
});

test('budgetWaitMs: nothing while the work fits, then the next free request plus a window per further limit', () => {
	const policy = {limit: 100, windowMs: 60_000};
	assert.equal(budgetWaitMs(40, 40, 5000, policy), 0, 'fits in what is free');
	assert.equal(budgetWaitMs(41, 40, 5000, policy), 5000, 'one more than free: until the next request frees up');
	assert.equal(budgetWaitMs(140, 40, 5000, policy), 5000, 'a full window of 100 more frees up as fast as it filled');
	assert.equal(budgetWaitMs(141, 40, 5000, policy), 65_000, 'beyond that: a further window');
	assert.equal(budgetWaitMs(41, 40, -10, policy), 0, 'a free time in the past is now');
});
