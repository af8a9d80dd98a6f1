/**
 * What `x` (and the describe pane) can change for the selected row: the explicit entries behind
 * the row's access, where they really are (core/changes/real-source.ts). Pure, from the view and row.
 */
import {grantLocation, knownNoExplicitEntry, leaveGroupOption, revokeOption, userAccessRemovals, type RealSources} from '../../core/changes/index.js';
import type {AccessGraph} from '../../core/graph/index.js';
import type {Principal, Target} from '../../core/model.js';
import type {TableRow} from '../components/table-model.js';
import type {ViewRef} from '../explorer/view-ref.js';

export interface RowRemovals extends RealSources {
	/** The row's own target and principal when the row is a direct explicit entry (x revokes it straight away). */
	direct?: {target: Target; principal: Principal};
	/** Why nothing needs sending (the snapshot knows there is no explicit entry). */
	nothing?: string;
	/** The picker's question when it is not about inherited access. */
	title?: string;
}

function viewTarget(view: ViewRef): Target | undefined {
	if (view.view === 'project') return {type: 'project', workspace: view.workspace, key: view.key};
	if (view.view === 'repository') return {type: 'repository', workspace: view.fullName.split('/')[0]!, fullName: view.fullName};
	return undefined;
}

function rowTarget(row: TableRow): Target | undefined {
	const open = row.open;
	if (open?.view === 'project') return {type: 'project', workspace: open.workspace, key: open.key};
	if (open?.view === 'repository') return {type: 'repository', workspace: open.fullName.split('/')[0]!, fullName: open.fullName};
	return undefined;
}

/**
 * The removals for a row of an Access tab (a person on a target), a Grants tab (an explicit
 * grant shown on a target, possibly inherited from its project) or a person's Groups tab (the
 * membership); undefined for other rows.
 */
export function rowRemovals(graph: AccessGraph, view: ViewRef, sectionId: string | undefined, row: TableRow | undefined): RowRemovals | undefined {
	if (!row) return undefined;
	const here = viewTarget(view);
	// A person on a project/repository: the Access tab of a target, or the Access tab of a person.
	let access: {target: Target; uuid: string} | undefined;
	if (here && sectionId === 'access' && row.open?.view === 'person') access = {target: here, uuid: row.open.uuid};
	const reached = rowTarget(row);
	if (view.view === 'person' && sectionId === 'access' && reached) access = {target: reached, uuid: view.uuid};
	if (access) {
		const removals: RowRemovals = userAccessRemovals(graph, access.target, access.uuid);
		const principal: Principal = {type: 'user', uuid: access.uuid};
		const direct = removals.options.find(
			option => option.kind === 'revoke' && option.principal.type === 'user' && sameTarget(option.target, access.target),
		);
		// The target's own grants not loaded yet (an admin typing ahead of the load): the person may hold
		// an explicit entry here that the snapshot cannot show, so x plans it directly (one pre-read;
		// a no-op sends nothing else) rather than offering only the inherited sources.
		if (direct || !ownGrantsKnown(graph, access.target)) removals.direct = {target: access.target, principal};
		return removals;
	}
	// A group on a person's Groups tab: x acts on the row's object, the membership (as M does), with its reach.
	if (view.view === 'person' && sectionId === 'groups' && row.open?.view === 'group') {
		const {workspace, slug} = row.open;
		const user = graph.user(view.uuid);
		return {options: [leaveGroupOption(graph, workspace, slug, view.uuid)], fixed: [], title: `What ${user?.nickname ?? 'this person'} gets through group ${slug}: remove it?`};
	}
	// An explicit grant row of a target's Grants tab: act where the grant is.
	if (here && sectionId === 'grants') {
		const record = row.record as {principalType?: string; principal?: string};
		if (record.principalType !== 'user' && record.principalType !== 'group') return undefined;
		const principal: Principal = record.principalType === 'user' ? {type: 'user', uuid: String(record.principal)} : {type: 'group', slug: String(record.principal)};
		const location = grantLocation(graph, here, principal);
		if (!location) {
			return knownNoExplicitEntry(graph, here, principal)
				? {options: [], fixed: [], nothing: 'no explicit entry to revoke here (the snapshot knows the grants): nothing was sent.'}
				: {options: [], fixed: [], direct: {target: here, principal}};
		}
		const option = revokeOption(graph, location.target, principal, location.level);
		return sameTarget(location.target, here) ? {options: [option], fixed: [], direct: {target: here, principal}} : {options: [option], fixed: []};
	}
	return undefined;
}

function ownGrantsKnown(graph: AccessGraph, target: Target): boolean {
	const state = target.type === 'project' ? graph.projectGrantsState(target.workspace, target.key) : graph.repositoryGrantsState(target.fullName);
	return state.state === 'loaded';
}

function sameTarget(a: Target, b: Target): boolean {
	return a.type === 'project' ? b.type === 'project' && a.workspace === b.workspace && a.key === b.key : b.type === 'repository' && a.fullName === b.fullName;
}
