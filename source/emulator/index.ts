/**
 * The Bitbucket Cloud emulator: a plain node:http server that behaves like api.bitbucket.org for
 * everything bbaccess uses (see docs/emulator.md). Every test, benchmark and the demo run on it.
 */
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {resolveScenario, type ScenarioSource} from './load-scenario.js';
import {EmulatorCore} from './server.js';
import type {EmulatorStats} from './stats.js';

export type {Scenario, ScenarioUser, ScenarioWorkspace, ScenarioGroup, ScenarioProject, ScenarioRepository, ScenarioToken} from './scenario.js';
export {ALL_SCOPES, READ_SCOPES, DEMO_ADMIN, DEMO_READER} from './scenario.js';
export {ScenarioError, validateScenario} from './scenario-validate.js';
export {resolveScenario, withDemoLogins, GENERATED_SIZES} from './load-scenario.js';
export {demoScenario} from './scenarios/demo.js';
export {generateScenario, SIZE_SPECS} from './scenarios/generate.js';
export type {EmulatorStats} from './stats.js';
export type {ExportedState} from './state-export.js';

export interface EmulatorOptions {
	/** "demo" (default), "medium", "large", "xl", a path to a scenario JSON file, or a scenario object. */
	scenario?: ScenarioSource;
	/** Seed for generated scenarios and for the fault/jitter sequences (default 1). */
	seed?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/** Default 0: a free port. */
	port?: number;
	/** Added to every API response. */
	latencyMs?: number;
	/** Up to this much more, uniformly at random (seeded). */
	jitterMs?: number;
	/** Probability (0–1) that an API request gets a 500/502/503 or a connection reset instead. */
	faultRate?: number;
	/** Probability (0–1) that a 200 is sent with a truncated JSON body. */
	malformedRate?: number;
	/** Requests per rolling window per user; 0/undefined = unlimited. */
	rateLimit?: number;
	/** Length of the rate-limit window (default 3,600,000 ms = one hour); shorten it in tests. */
	rateLimitWindowMs?: number;
	/** Send Retry-After (seconds) with 429s; Bitbucket does not document it. */
	retryAfter?: boolean;
	/**
	 * When a PUT/DELETE draws a fault, apply it first and then lose the answer (5xx or reset), like a
	 * connection that drops after Bitbucket did the work. Default false: faulted requests change nothing.
	 */
	writeFaultsAfterApply?: boolean;
}

export interface RunningEmulator {
	/** "http://127.0.0.1:PORT" (no trailing slash): the API base serving /2.0 and /1.0. */
	url: string;
	stop(): Promise<void>;
	/** Same data as GET /_emulator/stats. */
	stats(): EmulatorStats;
	/** Same as POST /_emulator/reset: state back to the scenario, stats cleared. */
	reset(): void;
}

function checkRate(name: string, value: number | undefined): number {
	if (value === undefined) return 0;
	if (!Number.isFinite(value) || value < 0 || value > 1) throw new RangeError(`${name} must be a probability from 0 to 1, got ${value}`);
	return value;
}

function checkCount(name: string, value: number | undefined, fallback: number): number {
	if (value === undefined) return fallback;
	if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a number ≥ 0, got ${value}`);
	return value;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
	const seed = options.seed ?? 1;
	const scenario = await resolveScenario(options.scenario ?? 'demo', seed);
	const core = new EmulatorCore(scenario, {
		seed,
		latencyMs: checkCount('latencyMs', options.latencyMs, 0),
		jitterMs: checkCount('jitterMs', options.jitterMs, 0),
		faultRate: checkRate('faultRate', options.faultRate),
		malformedRate: checkRate('malformedRate', options.malformedRate),
		rateLimit: checkCount('rateLimit', options.rateLimit, 0),
		rateLimitWindowMs: checkCount('rateLimitWindowMs', options.rateLimitWindowMs, 3_600_000),
		retryAfter: options.retryAfter ?? false,
		writeFaultsAfterApply: options.writeFaultsAfterApply ?? false,
	});
	const server: Server = createServer((req, res) => {
		core.handle(req, res).catch((error: unknown) => {
			if (!res.headersSent) res.writeHead(500, {'Content-Type': 'application/json'});
			res.end(JSON.stringify({type: 'error', error: {message: 'Internal emulator error', detail: String(error)}}));
		});
	});
	const host = options.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const {port} = server.address() as AddressInfo;
	const urlHost = host.includes(':') ? `[${host}]` : host;
	let stopped: Promise<void> | undefined;
	return {
		url: `http://${urlHost}:${port}`,
		stats: () => core.statsSnapshot(),
		reset: () => core.reset(),
		stop: () => {
			stopped ??= new Promise<void>(resolve => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
			return stopped;
		},
	};
}
