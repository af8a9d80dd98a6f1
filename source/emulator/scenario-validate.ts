/**
 * Checks a scenario (usually loaded from a JSON file) and names the first bad field, e.g.
 * "workspaces[0].projects[2].users.bob: 'owner' is not a project level (read, write, create-repo, admin)".
 */
import {isProjectLevel, isRepoLevel, PROJECT_LEVELS, REPO_LEVELS} from './levels.js';
import {ALL_SCOPES, normalizeScope, type Scenario} from './scenario.js';

export class ScenarioError extends Error {
	override readonly name = 'ScenarioError';
}

type Json = Record<string, unknown>;

function fail(path: string, message: string): never {
	throw new ScenarioError(`${path}: ${message}`);
}

function object(value: unknown, path: string): Json {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'must be an object');
	return value as Json;
}

function array(value: unknown, path: string): unknown[] {
	if (!Array.isArray(value)) fail(path, 'must be an array');
	return value;
}

function string(value: unknown, path: string, {optional = false, pattern}: {optional?: boolean; pattern?: RegExp} = {}): string | undefined {
	if (value === undefined && optional) return undefined;
	if (typeof value !== 'string' || value.length === 0) fail(path, 'must be a non-empty string');
	if (pattern && !pattern.test(value)) fail(path, `'${value}' does not match ${pattern}`);
	return value;
}

function boolean(value: unknown, path: string): void {
	if (value !== undefined && typeof value !== 'boolean') fail(path, 'must be true or false');
}

function unknownKeys(value: Json, allowed: string[], path: string): void {
	for (const key of Object.keys(value)) {
		if (!allowed.includes(key)) fail(`${path}.${key}`, `unknown field (allowed: ${allowed.join(', ')})`);
	}
}

const UUID = /^\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}$/;
const SLUG = /^[a-z0-9][a-z0-9_.-]*$/;
const PROJECT_KEY = /^[A-Z][A-Z0-9_]*$/;

/** Validate shape and references; returns the same object typed (scopes normalised in place). */
export function validateScenario(input: unknown): Scenario {
	const root = object(input, 'scenario');
	unknownKeys(root, ['name', 'description', 'users', 'workspaces', '$schema'], 'scenario');
	string(root.name, 'name', {optional: true});
	const users = new Map<string, Json>();
	const uuids = new Set<string>();
	const credentials = new Set<string>();
	array(root.users, 'users').forEach((raw, i) => {
		const path = `users[${i}]`;
		const user = object(raw, path);
		unknownKeys(user, ['nickname', 'displayName', 'uuid', 'accountId', 'email', 'tokens'], path);
		const nickname = string(user.nickname, `${path}.nickname`)!;
		if (users.has(nickname)) fail(`${path}.nickname`, `'${nickname}' is used twice (nicknames are the reference key)`);
		users.set(nickname, user);
		string(user.displayName, `${path}.displayName`);
		const uuid = string(user.uuid, `${path}.uuid`, {optional: true, pattern: UUID});
		if (uuid) {
			if (uuids.has(uuid.toLowerCase())) fail(`${path}.uuid`, `'${uuid}' is used twice`);
			uuids.add(uuid.toLowerCase());
		}
		string(user.accountId, `${path}.accountId`, {optional: true});
		const email = string(user.email, `${path}.email`, {optional: true, pattern: /^[^@\s:]+@[^@\s]+$/});
		if (user.tokens !== undefined) {
			if (!email) fail(`${path}.tokens`, 'a user with tokens needs an email (the Basic user name)');
			array(user.tokens, `${path}.tokens`).forEach((rawToken, t) => {
				const tpath = `${path}.tokens[${t}]`;
				const token = object(rawToken, tpath);
				unknownKeys(token, ['token', 'scopes'], tpath);
				const secret = string(token.token, `${tpath}.token`)!;
				const key = `${email!.toLowerCase()}\n${secret}`;
				if (credentials.has(key)) fail(`${tpath}.token`, 'the same email and token appear twice');
				credentials.add(key);
				const scopes = array(token.scopes, `${tpath}.scopes`).map((scope, s) => {
					const name = normalizeScope(string(scope, `${tpath}.scopes[${s}]`)!);
					if (!(ALL_SCOPES as readonly string[]).includes(name)) {
						fail(`${tpath}.scopes[${s}]`, `unknown scope '${String(scope)}' (known: ${ALL_SCOPES.join(', ')})`);
					}
					return name;
				});
				token.scopes = scopes;
			});
		}
	});
	const slugs = new Set<string>();
	/** Workspace, project and repository uuids: unique across the scenario. */
	const objectUuids = new Set<string>();
	const uniqueUuid = (value: unknown, path: string) => {
		const uuid = string(value, path, {optional: true, pattern: UUID});
		if (uuid === undefined) return;
		if (objectUuids.has(uuid.toLowerCase())) fail(path, `'${uuid}' is used twice`);
		objectUuids.add(uuid.toLowerCase());
	};
	array(root.workspaces, 'workspaces').forEach((raw, i) => {
		const path = `workspaces[${i}]`;
		const ws = object(raw, path);
		unknownKeys(ws, ['slug', 'name', 'uuid', 'isPrivate', 'centrallyAdministered', 'owners', 'members', 'groups', 'projects', 'repositories'], path);
		const slug = string(ws.slug, `${path}.slug`, {pattern: SLUG})!;
		if (slugs.has(slug)) fail(`${path}.slug`, `workspace '${slug}' appears twice`);
		slugs.add(slug);
		string(ws.name, `${path}.name`);
		uniqueUuid(ws.uuid, `${path}.uuid`);
		boolean(ws.isPrivate, `${path}.isPrivate`);
		boolean(ws.centrallyAdministered, `${path}.centrallyAdministered`);
		const owners = new Set<string>();
		const members = new Set<string>();
		for (const [field, set] of [['owners', owners], ['members', members]] as const) {
			array(ws[field], `${path}.${field}`).forEach((nick, m) => {
				const name = string(nick, `${path}.${field}[${m}]`)!;
				if (!users.has(name)) fail(`${path}.${field}[${m}]`, `unknown user '${name}'`);
				if (owners.has(name) || members.has(name)) fail(`${path}.${field}[${m}]`, `'${name}' is listed twice in the workspace`);
				set.add(name);
			});
		}
		const groups = new Set<string>();
		array(ws.groups ?? [], `${path}.groups`).forEach((rawGroup, g) => {
			const gpath = `${path}.groups[${g}]`;
			const group = object(rawGroup, gpath);
			unknownKeys(group, ['slug', 'name', 'members'], gpath);
			const groupSlug = string(group.slug, `${gpath}.slug`, {pattern: SLUG})!;
			if (groups.has(groupSlug)) fail(`${gpath}.slug`, `group '${groupSlug}' appears twice`);
			groups.add(groupSlug);
			string(group.name, `${gpath}.name`);
			const seen = new Set<string>();
			array(group.members, `${gpath}.members`).forEach((nick, m) => {
				const name = string(nick, `${gpath}.members[${m}]`)!;
				if (!owners.has(name) && !members.has(name)) fail(`${gpath}.members[${m}]`, `'${name}' is not a member of workspace '${slug}'`);
				if (seen.has(name)) fail(`${gpath}.members[${m}]`, `'${name}' is listed twice`);
				seen.add(name);
			});
		});
		const grants = (value: unknown, gpath: string, isLevel: (v: unknown) => boolean, levels: readonly string[], kind: 'users' | 'groups') => {
			if (value === undefined) return;
			for (const [who, level] of Object.entries(object(value, gpath))) {
				if (!isLevel(level)) fail(`${gpath}.${who}`, `'${String(level)}' is not a valid level (${levels.join(', ')})`);
				if (kind === 'groups' && !groups.has(who)) fail(`${gpath}.${who}`, `unknown group '${who}' in workspace '${slug}'`);
				if (kind === 'users') {
					if (owners.has(who)) fail(`${gpath}.${who}`, `'${who}' owns the workspace; owners cannot get explicit grants`);
					if (!members.has(who)) fail(`${gpath}.${who}`, `'${who}' is not a member of workspace '${slug}'`);
				}
			}
		};
		const keys = new Set<string>();
		array(ws.projects ?? [], `${path}.projects`).forEach((rawProject, p) => {
			const ppath = `${path}.projects[${p}]`;
			const project = object(rawProject, ppath);
			unknownKeys(project, ['key', 'name', 'uuid', 'description', 'isPrivate', 'users', 'groups'], ppath);
			const key = string(project.key, `${ppath}.key`, {pattern: PROJECT_KEY})!;
			if (keys.has(key)) fail(`${ppath}.key`, `project '${key}' appears twice`);
			keys.add(key);
			string(project.name, `${ppath}.name`);
			uniqueUuid(project.uuid, `${ppath}.uuid`);
			string(project.description, `${ppath}.description`, {optional: true});
			boolean(project.isPrivate, `${ppath}.isPrivate`);
			grants(project.users, `${ppath}.users`, isProjectLevel, PROJECT_LEVELS, 'users');
			grants(project.groups, `${ppath}.groups`, isProjectLevel, PROJECT_LEVELS, 'groups');
		});
		const repos = new Set<string>();
		array(ws.repositories ?? [], `${path}.repositories`).forEach((rawRepo, r) => {
			const rpath = `${path}.repositories[${r}]`;
			const repo = object(rawRepo, rpath);
			unknownKeys(repo, ['slug', 'project', 'name', 'uuid', 'description', 'language', 'isPrivate', 'users', 'groups'], rpath);
			const repoSlug = string(repo.slug, `${rpath}.slug`, {pattern: SLUG})!;
			if (repos.has(repoSlug)) fail(`${rpath}.slug`, `repository '${repoSlug}' appears twice`);
			repos.add(repoSlug);
			const key = string(repo.project, `${rpath}.project`)!;
			if (!keys.has(key)) fail(`${rpath}.project`, `unknown project '${key}' in workspace '${slug}'`);
			for (const field of ['name', 'description', 'language'] as const) string(repo[field], `${rpath}.${field}`, {optional: true});
			uniqueUuid(repo.uuid, `${rpath}.uuid`);
			boolean(repo.isPrivate, `${rpath}.isPrivate`);
			grants(repo.users, `${rpath}.users`, isRepoLevel, REPO_LEVELS, 'users');
			grants(repo.groups, `${rpath}.groups`, isRepoLevel, REPO_LEVELS, 'groups');
		});
	});
	return root as unknown as Scenario;
}
