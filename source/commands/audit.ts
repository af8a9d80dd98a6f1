/**
 * `bbaccess audit`: findings on the last synced access data (offline), with the organisation's
 * policy rules; `--fail-on S` exits 6 when a finding at or above S exists. `--fix ID…` plans the
 * proposed fixes of those findings as one batch through the batch pipeline (plan with every
 * request, before → after, effects and cost → confirm → apply → verify → one journal batch with
 * each item's outcome; exit 1 when some failed), on freshly checked data.
 */
import {commonFlags, COMMON_OPTIONS, processIO, type IO} from '../core/changes/cli-flow.js';
import {planBatch, runBatch} from '../core/changes/batch/index.js';
import {BbError, EXIT} from '../core/errors.js';
import {AccessGraph} from '../core/graph/index.js';
import {atOrAbove, audit, EXIT_FINDINGS, loadPolicy, parseSeverity} from '../core/review/audit.js';
import {formatFindings} from '../core/review/format.js';
import {currentSnapshot, localScope} from '../core/review/local-scope.js';
import type {Policy} from '../core/review/policy.js';
import {list, parseCommandArgs} from './args.js';
import {reviewFormat} from './diff.js';
import {formatCount} from '../core/text/numbers.js';

export const AUDIT_USAGE = 'bbaccess audit [--workspace W]… [--policy FILE] [--format text|json|csv] [--fail-on SEVERITY] [--snapshot ID] [--fix FINDING-ID… [--yes] [--dry-run]]';

const OPTIONS = {
	...COMMON_OPTIONS,
	workspace: {type: 'string', multiple: true},
	policy: {type: 'string'},
	format: {type: 'string'},
	'fail-on': {type: 'string'},
	snapshot: {type: 'string'},
	fix: {type: 'string', multiple: true},
} as const;

export async function run(argv: string[], io: IO = processIO()): Promise<number> {
	const {values} = parseCommandArgs(argv, OPTIONS);
	const format = reviewFormat(values.format);
	const failOn = values['fail-on'] === undefined ? undefined : parseSeverity(values['fail-on'], 'fail-on');
	const policy: Policy | undefined = values.policy === undefined ? undefined : await loadPolicy(values.policy);
	const workspaces = list(values.workspace);
	const fixes = list(values.fix);
	if (fixes.length > 0) return fix(fixes, workspaces, policy, values, io);

	const scope = localScope(io.env, values['api-url']);
	const {snapshot, entry} = await currentSnapshot(scope, values.snapshot);
	const graph = AccessGraph.fromSnapshot(snapshot);
	for (const slug of workspaces) if (!graph.workspace(slug)) throw new BbError('usage', `workspace '${slug}' is not in the synced data`, {hint: `Synced: ${graph.workspaces().map(ws => ws.slug).join(', ') || 'none'}.`});
	const findings = audit(graph, {workspaces, policy});
	const header = `Audit of ${snapshot.account.email} at ${snapshot.apiUrl}, data synced ${snapshot.syncedAt}${entry ? ` (snapshot ${entry.id})` : ''}: ${formatCount(findings.length)} ${findings.length === 1 ? 'finding' : 'findings'}`;
	io.stdout.write(formatFindings(findings, format, header));
	if (failOn) {
		const over = atOrAbove(findings, failOn);
		if (over.length > 0) {
			io.stderr.write(`bbaccess: ${formatCount(over.length)} ${over.length === 1 ? 'finding is' : 'findings are'} at or above ${failOn} (exit ${EXIT_FINDINGS})\n`);
			return EXIT_FINDINGS;
		}
	}
	return EXIT.ok;
}

async function fix(ids: string[], workspaces: string[], policy: Policy | undefined, values: Parameters<typeof commonFlags>[0], io: IO): Promise<number> {
	const flags = commonFlags(values);
	let scopeWorkspaces = workspaces;
	if (scopeWorkspaces.length === 0) {
		// Sync (when needed) only the workspaces the findings are in, as the last audit found them.
		const local = await currentSnapshot(localScope(io.env, flags.apiUrl)).catch(() => undefined);
		const known = local ? audit(AccessGraph.fromSnapshot(local.snapshot), {policy}) : [];
		scopeWorkspaces = [...new Set(known.filter(finding => ids.includes(finding.id)).map(finding => finding.workspace))];
	}
	return runBatch(flags, scopeWorkspaces, async ({graph, service, session}) => {
		const findings = audit(graph, {workspaces, policy});
		const chosen = ids.map(id => {
			const finding = findings.find(item => item.id === id);
			if (!finding) throw new BbError('usage', `no finding '${id}' in the current access data (it may be fixed already)`, {hint: 'Run `bbaccess audit` to list the findings and their ids.'});
			if (!finding.fix || finding.fix.changes.length === 0) throw new BbError('usage', `finding '${id}' has no fix bbaccess can make: ${finding.fix?.summary ?? 'none'}`);
			return finding;
		});
		const title = chosen.length === 1 ? `Fix: ${chosen[0]!.fix!.summary}` : `Fix ${formatCount(chosen.length)} findings`;
		return planBatch(service, chosen.flatMap(finding => finding.fix!.changes), {dryRun: flags.dryRun, title, budget: session.budget});
	}, io);
}
