import {test} from 'node:test';
import assert from 'node:assert/strict';
import {AccessGraph} from '../source/core/graph/index.js';
import {completeCommand, parseCommandLine, resolveCommand} from '../source/ui/explorer/command-line.js';
import {demoBuilder, demoSnapshot} from './helpers/snapshot-builder.js';

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
