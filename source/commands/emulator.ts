/**
 * `bbaccess emulator`: serve the Bitbucket Cloud emulator until SIGINT/SIGTERM. The first stdout
 * line is exactly "bbaccess emulator listening on http://HOST:PORT" (scripts wait for it).
 */
import {isLoopbackHost} from '../core/bitbucket/api-url.js';
import {BbError, EXIT} from '../core/errors.js';
import {ScenarioError, startEmulator, type EmulatorOptions} from '../emulator/index.js';
import {intFlag, parseCommandArgs, rateFlag} from './args.js';

const OPTIONS = {
	port: {type: 'string'},
	host: {type: 'string'},
	scenario: {type: 'string'},
	seed: {type: 'string'},
	'latency-ms': {type: 'string'},
	'jitter-ms': {type: 'string'},
	'fault-rate': {type: 'string'},
	'malformed-rate': {type: 'string'},
	'rate-limit': {type: 'string'},
	'rate-limit-window-ms': {type: 'string'},
	'retry-after': {type: 'boolean'},
	'write-faults-after-apply': {type: 'boolean'},
} as const;

export function parseEmulatorArgs(argv: string[]): EmulatorOptions {
	const {values} = parseCommandArgs(argv, OPTIONS);
	const host = values.host ?? '127.0.0.1';
	if (host.trim() === '' || /[\s/]/.test(host)) throw new BbError('usage', `--host takes a host name or IP address, got '${host}'`);
	return {
		host,
		port: intFlag('port', values.port, {max: 65_535}) ?? 0,
		scenario: values.scenario ?? 'demo',
		seed: intFlag('seed', values.seed, {max: 2 ** 32 - 1}),
		latencyMs: intFlag('latency-ms', values['latency-ms'], {max: 600_000}),
		jitterMs: intFlag('jitter-ms', values['jitter-ms'], {max: 600_000}),
		faultRate: rateFlag('fault-rate', values['fault-rate']),
		malformedRate: rateFlag('malformed-rate', values['malformed-rate']),
		rateLimit: intFlag('rate-limit', values['rate-limit']),
		rateLimitWindowMs: intFlag('rate-limit-window-ms', values['rate-limit-window-ms'], {min: 1}),
		retryAfter: values['retry-after'] ?? false,
		writeFaultsAfterApply: values['write-faults-after-apply'] ?? false,
	};
}

export async function run(argv: string[]): Promise<number> {
	const options = parseEmulatorArgs(argv);
	// Listen for the stop signals before anything is printed, so a signal sent right after the
	// listening line is always a clean stop.
	const stopSignal = new Promise<NodeJS.Signals>(resolve => {
		process.once('SIGINT', () => resolve('SIGINT'));
		process.once('SIGTERM', () => resolve('SIGTERM'));
	});
	let emulator;
	try {
		emulator = await startEmulator(options);
	} catch (error) {
		if (error instanceof ScenarioError) throw new BbError('usage', `bad scenario: ${error.message}`, {showUsage: false});
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EADDRINUSE') throw new BbError('usage', `cannot listen on ${options.host}:${options.port}: the port is in use`, {showUsage: false});
		if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES') {
			throw new BbError('usage', `cannot listen on ${options.host}:${options.port} (${code})`, {showUsage: false});
		}
		throw error;
	}
	process.stdout.write(`bbaccess emulator listening on ${emulator.url}\n`);
	if (!isLoopbackHost(options.host ?? '127.0.0.1')) {
		process.stderr.write('bbaccess emulator: warning: not bound to loopback; anyone who can reach this address can use the demo logins\n');
	}
	const signal = await stopSignal;
	await emulator.stop();
	process.stderr.write(`bbaccess emulator stopped (${signal})\n`);
	return EXIT.ok;
}
