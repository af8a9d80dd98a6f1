/**
 * Mount the explorer app full-screen and wait until the user quits. Uses the terminal's
 * alternate screen (restored on exit, also on SIGTERM/SIGHUP) so the shell's scrollback is left
 * as it was; Ink's own Ctrl-C exit is off because the app's key dispatcher handles Ctrl-C.
 */
import {render} from 'ink';
import type {ExplorerBackend} from '../../core/backend.js';
import {ThemeProvider, getTheme} from '../theme.js';
import {ExplorerApp, type ExplorerAppProps} from './explorer-app.js';

export interface RunExplorerAppOptions extends Omit<ExplorerAppProps, 'onQuit' | 'backend'> {
	backend: ExplorerBackend;
	stdin?: NodeJS.ReadStream;
	stdout?: NodeJS.WriteStream;
	stderr?: NodeJS.WriteStream;
	/** Switch to the alternate screen while running (default: when stdout is a TTY). */
	alternateScreen?: boolean;
}

/**
 * Ink options of the explorer: Ctrl-C goes to our key dispatcher; frames may follow keys at up
 * to 120 fps (Ink's default 30 fps throttle adds up to 33 ms to a held arrow key; frames are
 * cheap because only visible rows are rendered). Incremental rendering writes only the lines
 * that changed (about 40 % fewer bytes per move frame in `npm run bench:ui`, same time).
 */
export const EXPLORER_RENDER_OPTIONS = {exitOnCtrlC: false, patchConsole: true, maxFps: 120, incrementalRendering: true} as const;

const ENTER_ALTERNATE = '\u001B[?1049h\u001B[H';
const LEAVE_ALTERNATE = '\u001B[?1049l';

/** Resolves with the exit code once the app has unmounted and the backend is closed. */
export async function runExplorerApp(options: RunExplorerAppOptions): Promise<number> {
	const {backend, stdin = process.stdin, stdout = process.stdout, stderr = process.stderr, ...appProps} = options;
	const alternate = options.alternateScreen ?? Boolean(stdout.isTTY);
	let exitCode = 0;
	let restored = false;
	const restoreScreen = () => {
		if (!alternate || restored) return;
		restored = true;
		stdout.write(LEAVE_ALTERNATE);
	};
	if (alternate) stdout.write(ENTER_ALTERNATE);
	// Raw mode before the first frame: Ink enables it only in an effect after mounting, and a key
	// pressed in between would be echoed by the terminal (scrolling the frame) and read as a
	// line feed instead of Enter. Ink turns it off again when it unmounts.
	const rawMode = typeof stdin.setRawMode === 'function' && stdin.isTTY;
	if (rawMode) stdin.setRawMode(true);

	const instance = render(
		<ThemeProvider theme={getTheme()}>
			<ExplorerApp
				{...appProps}
				backend={backend}
				onQuit={code => {
					exitCode = code;
					instance.unmount();
				}}
			/>
		</ThemeProvider>,
		{stdin, stdout, stderr, ...EXPLORER_RENDER_OPTIONS},
	);

	const onSignal = (signal: NodeJS.Signals) => {
		exitCode = signal === 'SIGHUP' ? 129 : 143;
		// After a hang-up the terminal is gone: writing the last frame fails with EIO; ignore it.
		stdout.on('error', () => undefined);
		instance.unmount();
	};
	process.once('SIGTERM', onSignal);
	process.once('SIGHUP', onSignal);
	try {
		await instance.waitUntilExit();
	} finally {
		process.off('SIGTERM', onSignal);
		process.off('SIGHUP', onSignal);
		if (rawMode && stdin.isRaw) stdin.setRawMode(false);
		restoreScreen();
		await backend.close();
	}
	return exitCode;
}
