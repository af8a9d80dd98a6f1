/**
 * `bbaccess grant`: set a user's or group's explicit level on a repository or project
 * (plan → confirm → apply → verify → journal; see docs/changes.md).
 */
import {commonFlags, COMMON_OPTIONS, requireFlag, runChange, processIO, type IO} from '../core/changes/cli-flow.js';
import {parseLevel, resolveGroup, resolveTarget, resolveUser} from '../core/changes/index.js';
import {BbError} from '../core/errors.js';
import type {Principal} from '../core/model.js';
import type {AccessGraph} from '../core/graph/index.js';
import {parseCommandArgs} from './args.js';

export const GRANT_USAGE =
	'bbaccess grant --workspace W (--repo R | --project KEY) (--user U | --group G) --level L [--yes] [--dry-run] [--json] [--no-cache] [--api-url URL]';

export const PERMISSION_OPTIONS = {
	...COMMON_OPTIONS,
	workspace: {type: 'string', short: 'w'},
	repo: {type: 'string'},
	project: {type: 'string'},
	user: {type: 'string'},
	group: {type: 'string'},
} as const;

/** --user or --group (exactly one) as a Principal. */
export function resolvePrincipal(graph: AccessGraph, workspace: string, values: {user?: string; group?: string}): Principal {
	if (values.user !== undefined && values.group !== undefined) throw new BbError('usage', 'give either --user or --group, not both');
	if (values.user !== undefined) return {type: 'user', uuid: resolveUser(graph, values.user, [workspace]).uuid};
	if (values.group !== undefined) return {type: 'group', slug: resolveGroup(graph, workspace, values.group)};
	throw new BbError('usage', 'give --user <uuid|account id|nickname> or --group <slug>');
}

export function checkTargetFlags(values: {repo?: string; project?: string; user?: string; group?: string}): void {
	if (values.repo === undefined && values.project === undefined) throw new BbError('usage', 'give --repo <slug> or --project <KEY>');
	if (values.repo !== undefined && values.project !== undefined) throw new BbError('usage', 'give either --repo or --project, not both');
	if (values.user === undefined && values.group === undefined) throw new BbError('usage', 'give --user <uuid|account id|nickname> or --group <slug>');
	if (values.user !== undefined && values.group !== undefined) throw new BbError('usage', 'give either --user or --group, not both');
}

export async function run(argv: string[], io: IO = processIO()): Promise<number> {
	const {values} = parseCommandArgs(argv, {...PERMISSION_OPTIONS, level: {type: 'string'}});
	const workspace = requireFlag(values.workspace, 'workspace');
	checkTargetFlags(values);
	const levelText = requireFlag(values.level, 'level');
	const flags = commonFlags(values);
	return runChange(flags, [workspace], async ({graph, service}) => {
		const target = resolveTarget(graph, workspace, {repo: values.repo, project: values.project});
		const level = parseLevel(levelText, target);
		const principal = resolvePrincipal(graph, workspace, values);
		return service.grant(target, principal, level, {dryRun: flags.dryRun});
	}, io);
}
