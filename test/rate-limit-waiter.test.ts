/**
 * The 429 waiter: after a refusal one request probes at a time, and requests stay one at a time
 * until RECOVERY answers in a row and a quiet window without a 429 have both passed.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {RateLimitWaiter} from '../source/core/bitbucket/rate-limit-wait.js';

const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

test('after a 429 requests go one at a time until answers in a row and a quiet window have passed', async () => {
	// The waiter's clock is the test's: a loaded machine cannot make the quiet window pass early.
	let clock = 1_000_000;
	const waiter = new RateLimitWaiter(5, async ms => {
		clock += ms;
	}, {quietMs: 150, now: () => clock});
	(await waiter.before())(429, undefined);
	assert.ok(waiter.limitedUntil !== undefined, 'limited after a 429');
	// Two requests at once while limited: the second waits for the first one's answer.
	const first = await waiter.before();
	let secondStarted = false;
	const second = waiter.before().then(report => {
		secondStarted = true;
		return report;
	});
	await pause(20);
	assert.equal(secondStarted, false, 'one probe at a time');
	first(200, undefined);
	(await second)(200, undefined);
	for (let i = 0; i < 8; i++) (await waiter.before())(200, undefined);
	assert.ok(waiter.limitedUntil !== undefined, 'ten answers in a row, but the quiet window has not passed: still one at a time');
	clock += 160;
	for (let i = 0; i < 8; i++) (await waiter.before())(200, undefined);
	assert.equal(waiter.limitedUntil, undefined, 'free again after the quiet window');
	assert.equal(waiter.limitedAnswers, 1);
});
