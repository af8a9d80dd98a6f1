/**
 * Batches: many changes as one plan, one confirmation, concurrent apply, per-item verify, one journal
 * batch (docs/changes.md "Batches"). planBatch() / applyBatch() are the API for the CLI, the TUI and audits.
 */
export {planBatch, combinedEffects, TYPED_CONFIRMATION_REQUESTS, type BatchPlan, type BatchCost, type BudgetView, type PersonEffect, type PlanBatchOptions} from './plan.js';
export {applyBatch, batchExitCode, type BatchResult, type FailedItem} from './apply.js';
export {formatBatchPlan, formatBatchResult} from './format.js';
export {parseChangeFile, resolveChangeLines, CHANGE_FILE_COLUMNS, type ChangeLine} from './change-file.js';
export {runBatch, type BatchRunHooks} from './cli.js';
export {lookupEmails, EMAILS_PER_REQUEST, type EmailLookup, type EmailMatch} from './email-lookup.js';
export {planOffboardByEmail, offboardingReport, residualAccess, writeOffboardingReport, type EmailOffboarding, type ResidualEntry} from './offboard-email.js';
export {mergePlans, toBatchPlan} from './plan.js';
export {findBatch, journalBatches, planUndoOfBatch, planUndoOfLatest, batchWorkspaces, type JournalBatch} from './undo-journal.js';
export {journalSummaries, relativeTime, type JournalItem, type JournalKind, type JournalOutcome, type JournalSummary} from './journal-summary.js';
