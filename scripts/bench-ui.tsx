/**
 * `npm run bench:ui [-- large|xl ...] [--incremental|--no-incremental]`: how fast the explorer
 * answers keys, measured on the real app (ExplorerApp + Explorer, React's production build, Ink
 * with the explorer's render options) driven by keys written to stdin, drawing into an in-memory
 * 120×40 terminal. Per scenario (`large`: 3,000 repositories; `xl`: 20,000), in the workspace's
 * repositories list:
 *   - key → frame p50/p95 for j, PgDn, G (then g), typing a 6-letter filter, Enter on a
 *     repository whose grants are loaded, and `:repo NAME⏎` written as one burst;
 *   - 50 `j` in one write and 50 `j` at 30 keys/s: keys applied (must be 50), frames drawn, time
 *     from the last key to the final frame;
 *   - first frame from the cached snapshot;
 *   - Ink's floor measured the same way: a trivial 38-row frame driven by `j` through stdin and
 *     Ink's own useInput; every figure is also given as a ratio to it (absolute times here move
 *     with the shared machine's load).
 * The snapshot is the scenario with every grant loaded (what a deep sync produces, built directly
 * as in bench-graph.ts, so no requests are spent). Prints one JSON line per scenario.
 * Targets (load average < 1): move and filter p95 ≤ 16 ms, open ≤ 20 ms, burst lag ≤ 16 ms,
 * first frame ≤ 150 ms.
 */
import {EventEmitter} from 'node:events';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';

// Measure what users run: React's production build (bbaccess sets NODE_ENV=production before
// loading the UI, see source/commands/explore.tsx). Ink stops writing frames when it believes it
// runs in CI; this bench needs the frames.
process.env['NODE_ENV'] = 'production';
// Colours as in a real terminal (the bench's stdout may be a pipe, where chalk would drop them).
process.env['FORCE_COLOR'] = '3';
delete process.env['CI'];
delete process.env['CONTINUOUS_INTEGRATION'];

// No JSX in this file: the compiler would import react/jsx-runtime before NODE_ENV is set, and a
// development jsx-runtime with a production React renders nothing.
const {createElement: h} = await import('react');
type ReactNode = import('react').ReactNode;
const {render} = await import('ink');
const {BitbucketClient} = await import('../source/core/bitbucket/client.js');
const {RequestLog} = await import('../source/core/bitbucket/request-log.js');
const {createExplorerBackend} = await import('../source/core/explorer-backend.js');
const {appPaths} = await import('../source/core/paths.js');
const {saveSnapshot} = await import('../source/core/sync/index.js');
const {generateScenario} = await import('../source/emulator/scenarios/generate.js');
const {scenarioSnapshot} = await import('./bench-graph.js');
const {ExplorerApp} = await import('../source/ui/app/explorer-app.js');
const {EXPLORER_RENDER_OPTIONS} = await import('../source/ui/app/run-explorer-app.js');
const {ThemeProvider, defaultTheme} = await import('../source/ui/theme.js');

const COLUMNS = 120;
const ROWS = 40;

/** A 120×40 TTY in memory that tells when the next frame is written. */
class BenchStdout extends EventEmitter {
	readonly columns = COLUMNS;
	readonly rows = ROWS;
	readonly isTTY = true;
	frames = 0;
	bytes = 0;
	last = '';
	lastAt = 0;
	#waiters: Array<(at: number) => void> = [];
	#matchers: Array<{test: (text: string) => boolean; resolve: (at: number) => void}> = [];

	write = (chunk: string | Uint8Array): boolean => {
		const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
		// Synchronized-output markers alone are not a frame.
		if (text.length > 16) {
			const at = performance.now();
			this.frames++;
			this.bytes += text.length;
			this.last = text;
			this.lastAt = at;
			const waiters = this.#waiters;
			this.#waiters = [];
			for (const waiter of waiters) waiter(at);
			this.#matchers = this.#matchers.filter(matcher => {
				if (!matcher.test(text)) return true;
				matcher.resolve(at);
				return false;
			});
		}
		return true;
	};

	/** The time of the first frame (from now on) whose written text passes `test`. */
	frameWhere(test: (text: string) => boolean, timeoutMs = 5000): Promise<number> {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms`)), timeoutMs);
			this.#matchers.push({
				test,
				resolve: at => {
					clearTimeout(timer);
					resolve(at);
				},
			});
		});
	}

	nextFrame(timeoutMs = 2000): Promise<number> {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no frame within ${timeoutMs} ms`)), timeoutMs);
			this.#waiters.push(at => {
				clearTimeout(timer);
				resolve(at);
			});
		});
	}
}

/** Raw-mode stdin that delivers written keys like a terminal would. */
class BenchStdin extends EventEmitter {
	readonly isTTY = true;
	#data: string | null = null;
	write(data: string): void {
		this.#data = data;
		this.emit('readable');
		this.emit('data', data);
	}
	read = (): string | null => {
		const data = this.#data;
		this.#data = null;
		return data;
	};
	setEncoding(): void {}
	setRawMode(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
}

function percentile(samples: number[], p: number): number {
	const sorted = [...samples].sort((a, b) => a - b);
	const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return Math.round(sorted[index]! * 100) / 100;
}

function stats(samples: number[]) {
	return {p50: percentile(samples, 50), p95: percentile(samples, 95), max: percentile(samples, 100), n: samples.length};
}

const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Ink's own time per frame (layout + output), to tell framework cost from app cost. */
const inkRenderMs: number[] = [];

const incremental = process.argv.includes('--incremental') ? true : process.argv.includes('--no-incremental') ? false : undefined;

function mount(tree: ReactNode) {
	const stdout = new BenchStdout();
	const stdin = new BenchStdin();
	const instance = render(tree, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		stderr: stdout as unknown as NodeJS.WriteStream,
		...EXPLORER_RENDER_OPTIONS,
		...(incremental === undefined ? {} : {incrementalRendering: incremental}),
		onRender: metrics => inkRenderMs.push(metrics.renderTime),
	});
	return {stdout, stdin, instance};
}

/** Keys that changed nothing on screen (Ink writes no frame for an identical one), by key. */
const noFrame: Record<string, number> = {};

type View = ReturnType<typeof mount>;

/** Send a key (or a burst) and return the milliseconds until the frame it caused (undefined when none came). */
async function press(view: View, key: string): Promise<number | undefined> {
	const frame = view.stdout.nextFrame(1000).catch(() => undefined);
	const start = performance.now();
	view.stdin.write(key);
	const at = await frame;
	// Leave the renderer idle a little between keys (key repeat is about 30/s).
	await pause(12);
	if (at === undefined) {
		noFrame[JSON.stringify(key)] = (noFrame[JSON.stringify(key)] ?? 0) + 1;
		return undefined;
	}
	return at - start;
}

/** Send keys and return the milliseconds until a frame that passes `test`. */
async function pressUntil(view: View, keys: string, test: (text: string) => boolean): Promise<number> {
	const frame = view.stdout.frameWhere(test);
	const start = performance.now();
	view.stdin.write(keys);
	const at = await frame;
	await pause(12);
	return at - start;
}

function record(samples: number[], value: number | undefined): void {
	if (value !== undefined) samples.push(value);
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** The cursor position from the tabs line ("12 of 3,000"), 1-based. */
function position(text: string): number | undefined {
	const match = /(\d[\d,]*) of \d[\d,]*/.exec(text.replace(/\u001B\[[0-9;]*m/g, ''));
	return match ? Number(match[1]!.replaceAll(',', '')) : undefined;
}

const indicator = (row: number) => (text: string) => position(text) === row;

/** 50 `j`: in one write, or one every `intervalMs`; keys applied, frames drawn, last key → final frame. */
async function burst(view: View, intervalMs: number) {
	await press(view, 'g');
	await pause(50);
	const startRow = position(view.stdout.last) ?? 1;
	const framesBefore = view.stdout.frames;
	const final = view.stdout.frameWhere(indicator(startRow + 50), 10_000).catch(() => undefined);
	let lastKeyAt = performance.now();
	if (intervalMs === 0) {
		view.stdin.write('j'.repeat(50));
	} else {
		const begin = performance.now();
		for (let i = 0; i < 50; i++) {
			const due = begin + i * intervalMs;
			const wait = due - performance.now();
			if (wait > 1) await pause(wait);
			lastKeyAt = performance.now();
			view.stdin.write('j');
		}
	}
	const finalAt = await final;
	// Anything drawn after the final state would be a key applied late (or twice).
	await pause(150);
	return {
		keysApplied: (position(view.stdout.last) ?? startRow) - startRow,
		framesDrawn: view.stdout.frames - framesBefore,
		lastKeyToFinalFrameMs: finalAt === undefined ? undefined : round2(Math.max(0, finalAt - lastKeyAt)),
	};
}

/** Ink's floor: a trivial 38-row frame of 4 coloured cells per row, one row moving per `j`, read with Ink's useInput. */
async function measureInkFloor() {
	const {Box, Text, useInput} = await import('ink');
	const {useState} = await import('react');
	const colors = ['cyan', 'green', 'magenta', 'gray'] as const;
	const height = ROWS - 2;
	const Frame = () => {
		const [tick, setTick] = useState(0);
		useInput(input => {
			const moves = [...input].filter(char => char === 'j').length;
			if (moves > 0) setTick(value => value + moves);
			if (input === 'g') setTick(0);
		});
		const selected = tick % height;
		return h(
			Box,
			{flexDirection: 'column'},
			h(Text, {wrap: 'truncate'}, `${tick + 1} of 100000`),
			...Array.from({length: height}, (_, row) =>
				h(
					Text,
					{key: row, wrap: 'truncate'},
					colors.map((color, cell) => h(Text, {key: cell, color, inverse: row === selected && cell === 0}, `row ${row} cell ${cell}${row === selected ? ' ‹' : ''} `.padEnd(29))),
				),
			),
		);
	};
	const view = mount(h(Frame));
	if (view.stdout.frames === 0) await view.stdout.nextFrame(5000);
	const move: number[] = [];
	for (let i = 0; i < 100; i++) record(move, await press(view, 'j'));
	const oneWrite = await burst(view, 0);
	const paced = await burst(view, 33);
	view.instance.unmount();
	return {move: stats(move), burst50: oneWrite, repeat50: paced};
}

/** Ratio of a figure to Ink's floor figure. */
const ratio = (value: number | undefined, floor: number | undefined) => (value === undefined || !floor ? undefined : round2(value / floor));

async function runScenario(size: 'large' | 'xl', floor: Awaited<ReturnType<typeof measureInkFloor>>) {
	const root = await mkdtemp(path.join(os.tmpdir(), 'bbaccess-bench-ui-'));
	const paths = appPaths({XDG_CONFIG_HOME: path.join(root, 'config'), XDG_CACHE_HOME: path.join(root, 'cache'), XDG_STATE_HOME: path.join(root, 'state')});
	const snapshot = scenarioSnapshot(generateScenario(size));
	const email = snapshot.account.email;
	const requestLog = new RequestLog();
	// Nothing listens there: every grant is loaded and auto-refresh is off, so no request is made.
	const client = new BitbucketClient({apiUrl: snapshot.apiUrl, email, token: 'bench-token', requestLog, maxAttempts: 1});
	const newBackend = () => createExplorerBackend({client, credentials: {email}, requestLog, paths, cache: true});
	try {
		await saveSnapshot(snapshot, paths);
		const workspace = snapshot.workspaces[0]!.slug;
		const listRows = snapshot.repositories.filter(repo => repo.workspace === workspace).length;

		// First frame from the cached snapshot (fresh backend each run).
		const firstFrames: number[] = [];
		for (let run = 0; run < 5; run++) {
			const start = performance.now();
			const backend = newBackend();
			if (!(await backend.loadCachedSnapshot())) throw new Error('the bench snapshot was not found in the cache');
			const view = mount(h(ThemeProvider, {theme: defaultTheme}, h(ExplorerApp, {backend, onQuit: () => undefined, autoRefresh: false})));
			if (view.stdout.frames === 0) await view.stdout.nextFrame(5000);
			firstFrames.push(performance.now() - start);
			view.instance.unmount();
			await backend.close();
		}

		const backend = newBackend();
		await backend.loadCachedSnapshot();
		const initialView = {view: 'workspace', workspace, section: 'repositories'} as const;
		const app = h(ExplorerApp, {backend, onQuit: () => undefined, autoRefresh: false, explorerProps: {initialView}});
		const view = mount(h(ThemeProvider, {theme: defaultTheme}, app));
		if (view.stdout.frames === 0) await view.stdout.nextFrame(5000);
		await pause(50);

		inkRenderMs.length = 0;
		const framesBefore = view.stdout.frames;
		const bytesBefore = view.stdout.bytes;
		const move: number[] = [];
		for (let i = 0; i < 100; i++) record(move, await press(view, 'j'));
		const framesPerMove = (view.stdout.frames - framesBefore) / Math.max(1, move.length);
		const bytesPerMove = (view.stdout.bytes - bytesBefore) / Math.max(1, view.stdout.frames - framesBefore);
		const inkPerMove = stats(inkRenderMs);

		const pageDown: number[] = [];
		for (let i = 0; i < 30; i++) record(pageDown, await press(view, '\u001B[6~'));
		const end: number[] = [];
		for (let i = 0; i < 20; i++) {
			record(end, await press(view, 'G'));
			await press(view, 'g');
		}

		const filter: number[] = [];
		await press(view, '/');
		for (let round = 0; round < 4; round++) {
			for (const char of 'servic') record(filter, await press(view, char));
			for (let i = 0; i < 6; i++) await press(view, '\u007F');
		}
		await press(view, '\u001B');
		await pause(30);

		const repoOpen: number[] = [];
		for (let i = 0; i < 20; i++) {
			record(repoOpen, await press(view, '\r'));
			await press(view, '\u001B');
			await press(view, 'j');
		}

		const oneWrite = await burst(view, 0);
		const paced = await burst(view, 33);
		// `:repo NAME⏎` in one write → the repository's view (its name in the header line).
		const names = snapshot.repositories.filter(repo => repo.workspace === workspace).map(repo => repo.slug);
		const jump: number[] = [];
		for (let i = 0; i < 10; i++) {
			const name = names[(i * 97) % names.length]!;
			jump.push(await pressUntil(view, `:repo ${workspace}/${name}\r`, text => text.includes(name) && /Access \d/.test(text)));
			await press(view, '\u001B');
			await pause(20);
		}
		view.instance.unmount();
		await backend.close();

		const figures = {move: stats(move), pageDown: stats(pageDown), end: stats(end), filter: stats(filter), repoOpen: stats(repoOpen), jump: stats(jump)};
		const floorP50 = floor.move.p50;
		const floorP95 = floor.move.p95;
		return {
			bench: 'ui',
			scenario: size,
			workspace,
			listRows,
			terminal: `${COLUMNS}x${ROWS}`,
			incrementalRendering: incremental ?? (EXPLORER_RENDER_OPTIONS as {incrementalRendering?: boolean}).incrementalRendering ?? false,
			...figures,
			burst50: {...oneWrite, floorLagMs: floor.burst50.lastKeyToFinalFrameMs, lagRatio: ratio(oneWrite.lastKeyToFinalFrameMs, floor.burst50.lastKeyToFinalFrameMs)},
			repeat50: {...paced, floorLagMs: floor.repeat50.lastKeyToFinalFrameMs, lagRatio: ratio(paced.lastKeyToFinalFrameMs, floor.repeat50.lastKeyToFinalFrameMs)},
			ratioToFloor: Object.fromEntries(Object.entries(figures).map(([name, figure]) => [name, {p50: ratio(figure.p50, floorP50), p95: ratio(figure.p95, floorP95)}])),
			firstFrameMs: stats(firstFrames),
			inkRenderPerMoveMs: inkPerMove,
			framesPerMove: round2(framesPerMove),
			bytesPerMoveFrame: Math.round(bytesPerMove),
			inkFloor: floor,
			keysWithoutFrame: noFrame,
			loadAverage: os.loadavg().map(value => value.toFixed(2)).join(' '),
			cpus: os.cpus().length,
			targets: {moveP95: 16, filterP95: 16, repoOpenP95: 20, burstLagMs: 16, firstFrameMs: 150},
			pass: {
				move: figures.move.p95 <= 16,
				filter: figures.filter.p95 <= 16,
				repoOpen: figures.repoOpen.p95 <= 20,
				burst: oneWrite.keysApplied === 50 && paced.keysApplied === 50 && (oneWrite.lastKeyToFinalFrameMs ?? Infinity) <= 16 && (paced.lastKeyToFinalFrameMs ?? Infinity) <= 16,
				firstFrame: percentile(firstFrames, 50) <= 150,
			},
			node: process.version,
		};
	} finally {
		await client.close();
		await rm(root, {recursive: true, force: true});
	}
}

async function main(): Promise<void> {
	const sizes = process.argv.slice(2).filter(arg => arg === 'large' || arg === 'xl');
	const floor = await measureInkFloor();
	for (const size of sizes.length > 0 ? sizes : (['large', 'xl'] as const)) {
		for (const key of Object.keys(noFrame)) delete noFrame[key];
		const result = await runScenario(size, floor);
		process.stdout.write(`${JSON.stringify(result)}\n`);
	}
}

await main();
