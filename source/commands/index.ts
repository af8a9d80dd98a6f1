/**
 * The command table: one entry per subcommand, loaded lazily so `--version` and `--help`
 * never load Ink or React. `run` returns the process exit code.
 */
export interface CommandModule {
	run(argv: string[]): Promise<number>;
}

export interface CommandEntry {
	name: string;
	summary: string;
	usage: string;
	load: () => Promise<CommandModule>;
}

export const COMMANDS: CommandEntry[] = [
	{
		name: 'explore',
		summary: 'open the explorer (default)',
		usage: 'bbaccess [explore] [--workspace W]… [--api-url URL] [--no-cache] [--read-only] [--deep] [--debug] [--concurrency N]',
		load: () => import('./explore.js'),
	},
	{
		name: 'demo',
		summary: 'open the explorer on the built-in emulator with sample data (no account needed)',
		usage: 'bbaccess demo [--scenario demo|medium|large|xl] [--seed N] [--latency-ms N] [--jitter-ms N] [--as admin|reader] [--workspace W]… [--read-only] [--deep]',
		load: () => import('./demo.js'),
	},
	{
		name: 'sync',
		summary: 'read access from Bitbucket, print a summary and save the snapshot',
		usage: 'bbaccess sync [--workspace W]… [--deep] [--json] [--no-cache] [--api-url URL] [--concurrency N] [--debug]',
		load: () => import('./sync.js'),
	},
];

export function findCommand(name: string): CommandEntry | undefined {
	return COMMANDS.find(command => command.name === name);
}
