/**
 * Typed Bitbucket Cloud endpoints. Every function takes the client first; identifiers are
 * encoded by apiPath. Workspaces are addressed by slug (v1 groups accept only the slug).
 */
import type {ProjectLevel, RepoLevel} from '../model.js';
import {apiPath, type BitbucketClient, type CallOptions, type Query} from './client.js';
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
import {
	checkEffectiveRepositoryPermission,
	checkGroupPermission,
	checkOwnRepositoryPermission,
	checkPermissionEntry,
	checkProject,
	checkRepository,
	checkUser,
	checkUserPermission,
	checkV1Group,
	checkV1User,
	checkWorkspace,
	checkWorkspaceAccess,
	checkWorkspaceMember,
	checkWorkspacePermission,
	validItems,
	validList,
	validObject,
	type ItemCheck,
} from './validate.js';

/** GET of a 2.0 collection, every item checked: one item without its identifying field fails the whole answer. */
async function checkedAll<T>(client: BitbucketClient, path: string, check: ItemCheck, query?: Query, options?: CallOptions): Promise<T[]> {
	return validItems(await client.getAll<T>(path, query, options), check, `GET ${path}`);
}

/** GET of one object that may be absent (404 → undefined), checked when present. */
async function checkedOptional<T>(client: BitbucketClient, path: string, check: ItemCheck, options?: CallOptions): Promise<T | undefined> {
	const value = await client.getOptional<T>(path, undefined, options);
	return value === undefined ? undefined : validObject(value, check, `GET ${path}`);
}

// ---- account ----------------------------------------------------------------

export async function getCurrentUser(client: BitbucketClient, options?: CallOptions): Promise<UserDto> {
	return validObject(await client.get<UserDto>('/2.0/user', undefined, options), checkUser, 'GET /2.0/user');
}

/** The workspaces the account can see (CHANGE-3022); never the removed GET /2.0/workspaces. */
export function listUserWorkspaces(client: BitbucketClient, options?: CallOptions): Promise<WorkspaceAccessDto[]> {
	return checkedAll<WorkspaceAccessDto>(client, '/2.0/user/workspaces', checkWorkspaceAccess, undefined, options);
}

/**
 * The signed-in account's own effective level on each repository of one workspace (CHANGE-3022;
 * needs no admin rights). Only the caller's own level: never other people's access, no provenance.
 */
export function listOwnRepositoryPermissions(client: BitbucketClient, workspace: string, options?: CallOptions): Promise<EffectiveRepositoryPermissionDto[]> {
	return checkedAll<EffectiveRepositoryPermissionDto>(client, apiPath`/2.0/user/workspaces/${workspace}/permissions/repositories`, checkOwnRepositoryPermission, undefined, options);
}

export async function getUserById(client: BitbucketClient, id: string, options?: CallOptions): Promise<UserDto | undefined> {
	return checkedOptional<UserDto>(client, apiPath`/2.0/users/${id}`, checkUser, options);
}

// ---- workspaces -------------------------------------------------------------

export async function getWorkspace(client: BitbucketClient, workspace: string, options?: CallOptions): Promise<WorkspaceDto> {
	const path = apiPath`/2.0/workspaces/${workspace}`;
	return validObject(await client.get<WorkspaceDto>(path, undefined, options), checkWorkspace, `GET ${path}`);
}

/** Members with their role (owner/member) in one listing; `ownersOnly` filters with q=permission="owner". */
export function listWorkspacePermissions(client: BitbucketClient, workspace: string, {ownersOnly = false, signal}: {ownersOnly?: boolean} & CallOptions = {}): Promise<WorkspaceMembershipDto[]> {
	return checkedAll<WorkspaceMembershipDto>(client, apiPath`/2.0/workspaces/${workspace}/permissions`, checkWorkspacePermission, ownersOnly ? {q: 'permission="owner"'} : undefined, {signal});
}

export function listWorkspaceMembers(client: BitbucketClient, workspace: string, options?: CallOptions): Promise<WorkspaceMembershipDto[]> {
	return checkedAll<WorkspaceMembershipDto>(client, apiPath`/2.0/workspaces/${workspace}/members`, checkWorkspaceMember, undefined, options);
}

// ---- groups (v1.0 only) -----------------------------------------------------

/** Every group of the workspace with its members embedded: one unpaginated call. */
export async function listGroups(client: BitbucketClient, workspace: string, options?: CallOptions): Promise<V1GroupDto[]> {
	const path = apiPath`/1.0/groups/${workspace}`;
	return validItems(validList(await client.get<V1GroupDto[]>(path, undefined, options), `GET ${path}`), checkV1Group, `GET ${path}`);
}

export async function listGroupMembers(client: BitbucketClient, workspace: string, groupSlug: string, options?: CallOptions): Promise<V1UserDto[]> {
	const path = apiPath`/1.0/groups/${workspace}/${groupSlug}/members`;
	return validItems(validList(await client.get<V1UserDto[]>(path, undefined, options), `GET ${path}`), checkV1User, `GET ${path}`);
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
	return checkedAll<ProjectDto>(client, apiPath`/2.0/workspaces/${workspace}/projects`, checkProject, undefined, options);
}

export function getProject(client: BitbucketClient, workspace: string, key: string, options?: CallOptions): Promise<ProjectDto | undefined> {
	return checkedOptional<ProjectDto>(client, apiPath`/2.0/workspaces/${workspace}/projects/${key}`, checkProject, options);
}

export function listProjectUserPermissions(client: BitbucketClient, workspace: string, key: string, options?: CallOptions): Promise<UserPermissionDto[]> {
	return checkedAll<UserPermissionDto>(client, apiPath`/2.0/workspaces/${workspace}/projects/${key}/permissions-config/users`, checkUserPermission, undefined, options);
}

export function listProjectGroupPermissions(client: BitbucketClient, workspace: string, key: string, options?: CallOptions): Promise<GroupPermissionDto[]> {
	return checkedAll<GroupPermissionDto>(client, apiPath`/2.0/workspaces/${workspace}/projects/${key}/permissions-config/groups`, checkGroupPermission, undefined, options);
}

/** The explicit grant of one user on a project; undefined when there is none (404). */
export function getProjectUserPermission(client: BitbucketClient, workspace: string, key: string, userUuid: string): Promise<UserPermissionDto | undefined> {
	return checkedOptional<UserPermissionDto>(client, apiPath`/2.0/workspaces/${workspace}/projects/${key}/permissions-config/users/${userUuid}`, checkPermissionEntry);
}

export function getProjectGroupPermission(client: BitbucketClient, workspace: string, key: string, groupSlug: string): Promise<GroupPermissionDto | undefined> {
	return checkedOptional<GroupPermissionDto>(client, apiPath`/2.0/workspaces/${workspace}/projects/${key}/permissions-config/groups/${groupSlug}`, checkPermissionEntry);
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
	return checkedAll<RepositoryDto>(client, apiPath`/2.0/repositories/${workspace}`, checkRepository, query, {signal});
}

export function getRepository(client: BitbucketClient, workspace: string, repoSlug: string, options?: CallOptions): Promise<RepositoryDto | undefined> {
	return checkedOptional<RepositoryDto>(client, apiPath`/2.0/repositories/${workspace}/${repoSlug}`, checkRepository, options);
}

export function listRepositoryUserPermissions(client: BitbucketClient, workspace: string, repoSlug: string, options?: CallOptions): Promise<UserPermissionDto[]> {
	return checkedAll<UserPermissionDto>(client, apiPath`/2.0/repositories/${workspace}/${repoSlug}/permissions-config/users`, checkUserPermission, undefined, options);
}

export function listRepositoryGroupPermissions(client: BitbucketClient, workspace: string, repoSlug: string, options?: CallOptions): Promise<GroupPermissionDto[]> {
	return checkedAll<GroupPermissionDto>(client, apiPath`/2.0/repositories/${workspace}/${repoSlug}/permissions-config/groups`, checkGroupPermission, undefined, options);
}

export function getRepositoryUserPermission(client: BitbucketClient, workspace: string, repoSlug: string, userUuid: string): Promise<UserPermissionDto | undefined> {
	return checkedOptional<UserPermissionDto>(client, apiPath`/2.0/repositories/${workspace}/${repoSlug}/permissions-config/users/${userUuid}`, checkPermissionEntry);
}

export function getRepositoryGroupPermission(client: BitbucketClient, workspace: string, repoSlug: string, groupSlug: string): Promise<GroupPermissionDto | undefined> {
	return checkedOptional<GroupPermissionDto>(client, apiPath`/2.0/repositories/${workspace}/${repoSlug}/permissions-config/groups/${groupSlug}`, checkPermissionEntry);
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
	return checkedAll<EffectiveRepositoryPermissionDto>(client, path, checkEffectiveRepositoryPermission, undefined, options);
}
