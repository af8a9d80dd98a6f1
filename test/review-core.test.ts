import assert from 'node:assert/strict';
import {test} from 'node:test';
import {AccessGraph} from '../source/core/graph/index.js';
import {diffSnapshots, formatAccessChange} from '../source/core/review/drift.js';
import {builtInFindings} from '../source/core/review/findings.js';
import {SnapshotBuilder} from './helpers/snapshot-builder.js';

/** acme, every grant loaded: the findings of each rule are known in advance. */
function scenario(): SnapshotBuilder {
	return new SnapshotBuilder()
		.workspace('acme')
		.user('wskinner', 'Walter Skinner')
		.user('dscully', 'Dana Scully')
		.user('lilei', 'Li Lei')
		.user('fmulder', 'Fox Mulder')
		.user('jalvarez', 'Jose Alvarez')
		.member('acme', 'wskinner', 'owner')
		.member('acme', 'dscully')
		.member('acme', 'lilei')
		.member('acme', 'fmulder')
		.member('acme', 'jalvarez')
		.group('acme', 'developers', ['dscully', 'lilei'])
		.group('acme', 'ghosts', [])
		.group('acme', 'idle', ['fmulder'])
		.project('acme', 'PLAT')
		.repository('acme/api-gateway', {project: 'PLAT'})
		.repository('acme/site', {project: 'PLAT'})
		.projectGrant('acme', 'PLAT', {group: 'developers'}, 'write')
		.repositoryGrant('acme/api-gateway', {user: 'lilei'}, 'admin')
		.repositoryGrant('acme/api-gateway', {user: 'dscully'}, 'read')
		.repositoryGrant('acme/site', {group: 'ghosts'}, 'read')
		.repositoryGrant('acme/site', {user: 'fmulder'}, 'read');
}

function build(builder: SnapshotBuilder) {
	const snapshot = builder.build();
	snapshot.repositories.find(repository => repository.fullName === 'acme/site')!.isPrivate = false;
	snapshot.repositories.find(repository => repository.fullName === 'acme/api-gateway')!.isPrivate = true;
	return snapshot;
}

test('built-in findings on a hand-made scenario are exactly the expected ones', () => {
	const findings = builtInFindings(AccessGraph.fromSnapshot(build(scenario())));
	assert.deepEqual(findings.map(finding => finding.id).sort(), [
		'admin-outside-owners:acme/api-gateway:u:{lilei}',
		'blind-spot:acme:tokens-and-keys',
		'direct-user-grant:acme/api-gateway:u:{dscully}',
		'direct-user-grant:acme/api-gateway:u:{lilei}',
		'direct-user-grant:acme/site:u:{fmulder}',
		'empty-group-with-grants:acme:ghosts',
		'member-without-access:acme:{jalvarez}',
		'public-repository:acme/site',
		'redundant-grant:acme/api-gateway:u:{dscully}',
		'unused-group:acme:idle',
	]);
	const redundant = findings.find(finding => finding.rule === 'redundant-grant')!;
	assert.deepEqual(redundant.fix?.changes, [{type: 'permission', target: {type: 'repository', workspace: 'acme', fullName: 'acme/api-gateway'}, principal: {type: 'user', uuid: '{dscully}'}, level: undefined}]);
	assert.match(redundant.proof!, /unchanged for all 1 person it covers; Dana Scully \(dscully\) keeps WRITE \(via group developers on project PLAT\)/);
	const admin = findings.find(finding => finding.rule === 'admin-outside-owners')!;
	assert.equal(admin.fix?.changes[0]?.type === 'permission' && admin.fix.changes[0].level, 'write');
	assert.equal(findings[0]!.severity, 'medium', 'highest severity first');
});

test('grants not loaded: no unused-group or member-without-access claims, and a blind-spot says why', () => {
	const builder = scenario().repository('acme/legacy', {project: 'PLAT', grants: 'not-loaded'});
	const ids = builtInFindings(AccessGraph.fromSnapshot(build(builder))).map(finding => finding.id);
	assert.ok(!ids.includes('unused-group:acme:idle'));
	assert.ok(!ids.includes('member-without-access:acme:{jalvarez}'));
	assert.ok(ids.includes('blind-spot:acme:not-loaded'));
});

test('drift lists every effective and explicit change, and not-comparable targets with the reason', () => {
	const before = build(scenario().repository('acme/legacy', {project: 'PLAT', grants: 'not-loaded'}));
	const after = build(
		scenario()
			.repository('acme/legacy', {project: 'PLAT', grants: 'not-loaded'})
			.repository('acme/new-thing', {project: 'PLAT'})
			.user('mkrycek', 'Alex Krycek')
			.member('acme', 'mkrycek')
			.repositoryGrant('acme/site', {user: 'mkrycek'}, 'write'),
	);
	// lilei leaves developers; fmulder's read on site is raised to write.
	after.groups.find(group => group.slug === 'developers')!.members = ['{dscully}'];
	after.repositoryGrants.find(grant => grant.repository === 'acme/site' && grant.principal.type === 'user' && grant.principal.uuid === '{fmulder}')!.level = 'write';
	const report = diffSnapshots(before, after);
	assert.deepEqual(report.access.map(formatAccessChange).sort(), [
		'+ Alex Krycek (mkrycek) on acme/site: none → WRITE (repository grant)',
		// A new repository: everyone who reaches it gained that access.
		'+ Dana Scully (dscully) on acme/new-thing: none → WRITE (via group developers on project PLAT)',
		'+ Walter Skinner (wskinner) on acme/new-thing: none → ADMIN (workspace owner)',
		'~ Li Lei (lilei) on acme/api-gateway: ADMIN → ADMIN (repository grant; via group developers on project PLAT → repository grant)',
		'↑ Fox Mulder (fmulder) on acme/site: READ → WRITE (repository grant)',
		'− Li Lei (lilei) on acme/site: WRITE → none (was via group developers on project PLAT)',
		'− Li Lei (lilei) on acme:PLAT: WRITE → none (was via group developers)',
	].sort());
	assert.deepEqual(report.state.map(change => change.text).sort(), [
		'Alex Krycek (mkrycek) joined acme',
		'Li Lei (lilei) left group developers',
		'grant added: Alex Krycek (mkrycek) gets WRITE on acme/site',
		'grant changed: Fox Mulder (fmulder) on acme/site: READ → WRITE',
		'repository acme/new-thing appeared',
	].sort());
	assert.deepEqual(report.notComparable.map(item => item.what).sort(), ['effective access on repository acme/legacy', 'explicit grants on repository acme/legacy']);
	assert.match(report.notComparable.find(item => item.what.startsWith("effective"))!.reason, /before: repository grants of acme\/legacy not loaded/);
});

test("drift: a repository that left loses everyone's access and its grants; a new one whose grants are not loaded is not comparable", () => {
	const before = build(scenario().repository('acme/old-tool', {project: 'PLAT'}).repositoryGrant('acme/old-tool', {user: 'jalvarez'}, 'admin'));
	const after = build(scenario().repository('acme/unknown', {grants: 'not-loaded'}));
	const report = diffSnapshots(before, after);
	assert.deepEqual(report.access.map(formatAccessChange).sort(), [
		'− Dana Scully (dscully) on acme/old-tool: WRITE → none (was via group developers on project PLAT)',
		'− Jose Alvarez (jalvarez) on acme/old-tool: ADMIN → none (was repository grant)',
		'− Li Lei (lilei) on acme/old-tool: WRITE → none (was via group developers on project PLAT)',
		'− Walter Skinner (wskinner) on acme/old-tool: ADMIN → none (was workspace owner)',
	]);
	assert.deepEqual(report.state.map(change => change.text).sort(), ['grant removed: Jose Alvarez (jalvarez) had ADMIN on acme/old-tool (repository gone)', 'repository acme/old-tool is gone', 'repository acme/unknown appeared']);
	assert.deepEqual(
		report.notComparable.map(item => [item.what, item.reason]),
		[
			['explicit grants on repository acme/unknown', 'new; after: grants not loaded'],
			['effective access on repository acme/unknown', 'new; after: repository grants of acme/unknown not loaded'],
		],
	);
});

test('admin-outside-owners: a group ADMIN grant is one finding for the group, naming each non-owner it makes ADMIN', () => {
	const builder = scenario()
		.user('amorgan', 'Alex Morgan')
		.member('acme', 'amorgan')
		.group('acme', 'release', ['wskinner', 'dscully', 'lilei', 'amorgan'])
		.repositoryGrant('acme/site', {group: 'release'}, 'admin');
	const findings = builtInFindings(AccessGraph.fromSnapshot(build(builder))).filter(finding => finding.rule === 'admin-outside-owners');
	assert.deepEqual(findings.map(finding => finding.id).sort(), ['admin-outside-owners:acme/api-gateway:u:{lilei}', 'admin-outside-owners:acme/site:g:release']);
	const group = findings.find(finding => finding.id.endsWith(':g:release'))!;
	assert.equal(group.title, 'group release makes 3 people ADMIN on acme/site without being owners of acme');
	assert.deepEqual(group.paths, ['Alex Morgan (amorgan) → group release → ADMIN on acme/site', 'Dana Scully (dscully) → group release → ADMIN on acme/site', 'Li Lei (lilei) → group release → ADMIN on acme/site']);
	assert.ok(!group.paths.some(path => path.includes('wskinner')), 'the owner in the group is not named');
	assert.deepEqual(group.fix?.changes, [{type: 'permission', target: {type: 'repository', workspace: 'acme', fullName: 'acme/site'}, principal: {type: 'group', slug: 'release'}, level: 'write'}]);
});

test('redundant-grant: a group grant covered by another group and by ownership is proven redundant; one member without other access keeps it', () => {
	const covered = scenario()
		.group('acme', 'reviewers', ['dscully', 'wskinner'])
		.repositoryGrant('acme/api-gateway', {group: 'reviewers'}, 'read')
		.repositoryGrant('acme/site', {user: 'wskinner'}, 'write');
	const findings = builtInFindings(AccessGraph.fromSnapshot(build(covered))).filter(finding => finding.rule === 'redundant-grant');
	const group = findings.find(finding => finding.id === 'redundant-grant:acme/api-gateway:g:reviewers');
	assert.ok(group, findings.map(finding => finding.id).join('\n'));
	assert.match(group.proof!, /unchanged for all 2 people it covers; .*Dana Scully \(dscully\) keeps WRITE \(via group developers on project PLAT; repository grant\); Walter Skinner \(wskinner\) keeps ADMIN \(workspace owner\)/);
	assert.deepEqual(group.fix?.changes, [{type: 'permission', target: {type: 'repository', workspace: 'acme', fullName: 'acme/api-gateway'}, principal: {type: 'group', slug: 'reviewers'}, level: undefined}]);
	assert.ok(findings.some(finding => finding.id === 'redundant-grant:acme/site:u:{wskinner}'), "an owner's user grant is redundant (owners are ADMIN)");
	// jalvarez reaches api-gateway only through the group: not redundant.
	const needed = scenario().group('acme', 'reviewers', ['dscully', 'jalvarez']).repositoryGrant('acme/api-gateway', {group: 'reviewers'}, 'read');
	assert.ok(!builtInFindings(AccessGraph.fromSnapshot(build(needed))).some(finding => finding.id === 'redundant-grant:acme/api-gateway:g:reviewers'));
});

test('blind-spot: listings not visible and grants not visible are findings of their own', () => {
	const builder = new SnapshotBuilder()
		.workspace('beta', {partial: ['groups not visible: needs admin rights (403)']})
		.user('dscully', 'Dana Scully')
		.member('beta', 'dscully', 'owner')
		.repository('beta/secret', {grants: {unavailable: 'not visible: needs admin rights (403)'}});
	const findings = builtInFindings(AccessGraph.fromSnapshot(builder.build()));
	assert.deepEqual(findings.filter(finding => finding.rule === 'blind-spot').map(finding => [finding.id, finding.severity]), [
		['blind-spot:beta:partial', 'medium'],
		['blind-spot:beta:unavailable', 'medium'],
		['blind-spot:beta:tokens-and-keys', 'info'],
	]);
	assert.deepEqual(findings.find(finding => finding.id === 'blind-spot:beta:unavailable')!.paths, ['repository beta/secret: not visible: needs admin rights (403)']);
	assert.ok(!findings.some(finding => finding.rule === 'unused-group' || finding.rule === 'member-without-access'), 'nothing is claimed about what was not seen');
});
