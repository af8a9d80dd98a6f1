#!/usr/bin/env node
/**
 * Entry point: parse the command line and hand over to one command module.
 * Kept free of Ink/React imports so `--version` and `--help` stay instant; every command is
 * loaded on demand from source/commands/.
 */
import {readFileSync} from 'node:fs';
import {COMMANDS, findCommand} from './commands/index.js';
import {BbError, EXIT, exitCodeFor, isBbError} from './core/errors.js';
import {sanitizeOutput} from './core/text/sanitize.js';

function packageVersion(): string {
	const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string};
	return pkg.version;
}

export function usageText(): string {
	const width = Math.max(...COMMANDS.map(command => command.name.length), 8);
	const lines = [
		'Usage: bbaccess [command] [flags]',
		'',
		'Explore and fix Bitbucket Cloud access from the terminal.',
		'',
		'Commands:',
		...COMMANDS.map(command => `  ${command.name.padEnd(width)}  ${command.summary}`),
		'',
		'Flags:',
		'  -h, --help     show help (also: bbaccess <command> --help)',
		'  -v, --version  print the version',
		'',
		'Run `bbaccess` with no command to open the explorer.',
	];
	return lines.join('\n');
}

/**
 * Ink draws only the final frame when it believes it runs in CI (CI or CONTINUOUS_INTEGRATION set).
 * A person at a real terminal is interactive whatever those variables say (dev containers and
 * some shells set CI), so hide them before any command loads Ink.
 */
function treatTerminalAsInteractive(): void {
	if (process.stdin.isTTY && process.stdout.isTTY) {
		delete process.env['CI'];
		delete process.env['CONTINUOUS_INTEGRATION'];
	}
}

/**
 * A reader that goes away (`bbaccess export | head -3`) is how pipes end, not a failure: the first
 * EPIPE turns further output on that stream into a no-op, and the command ends with its own code
 * (a change in progress still finishes and is journaled).
 */
function quietOnClosedPipe(): void {
	for (const stream of [process.stdout, process.stderr]) {
		stream.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code !== 'EPIPE') throw error;
			stream.write = (() => true) as typeof stream.write;
		});
	}
}

async function main(argv: string[]): Promise<number> {
	quietOnClosedPipe();
	const [first, ...rest] = argv;
	if (first === '--version' || first === '-v') {
		process.stdout.write(`${packageVersion()}\n`);
		return EXIT.ok;
	}
	if (first === '--help' || first === '-h' || first === 'help') {
		process.stdout.write(`${usageText()}\n`);
		return EXIT.ok;
	}
	let name = first;
	let args = rest;
	if (first === undefined || first.startsWith('-')) {
		// Plain `bbaccess [flags]` opens the explorer.
		name = 'explore';
		args = argv;
	}
	const entry = findCommand(name!);
	if (!entry) {
		if (name === 'explore') {
			process.stdout.write(`${usageText()}\n`);
			return EXIT.ok;
		}
		process.stderr.write(`bbaccess: unknown command '${name}'\n\n${usageText()}\n`);
		return EXIT.usage;
	}
	if (args.includes('--help') || args.includes('-h')) {
		process.stdout.write(`Usage: ${entry.usage}\n\n${entry.summary}\n`);
		return EXIT.ok;
	}
	treatTerminalAsInteractive();
	try {
		const command = await entry.load();
		return await command.run(args);
	} catch (error) {
		if (isBbError(error)) {
			// Error messages may quote Bitbucket's own text: sanitised like every other output.
			process.stderr.write(sanitizeOutput(`bbaccess: ${error.describe()}\n`));
			// The usage line helps only with the command line itself (not a bad scenario file or API URL setting).
			if (error.kind === 'usage' && error.showUsage) process.stderr.write(`Usage: ${entry.usage}\n`);
			return exitCodeFor(error);
		}
		const message = error instanceof Error ? error.message : String(error);
		process.stderr.write(sanitizeOutput(`bbaccess: unexpected error: ${message}\n`));
		if (process.env.BBACCESS_DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
		return EXIT.failed;
	}
}

main(process.argv.slice(2)).then(
	code => {
		process.exitCode = code;
	},
	(error: unknown) => {
		process.stderr.write(sanitizeOutput(`bbaccess: ${error instanceof BbError ? error.message : String(error)}\n`));
		process.exitCode = EXIT.failed;
	},
);
