/**
 * Offboarding: one plan that removes every explicit grant and group membership of one person across
 * the synced (or named) workspaces. Grants the graph knows are planned directly; for repositories
 * whose grants are not loaded, one workspace-wide effective listing filtered to the person
 * (`/2.0/workspaces/{ws}/permissions/repositories?q=user.uuid="…"`) finds the candidates, and each
 * candidate's pre-read decides. Ownership and workspace membership stay (said in the plan).
 */
import {checkPersonReach, validItems} from '../bitbucket/validate.js';
import {BbError, isBbError} from '../errors.js';
import type {Target} from '../model.js';
import {userLongName, userShortName} from './describe.js';
import {grantsLoaded} from './graph-helpers.js';
import {buildPlan, type PlanContext} from './planner.js';
import type {ChangePlan, ChangeRequest} from './types.js';

interface EffectiveRepositoryDto {
	repository?: {full_name?: unknown};
}

export interface OffboardClient {
	getAll<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T[]>;
}

export async function planOffboarding(
	ctx: PlanContext,
	client: OffboardClient,
	uuid: string,
	options: {workspaces?: string[]; dryRun?: boolean},
): Promise<ChangePlan> {
	const {graph} = ctx;
	const user = graph.user(uuid);
	if (!user) throw new BbError('usage', `no user ${uuid} in the synced data`);
	const known = new Set(graph.workspaces().map(ws => ws.slug));
	for (const ws of options.workspaces ?? []) {
		if (!known.has(ws)) throw new BbError('usage', `workspace ${ws} is not in the synced data (synced: ${[...known].join(', ') || 'none'})`);
	}
	const explicit = graph.explicitGrantsOf(uuid);
	const scope = new Set(options.workspaces && options.workspaces.length > 0 ? options.workspaces : [...known]);
	const workspaces = [...scope].filter(
		ws => graph.roleOf(ws, uuid) !== undefined || explicit.projects.some(g => g.workspace === ws) || explicit.repositories.some(g => g.workspace === ws),
	);
	const changes: ChangeRequest[] = [];
	const planned = new Set<string>();
	const revoke = (target: Target) => {
		const id = target.type === 'project' ? `p:${target.workspace}:${target.key}` : `r:${target.fullName}`;
		if (planned.has(id)) return;
		planned.add(id);
		changes.push({type: 'permission', target, principal: {type: 'user', uuid}, level: undefined});
	};
	for (const grant of explicit.projects) if (scope.has(grant.workspace)) revoke({type: 'project', workspace: grant.workspace, key: grant.project});
	for (const grant of explicit.repositories) if (scope.has(grant.workspace)) revoke({type: 'repository', workspace: grant.workspace, fullName: grant.repository});
	const notes: string[] = [];
	const candidates = new Set<string>();
	const unchecked = new Set<string>();
	for (const ws of workspaces) {
		// Owners cannot hold explicit grants (Bitbucket refuses them): nothing to look for, no requests spent.
		if (graph.roleOf(ws, uuid) === 'owner') continue;
		const unloaded = graph.repositories(ws).filter(repo => !grantsLoaded(graph, {type: 'repository', workspace: ws, fullName: repo.fullName}));
		if (unloaded.length === 0) continue;
		try {
			const path = `/2.0/workspaces/${encodeURIComponent(ws)}/permissions/repositories`;
			// An item without its repository would silently drop a grant to revoke: the whole answer is refused.
			const rows = validItems(await client.getAll<EffectiveRepositoryDto>(path, {q: `user.uuid="${uuid}"`}), checkPersonReach, `GET ${path}`);
			const reachable = new Set(rows.map(row => row.repository?.full_name).filter((name): name is string => typeof name === 'string'));
			for (const repo of unloaded) {
				if (reachable.has(repo.fullName)) {
					candidates.add(repo.fullName);
					revoke({type: 'repository', workspace: ws, fullName: repo.fullName});
				}
			}
		} catch (error) {
			if (!isBbError(error) || error.kind === 'auth' || error.kind === 'network') throw error;
			unchecked.add(ws);
			notes.push(`could not list ${ws}'s repository permissions (${error.message}): explicit grants on ${unloaded.length} repositories whose grants are not loaded were not checked`);
		}
	}
	for (const ws of workspaces) {
		for (const group of graph.groupsOf(ws, uuid)) changes.push({type: 'membership', workspace: ws, group: group.slug, user: uuid, member: false});
		const partial = graph.workspace(ws)?.partial ?? [];
		if (graph.groups(ws).length === 0 && partial.length > 0) {
			unchecked.add(ws);
			notes.push(`group memberships in ${ws} were not checked: its groups are not visible to this account (${partial.join('; ')})`);
		}
	}
	const name = userShortName(user, uuid);
	for (const ws of workspaces) {
		const role = graph.roleOf(ws, uuid);
		if (role === 'owner') notes.push(`${name} stays an owner of workspace ${ws} (ADMIN everywhere there): ownership is changed in Bitbucket's workspace settings, not here`);
		else if (role === 'member') notes.push(`${name} stays a member of workspace ${ws}: remove the account in Atlassian Administration to end workspace membership`);
	}
	if (changes.length === 0) {
		notes.push(`${name} holds no explicit grants or group memberships in ${workspaces.length > 0 ? workspaces.join(', ') : 'the synced workspaces'}`);
	}
	const plan = await buildPlan(ctx, changes, {
		kind: 'offboard',
		title: `Offboard ${userLongName(user, uuid)}`,
		dryRun: options.dryRun,
		notes,
		typedConfirmation: {text: name, reason: `offboarding removes every explicit grant and group membership of ${name}`},
	});
	// Candidates found only through the effective listing that turn out to hold no explicit entry are not items.
	const items = plan.items.filter(item => !(item.noop && item.request.type === 'permission' && item.request.target.type === 'repository' && candidates.has(item.request.target.fullName)));
	const dropped = plan.items.length - items.length;
	if (dropped > 0) plan.notes.push(`checked ${dropped} more repositor${dropped === 1 ? 'y' : 'ies'} ${name} can reach: no explicit entry there (access comes from groups or projects)`);
	plan.items = items.map((item, index) => ({...item, index}));
	// Each item's effects are relative to today's state; say what the whole plan leaves.
	const cleared = workspaces.filter(ws => graph.roleOf(ws, uuid) !== 'owner' && !unchecked.has(ws));
	const blocked = plan.items.filter(item => item.blocked).length;
	if (plan.actionable && cleared.length > 0) {
		plan.notes.push(
			blocked === 0
				? `after all items ${name} keeps no project or repository access in ${cleared.join(', ')} (each item above shows its own effect on today's state)`
				: `after all items ${name} keeps only what the ${blocked} refused item${blocked === 1 ? '' : 's'} leave${blocked === 1 ? 's' : ''} in ${cleared.join(', ')}`,
		);
	}
	return plan;
}
