/** `bbaccess emulator`: first stdout line, serving over loopback, clean exit on signals, one-line usage errors. */
import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {once} from 'node:events';
import {createInterface} from 'node:readline';
import {describe, it} from 'node:test';
import {parseEmulatorArgs} from '../source/commands/emulator.js';
import {BbError} from '../source/core/errors.js';
import {api, READER_AUTH} from './helpers/emulator.js';

const CLI = ['--import', 'tsx', 'source/cli.tsx', 'emulator'];

/** Start the command and resolve with its first stdout line. */
async function startCli(args: string[]) {
	const child = spawn(process.execPath, [...CLI, ...args], {stdio: ['ignore', 'pipe', 'pipe']});
	let stderr = '';
	child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk));
	const lines = createInterface({input: child.stdout});
	const exited = once(child, 'exit');
	const first = await Promise.race([
		once(lines, 'line').then(([line]) => line as string),
		exited.then(([code]) => {
			throw new Error(`exited with ${String(code)} before listening: ${stderr}`);
		}),
	]);
	return {child, first, exited, stderr: () => stderr};
}

describe('bbaccess emulator', {concurrency: true}, () => {
	it('prints the listening line first, serves the API with its flags, and exits 0 on SIGTERM', async () => {
		const {child, first, exited} = await startCli(['--port', '0', '--scenario', 'demo', '--seed', '3', '--rate-limit', '2', '--retry-after', '--latency-ms', '1']);
		try {
			const match = /^bbaccess emulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(first);
			assert.ok(match, `first line: ${first}`);
			assert.notEqual(match[2], '0');
			const url = match[1]!;
			assert.equal((await api({url}, '/2.0/user', {auth: READER_AUTH})).status, 200);
			assert.equal((await api({url}, '/2.0/user', {auth: READER_AUTH})).status, 200);
			const limited = await api({url}, '/2.0/user', {auth: READER_AUTH});
			assert.equal(limited.status, 429, 'the --rate-limit flag applies');
			assert.match(limited.headers.get('retry-after') ?? '', /^\d+$/);
		} finally {
			child.kill('SIGTERM');
		}
		assert.equal((await exited)[0], 0);
	});

	it('exits 0 on SIGINT', async () => {
		const {child, first, exited} = await startCli([]);
		assert.match(first, /^bbaccess emulator listening on http:\/\/127\.0\.0\.1:\d+$/);
		child.kill('SIGINT');
		assert.equal((await exited)[0], 0);
	});

	it('refuses a bad flag with a one-line usage error and exit 2', () => {
		const result = spawnSync(process.execPath, [...CLI, '--scenario', 'huge'], {encoding: 'utf8', timeout: 20_000});
		assert.equal(result.status, 2);
		assert.equal(result.stdout, '');
		const [line] = result.stderr.split('\n');
		assert.match(line!, /^bbaccess: bad scenario: unknown scenario 'huge'/);
		assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
	});

	for (const [args, message] of [
		[['--port', 'abc'], /--port takes a whole number/],
		[['--port', '70000'], /--port must be between 0 and 65535/],
		[['--fault-rate', '2'], /--fault-rate takes a probability from 0 to 1/],
		[['--malformed-rate', 'x'], /--malformed-rate takes a probability/],
		[['--seed=-1'], /--seed takes a whole number/],
		[['--rate-limit-window-ms', '0'], /--rate-limit-window-ms must be between 1/],
		[['--host', ''], /--host takes a host name/],
		[['--bogus'], /unknown option '--bogus'/],
		[['extra'], /unexpected argument 'extra'/i],
	] as const) {
		it(`parses ${args.join(' ')} into BbError('usage')`, () => {
			assert.throws(() => parseEmulatorArgs([...args]), (error: unknown) => error instanceof BbError && error.kind === 'usage' && message.test(error.message));
		});
	}

	it('parses the documented defaults', () => {
		assert.deepEqual(parseEmulatorArgs([]), {
			host: '127.0.0.1',
			port: 0,
			scenario: 'demo',
			seed: undefined,
			latencyMs: undefined,
			jitterMs: undefined,
			faultRate: undefined,
			malformedRate: undefined,
			rateLimit: undefined,
			rateLimitWindowMs: undefined,
			retryAfter: false,
			writeFaultsAfterApply: false,
		});
	});
});
