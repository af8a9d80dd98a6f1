/**
 * `bbaccess offboard`: remove every explicit grant and group membership of one person across the
 * synced (or named) workspaces, as one plan with per-item results. Typed confirmation: the person's name.
 * `--email` (repeatable) finds people by address (workspace admins only) and plans them as one batch;
 * `--report FILE.md` writes what was removed, what was not, and the residual access re-read from Bitbucket.
 */
import {commonFlags, COMMON_OPTIONS, requireFlag, runChange, processIO, type IO} from '../core/changes/cli-flow.js';
import {resolveUser} from '../core/changes/index.js';
import {offboardingReport, planOffboardByEmail, runBatch, writeOffboardingReport, type EmailOffboarding} from '../core/changes/batch/index.js';
import {BbError} from '../core/errors.js';
import {list, parseCommandArgs} from './args.js';

export const OFFBOARD_USAGE = 'bbaccess offboard (--user U | --email A [--email B]…) [--workspace W]... [--report FILE.md] [--yes] [--dry-run] [--json] [--no-cache] [--api-url URL]';

const OPTIONS = {
	...COMMON_OPTIONS,
	workspace: {type: 'string', short: 'w', multiple: true},
	user: {type: 'string'},
	email: {type: 'string', multiple: true},
	report: {type: 'string'},
} as const;

export async function run(argv: string[], io: IO = processIO()): Promise<number> {
	const {values} = parseCommandArgs(argv, OPTIONS);
	const workspaces = list(values.workspace);
	const flags = commonFlags(values);
	const emails = list(values.email);
	if (emails.length > 0) {
		if (values.user !== undefined) throw new BbError('usage', 'give either --user or --email, not both');
		for (const email of emails) if (!/^[^@\s"]+@[^@\s"]+$/.test(email.trim())) throw new BbError('usage', `--email '${email}' is not an e-mail address`);
		let offboarding: EmailOffboarding | undefined;
		return runBatch(
			flags,
			workspaces,
			async ({service, session}) => {
				offboarding = await planOffboardByEmail(service, session.client, emails, {workspaces, dryRun: flags.dryRun, budget: session.budget});
				return offboarding.plan;
			},
			io,
			{
				afterApply: async ({session, graph}, _plan, result) => {
					if (!values.report || !offboarding) return;
					const applied = result.items.some(item => item.outcome === 'applied-verified' || item.outcome === 'no-op' || item.outcome === 'failed');
					await writeOffboardingReport(values.report, await offboardingReport(session.client, graph, offboarding, applied ? result : undefined));
					(flags.json ? io.stderr : io.stdout).write(`Report written to ${values.report}\n`);
				},
			},
		);
	}
	if (values.report !== undefined) throw new BbError('usage', '--report goes with --email');
	const userText = requireFlag(values.user, 'user');
	return runChange(flags, workspaces, async ({graph, service}) => {
		const user = resolveUser(graph, userText, workspaces);
		return service.offboard(user.uuid, {workspaces: workspaces.length > 0 ? workspaces : undefined, dryRun: flags.dryRun});
	}, io);
}
