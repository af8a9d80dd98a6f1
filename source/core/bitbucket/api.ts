/**
 * Typed Bitbucket Cloud endpoints. Every function takes the client first; identifiers are
 * encoded by apiPath. Workspaces are addressed by slug (v1 groups accept only the slug).
 */
import {BbError} from '../errors.js';
import type {ProjectLevel, RepoLevel} from '../model.js';
import {apiPath, type BitbucketClient, type CallOptions} from './client.js';
import type {
	EffectiveRepositoryPermissionDto,
	GroupPermissionDto,
	ProjectDto,
	RepositoryDto,
	UserDto,
	UserPermissionDto,
	V1GroupDto,
	V1UserDto,
	WorkspaceAccessDto,
	WorkspaceDto,
	WorkspaceMembershipDto,
} from './models.js';

function expectObject<T>(value: T | undefined, endpoint: string): T {
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		throw new BbError('malformed', `${endpoint} returned ${describe(value)} instead of an object`, {endpoint});
	}
	return value;
}

function expectArray<T>(value: T[] | undefined, endpoint: string): T[] {
	if (!Array.isArray(value)) throw new BbError('malformed', `${endpoint} returned ${describe(value)} instead of a list`, {endpoint});
	return value;
}

function describe(value: unknown): string {
	if (value === undefined || value === '') return 'an empty body';
	if (Array.isArray(value)) return 'a list';
	return `a ${typeof value}`;
}

// ---- account ----------------------------------------------------------------

export async function getCurrentUser(client: BitbucketClient, options?: CallOptions): Promise<UserDto> {
	return expectObject(await client.get<UserDto>('/2.0/user', undefined, options), 'GET /2.0/user');
}

/** The workspaces the account can see (CHANGE-3022); never the removed GET /2.0/workspaces. */
export function listUserWorkspaces(client: BitbucketClient, options?: CallOptions): Promise<WorkspaceAccessDto[]> {
	return client.getAll<WorkspaceAccessDto>('/2.0/user/workspaces', undefined, options);
}

export async function getUserById(client: BitbucketClient, id: string, options?: CallOptions): Promise<UserDto | undefined> {
	return client.getOptional<UserDto>(apiPath`/2.0/users/${id}`, undefined, options);
}

// ---- workspaces -------------------------------------------------------------

export async function getWorkspace(client: BitbucketClient, workspace: string, options?: CallOptions): Promise<WorkspaceDto> {
	const path = apiPath`/2.0/workspaces/${workspace}`;
	return expectObject(await client.get<WorkspaceDto>(path, undefined, options), `GET ${path}`);
}

/** Members with their role (owner/member) in one listing; `ownersOnly` filters with q=permission="owner". */
export function listWorkspacePermissions(client: BitbucketClient, workspace: string, {ownersOnly = false, signal}: {ownersOnly?: boolean} & CallOptions = {}): Promise<WorkspaceMembershipDto[]> {
	return client.getAll<WorkspaceMembershipDto>(apiPath`/2.0/workspaces/${workspace}/permissions`, ownersOnly ? {q: 'permission="owner"'} : undefined, {signal});
}

export function listWorkspaceMembers(client: BitbucketClient, workspace: string, options?: CallOptions): Promise<WorkspaceMembershipDto[]> {
	return client.getAll<WorkspaceMembershipDto>(apiPath`/2.0/workspaces/${workspace}/members`, undefined, options);
}

// ---- groups (v1.0 only) -----------------------------------------------------

/** Every group of the workspace with its members embedded: one unpaginated call. */
export async function listGroups(client: BitbucketClient, workspace: string, options?: CallOptions): Promise<V1GroupDto[]> {
	const path = apiPath`/1.0/groups/${workspace}`;
	return expectArray(await client.get<V1GroupDto[]>(path, undefined, options), `GET ${path}`);
}

export async function listGroupMembers(client: BitbucketClient, workspace: string, groupSlug: string, options?: CallOptions): Promise<V1UserDto[]> {
	const path = apiPath`/1.0/groups/${workspace}/${groupSlug}/members`;
	return expectArray(await client.get<V1UserDto[]>(path, undefined, options), `GET ${path}`);
}

/** May be refused (403/405) where the workspace is administered from admin.atlassian.com. */
export async function addGroupMember(client: BitbucketClient, workspace: string, groupSlug: string, userUuid: string): Promise<V1UserDto | undefined> {
	return client.put<V1UserDto | undefined>(apiPath`/1.0/groups/${workspace}/${groupSlug}/members/${userUuid}`, {});
}

export function removeGroupMember(client: BitbucketClient, workspace: string, groupSlug: string, userUuid: string): Promise<void> {
	return client.delete(apiPath`/1.0/groups/${workspace}/${groupSlug}/members/${userUuid}`);
}

// ---- projects ---------------------------------------------------------------

export function listProjects(client: BitbucketClient, workspace: string, options?: CallOptions): Promise<ProjectDto[]> {
	return client.getAll<ProjectDto>(apiPath`/2.0/workspaces/${workspace}/projects`, undefined, options);
}

export function getProject(client: BitbucketClient, workspace: string, key: string, options?: CallOptions): Promise<ProjectDto | undefined> {
	return client.getOptional<ProjectDto>(apiPath`/2.0/workspaces/${workspace}/projects/${key}`, undefined, options);
}

export function listProjectUserPermissions(client: BitbucketClient, workspace: string, key: string, options?: CallOptions): Promise<UserPermissionDto[]> {
	return client.getAll<UserPermissionDto>(apiPath`/2.0/workspaces/${workspace}/projects/${key}/permissions-config/users`, undefined, options);
}

export function listProjectGroupPermissions(client: BitbucketClient, workspace: string, key: string, options?: CallOptions): Promise<GroupPermissionDto[]> {
	return client.getAll<GroupPermissionDto>(apiPath`/2.0/workspaces/${workspace}/projects/${key}/permissions-config/groups`, undefined, options);
}

/** The explicit grant of one user on a project; undefined when there is none (404). */
export function getProjectUserPermission(client: BitbucketClient, workspace: string, key: string, userUuid: string): Promise<UserPermissionDto | undefined> {
	return client.getOptional<UserPermissionDto>(apiPath`/2.0/workspaces/${workspace}/projects/${key}/permissions-config/users/${userUuid}`);
}

export function getProjectGroupPermission(client: BitbucketClient, workspace: string, key: string, groupSlug: string): Promise<GroupPermissionDto | undefined> {
	return client.getOptional<GroupPermissionDto>(apiPath`/2.0/workspaces/${workspace}/projects/${key}/permissions-config/groups/${groupSlug}`);
}

/** Create or replace an explicit grant (the user must be a workspace member and not the owner). */
export function putProjectUserPermission(client: BitbucketClient, workspace: string, key: string, userUuid: string, level: ProjectLevel): Promise<UserPermissionDto> {
	return client.put<UserPermissionDto>(apiPath`/2.0/workspaces/${workspace}/projects/${key}/permissions-config/users/${userUuid}`, {permission: level});
}

export function putProjectGroupPermission(client: BitbucketClient, workspace: string, key: string, groupSlug: string, level: ProjectLevel): Promise<GroupPermissionDto> {
	return client.put<GroupPermissionDto>(apiPath`/2.0/workspaces/${workspace}/projects/${key}/permissions-config/groups/${groupSlug}`, {permission: level});
}

export function deleteProjectUserPermission(client: BitbucketClient, workspace: string, key: string, userUuid: string): Promise<void> {
	return client.delete(apiPath`/2.0/workspaces/${workspace}/projects/${key}/permissions-config/users/${userUuid}`);
}

export function deleteProjectGroupPermission(client: BitbucketClient, workspace: string, key: string, groupSlug: string): Promise<void> {
	return client.delete(apiPath`/2.0/workspaces/${workspace}/projects/${key}/permissions-config/groups/${groupSlug}`);
}

// ---- repositories -----------------------------------------------------------

/** All repositories of a workspace in one listing (or of one project with q=project.key="KEY"). */
export function listRepositories(client: BitbucketClient, workspace: string, {projectKey, signal}: {projectKey?: string} & CallOptions = {}): Promise<RepositoryDto[]> {
	const query = projectKey === undefined ? undefined : {q: `project.key="${projectKey.replaceAll('"', '\\"')}"`};
	return client.getAll<RepositoryDto>(apiPath`/2.0/repositories/${workspace}`, query, {signal});
}

export function getRepository(client: BitbucketClient, workspace: string, repoSlug: string, options?: CallOptions): Promise<RepositoryDto | undefined> {
	return client.getOptional<RepositoryDto>(apiPath`/2.0/repositories/${workspace}/${repoSlug}`, undefined, options);
}

export function listRepositoryUserPermissions(client: BitbucketClient, workspace: string, repoSlug: string, options?: CallOptions): Promise<UserPermissionDto[]> {
	return client.getAll<UserPermissionDto>(apiPath`/2.0/repositories/${workspace}/${repoSlug}/permissions-config/users`, undefined, options);
}

export function listRepositoryGroupPermissions(client: BitbucketClient, workspace: string, repoSlug: string, options?: CallOptions): Promise<GroupPermissionDto[]> {
	return client.getAll<GroupPermissionDto>(apiPath`/2.0/repositories/${workspace}/${repoSlug}/permissions-config/groups`, undefined, options);
}

export function getRepositoryUserPermission(client: BitbucketClient, workspace: string, repoSlug: string, userUuid: string): Promise<UserPermissionDto | undefined> {
	return client.getOptional<UserPermissionDto>(apiPath`/2.0/repositories/${workspace}/${repoSlug}/permissions-config/users/${userUuid}`);
}

export function getRepositoryGroupPermission(client: BitbucketClient, workspace: string, repoSlug: string, groupSlug: string): Promise<GroupPermissionDto | undefined> {
	return client.getOptional<GroupPermissionDto>(apiPath`/2.0/repositories/${workspace}/${repoSlug}/permissions-config/groups/${groupSlug}`);
}

export function putRepositoryUserPermission(client: BitbucketClient, workspace: string, repoSlug: string, userUuid: string, level: RepoLevel): Promise<UserPermissionDto> {
	return client.put<UserPermissionDto>(apiPath`/2.0/repositories/${workspace}/${repoSlug}/permissions-config/users/${userUuid}`, {permission: level});
}

export function putRepositoryGroupPermission(client: BitbucketClient, workspace: string, repoSlug: string, groupSlug: string, level: RepoLevel): Promise<GroupPermissionDto> {
	return client.put<GroupPermissionDto>(apiPath`/2.0/repositories/${workspace}/${repoSlug}/permissions-config/groups/${groupSlug}`, {permission: level});
}

export function deleteRepositoryUserPermission(client: BitbucketClient, workspace: string, repoSlug: string, userUuid: string): Promise<void> {
	return client.delete(apiPath`/2.0/repositories/${workspace}/${repoSlug}/permissions-config/users/${userUuid}`);
}

export function deleteRepositoryGroupPermission(client: BitbucketClient, workspace: string, repoSlug: string, groupSlug: string): Promise<void> {
	return client.delete(apiPath`/2.0/repositories/${workspace}/${repoSlug}/permissions-config/groups/${groupSlug}`);
}

/** Effective repository levels (highest per user, no provenance); workspace admins only. */
export function listEffectiveRepositoryPermissions(client: BitbucketClient, workspace: string, repoSlug?: string, options?: CallOptions): Promise<EffectiveRepositoryPermissionDto[]> {
	const path = repoSlug === undefined
		? apiPath`/2.0/workspaces/${workspace}/permissions/repositories`
		: apiPath`/2.0/workspaces/${workspace}/permissions/repositories/${repoSlug}`;
	return client.getAll<EffectiveRepositoryPermissionDto>(path, undefined, options);
}
