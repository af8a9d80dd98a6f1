/**
 * React bindings for the explorer backend: the status and the current graph, re-read whenever
 * the backend notifies (useSyncExternalStore, so no state is copied into React by effects).
 */
import {useCallback, useSyncExternalStore} from 'react';
import type {BackendStatus, ExplorerBackend} from '../../core/backend.js';
import type {AccessGraph} from '../../core/graph/index.js';

function useSubscribe(backend: ExplorerBackend) {
	return useCallback((listener: () => void) => backend.subscribe(listener), [backend]);
}

export function useBackendStatus(backend: ExplorerBackend): BackendStatus {
	const read = () => backend.status();
	return useSyncExternalStore(useSubscribe(backend), read, read);
}

export function useBackendGraph(backend: ExplorerBackend): AccessGraph | undefined {
	const read = () => backend.graph();
	return useSyncExternalStore(useSubscribe(backend), read, read);
}
