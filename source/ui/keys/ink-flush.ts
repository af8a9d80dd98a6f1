/**
 * Render a key's state updates before the next key is dispatched.
 *
 * React 19's reconciler (used by Ink 7) batches every update and renders it later (a microtask
 * or a scheduler task), so keys dispatched one after another in the same read would all see the
 * state from before the read: `:` opens the prompt, but the `r` after it still sees no prompt.
 * React's answer is flushSync; Ink's renderer has it (`flushSyncFromReconciler`) but its package
 * exports only the public API, so it is loaded from the file next to Ink's entry point by URL:
 * the same module instance Ink renders with. ink is pinned to an exact version, and
 * test/ui-input-bursts.test.tsx fails if keys stop seeing each other's state.
 */
type FlushSync = (fn: () => void) => void;

async function loadInkFlushSync(): Promise<FlushSync | undefined> {
	try {
		const url = new URL('reconciler.js', import.meta.resolve('ink'));
		const module = (await import(url.href)) as {default?: {flushSyncFromReconciler?: FlushSync}};
		const flush = module.default?.flushSyncFromReconciler;
		return typeof flush === 'function' ? flush.bind(module.default) : undefined;
	} catch {
		return undefined;
	}
}

const inkFlushSync = await loadInkFlushSync();

/** True when key updates are rendered synchronously (Ink's reconciler was found). */
export const keyUpdatesAreSynchronous = inkFlushSync !== undefined;

/** Run `fn` (a key handler) and render the state updates it made before returning. */
export function runAndRender(fn: () => void): void {
	if (inkFlushSync) inkFlushSync(fn);
	else fn();
}
