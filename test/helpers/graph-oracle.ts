/**
 * An independent, brute-force reading of the access semantics (research spec 2.7), written straight
 * from the rules and evaluated on the plain snapshot, to check AccessGraph's indexed answers against;
 * plus random snapshots and mutations for property tests (fast-check `gen`).
 */
import fc from 'fast-check';
import {
	emptySnapshot,
	type AccessSnapshot,
	type AccessSource,
	type GrantsState,
	type Level,
	type Principal,
	type ProjectLevel,
	type RepoLevel,
	type Target,
	type WorkspaceRole,
} from '../../source/core/model.js';

type Gen = fc.GeneratorValue;

const RANKS: Level[] = ['read', 'write', 'create-repo', 'admin'];
const rank = (level: Level) => RANKS.indexOf(level);

// ---- brute force -------------------------------------------------------------------

const inGroup = (s: AccessSnapshot, ws: string, slug: string, uuid: string) =>
	s.groups.some(g => g.workspace === ws && g.slug === slug && g.members.includes(uuid));
const groupExists = (s: AccessSnapshot, ws: string, slug: string) => s.groups.some(g => g.workspace === ws && g.slug === slug);
const holds = (s: AccessSnapshot, ws: string, principal: Principal, uuid: string) =>
	principal.type === 'user' ? principal.uuid === uuid : inGroup(s, ws, principal.slug, uuid);
const isOwner = (s: AccessSnapshot, ws: string, uuid: string) => s.memberships.some(m => m.workspace === ws && m.user === uuid && m.role === 'owner');
const loaded = (state: GrantsState | undefined) => state?.state === 'loaded';

/** The sources one user has on a target, unordered. */
export function bruteSources(s: AccessSnapshot, uuid: string, target: Target): AccessSource[] {
	const sources: AccessSource[] = [];
	let ws: string;
	let projectKey: string | undefined;
	if (target.type === 'project') {
		ws = target.workspace;
		projectKey = target.key;
	} else {
		const repository = s.repositories.find(r => r.fullName === target.fullName)!;
		ws = repository.workspace;
		projectKey = repository.projectKey;
		for (const g of s.repositoryGrants) {
			if (g.repository !== target.fullName || !holds(s, ws, g.principal, uuid)) continue;
			sources.push(g.principal.type === 'user' ? {kind: 'repository', principal: 'user', level: g.level} : {kind: 'repository', principal: 'group', group: g.principal.slug, level: g.level});
		}
	}
	if (isOwner(s, ws, uuid)) sources.push({kind: 'owner', principal: 'user', level: 'admin'});
	for (const g of s.projectGrants) {
		if (projectKey === undefined || g.workspace !== ws || g.project !== projectKey || !holds(s, ws, g.principal, uuid)) continue;
		const level: Level = target.type === 'repository' && g.level === 'create-repo' ? 'write' : g.level;
		const source: AccessSource = g.principal.type === 'user' ? {kind: 'project', principal: 'user', project: g.project, level} : {kind: 'project', principal: 'group', group: g.principal.slug, project: g.project, level};
		if (level !== g.level) source.grantedLevel = g.level;
		sources.push(source);
	}
	return sources;
}

export function bruteComplete(s: AccessSnapshot, target: Target): boolean {
	const ws = target.type === 'project' ? target.workspace : s.repositories.find(r => r.fullName === target.fullName)!.workspace;
	if ((s.workspaces.find(w => w.slug === ws)?.partial.length ?? 0) > 0) return false;
	let projectKey: string | undefined;
	if (target.type === 'project') projectKey = target.key;
	else {
		const repository = s.repositories.find(r => r.fullName === target.fullName)!;
		projectKey = repository.projectKey;
		if (!loaded(s.repositoryGrantStatus[target.fullName])) return false;
		if (s.repositoryGrants.some(g => g.repository === target.fullName && g.principal.type === 'group' && !groupExists(s, ws, g.principal.slug))) return false;
	}
	if (projectKey !== undefined) {
		if (!loaded(s.projectGrantStatus[`${ws}:${projectKey}`])) return false;
		if (s.projectGrants.some(g => g.workspace === ws && g.project === projectKey && g.principal.type === 'group' && !groupExists(s, ws, g.principal.slug))) return false;
	}
	return true;
}

/** Every uuid that appears anywhere in the snapshot. */
export function allUuids(s: AccessSnapshot): string[] {
	const set = new Set<string>([...s.users.map(u => u.uuid), ...s.memberships.map(m => m.user), ...s.groups.flatMap(g => g.members)]);
	for (const g of [...s.projectGrants, ...s.repositoryGrants]) if (g.principal.type === 'user') set.add(g.principal.uuid);
	return [...set];
}

export function allTargets(s: AccessSnapshot): Target[] {
	return [
		...s.projects.map((p): Target => ({type: 'project', workspace: p.workspace, key: p.key})),
		...s.repositories.map((r): Target => ({type: 'repository', workspace: r.workspace, fullName: r.fullName})),
	];
}

export function bruteLevel(sources: AccessSource[]): Level | undefined {
	return sources.reduce<Level | undefined>((best, source) => (best === undefined || rank(source.level) > rank(best) ? source.level : best), undefined);
}

/** Workspaces whose gaps can hide access of this user: member, group member, or a direct grant there. */
export function bruteReachComplete(s: AccessSnapshot, uuid: string): boolean {
	const relevant = new Set<string>([
		...s.memberships.filter(m => m.user === uuid).map(m => m.workspace),
		...s.groups.filter(g => g.members.includes(uuid)).map(g => g.workspace),
		...s.projectGrants.filter(g => g.principal.type === 'user' && g.principal.uuid === uuid && s.projects.some(p => p.workspace === g.workspace && p.key === g.project)).map(g => g.workspace),
		...s.repositoryGrants.filter(g => g.principal.type === 'user' && g.principal.uuid === uuid && s.repositories.some(r => r.fullName === g.repository)).map(g => g.workspace),
	]);
	for (const ws of relevant) {
		if ((s.workspaces.find(w => w.slug === ws)?.partial.length ?? 0) > 0) return false;
		if (s.projects.some(p => p.workspace === ws && !loaded(s.projectGrantStatus[`${ws}:${p.key}`]))) return false;
		if (s.repositories.some(r => r.workspace === ws && !loaded(s.repositoryGrantStatus[r.fullName]))) return false;
		if ([...s.projectGrants, ...s.repositoryGrants].some(g => g.workspace === ws && g.principal.type === 'group' && !groupExists(s, ws, g.principal.slug))) return false;
	}
	return true;
}

/** A canonical string for comparing lists of sources as multisets. */
export function sourceKey(source: AccessSource): string {
	return [source.kind, source.principal, source.group ?? '', source.project ?? '', source.level, source.grantedLevel ?? ''].join('|');
}

// ---- random snapshots --------------------------------------------------------------------

const WORKSPACES = ['a', 'b', 'c'];
const USERS = ['{u0}', '{u1}', '{u2}', '{u3}', '{u4}', '{u5}', '{u6}'];
const GROUPS = ['g0', 'g1', 'g2'];
/** g3 is never created: grants to it name an unknown group. */
const GRANT_GROUPS = [...GROUPS, 'g3'];
const PROJECTS = ['P', 'Q'];
/** Names that only differ by case or accents, repeated names, and non-Latin script: sorting must cope. */
const NAMES = ['Émile Zola', 'emile zola', 'Zoë', 'adam', 'Ádám', '李雷', 'Bob', 'bob', 'Øyvind'];
const REPOS = ['r0', 'r1', 'r2', 'r3'];
const PROJECT_LEVELS: ProjectLevel[] = ['read', 'write', 'create-repo', 'admin'];
const REPO_LEVELS: RepoLevel[] = ['read', 'write', 'admin'];

const subset = <T>(g: Gen, items: T[], p = 0.5): T[] => items.filter(() => g(fc.double, {min: 0, max: 1, noNaN: true}) < p);
const pick = <T>(g: Gen, items: T[]): T => items[g(fc.nat, {max: items.length - 1})]!;

function randomState(g: Gen): GrantsState | undefined {
	const roll = g(fc.nat, {max: 9});
	if (roll < 7) return {state: 'loaded', at: '2026-01-01T00:00:00.000Z'};
	if (roll < 9) return undefined;
	return {state: 'unavailable', reason: 'not an admin'};
}

export function randomPrincipal(g: Gen): Principal {
	return g(fc.boolean) ? {type: 'user', uuid: pick(g, USERS)} : {type: 'group', slug: pick(g, GRANT_GROUPS)};
}

const principalId = (p: Principal) => (p.type === 'user' ? `u:${p.uuid}` : `g:${p.slug}`);

export function randomSnapshot(g: Gen): AccessSnapshot {
	const s: AccessSnapshot = emptySnapshot('http://127.0.0.1:1/', {uuid: '{u0}', displayName: 'U0', email: 'u0@acme.test'}, '2026-01-01T00:00:00.000Z');
	s.users = subset(g, USERS, 0.85).map(uuid => ({uuid, displayName: pick(g, NAMES), nickname: uuid.slice(1, -1)}));
	for (const ws of subset(g, WORKSPACES, 0.7)) {
		s.workspaces.push({uuid: `{${ws}}`, slug: ws, name: ws.toUpperCase(), administrator: true, partial: g(fc.nat, {max: 9}) === 0 ? ['groups not visible'] : []});
		for (const uuid of subset(g, USERS)) s.memberships.push({workspace: ws, user: uuid, role: g(fc.nat, {max: 4}) === 0 ? 'owner' : ('member' as WorkspaceRole)});
		for (const slug of subset(g, GROUPS, 0.6)) s.groups.push({workspace: ws, slug, name: slug, members: subset(g, USERS, 0.4)});
		const keys = subset(g, PROJECTS, 0.8);
		for (const key of keys) {
			s.projects.push({workspace: ws, key, uuid: `{${ws}-${key}}`, name: key});
			const state = randomState(g);
			if (state) s.projectGrantStatus[`${ws}:${key}`] = state;
			const principals = new Map<string, Principal>();
			for (let i = g(fc.nat, {max: 3}); i > 0; i--) {
				const p = randomPrincipal(g);
				principals.set(principalId(p), p);
			}
			for (const principal of principals.values()) s.projectGrants.push({workspace: ws, project: key, principal, level: pick(g, PROJECT_LEVELS)});
		}
		for (const slug of subset(g, REPOS, 0.6)) {
			const fullName = `${ws}/${slug}`;
			const projectKey = g(fc.nat, {max: 5}) === 0 ? undefined : pick(g, [...PROJECTS, 'Z']);
			s.repositories.push({workspace: ws, slug, uuid: `{${fullName}}`, name: slug, fullName, ...(projectKey ? {projectKey} : {})});
			const state = randomState(g);
			if (state) s.repositoryGrantStatus[fullName] = state;
			const principals = new Map<string, Principal>();
			for (let i = g(fc.nat, {max: 3}); i > 0; i--) {
				const p = randomPrincipal(g);
				principals.set(principalId(p), p);
			}
			for (const principal of principals.values()) s.repositoryGrants.push({workspace: ws, repository: fullName, principal, level: pick(g, REPO_LEVELS)});
		}
	}
	return s;
}

// ---- random mutations, applied to the plain snapshot the same way -------------------------------

export type Mutation =
	| {op: 'setRepositoryGrants'; fullName: string; grants: {principal: Principal; level: RepoLevel}[]; state: GrantsState}
	| {op: 'setProjectGrants'; workspace: string; key: string; grants: {principal: Principal; level: ProjectLevel}[]; state: GrantsState}
	| {op: 'setProjectGrant'; workspace: string; key: string; principal: Principal; level: ProjectLevel | undefined}
	| {op: 'setRepositoryGrant'; fullName: string; principal: Principal; level: RepoLevel | undefined}
	| {op: 'setGroupMembership'; workspace: string; slug: string; uuid: string; isMember: boolean};

function randomPrincipals(g: Gen): Principal[] {
	const map = new Map<string, Principal>();
	for (let i = g(fc.nat, {max: 3}); i > 0; i--) {
		const p = randomPrincipal(g);
		map.set(principalId(p), p);
	}
	return [...map.values()];
}

/** A mutation on something that exists in `s`, or undefined when there is nothing to mutate. */
export function randomMutation(g: Gen, s: AccessSnapshot): Mutation | undefined {
	const op = g(fc.nat, {max: 4});
	const state = randomState(g) ?? {state: 'not-loaded'};
	if (op <= 1 && s.repositories.length > 0) {
		const repository = pick(g, s.repositories);
		return op === 0
			? {op: 'setRepositoryGrants', fullName: repository.fullName, grants: randomPrincipals(g).map(principal => ({principal, level: pick(g, REPO_LEVELS)})), state}
			: {op: 'setRepositoryGrant', fullName: repository.fullName, principal: randomPrincipal(g), level: g(fc.boolean) ? pick(g, REPO_LEVELS) : undefined};
	}
	if (op <= 3 && s.projects.length > 0) {
		const project = pick(g, s.projects);
		return op === 2
			? {op: 'setProjectGrants', workspace: project.workspace, key: project.key, grants: randomPrincipals(g).map(principal => ({principal, level: pick(g, PROJECT_LEVELS)})), state}
			: {op: 'setProjectGrant', workspace: project.workspace, key: project.key, principal: randomPrincipal(g), level: g(fc.boolean) ? pick(g, PROJECT_LEVELS) : undefined};
	}
	if (s.groups.length === 0) return undefined;
	const group = pick(g, s.groups);
	return {op: 'setGroupMembership', workspace: group.workspace, slug: group.slug, uuid: pick(g, USERS), isMember: g(fc.boolean)};
}

const samePrincipal = (a: Principal, b: Principal) => principalId(a) === principalId(b);

/** Apply a mutation to a plain snapshot, in place, by its plain meaning. */
export function applyToSnapshot(s: AccessSnapshot, m: Mutation): void {
	switch (m.op) {
		case 'setRepositoryGrants': {
			const ws = m.fullName.split('/')[0]!;
			s.repositoryGrants = s.repositoryGrants.filter(g => g.repository !== m.fullName);
			for (const grant of m.grants) s.repositoryGrants.push({workspace: ws, repository: m.fullName, ...grant});
			s.repositoryGrantStatus[m.fullName] = m.state;
			return;
		}
		case 'setProjectGrants':
			s.projectGrants = s.projectGrants.filter(g => !(g.workspace === m.workspace && g.project === m.key));
			for (const grant of m.grants) s.projectGrants.push({workspace: m.workspace, project: m.key, ...grant});
			s.projectGrantStatus[`${m.workspace}:${m.key}`] = m.state;
			return;
		case 'setProjectGrant':
			s.projectGrants = s.projectGrants.filter(g => !(g.workspace === m.workspace && g.project === m.key && samePrincipal(g.principal, m.principal)));
			if (m.level) s.projectGrants.push({workspace: m.workspace, project: m.key, principal: m.principal, level: m.level});
			return;
		case 'setRepositoryGrant': {
			s.repositoryGrants = s.repositoryGrants.filter(g => !(g.repository === m.fullName && samePrincipal(g.principal, m.principal)));
			if (m.level) s.repositoryGrants.push({workspace: m.fullName.split('/')[0]!, repository: m.fullName, principal: m.principal, level: m.level});
			return;
		}
		case 'setGroupMembership': {
			const group = s.groups.find(g => g.workspace === m.workspace && g.slug === m.slug)!;
			group.members = group.members.filter(u => u !== m.uuid);
			if (m.isMember) group.members.push(m.uuid);
			return;
		}
	}
}

/** Sorted copy of a snapshot, for comparing two snapshots regardless of list order. */
export function canonicalSnapshot(s: AccessSnapshot): AccessSnapshot {
	const by = <T>(key: (item: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
	const sortKeys = (record: Record<string, GrantsState>) => Object.fromEntries(Object.entries(record).sort(by(([k]) => k)));
	return {
		...s,
		groups: s.groups.map(g => ({...g, members: [...g.members].sort()})).sort(by(g => `${g.workspace}:${g.slug}`)),
		projectGrants: [...s.projectGrants].sort(by(g => `${g.workspace}:${g.project}:${principalId(g.principal)}`)),
		repositoryGrants: [...s.repositoryGrants].sort(by(g => `${g.repository}:${principalId(g.principal)}`)),
		projectGrantStatus: sortKeys(s.projectGrantStatus),
		repositoryGrantStatus: sortKeys(s.repositoryGrantStatus),
	};
}
