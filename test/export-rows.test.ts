import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {toCsv} from '../source/core/export/format.js';
import {buildRows, CSV_COLUMNS, describeVia, effectiveRows, explicitRows, groupRows, memberRows} from '../source/core/export/rows.js';
import {AccessGraph} from '../source/core/graph/index.js';
import type {Target} from '../source/core/model.js';
import {allTargets, allUuids, bruteComplete, bruteLevel, bruteSources, randomSnapshot} from './helpers/graph-oracle.js';
import {demoBuilder, demoSnapshot} from './helpers/snapshot-builder.js';

const graph = () => AccessGraph.fromSnapshot(demoSnapshot());

test('effective rows: dscully WRITE on api-gateway via group developers on PLAT, with JSON sources', () => {
	const rows = effectiveRows(graph(), ['acme']);
	const row = rows.find(item => item.repository === 'acme/api-gateway' && item.nickname === 'dscully');
	assert.deepEqual(row, {
		workspace: 'acme',
		project: 'PLAT',
		repository: 'acme/api-gateway',
		userUuid: '{dscully}',
		displayName: 'Dana Scully',
		nickname: 'dscully',
		level: 'write',
		via: [{kind: 'project', principal: 'group', group: 'developers', project: 'PLAT', level: 'write'}],
		complete: true,
		missing: [],
		// When api-gateway's grants were read (issue 12: "grants loaded 3 h ago").
		grantsLoadedAt: '2026-11-29T10:00:00.000Z',
	});
	// Rows about the project itself have no repository; projects come first, each followed by its repositories.
	assert.deepEqual(
		[...new Set(rows.map(item => item.repository ?? `project ${item.project}`))],
		['project DATA', 'acme/data-pipeline', 'acme/legacy-tools', 'project PLAT', 'acme/api-gateway', 'acme/billing-service'],
	);
});

test('the CSV via column reads as text, and create-repo says what it gives on repositories', () => {
	const csv = toCsv(buildRows(graph(), 'effective', ['acme']) as unknown as Record<string, unknown>[], CSV_COLUMNS.effective);
	const lines = csv.split('\r\n');
	assert.equal(lines[0], 'workspace,project,repository,userUuid,displayName,nickname,level,via,complete,missing,grantsLoadedAt');
	assert.ok(
		lines.includes(
			'acme,PLAT,acme/api-gateway,{lilei},李雷,lilei,admin,"repository grant (ADMIN); via group developers on project PLAT (WRITE); via group release-managers on project PLAT (WRITE, granted CREATE-REPO)",true,,2026-11-29T10:00:00.000Z',
		),
		csv,
	);
	assert.ok(lines.includes('acme,PLAT,acme/api-gateway,{wskinner},Walter Skinner,wskinner,admin,workspace owner (ADMIN),true,,2026-11-29T10:00:00.000Z'));
	assert.equal(describeVia({kind: 'repository', principal: 'group', group: 'contractors', level: 'read'}), 'via group contractors (READ)');
	assert.equal(describeVia({kind: 'project', principal: 'user', project: 'DATA', level: 'admin'}), 'inherited from project DATA (ADMIN)');
	assert.equal(describeVia({kind: 'project', principal: 'user', project: 'DATA', level: 'admin'}, 'project'), 'project grant (ADMIN)');
});

test('rows of a repository whose grants are not loaded say complete=false and why', () => {
	const rows = effectiveRows(graph(), ['acme']).filter(item => item.repository === 'acme/legacy-tools');
	assert.deepEqual(rows.map(item => item.nickname), ['wskinner']);
	assert.ok(rows.every(item => !item.complete && item.missing[0] === 'repository grants of acme/legacy-tools not loaded'));
	const explicit = explicitRows(graph(), ['acme']).filter(item => item.target === 'acme/legacy-tools');
	assert.deepEqual(explicit, [
		{workspace: 'acme', targetType: 'repository', target: 'acme/legacy-tools', principalType: null, principalId: null, principalName: null, level: null, complete: false, missing: ['repository grants of acme/legacy-tools not loaded'], grantsLoadedAt: null},
	]);
});

test('a target with gaps and no known access still gets a placeholder row', () => {
	const snapshot = demoBuilder().workspace('empty').repository('empty/x', {grants: 'not-loaded'}).build();
	const rows = effectiveRows(AccessGraph.fromSnapshot(snapshot), ['empty']);
	assert.deepEqual(rows, [
		{workspace: 'empty', project: null, repository: 'empty/x', userUuid: null, displayName: null, nickname: null, level: null, via: [], complete: false, missing: ['repository grants of empty/x not loaded'], grantsLoadedAt: null},
	]);
});

test('explicit rows list every project and repository grant with principal names', () => {
	const rows = explicitRows(graph(), ['acme']).filter(item => item.complete);
	assert.deepEqual(
		rows.map(item => [item.targetType, item.target, item.principalType, item.principalId, item.principalName, item.level].join(' ')),
		[
			'repository acme/data-pipeline group contractors Contractors read',
			'project PLAT group developers Developers write',
			'project PLAT group release-managers Release managers create-repo',
			'repository acme/api-gateway user {lilei} 李雷 admin',
			'repository acme/billing-service user {fmulder} Fox Mulder read',
		],
	);
});

test('member and group rows', () => {
	const members = memberRows(graph(), ['acme']);
	assert.deepEqual(members.find(item => item.nickname === 'lilei'), {workspace: 'acme', uuid: '{lilei}', displayName: '李雷', nickname: 'lilei', role: 'member', groups: ['developers', 'release-managers']});
	assert.equal(members.find(item => item.nickname === 'wskinner')?.role, 'owner');
	const groups = groupRows(graph(), ['acme']);
	assert.deepEqual(groups.map(item => `${item.group}:${item.memberCount}`), ['contractors:1', 'developers:2', 'release-managers:1']);
	const csv = toCsv(groups as unknown as Record<string, unknown>[], CSV_COLUMNS.groups);
	assert.match(csv, /\r\nacme,developers,Developers,2,Dana Scully \(@dscully\); 李雷 \(@lilei\)\r\n/);
});

test('on random graphs, effective rows are exactly the brute-force (target, user) pairs, each target once', () => {
	fc.assert(
		fc.property(fc.gen(), g => {
			const snapshot = randomSnapshot(g);
			const graph = AccessGraph.fromSnapshot(snapshot);
			const workspaces = snapshot.workspaces.map(ws => ws.slug);
			const rows = effectiveRows(graph, workspaces);
			const key = (target: Target) => (target.type === 'project' ? `p ${target.workspace}:${target.key}` : `r ${target.fullName}`);
			const expected = new Map<string, string>();
			for (const target of allTargets(snapshot)) {
				for (const uuid of allUuids(snapshot)) {
					const level = bruteLevel(bruteSources(snapshot, uuid, target));
					if (level) expected.set(`${key(target)} ${uuid}`, level);
				}
			}
			const actual = new Map<string, string>();
			for (const row of rows) {
				if (row.userUuid === null) continue;
				const target: Target = row.repository === null ? {type: 'project', workspace: row.workspace, key: row.project!} : {type: 'repository', workspace: row.workspace, fullName: row.repository};
				const id = `${key(target)} ${row.userUuid}`;
				assert.ok(!actual.has(id), `one row per target and user: ${id}`);
				actual.set(id, row.level!);
				assert.equal(row.complete, bruteComplete(snapshot, target));
			}
			assert.deepEqual(actual, expected);
			// A target with gaps and nobody known gets exactly one placeholder row.
			for (const row of rows.filter(item => item.userUuid === null)) assert.equal(row.complete, false);
		}),
		{numRuns: 100},
	);
});
