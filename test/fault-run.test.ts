/**
 * Issue #11, done when: an export against a flaky Bitbucket (--fault-rate 0.1 --malformed-rate 0.03;
 * 5xx, resets and cut-off bodies) ends with the same export as a clean run, or with a non-zero exit
 * and a clear message — never a smaller result with exit 0. Demo and medium, seeded, loopback.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {run} from '../source/commands/export.js';
import {EXIT} from '../source/core/errors.js';
import {startTestEmulator} from './helpers/emulator.js';
import {ADMIN} from './helpers/sync-harness.js';
import {xdgDirs} from './helpers/run-cli.js';

function collect(): {stream: PassThrough; text: () => string} {
	const stream = new PassThrough();
	const chunks: Buffer[] = [];
	stream.on('data', (chunk: Buffer) => chunks.push(chunk));
	return {stream, text: () => Buffer.concat(chunks).toString('utf8')};
}

async function exportFrom(url: string, args: string[], t: {after(fn: () => void): void}): Promise<{code: number; stdout: string; stderr: string}> {
	const home = mkdtempSync(path.join(os.tmpdir(), 'bbaccess-fault-run-'));
	t.after(() => rmSync(home, {recursive: true, force: true}));
	const out = collect();
	const err = collect();
	const env = {
		BITBUCKET_EMAIL: ADMIN.email,
		BITBUCKET_API_TOKEN: ADMIN.token,
		BBACCESS_API_URL: url,
		...xdgDirs(home),
	};
	const code = await run(args, {stdout: out.stream, stderr: err.stream, env, progress: false});
	return {code, stdout: out.text(), stderr: err.text()};
}

for (const [scenario, args] of [
	['demo', ['--what', 'effective', '--format', 'csv']],
	// A clean medium export takes ~850 of the default 900 requests: with retries the budget would end
	// every faulty run (exit 1, which is allowed) and the same-export branch would never be checked.
	['medium', ['--what', 'effective', '--format', 'csv', '--budget', '5000/1h']],
] as const) {
	test(`fault run on ${scenario}: the same export as a clean run, or a non-zero exit that says why`, async t => {
		const clean = await startTestEmulator(t, {scenario, seed: 11});
		const expected = await exportFrom(clean.url, [...args], t);
		assert.equal(expected.code, EXIT.ok, expected.stderr);

		const flaky = await startTestEmulator(t, {scenario, seed: 11, faultRate: 0.1, malformedRate: 0.03});
		const actual = await exportFrom(flaky.url, [...args], t);
		const stats = flaky.stats();
		assert.ok(Object.values(stats.faults).reduce((a, b) => a + b, 0) > 0 && stats.malformed > 0, `faults were injected: ${JSON.stringify(stats.faults)}, ${stats.malformed} malformed`);
		t.diagnostic(`exit ${actual.code}; faults ${JSON.stringify(stats.faults)}, ${stats.malformed} malformed bodies`);
		if (actual.code === EXIT.ok) {
			// The same rows; only when the grants were read (the last column, grantsLoadedAt) differs between runs.
			const withoutLoadTimes = (csv: string) => csv.replace(/,\d{4}-\d\d-\d\dT[\d:.]+Z(?=\r\n)/g, ',<time>');
			assert.equal(withoutLoadTimes(actual.stdout), withoutLoadTimes(expected.stdout), 'exit 0 means the very same export');
		} else {
			assert.match(actual.stderr, /incomplete|could not|Bitbucket/, actual.stderr);
			assert.doesNotMatch(actual.stderr, /at .*\.ts:\d+/, 'no stack trace');
		}
	});
}
