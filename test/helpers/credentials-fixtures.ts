/**
 * Shared by the credentials, wizard and keychain tests: an emulator scenario with the demo data plus
 * accounts that exercise every verification outcome, unique temp XDG dirs, a closed loopback port,
 * and waitFor (poll a condition; never a fixed sleep).
 */
import {mkdtempSync} from 'node:fs';
import {createServer} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {resolveScenario, startEmulator, type RunningEmulator, type Scenario} from '../../source/emulator/index.js';

export const ADMIN = {email: 'admin@acme.test', token: 'demo-admin-token'} as const;
export const READER = {email: 'reader@acme.test', token: 'demo-reader-token'} as const;
/** A member whose token lacks read:repository:bitbucket. */
export const NO_REPO_READ = {email: 'norepo@acme.test', token: 'token-without-read-repository'} as const;
/** An account that is a member of no workspace. */
export const LONER = {email: 'loner@acme.test', token: 'token-of-a-loner-account'} as const;

export async function credentialsScenario(): Promise<Scenario> {
	const scenario = structuredClone(await resolveScenario('demo'));
	scenario.name = 'credentials';
	scenario.users.push(
		{
			nickname: 'norepo',
			displayName: 'No Repo Read',
			email: NO_REPO_READ.email,
			tokens: [{token: NO_REPO_READ.token, scopes: ['read:user', 'read:workspace', 'read:project']}],
		},
		{nickname: 'loner', displayName: 'Lone Account', email: LONER.email, tokens: [{token: LONER.token, scopes: ['read:user', 'read:workspace', 'read:project', 'read:repository']}]},
	);
	scenario.workspaces[0]!.members.push('norepo');
	return scenario;
}

export async function startCredentialsEmulator(): Promise<RunningEmulator> {
	return startEmulator({scenario: await credentialsScenario()});
}

/** A loopback URL where nothing listens (the port was just released). */
export async function closedPortUrl(): Promise<string> {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	await new Promise<void>(resolve => server.close(() => resolve()));
	return `http://127.0.0.1:${port}`;
}

export interface TempXdg {
	root: string;
	env: Record<string, string>;
}

/** Fresh XDG config/cache/state dirs under one temp root. */
export function tempXdg(prefix = 'bbaccess-cred-'): TempXdg {
	const root = mkdtempSync(path.join(os.tmpdir(), prefix));
	return {
		root,
		env: {
			XDG_CONFIG_HOME: path.join(root, 'config'),
			XDG_CACHE_HOME: path.join(root, 'cache'),
			XDG_STATE_HOME: path.join(root, 'state'),
		},
	};
}

/** Poll `condition` until it returns true; throws with `describe()` on timeout. */
export async function waitFor(condition: () => boolean, {timeoutMs = 5000, describe = () => ''}: {timeoutMs?: number; describe?: () => string} = {}): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${describe() ? `; last state:\n${describe()}` : ''}`);
		await new Promise(resolve => setTimeout(resolve, 10));
	}
}

/** A unique email per test run, so concurrent keychain tests never share an entry. */
export function uniqueEmail(label: string): string {
	return `${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}@acme.test`;
}
