/**
 * The HTTP side of a change: which request reads an explicit entry, which one writes it, and how the
 * answer is read back into an ExplicitState. Paths are built here (not hidden in the client) because the
 * confirm dialog shows the exact method and path before anything is sent.
 */
import {BbError} from '../errors.js';
import {encodePathSegment} from '../bitbucket/client.js';
import {checkV1User, validItems} from '../bitbucket/validate.js';
import {isProjectLevel, type Level, type Principal, type Target} from '../model.js';
import type {ChangeRequest, ExplicitState, RequestSpec} from './types.js';

/** The part of BitbucketClient the pipeline uses (GET with 404 → undefined, idempotent PUT/DELETE with retries). */
export interface ChangeClient {
	getOptional<T>(path: string): Promise<T | undefined>;
	put<T>(path: string, body: unknown): Promise<T>;
	delete(path: string): Promise<unknown>;
}

/** The client's segment encoder: refuses '', '.', '..' so no name can change the path. */
const enc = encodePathSegment;

export function repositorySlug(fullName: string): string {
	const slash = fullName.indexOf('/');
	return slash === -1 ? fullName : fullName.slice(slash + 1);
}

function principalSegment(principal: Principal): string {
	return principal.type === 'user' ? `users/${enc(principal.uuid)}` : `groups/${enc(principal.slug)}`;
}

export function permissionPath(target: Target, principal: Principal): string {
	if (target.type === 'project') {
		return `/2.0/workspaces/${enc(target.workspace)}/projects/${enc(target.key)}/permissions-config/${principalSegment(principal)}`;
	}
	return `/2.0/repositories/${enc(target.workspace)}/${enc(repositorySlug(target.fullName))}/permissions-config/${principalSegment(principal)}`;
}

export function groupMembersPath(workspace: string, group: string): string {
	return `/1.0/groups/${enc(workspace)}/${enc(group)}/members`;
}

export function groupMemberPath(workspace: string, group: string, user: string): string {
	return `${groupMembersPath(workspace, group)}/${enc(user)}`;
}

/** The GET that reads the explicit state a change is about. */
export function readRequest(change: ChangeRequest): RequestSpec {
	if (change.type === 'permission') return {method: 'GET', path: permissionPath(change.target, change.principal)};
	return {method: 'GET', path: groupMembersPath(change.workspace, change.group)};
}

/** The mutating request that moves the explicit state to what `change` asks for. */
export function mutationRequest(change: ChangeRequest): RequestSpec {
	if (change.type === 'permission') {
		const path = permissionPath(change.target, change.principal);
		return change.level === undefined ? {method: 'DELETE', path} : {method: 'PUT', path, body: {permission: change.level}};
	}
	const path = groupMemberPath(change.workspace, change.group, change.user);
	// The v1 API wants an empty JSON object on PUT (baton-bitbucket, zahiar); DELETE has no body.
	return change.member ? {method: 'PUT', path, body: {}} : {method: 'DELETE', path};
}

export function desiredState(change: ChangeRequest): ExplicitState {
	return change.type === 'permission' ? {type: 'permission', level: change.level} : {type: 'membership', member: change.member};
}

export function sameState(a: ExplicitState, b: ExplicitState): boolean {
	if (a.type === 'permission' && b.type === 'permission') return a.level === b.level;
	if (a.type === 'membership' && b.type === 'membership') return a.member === b.member;
	return false;
}

interface PermissionDto {
	permission?: unknown;
}

interface V1MemberDto {
	uuid?: unknown;
	account_id?: unknown;
}

/** Read the explicit state from Bitbucket. 404 (or "none") on a permissions-config GET means no explicit entry. */
export async function readState(client: ChangeClient, change: ChangeRequest): Promise<ExplicitState> {
	const {path} = readRequest(change);
	if (change.type === 'permission') {
		const dto = await client.getOptional<PermissionDto>(path);
		return {type: 'permission', level: parsePermission(dto, path)};
	}
	const members = await client.getOptional<unknown>(path);
	if (members === undefined) {
		throw new BbError('not-found', `group ${change.group} does not exist in workspace ${change.workspace}`, {status: 404, endpoint: `GET ${path}`});
	}
	if (!Array.isArray(members)) {
		throw new BbError('malformed', `GET ${path} did not return a list of members`, {endpoint: `GET ${path}`});
	}
	// A member without a uuid could be the one asked about: "not a member" would be a guess (a removal would look verified).
	const member = validItems(members as V1MemberDto[], checkV1User, `GET ${path}`).some(m => m.uuid === change.user || m.account_id === change.user);
	return {type: 'membership', member};
}

function parsePermission(dto: PermissionDto | undefined, path: string): Level | undefined {
	if (dto === undefined || dto === null) return undefined;
	if (typeof dto !== 'object' || !('permission' in dto)) {
		// A 200 without the level is a broken answer, not "no entry".
		throw new BbError('malformed', `Bitbucket sent an incomplete answer for GET ${path}: it has no permission`, {endpoint: `GET ${path}`});
	}
	const value = dto.permission;
	if (value === 'none' || value === undefined || value === null) return undefined;
	if (isProjectLevel(value)) return value;
	throw new BbError('malformed', `GET ${path} returned an unknown permission '${String(value)}'`, {endpoint: `GET ${path}`});
}

/** Send the mutating request. Throws BbError (the client translated it). */
export async function sendMutation(client: ChangeClient, spec: RequestSpec): Promise<void> {
	if (spec.method === 'PUT') await client.put<unknown>(spec.path, spec.body ?? {});
	else if (spec.method === 'DELETE') await client.delete(spec.path);
	else throw new BbError('usage', `not a mutating request: ${spec.method} ${spec.path}`);
}
