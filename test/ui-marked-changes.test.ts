/**
 * Which change each marked row becomes (ui/changes/marked-changes.ts), pure over the demo graph:
 * the row's own entry first, else the one real source; rows with several possible sources, owners
 * and the public row are left out with a note naming them; the same entry is planned once; a
 * group's Grants rows are its entries; `a` leaves out owners and non-people; `M` non-members.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {AccessGraph} from '../source/core/graph/index.js';
import {markedGrants, markedLeaves, markedRevokes} from '../source/ui/changes/marked-changes.js';
import type {TableRow} from '../source/ui/components/table-model.js';
import {PUBLIC_ROW_KEY} from '../source/ui/explorer/screens/access-screens.js';
import {demoBuilder} from './helpers/snapshot-builder.js';

const graph = AccessGraph.fromSnapshot(demoBuilder().build());
const uuid = (nickname: string) => graph.users().find(user => user.nickname === nickname)!.uuid;
const person = (nickname: string): TableRow => ({key: uuid(nickname), cells: {user: `${nickname} row`}, open: {view: 'person', uuid: uuid(nickname)}}) as unknown as TableRow;
const repoRow = (fullName: string): TableRow => ({key: `repository:${fullName}`, cells: {target: fullName}, open: {view: 'repository', fullName}}) as unknown as TableRow;

test('x on marked Access rows: own entry, single source, several sources left out, owner left out, public row left out', () => {
	const view = {view: 'repository', fullName: 'acme/api-gateway'} as const;
	const rows = [person('lilei'), person('dscully'), person('wskinner'), {key: PUBLIC_ROW_KEY, cells: {user: 'Anyone (public)'}} as unknown as TableRow];
	const planned = markedRevokes(graph, view, 'access', rows);
	assert.deepEqual(planned.changes, [{type: 'permission', target: {type: 'repository', workspace: 'acme', fullName: 'acme/api-gateway'}, principal: {type: 'user', uuid: uuid('lilei')}, level: undefined}], "only lilei's own entry is planned");
	assert.ok(planned.notes.some(note => /^dscully row: left out — more than one possible source \(revoke group developers .*; or remove dscully from group developers/.test(note)), planned.notes.join('\n'));
	assert.ok(planned.notes.some(note => /^wskinner row: left out — nothing to revoke: workspace owner/.test(note)), planned.notes.join('\n'));
	assert.ok(planned.notes.some(note => /Anyone \(public\): left out — anyone can read a public repository/.test(note)));
});

test("x on a person's Access rows that come from one project grant plans that grant once", () => {
	// jalvarez reaches both PLAT repositories through one user grant on the project only.
	const withGrant = AccessGraph.fromSnapshot(demoBuilder().projectGrant('acme', 'PLAT', {user: 'jalvarez'}, 'read').build());
	const holder = withGrant.users().find(user => user.nickname === 'jalvarez')!.uuid;
	const planned = markedRevokes(withGrant, {view: 'person', uuid: holder}, 'access', [repoRow('acme/api-gateway'), repoRow('acme/billing-service')]);
	assert.deepEqual(planned.changes, [{type: 'permission', target: {type: 'project', workspace: 'acme', key: 'PLAT'}, principal: {type: 'user', uuid: holder}, level: undefined}], 'the real source, once');
	assert.ok(planned.notes.some(note => /^acme\/billing-service: the same entry as acme\/api-gateway \(planned once\)/.test(note)), planned.notes.join('\n'));
});

test("x on marked rows of a group's Grants tab revokes those entries", () => {
	const grants = graph.grantsOfGroup('acme', 'developers');
	const rows = grants.projects.map(entry => ({key: `project:${entry.project}`, cells: {target: entry.project}, open: {view: 'project', workspace: 'acme', key: entry.project}}) as unknown as TableRow);
	assert.ok(rows.length > 0);
	const planned = markedRevokes(graph, {view: 'group', workspace: 'acme', slug: 'developers'}, 'grants', rows);
	assert.deepEqual(planned.changes, grants.projects.map(entry => ({type: 'permission', target: {type: 'project', workspace: 'acme', key: entry.project}, principal: {type: 'group', slug: 'developers'}, level: undefined})));
});

test('a on marked people leaves out owners and rows that are not people; M leaves out non-members', () => {
	const target = {type: 'repository', workspace: 'acme', fullName: 'acme/api-gateway'} as const;
	const grants = markedGrants(graph, target, 'read', [person('dscully'), person('wskinner'), repoRow('acme/api-gateway')]);
	assert.deepEqual(grants.changes, [{type: 'permission', target, principal: {type: 'user', uuid: uuid('dscully')}, level: 'read'}]);
	assert.ok(grants.notes.some(note => /^wskinner row: left out — workspace owner/.test(note)));
	assert.ok(grants.notes.some(note => /left out — not a person/.test(note)));
	const leaves = markedLeaves(graph, 'acme', 'developers', [person('dscully'), person('fmulder')]);
	assert.deepEqual(leaves.changes, [{type: 'membership', workspace: 'acme', group: 'developers', user: uuid('dscully'), member: false}]);
	assert.ok(leaves.notes.some(note => /^fmulder row: left out — not a member of group developers/.test(note)));
});
