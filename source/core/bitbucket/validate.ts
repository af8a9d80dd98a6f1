/**
 * Response validation at the client boundary: one small hand-written check per DTO. An item that
 * lacks an identifying field (a uuid, a slug, a key, a permission) makes the whole response
 * malformed: a BbError of kind 'malformed' naming the endpoint and the field. Skipping such items
 * would turn a broken answer into a smaller one that looks complete ("12 members" instead of 44).
 * Values that are present but unknown (a level "none") are not errors: the mappers skip those.
 */
import {BbError} from '../errors.js';

/** Returns the missing or wrong field ("user.uuid"), or undefined when the item is usable. */
export type ItemCheck = (item: unknown) => string | undefined;

function field(value: unknown, name: string): unknown {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;
}

function isText(value: unknown): boolean {
	return typeof value === 'string' && value !== '';
}

/** `path` is dotted ("user.uuid"); true when it leads to a non-empty string. */
function hasText(item: unknown, path: string): boolean {
	let value = item;
	for (const name of path.split('.')) value = field(value, name);
	return isText(value);
}

function isObject(value: unknown): boolean {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The first of `paths` that is missing, checked in order; `alternatives` groups accept either ("slug|full_name"). */
function requireFields(...paths: string[]): ItemCheck {
	return item => {
		if (!isObject(item)) return 'the item itself (not an object)';
		for (const path of paths) {
			const options = path.split('|');
			if (!options.some(option => hasText(item, option))) return options.join(' or ');
		}
		return undefined;
	};
}

export const checkUser = requireFields('uuid');
export const checkWorkspace = requireFields('slug');
export const checkWorkspaceAccess = requireFields('workspace.slug');
/** Items of /permissions carry the role; items of /members only the user. */
export const checkWorkspacePermission = requireFields('user.uuid', 'permission');
export const checkWorkspaceMember = requireFields('user.uuid');
export const checkProject = requireFields('key');
export const checkRepository = requireFields('slug|full_name');
export const checkUserPermission = requireFields('permission', 'user.uuid');
export const checkGroupPermission = requireFields('permission', 'group.slug|group.full_slug');
export const checkEffectiveRepositoryPermission = requireFields('permission', 'user.uuid', 'repository.slug|repository.full_name');
/** Items of GET /2.0/user/workspaces/{ws}/permissions/repositories (CHANGE-3022): the caller's own level; the spec's example names the repository by full_name and uuid only. */
export const checkOwnRepositoryPermission = requireFields('permission', 'repository.full_name|repository.slug|repository.uuid');
export const checkV1User = requireFields('uuid');
/** Items of /permissions/repositories filtered to one person (q=user.uuid=…): offboarding names the repositories by full_name. */
export const checkPersonReach = requireFields('permission', 'repository.full_name');
/** One explicit entry (GET …/permissions-config/users/{user}): at least its level. */
export const checkPermissionEntry = requireFields('permission');

/** A v1 group: its slug, and every embedded member's uuid. */
export const checkV1Group: ItemCheck = item => {
	const missing = requireFields('slug')(item);
	if (missing) return missing;
	const members = field(item, 'members');
	if (members === undefined || members === null) return undefined;
	if (!Array.isArray(members)) return 'members (not a list)';
	const index = members.findIndex(member => checkV1User(member) !== undefined);
	return index === -1 ? undefined : `members[${index}].uuid`;
};

/** Throw a malformed BbError unless every item passes `check`; returns the items unchanged. */
export function validItems<T>(items: T[], check: ItemCheck, endpoint: string): T[] {
	for (let index = 0; index < items.length; index++) {
		const missing = check(items[index]);
		if (missing !== undefined) {
			throw new BbError(
				'malformed',
				`Bitbucket sent an incomplete answer for ${endpoint}: item ${index + 1} of ${items.length} has no ${missing}, so the whole answer was not used`,
				{endpoint},
			);
		}
	}
	return items;
}

/** Throw a malformed BbError unless `value` is an object that passes `check`. */
export function validObject<T>(value: T | undefined, check: ItemCheck, endpoint: string): T {
	if (!isObject(value)) {
		throw new BbError('malformed', `Bitbucket sent ${describe(value)} for ${endpoint} instead of an object`, {endpoint});
	}
	const missing = check(value);
	if (missing !== undefined) throw new BbError('malformed', `Bitbucket sent an incomplete answer for ${endpoint}: it has no ${missing}`, {endpoint});
	return value as T;
}

/** Throw a malformed BbError unless `value` is a list. */
export function validList<T>(value: T[] | undefined, endpoint: string): T[] {
	if (!Array.isArray(value)) throw new BbError('malformed', `Bitbucket sent ${describe(value)} for ${endpoint} instead of a list`, {endpoint});
	return value;
}

function describe(value: unknown): string {
	if (value === undefined || value === '') return 'an empty body';
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return `a ${typeof value}`;
}
