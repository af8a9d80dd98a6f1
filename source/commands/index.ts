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

export const COMMANDS: CommandEntry[] = [];

export function findCommand(name: string): CommandEntry | undefined {
	return COMMANDS.find(command => command.name === name);
}
