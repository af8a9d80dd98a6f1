/**
 * Outside a terminal the explorer and the demo refuse with a clear message pointing to
 * `bbaccess export` and exit with the usage code: no Ink, no React stack trace.
 */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {test} from 'node:test';
import {EXIT} from '../source/core/errors.js';

function runCli(args: string[]): Promise<{code: number | null; stdout: string; stderr: string}> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'source/cli.tsx', ...args], {
			stdio: ['pipe', 'pipe', 'pipe'],
			// No credentials anywhere: the TTY check must come before any keychain or network access.
			env: {...process.env, BITBUCKET_EMAIL: '', BITBUCKET_API_TOKEN: '', XDG_CONFIG_HOME: '/nonexistent-bbaccess-test'},
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', chunk => (stdout += String(chunk)));
		child.stderr.on('data', chunk => (stderr += String(chunk)));
		child.stdin.end();
		child.on('error', reject);
		child.on('close', code => resolve({code, stdout, stderr}));
	});
}

for (const args of [[], ['explore'], ['demo'], ['--workspace', 'acme']]) {
	test(`bbaccess ${args.join(' ') || '(no command)'} without a terminal points to export`, async () => {
		const result = await runCli(args);
		assert.equal(result.code, EXIT.usage);
		assert.match(result.stderr, /needs an interactive terminal/);
		assert.match(result.stderr, /bbaccess export/);
		assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
		assert.equal(result.stdout, '');
	});
}

test('bad flags are reported before the terminal check', async () => {
	const result = await runCli(['demo', '--scenario', 'huge']);
	assert.equal(result.code, EXIT.usage);
	assert.match(result.stderr, /--scenario must be one of demo, medium, large, xl, got 'huge'/);
});
