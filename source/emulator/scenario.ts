/**
 * The scenario format: the explicit state the emulator starts from (documented in docs/emulator.md).
 * Users are referenced by `nickname`, which must be unique within a scenario (real nicknames are
 * not unique; here it is only the reference key). Groups are referenced by slug within their workspace.
 */
import type {ProjectLevel, RepoLevel} from './levels.js';

export interface ScenarioToken {
	/** The API token (the Basic password). */
	token: string;
	/** Scopes such as "read:user:bitbucket" (the ":bitbucket" suffix may be left out). */
	scopes: string[];
}

export interface ScenarioUser {
	nickname: string;
	displayName: string;
	/** "{…}" with braces; derived from the nickname when absent. */
	uuid?: string;
	/** Atlassian account id; derived from the nickname when absent. */
	accountId?: string;
	/** Atlassian account email: the Basic user name for API tokens. */
	email?: string;
	tokens?: ScenarioToken[];
}

export interface ScenarioGroup {
	slug: string;
	name: string;
	/** Nicknames; each must be a member of the workspace. */
	members: string[];
}

export interface ScenarioProject {
	key: string;
	name: string;
	uuid?: string;
	description?: string;
	isPrivate?: boolean;
	/** nickname → level: explicit user grants. */
	users?: Record<string, ProjectLevel>;
	/** group slug → level: explicit group grants. */
	groups?: Record<string, ProjectLevel>;
}

export interface ScenarioRepository {
	slug: string;
	/** Key of the containing project. */
	project: string;
	name?: string;
	uuid?: string;
	description?: string;
	language?: string;
	isPrivate?: boolean;
	users?: Record<string, RepoLevel>;
	groups?: Record<string, RepoLevel>;
}

export interface ScenarioWorkspace {
	slug: string;
	name: string;
	uuid?: string;
	isPrivate?: boolean;
	/** Administered from admin.atlassian.com: v1 group writes answer 403. */
	centrallyAdministered?: boolean;
	/** Nicknames of the owners (admin everywhere in the workspace). */
	owners: string[];
	/** Nicknames of the other (plain) members. */
	members: string[];
	groups?: ScenarioGroup[];
	projects?: ScenarioProject[];
	repositories?: ScenarioRepository[];
}

export interface Scenario {
	name?: string;
	description?: string;
	users: ScenarioUser[];
	workspaces: ScenarioWorkspace[];
}

export const ALL_SCOPES = [
	'read:user:bitbucket',
	'read:workspace:bitbucket',
	'read:project:bitbucket',
	'read:repository:bitbucket',
	'admin:workspace:bitbucket',
	'admin:project:bitbucket',
	'admin:repository:bitbucket',
	'write:permission:bitbucket',
	'delete:permission:bitbucket',
] as const;

export const READ_SCOPES = ALL_SCOPES.slice(0, 4);

/** "read:user" → "read:user:bitbucket". */
export function normalizeScope(scope: string): string {
	return scope.endsWith(':bitbucket') ? scope : `${scope}:bitbucket`;
}

export const DEMO_ADMIN = {email: 'admin@acme.test', token: 'demo-admin-token'} as const;
export const DEMO_READER = {email: 'reader@acme.test', token: 'demo-reader-token'} as const;
