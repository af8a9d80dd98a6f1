/**
 * Render each key's state updates before the next key is dispatched, and draw one frame for all
 * the keys of a read.
 *
 * React 19's reconciler (used by Ink 7) batches every update and renders it later (a microtask
 * or a scheduler task), so keys dispatched one after another in the same read would all see the
 * state from before the read: `:` opens the prompt, but the `r` after it still sees no prompt.
 * React's answer is flushSync; Ink's renderer has it (`flushSyncFromReconciler`). Each flushed
 * render would also make Ink lay out (Yoga) and draw a frame, and 50 held-down keys would cost 50
 * of each; so while the keys of one read are applied, Ink's layout and frame callbacks only note
 * that a frame is due, and one layout and one frame (through Ink's own throttle) follow the last key.
 *
 * Ink's package exports only its public API, so its reconciler and its instance registry are
 * loaded from the files next to its entry point, by URL: the same module instances Ink renders
 * with. ink is pinned to an exact version; test/ui-input-bursts.test.tsx fails if keys stop
 * seeing each other's state, and `npm run bench:ui` shows the frames drawn per burst. When the
 * files are not found, keys are still dispatched in order (without the guarantees).
 */
type FlushSync = (fn: () => void) => void;

interface InkRootNode {
	onRender?: () => void;
	onComputeLayout?: () => void;
}

async function loadInkModule<T>(file: string): Promise<T | undefined> {
	try {
		const url = new URL(file, import.meta.resolve('ink'));
		return ((await import(url.href)) as {default?: T}).default;
	} catch {
		return undefined;
	}
}

const reconciler = await loadInkModule<{flushSyncFromReconciler?: FlushSync}>('reconciler.js');
const instances = await loadInkModule<WeakMap<object, {rootNode?: InkRootNode}>>('instances.js');
const flushSync = typeof reconciler?.flushSyncFromReconciler === 'function' ? reconciler.flushSyncFromReconciler.bind(reconciler) : undefined;

/** True when key updates are rendered synchronously (Ink's reconciler was found). */
export const keyUpdatesAreSynchronous = flushSync !== undefined;

/** Run `fn` (a key handler) and render the state updates it made before returning. */
export function runAndRender(fn: () => void): void {
	if (flushSync) flushSync(fn);
	else fn();
}

/**
 * Run key handlers one after another, each rendered before the next (runAndRender), with one
 * frame drawn at the end for the Ink app writing to `stdout`.
 */
export function runEachThenDraw(stdout: object, handlers: readonly (() => void)[]): void {
	const root = handlers.length > 1 ? instances?.get(stdout)?.rootNode : undefined;
	const draw = root?.onRender;
	const layout = root?.onComputeLayout;
	if (!root || typeof draw !== 'function' || typeof layout !== 'function') {
		for (const handler of handlers) runAndRender(handler);
		return;
	}
	// Layout (Yoga) and the frame are computed once, for the state after the last key.
	let due = false;
	root.onRender = () => {
		due = true;
	};
	root.onComputeLayout = () => {
		due = true;
	};
	try {
		for (const handler of handlers) runAndRender(handler);
	} finally {
		root.onRender = draw;
		root.onComputeLayout = layout;
		if (due) {
			layout();
			draw();
		}
	}
}
