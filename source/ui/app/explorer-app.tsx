/**
 * The app shell: sync screen until there is data, then the explorer. With a cached snapshot the
 * explorer shows at once and the refresh runs in the background (its status line says
 * "synced 12 min ago — refreshing"). Esc or Ctrl-C on the sync screen cancels the sync; Ctrl-C
 * in the explorer quits (keys the explorer does not consume reach the shell last).
 */
import {useEffect, useRef, useState} from 'react';
import type {ExplorerBackend} from '../../core/backend.js';
import {BbError, EXIT, exitCodeFor, type BbErrorKind} from '../../core/errors.js';
import type {ChangeService} from '../../core/changes/index.js';
import {Explorer, type ExplorerProps} from '../explorer/explorer.js';
import {KeypressProvider, useKeypress} from '../keys/keypress.js';
import {SyncScreen} from './sync-screen.js';
import {useBackendGraph, useBackendStatus} from './use-backend.js';
import {useTerminalSize} from '../components/use-terminal-size.js';

export interface ExplorerAppProps {
	/** With `changes`, the explorer offers the change keys (grant, revoke, group membership, undo). */
	backend: ExplorerBackend & {changes?: ChangeService};
	/** Called once when the user quits; the runner unmounts and exits with `code`. */
	onQuit: (code: number) => void;
	/** Shown in the sync screen's header. */
	account?: string;
	apiUrl?: string;
	/** Start a sync on mount (default true). */
	autoRefresh?: boolean;
	/** How long "Connected" stays on the sync screen before the explorer opens (any key skips). */
	finishHoldMs?: number;
	/** Passed through to the explorer (opener, clipboard, initialView). */
	explorerProps?: Omit<ExplorerProps, 'backend' | 'onQuit'>;
}

export function ExplorerApp(props: ExplorerAppProps) {
	return (
		<KeypressProvider>
			<AppShell {...props} />
		</KeypressProvider>
	);
}

function AppShell(props: ExplorerAppProps) {
	const {backend, autoRefresh = true, finishHoldMs = 700} = props;
	const status = useBackendStatus(backend);
	const graph = useBackendGraph(backend);
	const size = useTerminalSize();
	const [explorerOpen, setExplorerOpen] = useState(() => graph !== undefined);
	const quitting = useRef(false);

	const quit = (code: number) => {
		if (quitting.current) return;
		quitting.current = true;
		props.onQuit(code);
	};

	useEffect(() => {
		if (autoRefresh) void backend.refresh();
	}, [backend, autoRefresh]);

	const syncing = status.state === 'syncing';
	const holding = graph !== undefined && !explorerOpen;
	useEffect(() => {
		if (!holding || syncing) return;
		const timer = setTimeout(() => setExplorerOpen(true), finishHoldMs);
		return () => clearTimeout(timer);
	}, [holding, syncing, finishHoldMs]);

	useKeypress(
		event => {
			if (explorerOpen) {
				if (event.name !== 'ctrl+c') return false;
				quit(0);
				return true;
			}
			if (syncing) {
				if (event.name === 'esc' || event.name === 'ctrl+c') {
					backend.cancelSync();
					return true;
				}
				return false;
			}
			if (holding) {
				setExplorerOpen(true);
				return true;
			}
			if (event.name === 'r') {
				void backend.refresh();
				return true;
			}
			if (event.name === 'q' || event.name === 'esc' || event.name === 'ctrl+c') {
				quit(quitCode(status.error?.kind));
				return true;
			}
			return false;
		},
		{priority: 'global'},
	);

	if (explorerOpen && graph) {
		// The change keys are built into the explorer's key registry; they use backend.changes.
		return <Explorer backend={backend} onQuit={() => quit(0)} {...props.explorerProps} />;
	}
	return (
		<SyncScreen
			status={status}
			account={props.account}
			apiUrl={props.apiUrl}
			columns={size.columns}
			rows={size.rows}
			finished={holding && !syncing}
		/>
	);
}

/** Quitting after a cancelled sync is a normal exit; after a failed one, the failure's exit code. */
function quitCode(kind: BbErrorKind | undefined): number {
	if (kind === undefined || kind === 'cancelled') return EXIT.ok;
	return exitCodeFor(new BbError(kind, kind));
}
