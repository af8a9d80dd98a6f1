/** The explicit state as JSON (GET /_emulator/state): what a test compares the client's view with. */
import type {EmulatorState, UserRecord} from './state.js';

function userRef(user: UserRecord) {
	return {uuid: user.uuid, accountId: user.accountId, nickname: user.nickname, displayName: user.displayName};
}

export function exportState(state: EmulatorState) {
	const nick = (uuid: string) => state.users.get(uuid)?.nickname ?? uuid;
	return {
		version: state.version,
		users: [...state.users.values()].map(user => ({...userRef(user), email: user.email})),
		workspaces: [...state.workspaces.values()].map(ws => ({
			slug: ws.slug,
			uuid: ws.uuid,
			name: ws.name,
			centrallyAdministered: ws.centrallyAdministered,
			members: [...ws.members].map(([uuid, role]) => ({uuid, nickname: nick(uuid), role})),
			groups: [...ws.groups.values()].map(group => ({
				slug: group.slug,
				name: group.name,
				members: [...group.members].map(uuid => ({uuid, nickname: nick(uuid)})),
			})),
			projects: [...ws.projects.values()].map(project => ({
				key: project.key,
				uuid: project.uuid,
				name: project.name,
				isPrivate: project.isPrivate,
				users: [...project.users].map(([uuid, level]) => ({uuid, nickname: nick(uuid), level})),
				groups: [...project.groups].map(([slug, level]) => ({slug, level})),
			})),
			repositories: ws.repositoryList.map(repo => ({
				slug: repo.slug,
				fullName: `${ws.slug}/${repo.slug}`,
				uuid: repo.uuid,
				project: repo.project.key,
				isPrivate: repo.isPrivate,
				users: [...repo.users].map(([uuid, level]) => ({uuid, nickname: nick(uuid), level})),
				groups: [...repo.groups].map(([slug, level]) => ({slug, level})),
			})),
		})),
	};
}

export type ExportedState = ReturnType<typeof exportState>;
