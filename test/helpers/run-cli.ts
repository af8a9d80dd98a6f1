/**
 * Run the CLI in a child process (node --import tsx source/cli.tsx …) without blocking the event
 * loop, so an in-process emulator keeps answering. stdin is a pipe (not a TTY).
 */
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Writable} from 'node:stream';

/** A stream that keeps what is written to it (an IO's stdout or stderr in in-process CLI runs). */
export function sink(): {stream: Writable; text: () => string} {
	let text = '';
	return {stream: new Writable({write: (chunk, _encoding, done) => ((text += String(chunk)), done())}), text: () => text};
}

/** The XDG folders of a private root: config, cache and state each in their own subfolder. */
export function xdgDirs(root: string): {XDG_CONFIG_HOME: string; XDG_CACHE_HOME: string; XDG_STATE_HOME: string} {
	return {XDG_CONFIG_HOME: path.join(root, 'config'), XDG_CACHE_HOME: path.join(root, 'cache'), XDG_STATE_HOME: path.join(root, 'state')};
}

export interface CliResult {
	status: number | null;
	stdout: string;
	stderr: string;
}

export function runCli(args: string[], {env, input}: {env: NodeJS.ProcessEnv; input?: string}): Promise<CliResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'source/cli.tsx', ...args], {env, stdio: ['pipe', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', status => resolve({status, stdout, stderr}));
		child.stdin.end(input ?? '');
	});
}

/**
 * A private HOME with XDG folders for one test (removed after it) and the environment that runs
 * the CLI there as `login` with colours off. `extra` adds or overrides variables (BBACCESS_API_URL…).
 */
export function privateCliEnv(
	t: {after: (fn: () => void) => void},
	prefix: string,
	login: {email: string; token: string},
	extra: NodeJS.ProcessEnv = {},
): {home: string; env: NodeJS.ProcessEnv} {
	const home = mkdtempSync(path.join(os.tmpdir(), `bbaccess-${prefix}-`));
	t.after(() => rmSync(home, {recursive: true, force: true}));
	const env: NodeJS.ProcessEnv = {
		PATH: process.env.PATH,
		HOME: home,
		...xdgDirs(home),
		BITBUCKET_EMAIL: login.email,
		BITBUCKET_API_TOKEN: login.token,
		NO_COLOR: '1',
		...extra,
	};
	return {home, env};
}
