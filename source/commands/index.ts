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
		usage: 'bbaccess [explore] [--workspace W]… [--api-url URL] [--no-cache] [--offline] [--budget N/W] [--read-only] [--deep] [--debug] [--concurrency N]',
		load: () => import('./explore.js'),
	},
	{
		name: 'demo',
		summary: 'open the explorer on the built-in emulator with sample data (no account needed)',
		usage: 'bbaccess demo [--scenario demo|medium|large|xl] [--seed N] [--latency-ms N] [--jitter-ms N] [--as admin|reader] [--workspace W]… [--read-only] [--deep] [--port N]',
		load: () => import('./demo.js'),
	},
	{
		name: 'sync',
		summary: 'read access from Bitbucket, print a summary and save the snapshot',
		usage: 'bbaccess sync [--workspace W]… [--deep] [--wait] [--budget N/W] [--json] [--no-cache] [--api-url URL] [--concurrency N] [--debug]',
		load: () => import('./sync.js'),
	},
	{
		name: 'export',
		summary: 'write effective access, explicit grants, members or groups as CSV or JSON',
		usage: 'bbaccess export [--workspace W]… [--what effective|explicit|members|groups] [--format csv|json] [--out FILE] [--shallow] [--budget N/W] [--no-cache] [--api-url URL]',
		load: () => import('./export.js'),
	},
	{
		name: 'grant',
		summary: 'grant or change a user\'s or group\'s level on a repository or project (plan, confirm, verify)',
		usage: 'bbaccess grant --workspace W (--repo R | --project KEY) (--user U | --group G) --level L [--yes] [--dry-run] [--read-only] [--json] [--no-cache] [--api-url URL]',
		load: () => import('./grant.js'),
	},
	{
		name: 'revoke',
		summary: 'remove a user\'s or group\'s explicit permission on a repository or project',
		usage: 'bbaccess revoke --workspace W (--repo R | --project KEY) (--user U | --group G) [--yes] [--dry-run] [--read-only] [--json] [--no-cache] [--api-url URL]',
		load: () => import('./revoke.js'),
	},
	{
		name: 'group',
		summary: 'add a user to a group or remove them from it',
		usage: 'bbaccess group add|remove --workspace W --group G --user U [--yes] [--dry-run] [--read-only] [--json] [--no-cache] [--api-url URL]',
		load: () => import('./group.js'),
	},
	{
		name: 'offboard',
		summary: 'remove every explicit grant and group membership of a person (by --user or by --email)',
		usage: 'bbaccess offboard (--user U | --email A [--email B]…) [--workspace W]… [--report FILE.md] [--yes] [--dry-run] [--read-only] [--json] [--no-cache] [--api-url URL]',
		load: () => import('./offboard.js'),
	},
	{
		name: 'apply',
		summary: 'apply a change file (CSV or JSON Lines of desired permissions and memberships) as one batch',
		usage: 'bbaccess apply FILE [--yes] [--dry-run] [--read-only] [--json] [--no-cache] [--api-url URL]',
		load: () => import('./apply.js'),
	},
	{
		name: 'undo',
		summary: 'undo a journaled change or batch from any session (re-reads first; conflicts are left alone)',
		usage: 'bbaccess undo [ID] [--yes] [--dry-run] [--read-only] [--json] [--no-cache] [--api-url URL]',
		load: () => import('./undo.js'),
	},
	{
		name: 'snapshots',
		summary: 'list the kept snapshots of past syncs (time, account, workspaces, completeness, size)',
		usage: 'bbaccess snapshots [--all] [--json] [--api-url URL]',
		load: () => import('./snapshots.js'),
	},
	{
		name: 'diff',
		summary: 'what changed between two snapshots: effective access and the explicit state behind it',
		usage: 'bbaccess diff [--since 7d | --from ID [--to ID]] [--workspace W]… [--format text|json|csv] [--api-url URL]',
		load: () => import('./diff.js'),
	},
	{
		name: 'audit',
		summary: 'findings on the synced access data (built-in rules and a policy file); --fix plans their fixes',
		usage: 'bbaccess audit [--workspace W]… [--policy FILE] [--format text|json|csv] [--fail-on SEVERITY] [--snapshot ID] [--fix FINDING-ID… [--yes] [--dry-run]]',
		load: () => import('./audit.js'),
	},
	{
		name: 'report',
		summary: 'write the evidence report of an access review (Markdown or self-contained HTML)',
		usage: 'bbaccess report --out FILE [--format md|html] [--workspace W]… [--snapshot ID] [--since 7d | --from ID] [--policy FILE] [--project KEY | --group G]',
		load: () => import('./report.js'),
	},
	{
		name: 'journal',
		summary: 'show the journal of access changes',
		usage: 'bbaccess journal [--json] [--limit N]',
		load: () => import('./journal.js'),
	},
	{
		name: 'verify',
		summary: 'settle changes the journal marks unverified (sent, not confirmed) by re-reading them',
		usage: 'bbaccess verify [BATCH] [--json] [--api-url URL]',
		load: () => import('./verify.js'),
	},
	{
		name: 'login',
		summary: 'set up or replace the Bitbucket login (wizard; --token-stdin for scripts)',
		usage: 'bbaccess login [--api-url URL] [--email E --token-stdin] [--workspace W]… [--read-only]',
		load: () => import('./login.js'),
	},
	{
		name: 'logout',
		summary: 'remove the saved login (token from the OS keychain, settings from the config)',
		usage: 'bbaccess logout [--yes] [--api-url URL]',
		load: () => import('./logout.js'),
	},
	{
		name: 'info',
		summary: 'show version, file locations, the login in use and keychain status (never the token)',
		usage: 'bbaccess info [--json] [--api-url URL]',
		load: () => import('./info.js'),
	},
	{
		name: 'emulator',
		summary: 'serve the Bitbucket Cloud emulator on loopback (for tests, benchmarks and trying things out)',
		usage: 'bbaccess emulator [--port N] [--host 127.0.0.1] [--scenario demo|medium|large|xl|FILE.json] [--seed N] [--latency-ms N] [--jitter-ms N] [--fault-rate P] [--malformed-rate P] [--rate-limit N] [--rate-limit-window-ms N] [--retry-after] [--write-faults-after-apply]',
		load: () => import('./emulator.js'),
	},
];

export function findCommand(name: string): CommandEntry | undefined {
	return COMMANDS.find(command => command.name === name);
}
