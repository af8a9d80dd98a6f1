/**
 * `bbaccess offboard`: remove every explicit grant and group membership of one person across the
 * synced (or named) workspaces, as one plan with per-item results. Typed confirmation: the person's name.
 */
import {commonFlags, COMMON_OPTIONS, requireFlag, runChange, processIO, type IO} from '../core/changes/cli-flow.js';
import {resolveUser} from '../core/changes/index.js';
import {list, parseCommandArgs} from './args.js';

export const OFFBOARD_USAGE = 'bbaccess offboard --user U [--workspace W]... [--yes] [--dry-run] [--json] [--no-cache] [--api-url URL]';

const OPTIONS = {
	...COMMON_OPTIONS,
	workspace: {type: 'string', short: 'w', multiple: true},
	user: {type: 'string'},
} as const;

export async function run(argv: string[], io: IO = processIO()): Promise<number> {
	const {values} = parseCommandArgs(argv, OPTIONS);
	const userText = requireFlag(values.user, 'user');
	const workspaces = list(values.workspace);
	const flags = commonFlags(values);
	return runChange(flags, workspaces, async ({graph, service}) => {
		const user = resolveUser(graph, userText, workspaces);
		return service.offboard(user.uuid, {workspaces: workspaces.length > 0 ? workspaces : undefined, dryRun: flags.dryRun});
	}, io);
}
