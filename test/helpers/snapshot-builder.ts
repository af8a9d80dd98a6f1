/**
 * Build AccessSnapshots by hand in tests:
 *
 *   const snapshot = new SnapshotBuilder()
 *     .workspace('acme')
 *     .user('wskinner', 'Walter Skinner').member('acme', 'wskinner', 'owner')
 *     .user('dscully', 'Dana Scully').member('acme', 'dscully')
 *     .group('acme', 'developers', ['dscully'])
 *     .project('acme', 'PLAT')
 *     .repository('acme/api-gateway', {project: 'PLAT'})
 *     .projectGrant('acme', 'PLAT', {group: 'developers'}, 'write')
 *     .build();
 *
 * Users are named by nickname; their uuid is `{nickname}` unless given. Projects and repositories
 * have their grants "loaded" unless told otherwise (`grants: 'not-loaded'` or `{unavailable: reason}`).
 * demoSnapshot() mirrors the demo scenario's main facts.
 */
import {
	emptySnapshot,
	projectId,
	type AccessSnapshot,
	type GrantsState,
	type Principal,
	type ProjectLevel,
	type RepoLevel,
	type WorkspaceRole,
} from '../../source/core/model.js';

export type GrantsSpec = 'loaded' | 'not-loaded' | {unavailable: string};
export type PrincipalSpec = {user: string} | {group: string};

const LOADED_AT = '2026-11-29T10:00:00.000Z';

function stateOf(spec: GrantsSpec | undefined): GrantsState | undefined {
	if (spec === undefined || spec === 'loaded') return {state: 'loaded', at: LOADED_AT};
	if (spec === 'not-loaded') return undefined;
	return {state: 'unavailable', reason: spec.unavailable};
}

export class SnapshotBuilder {
	private readonly snapshot: AccessSnapshot;
	private readonly uuids = new Map<string, string>();

	constructor(options: {apiUrl?: string; account?: {nickname: string; displayName?: string; email?: string}} = {}) {
		const account = options.account ?? {nickname: 'wskinner', displayName: 'Walter Skinner', email: 'admin@acme.test'};
		this.snapshot = emptySnapshot(
			options.apiUrl ?? 'http://127.0.0.1:1/',
			{uuid: `{${account.nickname}}`, displayName: account.displayName ?? account.nickname, nickname: account.nickname, email: account.email ?? `${account.nickname}@acme.test`},
			LOADED_AT,
		);
	}

	/** The uuid of a user added with user(nickname); a nickname not added yet maps to `{nickname}`. */
	uuid(nickname: string): string {
		return this.uuids.get(nickname) ?? `{${nickname}}`;
	}

	workspace(slug: string, options: {name?: string; administrator?: boolean; partial?: string[]} = {}): this {
		this.snapshot.workspaces.push({uuid: `{ws-${slug}}`, slug, name: options.name ?? slug, administrator: options.administrator ?? true, partial: options.partial ?? []});
		return this;
	}

	user(nickname: string, displayName: string, options: {uuid?: string; accountId?: string} = {}): this {
		const uuid = options.uuid ?? `{${nickname}}`;
		this.uuids.set(nickname, uuid);
		this.snapshot.users.push({uuid, nickname, displayName, ...(options.accountId ? {accountId: options.accountId} : {})});
		return this;
	}

	member(workspace: string, nickname: string, role: WorkspaceRole = 'member'): this {
		this.snapshot.memberships.push({workspace, user: this.uuid(nickname), role});
		return this;
	}

	group(workspace: string, slug: string, members: string[], name?: string): this {
		this.snapshot.groups.push({workspace, slug, name: name ?? slug, members: members.map(nickname => this.uuid(nickname))});
		return this;
	}

	project(workspace: string, key: string, options: {name?: string; grants?: GrantsSpec} = {}): this {
		this.snapshot.projects.push({workspace, key, uuid: `{p-${workspace}-${key}}`, name: options.name ?? key});
		const state = stateOf(options.grants);
		if (state) this.snapshot.projectGrantStatus[projectId(workspace, key)] = state;
		return this;
	}

	repository(fullName: string, options: {project?: string; name?: string; grants?: GrantsSpec} = {}): this {
		const [workspace, slug] = fullName.split('/') as [string, string];
		this.snapshot.repositories.push({
			workspace,
			slug,
			uuid: `{r-${fullName}}`,
			name: options.name ?? slug,
			fullName,
			...(options.project ? {projectKey: options.project} : {}),
		});
		const state = stateOf(options.grants);
		if (state) this.snapshot.repositoryGrantStatus[fullName] = state;
		return this;
	}

	principal(spec: PrincipalSpec): Principal {
		return 'user' in spec ? {type: 'user', uuid: this.uuid(spec.user)} : {type: 'group', slug: spec.group};
	}

	projectGrant(workspace: string, key: string, who: PrincipalSpec, level: ProjectLevel): this {
		this.snapshot.projectGrants.push({workspace, project: key, principal: this.principal(who), level});
		return this;
	}

	repositoryGrant(fullName: string, who: PrincipalSpec, level: RepoLevel): this {
		const [workspace] = fullName.split('/') as [string];
		this.snapshot.repositoryGrants.push({workspace, repository: fullName, principal: this.principal(who), level});
		return this;
	}

	problem(what: string, message: string, kind = 'forbidden', workspace?: string): this {
		this.snapshot.problems.push({what, message, kind, ...(workspace ? {workspace} : {})});
		return this;
	}

	build(): AccessSnapshot {
		return structuredClone(this.snapshot);
	}
}

/**
 * The demo facts the graph tests rely on (a hand-made mirror of the emulator's demo scenario):
 * wskinner owns acme; developers (dscully, lilei) write on PLAT; release-managers (lilei) create-repo
 * on PLAT; lilei admin on acme/api-gateway; fmulder read on acme/billing-service; contractors
 * (fmulder) read on acme/data-pipeline; acme/legacy-tools has grants not loaded; jalvarez has no grants.
 */
export function demoSnapshot(): AccessSnapshot {
	return demoBuilder().build();
}

export function demoBuilder(): SnapshotBuilder {
	return new SnapshotBuilder()
		.workspace('acme', {name: 'Acme Corp'})
		.user('wskinner', 'Walter Skinner')
		.user('dscully', 'Dana Scully')
		.user('lilei', '李雷')
		.user('fmulder', 'Fox Mulder')
		.user('jalvarez', 'José Álvarez')
		.member('acme', 'wskinner', 'owner')
		.member('acme', 'dscully')
		.member('acme', 'lilei')
		.member('acme', 'fmulder')
		.member('acme', 'jalvarez')
		.group('acme', 'developers', ['dscully', 'lilei'], 'Developers')
		.group('acme', 'release-managers', ['lilei'], 'Release managers')
		.group('acme', 'contractors', ['fmulder'], 'Contractors')
		.project('acme', 'PLAT', {name: 'Platform'})
		.project('acme', 'DATA', {name: 'Data'})
		.repository('acme/api-gateway', {project: 'PLAT', name: 'API Gateway'})
		.repository('acme/billing-service', {project: 'PLAT', name: 'Billing service'})
		.repository('acme/data-pipeline', {project: 'DATA', name: 'Data pipeline'})
		.repository('acme/legacy-tools', {project: 'DATA', name: 'Legacy tools', grants: 'not-loaded'})
		.projectGrant('acme', 'PLAT', {group: 'developers'}, 'write')
		.projectGrant('acme', 'PLAT', {group: 'release-managers'}, 'create-repo')
		.repositoryGrant('acme/api-gateway', {user: 'lilei'}, 'admin')
		.repositoryGrant('acme/billing-service', {user: 'fmulder'}, 'read')
		.repositoryGrant('acme/data-pipeline', {group: 'contractors'}, 'read');
}
