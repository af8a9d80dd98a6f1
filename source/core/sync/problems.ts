import {BbError, toBbError} from '../errors.js';
import type {SyncProblem} from '../model.js';

/** Failures that mean "not visible to this account": recorded, and the sync goes on. */
const VISIBILITY_KINDS = new Set(['not-admin', 'forbidden', 'missing-scope', 'not-found', 'removed']);

export function isVisibilityProblem(kind: string): boolean {
	return VISIBILITY_KINDS.has(kind);
}

/** Errors that end the whole sync at once (nothing else can work either). */
export function isFatal(error: unknown): boolean {
	return error instanceof BbError && (error.kind === 'auth' || error.kind === 'cancelled');
}

export function toProblem(error: unknown, what: string, workspace?: string): SyncProblem {
	const failure = toBbError(error);
	const problem: SyncProblem = {what: failure.endpoint ?? what, message: failure.message, kind: failure.kind};
	if (workspace !== undefined) problem.workspace = workspace;
	return problem;
}

/** Why something was not visible, short: "needs admin rights (403)", "token lacks read:…". */
export function causeOf(error: unknown): string {
	const failure = toBbError(error);
	switch (failure.kind) {
		case 'not-admin':
			return 'needs admin rights (403)';
		case 'missing-scope':
			return `token lacks ${failure.requiredScopes?.join(', ') ?? 'a scope'}`;
		default:
			return failure.message;
	}
}

/** A reason for a GrantsState: "not visible: needs admin rights (403)". */
export function reasonOf(error: unknown): string {
	const failure = toBbError(error);
	switch (failure.kind) {
		case 'not-admin':
			return 'not visible: needs admin rights (403)';
		case 'missing-scope':
			return `not visible: token lacks ${failure.requiredScopes?.join(', ') ?? 'a scope'}`;
		case 'forbidden':
			return `refused by Bitbucket: ${failure.message}`;
		default:
			return failure.message;
	}
}
