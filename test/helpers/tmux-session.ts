/**
 * Drive a real terminal: run a command inside a detached tmux session of a fixed size, send keys,
 * capture the screen (plain or with colour codes) and wait on what it shows. Each session has its
 * own tmux server socket (-L) and no user config (-f /dev/null), and is killed by close().
 * The command's exit code is printed as "EXIT=<n>" when it ends, so tests can wait for it.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {dirname} from 'node:path';

export function tmuxAvailable(): boolean {
	return spawnSync('tmux', ['-V'], {stdio: 'ignore'}).status === 0;
}

export interface TmuxSessionOptions {
	/** Shell command line to run (sh -c). */
	command: string;
	cwd?: string;
	env?: Record<string, string>;
	columns?: number;
	rows?: number;
}

function shellQuote(value: string): string {
	return `'${value.replace(/'/g, `'\\''`)}'`;
}

export class TmuxSession {
	readonly socket: string;
	readonly target = 'app';
	#closed = false;

	private constructor(socket: string) {
		this.socket = socket;
	}

	static start(options: TmuxSessionOptions): TmuxSession {
		const session = new TmuxSession(`bbaccess-test-${process.pid}-${randomBytes(4).toString('hex')}`);
		// `node` in the command is the Node running the tests (the pinned one), whatever PATH says.
		const exports = [`export PATH=${shellQuote(dirname(process.execPath))}:"$PATH";`]
			.concat(Object.entries(options.env ?? {}).map(([key, value]) => `export ${key}=${shellQuote(value)};`))
			.join(' ');
		// Keep the pane after the command ends so the EXIT line can be read.
		const script = `${exports} ${options.command}; echo "EXIT=$?"; sleep 600`;
		session.#tmux([
			'new-session',
			'-d',
			'-s',
			session.target,
			'-x',
			String(options.columns ?? 120),
			'-y',
			String(options.rows ?? 40),
			...(options.cwd ? ['-c', options.cwd] : []),
			'sh',
			'-c',
			script,
		]);
		return session;
	}

	#tmux(args: string[]): string {
		return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
	}

	/** Send tmux key names ("Enter", "Escape", "C-c", "Down") or single characters. */
	keys(...keys: string[]): void {
		this.#tmux(['send-keys', '-t', this.target, ...keys]);
	}

	/** Type text literally. */
	type(text: string): void {
		this.#tmux(['send-keys', '-t', this.target, '-l', text]);
	}

	/** Paste text as the terminal would (bracketed when the app asked for it): set-buffer + paste-buffer -p. */
	paste(text: string): void {
		this.#tmux(['set-buffer', '-b', 'bbaccess-test', '--', text]);
		this.#tmux(['paste-buffer', '-p', '-d', '-b', 'bbaccess-test', '-t', this.target]);
	}

	/** The visible screen; with ansi, including SGR colour codes and trailing spaces. */
	capture({ansi = false}: {ansi?: boolean} = {}): string {
		return this.#tmux(['capture-pane', '-p', '-t', this.target, ...(ansi ? ['-e', '-N'] : [])]);
	}

	/** Wait until the screen matches; returns the screen. Fails with the last screen on timeout. */
	async waitFor(expected: string | RegExp | ((screen: string) => boolean), {timeoutMs = 15_000} = {}): Promise<string> {
		const matches =
			typeof expected === 'function'
				? expected
				: typeof expected === 'string'
					? (screen: string) => screen.includes(expected)
					: (screen: string) => expected.test(screen);
		const deadline = Date.now() + timeoutMs;
		let screen = '';
		for (;;) {
			screen = this.capture();
			if (matches(screen)) return screen;
			if (Date.now() > deadline) {
				throw new Error(`timed out after ${timeoutMs} ms waiting for ${String(expected)}; screen was:\n${screen}`);
			}
			await new Promise(resolve => setTimeout(resolve, 50));
		}
	}

	/** Wait for the command to end and return its exit code. */
	async exitCode({timeoutMs = 15_000} = {}): Promise<number> {
		const screen = await this.waitFor(/EXIT=\d+/, {timeoutMs});
		return Number(/EXIT=(\d+)/.exec(screen)![1]);
	}

	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		try {
			this.#tmux(['kill-server']);
		} catch {
			// Already gone.
		}
	}
}
