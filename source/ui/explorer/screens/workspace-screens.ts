/**
 * The workspace list and one workspace (Members, Groups, Projects, Repositories).
 */
import {groupRows, memberRows, ownAccessCell, ownRepositoriesNotice, projectRows, repositoryRows, workspaceRows, type RepositoryRow} from '../../../core/selectors/index.js';
import type {ColumnSpec, TableRow} from '../../components/table-model.js';
import type {ViewRef} from '../view-ref.js';
import {formatCount} from '../../components/text-width.js';
import {levelCell, levelSort, makeRow, notFound, plural, sortBy, userLabel, type ScreenContext, type ScreenModel, type SectionModel} from './screen-model.js';

export function workspacesScreen(ctx: ScreenContext, ref: ViewRef & {view: 'workspaces'}): ScreenModel {
	const rows = workspaceRows(ctx.graph).map(row =>
		makeRow(
			row.slug,
			{
				name: row.name,
				slug: row.slug,
				role: row.role ?? (row.administrator ? 'admin' : '—'),
				members: formatCount(row.members),
				groups: formatCount(row.groups),
				projects: formatCount(row.projects),
				repositories: formatCount(row.repositories),
				partial: row.partial.length > 0 ? '! partial (P)' : '',
			},
			{
				tones: {partial: 'warn', role: row.role === 'owner' ? 'accent' : 'muted'},
				sort: {name: row.name, repositories: row.repositories, members: row.members},
				open: {view: 'workspace', workspace: row.slug},
				copy: {text: row.slug, label: 'workspace slug'},
				web: {kind: 'workspace', workspace: row.slug},
				record: {...row, partial: row.partial.join('; ')},
			},
		),
	);
	const columns: ColumnSpec[] = [
		{id: 'name', title: 'Name', min: 8, max: 30, priority: 0},
		{id: 'slug', title: 'Slug', min: 6, max: 24, priority: 3},
		{id: 'role', title: 'Role', min: 6, max: 9, priority: 1},
		{id: 'members', title: 'Members', min: 7, priority: 2, align: 'right'},
		{id: 'groups', title: 'Groups', min: 6, priority: 4, align: 'right'},
		{id: 'projects', title: 'Projects', min: 8, priority: 4, align: 'right'},
		{id: 'repositories', title: 'Repos', min: 5, priority: 2, align: 'right'},
		{id: 'partial', title: 'Visibility', min: 13, priority: 1, hideWhenEmpty: true},
	];
	const section: SectionModel = {
		id: 'workspaces',
		title: 'Workspaces',
		columns,
		rows,
		sorts: [sortBy('name', 'name', [{field: 'name'}]), sortBy('repositories', 'repositories', [{field: 'repositories', descending: true}]), sortBy('members', 'members', [{field: 'members', descending: true}])],
		empty: 'No workspaces: this account is not a member of any workspace.',
	};
	return {ref, crumbs: ['workspaces'], summary: [], sections: [section], exportName: 'workspaces'};
}

export function repositoryTableRows(rows: RepositoryRow[]): TableRow[] {
	return rows.map(row =>
		makeRow(
			row.fullName,
			{
				name: row.slug,
				project: row.project ?? '—',
				grants: row.grantsState === 'loaded' ? formatCount(row.grants ?? 0) : row.grantsState === 'not-loaded' ? 'not loaded' : 'unavailable',
				visibility: row.isPrivate === false ? 'public' : row.isPrivate ? 'private' : '',
				// Workspaces the account does not administer: its OWN level only (hidden elsewhere).
				own: row.ownLevel === undefined ? '' : ownAccessCell(row.ownLevel),
			},
			{
				tones: {
					...(row.grantsState === 'loaded' ? {visibility: row.isPrivate === false ? 'warn' : 'muted'} : {grants: 'muted', visibility: row.isPrivate === false ? 'warn' : 'muted'}),
					...(row.ownLevel === undefined ? {} : {own: row.ownLevel === 'none' ? 'muted' : row.ownLevel}),
				},
				extraSearch: [row.fullName, row.name],
				sort: {name: row.slug, project: row.project ?? ''},
				open: {view: 'repository', fullName: row.fullName},
				copy: {text: row.fullName, label: 'repository full name'},
				web: {kind: 'repository', workspace: row.workspace, fullName: row.fullName},
				record: {...row},
			},
		),
	);
}

/** Sized by content (nothing stretches the name to the edge). */
export const REPOSITORY_COLUMNS: ColumnSpec[] = [
	{id: 'name', title: 'Repository', min: 10, max: 40, priority: 0},
	{id: 'project', title: 'Project', min: 7, max: 12, priority: 1},
	{id: 'grants', title: 'Explicit grants', min: 10, max: 15, priority: 2},
	{id: 'visibility', title: 'Visibility', min: 10, priority: 3},
];

/**
 * In a workspace the account does not administer: the account's own level (marked "(own)"). Only
 * added there, so it is no sort choice elsewhere.
 */
export function withOwnColumn(columns: ColumnSpec[], rows: readonly RepositoryRow[]): ColumnSpec[] {
	return rows.some(row => row.ownLevel !== undefined) ? [...columns, {id: 'own', title: 'Your access', min: 11, priority: 1}] : columns;
}

/** A project's own Repositories tab: the project column would repeat the project on every row. */
export const PROJECT_REPOSITORY_COLUMNS: ColumnSpec[] = REPOSITORY_COLUMNS.filter(column => column.id !== 'project');

export function workspaceScreen(ctx: ScreenContext, ref: ViewRef & {view: 'workspace'}): ScreenModel {
	const {graph} = ctx;
	const workspace = graph.workspace(ref.workspace);
	if (!workspace) return notFound(ref, `Workspace ${ref.workspace}`);
	const ws = workspace.slug;
	const members = memberRows(graph, ws).map(row =>
		makeRow(
			row.uuid,
			{name: userLabel(row.displayName, row.nickname), role: row.role, groups: row.groups.join(', ') || '—'},
			{
				tones: {role: row.role === 'owner' ? 'accent' : 'muted'},
				extraSearch: [row.uuid],
				sort: {name: row.displayName, role: row.role === 'owner' ? 0 : 1, groups: row.groups.length},
				open: {view: 'person', uuid: row.uuid},
				copy: {text: row.uuid, label: 'user uuid'},
				web: {kind: 'user', uuid: row.uuid},
				record: {...row, groups: row.groups.join(' ')},
			},
		),
	);
	const groups = groupRows(graph, ws).map(row =>
		makeRow(
			row.slug,
			{
				name: row.slug,
				title: row.name,
				members: formatCount(row.members),
				grants: `${plural(row.projectGrants, 'project')}, ${plural(row.repositoryGrants, 'repo')}`,
				highest: levelCell(row.highest),
			},
			{
				tones: row.highest ? {highest: row.highest} : {highest: 'muted'},
				sort: {name: row.slug, members: row.members, highest: levelSort(row.highest)},
				open: {view: 'group', workspace: ws, slug: row.slug},
				copy: {text: `${ws}:${row.slug}`, label: 'group id'},
				web: {kind: 'workspace', workspace: ws},
				record: {...row},
			},
		),
	);
	const projects = projectRows(graph, ws).map(row =>
		makeRow(
			row.key,
			{
				key: row.key,
				name: row.name,
				repositories: formatCount(row.repositories),
				grants: row.grantsState === 'loaded' ? formatCount(row.grants) : row.grantsState === 'not-loaded' ? 'not loaded' : 'unavailable',
			},
			{
				tones: row.grantsState === 'loaded' ? {} : {grants: 'muted'},
				sort: {key: row.key, repositories: row.repositories},
				open: {view: 'project', workspace: ws, key: row.key},
				copy: {text: row.key, label: 'project key'},
				web: {kind: 'project', workspace: ws, key: row.key},
				record: {...row},
			},
		),
	);
	const repositoryList = repositoryRows(graph, ws);
	const repositories = repositoryTableRows(repositoryList);
	const partial = workspace.partial.length > 0 ? {tone: 'warn' as const, text: `Partial visibility (P lists it in full): ${workspace.partial.join('; ')}`} : undefined;
	const ownNotice = graph.ownRepositoryPermissions(ws) ? {tone: 'warn' as const, text: ownRepositoriesNotice(ws)} : partial;
	const sections: SectionModel[] = [
		{
			id: 'members',
			title: 'Members',
			columns: [
				{id: 'name', title: 'Member', min: 12, max: 40, priority: 0},
				{id: 'role', title: 'Role', min: 6, priority: 1},
				{id: 'groups', title: 'Groups', min: 10, grow: 1, priority: 2},
			],
			rows: members,
			sorts: [sortBy('name', 'name', [{field: 'name'}]), sortBy('role', 'role', [{field: 'role'}, {field: 'name'}]), sortBy('groups', 'group count', [{field: 'groups', descending: true}, {field: 'name'}])],
			empty: 'No members visible in this workspace.',
			notice: partial,
		},
		{
			id: 'groups',
			title: 'Groups',
			columns: [
				{id: 'name', title: 'Group', min: 10, max: 30, priority: 0},
				{id: 'title', title: 'Name', min: 10, max: 30, priority: 3},
				{id: 'members', title: 'Members', min: 7, priority: 1, align: 'right'},
				{id: 'highest', title: 'Highest', min: 11, priority: 1},
				{id: 'grants', title: 'Grants', min: 12, grow: 1, priority: 2},
			],
			rows: groups,
			sorts: [sortBy('name', 'name', [{field: 'name'}]), sortBy('members', 'members', [{field: 'members', descending: true}]), sortBy('highest', 'highest level', [{field: 'highest', descending: true}, {field: 'name'}])],
			empty: 'No groups in this workspace (or group listings are not visible).',
			notice: partial,
		},
		{
			id: 'projects',
			title: 'Projects',
			columns: [
				{id: 'key', title: 'Key', min: 5, max: 12, priority: 0},
				{id: 'name', title: 'Name', min: 10, max: 40, grow: 1, priority: 1},
				{id: 'repositories', title: 'Repos', min: 5, priority: 1, align: 'right'},
				{id: 'grants', title: 'Explicit grants', min: 10, max: 15, priority: 2},
			],
			rows: projects,
			sorts: [sortBy('key', 'key', [{field: 'key'}]), sortBy('repositories', 'repositories', [{field: 'repositories', descending: true}])],
			empty: 'No projects in this workspace.',
			notice: partial,
		},
		{
			id: 'repositories',
			title: 'Repositories',
			columns: withOwnColumn(REPOSITORY_COLUMNS, repositoryList),
			rows: repositories,
			sorts: [sortBy('name', 'name', [{field: 'name'}]), sortBy('project', 'project', [{field: 'project'}, {field: 'name'}])],
			empty: 'No repositories in this workspace.',
			notice: ownNotice,
		},
	];
	return {
		ref,
		crumbs: [ws],
		summary: [],
		sections,
		copy: {text: ws, label: 'workspace slug'},
		web: {kind: 'workspace', workspace: ws},
		exportName: ws,
	};
}
