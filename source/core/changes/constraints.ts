/**
 * What must be true before a change may be sent, checked without a request where the graph or the
 * session already knows (owner, non-member, missing scope, not admin, managed in Atlassian
 * Administration), and the translation of a refused pre-read or write into the same words.
 */
import type {AccessGraph} from '../graph/index.js';
import {isBbError, type BbError} from '../errors.js';
import {targetConfirmName, userShortName} from './describe.js';
import {targetExists} from './graph-helpers.js';
import type {Blocker, ChangeRequest} from './types.js';

export const MANAGED_CENTRALLY_TEXT = 'group membership in this workspace is managed in Atlassian Administration (admin.atlassian.com), not through Bitbucket';

/** The token scopes a mutation needs (research spec 2.2). */
export function requiredScopes(change: ChangeRequest): string[] {
	if (change.type === 'membership') return ['admin:workspace:bitbucket'];
	const admin = change.target.type === 'project' ? 'admin:project:bitbucket' : 'admin:repository:bitbucket';
	return [admin, change.level === undefined ? 'delete:permission:bitbucket' : 'write:permission:bitbucket'];
}

export interface ConstraintContext {
	graph: AccessGraph;
	/** The scopes the token is known to hold (from login or a 403's `granted`); undefined = unknown. */
	grantedScopes?: readonly string[];
	/** A reason when group membership of the workspace is known to be managed centrally. */
	managedCentrally(workspace: string): string | undefined;
}

/** " (not everything is visible …)" when the workspace was synced partially, so "does not exist" is not overstated. */
function invisible(partial: readonly string[]): string {
	return partial.length > 0 ? ` (or is not visible to this account: ${partial.join('; ')})` : '';
}

function workspaceOf(change: ChangeRequest): string {
	return change.type === 'membership' ? change.workspace : change.target.workspace;
}

/** The first constraint that stops `change`, known before any request. */
export function staticBlocker(ctx: ConstraintContext, change: ChangeRequest): Blocker | undefined {
	const {graph} = ctx;
	const ws = workspaceOf(change);
	const workspace = graph.workspace(ws);
	if (!workspace) return {kind: 'not-found', message: `workspace ${ws} is not in the synced data (sync it first, or check the name)`};
	if (change.type === 'permission') {
		const {target, principal} = change;
		if (!targetExists(graph, target)) {
			return {kind: 'not-found', message: `${target.type === 'project' ? `project ${target.key}` : `repository ${target.fullName}`} is not in workspace ${ws}`};
		}
		if (principal.type === 'user') {
			const name = userShortName(graph.user(principal.uuid), principal.uuid);
			const role = graph.roleOf(ws, principal.uuid);
			if (change.level !== undefined && role === 'owner') {
				return {kind: 'owner', message: `${name} is an owner of workspace ${ws}: owners are ADMIN everywhere there, and Bitbucket refuses explicit permissions for them`};
			}
			if (change.level !== undefined && role === undefined) {
				return {kind: 'not-member', message: `${name} is not a member of workspace ${ws}: Bitbucket gives explicit permissions only to workspace members`};
			}
		} else if (!graph.group(ws, principal.slug)) {
			return {kind: 'not-found', message: `group ${principal.slug} does not exist in workspace ${ws}${invisible(workspace.partial)}`};
		}
		if (!workspace.administrator) {
			const own = graph.effectiveLevel(graph.account.uuid, target);
			if (own.level !== 'admin' && own.complete) {
				return {kind: 'not-admin', message: `your account (${graph.account.email}) is not an admin of ${targetConfirmName(target)}: only project or repository admins can change its permissions`};
			}
		}
	} else {
		if (!graph.group(ws, change.group)) return {kind: 'not-found', message: `group ${change.group} does not exist in workspace ${ws}${invisible(workspace.partial)}`};
		const name = userShortName(graph.user(change.user), change.user);
		if (change.member && graph.roleOf(ws, change.user) === undefined) {
			return {kind: 'not-member', message: `${name} is not a member of workspace ${ws}: only workspace members can be added to its groups`};
		}
		const managed = ctx.managedCentrally(ws);
		if (managed) return {kind: 'managed-centrally', message: `${ws}: ${managed}`};
		if (!workspace.administrator) {
			return {kind: 'not-admin', message: `your account (${graph.account.email}) is not an admin of workspace ${ws}: only workspace admins can change group membership`};
		}
	}
	const needed = requiredScopes(change);
	if (ctx.grantedScopes) {
		const missing = needed.filter(scope => !ctx.grantedScopes!.includes(scope));
		if (missing.length > 0) {
			return {kind: 'missing-scope', message: `the API token lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')} needed for this change`, requiredScopes: missing};
		}
	}
	return undefined;
}

/** Whether a 403 from a v1 group write/read says membership is managed in Atlassian Administration. */
export function isManagedCentrallyError(error: BbError): boolean {
	return error.kind === 'forbidden' && /atlassian admin|admin\.atlassian\.com|centrally|managed/i.test(error.message);
}

/** Turn a refused pre-read or write into a Blocker; undefined for errors that are not refusals. */
export function blockerFromError(error: unknown, change: ChangeRequest, accountEmail?: string): Blocker | undefined {
	if (!isBbError(error)) return undefined;
	switch (error.kind) {
		case 'missing-scope': {
			const scopes = error.requiredScopes ?? requiredScopes(change);
			return {
				kind: 'missing-scope',
				message: `the API token lacks the scope${scopes.length > 1 ? 's' : ''} ${scopes.join(', ')} (${error.endpoint ?? 'Bitbucket'} answered 403)`,
				requiredScopes: scopes,
				...(error.grantedScopes ? {grantedScopes: error.grantedScopes} : {}),
			};
		}
		case 'not-admin': {
			const where = change.type === 'membership' ? `workspace ${change.workspace}` : targetConfirmName(change.target);
			return {kind: 'not-admin', message: `your account${accountEmail ? ` (${accountEmail})` : ''} is not an admin of ${where} — ${error.message}`};
		}
		case 'forbidden':
			if (isManagedCentrallyError(error)) return {kind: 'managed-centrally', message: `${workspaceOf(change)}: ${MANAGED_CENTRALLY_TEXT} (Bitbucket said: ${error.message})`};
			return {kind: 'unknown', message: error.message};
		case 'not-found':
			return {kind: 'not-found', message: error.message};
		default:
			return undefined;
	}
}
