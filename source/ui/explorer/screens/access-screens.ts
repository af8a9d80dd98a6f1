/**
 * Project and repository views: who can reach it (user, level, via), and the explicit grants
 * behind that. A repository whose grants are not loaded yet says so and shows a spinner while
 * they load — never "no access".
 */
import {accessRows, grantRows, ownAccessText, repositoryRows, type AccessRows, type GrantRow} from '../../../core/selectors/index.js';
import type {GrantsState, Target} from '../../../core/model.js';
import {formatAge} from '../../../core/explorer-snapshot.js';
import {accessDrift, type AccessDrift} from '../../../core/review/baseline.js';
import type {ColumnSpec, TableRow} from '../../components/table-model.js';
import type {ViewRef} from '../view-ref.js';
import {PROJECT_REPOSITORY_COLUMNS, repositoryTableRows, withOwnColumn} from './workspace-screens.js';
import {AS_GIVEN, levelCell, levelSort, makeRow, missingText, notFound, plural, sortBy, userLabel, type Notice, type ScreenContext, type ScreenModel, type SectionModel} from './screen-model.js';

const ACCESS_COLUMNS: ColumnSpec[] = [
	{id: 'user', title: 'User', min: 12, max: 34, priority: 0, shrink: true},
	{id: 'level', title: 'Level', min: 5, priority: 0},
	{id: 'via', title: 'Via', min: 14, grow: 1, priority: 1},
];

const GRANT_COLUMNS: ColumnSpec[] = [
	{id: 'principal', title: 'Granted to', min: 12, max: 34, priority: 0, shrink: true},
	{id: 'type', title: 'Type', min: 5, priority: 2},
	{id: 'level', title: 'Level', min: 5, priority: 0},
	{id: 'on', title: 'On', min: 10, grow: 1, priority: 1},
];

/** `drift`: + ↑ ↓ markers by user uuid, and − rows for who lost access, since the baseline snapshot (see docs/review.md). */
function accessTableRows(access: AccessRows, workspace: string, drift: AccessDrift = {markers: new Map(), gone: []}): TableRow[] {
	const markers = drift.markers;
	const rows = access.rows.map((row, index) =>
		makeRow(
			row.uuid,
			{user: userLabel(row.displayName, row.nickname), level: markers.has(row.uuid) ? `${markers.get(row.uuid)} ${levelCell(row.level)}` : levelCell(row.level), via: row.via},
			{
				tones: {level: row.level},
				extraSearch: [row.uuid],
				sort: {order: index, name: row.displayName, level: levelSort(row.level), via: row.via},
				open: {view: 'person', uuid: row.uuid},
				copy: {text: row.uuid, label: 'user uuid'},
				web: {kind: 'user', uuid: row.uuid, workspace},
				record: {uuid: row.uuid, user: row.displayName, nickname: row.nickname ?? '', level: row.level, via: row.via},
			},
		),
	);
	const gone = drift.gone.map((row, index) =>
		makeRow(
			`gone:${row.uuid}`,
			{user: userLabel(row.displayName, row.nickname), level: `− none`, via: `had ${levelCell(row.level)} at the compared snapshot`},
			{
				tones: {user: 'muted', level: 'muted', via: 'muted'},
				extraSearch: [row.uuid],
				sort: {order: access.rows.length + index, name: row.displayName, level: -1, via: ''},
				open: {view: 'person', uuid: row.uuid},
				copy: {text: row.uuid, label: 'user uuid'},
				record: {uuid: row.uuid, user: row.displayName, nickname: row.nickname ?? '', level: 'none', via: `had ${row.level} at the compared snapshot`},
			},
		),
	);
	return [...rows, ...gone];
}

/** The − rows in words, so the Access tab's count (which includes them) agrees with the summary's. */
function lostNote(drift: AccessDrift): string {
	const lost = drift.gone.length;
	return lost === 0 ? '' : ` · ${plural(lost, 'person', 'people')} lost access since the compared snapshot (− ${lost === 1 ? 'row' : 'rows'})`;
}

/** Public repositories: anyone can read them, which no permission listing shows. */
export const PUBLIC_ROW_KEY = 'public:anyone';

function publicRow(fullName: string): TableRow {
	return makeRow(
		PUBLIC_ROW_KEY,
		{user: 'Anyone (public)', level: 'READ', via: 'public repository'},
		{
			tones: {user: 'warn', level: 'read'},
			sort: {order: -1, name: '', level: levelSort('read'), via: 'public repository'},
			web: {kind: 'repository', workspace: fullName.split('/')[0]!, fullName},
			copy: {text: fullName, label: 'repository full name'},
			record: {uuid: '', user: 'Anyone (public)', nickname: '', level: 'read', via: 'public repository'},
		},
	);
}

function grantTableRows(rows: GrantRow[], workspace: string, graph: ScreenContext['graph']): TableRow[] {
	return rows.map(row =>
		makeRow(
			`${row.onType}:${row.principalType}:${row.principal}`,
			// People in the one form used everywhere: "Name (nick)".
			{principal: row.principalType === 'group' ? row.principal : userLabel(row.name, graph.user(row.principal)?.nickname), type: row.principalType, level: levelCell(row.level), on: row.on},
			{
				tones: {level: row.level, type: 'muted'},
				extraSearch: [row.principal, row.name],
				sort: {name: row.principal === row.name ? row.name : row.principal, level: levelSort(row.level), on: row.onType === 'repository' ? 0 : 1},
				open: row.principalType === 'group' ? {view: 'group', workspace, slug: row.principal} : {view: 'person', uuid: row.principal},
				copy: {text: row.principalType === 'group' ? `${workspace}:${row.principal}` : row.principal, label: row.principalType === 'group' ? 'group id' : 'user uuid'},
				web: row.principalType === 'group' ? {kind: 'workspace', workspace} : {kind: 'user', uuid: row.principal, workspace},
				record: {...row},
			},
		),
	);
}

const ACCESS_SORTS = [AS_GIVEN('level', 'level (highest first)'), sortBy('name', 'name', [{field: 'name'}]), sortBy('via', 'via', [{field: 'via'}, {field: 'name'}])];
const GRANT_SORTS = [sortBy('on', 'where granted', [{field: 'on'}, {field: 'level', descending: true}, {field: 'name'}]), sortBy('level', 'level', [{field: 'level', descending: true}, {field: 'name'}]), sortBy('name', 'name', [{field: 'name'}])];

function incompleteNotice(access: AccessRows): Notice | undefined {
	return access.complete ? undefined : {tone: 'warn', text: `Incomplete: ${missingText(access.missing)}`};
}

export function projectScreen(ctx: ScreenContext, ref: ViewRef & {view: 'project'}): ScreenModel {
	const {graph} = ctx;
	const project = graph.project(ref.workspace, ref.key);
	if (!project) return notFound(ref, `Project ${ref.workspace}:${ref.key}`);
	const target: Target = {type: 'project', workspace: ref.workspace, key: ref.key};
	const access = accessRows(graph, target);
	const state = graph.projectGrantsState(ref.workspace, ref.key);
	const stateNotice: Notice | undefined =
		state.state === 'not-loaded'
			? {tone: 'warn', text: 'Project grants are not loaded yet; only workspace owners are shown. Press r to refresh.'}
			: state.state === 'unavailable'
				? {tone: 'warn', text: `Project grants unavailable: ${state.reason}`}
				: undefined;
	const projectRepositories = repositoryRows(graph, ref.workspace, ref.key);
	const drift = accessDrift(graph, target);
	const sections: SectionModel[] = [
		{
			id: 'access',
			title: 'Access',
			columns: ACCESS_COLUMNS,
			rows: accessTableRows(access, ref.workspace, drift),
			sorts: ACCESS_SORTS,
			empty: access.complete
				? 'Nobody can reach this project (no owners, no grants).'
				: state.state === 'unavailable'
					? 'Nobody is known to reach it: this account cannot read its grants (see the note above).'
					: 'No access known yet: grants are not loaded.',
			notice: stateNotice ?? incompleteNotice(access),
		},
		{
			id: 'repositories',
			title: 'Repositories',
			columns: withOwnColumn(PROJECT_REPOSITORY_COLUMNS, projectRepositories),
			rows: repositoryTableRows(projectRepositories),
			sorts: [sortBy('name', 'name', [{field: 'name'}])],
			empty: 'No repositories in this project.',
		},
		{
			id: 'grants',
			title: 'Grants',
			columns: GRANT_COLUMNS,
			rows: grantTableRows(grantRows(graph, target), ref.workspace, graph),
			sorts: GRANT_SORTS,
			empty: state.state === 'loaded' ? 'No explicit grants on this project.' : 'Project grants are not known yet.',
			notice: stateNotice,
		},
	];
	return {
		ref,
		crumbs: [ref.workspace, ref.key],
		summary: [`${project.name} · ${ref.workspace}:${ref.key} · ${plural(access.rows.length, 'person', 'people')} with access${lostNote(drift)}`],
		sections,
		copy: {text: `${ref.workspace}:${ref.key}`, label: 'project id'},
		web: {kind: 'project', workspace: ref.workspace, key: ref.key},
		exportName: `${ref.workspace}-${ref.key}`,
	};
}

export function repositoryScreen(ctx: ScreenContext, ref: ViewRef & {view: 'repository'}): ScreenModel {
	const {graph} = ctx;
	const repository = graph.repository(ref.fullName);
	if (!repository) return notFound(ref, `Repository ${ref.fullName}`);
	const workspace = repository.workspace;
	const target: Target = {type: 'repository', workspace, fullName: repository.fullName};
	const access = accessRows(graph, target);
	const state = graph.repositoryGrantsState(repository.fullName);
	let notice: Notice | undefined;
	if (state.state === 'not-loaded') {
		const failed = ctx.failedGrants.get(repository.fullName);
		notice = failed
			? {tone: 'error', text: `Could not load repository grants: ${failed} (r retries). Access from repository grants is not shown.`}
			: ctx.loadingGrants.has(repository.fullName) || !ctx.attemptedGrants.has(repository.fullName)
				? {tone: 'info', busy: true, text: 'Loading repository grants… access below is from owners and project grants only.'}
				: {tone: 'warn', text: 'Repository grants not loaded yet (r loads them): access below is from owners and project grants only.'};
	} else if (state.state === 'unavailable') {
		notice = {tone: 'warn', text: `Repository grants unavailable: ${state.reason}`};
	} else {
		notice = incompleteNotice(access);
	}
	const grantsKnown = state.state === 'loaded';
	const drift = accessDrift(graph, target);
	const sections: SectionModel[] = [
		{
			id: 'access',
			title: 'Access',
			columns: ACCESS_COLUMNS,
			rows: repository.isPrivate === false ? [publicRow(repository.fullName), ...accessTableRows(access, workspace, drift)] : accessTableRows(access, workspace, drift),
			sorts: ACCESS_SORTS,
			// One true message: the notice says why the grants are missing; the empty text does not contradict it.
			empty: access.complete
				? 'Nobody can reach this repository.'
				: state.state === 'unavailable'
					? 'Nobody is known to reach it: this account cannot read its grants (see the note above).'
					: 'No access known yet: repository grants are not loaded.',
			notice,
		},
		{
			id: 'grants',
			title: 'Grants',
			columns: GRANT_COLUMNS,
			rows: grantTableRows(grantRows(graph, target), workspace, graph),
			sorts: GRANT_SORTS,
			empty: grantsKnown ? 'No explicit grants on this repository or its project.' : 'Explicit grants are not known yet.',
			notice: grantsKnown ? undefined : notice,
		},
	];
	const crumbs = repository.projectKey ? [workspace, repository.projectKey, repository.slug] : [workspace, repository.slug];
	// A workspace the account does not administer: its own level, marked as such (never mixed into Access).
	const ownLevel = graph.ownRepositoryLevel(repository.fullName);
	return {
		ref,
		crumbs,
		summary: [
			`${repository.fullName}${repository.projectKey ? ` · project ${repository.projectKey}` : ''} · ${plural(access.rows.length, 'person', 'people')} with access${access.complete ? '' : state.state === 'unavailable' ? ' known' : ' (so far)'}${repository.isPrivate === false ? ' + anyone (public: everyone can read it)' : ''}${lostNote(drift)}${grantsAge(state, ctx.backend)}`,
			...(ownLevel === undefined ? [] : [ownAccessText(ownLevel, workspace)]),
		],
		sections,
		copy: {text: repository.fullName, label: 'repository full name'},
		web: {kind: 'repository', workspace, fullName: repository.fullName},
		exportName: repository.fullName.replace('/', '-'),
	};
}

/** " · grants loaded 3 h ago", by the backend's clock (tests fix it, so frames do not drift). */
function grantsAge(state: GrantsState, backend: {now?(): number}): string {
	if (state.state !== 'loaded') return '';
	const at = Date.parse(state.at);
	return Number.isFinite(at) ? ` · grants loaded ${formatAge((backend.now?.() ?? Date.now()) - at)}` : '';
}
