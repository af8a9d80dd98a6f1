/**
 * The CLI flow of a batch (apply, offboard --email, undo): open the change context, plan the batch,
 * print it, confirm once (TTY; typed where required; --yes for scripts), apply, print the summary
 * naming what failed, and return the exit code (1 = some failed).
 */
import {saveSnapshot} from '../../sync/index.js';
import {safeJson, writeText} from '../../text/sanitize.js';
import {EXIT, isBbError} from '../../errors.js';
import {confirm, openChangeContext, type ChangeContext, type CommonFlags, type IO} from '../cli-flow.js';
import {applyBatch} from './apply.js';
import {formatBatchPlan, formatBatchResult} from './format.js';
import type {BatchPlan} from './plan.js';
import type {ChangeResult} from '../types.js';

function printJson(io: IO, value: unknown): void {
	io.stdout.write(`${safeJson(value, 2)}\n`);
}

export interface BatchRunHooks {
	/** Runs after apply (offboarding writes its report here). */
	afterApply?: (context: ChangeContext, plan: BatchPlan, result: ChangeResult) => Promise<void>;
}

export async function runBatch(flags: CommonFlags, workspaces: string[], makePlan: (context: ChangeContext) => Promise<BatchPlan>, io: IO, hooks: BatchRunHooks = {}): Promise<number> {
	const context = await openChangeContext(flags, workspaces, io);
	const human = flags.json ? io.stderr : io.stdout;
	const refuse = (message: string, plan?: BatchPlan, outcome = 'refused') => {
		if (flags.json) printJson(io, {...(plan ? {plan} : {}), outcome, message});
		else writeText(io.stderr, `bbaccess: ${message}\n`);
		return EXIT.refused;
	};
	try {
		const reason = context.service.readOnlyReason();
		if (reason) return refuse(`changes are disabled (${reason})`);
		const plan = await makePlan(context);
		writeText(human, `${formatBatchPlan(plan, {yes: flags.yes}).join('\n')}\n`);
		let typed: string | undefined;
		if (plan.actionable && !plan.dryRun && !flags.yes) {
			if (!io.isTTY) return refuse('refusing to change access without confirmation: not an interactive terminal. Re-run with --yes to confirm the plan above (or --dry-run to only preview it).', plan);
			typed = await confirm(io, plan);
			if (typed === undefined) return refuse('cancelled: nothing was sent', plan, 'cancelled');
		} else if (flags.yes) {
			typed = plan.typedConfirmation;
		}
		const {result, exitCode} = await applyBatch(context.service, plan, {typed});
		writeText(human, `${formatBatchResult(plan, result).join('\n')}\n`);
		if (context.fromCache && result.items.some(item => item.outcome === 'applied-verified')) {
			await saveSnapshot(context.graph.toSnapshot(), context.session.paths).catch(() => undefined);
		}
		await hooks.afterApply?.(context, plan, result);
		if (flags.json) printJson(io, {plan, result, outcome: result.outcome});
		return exitCode;
	} catch (error) {
		if (flags.json && isBbError(error)) printJson(io, {outcome: 'error', kind: error.kind, message: error.message, ...(error.hint ? {hint: error.hint} : {})});
		throw error;
	} finally {
		await context.session.close();
	}
}
