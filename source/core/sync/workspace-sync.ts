import {
	getWorkspace,
	listGroups,
	listOwnRepositoryPermissions,
	listProjectGroupPermissions,
	listProjectUserPermissions,
	listProjects,
	listRepositories,
	listWorkspaceMembers,
	listWorkspacePermissions,
} from '../bitbucket/api.js';
import type {BitbucketClient} from '../bitbucket/client.js';
import {bothSettled, mapConcurrent} from '../bitbucket/concurrency.js';
import {
	toGroupNode,
	toOwnRepositoryLevel,
	toProjectGroupGrant,
	toProjectNode,
	toProjectUserGrant,
	toRepositoryNode,
	toUserNode,
	toWorkspaceNode,
	toWorkspaceRole,
} from '../bitbucket/mappers.js';
import type {GroupPermissionDto, UserPermissionDto, WorkspaceAccessDto, WorkspaceMembershipDto} from '../bitbucket/models.js';
import {toBbError, type BbError} from '../errors.js';
import {projectId, type ProjectGrant, type ProjectNode, type RepoLevel, type WorkspaceNode} from '../model.js';
import {causeOf, isFatal, isVisibilityProblem, ProblemTally, reasonOf, toProblem} from './problems.js';
import {ProbeGate} from './probe-gate.js';
import type {SnapshotBuilder} from './snapshot-builder.js';
import type {SyncProgress} from './types.js';

export interface WorkspaceSyncContext {
	client: BitbucketClient;
	builder: SnapshotBuilder;
	signal?: AbortSignal;
	progress: (phase: SyncProgress['phase'], workspace: string, done: number, total: number, message?: string) => void;
}

const STRUCTURE_STEPS = 5;

/**
 * Tier 1 of one workspace: details, members with roles, groups with members (v1), projects with
 * their explicit grants, and every repository in one listing. A listing that fails is recorded
 * (problem + partial reason) and the rest goes on; only auth failures and cancellation abort.
 */
export async function syncWorkspace(access: WorkspaceAccessDto, context: WorkspaceSyncContext): Promise<void> {
	const {client, builder, signal} = context;
	const dto = access.workspace!;
	const slug = dto.slug!;
	const node: WorkspaceNode = toWorkspaceNode(dto, access.administrator === true)!;
	builder.workspaces.push(node);
	let steps = 0;
	// A workspace the account does not administer also reads the account's own repository levels.
	const totalSteps = STRUCTURE_STEPS + (node.administrator ? 0 : 1);
	const step = () => context.progress('structure', slug, ++steps, totalSteps);

	// The listings finish in any order; their partial reasons are kept in the order of the steps, so
	// two syncs of the same data say the same thing (an export's `missing` column is byte-identical).
	const rankOf = new Map<string, number>();
	const addPartial = (rank: number, text: string) => {
		rankOf.set(text, rank);
		node.partial.push(text);
	};
	const attempt = async (rank: number, what: string, partialText: string, work: () => Promise<void>): Promise<boolean> => {
		try {
			await work();
			return true;
		} catch (error) {
			if (isFatal(error)) throw error;
			builder.problems.push(toProblem(error, what, slug));
			// A broken answer is not a visibility problem: say what happened ("groups could not be read: Bitbucket sent …").
			const text = isVisibilityProblem(toBbError(error).kind) ? partialText : partialText.replace('not visible', 'could not be read');
			addPartial(rank, `${text}: ${causeOf(error)}`);
			return false;
		} finally {
			step();
		}
	};

	const details = attempt(0, `GET /2.0/workspaces/${slug}`, 'workspace details not readable', async () => {
		if (dto.name && dto.uuid) return; // /2.0/user/workspaces already said enough: save a request.
		const full = await getWorkspace(client, slug, {signal});
		node.uuid = full.uuid ?? node.uuid;
		node.name = full.name || node.name;
		if (full.is_private !== undefined) node.isPrivate = full.is_private;
	});

	const members = attempt(1, `GET /2.0/workspaces/${slug}/members`, 'members not visible', async () => {
		let listing: WorkspaceMembershipDto[];
		try {
			listing = await listWorkspacePermissions(client, slug, {signal});
		} catch (error) {
			const failure = toBbError(error);
			if (isFatal(failure) || !isVisibilityProblem(failure.kind)) throw failure;
			// Roles are admin-only; the plain member listing still shows who is in the workspace.
			addPartial(1, `workspace roles not visible, owners shown as members: ${causeOf(failure)}`);
			builder.problems.push(toProblem(failure, `GET /2.0/workspaces/${slug}/permissions`, slug));
			listing = await listWorkspaceMembers(client, slug, {signal});
		}
		const seen = new Set<string>();
		for (const item of listing) {
			const user = toUserNode(item.user);
			if (!user || seen.has(user.uuid)) continue;
			seen.add(user.uuid);
			builder.addUser(user);
			builder.memberships.push({workspace: slug, user: user.uuid, role: toWorkspaceRole(item.permission)});
		}
	});

	const groups = attempt(2, `GET /1.0/groups/${slug}`, 'groups not visible', async () => {
		for (const item of await listGroups(client, slug, {signal})) {
			const group = toGroupNode(slug, item);
			if (!group) continue;
			builder.groups.push(group);
			for (const member of item.members ?? []) builder.addUser(toUserNode(member));
		}
	});

	let projects: ProjectNode[] = [];
	const projectsLoaded = attempt(3, `GET /2.0/workspaces/${slug}/projects`, 'projects not visible', async () => {
		projects = (await listProjects(client, slug, {signal})).map(item => toProjectNode(slug, item)).filter((item): item is ProjectNode => item !== undefined);
		builder.projects.push(...projects);
	});

	const repositories = attempt(4, `GET /2.0/repositories/${slug}`, 'repositories not visible', async () => {
		const listing = await listRepositories(client, slug, {signal});
		await projectsLoaded;
		const keyByUuid = new Map(projects.filter(project => project.uuid).map(project => [project.uuid, project.key]));
		for (const item of listing) {
			const repository = toRepositoryNode(slug, item, keyByUuid);
			if (!repository) continue;
			builder.repositories.push(repository);
			builder.repositoryGrantStatus[repository.fullName] ??= {state: 'not-loaded'};
		}
	});

	// Admin listings are refused here: what the account can read is its own level on each repository
	// (CHANGE-3022). Kept apart from the grants: other people's access stays not visible.
	const own = node.administrator
		? Promise.resolve(true)
		: attempt(5, `GET /2.0/user/workspaces/${slug}/permissions/repositories`, 'your own repository permissions not visible', async () => {
				const listing = await listOwnRepositoryPermissions(client, slug, {signal});
				await repositories;
				const fullNameByUuid = new Map(builder.repositories.filter(repository => repository.workspace === slug && repository.uuid).map(repository => [repository.uuid, repository.fullName]));
				const levels: Record<string, RepoLevel> = {};
				for (const item of listing) {
					const entry = toOwnRepositoryLevel(slug, item, fullNameByUuid);
					if (entry) levels[entry.fullName] = entry.level;
				}
				builder.ownRepositoryPermissions.push({workspace: slug, at: new Date().toISOString(), levels});
			});

	const projectGrants = projectsLoaded.then(() => syncProjectGrants(slug, projects, context, node));
	await Promise.all([details, members, groups, projectsLoaded, repositories, own, projectGrants]);
	// Stable sort; the project grants' reason (pushed by syncProjectGrants, unranked) comes last.
	node.partial.sort((a, b) => (rankOf.get(a) ?? STRUCTURE_STEPS + 1) - (rankOf.get(b) ?? STRUCTURE_STEPS + 1));
}

async function syncProjectGrants(slug: string, projects: ProjectNode[], context: WorkspaceSyncContext, node: WorkspaceNode): Promise<void> {
	const {client, builder, signal} = context;
	let done = 0;
	const hidden: string[] = [];
	let hiddenReason = '';
	let hiddenKind = 'not-admin';
	let skipped = 0;
	const failures = new ProblemTally('projects');
	const gate = new ProbeGate(!node.administrator, client.concurrency, projects.length);
	// A missing scope holds for every project: after the first, the rest are not requested.
	let scopeFailure: BbError | undefined;
	context.progress('project-grants', slug, 0, projects.length);
	await mapConcurrent(projects, client.concurrency, async (project, index) => {
		const id = projectId(slug, project.key);
		try {
			if (scopeFailure) {
				gate.report(index, true);
				throw scopeFailure;
			}
			if (!(await gate.shouldFetch(index))) {
				skipped++;
				hidden.push(project.key);
				builder.projectGrantStatus[id] = {state: 'unavailable', reason: `not requested: the first ${gate.probes} projects of ${slug} were refused (needs admin rights)`};
				return;
			}
			let users: UserPermissionDto[];
			let groups: GroupPermissionDto[];
			try {
				[users, groups] = await bothSettled(
					listProjectUserPermissions(client, slug, project.key, {signal}),
					listProjectGroupPermissions(client, slug, project.key, {signal}),
				);
			} catch (error) {
				const failure = toBbError(error);
				gate.report(index, isVisibilityProblem(failure.kind));
				if (failure.kind === 'missing-scope') scopeFailure ??= failure;
				throw failure;
			}
			gate.report(index, false);
			const grants: ProjectGrant[] = [];
			for (const item of users) {
				const grant = toProjectUserGrant(slug, project.key, item);
				if (grant) grants.push(grant);
				builder.addUser(toUserNode(item.user));
			}
			for (const item of groups) {
				const grant = toProjectGroupGrant(slug, project.key, item);
				if (grant) grants.push(grant);
			}
			builder.projectGrants.push(...grants);
			builder.projectGrantStatus[id] = {state: 'loaded', at: new Date().toISOString()};
		} catch (error) {
			if (isFatal(error)) throw error;
			const failure = toBbError(error);
			builder.projectGrantStatus[id] = {state: 'unavailable', reason: reasonOf(failure)};
			if (isVisibilityProblem(failure.kind)) {
				hidden.push(project.key);
				if (!hiddenReason) {
					hiddenReason = causeOf(failure);
					hiddenKind = failure.kind;
				}
			} else {
				failures.add(slug, failure, `GET /2.0/workspaces/${slug}/projects/*/permissions-config`);
			}
		} finally {
			context.progress('project-grants', slug, ++done, projects.length);
		}
	});
	builder.problems.push(...failures.problems());
	if (hidden.length > 0) {
		const saved = skipped > 0 ? `; ${skipped} not requested after the first ${hidden.length - skipped} were refused, to save the request budget` : '';
		const text = `explicit grants of ${hidden.length} of ${projects.length} projects not visible`;
		node.partial.push(`${text}: ${hiddenReason}${saved}`);
		builder.problems.push({workspace: slug, what: `GET /2.0/workspaces/${slug}/projects/*/permissions-config`, message: `${text}: ${hiddenReason}${saved}`, kind: hiddenKind});
	}
}
