/**
 * Pure row builders for `bbaccess export` (and any view that exports the same shapes). Each row is a
 * plain object, ready for toJson; the matching CSV column list says how each cell reads as text.
 * Rows never hide a gap: a project or repository whose grants are not known carries
 * `complete: false` and the reasons in `missing`, with a placeholder row when nothing is known.
 */
import {OWN_PERMISSION_SOURCE, ownPermissionCaveat} from '../selectors/own-permission.js';
import {describeSource} from '../selectors/via.js';
import {compareUsers, type AccessGraph} from '../graph/index.js';
import {levelLabel, projectId, type AccessSource, type EffectiveAccess, type GrantsState, type Level, type ProjectNode, type RepositoryNode, type Target, type WorkspaceRole} from '../model.js';
import type {CsvColumn, CsvColumnSpec} from './format.js';

export const EXPORT_KINDS = ['effective', 'explicit', 'members', 'groups'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** Who can reach a project or repository, at what level, and why. */
export interface EffectiveRow {
	workspace: string;
	/** Project key (of the repository, or the project itself); null for a repository outside any known project. */
	project: string | null;
	/** Repository full name; null on rows about access to the project itself. */
	repository: string | null;
	userUuid: string | null;
	displayName: string | null;
	nickname: string | null;
	level: Level | null;
	via: AccessSource[];
	complete: boolean;
	missing: string[];
	/** When the grants behind the row were read (the repository's, or the project's on project rows): ISO time, null when not loaded. */
	grantsLoadedAt: string | null;
	/**
	 * Only on rows that carry the signed-in account's OWN level in a workspace it does not administer
	 * (CHANGE-3022 listing): not a grant and not the repository's access; `via` is empty and
	 * `complete` false. Absent on every row computed from the graph.
	 */
	source?: typeof OWN_PERMISSION_SOURCE;
}

/** One explicit project or repository grant (permissions-config). */
export interface ExplicitRow {
	workspace: string;
	targetType: 'project' | 'repository';
	/** Project key or repository full name. */
	target: string;
	principalType: 'user' | 'group' | null;
	/** User uuid or group slug. */
	principalId: string | null;
	principalName: string | null;
	level: Level | null;
	complete: boolean;
	missing: string[];
	/** When the target's grants were read: ISO time, null when not loaded. */
	grantsLoadedAt: string | null;
}

export interface MemberRow {
	workspace: string;
	uuid: string;
	displayName: string;
	nickname: string | null;
	role: WorkspaceRole;
	/** Group slugs. */
	groups: string[];
}

export interface GroupRow {
	workspace: string;
	group: string;
	name: string;
	memberCount: number;
	members: {uuid: string; displayName: string; nickname: string | null}[];
}

export type ExportRow = EffectiveRow | ExplicitRow | MemberRow | GroupRow;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The explorer's words plus the level each source gives: "workspace owner (ADMIN)", "via group developers on project PLAT (WRITE)", "via group release-managers on project PLAT (WRITE, granted CREATE-REPO)". */
export function describeVia(source: AccessSource, target: Target['type'] = 'repository'): string {
	const granted = source.grantedLevel && source.grantedLevel !== source.level ? `, granted ${levelLabel(source.grantedLevel)}` : '';
	return `${describeSource({...source, grantedLevel: undefined}, target)} (${levelLabel(source.level)}${granted})`;
}

/** Projects of a workspace by key, each followed by its repositories; then repositories outside known projects. */
function* walkWorkspace(graph: AccessGraph, workspace: string): Generator<[ProjectNode | undefined, RepositoryNode | undefined]> {
	const projects = graph.projects(workspace).sort((a, b) => byText(a.key, b.key));
	const known = new Set(projects.map(project => project.key));
	for (const project of projects) {
		yield [project, undefined];
		for (const repository of graph.repositoriesOf(workspace, project.key).sort((a, b) => byText(a.slug, b.slug))) yield [project, repository];
	}
	const orphans = graph.repositories(workspace).filter(repository => repository.projectKey === undefined || !known.has(repository.projectKey));
	for (const repository of orphans.sort((a, b) => byText(a.slug, b.slug))) yield [undefined, repository];
}

function targetOf(workspace: string, project: ProjectNode | undefined, repository: RepositoryNode | undefined): Target {
	return repository ? {type: 'repository', workspace, fullName: repository.fullName} : {type: 'project', workspace, key: project!.key};
}

/** Effective rows one target at a time (an xl workspace has millions; never hold them all). */
export function* iterateEffectiveRows(graph: AccessGraph, workspaces: readonly string[]): Generator<EffectiveRow> {
	for (const workspace of workspaces) {
		for (const [project, repository] of walkWorkspace(graph, workspace)) {
			const access: EffectiveAccess = graph.effectiveAccess(targetOf(workspace, project, repository));
			// Rows are built as plain literals: an object spread here costs 5× the whole row (V8, in a generator).
			const projectKey = project?.key ?? repository?.projectKey ?? null;
			const fullName = repository?.fullName ?? null;
			const grantsLoadedAt = loadedAt(repository ? graph.repositoryGrantsState(repository.fullName) : graph.projectGrantsState(workspace, project!.key));
			for (const entry of access.entries) {
				yield {
					workspace,
					project: projectKey,
					repository: fullName,
					userUuid: entry.user.uuid,
					displayName: entry.user.displayName,
					nickname: entry.user.nickname ?? null,
					level: entry.level,
					via: entry.sources,
					complete: access.complete,
					missing: access.missing,
					grantsLoadedAt,
				};
			}
			const own = repository && !access.complete ? ownRow(graph, workspace, projectKey, repository, access) : undefined;
			if (own) yield own;
			else if (access.entries.length === 0 && !access.complete) {
				yield {workspace, project: projectKey, repository: fullName, userUuid: null, displayName: null, nickname: null, level: null, via: [], complete: false, missing: access.missing, grantsLoadedAt};
			}
		}
	}
}

/** The account's own level on a repository whose access is not fully visible, unless the graph already shows the account at that level. */
function ownRow(graph: AccessGraph, workspace: string, project: string | null, repository: RepositoryNode, access: EffectiveAccess): EffectiveRow | undefined {
	const level = graph.ownRepositoryLevel(repository.fullName);
	if (level === undefined || level === 'none') return undefined;
	const me = graph.account;
	if (access.entries.some(entry => entry.user.uuid === me.uuid && entry.level === level)) return undefined;
	const user = graph.user(me.uuid);
	return {
		workspace,
		project,
		repository: repository.fullName,
		userUuid: me.uuid,
		displayName: user?.displayName ?? me.displayName,
		nickname: user?.nickname ?? me.nickname ?? null,
		level,
		via: [],
		complete: false,
		missing: [...access.missing, ownPermissionCaveat(workspace)],
		// The own-permissions listing is not the repository's grants: those are not loaded here.
		grantsLoadedAt: null,
		source: OWN_PERMISSION_SOURCE,
	};
}

export function effectiveRows(graph: AccessGraph, workspaces: readonly string[]): EffectiveRow[] {
	return [...iterateEffectiveRows(graph, workspaces)];
}

export function* iterateExplicitRows(graph: AccessGraph, workspaces: readonly string[]): Generator<ExplicitRow> {
	const groupName = (workspace: string, slug: string) => graph.group(workspace, slug)?.name ?? slug;
	const userName = (uuid: string) => graph.user(uuid)?.displayName ?? uuid;
	for (const workspace of workspaces) {
		for (const [project, repository] of walkWorkspace(graph, workspace)) {
			const state = repository ? graph.repositoryGrantsState(repository.fullName) : graph.projectGrantsState(workspace, project!.key);
			const what = repository ? `repository grants of ${repository.fullName}` : `project grants of ${projectId(workspace, project!.key)}`;
			const missing = state.state === 'loaded' ? [] : [state.state === 'not-loaded' ? `${what} not loaded` : `${what} unavailable: ${state.reason}`];
			const targetType = repository ? ('repository' as const) : ('project' as const);
			const target = repository ? repository.fullName : project!.key;
			const grants = repository ? graph.repositoryGrants(repository.fullName) : graph.projectGrants(workspace, project!.key);
			const sorted = [...grants].sort((a, b) => byText(a.principal.type, b.principal.type) || byText(principalIdOf(a.principal), principalIdOf(b.principal)));
			for (const grant of sorted) {
				const principal = grant.principal;
				yield {
					workspace,
					targetType,
					target,
					principalType: principal.type,
					principalId: principalIdOf(principal),
					principalName: principal.type === 'user' ? userName(principal.uuid) : groupName(workspace, principal.slug),
					level: grant.level,
					complete: missing.length === 0,
					missing,
					grantsLoadedAt: loadedAt(state),
				};
			}
			if (grants.length === 0 && missing.length > 0) {
				yield {workspace, targetType, target, principalType: null, principalId: null, principalName: null, level: null, complete: false, missing, grantsLoadedAt: loadedAt(state)};
			}
		}
	}
}

export function explicitRows(graph: AccessGraph, workspaces: readonly string[]): ExplicitRow[] {
	return [...iterateExplicitRows(graph, workspaces)];
}

function loadedAt(state: GrantsState): string | null {
	return state.state === 'loaded' ? state.at : null;
}

function principalIdOf(principal: {type: 'user'; uuid: string} | {type: 'group'; slug: string}): string {
	return principal.type === 'user' ? principal.uuid : principal.slug;
}

export function memberRows(graph: AccessGraph, workspaces: readonly string[]): MemberRow[] {
	return workspaces.flatMap(workspace =>
		graph.members(workspace).map(({user, role}) => ({
			workspace,
			uuid: user.uuid,
			displayName: user.displayName,
			nickname: user.nickname ?? null,
			role,
			groups: graph.groupsOf(workspace, user.uuid).map(group => group.slug),
		})),
	);
}

export function groupRows(graph: AccessGraph, workspaces: readonly string[]): GroupRow[] {
	return workspaces.flatMap(workspace =>
		graph
			.groups(workspace)
			.sort((a, b) => byText(a.slug, b.slug))
			.map(group => ({
				workspace,
				group: group.slug,
				name: group.name,
				memberCount: group.members.length,
				members: group.members
					.map(uuid => graph.user(uuid) ?? {uuid, displayName: uuid})
					.sort(compareUsers)
					.map(user => ({uuid: user.uuid, displayName: user.displayName, nickname: user.nickname ?? null})),
			})),
	);
}

/** The rows of one kind, lazily (effective and explicit rows are produced one target at a time). */
export function iterateRows(graph: AccessGraph, kind: ExportKind, workspaces: readonly string[]): Iterable<ExportRow> {
	switch (kind) {
		case 'effective':
			return iterateEffectiveRows(graph, workspaces);
		case 'explicit':
			return iterateExplicitRows(graph, workspaces);
		case 'members':
			return memberRows(graph, workspaces);
		case 'groups':
			return groupRows(graph, workspaces);
	}
}

export function buildRows(graph: AccessGraph, kind: ExportKind, workspaces: readonly string[]): ExportRow[] {
	return [...iterateRows(graph, kind, workspaces)];
}

const memberText = (member: GroupRow['members'][number]) => (member.nickname ? `${member.displayName} (@${member.nickname})` : member.displayName);

/** The CSV columns of each kind, in order, with how composite cells read. */
export const CSV_COLUMNS: Record<ExportKind, CsvColumnSpec[]> = {
	effective: [
		'workspace',
		'project',
		'repository',
		'userUuid',
		'displayName',
		'nickname',
		'level',
		// CSV keeps its columns: an own-permission row says so in `via`.
		{key: 'via', format: (value, row) => (row.source === OWN_PERMISSION_SOURCE ? `${OWN_PERMISSION_SOURCE} (${ownPermissionCaveat(String(row.workspace))})` : (value as AccessSource[]).map(source => describeVia(source, row.repository ? 'repository' : 'project')).join('; '))} satisfies CsvColumn,
		'complete',
		'missing',
		'grantsLoadedAt',
	],
	explicit: ['workspace', 'targetType', 'target', 'principalType', 'principalId', 'principalName', 'level', 'complete', 'missing', 'grantsLoadedAt'],
	members: ['workspace', 'uuid', 'displayName', 'nickname', 'role', 'groups'],
	groups: ['workspace', 'group', 'name', 'memberCount', {key: 'members', format: value => (value as GroupRow['members']).map(memberText).join('; ')}],
};
