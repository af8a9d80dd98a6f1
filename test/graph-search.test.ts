import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {AccessGraph} from '../source/core/graph/index.js';
import {demoBuilder, demoSnapshot, SnapshotBuilder} from './helpers/snapshot-builder.js';

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

test('every user whose folded name contains the folded query is found, and nothing else', () => {
	const names = ['José Álvarez', 'JOSE alvarez', 'Zoë Ørsted', 'zoe', 'Ærøskøbing', '李雷', 'Łukasz', 'Ann-Marie', 'ÉMILE'];
	const letters: Record<string, string> = {ø: 'o', ł: 'l', æ: 'ae'};
	const fold = (text: string) =>
		text
			.normalize('NFKD')
			.replace(/\p{M}/gu, '')
			.toLowerCase()
			.replace(/[øłæ]/g, letter => letters[letter]!);
	fc.assert(
		fc.property(fc.uniqueArray(fc.constantFrom(...names), {minLength: 1}), fc.constantFrom('jose', 'ALV', 'zoe', 'ø', 'o', 'e', '李', 'łu', 'lukasz', 'aeroskobing', 'ann-m', 'émile', 'x'), (chosen, query) => {
			const builder = new SnapshotBuilder().workspace('w');
			chosen.forEach((name, index) => builder.user(`u${index}`, name));
			const graph = AccessGraph.fromSnapshot(builder.build());
			const found = graph.search(query, {kinds: ['user'], limit: 100}).map(hit => hit.label).sort();
			const expected = chosen.filter(name => fold(name).includes(fold(query)) || fold(`u${chosen.indexOf(name)}`).includes(fold(query))).sort();
			assert.deepEqual(found, expected);
		}),
		{numRuns: 200},
	);
});
