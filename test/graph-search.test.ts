import {test} from 'node:test';
import assert from 'node:assert/strict';
import {AccessGraph} from '../source/core/graph/index.js';
import {demoBuilder, demoSnapshot} from './helpers/snapshot-builder.js';

test('search is case- and accent-insensitive both ways', () => {
	const graph = AccessGraph.fromSnapshot(demoSnapshot());
	assert.deepEqual(graph.search('jose').map(hit => hit.id), ['{jalvarez}']);
	assert.deepEqual(graph.search('JOSÉ').map(hit => hit.id), ['{jalvarez}']);
	assert.deepEqual(graph.search('alvarez').map(hit => hit.label), ['José Álvarez']);
});

test('an exact match beats a prefix, a prefix beats a word start, which beats a substring', () => {
	const snapshot = demoBuilder()
		.repository('acme/gate', {project: 'PLAT'})
		.repository('acme/gateway-v2', {project: 'PLAT'})
		.repository('acme/old-gate-keeper', {project: 'PLAT'})
		.repository('acme/tollgate', {project: 'PLAT'})
		.build();
	const graph = AccessGraph.fromSnapshot(snapshot);
	const hits = graph.search('gate', {kinds: ['repository']});
	assert.deepEqual(hits.map(hit => hit.id), ['acme/gate', 'acme/gateway-v2', 'acme/api-gateway', 'acme/old-gate-keeper', 'acme/tollgate']);
	for (let i = 1; i < hits.length; i++) assert.ok(hits[i - 1]!.score >= hits[i]!.score);
	assert.equal(hits[0]!.score, 100);
	assert.equal(hits[0]!.detail, 'acme/gate · project PLAT');
});

test('search covers every kind, filters by kind and honours the limit', () => {
	const graph = AccessGraph.fromSnapshot(demoSnapshot());
	const kinds = new Set(graph.search('a', {limit: 1000}).map(hit => hit.kind));
	assert.deepEqual([...kinds].sort(), ['group', 'project', 'repository', 'user', 'workspace']);
	assert.equal(graph.search('a', {limit: 2}).length, 2);
	assert.ok(graph.search('a', {kinds: ['group']}).every(hit => hit.kind === 'group'));
	assert.deepEqual(graph.search('developers').map(hit => [hit.kind, hit.id, hit.detail]), [['group', 'acme:developers', 'acme · 2 members']]);
	assert.deepEqual(graph.search('plat').map(hit => hit.id), ['acme:PLAT']);
	assert.deepEqual(graph.search('scully').map(hit => hit.detail), ['@dscully · acme']);
	assert.deepEqual(graph.search('   '), []);
	assert.deepEqual(graph.search('zzz-no-such-thing'), []);
});
