/**
 * `bbaccess demo`: the newcomer's first command. Starts the built-in Bitbucket emulator on a free
 * loopback port, signs in as the demo admin (never touching the keychain or the user's config,
 * cache or state: everything lives in a private temp directory removed on exit) and opens the
 * explorer. The header says DEMO.
 */
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {BbError, EXIT} from '../core/errors.js';
import {appPaths} from '../core/paths.js';
import {createSession} from '../core/session.js';
import {DEMO_ADMIN, DEMO_READER, startEmulator} from '../emulator/index.js';
import {intFlag, list, parseCommandArgs} from './args.js';
import {NOT_A_TTY_MESSAGE, isInteractive, launchExplorer, preferProductionReact} from './explore.js';

export const DEMO_USAGE =
	'bbaccess demo [--scenario demo|medium|large|xl] [--seed N] [--latency-ms N] [--jitter-ms N] [--as admin|reader] [--workspace W]… [--read-only] [--deep] [--concurrency N] [--port N]';

const SCENARIOS = ['demo', 'medium', 'large', 'xl'] as const;
type Scenario = (typeof SCENARIOS)[number];

/** The emulator's demo logins (documented in README; safe to print, they only open the emulator). */
export const DEMO_LOGINS = {
	admin: DEMO_ADMIN,
	reader: DEMO_READER,
} as const;

const OPTIONS = {
	scenario: {type: 'string'},
	seed: {type: 'string'},
	'latency-ms': {type: 'string'},
	'jitter-ms': {type: 'string'},
	as: {type: 'string'},
	workspace: {type: 'string', multiple: true},
	'read-only': {type: 'boolean'},
	deep: {type: 'boolean'},
	debug: {type: 'boolean'},
	concurrency: {type: 'string'},
	/** Serve the emulator on this loopback port (default: a free one), e.g. to watch /_emulator/state. */
	port: {type: 'string'},
} as const;

export interface DemoOptions {
	scenario: Scenario;
	seed?: number;
	latencyMs?: number;
	jitterMs?: number;
	login: keyof typeof DEMO_LOGINS;
	workspaces: string[];
	readOnly: boolean;
	deep: boolean;
	debug: boolean;
	concurrency?: number;
	port?: number;
}

export function parseDemoArgs(argv: string[]): DemoOptions {
	const {values} = parseCommandArgs(argv, OPTIONS);
	const scenario = values.scenario ?? 'demo';
	if (!(SCENARIOS as readonly string[]).includes(scenario)) {
		throw new BbError('usage', `--scenario must be one of ${SCENARIOS.join(', ')}, got '${scenario}'`);
	}
	const login = values.as ?? 'admin';
	if (login !== 'admin' && login !== 'reader') throw new BbError('usage', `--as must be admin or reader, got '${login}'`);
	return {
		scenario: scenario as Scenario,
		seed: intFlag('seed', values.seed),
		latencyMs: intFlag('latency-ms', values['latency-ms'], {max: 10_000}),
		jitterMs: intFlag('jitter-ms', values['jitter-ms'], {max: 10_000}),
		login,
		workspaces: list(values.workspace),
		readOnly: Boolean(values['read-only']),
		deep: Boolean(values.deep),
		debug: Boolean(values.debug),
		concurrency: intFlag('concurrency', values.concurrency, {min: 1, max: 16}),
		port: intFlag('port', values.port, {min: 1, max: 65_535}),
	};
}

/** XDG variables pointing into `root`, so the demo reads and writes nothing of the user's. */
export function privateEnvironment(root: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
	const clean = {...env};
	delete clean['BITBUCKET_EMAIL'];
	delete clean['BITBUCKET_API_TOKEN'];
	delete clean['BBACCESS_API_URL'];
	return {
		...clean,
		XDG_CONFIG_HOME: path.join(root, 'config'),
		XDG_CACHE_HOME: path.join(root, 'cache'),
		XDG_STATE_HOME: path.join(root, 'state'),
	};
}

/**
 * Where the demo's `e` writes: the user's own export directory, not the demo's temp dir (removed
 * on quit), so an export asked for outlives the demo.
 */
export function demoExportDir(env: NodeJS.ProcessEnv = process.env): string {
	return env['BBACCESS_EXPORT_DIR'] || path.join(appPaths(env).stateDir, 'exports');
}

export async function run(argv: string[]): Promise<number> {
	preferProductionReact();
	const options = parseDemoArgs(argv);
	if (!isInteractive()) {
		process.stderr.write(NOT_A_TTY_MESSAGE);
		return EXIT.usage;
	}
	const root = await mkdtemp(path.join(os.tmpdir(), 'bbaccess-demo-'));
	const emulator = await startEmulator({
		scenario: options.scenario,
		seed: options.seed,
		port: options.port ?? 0,
		latencyMs: options.latencyMs,
		jitterMs: options.jitterMs,
	});
	try {
		const session = await createSession({
			apiUrl: emulator.url,
			credentials: DEMO_LOGINS[options.login],
			env: privateEnvironment(root),
			workspaces: options.workspaces.length > 0 ? options.workspaces : undefined,
			debug: options.debug,
			concurrency: options.concurrency,
			readOnly: options.readOnly,
		});
		// The cache is on (in the private temp dir): each refresh keeps a snapshot, so the Changes view
		// (C) has something to compare once the demo has refreshed after a change.
		return await launchExplorer({session, apiUrl: session.credentials.apiUrl, cache: true, deep: options.deep, demo: true, exportDir: demoExportDir()});
	} finally {
		await emulator.stop();
		await rm(root, {recursive: true, force: true});
	}
}
