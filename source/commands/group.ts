/**
 * `bbaccess group add|remove`: change one user's membership of a group (v1 groups API).
 * Workspaces administered from admin.atlassian.com refuse these writes; bbaccess says so.
 */
import {commonFlags, COMMON_OPTIONS, requireFlag, runChange, processIO, type IO} from '../core/changes/cli-flow.js';
import {resolveGroup, resolveUser} from '../core/changes/index.js';
import {requireWorkspace} from '../core/changes/resolve.js';
import {BbError} from '../core/errors.js';
import {parseCommandArgs} from './args.js';

export const GROUP_USAGE = 'bbaccess group add|remove --workspace W --group G --user U [--yes] [--dry-run] [--json] [--no-cache] [--api-url URL]';

const OPTIONS = {
	...COMMON_OPTIONS,
	workspace: {type: 'string', short: 'w'},
	group: {type: 'string'},
	user: {type: 'string'},
} as const;

export async function run(argv: string[], io: IO = processIO()): Promise<number> {
	const {values, positionals} = parseCommandArgs(argv, OPTIONS, {positionals: 1});
	const action = positionals[0];
	if (action !== 'add' && action !== 'remove') {
		throw new BbError('usage', action === undefined ? 'say what to do: group add or group remove' : `unknown action '${action}': use add or remove`);
	}
	const workspace = requireFlag(values.workspace, 'workspace');
	const groupText = requireFlag(values.group, 'group');
	const userText = requireFlag(values.user, 'user');
	const flags = commonFlags(values);
	return runChange(flags, [workspace], async ({graph, service}) => {
		requireWorkspace(graph, workspace);
		const group = resolveGroup(graph, workspace, groupText);
		const user = resolveUser(graph, userText, [workspace]);
		return service.groupMembership(workspace, group, user.uuid, action === 'add', {dryRun: flags.dryRun});
	}, io);
}
