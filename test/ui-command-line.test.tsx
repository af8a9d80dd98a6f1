import {test} from 'node:test';
import assert from 'node:assert/strict';
import {AccessGraph} from '../source/core/graph/index.js';
import {completeCommand, parseCommandLine, resolveCommand} from '../source/ui/explorer/command-line.js';
import {demoBuilder, demoSnapshot} from './helpers/snapshot-builder.js';
import {createMemoryBackend} from './helpers/demo-graph.js';
import {keys, renderExplorer} from './helpers/render.js';

const graph = AccessGraph.fromSnapshot(demoSnapshot());

test('parse: command word (with aliases) and argument', () => {
	assert.deepEqual(parseCommandLine('user dscully'), {kind: 'user', word: 'user', arg: 'dscully'});
	assert.deepEqual(parseCommandLine('  r   api-gateway '), {kind: 'repo', word: 'r', arg: 'api-gateway'});
	assert.equal(parseCommandLine('nope x').kind, undefined);
});

test('resolve exact names: :user, :repo, :group, :project, :ws', () => {
	assert.deepEqual(resolveCommand(graph, 'user lilei'), {type: 'view', ref: {view: 'person', uuid: '{lilei}'}});
	assert.deepEqual(resolveCommand(graph, 'user Dana Scully'), {type: 'view', ref: {view: 'person', uuid: '{dscully}'}});
	assert.deepEqual(resolveCommand(graph, 'repo api-gateway'), {type: 'view', ref: {view: 'repository', fullName: 'acme/api-gateway'}});
	assert.deepEqual(resolveCommand(graph, 'repo acme/data-pipeline'), {type: 'view', ref: {view: 'repository', fullName: 'acme/data-pipeline'}});
	assert.deepEqual(resolveCommand(graph, 'group developers'), {type: 'view', ref: {view: 'group', workspace: 'acme', slug: 'developers'}});
	assert.deepEqual(resolveCommand(graph, 'project plat'), {type: 'view', ref: {view: 'project', workspace: 'acme', key: 'PLAT'}});
	assert.deepEqual(resolveCommand(graph, 'ws acme'), {type: 'view', ref: {view: 'workspace', workspace: 'acme'}});
	assert.deepEqual(resolveCommand(graph, 'ws'), {type: 'view', ref: {view: 'workspaces'}});
	assert.deepEqual(resolveCommand(graph, 'log'), {type: 'view', ref: {view: 'request-log'}});
	assert.deepEqual(resolveCommand(graph, 'q'), {type: 'quit'});
	assert.deepEqual(resolveCommand(graph, 'help'), {type: 'help'});
});

test('resolve falls back to search (accent-insensitive), prefers the current workspace, explains misses', () => {
	assert.deepEqual(resolveCommand(graph, 'user jose'), {type: 'view', ref: {view: 'person', uuid: '{jalvarez}'}});
	assert.deepEqual(resolveCommand(graph, 'repo billing'), {type: 'view', ref: {view: 'repository', fullName: 'acme/billing-service'}});
	const two = AccessGraph.fromSnapshot(demoBuilder().workspace('beta').repository('beta/api-gateway').build());
	assert.deepEqual(resolveCommand(two, 'repo api-gateway', 'beta'), {type: 'view', ref: {view: 'repository', fullName: 'beta/api-gateway'}});
	assert.deepEqual(resolveCommand(two, 'repo api-gateway', 'acme'), {type: 'view', ref: {view: 'repository', fullName: 'acme/api-gateway'}});
	const miss = resolveCommand(graph, 'group nosuch');
	assert.equal(miss.type, 'error');
	assert.match(miss.type === 'error' ? miss.message : '', /No group matches "nosuch"/);
	assert.equal(resolveCommand(graph, 'frob').type, 'error');
	assert.deepEqual(resolveCommand(graph, 'repo', 'acme'), {type: 'view', ref: {view: 'workspace', workspace: 'acme', section: 'repositories'}});
});

test('completion: command words first, then names from the graph', () => {
	assert.deepEqual(completeCommand(graph, 'us').candidates, ['user ']);
	assert.deepEqual(completeCommand(graph, 'p').candidates, ['project ']);
	const users = completeCommand(graph, 'user dsc', 'acme');
	assert.equal(users.candidates[0], 'user dscully');
	assert.match(users.details[0] ?? '', /Dana Scully/);
	assert.equal(completeCommand(graph, 'repo api', 'acme').candidates[0], 'repo api-gateway');
	assert.equal(completeCommand(graph, 'repo api', 'other').candidates[0], 'repo acme/api-gateway');
	assert.deepEqual(completeCommand(graph, 'user zzzz').candidates, []);
	assert.deepEqual(completeCommand(undefined, 'user d').candidates, []);
});

test(':user with several matches asks (name, nickname, groups) instead of opening the first (issue 13)', async () => {
	const snapshot = demoBuilder().user('jsmith', 'John Smith').user('jsmith-ops', 'John Smith').member('acme', 'jsmith').member('acme', 'jsmith-ops').group('acme', 'ops', ['jsmith-ops'], 'Ops').build();
	const twins = AccessGraph.fromSnapshot(snapshot);
	for (const text of ['user John Smith', 'user smith']) {
		const result = resolveCommand(twins, text);
		assert.equal(result.type, 'choose', text);
		if (result.type !== 'choose') continue;
		assert.deepEqual(result.options.map(option => option.label).sort(), ['John Smith (jsmith)', 'John Smith (jsmith-ops)']);
		assert.match(result.options.find(option => option.label.includes('jsmith-ops'))?.detail ?? '', /acme: member · ops/);
	}
	assert.deepEqual(resolveCommand(twins, 'user jsmith'), {type: 'view', ref: {view: 'person', uuid: '{jsmith}'}}, 'a nickname is exact');

	const ui = renderExplorer(createMemoryBackend(snapshot), {columns: 80, rows: 24});
	try {
		await ui.waitFor(t => t.includes('Acme Corp'));
		await ui.press(':', ...'user smith', keys.enter);
		const text = await ui.waitFor(t => t.includes('matches 2 people'), 'the picker');
		assert.match(text, /John Smith \(jsmith\)/);
		assert.match(text, /John Smith \(jsmith-ops\)/);
		await ui.press(keys.down, keys.enter);
		await ui.waitFor(t => (t.split('\n')[0] ?? '').includes('jsmith-ops'), 'the picked person opened');
	} finally {
		ui.unmount();
	}
});
