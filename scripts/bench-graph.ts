/**
 * Graph benchmark (not a test): builds AccessSnapshots from the emulator's generated scenarios
 * (large: 2,000 users / 3,000 repositories; xl: 10,000 users / 500 groups / 1,000 projects /
 * 20,000 repositories) with every grant loaded, and times the AccessGraph operations.
 *
 *   node --import tsx scripts/bench-graph.ts [large|xl]...
 */
import {performance} from 'node:perf_hooks';
import {pathToFileURL} from 'node:url';
import {AccessGraph} from '../source/core/graph/index.js';
import {emptySnapshot, projectId, type AccessSnapshot, type Target} from '../source/core/model.js';
import type {Scenario} from '../source/emulator/index.js';
import {generateScenario, type GeneratedSize} from '../source/emulator/scenarios/generate.js';

/** A snapshot with everything of the scenario, every grant loaded (what a deep sync would produce). */
export function scenarioSnapshot(scenario: Scenario): AccessSnapshot {
	const uuid = (nickname: string) => `{${nickname}}`;
	const at = '2026-11-29T12:00:00.000Z';
	const snapshot: AccessSnapshot = emptySnapshot('http://127.0.0.1:1', {uuid: '{bench}', displayName: 'Bench', email: 'bench@acme.test'}, at);
	snapshot.users = scenario.users.map(user => ({uuid: uuid(user.nickname), nickname: user.nickname, displayName: user.displayName}));
	for (const ws of scenario.workspaces) {
		snapshot.workspaces.push({uuid: `{ws-${ws.slug}}`, slug: ws.slug, name: ws.name ?? ws.slug, administrator: true, partial: []});
		for (const nick of ws.owners ?? []) snapshot.memberships.push({workspace: ws.slug, user: uuid(nick), role: 'owner'});
		for (const nick of ws.members ?? []) snapshot.memberships.push({workspace: ws.slug, user: uuid(nick), role: 'member'});
		for (const group of ws.groups ?? []) snapshot.groups.push({workspace: ws.slug, slug: group.slug, name: group.name ?? group.slug, members: group.members.map(uuid)});
		for (const project of ws.projects ?? []) {
			snapshot.projects.push({workspace: ws.slug, key: project.key, uuid: `{p-${project.key}}`, name: project.name ?? project.key});
			snapshot.projectGrantStatus[projectId(ws.slug, project.key)] = {state: 'loaded', at};
			for (const [nick, level] of Object.entries(project.users ?? {})) snapshot.projectGrants.push({workspace: ws.slug, project: project.key, principal: {type: 'user', uuid: uuid(nick)}, level});
			for (const [slug, level] of Object.entries(project.groups ?? {})) snapshot.projectGrants.push({workspace: ws.slug, project: project.key, principal: {type: 'group', slug}, level});
		}
		for (const repo of ws.repositories ?? []) {
			const fullName = `${ws.slug}/${repo.slug}`;
			snapshot.repositories.push({workspace: ws.slug, slug: repo.slug, uuid: `{r-${fullName}}`, name: repo.slug, fullName, projectKey: repo.project});
			snapshot.repositoryGrantStatus[fullName] = {state: 'loaded', at};
			for (const [nick, level] of Object.entries(repo.users ?? {})) snapshot.repositoryGrants.push({workspace: ws.slug, repository: fullName, principal: {type: 'user', uuid: uuid(nick)}, level});
			for (const [slug, level] of Object.entries(repo.groups ?? {})) snapshot.repositoryGrants.push({workspace: ws.slug, repository: fullName, principal: {type: 'group', slug}, level});
		}
	}
	return snapshot;
}

function time<T>(fn: () => T, runs = 1): {ms: number; value: T} {
	let value = fn(); // warm-up
	const start = performance.now();
	for (let i = 0; i < runs; i++) value = fn();
	return {ms: (performance.now() - start) / runs, value};
}

function bench(size: GeneratedSize): void {
	const snapshot = scenarioSnapshot(generateScenario(size, 1));
	const ws = snapshot.workspaces[0]!.slug;
	const grants = snapshot.projectGrants.length + snapshot.repositoryGrants.length;
	console.log(`\n${size}: ${snapshot.users.length} users, ${snapshot.groups.length} groups, ${snapshot.projects.length} projects, ${snapshot.repositories.length} repositories, ${grants} explicit grants`);
	const json = JSON.stringify(snapshot);
	const parsed = time(() => JSON.parse(json) as AccessSnapshot, 3);
	const build = time(() => AccessGraph.fromSnapshot(snapshot), 5);
	const graph = build.value;
	const repos = graph.repositories(ws);
	const targets: Target[] = repos.map(repo => ({type: 'repository', workspace: ws, fullName: repo.fullName}));
	let index = 0;
	const access = time(() => graph.effectiveAccess(targets[index++ % targets.length]!), 2000);
	const projectTargets: Target[] = graph.projects(ws).map(project => ({type: 'project', workspace: ws, key: project.key}));
	const projectAccess = time(() => graph.effectiveAccess(projectTargets[index++ % projectTargets.length]!), 500);
	const members = graph.members(ws).filter(member => member.role === 'member');
	const reach = time(() => graph.reachableBy(members[index++ % members.length]!.user.uuid), 500);
	const owner = graph.members(ws).find(member => member.role === 'owner')!.user.uuid;
	const ownerReach = time(() => graph.reachableBy(owner), 5);
	const level = time(() => graph.effectiveLevel(members[index % members.length]!.user.uuid, targets[index++ % targets.length]!), 5000);
	const firstSearch = performance.now();
	graph.search('ser');
	const firstSearchMs = performance.now() - firstSearch;
	const search = time(() => graph.search('ser'), 50);
	const mutate = time(() => graph.setGroupMembership(ws, graph.groups(ws)[1]!.slug, members[index++ % members.length]!.user.uuid, index % 2 === 0), 1000);
	const toSnapshot = time(() => graph.toSnapshot(), 3);
	const average = access.value.entries.length;
	const f = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(1)} ms`);
	console.log(`  JSON.parse of the snapshot          ${f(parsed.ms)} (${(json.length / 1e6).toFixed(1)} MB)`);
	console.log(`  fromSnapshot                        ${f(build.ms)}`);
	console.log(`  effectiveAccess(repository), mean   ${f(access.ms)} (last one: ${average} entries)`);
	console.log(`  effectiveAccess(project), mean      ${f(projectAccess.ms)}`);
	console.log(`  effectiveLevel(user, repo), mean    ${f(level.ms)}`);
	console.log(`  reachableBy(member), mean           ${f(reach.ms)}`);
	console.log(`  reachableBy(owner)                  ${f(ownerReach.ms)} (${ownerReach.value.entries.length} entries)`);
	console.log(`  search 'ser': first / then          ${f(firstSearchMs)} / ${f(search.ms)}`);
	console.log(`  setGroupMembership, mean            ${f(mutate.ms)}`);
	console.log(`  toSnapshot                          ${f(toSnapshot.ms)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const sizes = process.argv.slice(2);
	for (const size of (sizes.length > 0 ? sizes : ['large', 'xl']) as GeneratedSize[]) bench(size);
}
