/**
 * What a change key acts on, from the view and the selected row (pure), and the level picker.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {TableRow} from '../source/ui/components/table-model.js';
import type {ViewRef} from '../source/ui/explorer/view-ref.js';
import {levelItems, subjectOf} from '../source/ui/changes/subjects.js';

function row(open: ViewRef): TableRow {
	return {key: 'k', cells: {}, search: '', searchLower: '', sort: {}, open, record: {}};
}

const lilei = '{154cb61d-15c1-4ef2-af0c-c6eee813fd1f}';
const repoView: ViewRef = {view: 'repository', fullName: 'acme/api-gateway'};

test('repository view: the repository is the target; a person or group row is the principal', () => {
	assert.deepEqual(subjectOf(repoView, row({view: 'person', uuid: lilei})), {
		target: {type: 'repository', workspace: 'acme', fullName: 'acme/api-gateway'},
		workspace: 'acme',
		user: lilei,
		principal: {type: 'user', uuid: lilei},
	});
	assert.deepEqual(subjectOf(repoView, row({view: 'group', workspace: 'acme', slug: 'developers'})).principal, {type: 'group', slug: 'developers'});
	assert.equal(subjectOf(repoView, undefined).principal, undefined, 'nothing selected: the principal is asked for');
});

test('person view: the person is the principal; a project or repository row is the target; a group row is the group', () => {
	const person: ViewRef = {view: 'person', uuid: lilei};
	const onProject = subjectOf(person, row({view: 'project', workspace: 'acme', key: 'PLAT'}));
	assert.deepEqual(onProject.principal, {type: 'user', uuid: lilei});
	assert.deepEqual(onProject.target, {type: 'project', workspace: 'acme', key: 'PLAT'});
	const onGroup = subjectOf(person, row({view: 'group', workspace: 'acme', slug: 'developers'}));
	assert.deepEqual(onGroup.principal, {type: 'user', uuid: lilei}, 'a group row does not replace the person as principal');
	assert.deepEqual(onGroup.group, {workspace: 'acme', slug: 'developers'});
	assert.equal(onGroup.target, undefined);
});

test('group view: the group stays the principal; a member row is the member; a grant row is the target', () => {
	const group: ViewRef = {view: 'group', workspace: 'acme', slug: 'developers'};
	const member = subjectOf(group, row({view: 'person', uuid: lilei}));
	assert.deepEqual(member.principal, {type: 'group', slug: 'developers'});
	assert.equal(member.user, lilei);
	const grant = subjectOf(group, row({view: 'project', workspace: 'acme', key: 'PLAT'}));
	assert.deepEqual(grant.target, {type: 'project', workspace: 'acme', key: 'PLAT'});
	assert.deepEqual(grant.principal, {type: 'group', slug: 'developers'});
});

test('project view: a repository row makes the repository the target', () => {
	const subject = subjectOf({view: 'project', workspace: 'acme', key: 'PLAT'}, row({view: 'repository', fullName: 'acme/web-app'}));
	assert.deepEqual(subject.target, {type: 'repository', workspace: 'acme', fullName: 'acme/web-app'});
});

test('the level picker offers the target type\'s levels and starts on the current explicit level', () => {
	const repo = levelItems({type: 'repository', workspace: 'acme', fullName: 'acme/x'}, 'write');
	assert.deepEqual(repo.items.map(item => item.label), ['READ', 'WRITE', 'ADMIN']);
	assert.equal(repo.initial, 1);
	assert.equal(repo.items[1]!.detail, 'current explicit level');
	const project = levelItems({type: 'project', workspace: 'acme', key: 'PLAT'}, undefined);
	assert.deepEqual(project.items.map(item => item.label), ['READ', 'WRITE', 'CREATE-REPO', 'ADMIN']);
	assert.equal(project.initial, 0);
});

test('dialog lines wrap to the width so the method and path show in full', async () => {
	const {wrapLines} = await import('../source/ui/changes/plan-lines.js');
	const path = 'DELETE /2.0/repositories/acme/api-gateway/permissions-config/users/%7B154cb61d-15c1-4ef2-af0c-c6eee813fd1f%7D';
	const wrapped = wrapLines([{text: path, tone: 'request'}, {text: 'short', tone: 'normal'}], 40);
	assert.ok(wrapped.length > 3);
	for (const line of wrapped) assert.ok(line.text.length <= 40, line.text);
	const request = wrapped.filter(line => line.tone === 'request');
	assert.equal(request.map((line, index) => (index === 0 ? line.text : line.text.slice(2))).join(''), path, 'nothing is lost');
	assert.deepEqual(wrapped.at(-1), {text: 'short', tone: 'normal'});
	const wide = wrapLines([{text: '李雷李雷李雷李雷李雷李雷', tone: 'warn'}], 10);
	assert.ok(wide.every(line => [...line.text].reduce((sum, char) => sum + (char === ' ' ? 1 : 2), 0) <= 10), 'wide characters count double');
});
