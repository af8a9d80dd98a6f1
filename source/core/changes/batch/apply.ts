/**
 * Applying a batch: one confirmation, then ChangeService.apply (which sends every item with the
 * client's concurrency, verifies each by re-reading, and journals every item under one batch id).
 * The summary names which items failed and why; the exit code says "some failed".
 */
import {EXIT} from '../../errors.js';
import type {ChangeService} from '../service.js';
import type {ChangeResult} from '../types.js';
import type {BatchPlan} from './plan.js';

export interface FailedItem {
	index: number;
	summary: string;
	outcome: 'failed' | 'not-attempted' | 'blocked';
	message: string;
}

export interface BatchResult {
	result: ChangeResult;
	/** Items that did not end as planned, with the reason. */
	failed: FailedItem[];
	/** EXIT.ok, EXIT.failed ("some failed") or EXIT.refused (everything blocked). */
	exitCode: number;
}

export function batchExitCode(result: ChangeResult): number {
	if (result.outcome === 'failed' || result.outcome === 'partial') return EXIT.failed;
	if (result.outcome === 'blocked') return EXIT.refused;
	return EXIT.ok;
}

/** Apply a confirmed batch plan; `typed` must match plan.typedConfirmation when it is set. */
export async function applyBatch(service: ChangeService, plan: BatchPlan, options: {typed?: string} = {}): Promise<BatchResult> {
	const result = await service.apply(plan, options);
	const failed: FailedItem[] = [];
	for (const item of result.items) {
		if (item.outcome !== 'failed' && item.outcome !== 'not-attempted' && item.outcome !== 'blocked') continue;
		failed.push({index: item.index, summary: plan.items[item.index]!.summary, outcome: item.outcome, message: item.message ?? item.errorKind ?? item.outcome});
	}
	return {result, failed, exitCode: batchExitCode(result)};
}
