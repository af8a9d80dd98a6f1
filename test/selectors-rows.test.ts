import {test} from 'node:test';
import assert from 'node:assert/strict';
import {AccessGraph} from '../source/core/graph/index.js';
import {
	accessRows,
	describeSource,
	grantRows,
	groupGrantRows,
	groupMemberRows,
	groupRows,
	memberRows,
	personGrantRows,
	personMembershipRows,
	personReachRows,
	projectRows,
	repositoryRows,
	requestLogRows,
	workspaceRows,
} from '../source/core/selectors/index.js';
import {demoBuilder, demoSnapshot} from './helpers/snapshot-builder.js';

const graph = () => AccessGraph.fromSnapshot(demoSnapshot());

test('via words name the owner, the grant and the group/project path', () => {
	assert.equal(describeSource({kind: 'owner', principal: 'user', level: 'admin'}, 'repository'), 'workspace owner');
	assert.equal(describeSource({kind: 'repository', principal: 'user', level: 'admin'}, 'repository'), 'repository grant');
	assert.equal(describeSource({kind: 'repository', principal: 'group', group: 'contractors', level: 'read'}, 'repository'), 'via group contractors');
	assert.equal(describeSource({kind: 'project', principal: 'user', project: 'MOB', level: 'admin'}, 'repository'), 'inherited from project MOB');
	assert.equal(describeSource({kind: 'project', principal: 'group', group: 'developers', project: 'PLAT', level: 'write'}, 'repository'), 'via group developers on project PLAT');
	assert.equal(
		describeSource({kind: 'project', principal: 'group', group: 'release-managers', project: 'PLAT', level: 'write', grantedLevel: 'create-repo'}, 'repository'),
		'via group release-managers on project PLAT (CREATE-REPO)',
	);
	assert.equal(describeSource({kind: 'project', principal: 'user', project: 'MOB', level: 'admin'}, 'project'), 'project grant');
	assert.equal(describeSource({kind: 'project', principal: 'group', group: 'developers', project: 'PLAT', level: 'write'}, 'project'), 'via group developers');
});

test('workspace rows count members, groups, projects and repositories and give my role', () => {
	const rows = workspaceRows(graph());
	assert.deepEqual(rows, [{slug: 'acme', name: 'Acme Corp', role: 'owner', administrator: true, members: 5, groups: 3, projects: 2, repositories: 4, partial: []}]);
});

test('workspace sections: members with groups, groups with grants, projects and repositories with grant state', () => {
	const g = graph();
	const lilei = memberRows(g, 'acme').find(row => row.uuid === '{lilei}');
	assert.deepEqual(lilei?.groups, ['developers', 'release-managers']);
	const developers = groupRows(g, 'acme').find(row => row.slug === 'developers');
	assert.equal(developers?.members, 2);
	assert.equal(developers?.projectGrants, 1);
	assert.equal(developers?.highest, 'write');
	const plat = projectRows(g, 'acme').find(row => row.key === 'PLAT');
	assert.deepEqual({repositories: plat?.repositories, grants: plat?.grants, state: plat?.grantsState}, {repositories: 2, grants: 2, state: 'loaded'});
	const legacy = repositoryRows(g, 'acme').find(row => row.slug === 'legacy-tools');
	assert.equal(legacy?.grantsState, 'not-loaded');
	assert.equal(legacy?.grants, undefined, 'unknown grants are not counted as zero');
	assert.deepEqual(
		repositoryRows(g, 'acme', 'PLAT').map(row => row.slug),
		['api-gateway', 'billing-service'],
	);
});

test('repository access: Dana Scully WRITE via group developers on project PLAT; 李雷 ADMIN by repository grant', () => {
	const access = accessRows(graph(), {type: 'repository', workspace: 'acme', fullName: 'acme/api-gateway'});
	assert.equal(access.complete, true);
	const dana = access.rows.find(row => row.nickname === 'dscully');
	assert.equal(dana?.level, 'write');
	assert.equal(dana?.via, 'via group developers on project PLAT');
	const lilei = access.rows.find(row => row.nickname === 'lilei');
	assert.equal(lilei?.level, 'admin');
	assert.match(lilei?.via ?? '', /^repository grant; /);
	assert.equal(access.rows[0]?.level, 'admin', 'highest first');
});

test('repository access with grants not loaded is incomplete and says why', () => {
	const access = accessRows(graph(), {type: 'repository', workspace: 'acme', fullName: 'acme/legacy-tools'});
	assert.equal(access.complete, false);
	assert.ok(access.missing.some(reason => reason.includes('acme/legacy-tools')), access.missing.join('; '));
});

test('grant rows list the repository grants and the inherited project grants', () => {
	const rows = grantRows(graph(), {type: 'repository', workspace: 'acme', fullName: 'acme/api-gateway'});
	assert.deepEqual(
		rows.map(row => `${row.principalType}:${row.principal}:${row.level}:${row.on}`).sort(),
		['group:developers:write:project PLAT', 'group:release-managers:create-repo:project PLAT', 'user:{lilei}:admin:repository'],
	);
});

test('group rows: members with workspace role, grants with level', () => {
	const g = graph();
	assert.deepEqual(
		groupMemberRows(g, 'acme', 'developers').map(row => `${row.displayName}:${row.role}`),
		['Dana Scully:member', '李雷:member'],
	);
	assert.deepEqual(groupGrantRows(g, 'acme', 'contractors'), [{type: 'repository', workspace: 'acme', id: 'acme/data-pipeline', name: 'Data pipeline', level: 'read'}]);
	assert.deepEqual(groupMemberRows(g, 'acme', 'no-such-group'), []);
});

test('person reach: lilei reaches api-gateway as ADMIN by repository grant; memberships list role and groups', () => {
	const g = graph();
	const reach = personReachRows(g, '{lilei}');
	const gateway = reach.rows.find(row => row.id === 'acme/api-gateway');
	assert.equal(gateway?.level, 'admin');
	assert.match(gateway?.via ?? '', /^repository grant/);
	const plat = reach.rows.find(row => row.type === 'project' && row.id === 'PLAT');
	assert.equal(plat?.level, 'create-repo');
	assert.deepEqual(personMembershipRows(g, '{lilei}'), [{workspace: 'acme', role: 'member', groups: ['developers', 'release-managers']}]);
	assert.deepEqual(personMembershipRows(g, '{nobody}'), []);
	assert.deepEqual(personGrantRows(g, '{lilei}'), [{workspace: 'acme', type: 'repository', id: 'acme/api-gateway', name: 'API Gateway', level: 'admin'}]);
	assert.deepEqual(personGrantRows(g, '{dscully}'), [], 'group grants are not direct');
});

test('CJK and accented names survive unchanged into rows', () => {
	const snapshot = demoBuilder().build();
	const rows = memberRows(AccessGraph.fromSnapshot(snapshot), 'acme');
	assert.ok(rows.some(row => row.displayName === '李雷'));
	assert.ok(rows.some(row => row.displayName === 'José Álvarez'));
});

test('request log rows carry method, path, status and ms only', () => {
	const rows = requestLogRows([{at: Date.UTC(2026, 0, 2, 3, 4, 5), method: 'GET', path: '/2.0/user', status: 200, ms: 12.4, bytes: 10, attempt: 1}, {at: 0, method: 'GET', path: '/1.0/groups/acme', status: 'error', ms: 3, bytes: 0, attempt: 2}]);
	assert.deepEqual(rows[0], {seq: 1, at: '2026-01-02T03:04:05.000Z', method: 'GET', path: '/2.0/user', status: '200', ms: 12, bytes: 10, attempt: 1});
	assert.equal(rows[1]?.status, 'error');
});
