/**
 * Offboarding by e-mail address: look the addresses up in each workspace (admins only, 90 a request),
 * plan the same offboarding as `--user` for every person found, as one batch; after apply, re-read
 * each person's effective repository access from Bitbucket and write the report an admin pastes into
 * the ticket (removed, not removed and why, residual access and why, or "no residual access").
 */
import {sanitizeOutput} from '../../text/sanitize.js';
import {checkPersonReach, validItems} from '../../bitbucket/validate.js';
import {BbError, isBbError} from '../../errors.js';
import type {AccessGraph} from '../../graph/index.js';
import type {Target} from '../../model.js';
import {writePrivateFile} from '../../paths.js';
import {sourceText, stateLabel, userLongName} from '../describe.js';
import type {ChangeService} from '../service.js';
import type {ChangeResult} from '../types.js';
import {lookupEmails, type EmailClient, type EmailLookup} from './email-lookup.js';
import {mergePlans, toBatchPlan, type BatchPlan, type BudgetView} from './plan.js';

export interface OffboardPerson {
	uuid: string;
	emails: string[];
	workspaces: string[];
}

export interface EmailOffboarding {
	plan: BatchPlan;
	people: OffboardPerson[];
	lookup: EmailLookup;
}

export async function planOffboardByEmail(
	service: ChangeService,
	client: EmailClient,
	emails: readonly string[],
	options: {workspaces?: string[]; dryRun?: boolean; budget?: BudgetView} = {},
): Promise<EmailOffboarding> {
	const graph = service.currentGraph();
	const scope = options.workspaces && options.workspaces.length > 0 ? options.workspaces : graph.workspaces().map(ws => ws.slug);
	const lookup = await lookupEmails(client, scope, emails);
	const byUser = new Map<string, OffboardPerson>();
	for (const match of lookup.matches) {
		const person = byUser.get(match.uuid) ?? {uuid: match.uuid, emails: [], workspaces: []};
		if (!person.emails.includes(match.email)) person.emails.push(match.email);
		if (!person.workspaces.includes(match.workspace)) person.workspaces.push(match.workspace);
		byUser.set(match.uuid, person);
	}
	const people = [...byUser.values()].filter(person => graph.user(person.uuid));
	if (people.length === 0) {
		const refused = lookup.notAdministered.length > 0 ? `; could not look up in ${lookup.notAdministered.map(item => item.workspace).join(', ')} (not administered by this account)` : '';
		throw new BbError('usage', `no member with ${lookup.unmatched.join(', ')} in ${scope.join(', ')}${refused}`);
	}
	const plans = [];
	for (const person of people) plans.push(await service.offboard(person.uuid, {workspaces: person.workspaces, dryRun: options.dryRun}));
	const names = people.map(person => userLongName(graph.user(person.uuid), person.uuid));
	const notes: string[] = [];
	for (const item of lookup.notAdministered) notes.push(`could not look addresses up in workspace ${item.workspace}: ${item.reason} (only workspace administrators can filter members by e-mail)`);
	if (lookup.unmatched.length > 0) notes.push(`no member found with ${lookup.unmatched.join(', ')}`);
	const base = mergePlans(plans, `Offboard ${names.join(', ')} (by e-mail)`);
	return {plan: toBatchPlan(graph, base, {budget: options.budget, notes}), people, lookup};
}

interface EffectiveRepositoryDto {
	permission?: unknown;
	repository?: {full_name?: unknown};
}

export interface ResidualEntry {
	repository: string;
	level: string;
	why: string[];
}

/** Every repository the person can still reach in the workspace, re-read from Bitbucket, with why (from the verified graph). */
export async function residualAccess(client: EmailClient, graph: AccessGraph, workspace: string, uuid: string): Promise<ResidualEntry[]> {
	const path = `/2.0/workspaces/${encodeURIComponent(workspace)}/permissions/repositories`;
	// A hollow item would hide residual access from the report: the whole answer is refused.
	const rows = validItems(await client.getAll<EffectiveRepositoryDto>(path, {q: `user.uuid="${uuid}"`}), checkPersonReach, `GET ${path}`);
	const entries: ResidualEntry[] = [];
	for (const row of rows) {
		const fullName = typeof row.repository?.full_name === 'string' ? row.repository.full_name : undefined;
		if (!fullName) continue;
		const target: Target = {type: 'repository', workspace, fullName};
		const sources = graph.repository(fullName) ? graph.effectiveLevel(uuid, target).sources : [];
		const why = sources.map(source => `${source.level.toUpperCase()} ${sourceText(source, target)}`);
		entries.push({repository: fullName, level: typeof row.permission === 'string' ? row.permission : '?', why: why.length > 0 ? why : ['source not known to bbaccess (not in the synced data)']});
	}
	return entries.sort((a, b) => a.repository.localeCompare(b.repository));
}

/** The Markdown report: removed, not removed and why, residual access (re-read), and what no API shows. */
export async function offboardingReport(client: EmailClient, graph: AccessGraph, offboarding: EmailOffboarding, result: ChangeResult | undefined): Promise<string> {
	const {plan, people, lookup} = offboarding;
	const lines: string[] = [`# ${plan.title}`, '', `Generated by bbaccess on ${new Date().toISOString()}${result ? ` — journal batch ${result.batch}` : ' — nothing was applied'}.`, ''];
	const outcome = new Map(result?.items.map(item => [item.index, item]) ?? []);
	for (const person of people) {
		const name = userLongName(graph.user(person.uuid), person.uuid);
		const mine = plan.items.filter(item => (item.request.type === 'membership' ? item.request.user : item.request.principal.type === 'user' ? item.request.principal.uuid : '') === person.uuid);
		lines.push(`## ${name} (${person.emails.join(', ')})`, '');
		lines.push('### Removed', '');
		const removed = mine.filter(item => outcome.get(item.index)?.outcome === 'applied-verified');
		if (removed.length === 0) lines.push('- nothing');
		for (const item of removed) lines.push(`- ${item.summary} (${stateLabel(item.before)} → ${stateLabel(outcome.get(item.index)!.verified!)}, verified)`);
		lines.push('', '### Could not be removed', '');
		const kept = mine.filter(item => item.mutation && outcome.get(item.index)?.outcome !== 'applied-verified');
		const blocked = mine.filter(item => item.blocked);
		for (const item of [...blocked, ...kept]) lines.push(`- ${item.summary}: ${item.blocked?.message ?? outcome.get(item.index)?.message ?? 'not applied'}`);
		for (const item of lookup.notAdministered) lines.push(`- workspace ${item.workspace}: not looked up — this account does not administer it (${item.reason})`);
		if (blocked.length + kept.length + lookup.notAdministered.length === 0) lines.push('- nothing');
		lines.push('', '### Residual access (re-read from Bitbucket after the change)', '');
		let any = false;
		for (const workspace of person.workspaces) {
			try {
				const residual = await residualAccess(client, graph, workspace, person.uuid);
				for (const entry of residual) {
					any = true;
					lines.push(`- ${entry.repository}: ${entry.level.toUpperCase()} — ${entry.why.join('; ')}`);
				}
			} catch (error) {
				if (!isBbError(error)) throw error;
				any = true;
				lines.push(`- ${workspace}: could not re-read effective access (${error.message})`);
			}
		}
		if (!any) lines.push('- no residual access');
		lines.push('');
	}
	lines.push('## Not covered by this report', '');
	lines.push('- Bitbucket has no API to remove a member from a workspace: end workspace membership by removing the account in Atlassian Administration (admin.atlassian.com).');
	lines.push('- Repository, project and workspace access tokens and deploy keys are not listed by any permission API: review them in each repository\'s settings.');
	for (const note of plan.notes) lines.push(`- ${note}`);
	return `${lines.join('\n')}\n`;
}

export async function writeOffboardingReport(file: string, text: string): Promise<void> {
	try {
		// The report is pasted into tickets and read with cat: server text in it is sanitised too.
		await writePrivateFile(file, sanitizeOutput(text));
	} catch (error) {
		throw new BbError('config', `could not write the report ${file}: ${(error as Error).message}`);
	}
}
