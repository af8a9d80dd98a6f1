/**
 * DTO → model mappers shared by sync and changes. Each returns undefined for an item that lacks
 * what the model needs (no uuid, an unknown level such as "none"), so callers skip it.
 */
import {
	isProjectLevel,
	isRepoLevel,
	repositoryId,
	type GroupNode,
	type ProjectGrant,
	type ProjectNode,
	type RepoLevel,
	type RepositoryGrant,
	type RepositoryNode,
	type UserNode,
	type WorkspaceNode,
	type WorkspaceRole,
} from '../model.js';
import type {EffectiveRepositoryPermissionDto, GroupPermissionDto, ProjectDto, RepositoryDto, UserDto, UserPermissionDto, V1GroupDto, V1UserDto, WorkspaceDto} from './models.js';

export function toUserNode(dto: UserDto | V1UserDto | undefined): UserNode | undefined {
	if (!dto?.uuid) return undefined;
	const node: UserNode = {uuid: dto.uuid, displayName: dto.display_name || dto.nickname || dto.uuid};
	if (dto.account_id) node.accountId = dto.account_id;
	if (dto.nickname) node.nickname = dto.nickname;
	return node;
}

export function toWorkspaceNode(dto: WorkspaceDto, administrator: boolean): WorkspaceNode | undefined {
	if (!dto.slug) return undefined;
	const node: WorkspaceNode = {uuid: dto.uuid ?? '', slug: dto.slug, name: dto.name || dto.slug, administrator, partial: []};
	if (dto.is_private !== undefined) node.isPrivate = dto.is_private;
	return node;
}

/** owner stays owner; member and the removed collaborator role count as member. */
export function toWorkspaceRole(permission: string | undefined): WorkspaceRole {
	return permission === 'owner' ? 'owner' : 'member';
}

export function toGroupNode(workspace: string, dto: V1GroupDto): GroupNode | undefined {
	if (!dto.slug) return undefined;
	const members = (dto.members ?? []).map(member => member.uuid).filter((uuid): uuid is string => Boolean(uuid));
	return {workspace, slug: dto.slug, name: dto.name || dto.slug, members: [...new Set(members)]};
}

export function toProjectNode(workspace: string, dto: ProjectDto): ProjectNode | undefined {
	if (!dto.key) return undefined;
	const node: ProjectNode = {workspace, key: dto.key, uuid: dto.uuid ?? '', name: dto.name || dto.key};
	if (dto.is_private !== undefined) node.isPrivate = dto.is_private;
	return node;
}

/** `projectKeyByUuid` maps repositories whose project object carries only a uuid. */
export function toRepositoryNode(workspace: string, dto: RepositoryDto, projectKeyByUuid?: ReadonlyMap<string, string>): RepositoryNode | undefined {
	const slug = dto.slug ?? dto.full_name?.split('/')[1];
	if (!slug) return undefined;
	const node: RepositoryNode = {workspace, slug, uuid: dto.uuid ?? '', name: dto.name || slug, fullName: repositoryId(workspace, slug)};
	const projectKey = dto.project?.key ?? (dto.project?.uuid ? projectKeyByUuid?.get(dto.project.uuid) : undefined);
	if (projectKey) node.projectKey = projectKey;
	if (dto.is_private !== undefined) node.isPrivate = dto.is_private;
	return node;
}

export function toProjectUserGrant(workspace: string, project: string, dto: UserPermissionDto): ProjectGrant | undefined {
	if (!dto.user?.uuid || !isProjectLevel(dto.permission)) return undefined;
	return {workspace, project, principal: {type: 'user', uuid: dto.user.uuid}, level: dto.permission};
}

export function toProjectGroupGrant(workspace: string, project: string, dto: GroupPermissionDto): ProjectGrant | undefined {
	const slug = groupSlugOf(dto);
	if (!slug || !isProjectLevel(dto.permission)) return undefined;
	return {workspace, project, principal: {type: 'group', slug}, level: dto.permission};
}

/** Either kind of project grant item. */
export function toProjectGrant(workspace: string, project: string, dto: UserPermissionDto | GroupPermissionDto): ProjectGrant | undefined {
	return 'group' in dto && dto.group ? toProjectGroupGrant(workspace, project, dto) : toProjectUserGrant(workspace, project, dto as UserPermissionDto);
}

export function toRepositoryUserGrant(workspace: string, repository: string, dto: UserPermissionDto): RepositoryGrant | undefined {
	if (!dto.user?.uuid || !isRepoLevel(dto.permission)) return undefined;
	return {workspace, repository, principal: {type: 'user', uuid: dto.user.uuid}, level: dto.permission};
}

export function toRepositoryGroupGrant(workspace: string, repository: string, dto: GroupPermissionDto): RepositoryGrant | undefined {
	const slug = groupSlugOf(dto);
	if (!slug || !isRepoLevel(dto.permission)) return undefined;
	return {workspace, repository, principal: {type: 'group', slug}, level: dto.permission};
}

export function toRepositoryGrant(workspace: string, repository: string, dto: UserPermissionDto | GroupPermissionDto): RepositoryGrant | undefined {
	return 'group' in dto && dto.group ? toRepositoryGroupGrant(workspace, repository, dto) : toRepositoryUserGrant(workspace, repository, dto as UserPermissionDto);
}

function groupSlugOf(dto: GroupPermissionDto): string | undefined {
	if (dto.group?.slug) return dto.group.slug;
	const full = dto.group?.full_slug;
	return full?.includes(':') ? full.slice(full.indexOf(':') + 1) : undefined;
}

/**
 * One item of the caller's own repository permissions: the repository's full name and the level.
 * `fullNameByUuid` resolves items that name the repository by uuid only. "none" and unknown levels are skipped.
 */
export function toOwnRepositoryLevel(workspace: string, dto: EffectiveRepositoryPermissionDto, fullNameByUuid?: ReadonlyMap<string, string>): {fullName: string; level: RepoLevel} | undefined {
	if (!isRepoLevel(dto.permission)) return undefined;
	const repo = dto.repository;
	const slug = repo?.slug ?? (repo?.full_name?.includes('/') ? repo.full_name.slice(repo.full_name.indexOf('/') + 1) : undefined);
	const fullName = slug ? repositoryId(workspace, slug) : repo?.uuid ? fullNameByUuid?.get(repo.uuid) : undefined;
	return fullName ? {fullName, level: dto.permission} : undefined;
}
