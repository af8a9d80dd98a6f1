/**
 * Helpers for sync tests: a client for a demo login against an emulator, the emulator's explicit
 * state, and a timestamp-free view of a snapshot for equality checks.
 */
import {BitbucketClient, type ClientOptions} from '../../source/core/bitbucket/client.js';
import type {AccessSnapshot, GrantsState} from '../../source/core/model.js';
import type {ExportedState, RunningEmulator} from '../../source/emulator/index.js';
import {fastRetry} from './fast-retry.js';

export const ADMIN = {email: 'admin@acme.test', token: 'demo-admin-token'};
export const READER = {email: 'reader@acme.test', token: 'demo-reader-token'};

export function clientFor(emulator: Pick<RunningEmulator, 'url'>, login = ADMIN, options: Partial<ClientOptions> = {}): BitbucketClient {
	return new BitbucketClient({apiUrl: emulator.url, email: login.email, token: login.token, retry: fastRetry(), ...options});
}

export async function emulatorState(emulator: Pick<RunningEmulator, 'url'>): Promise<ExportedState> {
	const response = await fetch(`${emulator.url}/_emulator/state`);
	return (await response.json()) as ExportedState;
}

function withoutTime(state: GrantsState): GrantsState {
	if (state.state === 'loaded') return {state: 'loaded', at: ''};
	if (state.state === 'unavailable' && state.at !== undefined) return {...state, at: ''};
	return state;
}

/** The snapshot without times (syncedAt, loaded-at) and the emulator's port, for "same content" comparisons. */
export function timeless(snapshot: AccessSnapshot): AccessSnapshot {
	const mapStates = (record: Record<string, GrantsState>) => Object.fromEntries(Object.entries(record).map(([key, state]) => [key, withoutTime(state)]));
	const timelessSnapshot: AccessSnapshot = {
		...snapshot,
		apiUrl: '',
		syncedAt: '',
		projectGrantStatus: mapStates(snapshot.projectGrantStatus),
		repositoryGrantStatus: mapStates(snapshot.repositoryGrantStatus),
	};
	if (snapshot.ownRepositoryPermissions) timelessSnapshot.ownRepositoryPermissions = snapshot.ownRepositoryPermissions.map(own => ({...own, at: ''}));
	return timelessSnapshot;
}
