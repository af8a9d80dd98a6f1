/**
 * People by e-mail address: `GET /2.0/workspaces/{ws}/members?q=user.email IN ("…")` — Bitbucket's
 * only way to match an address to an account, for workspace administrators only, at most 90
 * addresses a request. Emails are never returned otherwise, so a miss means "not a member there"
 * (or not this address), and a 403 means the account does not administer that workspace.
 */
import {checkWorkspaceMember, validItems} from '../../bitbucket/validate.js';
import {isBbError} from '../../errors.js';

/** Bitbucket's documented limit of addresses in one filter. */
export const EMAILS_PER_REQUEST = 90;

export interface EmailClient {
	getAll<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T[]>;
}

interface MembershipDto {
	user?: {uuid?: unknown; email?: unknown; display_name?: unknown; nickname?: unknown};
}

export interface EmailMatch {
	email: string;
	uuid: string;
	workspace: string;
}

export interface EmailLookup {
	matches: EmailMatch[];
	/** Workspaces where the lookup was refused (not administered by this account), with Bitbucket's reason. */
	notAdministered: Array<{workspace: string; reason: string}>;
	/** Addresses that matched no member of any looked-up workspace. */
	unmatched: string[];
}

function quote(email: string): string {
	return `"${email.replace(/["\\]/g, '\\$&')}"`;
}

export function normaliseEmail(text: string): string {
	return text.trim().toLowerCase();
}

export async function lookupEmails(client: EmailClient, workspaces: readonly string[], emails: readonly string[]): Promise<EmailLookup> {
	const wanted = [...new Set(emails.map(normaliseEmail))];
	const matches: EmailMatch[] = [];
	const notAdministered: EmailLookup['notAdministered'] = [];
	for (const workspace of workspaces) {
		try {
			for (let start = 0; start < wanted.length; start += EMAILS_PER_REQUEST) {
				const chunk = wanted.slice(start, start + EMAILS_PER_REQUEST);
				const path = `/2.0/workspaces/${encodeURIComponent(workspace)}/members`;
				// A member without a uuid would turn a match into "no such member": the whole answer is refused.
				const rows = validItems(
					await client.getAll<MembershipDto>(path, {q: `user.email IN (${chunk.map(quote).join(',')})`, fields: '+values.user.email'}),
					checkWorkspaceMember,
					`GET ${path}`,
				);
				for (const row of rows) {
					const uuid = typeof row.user?.uuid === 'string' ? row.user.uuid : undefined;
					const email = typeof row.user?.email === 'string' ? normaliseEmail(row.user.email) : chunk.length === 1 ? chunk[0] : undefined;
					if (uuid && email && chunk.includes(email)) matches.push({email, uuid, workspace});
				}
			}
		} catch (error) {
			if (isBbError(error) && (error.kind === 'not-admin' || error.kind === 'forbidden' || error.kind === 'missing-scope')) {
				notAdministered.push({workspace, reason: error.message});
				continue;
			}
			throw error;
		}
	}
	const found = new Set(matches.map(match => match.email));
	return {matches, notAdministered, unmatched: wanted.filter(email => !found.has(email))};
}
