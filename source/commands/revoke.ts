/**
 * `bbaccess revoke`: remove a user's or group's explicit entry on a repository or project.
 * Access that survives (project, group, owner) is said before anything is sent.
 */
import {commonFlags, requireFlag, runChange, processIO, type IO} from '../core/changes/cli-flow.js';
import {resolveTarget} from '../core/changes/index.js';
import {parseCommandArgs} from './args.js';
import {checkTargetFlags, PERMISSION_OPTIONS, resolvePrincipal} from './grant.js';

export const REVOKE_USAGE =
	'bbaccess revoke --workspace W (--repo R | --project KEY) (--user U | --group G) [--yes] [--dry-run] [--json] [--no-cache] [--api-url URL]';

export async function run(argv: string[], io: IO = processIO()): Promise<number> {
	const {values} = parseCommandArgs(argv, PERMISSION_OPTIONS);
	const workspace = requireFlag(values.workspace, 'workspace');
	checkTargetFlags(values);
	const flags = commonFlags(values);
	return runChange(flags, [workspace], async ({graph, service}) => {
		const target = resolveTarget(graph, workspace, {repo: values.repo, project: values.project});
		const principal = resolvePrincipal(graph, workspace, values);
		return service.revoke(target, principal, {dryRun: flags.dryRun});
	}, io);
}
