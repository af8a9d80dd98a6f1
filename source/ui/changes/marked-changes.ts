/**
 * What the change keys do with marked rows (pure, from the graph, the view and the rows): the
 * ChangeRequests of one batch and notes for the rows left out, each naming the row and why.
 *
 * `x` revokes each marked access where it really comes from (row-removals.ts, the same rule as a
 * single `x`), choosing without asking only when the choice is clear:
 *   1. the row's own explicit entry (the person's or group's entry on the row's target), as a
 *      single `x` does — whatever else survives is listed in the plan;
 *   2. else the one real source when there is exactly one (e.g. the person's grant on the project
 *      the repository inherits from).
 * A row whose access has more than one possible source (a group grant: revoke the group's entry
 * for everyone, or take the person out of the group; or several grants) is left out with a note
 * naming the choices rather than guessing — a single `x` on that row offers them. Two rows served
 * by the same entry plan it once. On a person's or group's Grants tab each row is that principal's
 * explicit entry, revoked as it is.
 */
import {explicitLevel, type ChangeRequest, type RemovalOption} from '../../core/changes/index.js';
import type {AccessGraph} from '../../core/graph/index.js';
import type {Principal, Target} from '../../core/model.js';
import type {TableRow} from '../components/table-model.js';
import {PUBLIC_ROW_KEY} from '../explorer/screens/access-screens.js';
import type {ViewRef} from '../explorer/view-ref.js';
import {rowRemovals} from './row-removals.js';
import {OWNER_GRANT_REFUSAL, subjectOf} from './subjects.js';

export interface MarkedChanges {
	changes: ChangeRequest[];
	/** Rows left out (or merged), in words, for the plan's notes. */
	notes: string[];
}

function rowName(row: TableRow): string {
	const cells = Object.values(row.cells).filter(cell => cell.trim() !== '');
	return cells[0] ?? row.key;
}

function changeKey(change: ChangeRequest): string {
	if (change.type === 'membership') return `m:${change.workspace}:${change.group}:${change.user}`;
	const where = change.target.type === 'project' ? `p:${change.target.workspace}:${change.target.key}` : `r:${change.target.fullName}`;
	return `${where}:${change.principal.type === 'user' ? `u:${change.principal.uuid}` : `g:${change.principal.slug}`}`;
}

function optionChange(option: RemovalOption): ChangeRequest {
	return option.kind === 'revoke'
		? {type: 'permission', target: option.target, principal: option.principal, level: undefined}
		: {type: 'membership', workspace: option.workspace, group: option.slug, user: option.user, member: false};
}

function collector(): {add: (change: ChangeRequest, row: TableRow) => void; result: MarkedChanges} {
	const result: MarkedChanges = {changes: [], notes: []};
	const seen = new Map<string, string>();
	return {
		result,
		add(change, row) {
			const key = changeKey(change);
			const first = seen.get(key);
			if (first !== undefined) {
				result.notes.push(`${rowName(row)}: the same entry as ${first} (planned once)`);
				return;
			}
			seen.set(key, rowName(row));
			result.changes.push(change);
		},
	};
}

/** `x` on marked rows: one revoke (or membership removal) per row at its real source. */
export function markedRevokes(graph: AccessGraph, view: ViewRef, sectionId: string | undefined, rows: readonly TableRow[]): MarkedChanges {
	const {add, result} = collector();
	for (const row of rows) {
		const name = rowName(row);
		if (row.key === PUBLIC_ROW_KEY) {
			result.notes.push(`${name}: left out — anyone can read a public repository (its visibility, not a permission)`);
			continue;
		}
		const removals = rowRemovals(graph, view, sectionId, row);
		const own = removals ? undefined : ownGrant(view, sectionId, row);
		if (own) {
			add({type: 'permission', target: own.target, principal: own.principal, level: undefined}, row);
			continue;
		}
		if (!removals) {
			result.notes.push(`${name}: left out — not an access or grant row (x revokes from an Access or Grants tab)`);
			continue;
		}
		if (removals.direct) {
			add({type: 'permission', target: removals.direct.target, principal: removals.direct.principal, level: undefined}, row);
			continue;
		}
		if (removals.nothing) {
			result.notes.push(`${name}: left out — ${removals.nothing}`);
			continue;
		}
		if (removals.options.length === 1) {
			add(optionChange(removals.options[0]!), row);
			continue;
		}
		if (removals.options.length === 0) {
			result.notes.push(`${name}: left out — nothing to revoke: ${removals.fixed[0] ?? 'no explicit entry behind this access is known'}`);
			continue;
		}
		result.notes.push(`${name}: left out — more than one possible source (${removals.options.map(option => option.label).join('; or ')}); x on this row alone lets you choose`);
	}
	return result;
}

/** A row of a person's or group's Grants tab is that principal's explicit entry on the row's target. */
function ownGrant(view: ViewRef, sectionId: string | undefined, row: TableRow): {target: Target; principal: Principal} | undefined {
	if (sectionId !== 'grants' || (view.view !== 'person' && view.view !== 'group')) return undefined;
	const {target, principal} = subjectOf(view, row);
	return target && principal ? {target, principal} : undefined;
}

/** The people among marked rows (rows that open a person view), with the rows that are not. */
export function markedPeople(rows: readonly TableRow[]): {people: {uuid: string; row: TableRow}[]; others: TableRow[]} {
	const people: {uuid: string; row: TableRow}[] = [];
	const others: TableRow[] = [];
	for (const row of rows) {
		if (row.open?.view === 'person') people.push({uuid: row.open.uuid, row});
		else others.push(row);
	}
	return {people, others};
}

function leftOutOthers(others: readonly TableRow[], notes: string[]): void {
	for (const row of others) notes.push(`${rowName(row)}: left out — not a person`);
}

/** `a` on marked people: each gets `level` on `target` (owners are left out: Bitbucket refuses them). */
export function markedGrants(graph: AccessGraph, target: Target, level: NonNullable<Extract<ChangeRequest, {type: 'permission'}>['level']>, rows: readonly TableRow[]): MarkedChanges {
	const {add, result} = collector();
	const {people, others} = markedPeople(rows);
	for (const {uuid, row} of people) {
		if (graph.roleOf(target.workspace, uuid) === 'owner') {
			result.notes.push(`${rowName(row)}: left out — ${OWNER_GRANT_REFUSAL}`);
			continue;
		}
		const principal: Principal = {type: 'user', uuid};
		if (explicitLevel(graph, target, principal) === level) result.notes.push(`${rowName(row)}: already holds this explicit level (the plan re-reads it)`);
		add({type: 'permission', target, principal, level}, row);
	}
	leftOutOthers(others, result.notes);
	return result;
}

/** `M` on marked people in a group view: each leaves the group (non-members are left out). */
export function markedLeaves(graph: AccessGraph, workspace: string, slug: string, rows: readonly TableRow[]): MarkedChanges {
	const {add, result} = collector();
	const {people, others} = markedPeople(rows);
	const members = new Set(graph.group(workspace, slug)?.members ?? []);
	for (const {uuid, row} of people) {
		if (!members.has(uuid)) {
			result.notes.push(`${rowName(row)}: left out — not a member of group ${slug}`);
			continue;
		}
		add({type: 'membership', workspace, group: slug, user: uuid, member: false}, row);
	}
	leftOutOthers(others, result.notes);
	return result;
}
