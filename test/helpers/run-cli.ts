/**
 * Run the CLI in a child process (node --import tsx source/cli.tsx …) without blocking the event
 * loop, so an in-process emulator keeps answering. stdin is a pipe (not a TTY).
 */
import {spawn} from 'node:child_process';

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
