/**
 * Render Ink trees at a fixed terminal size for tests: a fake TTY stdout with `columns` and
 * `rows` (ink-testing-library's is fixed at 100 columns and has no rows), a fake stdin that
 * accepts key presses, and `waitFor(predicate)` instead of sleeps.
 */
import {EventEmitter} from 'node:events';
import type {ReactElement} from 'react';
import {render as inkRender, type Instance} from 'ink';
import type {ExplorerBackend} from '../../source/core/backend.js';
import {Explorer, type ViewRef} from '../../source/ui/explorer/explorer.js';
import type {Theme} from '../../source/ui/theme.js';

export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	home: '\u001B[H',
	end: '\u001B[F',
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	shiftTab: '\u001B[Z',
	backspace: '\u007F',
	ctrlC: '\u0003',
	ctrlU: '\u0015',
} as const;

class FakeStdout extends EventEmitter {
	readonly isTTY = true;
	columns: number;
	rows: number;
	readonly frames: string[] = [];
	/** Everything written, raw (frames and escapes such as OSC 52). */
	readonly writes: string[] = [];

	constructor(columns: number, rows: number) {
		super();
		this.columns = columns;
		this.rows = rows;
	}

	write = (chunk: string): boolean => {
		this.writes.push(chunk);
		// Mode switches (bracketed paste on/off) are not frames.
		if (!/^(?:\u001B\[\?\d+[hl])+$/.test(chunk)) this.frames.push(chunk);
		return true;
	};

	// Ink probes these on TTYs.
	getColorDepth(): number {
		return 8;
	}

	hasColors(): boolean {
		return true;
	}
}

class FakeStdin extends EventEmitter {
	readonly isTTY = true;
	private data: string | null = null;

	write(data: string): void {
		this.data = data;
		this.emit('readable');
		this.emit('data', data);
	}

	read(): string | null {
		const data = this.data;
		this.data = null;
		return data;
	}

	setEncoding(): this {
		return this;
	}

	setRawMode(): this {
		return this;
	}

	resume(): this {
		return this;
	}

	pause(): this {
		return this;
	}

	ref(): this {
		return this;
	}

	unref(): this {
		return this;
	}
}

export interface Rendered {
	stdout: FakeStdout;
	stdin: FakeStdin;
	instance: Instance;
	/** The last full frame (ANSI codes included). */
	lastFrame(): string;
	/** The last frame without ANSI codes. */
	text(): string;
	/** Type keys (one write per key so each is its own key press). */
	press(...keySequence: string[]): Promise<void>;
	/** Change the terminal size and emit 'resize'. */
	resize(columns: number, rows: number): void;
	waitFor(predicate: (text: string) => boolean, what?: string, timeoutMs?: number): Promise<string>;
	unmount(): void;
}

const ANSI = /\u001B\[[0-9;?]*[A-Za-z]|\u001B\][^\u0007]*\u0007/g;

export function stripAnsi(text: string): string {
	return text.replace(ANSI, '');
}

const tick = () => new Promise<void>(resolve => setImmediate(resolve));

export function renderAt(tree: ReactElement, size: {columns: number; rows: number} = {columns: 80, rows: 24}): Rendered {
	const stdout = new FakeStdout(size.columns, size.rows);
	const stdin = new FakeStdin();
	const stderr = new FakeStdout(size.columns, size.rows);
	const instance = inkRender(tree, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		stderr: stderr as unknown as NodeJS.WriteStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	const lastFrame = () => stdout.frames[stdout.frames.length - 1] ?? '';
	const text = () => stripAnsi(lastFrame());
	return {
		stdout,
		stdin,
		instance,
		lastFrame,
		text,
		async press(...keySequence) {
			for (const key of keySequence) {
				stdin.write(key);
				// Let Ink parse (a lone Esc is flushed on the next tick) and React commit.
				await tick();
				await tick();
			}
		},
		resize(columns, rows) {
			stdout.columns = columns;
			stdout.rows = rows;
			stdout.emit('resize');
		},
		async waitFor(predicate, what = 'condition', timeoutMs = 5000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const current = text();
				if (predicate(current)) return current;
				if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. Last frame:\n${current}`);
				await new Promise<void>(resolve => setTimeout(resolve, 5));
			}
		},
		unmount() {
			instance.unmount();
			instance.cleanup();
		},
	};
}

/** Lines of a frame (without ANSI), trailing empty line dropped. */
export function frameLines(text: string): string[] {
	const lines = text.split('\n');
	if (lines[lines.length - 1] === '') lines.pop();
	return lines;
}

export interface ExplorerHarness extends Rendered {
	quits: number;
	copied: string[];
	opened: string[];
}

/** Mount <Explorer> at a size with recording clipboard/opener (nothing is ever launched). */
export function renderExplorer(
	backend: ExplorerBackend,
	options: {columns?: number; rows?: number; initialView?: ViewRef; theme?: Theme; openerResult?: boolean; useDefaultClipboard?: boolean; flashMs?: number} = {},
): ExplorerHarness {
	const harness = {quits: 0, copied: [] as string[], opened: [] as string[]};
	const rendered = renderAt(
		<Explorer
			backend={backend}
			initialView={options.initialView}
			theme={options.theme}
			flashMs={options.flashMs}
			onQuit={() => {
				harness.quits++;
			}}
			opener={url => {
				harness.opened.push(url);
				return options.openerResult ?? false;
			}}
			clipboard={options.useDefaultClipboard ? undefined : text => harness.copied.push(text)}
		/>,
		{columns: options.columns ?? 80, rows: options.rows ?? 24},
	);
	const result = Object.assign(rendered, {copied: harness.copied, opened: harness.opened, quits: 0});
	Object.defineProperty(result, 'quits', {get: () => harness.quits});
	return result;
}
