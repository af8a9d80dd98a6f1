/**
 * The backend's graph, its revision and the status, read with useSyncExternalStore so nothing
 * is copied into React state by effects. The revision makes memoised rows follow mutations.
 */
import {useCallback, useSyncExternalStore} from 'react';
import type {BackendStatus, ExplorerBackend} from '../../core/backend.js';
import type {AccessGraph} from '../../core/graph/index.js';

export interface ExplorerData {
	graph: AccessGraph | undefined;
	revision: number;
	status: BackendStatus;
}

export function useExplorerData(backend: ExplorerBackend): ExplorerData {
	const subscribe = useCallback(
		(listener: () => void) => {
			// The backend notifies on replacement and mutation; the graph's own onChange is a safety net.
			let current = backend.graph();
			let offGraph = current?.onChange(listener);
			const offBackend = backend.subscribe(() => {
				const next = backend.graph();
				if (next !== current) {
					offGraph?.();
					current = next;
					offGraph = current?.onChange(listener);
				}
				listener();
			});
			return () => {
				offBackend();
				offGraph?.();
			};
		},
		[backend],
	);
	const graph = useSyncExternalStore(subscribe, () => backend.graph());
	const revision = useSyncExternalStore(subscribe, () => backend.graph()?.revision ?? -1);
	const status = useSyncExternalStore(subscribe, () => backend.status());
	return {graph, revision, status};
}
