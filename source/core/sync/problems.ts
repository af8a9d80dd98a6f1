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

/**
 * Failures of many similar resources (the grants of 2,000 repositories during a rate limit) become
 * one problem per workspace and kind: the first message, and how many there were.
 */
export class ProblemTally {
	readonly #groups = new Map<string, {workspace: string; kind: string; what: string; message: string; count: number}>();
	readonly #plural: string;

	/** `plural` names the resources: "repositories", "projects". */
	constructor(plural: string) {
		this.#plural = plural;
	}

	add(workspace: string, error: unknown, whatPattern: string): void {
		const failure = toBbError(error);
		const key = `${workspace}\n${failure.kind}`;
		const group = this.#groups.get(key);
		if (group) group.count++;
		else this.#groups.set(key, {workspace, kind: failure.kind, what: whatPattern, message: failure.message, count: 1});
	}

	problems(): SyncProblem[] {
		return [...this.#groups.values()].map(group => ({
			workspace: group.workspace,
			what: group.what,
			kind: group.kind,
			message: group.count === 1 ? group.message : `explicit grants of ${group.count} ${this.#plural} could not be read; the first error: ${group.message}`,
		}));
	}
}
