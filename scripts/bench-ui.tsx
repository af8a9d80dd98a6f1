/**
 * `npm run bench:ui`: how fast the explorer answers keys on the `large` scenario (one workspace
 * with 3,000 repositories and 2,000 members), measured on the real app (ExplorerApp + Explorer,
 * Ink with the explorer's render options) writing to an in-memory 120×40 terminal:
 *   - move: keystroke (j/k) → next frame, in the 3,000-row repositories list;
 *   - filter: keystroke in the `/` filter → next frame (each key re-filters 3,000 rows);
 *   - repoOpen: Enter on a repository whose grants are loaded → the access view's frame;
 *   - firstFrame: cached snapshot on disk → first frame of the explorer (snapshot read + graph
 *     build + first render, in-process: module loading is not included).
 * Prints one JSON line. Targets: p95 ≤ 16 ms (move, filter), repo open ≤ 20 ms, first frame ≤ 500 ms.
 * Data comes from the in-process emulator over loopback HTTP (a real sync, then every
 * repository's grants), so the graph is the one an admin would have.
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
const {AccessGraph} = await import('../source/core/graph/index.js');
const {appPaths} = await import('../source/core/paths.js');
const {loadRepositoryGrants, saveSnapshot, syncAccess} = await import('../source/core/sync/index.js');
const {DEMO_ADMIN, startEmulator} = await import('../source/emulator/index.js');
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
	last = '';
	#waiters: Array<(at: number) => void> = [];

	write = (chunk: string | Uint8Array): boolean => {
		const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
		// Synchronized-output markers alone are not a frame.
		if (text.length > 16) {
			const at = performance.now();
			this.frames++;
			this.last = text;
			const waiters = this.#waiters;
			this.#waiters = [];
			for (const waiter of waiters) waiter(at);
		}
		return true;
	};

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

function mount(tree: ReactNode) {
	const stdout = new BenchStdout();
	const stdin = new BenchStdin();
	const instance = render(tree, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		stderr: stdout as unknown as NodeJS.WriteStream,
		...EXPLORER_RENDER_OPTIONS,
		onRender: metrics => inkRenderMs.push(metrics.renderTime),
	});
	return {stdout, stdin, instance};
}

/** Keys that changed nothing on screen (Ink writes no frame for an identical one), by key. */
const noFrame: Record<string, number> = {};

/** Send a key and return the milliseconds until the frame it caused (undefined when none came). */
async function press(view: ReturnType<typeof mount>, key: string): Promise<number | undefined> {
	const frame = view.stdout.nextFrame(1000).catch(() => undefined);
	const start = performance.now();
	view.stdin.write(key);
	const at = await frame;
	// Key repeat of a held key is about 30/s; leave the renderer idle a little between keys.
	await pause(12);
	if (at === undefined) {
		noFrame[JSON.stringify(key)] = (noFrame[JSON.stringify(key)] ?? 0) + 1;
		return undefined;
	}
	return at - start;
}

function record(samples: number[], value: number | undefined): void {
	if (value !== undefined) samples.push(value);
}

/**
 * Ink's cost for a frame like the explorer's without any app logic: 38 rows of 4 coloured cells
 * at 120 columns, one row changing per frame. What the explorer cannot go below with Ink.
 */
async function measureInkFloor() {
	const {Box, Text} = await import('ink');
	const colors = ['cyan', 'green', 'magenta', 'gray'] as const;
	const Frame = (props: {tick: number}) =>
		h(
			Box,
			{flexDirection: 'column'},
			Array.from({length: ROWS - 2}, (_, row) =>
				h(
					Text,
					{key: row, wrap: 'truncate'},
					colors.map((color, cell) => h(Text, {key: cell, color, inverse: row === props.tick % (ROWS - 2) && cell === 0}, `row ${row} cell ${cell}${row === props.tick % (ROWS - 2) ? ' ‹' : ''} `.padEnd(29))),
				),
			),
		);
	const before = inkRenderMs.length;
	const view = mount(h(Frame, {tick: 0}));
	for (let tick = 1; tick <= 100; tick++) {
		const frame = view.stdout.nextFrame();
		view.instance.rerender(h(Frame, {tick}));
		await frame;
		await pause(12);
	}
	view.instance.unmount();
	return stats(inkRenderMs.slice(before + 1));
}

async function main(): Promise<void> {
	const emulator = await startEmulator({scenario: 'large'});
	const root = await mkdtemp(path.join(os.tmpdir(), 'bbaccess-bench-ui-'));
	const paths = appPaths({XDG_CONFIG_HOME: path.join(root, 'config'), XDG_CACHE_HOME: path.join(root, 'cache'), XDG_STATE_HOME: path.join(root, 'state')});
	const requestLog = new RequestLog();
	const client = new BitbucketClient({apiUrl: emulator.url, email: DEMO_ADMIN.email, token: DEMO_ADMIN.token, requestLog, concurrency: 16});
	try {
		const syncStart = performance.now();
		const {snapshot} = await syncAccess(client, {});
		const graph = AccessGraph.fromSnapshot(snapshot);
		const workspace = [...graph.workspaces()].sort((a, b) => graph.repositories(b.slug).length - graph.repositories(a.slug).length)[0]!.slug;
		const repositories = graph.repositories(workspace);
		await loadRepositoryGrants(client, graph, repositories.map(repo => repo.fullName), {concurrency: 16});
		await saveSnapshot(graph.toSnapshot(), paths);
		const prepareMs = Math.round(performance.now() - syncStart);

		// First frame from the cached snapshot (fresh backend each run).
		const firstFrames: number[] = [];
		for (let run = 0; run < 5; run++) {
			const start = performance.now();
			const backend = createExplorerBackend({client, credentials: {email: DEMO_ADMIN.email}, requestLog, paths, cache: true});
			await backend.loadCachedSnapshot();
			const view = mount(h(ThemeProvider, {theme: defaultTheme}, h(ExplorerApp, {backend, onQuit: () => undefined, autoRefresh: false})));
			if (view.stdout.frames === 0) await view.stdout.nextFrame(5000);
			firstFrames.push(performance.now() - start);
			view.instance.unmount();
			await backend.close();
		}

		const backend = createExplorerBackend({client, credentials: {email: DEMO_ADMIN.email}, requestLog, paths, cache: true});
		await backend.loadCachedSnapshot();
		const initialView = {view: 'workspace', workspace, section: 'repositories'} as const;
		const app = h(ExplorerApp, {backend, onQuit: () => undefined, autoRefresh: false, explorerProps: {initialView}});
		const view = mount(h(ThemeProvider, {theme: defaultTheme}, app));
		if (view.stdout.frames === 0) await view.stdout.nextFrame(5000);
		await pause(50);

		inkRenderMs.length = 0;
		const framesBefore = view.stdout.frames;
		const move: number[] = [];
		for (let i = 0; i < 150; i++) record(move, await press(view, 'j'));
		for (let i = 0; i < 50; i++) record(move, await press(view, 'k'));

		const framesPerMove = (view.stdout.frames - framesBefore) / move.length;
		const inkPerMove = stats(inkRenderMs);
		const filter: number[] = [];
		await press(view, '/');
		for (let round = 0; round < 4; round++) {
			for (const char of 'service') record(filter, await press(view, char));
			for (let i = 0; i < 'service'.length; i++) record(filter, await press(view, '\u007F'));
		}
		await press(view, '\u001B');
		await pause(30);

		const repoOpen: number[] = [];
		for (let i = 0; i < 30; i++) {
			record(repoOpen, await press(view, '\r'));
			await press(view, '\u001B');
			await press(view, 'j');
		}
		view.instance.unmount();
		await backend.close();
		const inkFloor = await measureInkFloor();

		const result = {
			bench: 'ui',
			scenario: 'large',
			workspace,
			listRows: repositories.length,
			terminal: `${COLUMNS}x${ROWS}`,
			move: stats(move),
			filter: stats(filter),
			repoOpen: stats(repoOpen),
			firstFrameMs: stats(firstFrames),
			inkRenderPerMoveMs: inkPerMove,
			framesPerMove: Math.round(framesPerMove * 100) / 100,
			inkFloorMs: inkFloor,
			keysWithoutFrame: noFrame,
			loadAverage: os.loadavg()[0]!.toFixed(2),
			cpus: os.cpus().length,
			prepareMs,
			targets: {moveP95: 16, filterP95: 16, repoOpenP95: 20, firstFrameMs: 500},
			pass: {
				move: percentile(move, 95) <= 16,
				filter: percentile(filter, 95) <= 16,
				repoOpen: percentile(repoOpen, 95) <= 20,
				firstFrame: percentile(firstFrames, 50) <= 500,
			},
			node: process.version,
		};
		process.stdout.write(`${JSON.stringify(result)}\n`);
	} finally {
		await client.close();
		await emulator.stop();
		await rm(root, {recursive: true, force: true});
	}
}

await main();
