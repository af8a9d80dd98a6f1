import {chmodSync, mkdirSync} from 'node:fs';
import {chmod, mkdir, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Where bbaccess keeps its files (XDG base directories on every platform, so tests and
 * headless boxes can redirect everything with XDG_* variables).
 * - config: email, API URL, workspace filter, preferences (never the token)
 * - cache:  snapshots of the access graph, the request-budget ledger
 * - state:  the change journal and debug logs
 */
export interface AppPaths {
	configDir: string;
	configFile: string;
	cacheDir: string;
	stateDir: string;
	journalFile: string;
	logDir: string;
}

function base(envName: string, fallback: string[], env: NodeJS.ProcessEnv): string {
	const fromEnv = env[envName];
	if (fromEnv && path.isAbsolute(fromEnv)) return fromEnv;
	return path.join(os.homedir(), ...fallback);
}

export function appPaths(env: NodeJS.ProcessEnv = process.env): AppPaths {
	const configDir = path.join(base('XDG_CONFIG_HOME', ['.config'], env), 'bbaccess');
	const cacheDir = path.join(base('XDG_CACHE_HOME', ['.cache'], env), 'bbaccess');
	const stateDir = path.join(base('XDG_STATE_HOME', ['.local', 'state'], env), 'bbaccess');
	return {
		configDir,
		configFile: path.join(configDir, 'config.json'),
		cacheDir,
		stateDir,
		journalFile: path.join(stateDir, 'journal.jsonl'),
		logDir: path.join(stateDir, 'logs'),
	};
}

/**
 * Create a directory bbaccess owns with mode 0700 whatever the umask, and tighten it when it
 * already exists (an older version, or a tool like conf, may have made it 0755).
 */
export function ensurePrivateDirSync(dir: string): void {
	mkdirSync(dir, {recursive: true, mode: 0o700});
	try {
		chmodSync(dir, 0o700);
	} catch {
		// Not ours to change (a shared folder given through XDG_*): leave it.
	}
}

/**
 * Write a file only its owner can read (0600 whatever the umask), also when it already exists with a
 * wider mode (writeFile's mode applies only to a new file): reports list who can reach what.
 */
export async function writePrivateFile(file: string, data: string): Promise<void> {
	await writeFile(file, data, {encoding: 'utf8', mode: 0o600});
	await chmod(file, 0o600);
}

export async function ensurePrivateDir(dir: string): Promise<void> {
	await mkdir(dir, {recursive: true, mode: 0o700});
	await chmod(dir, 0o700).catch(() => undefined);
}
