/**
 * Group view (members; what the group grants), person view (reverse lookup: role, groups and
 * everything they can reach, with via) and the request log.
 */
import {groupGrantRows, groupMemberRows, ownAccessRows, ownRepositoriesNotice, personGrantRows, personMembershipRows, personReachRows, requestLogRows} from '../../../core/selectors/index.js';
import type {ViewRef} from '../view-ref.js';
import {notLoaded, scopeRepositories} from './missing-grants.js';
import {levelCell, levelSort, loadingNotice, makeRow, notFound, personIncompleteText, plural, sortBy, userLabel, type ScreenContext, type ScreenModel, type SectionModel} from './screen-model.js';

export function groupScreen(ctx: ScreenContext, ref: ViewRef & {view: 'group'}): ScreenModel {
	const {graph} = ctx;
	const group = graph.group(ref.workspace, ref.slug);
	if (!group) return notFound(ref, `Group ${ref.workspace}:${ref.slug}`);
	const members = groupMemberRows(graph, ref.workspace, ref.slug).map(row =>
		makeRow(
			row.uuid,
			{name: userLabel(row.displayName, row.nickname), role: row.role ?? 'not a member'},
			{
				tones: {role: row.role === 'owner' ? 'accent' : row.role ? 'muted' : 'warn'},
				extraSearch: [row.uuid],
				sort: {name: row.displayName},
				open: {view: 'person', uuid: row.uuid},
				copy: {text: row.uuid, label: 'user uuid'},
				web: {kind: 'user', uuid: row.uuid},
				record: {...row},
			},
		),
	);
	const grants = groupGrantRows(graph, ref.workspace, ref.slug).map(row =>
		makeRow(
			`${row.type}:${row.id}`,
			{target: row.type === 'project' ? row.id : row.id.slice(row.id.indexOf('/') + 1), type: row.type, level: levelCell(row.level), name: row.name},
			{
				tones: {level: row.level, type: 'muted'},
				extraSearch: [row.id],
				sort: {target: row.id, type: row.type, level: levelSort(row.level)},
				open: row.type === 'project' ? {view: 'project', workspace: row.workspace, key: row.id} : {view: 'repository', fullName: row.id},
				copy: {text: row.type === 'project' ? `${row.workspace}:${row.id}` : row.id, label: row.type === 'project' ? 'project id' : 'repository full name'},
				web: row.type === 'project' ? {kind: 'project', workspace: row.workspace, key: row.id} : {kind: 'repository', workspace: row.workspace, fullName: row.id},
				record: {...row},
			},
		),
	);
	const sections: SectionModel[] = [
		{
			id: 'members',
			title: 'Members',
			columns: [
				{id: 'name', title: 'Member', min: 12, max: 40, priority: 0},
				{id: 'role', title: 'Workspace role', min: 14, grow: 1, priority: 1},
			],
			rows: members,
			sorts: [sortBy('name', 'name', [{field: 'name'}])],
			empty: 'This group has no members.',
		},
		{
			id: 'grants',
			title: 'Grants',
			columns: [
				{id: 'target', title: 'Granted on', min: 12, max: 36, priority: 0},
				{id: 'type', title: 'Type', min: 10, priority: 2},
				{id: 'level', title: 'Level', min: 5, priority: 0},
				{id: 'name', title: 'Name', min: 10, grow: 1, priority: 3},
			],
			rows: grants,
			sorts: [sortBy('type', 'type', [{field: 'type'}, {field: 'target'}]), sortBy('level', 'level', [{field: 'level', descending: true}, {field: 'target'}])],
			empty: 'This group holds no explicit grants (among the grants loaded so far).',
		},
	];
	return {
		ref,
		crumbs: [ref.workspace, 'groups', ref.slug],
		summary: [`${group.name} · ${plural(group.members.length, 'member')} · ${plural(grants.length, 'grant')}`],
		sections,
		copy: {text: `${ref.workspace}:${ref.slug}`, label: 'group id'},
		web: {kind: 'workspace', workspace: ref.workspace},
		exportName: `${ref.workspace}-group-${ref.slug}`,
	};
}

export function personScreen(ctx: ScreenContext, ref: ViewRef & {view: 'person'}): ScreenModel {
	const {graph} = ctx;
	const user = graph.user(ref.uuid);
	if (!user) return notFound(ref, `User ${ref.uuid}`);
	const reach = personReachRows(graph, ref.uuid);
	const memberships = personMembershipRows(graph, ref.uuid);
	const rows = reach.rows.map((row, index) =>
		makeRow(
			`${row.type}:${row.workspace}:${row.id}`,
			{
				target: row.type === 'project' ? `${row.workspace}:${row.id}` : row.id,
				type: row.type === 'project' ? 'project' : 'repo',
				level: levelCell(row.level),
				via: row.via,
			},
			{
				tones: {level: row.level, type: 'muted'},
				extraSearch: [row.name],
				sort: {order: index, target: row.id, level: levelSort(row.level), type: row.type},
				open: row.type === 'project' ? {view: 'project', workspace: row.workspace, key: row.id} : {view: 'repository', fullName: row.id},
				copy: {text: row.type === 'project' ? `${row.workspace}:${row.id}` : row.id, label: row.type === 'project' ? 'project id' : 'repository full name'},
				web: row.type === 'project' ? {kind: 'project', workspace: row.workspace, key: row.id} : {kind: 'repository', workspace: row.workspace, fullName: row.id},
				record: {workspace: row.workspace, type: row.type, id: row.id, name: row.name, level: row.level, via: row.via},
			},
		),
	);
	const groups = memberships.flatMap(membership =>
		membership.groups.map(slug =>
			makeRow(
				`${membership.workspace}:${slug}`,
				{group: slug, workspace: membership.workspace},
				{
					sort: {group: slug, workspace: membership.workspace},
					open: {view: 'group', workspace: membership.workspace, slug},
					copy: {text: `${membership.workspace}:${slug}`, label: 'group id'},
					// Bitbucket has no page per group: its workspace's permission settings list the groups.
					web: {kind: 'workspace', workspace: membership.workspace},
					record: {workspace: membership.workspace, group: slug},
				},
			),
		),
	);
	const explicit = personGrantRows(graph, ref.uuid).map(row =>
		makeRow(
			`${row.type}:${row.workspace}:${row.id}`,
			{target: row.type === 'project' ? `${row.workspace}:${row.id}` : row.id, type: row.type === 'project' ? 'project' : 'repo', level: levelCell(row.level), name: row.name},
			{
				tones: {level: row.level, type: 'muted'},
				sort: {target: row.id, level: levelSort(row.level)},
				open: row.type === 'project' ? {view: 'project', workspace: row.workspace, key: row.id} : {view: 'repository', fullName: row.id},
				copy: {text: row.type === 'project' ? `${row.workspace}:${row.id}` : row.id, label: row.type === 'project' ? 'project id' : 'repository full name'},
				web: row.type === 'project' ? {kind: 'project', workspace: row.workspace, key: row.id} : {kind: 'repository', workspace: row.workspace, fullName: row.id},
				record: {...row},
			},
		),
	);
	const incomplete = personIncompleteText(notLoaded(graph, scopeRepositories(graph, ref)).length, reach.complete ? [] : reach.missing);
	const roles = memberships.map(m => `${m.workspace}: ${m.role ?? 'not a member'}`).join(' · ');
	const sections: SectionModel[] = [
		{
			id: 'access',
			title: 'Access',
			columns: [
				{id: 'target', title: 'Project / repository', min: 14, max: 40, priority: 0},
				{id: 'type', title: 'Type', min: 7, priority: 2},
				{id: 'level', title: 'Level', min: 5, priority: 0},
				{id: 'via', title: 'Via', min: 14, grow: 1, priority: 1},
			],
			rows,
			sorts: [sortBy('level', 'level (highest first)', [{field: 'level', descending: true}, {field: 'order'}]), sortBy('target', 'name', [{field: 'target'}]), sortBy('type', 'type', [{field: 'type'}, {field: 'target'}])],
			empty: reach.complete ? 'This person cannot reach any project or repository.' : 'Nothing reachable is known yet: some grants are not loaded.',
			notice: incomplete === undefined ? undefined : (loadingNotice(ctx) ?? {tone: 'warn', text: incomplete}),
		},
		{
			id: 'groups',
			title: 'Groups',
			columns: [
				{id: 'group', title: 'Group', min: 12, max: 40, priority: 0},
				{id: 'workspace', title: 'Workspace', min: 10, grow: 1, priority: 1},
			],
			rows: groups,
			sorts: [sortBy('group', 'group', [{field: 'group'}])],
			empty: 'Not in any group.',
		},
		{
			id: 'grants',
			title: 'Grants',
			columns: [
				{id: 'target', title: 'Granted on', min: 14, max: 40, priority: 0},
				{id: 'type', title: 'Type', min: 7, priority: 2},
				{id: 'level', title: 'Level', min: 5, priority: 0},
			],
			rows: explicit,
			sorts: [sortBy('target', 'name', [{field: 'target'}]), sortBy('level', 'level', [{field: 'level', descending: true}, {field: 'target'}])],
			empty: reach.complete ? 'No grants name this person directly (access comes from groups or ownership).' : 'No direct grants known (some repository grants are not loaded).',
		},
	];
	// The signed-in account only: its own levels in workspaces it does not administer (CHANGE-3022), kept apart from Access.
	const own = user.uuid === graph.account.uuid ? ownAccessRows(graph) : [];
	if (own.length > 0) {
		sections.push({
			id: 'own',
			title: 'Own permission',
			columns: [
				{id: 'target', title: 'Repository', min: 14, max: 40, priority: 0},
				{id: 'level', title: 'Your level (own)', min: 16, priority: 0},
			],
			rows: own.map(row =>
				makeRow(`own:${row.fullName}`, {target: row.fullName, level: `${levelCell(row.level)} (own)`}, {
					tones: {level: row.level},
					sort: {target: row.fullName, level: levelSort(row.level)},
					open: {view: 'repository', fullName: row.fullName},
					copy: {text: row.fullName, label: 'repository full name'},
					web: {kind: 'repository', workspace: row.workspace, fullName: row.fullName},
					record: {...row, source: 'own-permission'},
				}),
			),
			sorts: [sortBy('target', 'name', [{field: 'target'}]), sortBy('level', 'level', [{field: 'level', descending: true}, {field: 'target'}])],
			empty: 'No own levels.',
			notice: {tone: 'warn', text: [...new Set(own.map(row => row.workspace))].map(ownRepositoriesNotice).join(' · ')},
		});
	}
	return {
		ref,
		crumbs: ['people', userLabel(user.displayName, user.nickname)],
		summary: [roles === '' ? 'Not a member of any synced workspace' : `Role: ${roles}`],
		sections,
		copy: {text: user.uuid, label: 'user uuid'},
		web: {kind: 'user', uuid: user.uuid},
		exportName: user.nickname ?? user.uuid.replace(/[{}]/g, ''),
	};
}

export function requestLogScreen(ctx: ScreenContext, ref: ViewRef & {view: 'request-log'}): ScreenModel {
	const rows = requestLogRows(ctx.backend.requestLog()).map(row =>
		makeRow(
			String(row.seq),
			{seq: String(row.seq), time: row.at.slice(11, 19), method: row.method, path: row.path, status: row.status, ms: `${row.ms} ms`},
			{
				tones: {status: row.status.startsWith('2') ? 'ok' : row.status.startsWith('4') || row.status === 'error' ? 'error' : 'warn', time: 'muted'},
				sort: {seq: row.seq, ms: row.ms, status: row.status},
				record: {...row},
			},
		),
	);
	const section: SectionModel = {
		id: 'requests',
		title: 'Requests',
		columns: [
			{id: 'seq', title: '#', min: 4, priority: 2, align: 'right'},
			{id: 'time', title: 'Time', min: 8, priority: 3},
			{id: 'method', title: 'Method', min: 6, priority: 0},
			{id: 'path', title: 'Path', min: 20, grow: 1, priority: 0},
			{id: 'status', title: 'Status', min: 6, priority: 0},
			{id: 'ms', title: 'Took', min: 7, priority: 1, align: 'right'},
		],
		rows,
		sorts: [sortBy('newest', 'newest first', [{field: 'seq', descending: true}]), sortBy('oldest', 'oldest first', [{field: 'seq'}]), sortBy('slowest', 'slowest first', [{field: 'ms', descending: true}])],
		empty: 'No API requests in this session yet.',
	};
	return {ref, crumbs: ['request log'], summary: [`${plural(rows.length, 'request')} this session (method, path, status, time; never headers)`], sections: [section], exportName: 'request-log'};
}
