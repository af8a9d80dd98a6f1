/**
 * Property tests: every indexed query of AccessGraph agrees with a brute-force reading of the
 * semantics (test/helpers/graph-oracle.ts) on random graphs, before and after random mutations.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {AccessGraph} from '../source/core/graph/index.js';
import type {AccessSnapshot, AccessSource, Level, Target} from '../source/core/model.js';
import {
	allTargets,
	allUuids,
	applyToSnapshot,
	bruteComplete,
	bruteLevel,
	bruteReachComplete,
	bruteSources,
	canonicalSnapshot,
	randomMutation,
	randomSnapshot,
	sourceKey,
	type Mutation,
} from './helpers/graph-oracle.js';

const RUNS = Number(process.env.BBACCESS_PROPERTY_RUNS ?? 150);
const RANK: Record<Level, number> = {read: 1, write: 2, 'create-repo': 3, admin: 4};
const KIND: Record<AccessSource['kind'], number> = {owner: 0, repository: 1, project: 2};

/** The documented order of sources, written out independently: level desc, owner/repository/project, user first, group, project. */
function expectedOrder(sources: AccessSource[]): string[] {
	return [...sources]
		.sort(
			(a, b) =>
				RANK[b.level] - RANK[a.level] ||
				KIND[a.kind] - KIND[b.kind] ||
				Number(a.principal === 'group') - Number(b.principal === 'group') ||
				(a.group ?? '').localeCompare(b.group ?? '', 'en') ||
				(a.project ?? '').localeCompare(b.project ?? '', 'en'),
		)
		.map(sourceKey);
}

/** Display names compare case- and accent-insensitively: decomposed, marks dropped, lower case, ø as o. */
const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replaceAll('ø', 'o');

const targetId = (t: Target) => (t.type === 'project' ? `p:${t.workspace}:${t.key}` : `r:${t.fullName}`);

function checkAgainstBruteForce(graph: AccessGraph, s: AccessSnapshot): void {
	const uuids = allUuids(s);
	const displayName = (uuid: string) => s.users.find(u => u.uuid === uuid)?.displayName ?? uuid;
	for (const target of allTargets(s)) {
		const access = graph.effectiveAccess(target);
		const where = JSON.stringify(target);
		assert.equal(access.complete, bruteComplete(s, target), `complete on ${where}`);
		assert.equal(access.complete, access.missing.length === 0, `missing agrees with complete on ${where}`);
		const expected = uuids.map(uuid => ({uuid, sources: bruteSources(s, uuid, target)})).filter(item => item.sources.length > 0);
		assert.deepEqual(access.entries.map(e => e.user.uuid).sort(), expected.map(e => e.uuid).sort(), `who on ${where}`);
		for (const {uuid, sources} of expected) {
			const entry = access.entries.find(e => e.user.uuid === uuid)!;
			assert.equal(entry.level, bruteLevel(sources), `level of ${uuid} on ${where}`);
			assert.deepEqual(entry.sources.map(sourceKey), expectedOrder(sources), `sources of ${uuid} on ${where}`);
			assert.equal(entry.user.displayName, displayName(uuid));
		}
		for (let i = 1; i < access.entries.length; i++) {
			const [a, b] = [access.entries[i - 1]!, access.entries[i]!];
			const [x, y] = [fold(a.user.displayName), fold(b.user.displayName)];
			const order = RANK[b.level] - RANK[a.level] || (x < y ? -1 : x > y ? 1 : 0);
			assert.ok(order < 0 || (order === 0 && a.user.uuid < b.user.uuid), `entries order on ${where}`);
		}
		assert.deepEqual(
			graph.whoCanAdmin(target).map(e => e.user.uuid).sort(),
			expected.filter(e => bruteLevel(e.sources) === 'admin').map(e => e.uuid).sort(),
			`whoCanAdmin on ${where}`,
		);
		for (const uuid of uuids) {
			const level = graph.effectiveLevel(uuid, target);
			const sources = bruteSources(s, uuid, target);
			assert.equal(level.level, bruteLevel(sources), `effectiveLevel of ${uuid} on ${where}`);
			assert.deepEqual(level.sources.map(sourceKey), expectedOrder(sources));
			assert.equal(level.complete, bruteComplete(s, target));
		}
	}
	for (const uuid of uuids) {
		const reach = graph.reachableBy(uuid);
		assert.equal(reach.complete, bruteReachComplete(s, uuid), `reach complete of ${uuid}`);
		assert.equal(reach.complete, reach.missing.length === 0);
		const expected = allTargets(s)
			.map(target => ({target, sources: bruteSources(s, uuid, target)}))
			.filter(item => item.sources.length > 0);
		assert.deepEqual(reach.entries.map(e => targetId(e.target)).sort(), expected.map(e => targetId(e.target)).sort(), `reach of ${uuid}`);
		for (const {target, sources} of expected) {
			const entry = reach.entries.find(e => targetId(e.target) === targetId(target))!;
			assert.equal(entry.level, bruteLevel(sources));
			assert.deepEqual(entry.sources.map(sourceKey), expectedOrder(sources));
			assert.equal(entry.workspace, target.workspace);
		}
		for (const ws of s.workspaces) {
			assert.deepEqual(
				graph.groupsOf(ws.slug, uuid).map(g => g.slug).sort(),
				s.groups.filter(g => g.workspace === ws.slug && g.members.includes(uuid)).map(g => g.slug).sort(),
				`groupsOf ${ws.slug} ${uuid}`,
			);
		}
		const explicit = graph.explicitGrantsOf(uuid);
		const isUser = (p: {type: string; uuid?: string}) => p.type === 'user' && p.uuid === uuid;
		assert.deepEqual(explicit.projects.map(g => `${g.workspace}:${g.project}:${g.level}`).sort(), s.projectGrants.filter(g => isUser(g.principal)).map(g => `${g.workspace}:${g.project}:${g.level}`).sort());
		assert.deepEqual(explicit.repositories.map(g => `${g.repository}:${g.level}`).sort(), s.repositoryGrants.filter(g => isUser(g.principal)).map(g => `${g.repository}:${g.level}`).sort());
	}
	for (const group of s.groups) {
		const grants = graph.grantsOfGroup(group.workspace, group.slug);
		const isGroup = (ws: string, p: {type: string; slug?: string}) => ws === group.workspace && p.type === 'group' && p.slug === group.slug;
		assert.deepEqual(grants.projects.map(g => `${g.project}:${g.level}`).sort(), s.projectGrants.filter(g => isGroup(g.workspace, g.principal)).map(g => `${g.project}:${g.level}`).sort());
		assert.deepEqual(grants.repositories.map(g => `${g.repository}:${g.level}`).sort(), s.repositoryGrants.filter(g => isGroup(g.workspace, g.principal)).map(g => `${g.repository}:${g.level}`).sort());
	}
}

function runMutation(graph: AccessGraph, m: Mutation): void {
	switch (m.op) {
		case 'setRepositoryGrants':
			graph.setRepositoryGrants(m.fullName, m.grants.map(g => ({workspace: m.fullName.split('/')[0]!, repository: m.fullName, ...g})), m.state);
			return;
		case 'setProjectGrants':
			graph.setProjectGrants(m.workspace, m.key, m.grants.map(g => ({workspace: m.workspace, project: m.key, ...g})), m.state);
			return;
		case 'setProjectGrant':
			graph.setProjectGrant(m.workspace, m.key, m.principal, m.level);
			return;
		case 'setRepositoryGrant':
			graph.setRepositoryGrant(m.fullName, m.principal, m.level);
			return;
		case 'setGroupMembership':
			graph.setGroupMembership(m.workspace, m.slug, m.uuid, m.isMember);
	}
}

test('indexed queries agree with the brute-force semantics on random graphs', () => {
	fc.assert(
		fc.property(fc.gen(), g => {
			const snapshot = randomSnapshot(g);
			checkAgainstBruteForce(AccessGraph.fromSnapshot(structuredClone(snapshot)), snapshot);
		}),
		{numRuns: RUNS},
	);
});

test('indexes stay right through random sequences of mutations (and toSnapshot follows them)', () => {
	fc.assert(
		fc.property(fc.gen(), g => {
			const model = randomSnapshot(g);
			const graph = AccessGraph.fromSnapshot(structuredClone(model));
			let revision = graph.revision;
			for (let steps = g(fc.integer, {min: 1, max: 8}); steps > 0; steps--) {
				const mutation = randomMutation(g, model);
				if (!mutation) break;
				const before = canonicalSnapshot(model);
				runMutation(graph, mutation);
				applyToSnapshot(model, mutation);
				const changed = JSON.stringify(canonicalSnapshot(model)) !== JSON.stringify(before);
				assert.equal(graph.revision > revision, changed || mutation.op === 'setRepositoryGrants' || mutation.op === 'setProjectGrants', `revision after ${mutation.op}`);
				revision = graph.revision;
			}
			checkAgainstBruteForce(graph, model);
			assert.deepEqual(canonicalSnapshot(graph.toSnapshot()), canonicalSnapshot(model));
		}),
		{numRuns: RUNS},
	);
});

test('toSnapshot/fromSnapshot round-trips random graphs', () => {
	fc.assert(
		fc.property(fc.gen(), g => {
			const snapshot = randomSnapshot(g);
			const graph = AccessGraph.fromSnapshot(structuredClone(snapshot));
			const copy = graph.toSnapshot();
			assert.deepEqual(canonicalSnapshot(copy), canonicalSnapshot(snapshot));
			// and the copy is independent of the graph
			copy.repositoryGrants.length = 0;
			assert.equal(graph.toSnapshot().repositoryGrants.length, snapshot.repositoryGrants.length);
			checkAgainstBruteForce(AccessGraph.fromSnapshot(graph.toSnapshot()), snapshot);
		}),
		{numRuns: Math.ceil(RUNS / 3)},
	);
});
