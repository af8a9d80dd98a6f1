/**
 * Response shapes (DTOs) of the Bitbucket Cloud endpoints bbaccess reads. Every field is optional:
 * Bitbucket omits fields freely, and the mappers decide what is required.
 */

export interface UserDto {
	type?: string;
	uuid?: string;
	account_id?: string;
	nickname?: string;
	display_name?: string;
	account_status?: string;
}

export interface WorkspaceDto {
	type?: string;
	uuid?: string;
	slug?: string;
	name?: string;
	is_private?: boolean;
}

/** An item of GET /2.0/user/workspaces. */
export interface WorkspaceAccessDto {
	type?: string;
	administrator?: boolean;
	workspace?: WorkspaceDto;
}

/** An item of GET /2.0/workspaces/{ws}/permissions (permission set) or /members (no permission). */
export interface WorkspaceMembershipDto {
	type?: string;
	permission?: string;
	user?: UserDto;
	workspace?: WorkspaceDto;
}

/** A user inside a v1 group. */
export interface V1UserDto {
	uuid?: string;
	account_id?: string;
	nickname?: string;
	display_name?: string;
	is_team?: boolean;
}

/** An item of GET /1.0/groups/{ws} (a bare array). */
export interface V1GroupDto {
	name?: string;
	slug?: string;
	permission?: string | null;
	auto_add?: boolean;
	members?: V1UserDto[];
	owner?: {uuid?: string};
}

export interface ProjectDto {
	type?: string;
	uuid?: string;
	key?: string;
	name?: string;
	is_private?: boolean;
}

export interface RepositoryDto {
	type?: string;
	uuid?: string;
	slug?: string;
	name?: string;
	full_name?: string;
	is_private?: boolean;
	project?: ProjectDto;
	workspace?: WorkspaceDto;
}

export interface GroupRefDto {
	type?: string;
	slug?: string;
	name?: string;
	full_slug?: string;
}

/** Items of permissions-config/users (project or repository). */
export interface UserPermissionDto {
	type?: string;
	permission?: string;
	user?: UserDto;
}

/** Items of permissions-config/groups (project or repository). */
export interface GroupPermissionDto {
	type?: string;
	permission?: string;
	group?: GroupRefDto;
}

/** Items of GET /2.0/workspaces/{ws}/permissions/repositories (effective, without provenance), and of the caller's own variant /2.0/user/workspaces/{ws}/permissions/repositories. */
export interface EffectiveRepositoryPermissionDto {
	type?: string;
	permission?: string;
	user?: UserDto;
	repository?: RepositoryDto;
}
