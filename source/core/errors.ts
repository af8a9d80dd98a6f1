/**
 * The one typed error model. Core translates every failure (HTTP status, network, keychain,
 * config, bad input) into a BbError exactly once; the UI and the CLI only print `message`
 * (and `hint`), never a stack trace. No token, Authorization header or password may ever be
 * put into any field of a BbError.
 */

export type BbErrorKind =
	/** 401: wrong email/token, or token expired/revoked. */
	| 'auth'
	/** 403 naming the missing scope(s) in `requiredScopes`. */
	| 'missing-scope'
	/** 403: the account is not admin of that workspace/project/repository. */
	| 'not-admin'
	/** 403 for another reason (e.g. group membership managed in Atlassian Administration). */
	| 'forbidden'
	| 'not-found'
	/** 410: the endpoint was removed (e.g. CHANGE-2770). */
	| 'removed'
	/** 429 after retries were exhausted. */
	| 'rate-limited'
	/** Connection refused/reset, DNS, TLS, timeout. */
	| 'network'
	/** A response that is not what the endpoint documents (truncated JSON, wrong shape). */
	| 'malformed'
	/** 400 (invalid level, owner/non-member grant, unsupported query). */
	| 'bad-request'
	/** 409 (e.g. already a group member). */
	| 'conflict'
	/** 5xx after retries were exhausted. */
	| 'server'
	/** No OS keychain (Secret Service) reachable, or it refused. */
	| 'keychain'
	/** No credentials, invalid config file. */
	| 'config'
	/** Bad command-line or typed input. */
	| 'usage'
	/** The user cancelled (Esc / Ctrl-C / declined a confirmation). */
	| 'cancelled';

export interface BbErrorOptions {
	status?: number;
	/** "GET /2.0/workspaces/acme/permissions" — method and path, never the query's secrets or headers. */
	endpoint?: string;
	requiredScopes?: string[];
	grantedScopes?: string[];
	/** A next step for the admin, e.g. "run `bbaccess login`". */
	hint?: string;
	/** Milliseconds the server asked us to wait (Retry-After), when known. */
	retryAfterMs?: number;
	cause?: unknown;
	/** For 'usage' errors: whether the command's usage line helps (default true; false for a bad file or setting). */
	showUsage?: boolean;
}

export class BbError extends Error {
	override readonly name = 'BbError';
	readonly kind: BbErrorKind;
	readonly status?: number;
	readonly endpoint?: string;
	readonly requiredScopes?: string[];
	readonly grantedScopes?: string[];
	readonly hint?: string;
	readonly retryAfterMs?: number;
	readonly showUsage: boolean;

	constructor(kind: BbErrorKind, message: string, options: BbErrorOptions = {}) {
		super(message, options.cause === undefined ? undefined : {cause: options.cause});
		this.kind = kind;
		this.status = options.status;
		this.endpoint = options.endpoint;
		this.requiredScopes = options.requiredScopes;
		this.grantedScopes = options.grantedScopes;
		this.hint = options.hint;
		this.retryAfterMs = options.retryAfterMs;
		this.showUsage = options.showUsage ?? true;
	}

	/** Message plus hint, one or two lines, for people. */
	describe(): string {
		return this.hint ? `${this.message}\n${this.hint}` : this.message;
	}
}

export function isBbError(error: unknown): error is BbError {
	return error instanceof BbError;
}

/** Wrap anything thrown into a BbError without losing an existing one. */
export function toBbError(error: unknown, fallbackKind: BbErrorKind = 'server'): BbError {
	if (error instanceof BbError) return error;
	const message = error instanceof Error ? error.message : String(error);
	return new BbError(fallbackKind, message, {cause: error});
}

/** Exit codes shared by every non-interactive command (documented in README). */
export const EXIT = {
	ok: 0,
	/** The operation failed (API error, verification mismatch, partial failure). */
	failed: 1,
	/** Bad command line. */
	usage: 2,
	/** Refused: needs confirmation outside a TTY, read-only, constraint. */
	refused: 3,
	/** Credentials missing or rejected. */
	auth: 4,
	/** Incomplete but resumable: progress was saved (budget spent, rate-limited, interrupted); run the same command again. */
	incomplete: 5,
	/** `audit --fail-on S`: a finding at or above S exists. */
	findings: 6,
} as const;

export function exitCodeFor(error: BbError): number {
	switch (error.kind) {
		case 'usage':
			return EXIT.usage;
		case 'auth':
		case 'config':
		case 'keychain':
			return EXIT.auth;
		case 'cancelled':
			return EXIT.refused;
		default:
			return EXIT.failed;
	}
}
